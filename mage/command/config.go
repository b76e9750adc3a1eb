package command

import (
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"portwave/mage/audit"
	"portwave/mage/config"
	"portwave/mage/msbuild"
	"portwave/mage/run"
	"portwave/mage/sandbox"
)

// ShowConfig prints where the settings come from and every setting's
// variable and default.
func (s *Session) ShowConfig() error {
	fmt.Fprintf(s.Out, "config: %s\nworkspace: %s\nporting.db: %s\n\n", s.Config.Source, s.Config.Workspace, s.Config.DB)
	slot := filepath.Join(s.Config.Worktrees, "slot-N")
	fmt.Fprintf(s.Out, "protection: %s\n", s.protection())
	fmt.Fprintf(s.Out, "agent %s in a worktree slot (%s) runs under these rules:\n%s\n", s.agentName(), slot, s.permissions(slot))
	if err := s.showSymbols(); err != nil {
		return err
	}
	line, err := s.mergeDriverLine()
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "%s\n\n", line)
	if err := config.WriteReference(s.Out); err != nil {
		return err
	}
	return writeTargetEnv(s.Out)
}

// writeTargetEnv prints the variables each target reads, the same lists
// as the [env: …] paragraph of its `mage -h TARGET`.
func writeTargetEnv(w io.Writer) error {
	fmt.Fprintln(w, "\nwhat each target reads (also under `mage -h TARGET`):")
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	names := slices.Sorted(maps.Keys(TargetEnv))
	lists := map[string][]string{"batchN (each batch of the plan)": BatchTargetEnv, "waveN (each wave of the plan)": WaveTargetEnv}
	for _, n := range names {
		lists[n] = TargetEnv[n]
	}
	for _, n := range append(names, "batchN (each batch of the plan)", "waveN (each wave of the plan)") {
		env := strings.Join(lists[n], ", ")
		if env == "" {
			env = "-"
		}
		fmt.Fprintf(tw, "  %s\t%s\n", n, env)
	}
	return tw.Flush()
}

// showSymbols prints the #if symbols the C# scanner uses for the audit
// root, and where they come from; a project file it cannot read is
// printed as such.
func (s *Session) showSymbols() error {
	fmt.Fprintf(s.Out, "C# #if symbols for %s:\n", s.Config.AuditRoot)
	var projects []string
	var err error
	if len(s.Config.CSharpSymbols) == 0 {
		projects, err = msbuild.Find(s.Config.AuditRoot)
	}
	var sym *audit.Symbols
	if err == nil {
		sym, err = audit.LoadSymbols(projects, s.Config.CSharpConfiguration, s.Config.CSharpSymbols)
	}
	if err != nil {
		fmt.Fprintf(s.Out, "  %v\n\n", err)
		return nil
	}
	sym.Describe(s.Out, s.Config.Workspace)
	fmt.Fprintln(s.Out)
	return nil
}

// mergeDriverLine says how a file both sides changed merges when main is
// merged into a batch's branch: the merge_driver setting and what it puts
// in force on this machine.
func (s *Session) mergeDriverLine() (string, error) {
	_, what, err := run.MergeDriver(s.Config)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("merging main into a batch's branch (merge_driver: %s): %s", s.Config.MergeDriver, what), nil
}

// sandbox is the configured sandbox (an unknown setting cannot load).
func (s *Session) sandbox() sandbox.Box {
	b, _ := sandbox.New(s.Config.Sandbox)
	return b
}

// warnUnconfined says, on every run without a sandbox, that nothing
// confines the agent and the gate's commands.
func (s *Session) warnUnconfined() {
	if warn := s.sandbox().Warning(); warn != "" {
		s.logf("%s", warn)
	}
}

// protection says what confines the agent and the gate's commands.
func (s *Session) protection() string { return s.sandbox().Describe() }

func (s *Session) agentName() string {
	if s.Config.Agent == "" {
		return "claude"
	}
	return s.Config.Agent
}
