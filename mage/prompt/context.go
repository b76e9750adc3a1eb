package prompt

import (
	"fmt"
	"slices"
	"strings"

	"portwave/mage/callgraph"
	"portwave/mage/plan"
	"portwave/mage/port"
)

// CharsPerToken is the budget's estimate of a token: about four characters
// of English or code.
const CharsPerToken = 4

// Tokens estimates the tokens of a text.
func Tokens(s string) int { return (len(s) + CharsPerToken - 1) / CharsPerToken }

// ContextInput is what the context section is built from.
type ContextInput struct {
	Plan        *plan.Plan
	Batch       plan.Batch
	Items       map[int]port.Item
	Target      func(port.Item) (class, member string) // the C# class and member of an item
	ClassMap    map[string]string                      // Go type -> C# class, as for receivers
	Graph       *callgraph.Graph
	Tree        *CSharpTree // nil: no signatures, no type files
	TokenBudget int         // tokens the section may take
}

// Context is the section and what it cost.
type Context struct {
	Text        string
	Tokens      int
	TokenBudget int
	Cut         []Cut // what did not fit, in the order it was cut
}

// Cut is how much of one kind of line was left out.
type Cut struct {
	What   string
	Lines  int
	Of     int
	Tokens int
}

// The sections of the context, in the order they are written. Their
// priority, lowest cut first, is in cutOrder.
const (
	secPorted = iota
	secEarlier
	secNotYet
	secTogether
	secFeatures
	secTypes
	secTypesUnknown
	nSections
)

var sectionHeads = [nSections]string{
	secPorted:       "### Callees already ported: call these C# members as declared",
	secEarlier:      "### Callees an earlier batch ports before this one runs",
	secNotYet:       "### Callees not ported before this batch\n\nCall the C# member by the name given: its own batch ports it. If the C# tree does not declare it yet, declare it in one of your target files as a stub that throws NotImplementedException, and do not port it here.",
	secTogether:     "### Callees in this batch: port them together, under these names",
	secFeatures:     "### What each feature calls (callee IDs as listed above) and uses",
	secTypes:        "### Go types used, with their C# form",
	secTypesUnknown: "### Go types used with no C# type in the tree yet (the name the convention gives)",
}

// cutOrder is the order sections lose lines when the budget is short: the
// least useful first. Signatures of ported callees go last: without them
// the agent guesses names and parameter types, the most common build break.
var cutOrder = []int{secTypesUnknown, secTypes, secTogether, secFeatures, secNotYet, secEarlier, secPorted}

var sectionNames = [nSections]string{
	secPorted: "ported callees", secEarlier: "callees of earlier batches", secNotYet: "callees not yet ported",
	secTogether: "callees in this batch", secFeatures: "per-feature lines", secTypes: "type mappings", secTypesUnknown: "unmapped types",
}

const contextHead = "## Context: what these features call and use\n\nFrom the Go call graph and the C# tree, for reference; port only the features above."

// BuildContext writes the context section for a batch within its token
// budget. The order is deterministic: callees by their first call in the
// batch's feature order, types by name. When the whole does not fit, lines
// are cut section by section in cutOrder, the last lines of a section
// first.
func BuildContext(in ContextInput) Context {
	var lines [nSections][]string
	in.callees(&lines)
	in.types(&lines)
	return fit(lines, in.TokenBudget)
}

func (in ContextInput) callees(lines *[nSections][]string) {
	inBatch := map[int]bool{}
	for _, id := range in.Batch.AllIDs() {
		inBatch[id] = true
	}
	owner := map[int]plan.Batch{}
	if in.Plan != nil {
		for _, b := range in.Plan.Batches {
			for _, id := range b.AllIDs() {
				if _, ok := owner[id]; !ok {
					owner[id] = b
				}
			}
		}
	}
	ids := callgraph.IDs(in.itemList())
	seen := map[int]bool{}
	for _, id := range in.Batch.AllIDs() {
		it, ok := in.Items[id]
		if !ok || in.Graph == nil || it.Status.Done() {
			continue // the prompt lists only what is left to port
		}
		n, ok := in.Graph.Node(callgraph.KeyOf(it))
		if !ok {
			continue
		}
		var calls []string
		mine := map[int]bool{}
		for _, c := range n.Calls {
			to, ok := ids[c.Callee]
			if !ok || to == id || mine[to] {
				continue
			}
			mine[to] = true
			calls = append(calls, fmt.Sprint(to))
			if seen[to] {
				continue
			}
			seen[to] = true
			sec, line := in.callee(in.Items[to], inBatch[to], owner)
			lines[sec] = append(lines[sec], line)
		}
		if len(calls) > 0 || len(n.Types) > 0 {
			l := fmt.Sprintf("- %d %s:", id, it.GoQualifiedName())
			if len(calls) > 0 {
				l += " calls " + strings.Join(calls, ", ")
			}
			if len(n.Types) > 0 {
				if len(calls) > 0 {
					l += ";"
				}
				l += " uses " + strings.Join(n.Types, ", ")
			}
			lines[secFeatures] = append(lines[secFeatures], l)
		}
	}
}

// callee is one callee's line and the section it goes in.
func (in ContextInput) callee(it port.Item, together bool, owner map[int]plan.Batch) (int, string) {
	class, member := in.Target(it)
	line := fmt.Sprintf("- %d %s -> %s.%s", it.ID, it.GoQualifiedName(), class, member)
	sig, found := in.Tree.Signature(class, member)
	withSig := func(s string) string {
		if !found {
			return s + "; not in the C# tree yet"
		}
		return fmt.Sprintf("%s: %s (%s)", s, Code(sig.Text), OneLine(fmt.Sprintf("%s:%d", sig.File, sig.Line)))
	}
	b, planned := owner[it.ID]
	switch {
	case it.Status.Done():
		return secPorted, withSig(fmt.Sprintf("%s (%s)", line, it.Status))
	case together:
		return secTogether, line
	case planned && in.Plan.RunsAfter(in.Batch.ID, b.ID):
		// Only a dependency, declared or implied by the calls, makes
		// every run (all, the waves, the batch targets) port it first.
		return secEarlier, withSig(fmt.Sprintf("%s (batch %d, wave %d; now %s)", line, b.ID, b.Wave, it.Status))
	case planned && b.Wave < in.Batch.Wave:
		return secNotYet, withSig(fmt.Sprintf("%s (batch %d, wave %d, which this batch does not wait for; now %s)", line, b.ID, b.Wave, it.Status))
	case planned && b.Wave == in.Batch.Wave:
		return secNotYet, withSig(fmt.Sprintf("%s (batch %d, in parallel in wave %d; now %s)", line, b.ID, b.Wave, it.Status))
	case planned:
		return secNotYet, withSig(fmt.Sprintf("%s (batch %d, later in wave %d; now %s)", line, b.ID, b.Wave, it.Status))
	}
	return secNotYet, withSig(fmt.Sprintf("%s (in no batch; now %s)", line, it.Status))
}

func (in ContextInput) types(lines *[nSections][]string) {
	if in.Graph == nil {
		return
	}
	used := map[string]bool{}
	for _, id := range in.Batch.AllIDs() {
		if it, ok := in.Items[id]; ok && !it.Status.Done() {
			if n, ok := in.Graph.Node(callgraph.KeyOf(it)); ok {
				for _, t := range n.Types {
					used[t] = true
				}
			}
		}
	}
	names := make([]string, 0, len(used))
	for t := range used {
		names = append(names, t)
	}
	slices.Sort(names)
	for _, t := range names {
		cs, ok := in.ClassMap[t]
		if !ok {
			cs = strings.ToUpper(t[:1]) + t[1:]
		}
		if file, ok := in.Tree.TypeFile(cs); ok {
			lines[secTypes] = append(lines[secTypes], fmt.Sprintf("- %s -> %s (%s)", t, cs, file))
		} else {
			lines[secTypesUnknown] = append(lines[secTypesUnknown], fmt.Sprintf("- %s -> %s", t, cs))
		}
	}
}

func (in ContextInput) itemList() []port.Item {
	out := make([]port.Item, 0, len(in.Items))
	for _, it := range in.Items {
		out = append(out, it)
	}
	slices.SortFunc(out, func(a, b port.Item) int { return a.ID - b.ID })
	return out
}

// fit keeps as many lines as the budget allows and writes the section.
func fit(lines [nSections][]string, budget int) Context {
	keep := [nSections]int{}
	size := len(contextHead)
	for s := range lines {
		keep[s] = len(lines[s])
		size += sectionSize(lines[s], keep[s], s)
	}
	c := Context{TokenBudget: budget}
	limit := budget * CharsPerToken
	for _, s := range cutOrder {
		cut := Cut{What: sectionNames[s], Of: len(lines[s])}
		for size > limit && keep[s] > 0 {
			before := sectionSize(lines[s], keep[s], s)
			keep[s]--
			after := sectionSize(lines[s], keep[s], s)
			size -= before - after
			cut.Lines++
			cut.Tokens += Tokens(lines[s][keep[s]])
		}
		if cut.Lines > 0 {
			c.Cut = append(c.Cut, cut)
		}
	}
	total := 0
	for s := range keep {
		total += keep[s]
	}
	if total == 0 {
		return c
	}
	var b strings.Builder
	b.WriteString(contextHead)
	for s := range lines {
		if keep[s] == 0 {
			continue
		}
		b.WriteString("\n\n" + sectionHeads[s] + "\n")
		for _, l := range lines[s][:keep[s]] {
			b.WriteString("\n" + l)
		}
	}
	c.Text = b.String()
	c.Tokens = Tokens(c.Text)
	return c
}

// sectionSize is the bytes a section takes with its first n lines.
func sectionSize(lines []string, n, s int) int {
	if n == 0 {
		return 0
	}
	size := 2 + len(sectionHeads[s]) + 1
	for _, l := range lines[:n] {
		size += 1 + len(l)
	}
	return size
}
