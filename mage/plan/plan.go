// Package plan is the porting plan as data: batches of feature IDs with
// target files, dependencies and waves.
//
// A plan is written once as a markdown document (ImportDocument), kept as one
// YAML file per batch under batches/ (WriteBatches, LoadBatches), checked
// against porting.db (Validate), ordered as a dependency graph (Order,
// CriticalPath) and summarised for people (Summarize, WriteText).
//
// The markdown parser is hand-written rather than built on a markdown
// library because the plan format is a small fixed set of line shapes, and
// every error has to name the exact line and column of the bad input, which a
// markdown AST does not keep for inline text. The batch files are read with
// the yaml.v3 node API for the same reason: every value keeps its position.
package plan

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Plan is a whole porting plan: its batches and what the document says
// around them.
type Plan struct {
	Title           string         // the document's "# " heading
	Document        string         // the plan document the batches came from
	Context         string         // the "## Context" section, as written
	ExpectedOutcome []string       // the "## Expected Outcome" bullets, as written
	WaveNotes       map[int]string // "parallel, after Wave 1" for wave 2, ...
	Batches         []Batch        // ordered by ID

	// docLines maps places in the batch files to the plan document's
	// lines they were generated from (LoadBatches; see Locate).
	docLines map[Pos]int
	// source is the path the document was read from (ImportDocument),
	// for NameDocument.
	source string
	// lines are the text of every file the plan was read from, by the
	// name its positions use, for the source line under an error (quote).
	lines map[string][]string
}

// Batch is one unit of work handed to one agent.
type Batch struct {
	ID          int
	Name        string
	Wave        int
	Summary     string
	Declared    int // the feature count the plan states for the batch
	DependsOn   []Dep
	DependsNote string // why, as the plan explains it
	Targets     []Target
	Features    []Group // the IDs the batch's own section lists
	Added       []Group // IDs another section adds to the batch
	// Mappings override where features live in C#, for this batch's items
	// (see Mapping); the batch file's "mappings:" list.
	Mappings []Mapping
	// Accepted are calls the batch may make into batches that are not
	// ported before it, as the plan says: no dependency is implied for them
	// and validate does not warn about them.
	Accepted     []AcceptedCall
	AcceptedNote string
	// Implied are the dependencies its calls imply (ImplyDependencies):
	// derived from the call graph, never written to the batch file.
	Implied []ImpliedDep

	Pos         Pos // the batch's heading or file
	WavePos     Pos
	DeclaredPos Pos // zero when the plan states no count
	DependsPos  Pos // the dependencies, zero when not given
	AcceptedPos Pos // the accepted calls, zero when not given

	// Lines are where the batch is in the plan document it was imported
	// from, kept in the batch file so that messages about it can point
	// there (Plan.Locate); zero when not known.
	Lines DocLines
}

// DocLines are the lines of the plan document a batch's parts come from.
// The lines of its targets and feature groups are on those.
type DocLines struct {
	Heading, Dependencies, Wave, Accepted int
}

// Mapping points one feature at a C# member other than the one porting.db
// or the naming convention gives it: the way out of a collision, where
// several Go functions map to one C# member that can hold only one of them.
// Empty fields keep what porting.db says.
type Mapping struct {
	ID     int
	Class  string
	Member string
	File   string
	Pos    Pos
}

// AcceptedCall is a call the plan accepts unordered: every call from the
// batch into batch Batch, or the one call From -> To (feature IDs).
type AcceptedCall struct {
	Batch    int
	From, To int
	Pos      Pos
}

// String is the form the plan writes it in: "Batch 46" or "883 -> 2223".
func (a AcceptedCall) String() string {
	if a.Batch != 0 {
		return fmt.Sprintf("Batch %d", a.Batch)
	}
	return fmt.Sprintf("%d -> %d", a.From, a.To)
}

// Dep is one dependency of a batch on another batch.
type Dep struct {
	ID  int
	Pos Pos
}

// Target is a C# file, relative to the C# root, that the batch may change.
type Target struct {
	Path string
	Note string
	Pos  Pos
	Line int // in the plan document, 0 when not known
}

// Group is a labelled list of feature IDs ("Monitor helpers: 2166-2167, ...").
type Group struct {
	Label  string
	Ranges Ranges
	Note   string
	Pos    Pos
	Line   int // in the plan document, 0 when not known
}

// Wave is a set of batches the plan runs together.
type Wave struct {
	Number  int
	Note    string
	Batches []int
}

// Batch returns the batch with the given ID.
func (p *Plan) Batch(id int) (*Batch, bool) {
	for i := range p.Batches {
		if p.Batches[i].ID == id {
			return &p.Batches[i], true
		}
	}
	return nil, false
}

// Find returns the batch with the given ID, or the one error for a batch
// number the plan does not have: it lists the numbers the plan does have,
// so the next command is right.
func (p *Plan) Find(id int) (*Batch, error) {
	if b, ok := p.Batch(id); ok {
		return b, nil
	}
	if len(p.Batches) == 0 {
		return nil, fmt.Errorf("batch %d is not in the plan: the plan has no batches yet (go run mage.go plan:import)", id)
	}
	ids := make([]string, len(p.Batches))
	for i, b := range p.Batches {
		ids[i] = strconv.Itoa(b.ID)
	}
	return nil, fmt.Errorf("batch %d is not in the plan; its batches are %s", id, strings.Join(ids, ", "))
}

// Waves groups the batches by wave, in wave order, batches by ID.
func (p *Plan) Waves() []Wave {
	byNumber := map[int]*Wave{}
	var waves []*Wave
	for _, b := range p.Batches {
		w, ok := byNumber[b.Wave]
		if !ok {
			w = &Wave{Number: b.Wave, Note: p.WaveNotes[b.Wave]}
			byNumber[b.Wave] = w
			waves = append(waves, w)
		}
		w.Batches = append(w.Batches, b.ID)
	}
	out := make([]Wave, 0, len(waves))
	for _, w := range waves {
		slices.Sort(w.Batches)
		out = append(out, *w)
	}
	slices.SortFunc(out, func(a, b Wave) int { return a.Number - b.Number })
	return out
}

// IDs lists the feature IDs of the batch's own section, in the order written.
func (b Batch) IDs() []int { return groupIDs(b.Features) }

// AddedIDs lists the IDs other sections add to the batch.
func (b Batch) AddedIDs() []int { return groupIDs(b.Added) }

// AllIDs is IDs followed by AddedIDs: everything the batch has to port.
func (b Batch) AllIDs() []int { return append(b.IDs(), b.AddedIDs()...) }

// RunDeps lists the batches that run before this one: the declared
// dependencies, then the implied ones.
func (b Batch) RunDeps() []int {
	ids := b.DepIDs()
	for _, d := range b.Implied {
		if !slices.Contains(ids, d.On) {
			ids = append(ids, d.On)
		}
	}
	return ids
}

// ImpliedIDs lists the batches this one runs after for its calls only.
func (b Batch) ImpliedIDs() []int {
	var ids []int
	for _, d := range b.Implied {
		ids = append(ids, d.On)
	}
	return ids
}

// DepIDs lists the batches this one depends on.
func (b Batch) DepIDs() []int {
	ids := make([]int, len(b.DependsOn))
	for i, d := range b.DependsOn {
		ids[i] = d.ID
	}
	return ids
}

// Slug is the batch name in lower case with dashes, for file names.
func (b Batch) Slug() string {
	var sb strings.Builder
	dash := false
	for _, r := range strings.ToLower(b.Name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && sb.Len() > 0 {
				sb.WriteByte('-')
			}
			sb.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	if sb.Len() == 0 {
		return "batch"
	}
	return sb.String()
}

func groupIDs(groups []Group) []int {
	var ids []int
	for _, g := range groups {
		ids = append(ids, g.Ranges.IDs()...)
	}
	return ids
}
