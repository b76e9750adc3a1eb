package command

import (
	"context"
	"fmt"

	"portwave/mage/preflight"
)

// Preflight runs every check a run makes before its first agent starts,
// and lists every problem with its fix. It writes nothing.
func (s *Session) Preflight(ctx context.Context) error {
	a, err := s.agent()
	if err != nil {
		return err
	}
	if err := preflight.Run(ctx, preflight.Options{Config: s.Config, Agent: a}); err != nil {
		return err
	}
	line, err := s.mergeDriverLine()
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "preflight: %s is ready to run\n%s\nprotection: %s\n", s.Config.Workspace, line, s.protection())
	if warn := s.sandbox().Warning(); warn != "" {
		fmt.Fprintln(s.Out, warn)
	}
	return nil
}
