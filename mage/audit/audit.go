// Package audit finds the C# member every tracked item maps to, tells a real
// implementation from a stub, and promotes or demotes items in porting.db
// with the reason for each change.
//
// The scanner (package csharp) is hand-written: there is no maintained
// pure-Go C# parser, and the audit needs only declarations and body shapes,
// which a careful lexer and brace matcher find at hundreds of MB/s.
package audit

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"portwave/mage/audit/csharp"
	"portwave/mage/gitx"
	"portwave/mage/inventory"
	"portwave/mage/port"
	"portwave/mage/portdb"

	"github.com/sourcegraph/conc/pool"
)

// Options configures an audit.
type Options struct {
	Root       string // the C# tree
	Naming     Naming
	StubMarker string   // a body holding only this comment is a stub
	Symbols    []string // preprocessor symbols defined for #if; empty: from the project files (see Symbols)
	// Configuration is the build configuration whose symbols the project
	// files give (Debug when empty).
	Configuration string
	// GoRoot is the Go source the items come from. When set, items that
	// share a C# name are matched to overloads by parameter count, and an
	// empty C# body is a stub only when the Go function has statements.
	GoRoot  string
	Workers int // files scanned at once; 0 means GOMAXPROCS
	// Incremental rescans only the files git reports changed since the
	// last audit and reuses the cached scans of the rest.
	Incremental bool
	// SharedCache reads the cache but never writes it: a batch's worktree
	// audits against main's cache without replacing it with its own state.
	SharedCache bool
	DryRun      bool  // decide, but write nothing
	RunID       int64 // recorded with every status change; 0 starts an "audit" run when there is something to write
	// Required are the other configured roots (the C# root beside the
	// audit root): the audit refuses to run when one is missing.
	Required []string
	// MaxDemote is the most demotions written without Force; 0 means the
	// default (see MaxDemote).
	MaxDemote int
	Force     bool // write even a mass demotion

	symbolsKey string // the builds the tree is scanned with (Symbols.Key), set by tree
}

func (o Options) scanner() csharp.Options {
	return csharp.Options{StubMarker: o.StubMarker, MaxFileSize: csharp.DefaultMaxFileSize}
}

// Tree scans the C# tree, incrementally when asked and possible.
func Tree(ctx context.Context, opt Options) (*Index, ScanStats, error) {
	idx, stats, saved, err := tree(ctx, opt)
	if err != nil {
		return nil, stats, err
	}
	if err := saved(); err != nil {
		stats.Why += "; cache not saved: " + err.Error()
	}
	return idx, stats, nil
}

// tree is Tree with the cache written in the background: the caller
// classifies meanwhile and waits with saved before it returns.
func tree(ctx context.Context, opt Options) (*Index, ScanStats, func() error, error) {
	none := func() error { return nil }
	if err := checkRoots(opt); err != nil {
		return nil, ScanStats{}, none, err
	}
	files, projects, err := csFiles(opt.Root)
	if err != nil {
		return nil, ScanStats{}, none, err
	}
	if len(files) == 0 {
		return nil, ScanStats{}, none, &RefusedError{Why: "the audit root holds no C# files", Roots: opt.roots()}
	}
	sym, err := LoadSymbols(projects, opt.Configuration, opt.Symbols)
	if err != nil {
		return nil, ScanStats{}, none, err
	}
	opt.symbolsKey = sym.Key()
	stats := ScanStats{Files: len(files), Full: true, Why: "full scan"}
	var repo gitx.Repo
	var head, cachePath string
	var old *cache
	if opt.Incremental {
		repo, head, cachePath, old, stats.Why = incrementalState(ctx, opt)
	}
	toScan := files
	var dirty []string
	if old != nil {
		changed, dirtyAbs, err := repo.ChangedSince(ctx, old.Commit, head, opt.Root)
		if err != nil {
			old, stats.Why = nil, "full scan: "+err.Error()
		} else {
			dirty = changedRel(opt.Root, dirtyAbs, files)
			toScan = union(changedRel(opt.Root, changed, files), old.Dirty, files)
			stats.Full, stats.Why = false, fmt.Sprintf("incremental since %.12s", old.Commit)
		}
	} else if repo.Dir != "" && head != "" && cachePath != "" && !opt.SharedCache {
		_, dirtyAbs, err := repo.ChangedSince(ctx, head, head, opt.Root)
		if err != nil {
			cachePath = "" // cannot tell what is dirty: do not cache
		}
		dirty = changedRel(opt.Root, dirtyAbs, files)
	}
	scanned, err := scanFiles(ctx, opt.Root, toScan, opt.scanner(), sym, opt.Workers)
	if err != nil {
		return nil, stats, none, err
	}
	all := scanned
	if old != nil {
		all = make(map[string]FileScan, len(files))
		for _, f := range files {
			if s, ok := scanned[f]; ok {
				all[f] = s
			} else if s, ok := old.Files[f]; ok {
				all[f] = s
				stats.Reused++
			} else {
				all[f] = scanOne(opt.Root, f, opt.scanner(), sym) // not cached yet: scan it now
			}
		}
	}
	stats.Scanned = len(files) - stats.Reused
	for _, f := range all {
		if f.Failed() {
			stats.Failed++
		}
	}
	saved := none
	if cachePath != "" && head != "" && !opt.SharedCache && (old == nil || stats.Reused != len(files) || old.Commit != head) {
		c := &cache{Version: cacheVersion, Commit: head, Root: relRoot(repo, opt.Root), StubMarker: opt.StubMarker,
			Symbols: opt.symbolsKey, Files: all, Dirty: dirty}
		if old == nil || !keep(cachePath, c, stats.Scanned, len(files)) {
			done := make(chan error, 1)
			go func() { done <- c.save(cachePath) }()
			saved = func() error { return <-done }
		}
	}
	return NewIndex(all), stats, saved, nil
}

// incrementalState finds the repository, its HEAD and the previous audit's
// cache. Anything missing or unusable means a full scan, with the reason.
func incrementalState(ctx context.Context, opt Options) (repo gitx.Repo, head, cachePath string, old *cache, why string) {
	repo, dir, head, err := gitx.Where(ctx, opt.Root)
	switch {
	case err != nil:
		return repo, "", "", nil, "full scan: not a git repository"
	case head == "":
		return repo, "", "", nil, "full scan: no commit yet"
	}
	cachePath = filepath.Join(dir, "portwave", "audit-cache.gob")
	c, err := loadCache(cachePath)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return repo, head, cachePath, nil, "full scan: first audit of this clone"
	case err != nil:
		return repo, head, cachePath, nil, "full scan: " + err.Error()
	case c.Root != relRoot(repo, opt.Root) || c.StubMarker != opt.StubMarker || c.Symbols != opt.symbolsKey:
		return repo, head, cachePath, nil, "full scan: settings changed since the last audit"
	}
	return repo, head, cachePath, c, ""
}

// relRoot is the C# root inside its repository, the same in the main
// checkout and in every worktree, so a worktree can use main's cache.
func relRoot(repo gitx.Repo, root string) string {
	rel, err := filepath.Rel(repo.Dir, root)
	if err != nil {
		return root
	}
	return filepath.ToSlash(rel)
}

// union is every path of a and b that is still in the tree, sorted.
func union(a, b, files []string) []string {
	exists := map[string]bool{}
	for _, f := range files {
		exists[f] = true
	}
	seen := map[string]bool{}
	var out []string
	for _, p := range append(append([]string{}, a...), b...) {
		if exists[p] && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

func changedRel(root string, changed, files []string) []string {
	exists := map[string]bool{}
	for _, f := range files {
		exists[f] = true
	}
	var out []string
	for _, abs := range changed {
		rel, err := filepath.Rel(root, abs)
		if err != nil {
			continue
		}
		rel = filepath.ToSlash(rel)
		if exists[rel] { // deleted files simply drop out of the tree
			out = append(out, rel)
		}
	}
	sort.Strings(out)
	return out
}

// ClassifyWithGo gives every live, non-n/a item its finding (see
// classify), with the Go source at goRoot read for the items whose status
// it can change: those not yet verified that share a
// C# name (matched by parameter count; a verified item is never demoted
// for an ambiguous name, so its match changes nothing), and those whose
// only evidence is an empty body (a stub only when the Go function has
// statements). Only their Go files are parsed, so an audit after a batch
// reads a few files, not the tree.
func ClassifyWithGo(items []port.Item, idx *Index, naming Naming, goRoot string) []Finding {
	first := classify(items, idx, naming, nil)
	if goRoot == "" {
		return first
	}
	type name struct {
		kind          port.Kind
		class, member string
	}
	shared := map[name]bool{} // names whose claimants are all read, so their counts are known
	var need []port.Item
	for _, f := range first {
		switch {
		case f.need > 1 && f.Item.Status != port.Verified:
			shared[name{f.Item.Kind, f.Class, f.Member}] = true
		case f.Verdict == StubFound && f.ev.firstStub != nil && f.ev.firstStub.Trivial:
			need = append(need, *f.Item)
		}
	}
	for _, f := range first {
		if shared[name{f.Item.Kind, f.Class, f.Member}] {
			need = append(need, *f.Item)
		}
	}
	if len(need) == 0 {
		return first
	}
	return classify(items, idx, naming, inventory.GoFuncs(goRoot, need))
}

// classify gives every live, non-n/a item its finding. Items that share a
// C# name are weighed together (see Index.decide): each needs an
// implemented overload of its own. A complete item's mapping is known not
// to show where its port lives, so it has the weaker claim: it gets an
// overload only when every other item sharing the name has one. goFuncs,
// when not nil, holds the Go functions read so far.
func classify(items []port.Item, idx *Index, naming Naming, goFuncs map[inventory.FuncKey]inventory.GoFunc) []Finding {
	c := countClaims(items, naming, goFuncs)
	sigs := c.shareBySignature(idx)
	decideOne := func(i int) Finding {
		it := &items[i]
		t := c.names[c.nameOf[i]]
		sig, ok := sigs[i]
		if !ok {
			sig = unknownSig
			if g, ok := goFuncs[inventory.FuncKey{Kind: it.Kind, ID: it.ID}]; ok {
				sig = sigMatch{params: g.Params, goEmpty: g.BodyEmpty}
			}
		}
		return idx.decide(it, t.class, t.member, c.need(i, it), sig)
	}
	var live []int // n/a is never touched; vanished items have no Go left to port
	for i, it := range items {
		if !it.Vanished && it.Status != port.NA {
			live = append(live, i)
		}
	}
	// Deciding reads the index and the shares only, so the items are
	// shared out between the cores: after a merge this is the part of the
	// audit that waits for nothing else.
	return inParallel(len(live), func(j int) Finding { return decideOne(live[j]) })
}

// inParallel returns f(0) … f(n-1), computed in one run of indexes per core.
func inParallel[T any](n int, f func(int) T) []T {
	out := make([]T, n)
	per := max((n+runtime.GOMAXPROCS(0)-1)/runtime.GOMAXPROCS(0), 1)
	runs := pool.New()
	for lo := 0; lo < n; lo += per {
		runs.Go(func() {
			for j := lo; j < min(lo+per, n); j++ {
				out[j] = f(j)
			}
		})
	}
	runs.Wait()
	return out
}

// Result is what an audit found and changed.
type Result struct {
	Findings    []Finding
	Changes     []portdb.Change
	Promotions  []Finding
	Demotions   []Finding // includes regressions
	Regressions []Finding
	// Invisible are complete items the mapping does not find: ported, says
	// a person, but the audit cannot confirm it. Reviewers see the list.
	Invisible []Finding
	Ambiguous []Finding
	Scan      ScanStats
	Failed    []string // files that could not be scanned
	Took      time.Duration
	DryRun    bool
	RunID     int64 // the run the changes were recorded under
}

// apply writes the changes under runID, or under a run of its own when the
// caller has none: every status change names the run that made it.
func (res *Result) apply(ctx context.Context, db *portdb.DB, runID int64) error {
	own := runID == 0
	if own {
		id, err := db.StartRun(ctx, "audit")
		if err != nil {
			return err
		}
		runID = id
	}
	res.RunID = runID
	err := db.ApplyChanges(ctx, res.Changes, runID)
	if own {
		state := port.StateDone
		if err != nil {
			state = port.StateFailed
		}
		err = errors.Join(err, db.FinishRun(ctx, runID, state))
	}
	return err
}

// Run audits the whole database against the C# tree and writes every
// change, with its reason, in one transaction (unless DryRun).
func Run(ctx context.Context, db *portdb.DB, opt Options) (*Result, error) {
	start := time.Now()
	// The tree and the database are read at the same time: after a merge
	// they are the two halves of the audit's wall time.
	var idx *Index
	var stats ScanStats
	var items []port.Item
	saved := func() error { return nil }
	p := pool.New().WithErrors().WithContext(ctx)
	p.Go(func(ctx context.Context) (err error) {
		idx, stats, saved, err = tree(ctx, opt)
		return err
	})
	p.Go(func(ctx context.Context) error {
		for _, k := range []port.Kind{port.Feature, port.Test} {
			its, err := db.Items(ctx, k)
			if err != nil {
				return err
			}
			if items == nil {
				items = its // the features: no copy
			} else {
				items = append(items, its...)
			}
		}
		return nil
	})
	if err := p.Wait(); err != nil {
		var refused *RefusedError
		if errors.As(err, &refused) {
			return nil, err
		}
		return nil, fmt.Errorf("audit: %w", err)
	}
	res := summarize(ClassifyWithGo(items, idx, opt.Naming, opt.GoRoot))
	res.Scan, res.Failed, res.DryRun, res.RunID = stats, idx.Failed(), opt.DryRun, opt.RunID
	if err := checkDemotions(opt, res, items); err != nil {
		_ = saved() // the cache describes the tree, not the tracker: keep it
		return nil, err
	}
	if !opt.DryRun && len(res.Changes) > 0 {
		if err := res.apply(ctx, db, opt.RunID); err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
	}
	if err := saved(); err != nil {
		res.Scan.Why += "; cache not saved: " + err.Error()
	}
	res.Took = time.Since(start)
	return res, nil
}

func summarize(findings []Finding) *Result {
	res := &Result{Findings: findings}
	for _, f := range findings {
		if f.Item.Status == port.Complete && f.Change == nil {
			res.Invisible = append(res.Invisible, f)
		}
		if f.Verdict == Ambiguous {
			res.Ambiguous = append(res.Ambiguous, f)
		}
		if f.Change == nil {
			continue
		}
		res.Changes = append(res.Changes, *f.Change)
		switch {
		case f.Change.To == port.Verified:
			res.Promotions = append(res.Promotions, f)
		case f.Regression:
			res.Regressions = append(res.Regressions, f)
			res.Demotions = append(res.Demotions, f)
		case rank(f.Change.To) < rank(f.Change.From):
			res.Demotions = append(res.Demotions, f)
		}
	}
	return res
}

// rank orders statuses by how far along the port is, for telling a
// promotion from a demotion.
func rank(s port.Status) int {
	return strings.Index("unknown deferred stub complete verified", string(s))
}
