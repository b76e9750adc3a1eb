package target

import (
	"fmt"
	"path/filepath"

	"portwave/mage/config"
)

// ShowConfig prints where the settings come from and every setting's
// variable and default.
func (s *Session) ShowConfig() error {
	fmt.Fprintf(s.Out, "config: %s\nworkspace: %s\nporting.db: %s\n\n", s.Config.Source, s.Config.Workspace, s.Config.DB)
	slot := filepath.Join(s.Config.Worktrees, "slot-N")
	fmt.Fprintf(s.Out, "agent %s in a worktree slot (%s) runs under these rules:\n%s\n", s.agentName(), slot, s.permissions(slot))
	return config.WriteReference(s.Out)
}

func (s *Session) agentName() string {
	if s.Config.Agent == "" {
		return "claude"
	}
	return s.Config.Agent
}
