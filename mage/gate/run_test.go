package gate_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/mage/gate"
	"portwave/mage/pipeline"
)

// samples are the recorded outputs of dotnet, kept with their parsers.
const samples = "../dotnetout/testdata"

// printing is an Exec that prints a fixture and exits with code.
func printing(t *testing.T, fixture string, code int) gate.Exec {
	return func(ctx context.Context, dir string, cmd pipeline.Pipeline) ([]byte, int, error) {
		out, err := os.ReadFile(filepath.Join(samples, fixture))
		if err != nil {
			t.Fatal(err)
		}
		return out, code, nil
	}
}

func TestRunBuildJudgesByExitCodeAsWellAsOutput(t *testing.T) {
	tests := []struct {
		name    string
		fixture string
		code    int
		want    bool
	}{
		{"success", "build-classic-succeeded.txt", 0, true},
		{"errors", "build-classic-failed.txt", 1, false},
		{"a summary of success but a non-zero exit", "build-classic-succeeded.txt", 134, false},
		{"no summary, no errors, exit 0 (quiet verbosity)", "test-minimal-passed.txt", 0, true},
		{"no summary, an error, exit 1", "build-msbuild-error.txt", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, code, err := gate.RunBuild(t.Context(), printing(t, tt.fixture, tt.code), ".", dotnet(t, "dotnet build"))
			if err != nil || code != tt.code {
				t.Fatalf("RunBuild: code %d, err %v", code, err)
			}
			if res.Succeeded != tt.want {
				t.Errorf("Succeeded = %v, want %v", res.Succeeded, tt.want)
			}
		})
	}
}

func TestRunBuildReportsACommandThatDidNotRunAsAnError(t *testing.T) {
	notFound := errors.New(`exec: "dotnet": executable file not found in $PATH`)
	run := func(ctx context.Context, dir string, cmd pipeline.Pipeline) ([]byte, int, error) {
		return nil, -1, notFound
	}
	if _, _, err := gate.RunBuild(t.Context(), run, ".", dotnet(t, "dotnet build")); !errors.Is(err, notFound) {
		t.Errorf("RunBuild error = %v, want it to wrap %v", err, notFound)
	}
	if _, err := gate.RunTests(t.Context(), run, ".", dotnet(t, "dotnet test"), ""); !errors.Is(err, notFound) {
		t.Errorf("RunTests error = %v, want it to wrap %v", err, notFound)
	}
}

func TestRunTestsPrefersTheTRXAndNeverReadsAStaleOne(t *testing.T) {
	dir := t.TempDir()
	trx := filepath.Join(dir, "results.trx")
	fixture, err := os.ReadFile(filepath.Join(samples, "trx-failed.trx"))
	if err != nil {
		t.Fatal(err)
	}
	writesTRX := func(ctx context.Context, _ string, _ pipeline.Pipeline) ([]byte, int, error) {
		out, _ := os.ReadFile(filepath.Join(samples, "test-minimal-passed.txt"))
		return out, 1, os.WriteFile(trx, fixture, 0o644)
	}
	rep, err := gate.RunTests(t.Context(), writesTRX, dir, dotnet(t, "dotnet test"), trx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total != 4 || rep.Failed != 1 || rep.Passed() {
		t.Errorf("with a TRX: total %d failed %d passed %v, want 4 1 false", rep.Total, rep.Failed, rep.Passed())
	}

	// A run that dies before writing results must not be read from the
	// previous run's file.
	rep, err = gate.RunTests(t.Context(), printing(t, "test-aborted.txt", 1), dir, dotnet(t, "dotnet test"), trx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.SummarySeen || rep.Passed() || rep.Total != 0 {
		t.Errorf("after an aborted run: %+v, want no summary", rep)
	}
	if _, err := os.Stat(trx); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale TRX still there: %v", err)
	}
}

// dotnet parses a command as the gate does.
func dotnet(t *testing.T, text string) pipeline.Pipeline {
	t.Helper()
	p, err := pipeline.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAFailedCommandWithNoErrorLinesShowsTheAgentTheEndOfItsOutput(t *testing.T) {
	var crash strings.Builder
	for i := range 30 {
		fmt.Fprintf(&crash, "\x1b[32mprogress %d\x1b[0m\n", i)
	}
	crash.WriteString("Unhandled exception. System.IO.IOException: No space left on device\r\n")
	printed := func(context.Context, string, pipeline.Pipeline) ([]byte, int, error) {
		return []byte(crash.String()), 134, nil
	}
	v, err := gate.Judge(t.Context(), gate.Input{Dir: t.TempDir(), Build: "dotnet build", Exec: printed})
	if err != nil {
		t.Fatal(err)
	}
	tail := v.Feedback[strings.Index(v.Feedback, "\n")+1:]
	lines := strings.Split(strings.TrimSuffix(tail, "\n"), "\n")
	if v.Passed || len(lines) != 20 || lines[0] != "progress 11" || lines[19] != "Unhandled exception. System.IO.IOException: No space left on device" {
		t.Errorf("feedback %q, want the last 20 visible lines of the output", v.Feedback)
	}
	rep, err := gate.RunTests(t.Context(), printed, t.TempDir(), dotnet(t, "dotnet test"), "")
	if err != nil || !strings.HasSuffix(rep.Build.Tail, "No space left on device\n") {
		t.Errorf("RunTests: tail %q, err %v; want the end of the output", rep.Build.Tail, err)
	}
}

func TestATestPipelineAsksItsDotnetTestStageForATRX(t *testing.T) {
	var got string
	capture := func(_ context.Context, _ string, cmd pipeline.Pipeline) ([]byte, int, error) {
		got = cmd.String()
		return nil, 1, nil
	}
	results := t.TempDir()
	if _, err := gate.TestCommand(t.Context(), capture, t.TempDir(), "dotnet test dotnet/ | tee test.log", results); err != nil {
		t.Fatal(err)
	}
	want := "dotnet test dotnet/ --logger trx;LogFileName=gate.trx --results-directory " + results + " | tee test.log"
	if got != want {
		t.Errorf("ran %q, want %q", got, want)
	}
}
