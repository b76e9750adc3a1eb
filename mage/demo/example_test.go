package demo_test

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/config"
	"portwave/mage/demo"
)

func ExampleExtractExample() {
	dir, err := os.MkdirTemp("", "portwave-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	if err := demo.ExtractExample(dir); err != nil {
		log.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// Output:
	// .gitignore
	// README.md
	// dotnet
	// go
	// plan.md
	// portwave.yaml
	// transcripts
}

func TestExtractExampleWritesTheWholeWorkspace(t *testing.T) {
	dir := t.TempDir()
	if err := demo.ExtractExample(dir); err != nil {
		t.Fatal(err)
	}

	want := []string{
		".gitignore",
		"README.md",
		"dotnet/MiniBus.sln",
		"dotnet/src/MiniBus/Client/ClientConnection.cs",
		"dotnet/src/MiniBus/Client/Subscription.cs",
		"dotnet/src/MiniBus/Errors.cs",
		"dotnet/src/MiniBus/Message.cs",
		"dotnet/src/MiniBus/MiniBus.csproj",
		"dotnet/src/MiniBus/Monitoring/Stats.cs",
		"dotnet/src/MiniBus/Monitoring/StatsHelpers.cs",
		"dotnet/src/MiniBus/NatsServer.Stats.cs",
		"dotnet/src/MiniBus/NatsServer.cs",
		"dotnet/src/MiniBus/Options.cs",
		"dotnet/src/MiniBus/ServerHelpers.cs",
		"dotnet/src/MiniBus/Subjects/SubjectHelpers.cs",
		"dotnet/tests/MiniBus.Tests/MiniBus.Tests.csproj",
		"dotnet/tests/MiniBus.Tests/MinibusTests.cs",
		"go/client.go",
		"go/minibus_test.go",
		"go/server.go",
		"go/stats.go",
		"go/subject.go",
		"plan.md",
		"portwave.yaml",
		"transcripts/11-attempt-1.jsonl",
		"transcripts/12-attempt-1.jsonl",
		"transcripts/13-attempt-1.jsonl",
		"transcripts/13-attempt-2.jsonl",
		"transcripts/14-attempt-1.jsonl",
		"transcripts/README.md",
	}
	var got []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		got = append(got, rel)

		onDisk, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		embedded, err := fs.ReadFile(demo.ExampleFS(), rel)
		if err != nil {
			return err
		}
		if !bytes.Equal(onDisk, embedded) {
			t.Errorf("%s: extracted content differs from the embedded file", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("extracted files (-want +got):\n%s", diff)
	}
}

func TestExtractExampleNeverOverwritesAFile(t *testing.T) {
	dir := t.TempDir()
	plan := filepath.Join(dir, "plan.md")
	if err := os.WriteFile(plan, []byte("my own plan\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	err := demo.ExtractExample(dir)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("ExtractExample over an existing plan.md: err = %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(plan); string(got) != "my own plan\n" {
		t.Errorf("plan.md was overwritten: %q", got)
	}
}

func TestExampleGoSourceIsOnePackageNamedMinibus(t *testing.T) {
	files := goFiles(t)
	if len(files) == 0 {
		t.Fatal("no Go files under go/")
	}
	for name, f := range files {
		if f.Name.Name != "minibus" {
			t.Errorf("%s: package %s, want minibus", name, f.Name.Name)
		}
	}
}

func TestReadmeTableListsTheIDsTheInventoryAssigns(t *testing.T) {
	features, tests := inventory(t)
	readme := readmeRows(t)
	strip := func(rows []row) []row {
		out := make([]row, len(rows))
		for i, r := range rows {
			r.Status = ""
			out[i] = r
		}
		return out
	}
	if diff := cmp.Diff(features, strip(readme.features)); diff != "" {
		t.Errorf("README feature table against the Go source (-inventory +README):\n%s", diff)
	}
	if diff := cmp.Diff(tests, strip(readme.tests)); diff != "" {
		t.Errorf("README test table against the Go source (-inventory +README):\n%s", diff)
	}
}

func TestConfigPointsAtTheExampleLayout(t *testing.T) {
	dir := t.TempDir()
	if err := demo.ExtractExample(dir); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(filepath.Join(dir, "portwave.yaml"), func(string) string { return "" })
	if err != nil {
		t.Fatalf("portwave.yaml: %v", err)
	}
	for _, d := range []string{cfg.GoRoot, cfg.CSharpRoot} {
		if st, err := os.Stat(d); err != nil || !st.IsDir() {
			t.Errorf("portwave.yaml names %q, which is not a directory of the example", d)
		}
	}
	if _, err := os.Stat(cfg.Plan); err != nil {
		t.Errorf("portwave.yaml names plan %q: %v", cfg.Plan, err)
	}
	if diff := cmp.Diff(classMap, cfg.ClassMap); diff != "" {
		t.Errorf("class_map (-want +got):\n%s", diff)
	}
	if cfg.Workspace != dir || cfg.Jobs != 2 {
		t.Errorf("workspace = %s, jobs = %d; want %s, 2", cfg.Workspace, cfg.Jobs, dir)
	}
}
