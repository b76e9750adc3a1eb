package audit

import (
	"fmt"
	"strconv"
	"strings"

	"portwave/mage/audit/csharp"
	"portwave/mage/port"
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
// causes (nil when the status stays). Reason says why, for history and
// output; it is worded only when asked, since most findings change nothing.
type Finding struct {
	Item       *port.Item // into the items classified (not a copy: every item gets a finding); they must not change while it is used
	Class      string
	Member     string
	Verdict    Verdict
	Change     *portdb.Change
	Regression bool

	ev    evidence
	need  int
	sig   sigMatch
	files []string // the class's files, for "not found" reasons
	held  int      // files that failed to scan, when a demotion was held back
}

// Where is the file:line of the member that decided, or "".
func (f Finding) Where() string {
	var e *Entry
	switch f.Verdict {
	case Implemented, Ambiguous:
		e = f.ev.firstImpl
	case Skipped:
		e = f.ev.first
	case StubFound:
		e = f.ev.firstStub
	}
	if e == nil {
		return ""
	}
	return e.File + ":" + strconv.Itoa(e.Line)
}

// Reason says in one line why the item stands where it does.
func (f Finding) Reason() string {
	r := f.reason()
	if f.held > 0 {
		r += fmt.Sprintf("; not demoted while %d file(s) failed to scan", f.held)
	}
	return r
}

func (f Finding) reason() string {
	name := f.Class + "." + f.Member
	switch f.Verdict {
	case Implemented:
		r := fmt.Sprintf("%s implemented at %s", name, f.Where())
		if via := f.ev.firstImpl.Via; via != "" {
			r += " (" + via + ")"
		}
		if f.ev.firstImpl.Trivial {
			r += " (empty, as its Go function is)"
		}
		return r
	case Ambiguous:
		if f.sig.shared {
			return fmt.Sprintf("%s: no implemented overload with %d parameter(s) of its own (%d implemented, each counted for one item mapped to it at most)", name, f.sig.params, f.ev.implemented)
		}
		return fmt.Sprintf("%s: %d implemented overload(s) for %d items mapped to it", name, f.ev.implemented, f.need)
	case Skipped:
		return fmt.Sprintf("%s skipped at %s: %s", name, f.Where(), f.ev.skip)
	case StubFound:
		return fmt.Sprintf("%s is a stub at %s", name, f.Where())
	case Untrusted:
		return fmt.Sprintf("%s is only in files that failed to scan", name)
	}
	switch {
	case f.ev.notTests > 0:
		return fmt.Sprintf("%s has no test attribute ([Fact], [Theory], [Test] or [TestMethod])", name)
	case len(f.files) == 0:
		return fmt.Sprintf("no class %s in the C# tree", f.Class)
	}
	return fmt.Sprintf("no member %s in class %s (%s)", f.Member, f.Class, strings.Join(f.files, ", "))
}

// evidence is what the index holds for one mapped name: how many overloads
// of each kind, and the first of each to point at. The pointers are into
// the index, which outlives the findings: a copy of each Entry made every
// finding of a full audit several hundred bytes larger.
type evidence struct {
	implemented, stubs, skipped int
	firstImpl, firstStub, first *Entry
	skip                        string
	untrusted                   int // overloads found only in failed files
	notTests                    int // members found without a test attribute
	exact                       int // implemented overloads with the item's parameter count
	firstExact                  *Entry
}

// sigMatch is what the Go source says about an item, for telling its
// overload from the others of its name.
type sigMatch struct {
	params  int  // the Go function's parameters, receiver excluded; -1 when unknown
	shared  bool // other items with known signatures claim the same name
	own     bool // shared, and an implemented overload was given to this item (shareOverloads)
	goEmpty bool // the Go function's body is empty
}

var unknownSig = sigMatch{params: -1}

func (idx *Index) evidence(kind port.Kind, class, member string, sig sigMatch) evidence {
	var ev evidence
	overloads := idx.Overloads(class, member)
	for i := range overloads {
		e := &overloads[i]
		body := e.Body
		if sig.goEmpty && body == csharp.Stub && e.Trivial {
			body = csharp.Implemented // an empty body for an empty Go function is the port
		}
		if idx.FileFailed(e.File) {
			ev.untrusted++
			continue
		}
		if kind == port.Test && !e.Test {
			ev.notTests++
			continue
		}
		switch {
		case kind == port.Test && e.Skip != "":
			if ev.skipped == 0 {
				ev.first, ev.skip = e, e.Skip
			}
			ev.skipped++
		case body == csharp.Implemented:
			if ev.implemented == 0 {
				ev.firstImpl = e
			}
			ev.implemented++
			if sig.params >= 0 && e.Params == sig.params {
				if ev.exact == 0 {
					ev.firstExact = e
				}
				ev.exact++
			}
		case body == csharp.Stub:
			if ev.stubs == 0 {
				ev.firstStub = e
			}
			ev.stubs++
		}
	}
	return ev
}

// decide classifies one item and works out its transition.
//
// Promotion needs unshared evidence: when several items map to one C# name
// (Go's Match and match both becoming SubjectTree.Match), each needs an
// implemented overload of its own, so need claimants need as many
// implemented overloads. Fewer is ambiguous and promotes nothing: a false
// promotion hides unported work, which is worse than leaving done work to
// a person's eye. Demotion is as careful: a verified item is demoted only
// when no implemented overload is left, and never while some file could
// not be scanned.
//
// With the Go signatures known, items sharing a name are matched to
// overloads by parameter count, each overload to one item at most
// (shareOverloads): an item is implemented when it was given one.
func (idx *Index) decide(it *port.Item, class, member string, need int, sig sigMatch) Finding {
	f := Finding{Item: it, Class: class, Member: member, need: need, sig: sig}
	ev := idx.evidence(it.Kind, class, member, sig)
	bySig := sig.shared
	if bySig && ev.exact > 0 {
		ev.firstImpl = ev.firstExact
	}
	f.ev = ev
	switch {
	case bySig && sig.own:
		f.Verdict = Implemented
	case bySig && ev.implemented > 0:
		f.Verdict = Ambiguous
	case ev.implemented > 0 && ev.implemented >= need:
		f.Verdict = Implemented
	case ev.implemented > 0:
		f.Verdict = Ambiguous
	case ev.skipped > 0:
		f.Verdict = Skipped
	case ev.stubs > 0:
		f.Verdict = StubFound
	case ev.untrusted > 0:
		f.Verdict = Untrusted
	default:
		f.Verdict, f.files = Missing, idx.ClassFiles(class)
	}
	idx.transition(&f)
	return f
}

// transition applies the status rules to a classified item.
func (idx *Index) transition(f *Finding) {
	from := f.Item.Status
	to := from
	switch f.Verdict {
	case Implemented:
		if from != port.NA {
			to = port.Verified
		}
	case StubFound:
		switch from {
		case port.Unknown:
			to = port.Stub
		case port.Verified:
			to, f.Regression = port.Stub, true
		}
	case Skipped:
		switch from {
		case port.Unknown, port.Stub:
			to = port.Deferred
		case port.Verified:
			to, f.Regression = port.Deferred, true
		}
	case Missing:
		switch from {
		case port.Stub:
			to = port.Unknown
		case port.Verified:
			to, f.Regression = port.Unknown, true
		}
	}
	if f.Regression && len(idx.failed) > 0 {
		// A file that failed to scan may hold the member; do not demote on
		// incomplete evidence.
		to, f.Regression, f.held = from, false, len(idx.failed)
	}
	if to != from {
		f.Change = &portdb.Change{Kind: f.Item.Kind, ID: f.Item.ID, From: from, To: to, Reason: f.Reason()}
	}
}
