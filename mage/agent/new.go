package agent

import "fmt"

// DefaultName is the agent New returns for an empty name.
const DefaultName = "claude"

// Options holds every adapter's options; New uses the one it needs.
type Options struct {
	Claude  ClaudeOptions
	Codex   CodexOptions
	Command CommandOptions
	Replay  ReplayOptions
}

// Names lists the adapters New knows, the default first.
func Names() []string { return []string{"claude", "codex", "command", "replay"} }

// New returns the adapter called name ("" means DefaultName).
func New(name string, opts Options) (Agent, error) {
	switch name {
	case "", "claude":
		return NewClaude(opts.Claude), nil
	case "codex":
		return NewCodex(opts.Codex), nil
	case "command":
		return NewCommand(opts.Command)
	case "replay":
		return NewReplay(opts.Replay), nil
	}
	return nil, fmt.Errorf("unknown agent %q (want one of %v)", name, Names())
}
