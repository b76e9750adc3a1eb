package plan

import (
	"fmt"
	"slices"
	"strings"

	"portwave/mage/inventory"
	"portwave/mage/port"
)

// Mappings is what CheckMappings weighs: every feature in porting.db, the
// rule that turns one into its C# class and member, and what the Go source
// says about the features that collide (optional: without it, parameter
// lists are unknown). ReadGo is asked once, for the colliding features only.
type Mappings struct {
	Features []port.Item
	Target   func(port.Item) (class, member string)
	ReadGo   func([]port.Item) map[inventory.FuncKey]inventory.GoFunc

	goFuncs map[inventory.FuncKey]inventory.GoFunc
}

// ApplyMappings returns items with the plan's mapping overrides written
// into their mapping columns: what porting.db holds once they are applied.
func ApplyMappings(p *Plan, items []port.Item) []port.Item {
	var all []Mapping
	for _, b := range p.Batches {
		all = append(all, b.Mappings...)
	}
	return applyMappings(all, items)
}

// MapItems is ApplyMappings for this batch's overrides only: what its gate
// audits against.
func (b Batch) MapItems(items []port.Item) []port.Item { return applyMappings(b.Mappings, items) }

// DBMappings are the batch's overrides as porting.db writes them.
func (b Batch) DBMappings() []port.Mapping {
	out := make([]port.Mapping, len(b.Mappings))
	for i, m := range b.Mappings {
		out[i] = port.Mapping{Kind: port.Feature, ID: m.ID, Class: m.Class, Member: m.Member, File: m.File}
	}
	return out
}

func applyMappings(maps []Mapping, items []port.Item) []port.Item {
	over := map[int]Mapping{}
	for _, m := range maps {
		over[m.ID] = m
	}
	if len(over) == 0 {
		return items
	}
	out := slices.Clone(items)
	for i, it := range out {
		if m, ok := over[it.ID]; ok && it.Kind == port.Feature {
			out[i] = m.Apply(it)
		}
	}
	return out
}

// Apply returns it with the mapping's non-empty fields in its columns.
func (m Mapping) Apply(it port.Item) port.Item {
	if m.Class != "" {
		it.DotnetClass = m.Class
	}
	if m.Member != "" {
		it.DotnetMember = m.Member
	}
	if m.File != "" {
		it.DotnetFile = m.File
	}
	return it
}

// CheckMappings reports every C# member that several features map to when
// at least one of them is in the plan, naming each with its Go signature
// and where the plan lists it. The audit wants one implemented overload per
// item, so a name C# can hold only once makes a batch impossible to finish:
// that is an error, when the Go functions are on one type and differ only
// in case (healthz and Healthz), or have the same parameter list. Names
// whose functions differ in parameter count are overloads the audit tells
// apart: a warning, so that the agent is told. Mapping overrides in the
// batch files are applied first, and a mapping of a feature the batch does
// not list is an error.
func CheckMappings(p *Plan, m Mappings) Diagnostics {
	v := &validation{plan: p}
	listed := map[int]Pos{}
	batchOf := map[int]int{}
	for _, b := range p.Batches {
		for _, g := range append(append([]Group(nil), b.Features...), b.Added...) {
			for _, r := range g.Ranges {
				for id := r.Lo; id <= r.Hi; id++ {
					if _, ok := listed[id]; !ok {
						listed[id], batchOf[id] = r.Pos, b.ID
					}
				}
			}
		}
		for _, mp := range b.Mappings {
			if !slices.Contains(b.AllIDs(), mp.ID) {
				v.errorf(mp.Pos, "batch %d maps feature %d, which it does not list", b.ID, mp.ID)
			}
		}
	}
	type target struct{ class, member string }
	groups := map[target][]port.Item{}
	var order []target
	for _, it := range ApplyMappings(p, m.Features) {
		if it.Vanished || it.Status == port.NA {
			continue
		}
		c, mem := m.Target(it)
		t := target{c, mem}
		if _, ok := groups[t]; !ok {
			order = append(order, t)
		}
		groups[t] = append(groups[t], it)
	}
	var colliding []target
	var read []port.Item
	for _, t := range order {
		its := groups[t]
		if len(its) < 2 || !slices.ContainsFunc(its, func(it port.Item) bool { _, ok := listed[it.ID]; return ok }) {
			continue
		}
		colliding = append(colliding, t)
		read = append(read, its...)
	}
	if m.ReadGo != nil && len(read) > 0 {
		m.goFuncs = m.ReadGo(read)
	}
	for _, t := range colliding {
		its := groups[t]
		at, first := Pos{}, true
		for _, it := range its {
			if pos, ok := listed[it.ID]; ok && (first || pos.Line < at.Line) {
				at, first = pos, false
			}
		}
		var parts []string
		for _, it := range its {
			part := fmt.Sprintf("feature %d %s at %s:%d", it.ID, m.signature(it), it.GoFile, it.GoLine)
			if pos, ok := listed[it.ID]; ok {
				part += fmt.Sprintf(" (batch %d, %s)", batchOf[it.ID], pos)
			}
			parts = append(parts, part)
		}
		name := t.class + "." + t.member
		if why := m.clash(its); why != "" {
			v.errorf(at, "%d features map to %s, and C# can hold only one of them (%s): %s; give all but one a mapping override (mappings: in the batch file, or mage db:map FILE)",
				len(its), name, why, strings.Join(parts, "; "))
			continue
		}
		v.warnf(at, "%d features map to %s, told apart by parameter count: %s", len(its), name, strings.Join(parts, "; "))
	}
	sortDiagnostics(v.d.Errors)
	sortDiagnostics(v.d.Warnings)
	return v.d
}

// signature is the item's Go signature, or a short form from porting.db
// when the Go source was not read.
func (m Mappings) signature(it port.Item) string {
	if g, ok := m.goFuncs[inventory.FuncKey{Kind: it.Kind, ID: it.ID}]; ok && g.Signature != "" {
		return g.Signature
	}
	if it.GoReceiver != "" {
		return fmt.Sprintf("func (%s) %s(...)", it.GoReceiver, it.GoName)
	}
	return fmt.Sprintf("func %s(...)", it.GoName)
}

// clash says why C# cannot hold every one of its as an overload, or "".
func (m Mappings) clash(its []port.Item) string {
	for i, a := range its {
		for _, b := range its[i+1:] {
			ga, oka := m.goFuncs[inventory.FuncKey{Kind: a.Kind, ID: a.ID}]
			gb, okb := m.goFuncs[inventory.FuncKey{Kind: b.Kind, ID: b.ID}]
			known := oka && okb
			switch {
			case known && ga.Params != gb.Params:
				continue // overloads by parameter count
			case known && paramList(ga.Signature) == paramList(gb.Signature):
				return fmt.Sprintf("%d and %d have the same parameter list", a.ID, b.ID)
			case a.GoReceiver == b.GoReceiver && a.GoName != b.GoName && strings.EqualFold(a.GoName, b.GoName):
				return fmt.Sprintf("%s and %s differ only in case on one type", a.GoQualifiedName(), b.GoQualifiedName())
			case a.GoReceiver == b.GoReceiver && a.GoName == b.GoName && a.GoFile != b.GoFile:
				return fmt.Sprintf("%d and %d are the same name on one type", a.ID, b.ID)
			}
		}
	}
	return ""
}

// paramList is the parameter part of a printed Go signature, names and
// receiver left out: "(opts *HealthzOptions)" -> "*HealthzOptions".
func paramList(sig string) string {
	_, rest, ok := strings.Cut(sig, "func ")
	if !ok {
		return sig
	}
	if strings.HasPrefix(rest, "(") { // the receiver
		if i := strings.Index(rest, ")"); i >= 0 {
			rest = rest[i+1:]
		}
	}
	open := strings.Index(rest, "(")
	if open < 0 {
		return rest
	}
	depth, end := 0, len(rest)
	for i := open; i < len(rest); i++ {
		switch rest[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			if depth--; depth == 0 {
				end = i
			}
		}
		if end != len(rest) {
			break
		}
	}
	var types []string
	for _, p := range strings.Split(rest[open+1:end], ",") {
		f := strings.Fields(p)
		if len(f) > 0 {
			types = append(types, f[len(f)-1])
		}
	}
	return strings.Join(types, ",")
}
