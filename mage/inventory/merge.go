package inventory

import (
	"cmp"
	"slices"

	"portwave/mage/port"
)

// Tally counts what a merge did to the items of one scan.
type Tally struct {
	Added         int // new declarations, given new IDs
	Updated       int // found again with another file, line or line count
	Unchanged     int // found again exactly where they were
	Revived       int // marked vanished before, found again under their old ID
	Vanished      int // not found any more, marked vanished now
	StillVanished int // marked vanished before and still not found
}

func (t *Tally) add(o Tally) {
	t.Added += o.Added
	t.Updated += o.Updated
	t.Unchanged += o.Unchanged
	t.Revived += o.Revived
	t.Vanished += o.Vanished
	t.StillVanished += o.StillVanished
}

// Result is the outcome of Merge: the items to write back and what changed.
type Result struct {
	// Items holds every existing item, updated, and every new one: features
	// first, then tests, each by ID. Nothing is ever dropped.
	Items []port.Item
	Tally // both kinds together
	// ByKind splits the tally by kind.
	ByKind map[port.Kind]Tally
}

// Merge reconciles the items a database already holds with a new scan, so
// the inventory can be re-run at any time without renumbering anything.
//
//   - An existing item keeps its ID when a declaration with the same kind,
//     file, receiver and name is found. Duplicates (several init in one file)
//     pair up in order, live items before vanished ones, each by line.
//   - An item left over is taken as moved when exactly one left-over
//     declaration elsewhere has the same kind, receiver and name, and that
//     declaration has no other candidate either. It keeps its ID and takes the
//     new file. init and _ are never moved: those names say nothing about
//     which function it is.
//   - Declarations still left over are new: they get IDs after the highest ID
//     of their kind, in scan order, status unknown and no C# mapping.
//   - Items not found are marked vanished, never deleted; a vanished item
//     found again is revived under its old ID.
//
// Features and tests are separate ID sequences. Status and the C# mapping
// of existing items are left as they are. The inputs are not modified.
func Merge(existing []port.Item, scanned []Decl) Result {
	kinds := []port.Kind{port.Feature, port.Test}
	for _, it := range existing {
		if !slices.Contains(kinds, it.Kind) {
			kinds = append(kinds, it.Kind)
		}
	}
	for _, d := range scanned {
		if !slices.Contains(kinds, d.Kind) {
			kinds = append(kinds, d.Kind)
		}
	}
	slices.SortStableFunc(kinds[2:], cmp.Compare)

	res := Result{ByKind: map[port.Kind]Tally{}}
	for _, kind := range kinds {
		var olds []port.Item
		for _, it := range existing {
			if it.Kind == kind {
				olds = append(olds, it)
			}
		}
		var decls []Decl
		for _, d := range scanned {
			if d.Kind == kind {
				decls = append(decls, d)
			}
		}
		if len(olds) == 0 && len(decls) == 0 {
			continue
		}
		items, t := mergeKind(kind, olds, decls)
		res.Items = append(res.Items, items...)
		res.ByKind[kind] = t
		res.Tally.add(t)
	}
	return res
}

// mergeKind merges the items and declarations of one kind. olds is a copy
// it may change.
func mergeKind(kind port.Kind, olds []port.Item, decls []Decl) ([]port.Item, Tally) {
	m := match(olds, decls)
	var t Tally
	maxID := 0
	for _, it := range olds {
		maxID = max(maxID, it.ID)
	}
	used := make([]bool, len(olds))
	for i, d := range decls {
		j := m[i]
		if j < 0 {
			maxID++
			olds = append(olds, port.Item{
				ID: maxID, Kind: kind,
				GoFile: d.GoFile, GoReceiver: d.GoReceiver, GoName: d.GoName,
				GoLine: d.GoLine, GoLineCount: d.GoLineCount,
				Status: port.Unknown,
			})
			t.Added++
			continue
		}
		used[j] = true
		it := &olds[j]
		changed := it.GoFile != d.GoFile || it.GoLine != d.GoLine || it.GoLineCount != d.GoLineCount
		switch {
		case it.Vanished:
			t.Revived++
		case changed:
			t.Updated++
		default:
			t.Unchanged++
		}
		it.GoFile, it.GoLine, it.GoLineCount = d.GoFile, d.GoLine, d.GoLineCount
		it.Vanished = false
	}
	for j, ok := range used {
		switch {
		case ok:
		case olds[j].Vanished:
			t.StillVanished++
		default:
			olds[j].Vanished = true
			t.Vanished++
		}
	}
	slices.SortStableFunc(olds, func(a, b port.Item) int { return cmp.Compare(a.ID, b.ID) })
	return olds, t
}
