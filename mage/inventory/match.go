package inventory

import (
	"cmp"
	"slices"

	"portwave/mage/port"
)

// where names a declaration in its file; at names it anywhere in the tree.
type (
	where struct{ file, receiver, name string }
	at    struct{ receiver, name string }
)

// match pairs each declaration with the existing item it continues: m[i] is
// an index into olds, or -1 for a new declaration. See Merge for the rules.
func match(olds []port.Item, decls []Decl) []int {
	m := make([]int, len(decls))
	taken := make([]bool, len(olds))

	// Pass 1: same file, receiver and name; the n-th declaration of a name
	// in a file continues the n-th item of that name.
	byWhere := map[where][]int{}
	for j, it := range olds {
		k := where{it.GoFile, it.GoReceiver, it.GoName}
		byWhere[k] = append(byWhere[k], j)
	}
	for _, js := range byWhere {
		slices.SortFunc(js, func(a, b int) int {
			x, y := olds[a], olds[b]
			return cmp.Or(compareBool(x.Vanished, y.Vanished), cmp.Compare(x.GoLine, y.GoLine), cmp.Compare(x.ID, y.ID))
		})
	}
	seen := map[where]int{}
	for i, d := range decls {
		k := where{d.GoFile, d.GoReceiver, d.GoName}
		n := seen[k]
		seen[k] = n + 1
		m[i] = -1
		if js := byWhere[k]; n < len(js) {
			m[i] = js[n]
			taken[js[n]] = true
		}
	}

	// Pass 2: moves. Only a pairing that is unique on both sides counts.
	oldAt := map[at][]int{}
	for j, it := range olds {
		if !taken[j] && movable(it.GoName) {
			k := at{it.GoReceiver, it.GoName}
			oldAt[k] = append(oldAt[k], j)
		}
	}
	declAt := map[at][]int{}
	for i, d := range decls {
		if m[i] < 0 && movable(d.GoName) {
			k := at{d.GoReceiver, d.GoName}
			declAt[k] = append(declAt[k], i)
		}
	}
	for k, is := range declAt {
		if js := oldAt[k]; len(is) == 1 && len(js) == 1 {
			m[is[0]] = js[0]
		}
	}
	return m
}

func movable(name string) bool { return name != "init" && name != "_" }

// compareBool puts false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}
