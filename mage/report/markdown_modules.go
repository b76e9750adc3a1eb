package report

import (
	"fmt"
	"html"
	"path"
	"slices"
	"strings"

	"portwave/mage/port"
)

// modules writes a progress bar per module: the modules with work left in
// a table, the finished ones folded away below it, since a column of full
// bars tells a reviewer nothing.
func (m *md) modules(r *Report) {
	t := r.Modules
	m.f("\n## Modules\n\n")
	if len(t.Entries) == 0 {
		m.f("porting.db tracks no Go files yet.\n")
		return
	}
	var open, done []Module
	for _, e := range t.Entries {
		if e.All.Open() > 0 {
			open = append(open, e)
		} else {
			done = append(done, e)
		}
	}
	m.f("%d Go files in %d modules: a file's tests (x_test.go) are counted with it (x.go). %d %s work left",
		t.Total, len(t.Entries), len(open), plural(len(open), "module has", "modules have"))
	if len(done) > 0 {
		m.f(", %d %s done", len(done), plural(len(done), "is", "are"))
	}
	m.f(".\n")
	if len(open) > 0 {
		shown := mostOpen(open, r.Limits.MaxModules, func(e Module) int { return e.All.Open() }, func(e Module) string { return e.File })
		if len(shown) < len(open) {
			m.f("\nThe %d with the most open items are shown; the JSON twin has them all.\n", len(shown))
		}
		m.f("\n")
		m.moduleTable(shown)
	}
	if len(done) > 0 {
		m.f("\n<details><summary>%d %s done</summary>\n\n", len(done), plural(len(done), "module", "modules"))
		shown := done[:min(len(done), r.Limits.MaxModules)]
		if len(shown) < len(done) {
			m.f("The first %d are shown; the JSON twin has them all.\n\n", len(shown))
		}
		m.moduleTable(shown)
		m.f("\n</details>\n")
	}
}

func (m *md) moduleTable(rows []Module) {
	m.f("| Module | Progress | Features | Tests | Open |\n|---|---|---:|---:|---:|\n")
	for _, e := range rows {
		m.f("| %s | %s %s | %s | %s | %d |\n", code(e.File), bar(e.All.Done, e.All.Total), percentText(e.All.Done, e.All.Total),
			doneOf(e.Features), doneOf(e.Tests), e.All.Open())
	}
}

func doneOf(c StatusCounts) string {
	if c.Total == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d", c.Done, c.Total)
}

// mostOpen returns the entries in their order when there are at most n;
// otherwise the n with the largest open count (ties by key), in key order.
func mostOpen[E any](entries []E, n int, open func(E) int, key func(E) string) []E {
	if len(entries) <= n {
		return entries
	}
	picked := slices.Clone(entries)
	slices.SortStableFunc(picked, func(a, b E) int { return open(b) - open(a) })
	picked = picked[:n]
	slices.SortFunc(picked, func(a, b E) int { return strings.Compare(key(a), key(b)) })
	return picked
}

func (m *md) open(r *Report) {
	o := r.Open
	m.f("\n## Still deferred or stub\n\n")
	if o.Total == 0 {
		m.f("Nothing: every tracked item is verified, complete or n/a.\n")
		return
	}
	shown := mostOpen(o.Modules, r.Limits.MaxModules, func(e OpenModule) int { return e.Counts.Sum() }, func(e OpenModule) string { return e.File })
	m.f("%d %s still deferred, stub or unknown, in %d %s.", o.Total, plural(o.Total, "item is", "items are"),
		len(o.Modules), plural(len(o.Modules), "module", "modules"))
	if len(shown) < len(o.Modules) {
		m.f(" The %d modules with the most are shown.", len(shown))
	}
	m.f("\n")
	for _, om := range shown {
		m.f("\n<details><summary><code>%s</code>", html.EscapeString(om.File))
		if om.TestFile != "" {
			m.f(" and <code>%s</code>", html.EscapeString(path.Base(om.TestFile)))
		}
		m.f(": %s</summary>\n\n", openCounts(om.Counts))
		for _, g := range groupOpen(om.Items) {
			m.f("- **%s %s** (%d)", g.status, plural(len(g.items), string(g.kind), string(g.kind)+"s"), len(g.items))
			if g.reason != "" {
				m.f(", *%s*", text(g.reason))
			}
			m.f(": ")
			for i, it := range g.items {
				if i > 0 {
					m.f(", ")
				}
				m.f("%d %s", it.ID, code(it.Name))
			}
			m.f("\n")
		}
		if om.Omitted > 0 {
			m.f("- and %d more, not listed\n", om.Omitted)
		}
		m.f("\n</details>\n")
	}
}

// openGroup is the open items of a module that share kind, status and
// reason: one line of the list.
type openGroup struct {
	kind   port.Kind
	status port.Status
	reason string
	items  []OpenItem
}

// groupOpen groups items by kind, status and reason, in order of first
// appearance, so a module deferred by one decision reads as one line.
func groupOpen(items []OpenItem) []openGroup {
	var groups []openGroup
	index := map[[3]string]int{}
	for _, it := range items {
		k := [3]string{string(it.Kind), string(it.Status), it.Reason}
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, openGroup{kind: it.Kind, status: it.Status, reason: it.Reason})
		}
		groups[i].items = append(groups[i].items, it)
	}
	return groups
}

// openCounts is the summary line of a module's open items: "139 deferred
// features, 1 stub feature, 50 deferred tests".
func openCounts(c OpenCounts) string {
	var parts []string
	for _, p := range []struct {
		n          int
		status     port.Status
		one, other string
	}{
		{c.StubFeatures, port.Stub, "feature", "features"},
		{c.DeferredFeatures, port.Deferred, "feature", "features"},
		{c.UnknownFeatures, port.Unknown, "feature", "features"},
		{c.StubTests, port.Stub, "test", "tests"},
		{c.DeferredTests, port.Deferred, "test", "tests"},
		{c.UnknownTests, port.Unknown, "test", "tests"},
	} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s %s", p.n, p.status, plural(p.n, p.one, p.other)))
		}
	}
	return strings.Join(parts, ", ")
}
