package audit

import (
	"fmt"
	"strings"

	"portwave/mage/audit/csharp"
	"portwave/mage/portdb"
)

// Verdict is what the C# tree says about one item.
type Verdict string

// The verdicts, from the tree's point of view.
const (
	Implemented Verdict = "implemented" // a real body exists
	StubFound   Verdict = "stub"        // only stubs exist
	Skipped     Verdict = "skipped"     // a test that carries Skip = "..."
	Missing     Verdict = "missing"     // no such member in the class
	Ambiguous   Verdict = "ambiguous"   // fewer implemented overloads than items claiming the name
	Untrusted   Verdict = "untrusted"   // the evidence sits in a file that failed to scan
)

// Finding is the audit's conclusion about one item, with the change it
// causes (nil when the status stays) and the reason written to history.
type Finding struct {
	Item       portdb.Item
	Class      string
	Member     string
	Verdict    Verdict
	Where      string // file:line of the member that decided, if any
	Reason     string
	Change     *portdb.Change
	Regression bool
}

// evidence is what the index holds for one mapped name.
type evidence struct {
	implemented, stubs, skipped []Entry
	untrusted                   int // overloads found only in failed files
	notTests                    int // members found without a test attribute
}

func (idx *Index) evidence(kind portdb.Kind, class, member string) evidence {
	var ev evidence
	for _, e := range idx.Overloads(class, member) {
		if idx.FileFailed(e.File) {
			ev.untrusted++
			continue
		}
		if kind == portdb.Test && !e.Test {
			ev.notTests++
			continue
		}
		switch {
		case kind == portdb.Test && e.Skip != "":
			ev.skipped = append(ev.skipped, e)
		case e.Body == csharp.Implemented:
			ev.implemented = append(ev.implemented, e)
		case e.Body == csharp.Stub:
			ev.stubs = append(ev.stubs, e)
		}
	}
	return ev
}

func where(e Entry) string { return fmt.Sprintf("%s:%d", e.File, e.Line) }

// decide classifies one item and works out its transition.
//
// Promotion needs unshared evidence: when several items map to one C# name
// (Go's Match and match both becoming SubjectTree.Match), each needs an
// implemented overload of its own, so N claimants need N implemented
// overloads. Fewer is ambiguous and promotes nothing: a false promotion hides
// unported work, which is worse than leaving done work to a person's eye.
// Demotion is as careful: a verified item is demoted only when no implemented
// overload is left, and never while some file could not be scanned.
func (idx *Index) decide(it portdb.Item, class, member string, claimants int) Finding {
	f := Finding{Item: it, Class: class, Member: member}
	ev := idx.evidence(it.Kind, class, member)
	switch {
	case len(ev.implemented) > 0 && len(ev.implemented) >= claimants:
		f.Verdict, f.Where = Implemented, where(ev.implemented[0])
		f.Reason = fmt.Sprintf("%s.%s implemented at %s", class, member, f.Where)
	case len(ev.implemented) > 0:
		f.Verdict, f.Where = Ambiguous, where(ev.implemented[0])
		f.Reason = fmt.Sprintf("%s.%s: %d implemented overload(s) for %d items mapped to it", class, member, len(ev.implemented), claimants)
	case len(ev.skipped) > 0:
		f.Verdict, f.Where = Skipped, where(ev.skipped[0])
		f.Reason = fmt.Sprintf("%s.%s skipped at %s: %s", class, member, f.Where, ev.skipped[0].Skip)
	case len(ev.stubs) > 0:
		f.Verdict, f.Where = StubFound, where(ev.stubs[0])
		f.Reason = fmt.Sprintf("%s.%s is a stub at %s", class, member, f.Where)
	case ev.untrusted > 0:
		f.Verdict = Untrusted
		f.Reason = fmt.Sprintf("%s.%s is only in files that failed to scan", class, member)
	default:
		f.Verdict = Missing
		f.Reason = idx.missingReason(it.Kind, class, member, ev)
	}
	idx.transition(&f)
	return f
}

func (idx *Index) missingReason(kind portdb.Kind, class, member string, ev evidence) string {
	files := idx.ClassFiles(class)
	switch {
	case ev.notTests > 0:
		return fmt.Sprintf("%s.%s has no test attribute ([Fact], [Theory], [Test] or [TestMethod])", class, member)
	case len(files) == 0:
		return fmt.Sprintf("no class %s in the C# tree", class)
	}
	return fmt.Sprintf("no member %s in class %s (%s)", member, class, strings.Join(files, ", "))
}

// transition applies the status rules to a classified item.
func (idx *Index) transition(f *Finding) {
	from := f.Item.Status
	to := from
	switch f.Verdict {
	case Implemented:
		if from != portdb.NA {
			to = portdb.Verified
		}
	case StubFound:
		switch from {
		case portdb.Unknown:
			to = portdb.Stub
		case portdb.Verified:
			to, f.Regression = portdb.Stub, true
		}
	case Skipped:
		switch from {
		case portdb.Unknown, portdb.Stub:
			to = portdb.Deferred
		case portdb.Verified:
			to, f.Regression = portdb.Deferred, true
		}
	case Missing:
		switch from {
		case portdb.Stub:
			to = portdb.Unknown
		case portdb.Verified:
			to, f.Regression = portdb.Unknown, true
		}
	}
	if f.Regression && len(idx.failed) > 0 {
		// A file that failed to scan may hold the member; do not demote on
		// incomplete evidence.
		to, f.Regression = from, false
		f.Reason += fmt.Sprintf("; not demoted while %d file(s) failed to scan", len(idx.failed))
	}
	if to != from {
		f.Change = &portdb.Change{Kind: f.Item.Kind, ID: f.Item.ID, From: from, To: to, Reason: f.Reason}
	}
}
