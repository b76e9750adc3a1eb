package pipeline_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/pipeline"
	"portwave/mage/proc"
)

func TestParseSplitsStagesAtUnquotedBars(t *testing.T) {
	tests := []struct {
		text string
		want [][]string
	}{
		{"dotnet build dotnet/", [][]string{{"dotnet", "build", "dotnet/"}}},
		{"dotnet build dotnet/ -warnaserror | tee build.log", [][]string{{"dotnet", "build", "dotnet/", "-warnaserror"}, {"tee", "build.log"}}},
		{`dotnet test | grep -E 'error|Passed!' | tail -n 5`, [][]string{{"dotnet", "test"}, {"grep", "-E", "error|Passed!"}, {"tail", "-n", "5"}}},
		{`printf "a|b"`, [][]string{{"printf", "a|b"}}},
	}
	for _, tt := range tests {
		p, err := pipeline.Parse(tt.text)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.text, err)
		}
		var got [][]string
		for _, s := range p.Stages {
			got = append(got, s.Argv)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestParseRefusesWhatItWouldOtherwiseDrop(t *testing.T) {
	for _, text := range []string{"", "dotnet build; rm -rf x", "dotnet build > log", "dotnet build || true", "dotnet build |", "| tee x",
		"tee x | cat", "dotnet build | grep -z x", "dotnet build | head -n lots", "dotnet build | tee", `dotnet build | grep "(unclosed"`} {
		if p, err := pipeline.Parse(text); err == nil {
			t.Errorf("Parse(%q) = %v, want an error", text, p.Stages)
		}
	}
}

func TestRunPipesProgramsThroughScriptFiltersInTheWorkingDirectory(t *testing.T) {
	dir := t.TempDir()
	p, err := pipeline.Parse(`sh -c 'printf "one\nerror two\nthree\nerror four\n"; echo oops >&2' | tee all.log | grep -v four | grep error | cat`)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res, err := pipeline.Run(t.Context(), p, pipeline.Options{Dir: dir, Output: &out})
	if err != nil || res.ExitCode != 0 {
		t.Fatalf("Run: exit %d, err %v", res.ExitCode, err)
	}
	if got := out.String(); got != "oops\nerror two\n" && got != "error two\noops\n" {
		t.Errorf("output = %q, want error two and the stderr line", got)
	}
	log, err := os.ReadFile(filepath.Join(dir, "all.log"))
	if err != nil || string(log) != "one\nerror two\nthree\nerror four\n" {
		t.Errorf("all.log = %q, %v; want every line, written in the working directory", log, err)
	}
}

func TestRunFailsThePipelineWhenAnyProgramFails(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"sh -c 'echo x; exit 3' | tee x.log", 3},
		{"sh -c 'exit 3' | sh -c 'cat; exit 4'", 4},
		{"sh -c 'exit 0' | grep nothing-matches", 0},
		{"sh -c 'seq 1 100000' | head -n 1", 0},
	}
	for _, tt := range tests {
		p, err := pipeline.Parse(tt.text)
		if err != nil {
			t.Fatal(err)
		}
		res, err := pipeline.Run(t.Context(), p, pipeline.Options{Dir: t.TempDir()})
		if err != nil || res.ExitCode != tt.want {
			t.Errorf("%s: exit %d, err %v; want exit %d", tt.text, res.ExitCode, err, tt.want)
		}
	}
}

func TestRunReportsAProgramThatDidNotStartAsNotFound(t *testing.T) {
	p, _ := pipeline.Parse("sh -c 'exec sleep 5' | no-such-program-portwave | tee x.log")
	_, err := pipeline.Run(t.Context(), p, pipeline.Options{Dir: t.TempDir()})
	if !errors.Is(err, proc.ErrNotFound) {
		t.Errorf("Run error = %v, want proc.ErrNotFound", err)
	}
}

func TestRunStopsEveryProgramWhenOneTimesOutOrAFilterCannotStart(t *testing.T) {
	tests := []struct {
		text string
		want func(error) bool
	}{
		{"sh -c 'exec sleep 10' | cat", func(err error) bool { return errors.Is(err, proc.ErrTimeout) }},
		{"sh -c 'exec sleep 10' | tee no/such/folder/x.log", func(err error) bool { return errors.Is(err, os.ErrNotExist) }},
	}
	for _, tt := range tests {
		p, err := pipeline.Parse(tt.text)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err = pipeline.Run(t.Context(), p, pipeline.Options{Dir: t.TempDir(), Timeout: 200 * time.Millisecond})
		if !tt.want(err) || time.Since(start) > 5*time.Second {
			t.Errorf("%s: err %v after %s; want it stopped at once with the cause", tt.text, err, time.Since(start))
		}
	}
}
