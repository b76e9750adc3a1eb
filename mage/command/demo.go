package command

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"portwave/mage/config"
	"portwave/mage/gate"
	"portwave/mage/port"
)

// DemoDirEnv names a folder where the demo keeps its workspace between
// runs; without it every run gets a fresh one under the user's cache folder.
const DemoDirEnv = config.DemoDirEnv

// Demo runs the whole pipeline on the bundled example: a fresh workspace
// (git repository, porting.db by inventory and audit, batch files from its
// plan), every wave at concurrency 2 with the replay agent playing the
// recorded transcripts, then the report in the workspace's reports/. Each
// run has a fresh workspace under the user's cache folder (see
// openDemoFolder); with $PORTWAVE_DEMO_DIR it stays, and a second run
// finds everything done.
func Demo(ctx context.Context, getenv config.Getenv, out, log io.Writer) error {
	start := time.Now()
	folder, err := openDemoFolder(getenv, log)
	if err != nil {
		return err
	}
	defer folder.release()
	root := folder.root
	ws := filepath.Join(root, "workspace")
	env := map[string]string{
		config.ConfigEnv:     filepath.Join(ws, "portwave.yaml"),
		"PORTWAVE_AGENT":     "replay",
		"PORTWAVE_JOBS":      "2",
		"PORTWAVE_WORKTREES": filepath.Join(root, "worktrees"),
		"PORTWAVE_REPORTS":   filepath.Join(ws, "reports"),
	}
	if _, err := exec.LookPath("dotnet"); err == nil {
		fmt.Fprintln(log, "dotnet is installed: the gate runs `dotnet build` and `dotnet test`")
	} else {
		fmt.Fprintf(log, "no dotnet here: the gate uses portwave's own C# check (a structural scan of every changed file) and the batch audit; no build or tests run\n")
		env["PORTWAVE_BUILD"], env["PORTWAVE_TEST"] = gate.BuiltinCheck, " "
	}
	demoEnv := func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		return getenv(k)
	}
	if _, err := os.Stat(filepath.Join(ws, "portwave.yaml")); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintf(out, "demo workspace: %s\nsetting it up: git repository, porting.db by inventory and audit, batch files from plan.md\n", ws)
		if err := buildDemoWorkspace(ctx, ws, demoEnv); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(out, "using the demo workspace from an earlier run: %s (remove %s to start over)\n", ws, root)
	}
	s, err := newSession(ctx, demoEnv, out, log)
	if err != nil {
		return err
	}
	stop, err := s.demoAgent()
	if err != nil {
		return err
	}
	defer stop()
	if err := s.PlanShow(ctx); err != nil {
		return err
	}
	for _, wave := range []int{1, 2, 3} {
		fmt.Fprintf(out, "\n== wave %d ==\n", wave)
		if err := s.Wave(ctx, wave); err != nil {
			return fmt.Errorf("wave %d: %w", wave, err)
		}
	}
	fmt.Fprintln(out)
	if err := s.finalReport(ctx); err != nil {
		return err
	}
	return s.demoSummary(ctx, start, root)
}

func (s *Session) demoSummary(ctx context.Context, start time.Time, root string) error {
	db, err := s.OpenDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	counts, err := db.Counts(ctx, port.Feature)
	if err != nil {
		return err
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	latest, err := db.LatestBatchRuns(ctx)
	if err != nil {
		return err
	}
	done := 0
	for _, br := range latest {
		if br.State == port.StateDone {
			done++
		}
	}
	fmt.Fprintf(s.Out, "\ndemo finished in %s: %d batches done, %d of %d features verified\n", time.Since(start).Round(100*time.Millisecond), done, counts[port.Verified], total)
	fmt.Fprintf(s.Out, "demo workspace: %s\nlook further:\n  PORTWAVE_CONFIG=%s go run mage.go status\n  PORTWAVE_CONFIG=%s go run mage.go report\n",
		s.Config.Workspace, s.Config.Source, s.Config.Source)
	return nil
}
