package modelserver

import (
	"errors"
	"fmt"
	"os"
	"os/exec"

	"portwave/mage/config"
)

// ClaudeBinEnv names an environment variable holding the path of the claude
// binary, which FindClaude tries first.
const ClaudeBinEnv = config.ClaudeBinEnv

// ClaudeInstallDir is where the project's CI installs the CLI, with
// InstallHint.
const ClaudeInstallDir = "/opt/portwave-claude"

// InstallHint is the command that installs the CLI where FindClaude looks.
// The pinned version asks for Node 22 and npm warns on Node 20, but the
// package ships a native binary, so the warning is harmless.
const InstallHint = "mkdir -p " + ClaudeInstallDir + " && cd " + ClaudeInstallDir +
	" && npm install @anthropic-ai/claude-code@2.1.332"

// ErrNoClaude is returned by FindClaude when the CLI is nowhere to be found.
var ErrNoClaude = errors.New("claude CLI not found")

// FindClaude returns the path of the Claude Code CLI: $PORTWAVE_CLAUDE_BIN,
// else claude on PATH, else the copy installed under ClaudeInstallDir.
func FindClaude() (string, error) {
	if bin := os.Getenv(ClaudeBinEnv); bin != "" {
		path, err := exec.LookPath(bin)
		if err != nil {
			return "", fmt.Errorf("%s=%s: %w", ClaudeBinEnv, bin, err)
		}
		return path, nil
	}
	if path, err := exec.LookPath("claude"); err == nil {
		return path, nil
	}
	if path, err := exec.LookPath(ClaudeInstallDir + "/node_modules/.bin/claude"); err == nil {
		return path, nil
	}
	return "", fmt.Errorf("%w: not in $%s, on PATH or in %s", ErrNoClaude, ClaudeBinEnv, ClaudeInstallDir)
}

// Env is the environment that points the CLI at the server and keeps it
// quiet: a dummy key (without one the CLI says it is not logged in and sends
// nothing; the server ignores it), no telemetry, error reports or other traffic (so the only
// requests are model turns), no retries (so a failing turn fails at once
// instead of backing off for minutes), and its own home and temporary
// directories so it leaves nothing in the user's.
//
// It is the whole environment, not additions to os.Environ: PATH is taken
// from the current process so the CLI can run git and shells.
func (s *Server) Env(home, tmp string) []string {
	return []string{
		"ANTHROPIC_BASE_URL=" + s.URL(),
		"ANTHROPIC_API_KEY=test-key",
		"DISABLE_TELEMETRY=1",
		"DISABLE_ERROR_REPORTING=1",
		"CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1",
		"CLAUDE_CODE_MAX_RETRIES=0",
		"HOME=" + home,
		"TMPDIR=" + tmp,
		"PATH=" + os.Getenv("PATH"),
	}
}
