package report

import (
	"fmt"

	"portwave/mage/port"
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
		m.f("| Batch | State | Attempt | Duration | Turns | Cost |\n|---:|---|---:|---:|---:|---:|\n")
		for i := range r.Ledger {
			l := &r.Ledger[i]
			m.f("| %d | %s | %d | %s | %d | %s |\n", l.Batch, stateText(l), l.Attempt, Duration(l.Seconds), l.Turns, money(l.CostUSD))
		}
	default:
		m.f("No plan was given and no batch has run.\n")
	}
	m.f("\n![Every attempt of every run, by worktree slot](%s)\n", m.names.Gantt)
	if tl := r.Timeline; tl != nil {
		m.f("\n%d %s, %d ledger %s in %d worktree %s:", len(tl.Runs), plural(len(tl.Runs), "run", "runs"),
			len(tl.Attempts), plural(len(tl.Attempts), "row", "rows"), len(tl.Lanes), plural(len(tl.Lanes), "slot", "slots"))
		for i, run := range tl.Runs {
			if i > 0 {
				m.f(";")
			}
			m.f(" run %d %s %s, %s", run.Run, code(run.Command), stamp(run.Started), run.State)
		}
		m.f(".\n")
	} else {
		m.f("\nNo batch has run yet.\n")
	}
}

func (m *md) planTable(p *PlanProgress) {
	m.f("%d of %d batches %s nothing pending.\n\n", p.BatchesDone, p.Batches, plural(p.BatchesDone, "has", "have"))
	m.f("| Wave | Batch | Name | Listed | Pending | Verified | State | Attempt | Duration | Turns | Cost |\n")
	m.f("|---:|---:|---|---:|---:|---:|---|---:|---:|---:|---:|\n")
	ran := 0
	for _, w := range p.Waves {
		for _, b := range w.Batches {
			m.f("| %d | %d | %s | %d | %d | %d | %s |", w.Wave, b.ID, text(b.Name), b.Listed, b.Pending, b.Verified, stateText(b.Run))
			if b.Run == nil {
				m.f(" - | - | - | - |\n")
				continue
			}
			ran++
			m.f(" %d | %s | %d | %s |\n", b.Run.Attempt, Duration(b.Run.Seconds), b.Run.Turns, money(b.Run.CostUSD))
		}
	}
	t := p.Total
	m.f("| | | **All batches** | %d | %d | %d | | | | | |\n", t.Listed, t.Pending, t.Verified)
	if ran > 0 {
		m.f("\nListed counts the IDs a batch has to port, added ones included. Attempt, duration, turns and cost are defined at the end of the report.\n")
	}
	if t.Missing > 0 {
		m.f("\n%d listed %s not in porting.db.\n", t.Missing, plural(t.Missing, "ID is", "IDs are"))
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
	case port.StateDone, port.StateSkipped, port.StatePending:
		s = string(l.State)
	case port.StateRunning:
		s = "running: " + string(l.Stage)
	default:
		s = fmt.Sprintf("%s at %s", l.State, l.Stage)
	}
	return s
}

func (m *md) cost(r *Report) {
	c := r.Cost
	m.f("\n## Cost\n\n")
	if c.Attempts == 0 {
		m.f("No batch has run: no agent cost is recorded.\n")
		m.f("\n![Agent cost by batch, cumulative](%s)\n", m.names.Cost)
		return
	}
	m.f("The agents cost **%s** in all: %d %s (%d ledger %s), %d turns, %d input and %d output tokens.",
		money(c.TotalUSD), c.Attempts, plural(c.Attempts, "attempt", "attempts"), c.Rows, plural(c.Rows, "row", "rows"), c.Turns, c.InputTokens, c.OutputTokens)
	if c.BudgetUSD > 0 {
		m.f(" The budget is %s.", money(c.BudgetUSD))
	}
	m.f("\n\n| Batch | Name | Attempt | Ledger rows | Turns | Input tokens | Output tokens | Cost |\n")
	m.f("|---:|---|---:|---:|---:|---:|---:|---:|\n")
	for _, l := range r.Ledger {
		m.f("| %d | %s | %d | %d | %d | %d | %d | %s |\n", l.Batch, text(l.Name), l.Attempt, l.Rows, l.Turns, l.InputTokens, l.OutputTokens, money(l.CostUSD))
	}
	m.f("\n![Agent cost by batch, cumulative](%s)\n", m.names.Cost)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
