package report

import (
	"context"
	"slices"
	"strings"
	"time"

	"portwave/mage/port"
	"portwave/mage/portdb"
)

// moduleOf maps every Go file of the counts to the module row it is shown
// in: x_test.go goes with x.go when x.go has features, any other file is
// its own module.
func moduleOf(counts []portdb.ModuleCount) map[string]string {
	sources := map[string]bool{}
	for _, c := range counts {
		if c.Kind == port.Feature {
			sources[c.GoFile] = true
		}
	}
	of := map[string]string{}
	for _, c := range counts {
		of[c.GoFile] = c.GoFile
		if base, ok := strings.CutSuffix(c.GoFile, "_test.go"); ok && c.Kind == port.Test && sources[base+".go"] {
			of[c.GoFile] = base + ".go"
		}
	}
	return of
}

// moduleTable builds one row per module, by file name.
func moduleTable(counts []portdb.ModuleCount) ModuleTable {
	of := moduleOf(counts)
	rows := map[string]*Module{}
	files := map[string]bool{}
	for _, c := range counts {
		files[c.GoFile] = true
		file := of[c.GoFile]
		m, ok := rows[file]
		if !ok {
			m = &Module{File: file}
			rows[file] = m
		}
		if c.Kind == port.Test {
			if c.GoFile != file {
				m.TestFile = c.GoFile
			}
			m.Tests.add(c.Status, c.Count)
		} else {
			m.Features.add(c.Status, c.Count)
		}
	}
	t := ModuleTable{Total: len(files), Entries: make([]Module, 0, len(rows))}
	for _, m := range rows {
		m.All = m.Features.plus(m.Tests)
		t.Entries = append(t.Entries, *m)
	}
	slices.SortFunc(t.Entries, func(a, b Module) int { return strings.Compare(a.File, b.File) })
	return t
}

// open lists the items still to port by module. Each Go file lists at
// most as many of each kind as keeps the whole list near opt.MaxListed.
func (b *builder) open(ctx context.Context) error {
	r, counts := b.r, b.counts
	of := moduleOf(counts)
	byFile := map[string]*OpenModule{}
	type group struct {
		file string
		kind port.Kind
	}
	groups := map[group]bool{} // the partitions OpenItems caps
	for _, c := range counts {
		if c.Status.Done() || c.Count == 0 {
			continue
		}
		m, ok := byFile[of[c.GoFile]]
		if !ok {
			m = &OpenModule{File: of[c.GoFile]}
			byFile[m.File] = m
		}
		if c.GoFile != m.File {
			m.TestFile = c.GoFile
		}
		m.Counts.add(c.Kind, c.Status, c.Count)
		groups[group{c.GoFile, c.Kind}] = true
	}
	r.Open.Total = r.Summary.All.Open()
	if r.Open.Total == 0 {
		r.Open.Modules = []OpenModule{}
		return nil
	}
	perModule := r.Limits.MaxListed
	if r.Open.Total > r.Limits.MaxListed {
		perModule = max(1, r.Limits.MaxListed/len(groups))
	}
	items, err := b.db.OpenItems(ctx, perModule)
	if err != nil {
		return err
	}
	for _, it := range items {
		m := byFile[of[it.GoFile]]
		if m == nil { // an item that became open after the counts were read
			continue
		}
		oi := OpenItem{Kind: it.Kind, ID: it.ID, Name: it.GoQualifiedName(), Line: it.GoLine, Status: it.Status, Reason: it.Reason}
		if !it.Since.IsZero() {
			oi.Since = timePtr(it.Since)
		}
		m.Items = append(m.Items, oi)
	}
	r.Open.Modules = make([]OpenModule, 0, len(byFile))
	for _, m := range byFile {
		m.Omitted = max(0, m.Counts.Sum()-len(m.Items))
		r.Open.Modules = append(r.Open.Modules, *m)
	}
	slices.SortFunc(r.Open.Modules, func(a, b OpenModule) int { return strings.Compare(a.File, b.File) })
	return nil
}

// add counts n items of a kind in status s, if s is an open status.
func (c *OpenCounts) add(k port.Kind, s port.Status, n int) {
	feature := k == port.Feature
	switch {
	case s == port.Deferred && feature:
		c.DeferredFeatures += n
	case s == port.Stub && feature:
		c.StubFeatures += n
	case s == port.Unknown && feature:
		c.UnknownFeatures += n
	case s == port.Deferred:
		c.DeferredTests += n
	case s == port.Stub:
		c.StubTests += n
	case s == port.Unknown:
		c.UnknownTests += n
	}
}

func timePtr(t time.Time) *time.Time { return &t }
