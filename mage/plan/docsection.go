package plan

import (
	"regexp"
	"strconv"
	"strings"
)

// The line shapes inside the sections of a plan document.
var (
	fieldLine    = regexp.MustCompile(`^\*\*([^*]+)\*\*:[ \t]*(.*)$`)
	targetBullet = regexp.MustCompile("^- `([^`]*)`[ \t]*(.*)$")
	addedBullet  = regexp.MustCompile(`^- Features? ([^:]+):[ \t]*(.*)$`)
	waveBullet   = regexp.MustCompile(`^- \*\*Batch (\d+)\*\*(?: \((.*)\))?$`)
	waveCount    = regexp.MustCompile(`(\d+) features?$`)
	depsHead     = regexp.MustCompile(`^Batch(?:es)?[ \t]+`)
	depsItem     = regexp.MustCompile(`^(\d+)[ \t]*(?:(?:\+|,|&|and)[ \t]*)?`)
)

const wantField = "want **Target files**:, **Feature IDs**:, **Dependencies**: or **Accepted calls**:"

// batchSection reads "### Batch NN: Name (N features)" up to the next heading.
type batchSection struct {
	b       Batch
	paras   []string
	para    []string
	list    string         // the field whose bullets follow: "Target files", "Feature IDs", or "?" after an unknown field
	bullets map[string]int // bullets read under each list field
	seen    map[string]Pos
	fielded bool // a field line has been read; free text is no longer summary
}

func (s *batchSection) line(p *docParser, ln int, text string) {
	switch trimmed := strings.TrimSpace(text); {
	case trimmed == "":
		s.flush()
	case fieldLine.MatchString(text):
		s.flush()
		s.field(p, ln, text, fieldLine.FindStringSubmatchIndex(text))
	case strings.HasPrefix(text, "- ") && s.list == "?":
		// the bullets of an unknown field, already reported
	case strings.HasPrefix(text, "- ") && s.list == "Target files":
		s.bullets[s.list]++
		s.target(p, ln, text)
	case strings.HasPrefix(text, "- ") && s.list == "Feature IDs":
		s.bullets[s.list]++
		s.idBullet(p, ln, text)
	case strings.HasPrefix(text, "- "):
		p.errorf(p.at(ln, text, 0), "unexpected list item in batch %d; want it under **Target files**: or **Feature IDs**:", s.b.ID)
	case s.fielded:
		p.errorf(p.at(ln, text, 0), "unexpected text in batch %d; %s", s.b.ID, wantField)
	default:
		s.para = append(s.para, trimmed)
	}
}

func (s *batchSection) flush() {
	if len(s.para) > 0 {
		s.paras = append(s.paras, strings.Join(s.para, " "))
		s.para = nil
	}
}

func (s *batchSection) field(p *docParser, ln int, text string, m []int) {
	name, rest, restOff := text[m[2]:m[3]], text[m[4]:m[5]], m[4]
	pos := p.at(ln, text, 0)
	s.fielded, s.list = true, ""
	if first, dup := s.seen[name]; dup {
		p.errorf(pos, "**%s** is given twice in batch %d (first at %s)", name, s.b.ID, first)
		return
	}
	switch name {
	case "Target files":
		if rest != "" {
			p.errorf(p.at(ln, text, restOff), "want the target files as a list below **Target files**:, one \"- `Dir/File.cs` (note)\" per line")
		}
		s.list = name
	case "Feature IDs":
		if rest == "" {
			s.list = name
			break
		}
		body, note := splitNote(rest)
		rs, errs := parseRanges(body, p.atFunc(ln, text, restOff))
		p.errs = append(p.errs, errs...)
		s.b.Features = append(s.b.Features, Group{Ranges: rs, Note: note, Pos: p.at(ln, text, restOff)})
	case "Dependencies":
		s.b.DependsPos = p.at(ln, text, restOff)
		s.dependencies(p, ln, text, restOff)
	case "Accepted calls":
		body, note := splitNote(rest)
		s.b.AcceptedPos, s.b.AcceptedNote = p.at(ln, text, restOff), note
		calls, errs := parseAccepted(body, p.atFunc(ln, text, restOff))
		p.errs = append(p.errs, errs...)
		s.b.Accepted = calls
	default:
		p.errorf(pos, "unknown field **%s**; %s", name, wantField)
		s.list = "?"
		return
	}
	s.seen[name] = pos
}

// dependencies reads "None (why)", "Batch 42 (why)" or "Batches 44+45 (why)".
func (s *batchSection) dependencies(p *docParser, ln int, text string, off int) {
	body, note := splitNote(text[off:])
	s.b.DependsNote = note
	if strings.EqualFold(body, "none") {
		return
	}
	const want = "want \"None\", \"Batch 42\" or \"Batches 44+45\", optionally followed by (reason)"
	head := depsHead.FindString(body)
	if head == "" {
		p.errorf(p.at(ln, text, off), "malformed dependencies %q; %s", body, want)
		return
	}
	rest, at := body[len(head):], off+len(head)
	seen := map[int]bool{}
	for rest != "" {
		m := depsItem.FindStringSubmatchIndex(rest)
		if m == nil {
			p.errorf(p.at(ln, text, at), "malformed dependencies %q; %s", body, want)
			return
		}
		id, _ := strconv.Atoi(rest[m[2]:m[3]])
		if seen[id] {
			p.errorf(p.at(ln, text, at), "batch %d is listed twice in the dependencies", id)
		} else {
			s.b.DependsOn = append(s.b.DependsOn, Dep{ID: id, Pos: p.at(ln, text, at)})
		}
		seen[id] = true
		rest, at = rest[m[1]:], at+m[1]
	}
}

func (s *batchSection) target(p *docParser, ln int, text string) {
	m := targetBullet.FindStringSubmatchIndex(text)
	if m == nil {
		p.errorf(p.at(ln, text, 2), "malformed target file; want \"- `Dir/File.cs` (note)\"")
		return
	}
	// The note is usually in parentheses; anything else after the path is
	// kept as written.
	note := text[m[4]:m[5]]
	if body, inner := splitNote(note); body == "" {
		note = inner
	}
	s.b.Targets = append(s.b.Targets, Target{Path: text[m[2]:m[3]], Note: note, Pos: p.at(ln, text, m[2])})
}

// idBullet reads "- Label: 2406-2413, 2420" (the label is optional).
func (s *batchSection) idBullet(p *docParser, ln int, text string) {
	off := 2
	g := Group{Pos: p.at(ln, text, off)}
	if label, _, ok := strings.Cut(text[off:], ":"); ok {
		g.Label = strings.TrimSpace(label)
		off += len(label) + 1
	}
	body, note := splitNote(text[off:])
	rs, errs := parseRanges(body, p.atFunc(ln, text, off))
	p.errs = append(p.errs, errs...)
	g.Ranges, g.Note = rs, note
	s.b.Features = append(s.b.Features, g)
}

func (s *batchSection) end(p *docParser) {
	s.flush()
	s.b.Summary = strings.Join(s.paras, "\n\n")
	for _, f := range []struct{ name, want string }{
		{"Target files", "a **Target files**: list"},
		{"Feature IDs", "a **Feature IDs**: line or list"},
		{"Dependencies", "a \"**Dependencies**: None\" or \"**Dependencies**: Batch 42\" line"},
	} {
		if _, ok := s.seen[f.name]; !ok {
			p.errorf(s.b.Pos, "batch %d has no **%s**; want %s", s.b.ID, f.name, f.want)
		}
	}
	// A list whose bullets were all malformed has been reported already.
	if pos, ok := s.seen["Target files"]; ok && s.bullets["Target files"] == 0 {
		p.errorf(pos, "**Target files** of batch %d lists no files; want \"- `Dir/File.cs` (note)\" lines below it", s.b.ID)
	}
	if pos, ok := s.seen["Feature IDs"]; ok && len(s.b.Features) == 0 && s.bullets["Feature IDs"] == 0 {
		p.errorf(pos, "**Feature IDs** of batch %d lists no IDs; want \"- Label: 2406-2413, 2420\" lines below it", s.b.ID)
	}
}

// addedSection reads "### Stub Feature (added to Batch 42)".
type addedSection struct {
	label  string
	batch  int
	pos    Pos
	groups []Group
}

func (s *addedSection) line(p *docParser, ln int, text string) {
	if strings.TrimSpace(text) == "" {
		return
	}
	m := addedBullet.FindStringSubmatchIndex(text)
	if m == nil {
		p.errorf(p.at(ln, text, 0), "unexpected line in %q; want \"- Feature 2962: what to do\"", s.label)
		return
	}
	rs, errs := parseRanges(text[m[2]:m[3]], p.atFunc(ln, text, m[2]))
	p.errs = append(p.errs, errs...)
	s.groups = append(s.groups, Group{Label: s.label, Ranges: rs, Note: text[m[4]:m[5]], Pos: p.at(ln, text, m[2])})
}

func (s *addedSection) end(p *docParser) {
	if len(s.groups) == 0 {
		p.errorf(s.pos, "%q adds no features; want \"- Feature 2962: what to do\" lines", s.label)
	}
}

// waveSection reads "### Wave N (note)" and its "- **Batch NN** (...)" lines.
type waveSection struct {
	number  int
	note    string
	pos     Pos
	entries []waveEntry
}

type waveEntry struct {
	batch    int
	pos      Pos
	count    int // the feature count the line repeats, or -1
	countPos Pos
}

func (s *waveSection) line(p *docParser, ln int, text string) {
	if !strings.HasPrefix(text, "- ") {
		return // prose between the bullets explains the wave
	}
	m := waveBullet.FindStringSubmatchIndex(text)
	if m == nil {
		p.errorf(p.at(ln, text, 2), "malformed wave entry; want \"- **Batch NN** (Name, N features)\"")
		return
	}
	id, _ := strconv.Atoi(text[m[2]:m[3]])
	e := waveEntry{batch: id, pos: p.at(ln, text, m[2]), count: -1}
	if m[4] >= 0 {
		if c := waveCount.FindStringSubmatchIndex(text[m[4]:m[5]]); c != nil {
			e.count, _ = strconv.Atoi(text[m[4]+c[2] : m[4]+c[3]])
			e.countPos = p.at(ln, text, m[4]+c[2])
		}
	}
	s.entries = append(s.entries, e)
}

func (s *waveSection) end(*docParser) {}

// splitNote cuts a trailing "(note)" off s: "None (foundation layer)" gives
// "None" and "foundation layer". Parentheses inside the note may nest.
// Leading space is kept so that offsets into body stay offsets into s.
func splitNote(s string) (body, note string) {
	s = strings.TrimRight(s, " \t")
	if !strings.HasSuffix(s, ")") {
		return s, ""
	}
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			depth--
		}
		if depth == 0 {
			if i > 0 && s[i-1] != ' ' {
				return s, ""
			}
			return strings.TrimRight(s[:i], " \t"), s[i+1 : len(s)-1]
		}
	}
	return s, ""
}
