package command

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"portwave/mage/config"
	"portwave/mage/magefile"
	"portwave/mage/plan"
)

func targetOptions() magefile.Options {
	return magefile.Options{BatchEnv: BatchTargetEnv, WaveEnv: WaveTargetEnv}
}

// portMagefileDir is the folder of the port's magefile, where its
// magefile_plan.go belongs: the workspace's folder (the folder of
// portwave.yaml) or its magefiles/ (Mage's folder for magefiles kept
// apart, where init puts them when the root is a Go module of its own),
// else the current folder or its magefiles/. A folder of portwave's own
// clone is never one: a port's targets are never written there. "" when
// there is none.
func portMagefileDir(workspace string) string {
	cwd, _ := os.Getwd()
	for _, dir := range []string{workspace, filepath.Join(workspace, "magefiles"), cwd, filepath.Join(cwd, "magefiles")} {
		if magefile.HasMagefile(dir) && config.Clone(dir) == "" {
			return dir
		}
	}
	return ""
}

// exampleMagefileDir is where the bundled example's targets are: the
// root of portwave's clone, when the current folder is in it.
func exampleMagefileDir() string {
	cwd, _ := os.Getwd()
	return config.Clone(cwd)
}

// PlanTargets writes magefile_plan.go, the plan's batch and wave targets,
// beside the magefile.
func (s *Session) PlanTargets(ctx context.Context) error {
	if err := s.needMagefile(); err != nil {
		return err
	}
	p, err := plan.LoadBatches(s.Config.Batches)
	if err != nil {
		return err
	}
	if err := s.implyDeps(ctx, p); err != nil {
		return err
	}
	return s.writeTargets(p)
}

// needMagefile fails when the workspace has no magefile for the plan's
// targets to be compiled with, saying how to get one.
func (s *Session) needMagefile() error {
	if s.MagefileDir != "" {
		return nil
	}
	return fmt.Errorf("no magefile.go in %s (or its magefiles/): the plan's targets are written beside the magefile that imports portwave's targets; `go run mage.go -w %s init` in portwave's clone writes it", s.Config.Dir, s.Config.Dir)
}

func (s *Session) writeTargets(p *plan.Plan) error {
	changed, err := magefile.Write(s.MagefileDir, p, targetOptions())
	if err != nil {
		return err
	}
	path := filepath.Join(s.MagefileDir, magefile.FileName)
	implied := 0
	for _, b := range p.Batches {
		implied += len(b.Implied)
	}
	if changed {
		fmt.Fprintf(s.Out, "wrote %s: %d batch targets, %d wave targets", path, len(p.Batches), len(p.Waves()))
		if implied > 0 {
			fmt.Fprintf(s.Out, " (with %d dependencies implied by calls)", implied)
		}
		fmt.Fprintln(s.Out)
	} else {
		fmt.Fprintf(s.Out, "%s is up to date\n", path)
	}
	return nil
}

// checkTargets fails when the magefile beside which the targets run has a
// stale magefile_plan.go; without a magefile there is nothing to check.
func (s *Session) checkTargets(p *plan.Plan) error {
	if s.MagefileDir == "" {
		return nil
	}
	return magefile.Check(s.MagefileDir, p, targetOptions())
}

// errOtherPlan means a generated target ran against a plan of another shape.
var errOtherPlan = errors.New("magefile_plan.go was generated from another plan")

// checkGraph refuses a generated target whose plan has changed shape since
// magefile_plan.go was written: its dependencies would be wrong. It runs
// before the workspace is opened, so nothing has started.
func (s *Session) checkGraph(ctx context.Context, graph string) (*plan.Plan, error) {
	p, got, err := s.PlanGraph(ctx)
	if err != nil {
		return nil, err
	}
	if got != graph {
		if s.MagefileDir != "" && s.checkTargets(p) == nil {
			// The workspace's own targets are this plan's: this Mage was
			// built from another magefile, portwave's clone's run with -w.
			return nil, fmt.Errorf("%w: these targets were built from another folder's magefile (portwave's clone, run with -w?), while %s holds this plan's; run the target there: `go run mage.go TARGET` in %s", errOtherPlan, filepath.Join(s.MagefileDir, magefile.FileName), s.MagefileDir)
		}
		return nil, fmt.Errorf("%w than the one in %s (its batches, waves or dependencies, declared or implied by calls, differ): run `mage plan:targets`", errOtherPlan, s.Config.Batches)
	}
	return p, nil
}

// PlanGraph is the plan of the batch files with the dependencies its calls
// imply, and its shape as the generated targets carry it (planGraph).
func (s *Session) PlanGraph(ctx context.Context) (*plan.Plan, string, error) {
	p, err := plan.LoadBatches(s.Config.Batches)
	if err != nil {
		return nil, "", err
	}
	if err := s.implyDeps(ctx, p); err != nil {
		return nil, "", err
	}
	return p, p.GraphHash(), nil
}

// oneRun serializes the generated targets of one Mage process. Mage runs
// a target's dependencies concurrently (Batch13 starts Batch11 and Batch12
// at once), but a workspace has one orchestrator at a time, so they take
// their turns; inside each, the scheduler runs the batches at
// PORTWAVE_JOBS. `mage all` runs independent batches concurrently.
var oneRun sync.Mutex

// PlanBatch is a generated batch target: batch id, unless it is merged
// already. Its dependencies' targets have run first (mg.CtxDeps).
func PlanBatch(ctx context.Context, id int, graph string) error {
	oneRun.Lock()
	defer oneRun.Unlock()
	s, err := NewSession(ctx)
	if err != nil {
		return err
	}
	return s.planBatch(ctx, id, graph)
}

func (s *Session) planBatch(ctx context.Context, id int, graph string) error {
	p, err := s.checkGraph(ctx, graph)
	if err != nil {
		return err
	}
	if _, err := s.findBatch(p, id); err != nil {
		return err
	}
	return s.runBatches(ctx, fmt.Sprintf("batch%d", id), func(map[int][]int) ([]int, error) { return []int{id}, nil })
}

// PlanWave is a generated wave target: the batches of wave n not merged
// yet. The wave before it has run first (mg.CtxDeps).
func PlanWave(ctx context.Context, n int, graph string) error {
	oneRun.Lock()
	defer oneRun.Unlock()
	s, err := NewSession(ctx)
	if err != nil {
		return err
	}
	if _, err := s.checkGraph(ctx, graph); err != nil {
		return err
	}
	return s.Wave(ctx, n)
}
