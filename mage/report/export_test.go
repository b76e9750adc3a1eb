package report

import "io"

// WriteMarkdown writes the full report as GitHub-flavoured markdown, the
// charts linked by the names Write gives them for the report's date.
func WriteMarkdown(w io.Writer, r *Report) error {
	return writeMarkdown(w, r, namesFor(r.Generated))
}
