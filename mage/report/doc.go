// Package report is the review-day report of a port: where it stands against
// the plan, what changed and what regressed since the previous report, what
// is still deferred, and what the agents cost.
//
// Build reads porting.db (and the plan, when there is one) into a Report,
// a plain data model whose JSON form is the machine-readable twin of the
// markdown. The writers render it: Write puts the dated report for
// reviewers (GitHub-flavoured markdown, with <details> for the long lists),
// latest.md, the two charts (drawn by the chart subpackage) and the JSON
// twin into a reports directory; WriteJSON writes the JSON for tools and
// WriteStepSummary a CI job's summary page.
//
// Everything sized by the database is counted in SQL and every list is
// capped (Options), so a report over a million items costs the same few
// hundred milliseconds and megabytes as one over a few thousand; the JSON
// twin says how many entries each capped list left out.
//
// The previous report is found on disk rather than in porting.db: the
// reports directory is what reviewers see, and a report copied into it by
// hand or restored from git counts as much as one written by portwave.
package report
