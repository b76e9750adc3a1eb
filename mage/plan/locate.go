package plan

import (
	"path/filepath"
	"strings"
)

// Locate gives each diagnostic about a batch file the plan document's
// line the batch file was generated from, when the batch file records it.
// A warning (warnings set) points there, the batch file's place second:
// the plan's design is changed in the document, as every batch file says.
// An error keeps the batch file's place first and the document's line
// second: it is about what the batch file holds, which may have been
// edited since. ds is sorted again.
func (p *Plan) Locate(ds []Diagnostic, warnings bool) {
	for i, d := range ds {
		doc, ok := p.DocumentPos(d.Pos)
		switch {
		case !ok || d.Also != (Pos{}):
		case warnings:
			ds[i].Pos, ds[i].Also = doc, d.Pos
		default:
			ds[i].Also = doc
		}
	}
	p.quote(ds)
	sortDiagnostics(ds)
}

// NameDocument names the plan document read by ImportDocument by its path
// relative to dir (the folder of portwave.yaml, as the plan setting is),
// when it is inside it, rather than by its file name, so that the batch
// files and the messages that point at its lines name it the same from
// anywhere: docs/plan.md, not plan.md.
func (p *Plan) NameDocument(dir string) {
	if p.source == "" {
		return
	}
	abs, err := filepath.Abs(p.source)
	base, err2 := filepath.Abs(dir)
	if err != nil || err2 != nil {
		return
	}
	if rel, err := filepath.Rel(base, abs); err == nil && !strings.HasPrefix(rel, "..") {
		p.Document = filepath.ToSlash(rel)
	}
}

// DocumentPos is the plan document's line a place in a batch file was
// generated from.
func (p *Plan) DocumentPos(pos Pos) (Pos, bool) {
	line, ok := p.docLines[Pos{File: pos.File, Line: pos.Line}]
	if !ok || p.Document == "" {
		return Pos{}, false
	}
	return Pos{File: p.Document, Line: line}, true
}

// indexDocLines records, for every batch loaded from a batch file, which
// of its lines come from which line of the plan document.
func (p *Plan) indexDocLines() {
	p.docLines = map[Pos]int{}
	at := func(pos Pos, line int) {
		if pos.Line > 0 && line > 0 {
			p.docLines[Pos{File: pos.File, Line: pos.Line}] = line
		}
	}
	for _, b := range p.Batches {
		at(b.Pos, b.Lines.Heading)
		at(b.DeclaredPos, b.Lines.Heading)
		at(b.DependsPos, b.Lines.Dependencies)
		for _, d := range b.DependsOn {
			at(d.Pos, b.Lines.Dependencies)
		}
		at(b.WavePos, b.Lines.Wave)
		at(b.AcceptedPos, b.Lines.Accepted)
		for _, a := range b.Accepted {
			at(a.Pos, b.Lines.Accepted)
		}
		for _, t := range b.Targets {
			at(t.Pos, t.Line)
		}
		for _, g := range append(append([]Group(nil), b.Features...), b.Added...) {
			at(g.Pos, g.Line)
			for _, r := range g.Ranges {
				at(r.Pos, g.Line)
			}
		}
	}
}
