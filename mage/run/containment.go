package run

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"portwave/mage/gitx"
)

// The permission rules keep an agent inside its worktree; containment is
// the second line of defence, for agents without such rules (command,
// codex) and for holes in the rules: after every attempt, the main
// checkout and every idle worktree slot must look as they did before it.
//
// What is compared is each tree's uncommitted changes (path and content),
// not its HEAD: while one agent runs, other batches of the same run
// legitimately fast-forward main and commit porting.db, but nobody else
// leaves files dirty there. porting.db and its sidecars are portwave's
// own writes and are left out. The slots of batches running now are left
// out too: their agents are writing them; each batch's own gate judges
// its files.

// treeState is one checkout's uncommitted changes: path -> status and
// content hash.
type treeState map[string]string

// containment is the state of the other checkouts before an attempt.
type containment struct {
	own   string
	trees map[string]treeState
}

// watchOthers records the main checkout and the idle slots before an
// attempt in the worktree own.
func (w *Orchestrator) watchOthers(ctx context.Context, own string) (*containment, error) {
	c := &containment{own: filepath.Clean(own), trees: map[string]treeState{}}
	dirs, err := w.otherTrees(ctx, own)
	if err != nil {
		return nil, err
	}
	for _, dir := range dirs {
		st, err := w.treeState(ctx, dir)
		if err != nil {
			return nil, err
		}
		c.trees[dir] = st
	}
	return c, nil
}

// changes lists, as "checkout: path" entries, the files that are dirty in
// another checkout now and were not, or not with this content, before the
// attempt. A checkout claimed by a batch in the meantime is skipped.
//
// Another batch's fast-forward of main, caught half done, shows its files
// as modified for a moment; so a difference is confirmed under the merge
// queue's lock, when no fast-forward can be under way, before it counts.
func (w *Orchestrator) changes(ctx context.Context, c *containment) ([]string, error) {
	out, err := w.compare(ctx, c)
	if err != nil || len(out) == 0 {
		return out, err
	}
	release, err := w.lockMain(ctx, "containment check")
	if err != nil {
		return nil, err
	}
	defer release()
	return w.compare(ctx, c)
}

func (w *Orchestrator) compare(ctx context.Context, c *containment) ([]string, error) {
	dirs, err := w.otherTrees(ctx, c.own)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, dir := range dirs {
		before, ok := c.trees[dir]
		if !ok {
			continue // a slot added meanwhile by another batch
		}
		now, err := w.treeState(ctx, dir)
		if err != nil {
			return nil, err
		}
		for _, p := range diffStates(before, now) {
			out = append(out, dir+": "+p)
		}
	}
	return out, nil
}

// otherTrees is the main checkout and the worktree slots not held by a
// running batch of this process, except own.
func (w *Orchestrator) otherTrees(ctx context.Context, own string) ([]string, error) {
	wts, err := w.Repo.Worktrees(ctx)
	if err != nil {
		return nil, err
	}
	w.slotMu.Lock()
	defer w.slotMu.Unlock()
	var dirs []string
	for i, wt := range wts {
		dir := filepath.Clean(wt.Path)
		if dir == filepath.Clean(own) || (i > 0 && (!w.isSlot(dir) || w.slots[dir] != 0)) {
			continue
		}
		dirs = append(dirs, dir)
	}
	return dirs, nil
}

// treeState reads a checkout's uncommitted changes.
func (w *Orchestrator) treeState(ctx context.Context, dir string) (treeState, error) {
	changes, err := gitx.Repo{Dir: dir}.Status(ctx)
	if err != nil {
		return nil, err
	}
	db := w.dbRel()
	st := treeState{}
	for _, c := range changes {
		p := c.Path
		if p == db || strings.HasPrefix(p, db+"-") {
			continue
		}
		st[p] = c.Code + " " + hashFile(filepath.Join(dir, filepath.FromSlash(p)))
	}
	return st, nil
}

func hashFile(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return "absent"
	}
	defer f.Close()
	h := sha256.New()
	io.Copy(h, f)
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// diffStates lists the paths dirty now whose state differs from before,
// sorted. A file dirty before and clean now (someone's change reverted)
// is not listed: a "before" caught during another batch's fast-forward
// looks the same, and the two cannot be told apart afterwards.
func diffStates(before, now treeState) []string {
	var out []string
	for p, s := range now {
		if before[p] != s {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// escapedErr fails the batch when the attempt changed another checkout.
func escapedErr(changes []string) error {
	if len(changes) == 0 {
		return nil
	}
	return failed("the agent changed files outside its worktree (left as they are, for you to inspect): %s", strings.Join(changes, ", "))
}
