package command

import (
	"fmt"

	"portwave/internal/claudedemo"
	"portwave/mage/config"
)

// DemoAgentEnv chooses the demo's agent: "replay" (the default) applies the
// recorded transcripts itself; "claude" runs the real Claude Code CLI against
// a scripted model on 127.0.0.1 that answers as the transcripts do.
const DemoAgentEnv = config.DemoAgentEnv

// agentOverride is what the demo changes about every agent run when it
// drives the real CLI: the binary found, which need not be on PATH, and the
// environment that points it at the scripted model.
type agentOverride struct {
	claudeBin string
	env       []string
}

// demoAgent switches the session to the real Claude Code CLI when
// PORTWAVE_DEMO_AGENT=claude and the CLI is installed. stop shuts the
// scripted model down; it is a no-op when the replay agent stays.
func (s *Session) demoAgent() (stop func(), err error) {
	switch v := s.Getenv(DemoAgentEnv); v {
	case "", "replay":
		return func() {}, nil
	case "claude":
	default:
		return nil, fmt.Errorf("%s=%q: want claude or replay", DemoAgentEnv, v)
	}
	bin, err := claudedemo.FindCLI()
	if err != nil {
		s.logf("%s=claude, but no Claude Code CLI here, so the replay agent runs (%v); install it with: %s", DemoAgentEnv, err, claudedemo.InstallHint)
		return func() {}, nil
	}
	env, stop, err := claudedemo.Start(s.Config.Transcripts)
	if err != nil {
		return nil, err
	}
	s.Config.Agent, s.override = "claude", agentOverride{claudeBin: bin, env: env}
	s.logf("the real Claude Code CLI (%s) runs every batch against a scripted local model that answers as the recorded transcripts do: no API key, nothing leaves 127.0.0.1", bin)
	return stop, nil
}
