package gitx

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// mergeConfig is portwave's merge driver configuration, in the
// repository's .git/portwave/ and included from .git/config (relative
// includes are read from the including file's folder).
const mergeConfig = "portwave/merge.config"

// MergeDriver is a merge driver as git's config declares one.
type MergeDriver struct {
	Name    string // merge.<Name>.driver
	Label   string // merge.<Name>.name: what it is, for people reading the config
	Command string // the shell command; git substitutes %O %A %B %L %P
}

// RegisterMergeDriver makes git merge with d, on the branches that match
// the glob branches (port/batch-*), every file that has no merge attribute
// of its own: merge.default names d in .git/portwave/merge.config, and the
// repository's config includes that file only on those branches
// ([includeIf "onbranch:..."]).
//
// It touches no tracked file and no other branch: a merge on the user's
// own branches, in the main checkout or anywhere else, reads no part of
// it, and a .gitattributes merge= of the repository still wins, since
// merge.default only applies where no attribute says otherwise. The one
// line it adds to .git/config is the include, added once. The driver file
// is written anew each time, in one rename, so it names the executable of
// the latest run.
func (r Repo) RegisterMergeDriver(ctx context.Context, branches string, d MergeDriver) error {
	common, err := r.CommonDir(ctx)
	if err != nil {
		return err
	}
	path := filepath.Join(common, filepath.FromSlash(mergeConfig))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("registering the merge driver: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "merge.config-*")
	if err != nil {
		return fmt.Errorf("registering the merge driver: %w", err)
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	for _, kv := range [][2]string{{"merge.default", d.Name}, {"merge." + d.Name + ".name", d.Label}, {"merge." + d.Name + ".driver", d.Command}} {
		if _, err := r.Run(ctx, "config", "--file", tmp.Name(), kv[0], kv[1]); err != nil {
			return fmt.Errorf("registering the merge driver: %w", err)
		}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("registering the merge driver: %w", err)
	}
	key := "includeIf.onbranch:" + branches + ".path"
	paths, _ := r.Lines(ctx, "config", "--local", "--get-all", key) // none: exit 1
	if slices.Contains(paths, mergeConfig) {
		return nil
	}
	if _, err := r.Run(ctx, "config", "--local", "--add", key, mergeConfig); err != nil {
		return fmt.Errorf("registering the merge driver: %w", err)
	}
	return nil
}

// UnregisterMergeDriver removes the driver RegisterMergeDriver wrote. The
// include is left: it names a missing file, which git passes over.
func (r Repo) UnregisterMergeDriver(ctx context.Context) error {
	common, err := r.CommonDir(ctx)
	if err != nil {
		return err
	}
	err = os.Remove(filepath.Join(common, filepath.FromSlash(mergeConfig)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// MergeDriverFor is the merge driver command git uses for a file with no
// merge attribute in this checkout, as it stands (its branch decides), or
// "" for git's own line merge.
func (r Repo) MergeDriverFor(ctx context.Context) string {
	name, err := r.Run(ctx, "config", "merge.default")
	if err != nil || name == "" {
		return ""
	}
	cmd, _ := r.Run(ctx, "config", "merge."+name+".driver")
	return cmd
}
