package plan

import (
	"fmt"
	"slices"
	"strings"

	"portwave/mage/port"
)

// Inventory is what validation needs from porting.db: the features by ID.
type Inventory interface {
	Feature(id int) (port.Item, bool)
}

// Validate checks a plan against porting.db and the C# tree and reports
// everything it finds. Errors: an ID missing from porting.db, an ID in two
// batches, a dependency on a batch that is not in the plan, a dependency
// cycle, a dependency in the same or a later wave, a target path that is not
// inside the C# root. Warnings: a declared feature count that differs from
// the IDs listed, listed items with nothing left to do, listed items the
// inventory no longer finds in the Go source. db may be nil; then IDs are
// not looked up. csharpRoot may be empty; then target paths are checked as
// text only, not for symlinks.
func Validate(p *Plan, db Inventory, csharpRoot string) Diagnostics {
	v := &validation{plan: p, db: db}
	v.checkIDs()
	v.checkAcrossBatches()
	v.checkDeps()
	v.checkAccepted()
	for _, b := range p.Batches {
		for _, t := range b.Targets {
			if msg := checkTarget(t.Path, csharpRoot); msg != "" {
				v.errorf(t.Pos, "batch %d: %s", b.ID, msg)
			}
		}
	}
	sortDiagnostics(v.d.Errors)
	sortDiagnostics(v.d.Warnings)
	p.quote(v.d.Errors)
	p.quote(v.d.Warnings)
	return v.d
}

type validation struct {
	plan *Plan
	db   Inventory
	d    Diagnostics
}

func (v *validation) errorf(pos Pos, format string, args ...any) {
	v.d.Errors = append(v.d.Errors, Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...)})
}

func (v *validation) warnf(pos Pos, format string, args ...any) {
	v.d.Warnings = append(v.d.Warnings, Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...)})
}

// checkIDs looks every listed ID up in porting.db. An ID a batch lists
// twice is the loader's to report, so it is looked at once here.
func (v *validation) checkIDs() {
	for _, b := range v.plan.Batches {
		seen := map[int]bool{}
		done := map[port.Status][]int{}
		var doneAdded, vanished []int
		var firstDone, firstVanished Pos
		for gi, g := range append(append([]Group(nil), b.Features...), b.Added...) {
			added := gi >= len(b.Features)
			for _, r := range g.Ranges {
				var missing []int
				for id := r.Lo; id <= r.Hi; id++ {
					if seen[id] {
						continue
					}
					seen[id] = true
					it, ok := v.lookup(id)
					if ok && it.Vanished {
						vanished = append(vanished, id)
						if firstVanished == (Pos{}) {
							firstVanished = r.Pos
						}
					}
					switch {
					case !ok:
						missing = append(missing, id)
					case it.Status.Done() && added:
						doneAdded = append(doneAdded, id)
					case it.Status.Done():
						done[it.Status] = append(done[it.Status], id)
						if firstDone == (Pos{}) {
							firstDone = r.Pos
						}
					}
				}
				if len(missing) > 0 {
					v.errorf(r.Pos, "%s %s %s not in porting.db", plural(len(missing), "feature", "features"), formatIDs(missing), plural(len(missing), "is", "are"))
				}
			}
		}
		v.warnDone(b, done, firstDone, doneAdded)
		if len(vanished) > 0 {
			v.warnf(firstVanished, "batch %d lists %d %s no longer in the Go source: %s", b.ID, len(vanished), plural(len(vanished), "feature", "features"), formatIDs(vanished))
		}
	}
}

func (v *validation) lookup(id int) (port.Item, bool) {
	if v.db == nil {
		return port.Item{Status: port.Unknown}, true
	}
	return v.db.Feature(id)
}

// checkAcrossBatches reports IDs listed by two batches, naming both places.
func (v *validation) checkAcrossBatches() {
	owner := repeats{}
	for _, b := range v.plan.Batches {
		local := map[int]bool{}
		for _, g := range append(append([]Group(nil), b.Features...), b.Added...) {
			for _, r := range g.Ranges {
				var reps []repeat
				for id := r.Lo; id <= r.Hi; id++ {
					if local[id] {
						continue
					}
					local[id] = true
					if first, ok := owner[id]; ok {
						reps = addRepeat(reps, first, id)
					} else {
						owner[id] = idRef{b.ID, r.Pos}
					}
				}
				for _, rep := range reps {
					v.errorf(r.Pos, "%s in both batch %d (%s) and batch %d", rep.subject(), rep.first.batch, rep.first.pos, b.ID)
				}
			}
		}
	}
}

// warnDone reports listed items that need no work: as part of a declared
// count mismatch when there is one (that is usually why the counts differ),
// otherwise on their own.
func (v *validation) warnDone(b Batch, done map[port.Status][]int, firstDone Pos, doneAdded []int) {
	var all []int
	var parts []string
	for _, st := range port.Statuses {
		if ids := done[st]; len(ids) > 0 {
			all = append(all, ids...)
			parts = append(parts, fmt.Sprintf("%d %s", len(ids), st))
		}
	}
	what := ""
	if len(parts) == 1 {
		_, what, _ = strings.Cut(parts[0], " ")
	} else if len(parts) > 1 {
		what = "done (" + strings.Join(parts, ", ") + ")"
	}
	listed := b.IDs()
	declared := b.DeclaredPos != (Pos{}) // a batch file may leave the count out
	switch {
	case declared && b.Declared != len(listed) && len(all) > 0:
		v.warnf(b.DeclaredPos, "batch %d declares %d features but lists %d IDs, %d of them already %s: %s", b.ID, b.Declared, len(listed), len(all), what, formatIDs(all))
	case declared && b.Declared != len(listed):
		v.warnf(b.DeclaredPos, "batch %d declares %d features but lists %d IDs", b.ID, b.Declared, len(listed))
	case len(all) > 0:
		v.warnf(firstDone, "batch %d lists %d %s already %s, nothing to do: %s", b.ID, len(all), plural(len(all), "feature", "features"), what, formatIDs(all))
	}
	if len(doneAdded) > 0 {
		v.warnf(b.Added[0].Pos, "batch %d has %d added %s already done, nothing to do: %s", b.ID, len(doneAdded), plural(len(doneAdded), "feature", "features"), formatIDs(doneAdded))
	}
}

// checkAccepted reports accepted calls into batches that are not in the
// plan, and accepted calls from features the batch does not list.
func (v *validation) checkAccepted() {
	for _, b := range v.plan.Batches {
		for _, a := range b.Accepted {
			_, ok := v.plan.Batch(a.Batch)
			switch {
			case a.Batch == b.ID:
				v.errorf(a.Pos, "batch %d accepts calls into itself; want another batch", b.ID)
			case a.Batch != 0 && !ok:
				v.errorf(a.Pos, "batch %d accepts calls into batch %d, which is not in the plan", b.ID, a.Batch)
			case a.Batch == 0 && !slices.Contains(b.AllIDs(), a.From):
				v.errorf(a.Pos, "batch %d accepts the call %s, but does not list feature %d", b.ID, a, a.From)
			}
		}
	}
}

// checkDeps reports dependencies on batches not in the plan, dependencies
// that do not sit in an earlier wave, and cycles.
func (v *validation) checkDeps() {
	for _, b := range v.plan.Batches {
		for _, d := range b.DependsOn {
			dep, ok := v.plan.Batch(d.ID)
			switch {
			case !ok:
				v.errorf(d.Pos, "batch %d depends on batch %d, which is not in the plan", b.ID, d.ID)
			case d.ID != b.ID && dep.Wave >= b.Wave:
				v.errorf(d.Pos, "batch %d (wave %d) depends on batch %d (wave %d); a dependency must sit in an earlier wave", b.ID, b.Wave, d.ID, dep.Wave)
			}
		}
	}
	for _, c := range v.plan.Cycles() {
		b, _ := v.plan.Batch(c[0])
		pos := b.Pos
		for _, d := range b.DependsOn {
			if d.ID == c[1] {
				pos = d.Pos
			}
		}
		v.errorf(pos, "dependency cycle: %s", formatCycle(c))
	}
}
