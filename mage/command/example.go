package command

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"

	"portwave/mage/config"
	"portwave/mage/demo"
	"portwave/mage/gate"
)

// ExampleDirEnv overrides where the bundled example workspace is set up.
const ExampleDirEnv = config.ExampleDirEnv

// ExampleEnv=1 asks for the bundled example outside portwave's clone.
const ExampleEnv = config.ExampleEnv

// readyMarker says the example workspace is fully set up. It lives in the
// repository's .git folder, so the working tree stays clean and the write
// targets (batch:run, wave*, all, post) can merge into it.
const readyMarker = ".git/portwave-ready"

// exampleLayout changes the example folder's name whenever the way the
// folder is laid out changes (not its files), so that an example set up by
// an older portwave is set up again rather than misread.
const exampleLayout = "layout 2: marker in .git, own git identity\x00"

// prepareExample sets up the bundled example workspace once per version of
// its content, under the user's cache folder: the files, a git repository, a
// porting.db built by the inventory and audit, and batch files imported from
// its plan. It returns the path of the example's portwave.yaml.
func prepareExample(ctx context.Context, getenv config.Getenv, log io.Writer) (string, error) {
	sum, err := contentHash(demo.ExampleFS())
	if err != nil {
		return "", err
	}
	root := getenv(ExampleDirEnv)
	if root == "" {
		root = filepath.Join(userCacheDir(getenv), "portwave")
	}
	dir := filepath.Join(root, "example-"+sum[:12])
	cfg := filepath.Join(dir, "portwave.yaml")
	if _, err := os.Stat(filepath.Join(dir, readyMarker)); err == nil {
		return cfg, nil
	}
	fmt.Fprintf(log, "the bundled example (no portwave.yaml in portwave's clone, or PORTWAVE_EXAMPLE=1): setting up the bundled example workspace in %s\n", dir)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(root, ".example-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	if _, err := demo.BuildWorkspace(ctx, tmp, func(string) string { return "" }); err != nil {
		return "", fmt.Errorf("setting up the example workspace: %w", err)
	}
	if err := os.WriteFile(filepath.Join(tmp, readyMarker), nil, 0o644); err != nil {
		return "", err
	}
	// A concurrent setup may have won the race; its copy is as good as ours.
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(filepath.Join(dir, readyMarker)); statErr != nil {
			return "", fmt.Errorf("setting up the example workspace: %w", err)
		}
	}
	return cfg, nil
}

func contentHash(fsys fs.FS) (string, error) {
	h := sha256.New()
	h.Write([]byte(exampleLayout))
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", path, len(data))
		h.Write(data)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
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
