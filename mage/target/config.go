package target

import (
	"fmt"

	"portwave/mage/config"
)

// ShowConfig prints where the settings come from and every setting's
// variable and default.
func (s *Session) ShowConfig() error {
	fmt.Fprintf(s.Out, "config: %s\nworkspace: %s\nporting.db: %s\n\n", s.Config.Source, s.Config.Workspace, s.Config.DB)
	return config.WriteReference(s.Out)
}
