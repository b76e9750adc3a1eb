package report

import (
	"strings"

	"portwave/mage/port"
)

// failureSection writes, for each batch that failed, was interrupted or
// needed more than one attempt, what the ledger recorded about each of its
// attempts: the error, the gate's findings, denied tool uses, files
// outside its targets, API retries, turns and cost.
func (m *md) failureSection(r *Report) {
	m.f("\n## Failures and retries\n")
	if len(r.Failures) == 0 {
		m.f("\nNo batch failed, was interrupted or needed a second attempt.\n")
		return
	}
	for _, f := range r.Failures {
		m.f("\n### Batch %d: %s, attempt %d, %d turns, %s\n\n", f.Batch, f.State, f.Attempt, f.Turns, money(f.CostUSD))
		m.f("| Attempt | Run | Ended | Error | Gate findings | Denied tools | Outside targets | API retries | Turns | Cost |\n")
		m.f("|---:|---:|---|---|---|---|---|---:|---:|---:|\n")
		for _, a := range f.Attempts {
			ended := string(a.State)
			if a.State != port.StateDone {
				ended += " at " + string(a.Stage)
			}
			outside := strings.Join(a.OutsideTargets, ", ")
			if a.DroppedDB {
				outside = strings.TrimPrefix(outside+", porting.db (dropped)", ", ")
			}
			m.f("| %d | %d | %s | %s | %s | %s | %s | %d | %d | %s |\n", a.Attempt, a.Run, ended, orNone(a.Error),
				orNone(strings.Join(a.Findings, "; ")), orNone(strings.Join(a.Denied, "; ")), orNone(outside),
				a.APIRetries, a.Turns, money(a.CostUSD))
		}
		for _, a := range f.Attempts {
			if a.LogPath != "" && a.State != port.StateDone {
				m.f("\nLog of attempt %d: %s\n", a.Attempt, code(a.LogPath))
				break
			}
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return text(s)
}

// definitions writes how the report counts, the same words `status` and
// the run summary are held to (port.Definitions).
func (m *md) definitions() {
	m.f("\n---\n\n**How the numbers are counted.** Every view (this report, its JSON twin, `status` and the run summary) reads them from the run ledger in porting.db the same way. ")
	m.f("Measured figures come from porting.db; the plan's figures are expectations and are labelled so.\n\n")
	for _, d := range port.Definitions {
		m.f("- **%s**: %s.\n", d[0], d[1])
	}
}
