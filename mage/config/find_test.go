package config_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/config"
)

// tree makes the folders and files named (a name ending in / is a folder)
// under a fresh temporary folder and returns it.
func tree(t *testing.T, names ...string) string {
	t.Helper()
	root := t.TempDir()
	for _, n := range names {
		p := filepath.Join(root, filepath.FromSlash(n))
		if strings.HasSuffix(n, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("module example.com/shop\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// Find looks where git would: the current folder and the folders above it
// up to the top of the git repository, and no further; outside a
// repository only the current folder. What it did not find says where it
// looked.
func TestFindLooksUpToTheTopOfTheGitRepositoryAndNoFurther(t *testing.T) {
	root := tree(t, "portwave.yaml", "repo/.git/", "repo/dotnet/src/", "repo/go/go.mod", "loose/sub/")
	repo := filepath.Join(root, "repo")
	noEnv := env(nil)

	t.Chdir(filepath.Join(repo, "dotnet", "src"))
	_, err := config.Find(noEnv)
	var nf *config.NotFound
	if !errors.As(err, &nf) || !errors.Is(err, config.ErrNoConfig) {
		t.Fatalf("a repository without portwave.yaml under a folder with one: err = %v, want NotFound", err)
	}
	want := &config.NotFound{Dir: filepath.Join(repo, "dotnet", "src"), Searched: []string{filepath.Join(repo, "dotnet", "src"), filepath.Join(repo, "dotnet"), repo}, Repo: repo}
	if d := cmp.Diff(want, nf); d != "" {
		t.Errorf("NotFound (-want +got):\n%s", d)
	}
	for _, s := range []string{repo, "top of its git repository", "go run mage.go -w " + repo + " init", "PORTWAVE_CONFIG=FILE"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("the error does not say %q: %v", s, err)
		}
	}

	if err := os.WriteFile(filepath.Join(repo, "portwave.yaml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := config.Find(noEnv); err != nil || got != filepath.Join(repo, "portwave.yaml") {
		t.Errorf("from a subfolder of the workspace: %q, %v; want the repository's portwave.yaml", got, err)
	}

	t.Chdir(filepath.Join(root, "loose", "sub"))
	_, err = config.Find(noEnv)
	if !errors.As(err, &nf) || len(nf.Searched) != 1 || nf.Repo != "" || !strings.Contains(err.Error(), "not in a git repository") {
		t.Errorf("outside a repository: err = %v, %+v; want only the current folder searched", err, nf)
	}

	named := filepath.Join(root, "portwave.yaml")
	if got, err := config.Find(env(map[string]string{config.ConfigEnv: named})); err != nil || got != named {
		t.Errorf("PORTWAVE_CONFIG: %q, %v", got, err)
	}
	if _, err := config.Find(env(map[string]string{config.ConfigEnv: filepath.Join(root, "nope.yaml")})); err == nil || errors.Is(err, config.ErrNoConfig) {
		t.Errorf("a PORTWAVE_CONFIG that does not exist: err = %v, want an error of its own", err)
	}
}

// portwave's clone is the folder whose go.mod declares module portwave:
// this repository, from any of its folders, and no port's module.
func TestCloneIsTheFolderOfPortwavesOwnModule(t *testing.T) {
	here, _ := os.Getwd()
	clone := filepath.Dir(filepath.Dir(here))
	if got := config.Clone(here); got != clone {
		t.Errorf("Clone(%s) = %q, want %s", here, got, clone)
	}
	port := tree(t, "go.mod", "magefiles/", ".git/")
	if got := config.Clone(filepath.Join(port, "magefiles")); got != "" {
		t.Errorf("a port's module is taken for portwave's clone: %q", got)
	}
	for gomod, want := range map[string]string{"module portwave\n": "portwave", "// c\nmodule \"example.com/x\" // c\n": "example.com/x", "go 1.26\n": ""} {
		if got := config.ModulePath([]byte(gomod)); got != want {
			t.Errorf("ModulePath(%q) = %q, want %q", gomod, got, want)
		}
	}
}
