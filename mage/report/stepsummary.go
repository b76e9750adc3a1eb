package report

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
)

// GitHub refuses a job step's summary over 1 MiB. The short report is cut
// well below that, and below what is left when earlier steps of the same
// job have already written to the file.
const (
	StepSummaryLimit = 64 << 10 // the most WriteStepSummary appends
	githubStepLimit  = 1 << 20
	stepListed       = 20 // regressions named in the short report
)

// WriteStepSummary appends a short version of the report to the file a
// GitHub Actions step summary is read from (the GITHUB_STEP_SUMMARY
// variable's value); an empty path does nothing. What it appends is at
// most StepSummaryLimit bytes, and never takes the file past GitHub's
// 1 MiB: a longer text is cut at a line and says so.
func WriteStepSummary(path string, r *Report) error {
	if path == "" {
		return nil
	}
	var existing int64
	if st, err := os.Stat(path); err == nil {
		existing = st.Size()
	}
	limit := min(int64(StepSummaryLimit), githubStepLimit-existing-1024)
	if limit <= 0 {
		return nil
	}
	var buf bytes.Buffer
	if existing > 0 {
		buf.WriteString("\n") // in case an earlier step left its last line open
	}
	if err := writeShort(&buf, r); err != nil {
		return fmt.Errorf("writing the step summary: %w", err)
	}
	out := truncate(buf.Bytes(), int(limit))
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("writing the step summary: %w", err)
	}
	if _, err := f.Write(out); err != nil {
		f.Close()
		return fmt.Errorf("writing the step summary: %w", err)
	}
	return f.Close()
}

// truncatedNote ends a short report that had to be cut.
const truncatedNote = "\n_The summary was cut here to stay within GitHub's size limit; the full report is in the reports directory._\n"

// truncate cuts text to at most limit bytes at the end of a line, leaving
// room for the note that says so.
func truncate(text []byte, limit int) []byte {
	switch {
	case len(text) <= limit:
		return text
	case limit < len(truncatedNote):
		return nil
	}
	cut := bytes.LastIndexByte(text[:limit-len(truncatedNote)], '\n') + 1
	return append(text[:cut:cut], truncatedNote...)
}

// writeShort writes the step summary: the headline figures, the plan's
// outcome beside the measured one, the batches, the changes and the first
// regressions.
func writeShort(w *bytes.Buffer, r *Report) error {
	m := &md{w: bufio.NewWriter(w)}
	s := r.Summary
	m.f("### %s, %s\n\n", text(r.Title), r.Generated.UTC().Format(dateLayout))
	m.f("**%s** done. Features: %d/%d verified; tests: %d/%d verified.\n",
		s.Line, s.Features.Verified, s.Features.Total, s.Tests.Verified, s.Tests.Total)
	if p := r.Plan; p != nil {
		m.f("\n| The plan expects | Measured now |\n|---|---|\n")
		for i := range max(len(p.Expected), len(p.Measured)) {
			m.f("| %s | %s |\n", text(at(p.Expected, i)), text(at(p.Measured, i)))
		}
		m.f("\n| Batch | Name | Pending | Verified | State | Cost |\n|---:|---|---:|---:|---|---:|\n")
		for _, w := range p.Waves {
			for _, b := range w.Batches {
				cost := "-"
				if b.Run != nil {
					cost = money(b.Run.CostUSD)
				}
				m.f("| %d | %s | %d | %d | %s | %s |\n", b.ID, text(b.Name), b.Pending, b.Verified, stateText(b.Run), cost)
			}
		}
	}
	c := r.Changes
	m.f("\n")
	if r.Previous == nil {
		m.f("First report, no previous one.")
	} else {
		m.f("Since the report of %s: %d status %s, %s verified, %s done.", stamp(r.Previous.Generated),
			c.Count, plural(c.Count, "change", "changes"), signed(c.Verified), signed(c.Done))
	}
	m.f(" Agent cost: %s over %d %s.\n", money(r.Cost.TotalUSD), r.Cost.Attempts, plural(r.Cost.Attempts, "attempt", "attempts"))
	l := r.Regressions
	if l.Total == 0 {
		m.f("\nNo regressions.\n")
		return m.w.Flush()
	}
	m.f("\n**%d %s:**\n\n", l.Total, plural(l.Total, "regression", "regressions"))
	for i, e := range l.Entries {
		if i == stepListed {
			break
		}
		m.f("- %s: %s → %s, %s\n", itemName(e), statusName(string(e.From)), e.To, text(e.Reason))
	}
	if n := l.Total - min(len(l.Entries), stepListed); n > 0 {
		m.f("- and %d more in the full report\n", n)
	}
	return m.w.Flush()
}
