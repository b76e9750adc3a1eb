package command

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"portwave/mage/audit"
	"portwave/mage/callgraph"
	"portwave/mage/inventory"
	"portwave/mage/plan"
	"portwave/mage/port"
	"portwave/mage/portdb"
)

// features is porting.db's features by ID, the plan's view of the database.
type features map[int]port.Item

func (f features) Feature(id int) (port.Item, bool) { it, ok := f[id]; return it, ok }

// planState is a loaded and validated plan with the database it was
// checked against.
type planState struct {
	Plan     *plan.Plan
	Features features
	Counts   plan.FeatureCounts
	Diag     plan.Diagnostics
	Hidden   int // warnings about done batches, left out of Diag
	// Edges are the calls between porting.db's features, nil without a
	// Go tree; Calls those the declared dependencies do not order, as
	// plan.ImplyDependencies classified them when it gave the plan its
	// implied dependencies.
	Edges []callgraph.Edge
	Calls []plan.CallIssue
}

// loadPlan loads the batch files and validates them against porting.db.
// Warnings go to the log; any error stops the target, listing all of them.
func (s *Session) loadPlan(ctx context.Context, db *portdb.DB) (*planState, error) {
	p, err := plan.LoadBatches(s.Config.Batches)
	if err != nil {
		return nil, err
	}
	items, err := db.Items(ctx, port.Feature)
	if err != nil {
		return nil, err
	}
	st := &planState{Plan: p, Features: features{}}
	for _, it := range items {
		st.Features[it.ID] = it
	}
	counts, err := db.Counts(ctx, port.Feature)
	if err != nil {
		return nil, err
	}
	st.Counts = plan.FeatureCounts(counts)
	st.Diag = plan.Validate(p, st.Features, s.Config.CSharpRoot)
	if st.Diag.Err() == nil {
		s.orderCalls(ctx, st)
		if s.showWarnings {
			st.Diag.Warnings = append(st.Diag.Warnings, s.sameFileWarnings(ctx, db, st)...)
		}
	}
	p.Locate(st.Diag.Errors, false)
	p.Locate(st.Diag.Warnings, true)
	if st.Diag.Warnings, st.Hidden, err = withoutDoneBatches(ctx, db, p, st.Diag.Warnings); err != nil {
		return nil, err
	}
	if s.showWarnings {
		for _, w := range st.Diag.Warnings {
			s.warnOnce(w.Error())
		}
	}
	if err := st.Diag.Err(); err != nil {
		return st, fmt.Errorf("the plan in %s is not valid:\n%w", s.Config.Batches, err)
	}
	return st, nil
}

// withoutDoneBatches drops the warnings about batches that are done: that
// a merged batch's features are verified, or that it called into a later
// batch, is its history, not a plan to fix, and repeating it before every
// wave buries the warnings that still matter.
func withoutDoneBatches(ctx context.Context, db *portdb.DB, p *plan.Plan, warnings []plan.Diagnostic) ([]plan.Diagnostic, int, error) {
	runs, err := db.LatestBatchRuns(ctx)
	if err != nil {
		return nil, 0, err
	}
	done := map[string]bool{}
	for _, b := range p.Batches {
		if runs[b.ID].State == port.StateDone && b.Pos.File != "" {
			done[b.Pos.File] = true
		}
	}
	kept := warnings[:0:0]
	for _, w := range warnings {
		if w.Batch != 0 && runs[w.Batch].State == port.StateDone || done[w.Pos.File] || done[w.Also.File] {
			continue
		}
		kept = append(kept, w)
	}
	return kept, len(warnings) - len(kept), nil
}

// warnOnce prints a warning unless this session printed it already.
func (s *Session) warnOnce(w string) {
	if s.warned[w] {
		return
	}
	if s.warned == nil {
		s.warned = map[string]bool{}
	}
	s.warned[w] = true
	s.logf("warning: %s", w)
}

// readPlan loads and validates the plan against porting.db, for targets
// that need the database only for that.
func (s *Session) readPlan(ctx context.Context) (*planState, error) {
	db, err := s.OpenDBReadOnly(ctx)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return s.loadPlan(ctx, db)
}

// PlanShow prints the plan: waves, batches, the critical path and the
// outcome, as text or (PORTWAVE_FORMAT=json) JSON.
func (s *Session) PlanShow(ctx context.Context) error {
	s.showWarnings = true
	st, err := s.readPlan(ctx)
	if err != nil {
		return err
	}
	sum := plan.Summarize(st.Plan, st.Features, st.Counts)
	if s.JSON() {
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(sum)
	}
	return plan.WriteText(s.Out, sum)
}

// PlanImport turns a plan document into batch files.
func (s *Session) PlanImport(ctx context.Context, doc string) error {
	if doc == "" {
		doc = s.Config.Plan
		s.logf("reading the plan document %s (the plan setting)", relTo(s.Config.Dir, doc))
	}
	p, err := plan.ImportDocument(doc)
	if err != nil {
		return err
	}
	// The batch files and the targets go together: without a magefile
	// for the targets, neither is written.
	if err := s.needMagefile(); err != nil {
		return err
	}
	p.NameDocument(s.Config.Dir)
	if err := plan.WriteBatches(s.Config.Batches, p); err != nil {
		return err
	}
	fmt.Fprintf(s.Out, "wrote %d batch files to %s\n", len(p.Batches), s.Config.Batches)
	if err := s.implyDeps(ctx, p); err != nil {
		return err
	}
	return s.writeTargets(p)
}

// Validate checks the batch files against porting.db and prints every
// error and warning.
func (s *Session) Validate(ctx context.Context) error {
	// Listing the warnings is what validate is for: every one, even those
	// an earlier step of this session already printed.
	s.showWarnings, s.warned = true, nil
	db, err := s.OpenDBReadOnly(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := s.loadPlan(ctx, db)
	if st != nil {
		if err == nil {
			err = s.checkTargets(st.Plan)
		}
		err = errors.Join(err, s.checkMappings(st)) // every error at once
	}
	if st != nil && s.JSON() {
		enc := json.NewEncoder(s.Out)
		enc.SetIndent("", "  ")
		if encErr := enc.Encode(st.Diag); encErr != nil {
			return encErr
		}
	}
	if err != nil {
		return err
	}
	if !s.JSON() {
		fmt.Fprintf(s.Out, "%d batches in %s: no errors, %d warnings", len(st.Plan.Batches), s.Config.Batches, len(st.Diag.Warnings))
		if st.Hidden > 0 {
			fmt.Fprintf(s.Out, " (and %d about batches already done, not shown)", st.Hidden)
		}
		fmt.Fprintln(s.Out)
	}
	return nil
}

// checkMappings adds the mapping collisions to the plan's diagnostics:
// C# members that several features map to, read against the Go source.
func (s *Session) checkMappings(st *planState) error {
	items := make([]port.Item, 0, len(st.Features))
	for _, it := range st.Features {
		items = append(items, it)
	}
	slices.SortFunc(items, func(a, b port.Item) int { return a.ID - b.ID })
	m := plan.Mappings{Features: items, Target: audit.Naming{ClassMap: s.Config.ClassMap}.Target, ReadGo: s.goFuncs()}
	d := plan.CheckMappings(st.Plan, m)
	st.Plan.Locate(d.Errors, false)
	st.Plan.Locate(d.Warnings, true)
	d.Warnings = append(d.Warnings, s.sharedMembers(st, m)...)
	for _, w := range d.Warnings {
		s.logf("warning: %s", w)
	}
	st.Diag.Errors = append(st.Diag.Errors, d.Errors...)
	st.Diag.Warnings = append(st.Diag.Warnings, d.Warnings...)
	if err := d.Err(); err != nil {
		return fmt.Errorf("the mappings of the plan in %s collide:\n%w", s.Config.Batches, err)
	}
	return nil
}

// sharedMembers reports the C# members several features of the whole
// tracker map to, and prints db:map lines that give a member of their own
// to those parameter counts cannot tell apart.
func (s *Session) sharedMembers(st *planState, m plan.Mappings) []plan.Diagnostic {
	shared := plan.SharedMembers(st.Plan, m)
	taken := map[string]bool{}
	for _, it := range plan.ApplyMappings(st.Plan, m.Features) {
		c, mem := m.Target(it)
		taken[c+"."+mem] = true
	}
	if maps := plan.SuggestMappings(shared, taken); len(maps) > 0 && !s.JSON() {
		fmt.Fprintf(s.Out, "db:map lines that give %d features C# members of their own (save them as map.tsv, then `mage db:map map.tsv`):\n", len(maps))
		if err := plan.WriteMappingsTSV(s.Out, maps); err != nil {
			s.logf("note: %v", err)
		}
	}
	return plan.SharedWarnings(shared, plan.Pos{File: relTo(s.Config.Dir, s.Config.DB)}, s.Verbose)
}

// goFuncs reads what the Go source says about items, each file once in a
// session's check: the plan's collisions and the tracker's shared members
// ask about the same features.
func (s *Session) goFuncs() func([]port.Item) map[inventory.FuncKey]inventory.GoFunc {
	known := map[inventory.FuncKey]inventory.GoFunc{}
	asked := map[inventory.FuncKey]bool{}
	return func(its []port.Item) map[inventory.FuncKey]inventory.GoFunc {
		var todo []port.Item
		for _, it := range its {
			if k := (inventory.FuncKey{Kind: it.Kind, ID: it.ID}); !asked[k] {
				asked[k] = true
				todo = append(todo, it)
			}
		}
		for k, g := range inventory.GoFuncs(s.Config.GoRoot, todo) {
			known[k] = g
		}
		return known
	}
}

// PlanImportTarget is the plan:import target: the document named by
// -doc=FILE, else the plan setting. Mage reads a bare argument after a
// target as the next target, and runs this one first; a document given
// that way is refused here, before anything is written.
func (s *Session) PlanImportTarget(ctx context.Context, doc *string) error {
	if err := strayDocument(os.Args[1:]); err != nil {
		return err
	}
	if doc == nil {
		return s.PlanImport(ctx, "")
	}
	return s.PlanImport(ctx, *doc)
}

// strayDocument finds a path given after plan:import (and its -flags) on
// Mage's command line. A target's name is a Go identifier, with colons:
// an argument with a dot or a slash in it, or that names a file, is not
// one.
func strayDocument(args []string) error {
	for i, a := range args {
		if !strings.EqualFold(a, "plan:import") {
			continue
		}
		j := i + 1
		for j < len(args) && strings.HasPrefix(args[j], "-") {
			j++
		}
		if j == len(args) {
			continue
		}
		next := args[j]
		if _, err := os.Stat(next); err == nil || strings.ContainsAny(next, `./\`) {
			return fmt.Errorf("plan:import: Mage reads %q as another target to run after this one, not as the plan document; nothing was written. Give the document as `mage plan:import -doc=%s`, or set plan: in portwave.yaml", next, next)
		}
	}
	return nil
}
