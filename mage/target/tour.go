package target

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"

	"portwave/mage/agent"
	"portwave/mage/config"
	"portwave/mage/plan"
	"portwave/mage/run"
)

// notInPlan is the error for a batch number the plan does not have: it
// lists the numbers it does have, so the next command is right.
func notInPlan(id int, p *plan.Plan, batchesDir string) error {
	ids := make([]string, 0, len(p.Batches))
	for _, b := range p.Batches {
		ids = append(ids, strconv.Itoa(b.ID))
	}
	if len(ids) == 0 {
		return fmt.Errorf("batch %d is not in the plan (%s): the plan has no batches yet (go run mage.go plan:import)", id, batchesDir)
	}
	return fmt.Errorf("batch %d is not in the plan (%s); its batches are %s", id, batchesDir, strings.Join(ids, ", "))
}

// checkBatch fails, listing the plan's batches, when id is not one of them.
func (s *Session) checkBatch(ctx context.Context, id int) error {
	st, err := s.readPlan(ctx)
	if err != nil {
		return err
	}
	if _, ok := st.Plan.Batch(id); !ok {
		return notInPlan(id, st.Plan, s.Config.Batches)
	}
	return nil
}

// agentHint adds, to a preflight that found no agent binary, the one line
// that says how to run without it.
func agentHint(err error) error {
	if !errors.Is(err, agent.ErrNotInstalled) {
		return err
	}
	return fmt.Errorf("%w; to run without it: PORTWAVE_AGENT=replay (the bundled example's recorded transcripts) or PORTWAVE_AGENT=command with PORTWAVE_AGENT_COMMAND (any command that edits the worktree)", err)
}

// exampleEnv is the environment of a session on the bundled example: on a
// machine without dotnet, the gate uses portwave's own C# check unless the
// build is set, as the demo does, and says so once.
func exampleEnv(getenv config.Getenv, log io.Writer) config.Getenv {
	if _, err := exec.LookPath("dotnet"); err == nil || getenv("PORTWAVE_BUILD") != "" {
		return getenv
	}
	fmt.Fprintln(log, "no dotnet here: on the bundled example the gate uses portwave's own C# check (PORTWAVE_BUILD="+run.BuiltinCheck+"); no build or tests run")
	return func(k string) string {
		switch k {
		case "PORTWAVE_BUILD":
			return run.BuiltinCheck
		case "PORTWAVE_TEST":
			if v := getenv(k); v != "" {
				return v
			}
			return " "
		}
		return getenv(k)
	}
}
