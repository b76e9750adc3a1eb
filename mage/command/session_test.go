package command_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/mage/command"
	"portwave/mage/config"
	"portwave/mage/demo"
)

// A subfolder of a workspace is the workspace, as git finds its repository
// from a subfolder: status there prints that workspace's ledger. A folder
// outside portwave's clone with no portwave.yaml anywhere up to its
// repository's top is an error saying where portwave looked and how to set
// up, and the bundled example is not set up behind the user's back.
func TestAFolderWithoutPortwaveYamlIsAnErrorOutsidePortwavesClone(t *testing.T) {
	ws := t.TempDir()
	if _, err := demo.BuildWorkspace(context.Background(), ws, func(string) string { return "" }); err != nil {
		t.Fatal(err)
	}
	example := t.TempDir()
	noConfig := env{command.ExampleDirEnv: example}

	t.Chdir(filepath.Join(ws, "dotnet"))
	s, out, _ := session(t, noConfig)
	if s.Config.Source != filepath.Join(ws, "portwave.yaml") {
		t.Errorf("from the workspace's dotnet/: config %s, want the workspace's", s.Config.Source)
	}
	if err := s.Status(context.Background()); err != nil || !strings.Contains(out.String(), "no batch has run yet") {
		t.Errorf("status from the workspace's dotnet/: %v\n%s", err, out)
	}

	repo := goCSharpRepo(t) // a git repository without portwave.yaml
	for _, dir := range []string{repo, filepath.Join(repo, "dotnet")} {
		t.Chdir(dir)
		var out, log bytes.Buffer
		_, err := command.NewSessionEnv(context.Background(), noConfig.get, &out, &log)
		if !errors.Is(err, config.ErrNoConfig) {
			t.Fatalf("from %s: err = %v, want no portwave.yaml", dir, err)
		}
		for _, want := range []string{"no portwave.yaml in " + dir, repo, "not a portwave workspace", "init", "PORTWAVE_EXAMPLE=1"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("from %s the error does not say %q: %v", dir, want, err)
			}
		}
	}
	if entries, _ := os.ReadDir(example); len(entries) != 0 {
		t.Errorf("the bundled example was set up outside portwave's clone: %v", entries)
	}

	// Asked for, the example is there anywhere.
	s, out, _ = session(t, env{command.ExampleEnv: "1", command.ExampleDirEnv: example})
	if err := s.PlanShow(context.Background()); err != nil || !strings.Contains(out.String(), "Subject & Stats Helpers") {
		t.Errorf("PORTWAVE_EXAMPLE=1: %v\n%s", err, out)
	}
}

// Inside portwave's own clone, without a portwave.yaml, the targets work
// on the bundled example, and its targets are the clone's magefile_plan.go.
func TestInsidePortwavesCloneTheTargetsWorkOnTheBundledExample(t *testing.T) {
	s, out, log := session(t, env{command.ExampleDirEnv: t.TempDir()})
	if err := s.PlanShow(context.Background()); err != nil || !strings.Contains(out.String(), "Subject & Stats Helpers") {
		t.Errorf("plan in the clone: %v\n%s", err, out)
	}
	if !strings.Contains(log.String(), "bundled example") {
		t.Errorf("the session did not say it works on the bundled example: %q", log)
	}
	if clone, _ := filepath.Abs("../.."); s.MagefileDir != clone {
		t.Errorf("the example's magefile folder is %q, want the clone %s", s.MagefileDir, clone)
	}
}
