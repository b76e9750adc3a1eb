// Package placement decides where each feature of a batch is ported, and
// so which files the batch may change: the file that declares the
// feature's member in the C# tree the batch starts from (its stub), else
// the batch's target file for its class, else the file its mapping
// implies. The prompt names these files and the gate's scope lets exactly
// them through, so what the agent is told and what the gate accepts come
// from this one place.
package placement

import (
	"path"
	"slices"

	"portwave/mage/plan"
	"portwave/mage/port"
)

// Feature is one feature of a batch as placement sees it.
type Feature struct {
	ID            int
	Class, Member string // the C# name it maps to
	DotnetFile    string // the file porting.db names for it, if any
	Pending       bool   // still to port: only pending features widen what the batch may change
}

// FeaturesOf lists the batch's features from porting.db's items, named by
// target (the audit's naming). IDs porting.db lacks are left out.
func FeaturesOf(b plan.Batch, items map[int]port.Item, target func(port.Item) (string, string)) []Feature {
	var out []Feature
	for _, id := range b.AllIDs() {
		it, ok := items[id]
		if !ok {
			continue
		}
		class, member := target(it)
		out = append(out, Feature{ID: id, Class: class, Member: member, DotnetFile: it.DotnetFile, Pending: !it.Status.Done()})
	}
	return out
}

// Place is where one feature is ported, relative to the C# root.
type Place struct {
	File string
	// Implied is set when File is not one of the batch's targets: the
	// prompt names it and the gate lets it through.
	Implied bool
	// Declared is set when File declares the feature's member already.
	Declared bool
}

// Placement is a batch's features placed.
type Placement struct {
	places map[int]Place
	files  []string
}

// Of places the features of batch b in tree (nil: no tree is known, and
// every feature goes where its class's target or its mapping says).
func Of(b plan.Batch, features []Feature, tree *Tree) Placement {
	p := Placement{places: make(map[int]Place, len(features))}
	files := map[string]bool{}
	for _, t := range b.Targets {
		files[path.Clean(t.Path)] = true
	}
	for _, f := range features {
		declared := tree.Declared(f.Class, f.Member)
		pl := place(b, f, declared)
		p.places[f.ID] = pl
		if !f.Pending {
			continue
		}
		files[pl.File] = true
		for _, d := range declared {
			files[d] = true // every overload's file: the port may replace any of them
		}
	}
	for f := range files {
		p.files = append(p.files, f)
	}
	slices.Sort(p.files)
	return p
}

// place picks one feature's file: a target that declares its member, else
// the first file that does (a stub first), else the target or mapped file
// of its class.
func place(b plan.Batch, f Feature, declared []string) Place {
	for _, t := range b.Targets {
		if slices.Contains(declared, path.Clean(t.Path)) {
			return Place{File: t.Path, Declared: true}
		}
	}
	if len(declared) > 0 {
		return Place{File: declared[0], Implied: true, Declared: true}
	}
	file, implied := b.TargetFor(f.Class, f.DotnetFile)
	return Place{File: file, Implied: implied}
}

// Place is where feature id is ported; ok is false for an ID the batch's
// features did not include.
func (p Placement) Place(id int) (Place, bool) {
	pl, ok := p.places[id]
	return pl, ok
}

// Files are the files the batch may change, relative to the C# root and
// sorted: its targets, and for every pending feature its file and every
// file declaring its member.
func (p Placement) Files() []string { return p.files }
