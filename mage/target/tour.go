package target

import (
	"context"
	"fmt"
	"io"
	"os/exec"
	"strconv"
	"strings"

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
