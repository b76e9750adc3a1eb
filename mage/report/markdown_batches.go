package report

import (
	"fmt"
	"strconv"

	"portwave/mage/portdb"
)

// batches writes the plan's waves and batches, or the ledger's batches when
// there is no plan, and links the last run's timeline.
func (m *md) batches(r *Report) {
	m.f("\n## Waves and batches\n\n")
	switch {
	case r.Plan != nil:
		m.planTable(r.Plan)
	case len(r.Ledger) > 0:
		m.f("No plan was given; the run ledger holds these batches.\n\n")
		m.f("| Batch | State | Duration | Turns | Cost |\n|---:|---|---:|---:|---:|\n")
		for i := range r.Ledger {
			l := &r.Ledger[i]
			m.f("| %d | %s | %s | %d | %s |\n", l.Batch, stateText(l), duration(l.Seconds), l.Turns, money(l.CostUSD))
		}
		m.failures(r.Ledger)
	default:
		m.f("No plan was given and no batch has run.\n")
	}
	m.f("\n![Batches of the last run](%s)\n", m.names.Gantt)
	if lr := r.LastRun; lr != nil {
		m.f("\nLast run:")
		if lr.Run > 0 {
			m.f(" run %d", lr.Run)
		}
		if lr.Command != "" {
			m.f(" (%s)", code(lr.Command))
		}
		m.f(" started %s, %d batch %s.\n", stamp(lr.Started), len(lr.Batches), plural(len(lr.Batches), "run", "runs"))
	} else {
		m.f("\nNo batch has run yet.\n")
	}
}

func (m *md) planTable(p *PlanProgress) {
	m.f("%d of %d batches %s nothing pending.\n\n", p.BatchesDone, p.Batches, plural(p.BatchesDone, "has", "have"))
	m.f("| Wave | Batch | Name | Listed | Pending | Verified | State | Duration | Turns | Cost |\n")
	m.f("|---:|---:|---|---:|---:|---:|---|---:|---:|---:|\n")
	var ran []BatchLedger
	for _, w := range p.Waves {
		for _, b := range w.Batches {
			m.f("| %d | %d | %s | %d | %d | %d | %s |", w.Wave, b.ID, text(b.Name), b.Listed, b.Pending, b.Verified, stateText(b.Run))
			if b.Run == nil {
				m.f(" - | - | - |\n")
				continue
			}
			ran = append(ran, *b.Run)
			m.f(" %s | %d | %s |\n", duration(b.Run.Seconds), b.Run.Turns, money(b.Run.CostUSD))
		}
	}
	t := p.Total
	m.f("| | | **All batches** | %d | %d | %d | | | | |\n", t.Listed, t.Pending, t.Verified)
	if len(ran) > 0 {
		m.f("\nListed counts the IDs a batch has to port, added ones included. The duration is the newest attempt's; turns and cost add up every attempt.\n")
	}
	if t.Missing > 0 {
		m.f("\n%d listed %s not in porting.db.\n", t.Missing, plural(t.Missing, "ID is", "IDs are"))
	}
	m.failures(ran)
}

// failures lists the batches whose newest attempt went wrong, with the
// error and the log to read.
func (m *md) failures(ls []BatchLedger) {
	first := true
	for _, l := range ls {
		if l.Error == "" && l.State != portdb.StateFailed && l.State != portdb.StateConflict {
			continue
		}
		if first {
			m.f("\n")
			first = false
		}
		m.f("- Batch %d %s", l.Batch, stateText(&l))
		if l.Error != "" {
			m.f(": %s", text(l.Error))
		}
		if l.LogPath != "" {
			m.f(" (log: %s)", code(l.LogPath))
		}
		m.f("\n")
	}
}

// stateText says where a batch stands: "not run", "done", "failed at gate",
// "running: agent", with the attempt when there was more than one.
func stateText(l *BatchLedger) string {
	if l == nil {
		return "not run"
	}
	var s string
	switch l.State {
	case portdb.StateDone, portdb.StateSkipped, portdb.StatePending:
		s = string(l.State)
	case portdb.StateRunning:
		s = "running: " + string(l.Stage)
	default:
		s = fmt.Sprintf("%s at %s", l.State, l.Stage)
	}
	if l.Attempts > 1 {
		s += " (attempt " + strconv.Itoa(l.Attempts) + ")"
	}
	return s
}

func (m *md) cost(r *Report) {
	c := r.Cost
	m.f("\n## Cost\n\n")
	if c.Attempts == 0 {
		m.f("No batch has run: no agent cost is recorded.\n")
		return
	}
	m.f("The agents cost **%s** in all: %d %s, %d turns, %d input and %d output tokens.\n\n",
		money(c.TotalUSD), c.Attempts, plural(c.Attempts, "attempt", "attempts"), c.Turns, c.InputTokens, c.OutputTokens)
	m.f("| Batch | Name | Attempts | Turns | Input tokens | Output tokens | Cost |\n")
	m.f("|---:|---|---:|---:|---:|---:|---:|\n")
	for _, l := range r.Ledger {
		m.f("| %d | %s | %d | %d | %d | %d | %s |\n", l.Batch, text(l.Name), l.Attempts, l.Turns, l.InputTokens, l.OutputTokens, money(l.CostUSD))
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
