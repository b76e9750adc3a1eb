package inventory

import (
	"fmt"
	"strings"

	"portwave/mage/portdb"
)

// Diff is what an inventory would change in the set of tracked items.
type Diff struct {
	Added    []portdb.Item // new items, status unknown
	Vanished []portdb.Item // items no longer found
	// Tracked is set when the database already holds statuses other than
	// unknown: then a change of scope moves the headline.
	Tracked bool
}

// Changes is how many items would be added or removed.
func (d Diff) Changes() int { return len(d.Added) + len(d.Vanished) }

// Compare tells what merged adds to or removes from existing.
func Compare(existing, merged []portdb.Item) Diff {
	type key struct {
		kind portdb.Kind
		id   int
	}
	before := map[key]portdb.Item{}
	var d Diff
	for _, it := range existing {
		before[key{it.Kind, it.ID}] = it
		if it.Status != portdb.Unknown {
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
		items []portdb.Item
	}{{"added", e.Diff.Added}, {"removed", e.Diff.Vanished}} {
		for _, line := range byFolder(part.items) {
			fmt.Fprintf(&b, "  %s %s\n", part.label, line)
		}
	}
	fmt.Fprintf(&b, "set inventory_include / inventory_exclude to the tracker's scope, or run again with %s=1 to accept the difference", e.ForceEnv)
	return b.String()
}

// byFolder counts items per Go folder and kind: "12 features, 3 tests in server/pse".
func byFolder(items []portdb.Item) []string {
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
		if it.Kind == portdb.Test {
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
