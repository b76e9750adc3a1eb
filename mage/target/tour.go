package target

import (
	"context"
	"fmt"
	"io"
	"os/exec"

	"portwave/mage/config"
	"portwave/mage/gate"
	"portwave/mage/plan"
)

// findBatch is p.Find with the batches folder the plan was read from, so
// the error says which plan lacks the batch.
func (s *Session) findBatch(p *plan.Plan, id int) (*plan.Batch, error) {
	b, err := p.Find(id)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.Config.Batches, err)
	}
	return b, nil
}

// checkBatch fails, listing the plan's batches, when id is not one of them.
func (s *Session) checkBatch(ctx context.Context, id int) error {
	st, err := s.readPlan(ctx)
	if err != nil {
		return err
	}
	_, err = s.findBatch(st.Plan, id)
	return err
}

// exampleEnv is the environment of a session on the bundled example: on a
// machine without dotnet, the gate uses portwave's own C# check unless the
// build is set, as the demo does, and says so once.
func exampleEnv(getenv config.Getenv, log io.Writer) config.Getenv {
	if _, err := exec.LookPath("dotnet"); err == nil || getenv("PORTWAVE_BUILD") != "" {
		return getenv
	}
	fmt.Fprintln(log, "no dotnet here: on the bundled example the gate uses portwave's own C# check (PORTWAVE_BUILD="+gate.BuiltinCheck+"); no build or tests run")
	return func(k string) string {
		switch k {
		case "PORTWAVE_BUILD":
			return gate.BuiltinCheck
		case "PORTWAVE_TEST":
			if v := getenv(k); v != "" {
				return v
			}
			return " "
		}
		return getenv(k)
	}
}
