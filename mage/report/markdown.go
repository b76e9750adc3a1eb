package report

import (
	"bufio"
	"fmt"
	"io"
	"time"
)

// MarkerPrefix starts the HTML comment on a report's first line that records
// when it was made; FindPrevious reads it back.
const MarkerPrefix = "<!-- portwave-report generated="

// writeMarkdown writes the full report as GitHub-flavoured markdown, its
// charts and JSON twin linked by names.
func writeMarkdown(w io.Writer, r *Report, names fileNames) error {
	m := &md{w: bufio.NewWriterSize(w, 64<<10), names: names}
	m.header(r)
	m.summary(r)
	m.batches(r)
	m.failureSection(r)
	m.changes(r)
	m.regressions(r)
	m.modules(r)
	m.open(r)
	m.cost(r)
	m.definitions()
	if r.jsonTwin {
		m.f("\nFor tools: the same report as JSON, [%s](%s).\n", names.JSON, names.JSON)
	}
	return m.w.Flush()
}

// md writes markdown; bufio keeps the first write error and Flush returns it.
type md struct {
	w     *bufio.Writer
	names fileNames
}

func (m *md) f(format string, args ...any) { fmt.Fprintf(m.w, format, args...) }

func (m *md) header(r *Report) {
	m.f("%s%s -->\n", MarkerPrefix, r.Generated.UTC().Format(time.RFC3339Nano))
	m.f("# %s, %s\n\n", text(r.Title), r.Generated.UTC().Format("2006-01-02"))
	m.f("Generated %s", stamp(r.Generated))
	if r.Database != "" {
		m.f(" from %s", code(r.Database))
	}
	m.f(".")
	if r.Plan != nil && r.Plan.Title != "" {
		m.f(" Plan: **%s**", text(r.Plan.Title))
		if r.Plan.Document != "" {
			m.f(" (%s)", code(r.Plan.Document))
		}
		m.f(".")
	}
	if r.Previous != nil {
		m.f(" Previous report: %s.", previousLink(r.Previous))
	} else {
		m.f(" First report, no previous one.")
	}
	m.f("\n")
}

func previousLink(p *Previous) string {
	return fmt.Sprintf("[%s](%s), %s", p.File, p.File, stamp(p.Generated))
}

func (m *md) summary(r *Report) {
	s := r.Summary
	m.f("\n## Summary\n\n")
	if s.All.Total == 0 {
		m.f("porting.db tracks no features or tests yet.\n\n")
	} else {
		m.f("**%s** of the features and tests are done (verified, complete or n/a).\n\n", s.Line)
	}
	m.f("| | Verified | Complete | n/a | Stub | Deferred | Unknown | Done | Progress |\n")
	m.f("|---|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, row := range []struct {
		name string
		c    StatusCounts
	}{{"Features", s.Features}, {"Tests", s.Tests}, {"**All**", s.All}} {
		c := row.c
		m.f("| %s | %d | %d | %d | %d | %d | %d | %d/%d | %s %s |\n", row.name,
			c.Verified, c.Complete, c.NA, c.Stub, c.Deferred, c.Unknown, c.Done, c.Total, bar(c.Done, c.Total), percentText(c.Done, c.Total))
	}
	if p := r.Plan; p != nil {
		m.f("\n### Against the plan\n\n")
		m.f("| The plan expects | Measured now |\n|---|---|\n")
		for i := range max(len(p.Expected), len(p.Measured)) {
			m.f("| %s | %s |\n", text(at(p.Expected, i)), text(at(p.Measured, i)))
		}
		m.f("\nRecomputed from porting.db, once every listed feature is verified: %s; %s.\n",
			text(p.Projected), text(p.ProjectedRest))
	}
	m.f("\n![Verified items over time](%s)\n", m.names.BurnUp)
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return ""
}
