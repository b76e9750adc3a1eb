package plan

import (
	"bytes"
	"fmt"
	"path/filepath"
	"portwave/mage/input"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The headings of a plan document. A "### Batch ..." or "### Wave ..."
// heading that does not match is an error, not a section to skip, so that a
// typo cannot silently drop a batch.
var (
	batchHeading = regexp.MustCompile(`^### Batch (\d+): (.+) \((\d+) features?\)$`)
	addedHeading = regexp.MustCompile(`^### (.+) \(added to Batch (\d+)\)$`)
	waveHeading  = regexp.MustCompile(`^### Wave (\d+)(?: \((.*)\))?$`)
)

// ImportDocument reads a markdown plan in the format of docs/plan-format.md
// (the NatsNet plan in internal/fixture/testdata/plan is the full example). Every problem found comes
// back at once, as an ErrorList naming doc:line:col and what was expected;
// the plan returned with it holds what could be read.
func ImportDocument(path string) (*Plan, error) {
	data, err := input.ReadFile(path, input.MaxDocument)
	if err != nil {
		return nil, fmt.Errorf("importing plan: %w", err)
	}
	return ParseDocument(path, data)
}

// bom is the UTF-8 byte-order mark some editors put first; it would
// otherwise be part of the first heading, and the title would be lost.
var bom = []byte("\xEF\xBB\xBF")

// ParseDocument is ImportDocument on a document already read; name is the
// file name positions refer to.
func ParseDocument(name string, data []byte) (*Plan, error) {
	p := &docParser{
		file:    name,
		plan:    &Plan{Document: filepath.Base(name), source: name, WaveNotes: map[int]string{}},
		batches: map[int]*batchSection{},
	}
	lines := strings.Split(string(bytes.TrimPrefix(data, bom)), "\n")
	p.plan.lines = map[string][]string{name: lines}
	p.parse(lines)
	p.finish()
	p.plan.quote(p.errs)
	if err := errorList(p.errs); err != nil {
		return p.plan, err
	}
	return p.plan, nil
}

// section is the "###" section being read.
type section interface {
	line(p *docParser, ln int, text string)
	end(p *docParser)
}

type docParser struct {
	file    string
	plan    *Plan
	errs    []Diagnostic
	h2      string
	sec     section
	batches map[int]*batchSection
	order   []*batchSection
	added   []*addedSection
	waves   []*waveSection
	context []string
	outcome []string
}

func (p *docParser) parse(lines []string) {
	fenced := false
	for i, raw := range lines {
		ln, text := i+1, strings.TrimRight(raw, " \t\r")
		// Names and summaries come from these lines and end up on
		// terminals and in markdown: a control character is refused
		// here, at its line and column, as validate does for batch files.
		if off, r, bad := controlChar(text, true); bad {
			p.errorf(p.at(ln, text, off), "control character %s; want printable text", quoteRune(r))
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(text), "```") {
			fenced = !fenced
			continue
		}
		switch {
		case fenced:
		case strings.HasPrefix(text, "# "):
			p.endSection()
			if p.plan.Title == "" {
				p.plan.Title = strings.TrimSpace(text[2:])
			}
		case strings.HasPrefix(text, "## "):
			p.endSection()
			p.h2 = strings.TrimSpace(text[3:])
		case strings.HasPrefix(text, "### "):
			p.endSection()
			p.heading(ln, text)
		case p.sec != nil:
			p.sec.line(p, ln, text)
		case p.h2 == "Context":
			p.context = append(p.context, text)
		case p.h2 == "Expected Outcome" && strings.TrimSpace(text) != "":
			p.outcome = append(p.outcome, strings.TrimPrefix(strings.TrimSpace(text), "- "))
		}
	}
	p.endSection()
}

func (p *docParser) endSection() {
	if p.sec != nil {
		p.sec.end(p)
		p.sec = nil
	}
}

// heading starts the section a "### " line opens.
func (p *docParser) heading(ln int, text string) {
	if m := batchHeading.FindStringSubmatchIndex(text); m != nil {
		p.startBatch(ln, text, m)
		return
	}
	if m := addedHeading.FindStringSubmatchIndex(text); m != nil {
		id, _ := strconv.Atoi(text[m[4]:m[5]])
		s := &addedSection{label: text[m[2]:m[3]], batch: id, pos: p.at(ln, text, m[4])}
		p.added = append(p.added, s)
		p.sec = s
		return
	}
	if m := waveHeading.FindStringSubmatchIndex(text); m != nil && p.h2 == "Execution Plan" {
		p.startWave(ln, text, m)
		return
	}
	switch {
	case strings.HasPrefix(text, "### Batch "):
		p.errorf(p.at(ln, text, 4), "malformed batch heading; want \"### Batch NN: Name (N features)\"")
	case p.h2 == "Execution Plan":
		p.errorf(p.at(ln, text, 4), "malformed wave heading; want \"### Wave N (note)\"")
	case p.h2 == "Batch Structure":
		p.errorf(p.at(ln, text, 4), "unexpected section; want \"### Batch NN: Name (N features)\" or \"### Label (added to Batch NN)\"")
	}
}

func (p *docParser) startBatch(ln int, text string, m []int) {
	id, _ := strconv.Atoi(text[m[2]:m[3]])
	declared, _ := strconv.Atoi(text[m[6]:m[7]])
	s := &batchSection{b: Batch{
		ID:          id,
		Name:        strings.TrimSpace(text[m[4]:m[5]]),
		Declared:    declared,
		Pos:         p.at(ln, text, m[2]),
		DeclaredPos: p.at(ln, text, m[6]),
	}, seen: map[string]Pos{}, bullets: map[string]int{}}
	p.sec = s
	if first, dup := p.batches[id]; dup {
		p.errorf(s.b.Pos, "batch %d is given twice (first at %s)", id, first.b.Pos)
		return
	}
	p.batches[id] = s
	p.order = append(p.order, s)
}

func (p *docParser) startWave(ln int, text string, m []int) {
	n, _ := strconv.Atoi(text[m[2]:m[3]])
	s := &waveSection{number: n, pos: p.at(ln, text, m[2])}
	if m[4] >= 0 {
		s.note = text[m[4]:m[5]]
	}
	if n < 1 {
		p.errorf(s.pos, "wave %d: waves count from 1", n)
	}
	p.waves = append(p.waves, s)
	p.sec = s
}

// finish joins what the sections said: added IDs to their batches, waves to
// batches, and checks that each batch landed in exactly one wave.
func (p *docParser) finish() {
	p.plan.Context = strings.Trim(strings.Join(p.context, "\n"), "\n")
	p.plan.ExpectedOutcome = p.outcome
	for _, a := range p.added {
		s, ok := p.batches[a.batch]
		if !ok {
			p.errorf(a.pos, "batch %d is not in the plan; want a \"### Batch %d: Name (N features)\" section", a.batch, a.batch)
			continue
		}
		s.b.Added = append(s.b.Added, a.groups...)
	}
	p.assignWaves()
	if len(p.order) == 0 {
		p.errorf(Pos{p.file, 1, 1}, "no batches found; want \"### Batch NN: Name (N features)\" sections")
	}
	var budget idBudget
	for _, s := range p.order {
		if d, ok := budget.take(&s.b); !ok {
			p.errs = append(p.errs, d)
			continue
		}
		if s.b.Wave == 0 {
			p.errorf(s.b.Pos, "batch %d is in no wave; want \"- **Batch %d**\" under a \"### Wave N\" heading of \"## Execution Plan\"", s.b.ID, s.b.ID)
		}
		p.errs = append(p.errs, checkRepeats(&s.b)...)
		s.b.recordLines()
		p.plan.Batches = append(p.plan.Batches, s.b)
	}
	slices.SortFunc(p.plan.Batches, func(a, b Batch) int { return a.ID - b.ID })
}

// recordLines keeps the lines of the document the batch was read from,
// for the batch file to carry (DocLines).
func (b *Batch) recordLines() {
	b.Lines = DocLines{Heading: b.Pos.Line, Dependencies: b.DependsPos.Line, Wave: b.WavePos.Line, Accepted: b.AcceptedPos.Line}
	for i := range b.Targets {
		b.Targets[i].Line = b.Targets[i].Pos.Line
	}
	for _, groups := range [][]Group{b.Features, b.Added} {
		for i := range groups {
			groups[i].Line = groups[i].Pos.Line
		}
	}
}

func (p *docParser) assignWaves() {
	firstWave := map[int]Pos{}
	for _, w := range p.waves {
		if first, dup := firstWave[w.number]; dup {
			p.errorf(w.pos, "wave %d is given twice (first at %s)", w.number, first)
			continue
		}
		firstWave[w.number] = w.pos
		if w.note != "" {
			p.plan.WaveNotes[w.number] = w.note
		}
		for _, e := range w.entries {
			s, ok := p.batches[e.batch]
			switch {
			case !ok:
				p.errorf(e.pos, "wave %d lists batch %d, which is not in the plan; want a \"### Batch %d: Name (N features)\" section", w.number, e.batch, e.batch)
			case s.b.Wave != 0:
				p.errorf(e.pos, "batch %d is already in wave %d (%s)", e.batch, s.b.Wave, s.b.WavePos)
			default:
				s.b.Wave, s.b.WavePos = w.number, e.pos
				if e.count >= 0 && e.count != s.b.Declared {
					p.errorf(e.countPos, "wave %d says batch %d has %d features but its section declares %d", w.number, e.batch, e.count, s.b.Declared)
				}
			}
		}
	}
}

func (p *docParser) errorf(pos Pos, format string, args ...any) {
	p.errs = append(p.errs, Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...)})
}

// at is the position of byte offset off of line ln, whose text is text.
func (p *docParser) at(ln int, text string, off int) Pos {
	return Pos{p.file, ln, utf8.RuneCountInString(text[:off]) + 1}
}

// atFunc maps offsets inside text[base:] to positions, for parseRanges.
func (p *docParser) atFunc(ln int, text string, base int) func(int) Pos {
	return func(off int) Pos { return p.at(ln, text, base+off) }
}
