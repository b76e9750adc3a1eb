package inventory

import (
	"fmt"
	"strings"

	"portwave/mage/port"
)

// Diff is what an inventory would change in the set of tracked items.
type Diff struct {
	Added    []port.Item // new items, status unknown
	Vanished []port.Item // items no longer found
	// Tracked is set when the database already holds statuses other than
	// unknown: then a change of scope moves the headline.
	Tracked bool

	held map[string]bool // "kind file" of every file with an existing item
}

// Changes is how many items would be added or removed.
func (d Diff) Changes() int { return len(d.Added) + len(d.Vanished) }

// Compare tells what merged adds to or removes from existing.
func Compare(existing, merged []port.Item) Diff {
	type key struct {
		kind port.Kind
		id   int
	}
	before := map[key]port.Item{}
	var d Diff
	d.held = map[string]bool{}
	for _, it := range existing {
		before[key{it.Kind, it.ID}] = it
		d.held[string(it.Kind)+" "+it.GoFile] = true
		if it.Status != port.Unknown {
			d.Tracked = true
		}
	}
	for _, it := range merged {
		old, ok := before[key{it.Kind, it.ID}]
		switch {
		case !ok:
			d.Added = append(d.Added, it)
		case it.Vanished && !old.Vanished:
			d.Vanished = append(d.Vanished, it)
		}
	}
	return d
}

// Changed lists the items of merged that existing does not hold as they
// are: new ones and those found with another file, line, length or
// vanished mark. Writing only these leaves porting.db as writing all would,
// and a re-run that finds the tree unchanged writes nothing.
func Changed(existing, merged []port.Item) []port.Item {
	type key struct {
		kind port.Kind
		id   int
	}
	before := make(map[key]port.Item, len(existing))
	for _, it := range existing {
		before[key{it.Kind, it.ID}] = it
	}
	var out []port.Item
	for _, it := range merged {
		if old, ok := before[key{it.Kind, it.ID}]; !ok || old != it {
			out = append(out, it)
		}
	}
	return out
}

// ScopeChangeError refuses an inventory that would add or remove items of
// a database that tracks statuses: the headline would move without anyone
// asking. It shows the difference, by folder.
type ScopeChangeError struct {
	Diff     Diff
	ForceEnv string
}

func (e *ScopeChangeError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "inventory refused, nothing written: it would add %d and remove %d items of a tracked porting.db\n",
		len(e.Diff.Added), len(e.Diff.Vanished))
	for _, part := range []struct {
		label string
		items []port.Item
	}{{"added", e.Diff.Added}, {"removed", e.Diff.Vanished}} {
		for _, line := range byFolder(part.items) {
			fmt.Fprintf(&b, "  %s %s\n", part.label, line)
		}
	}
	if lines := e.Diff.Excludes(); len(lines) > 0 {
		b.WriteString("to leave the added items out, add to inventory_exclude:\n")
		const most = 40
		for i, l := range lines {
			if i == most {
				fmt.Fprintf(&b, "  # and %d more\n", len(lines)-most)
				break
			}
			fmt.Fprintf(&b, "  - %s\n", l)
		}
	}
	fmt.Fprintf(&b, "set inventory_include / inventory_exclude to the tracker's scope, or run again with %s=1 to accept the difference", e.ForceEnv)
	return b.String()
}

// Excludes are the scope patterns that leave the added items out: a whole
// file when the tracker holds nothing of it, else each item by name.
func (d Diff) Excludes() []string {
	var out []string
	seen := map[string]bool{}
	for _, it := range d.Added {
		file := string(it.Kind) + ":" + it.GoFile
		line := file
		if d.held[string(it.Kind)+" "+it.GoFile] {
			line += ":" + it.GoQualifiedName()
		}
		if !seen[line] {
			seen[line] = true
			out = append(out, line)
		}
	}
	return out
}

// byFolder counts items per Go folder and kind: "12 features, 3 tests in server/pse".
func byFolder(items []port.Item) []string {
	type count struct{ features, tests int }
	counts := map[string]*count{}
	var order []string
	for _, it := range items {
		dir := "."
		if i := strings.LastIndexByte(it.GoFile, '/'); i >= 0 {
			dir = it.GoFile[:i]
		}
		c, ok := counts[dir]
		if !ok {
			c = &count{}
			counts[dir] = c
			order = append(order, dir)
		}
		if it.Kind == port.Test {
			c.tests++
		} else {
			c.features++
		}
	}
	out := make([]string, 0, len(order))
	for _, dir := range order {
		c := counts[dir]
		out = append(out, fmt.Sprintf("%d features, %d tests in %s/", c.features, c.tests, dir))
	}
	return out
}
