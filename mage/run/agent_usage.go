package run

import (
	"context"
	"fmt"

	"portwave/mage/agent"
)

// account adds one agent run to the attempt's row. A resumed Claude Code
// session reports the cost of the whole session, so the row keeps only
// the difference from the session's last total in the ledger, which
// another process may have recorded; a run cut short has only portwave's
// estimate, which is added to the session's total.
func (j *job) account(req agent.Request, res agent.Result) {
	br, base := j.br, j.base
	prior := 0.0
	if req.ResumeSession != "" && res.SessionID == req.ResumeSession {
		prior = base.SessionCost
	}
	cost, total := res.CostUSD, res.CostUSD
	if res.CostEstimated {
		total = prior + cost
	} else {
		cost = max(0, res.CostUSD-prior)
	}
	if res.SessionID != "" {
		br.SessionID, br.SessionCost = res.SessionID, total
	}
	exit := res.ExitCode
	br.AgentExit = &exit
	br.Turns = base.Turns + res.Turns
	br.CostUSD = base.CostUSD + cost
	br.InputTokens = base.InputTokens + res.Usage.Input + res.Usage.CacheRead + res.Usage.CacheCreation
	br.OutputTokens = base.OutputTokens + res.Usage.Output
}

// recordProgress keeps the running agent's turns, tokens and estimated
// cost in the ledger as its messages arrive: if portwave is killed with
// it, the ledger still holds what the run used, and a resumed session's
// next total is measured from there. account replaces the estimate with
// the agent's own figures when the run ends.
func (j *job) recordProgress(ctx context.Context, req agent.Request, p agent.Progress) {
	j.live.Lock()
	defer j.live.Unlock()
	br, base := j.br, j.base
	in := base.InputTokens + p.Usage.Input + p.Usage.CacheRead + p.Usage.CacheCreation
	out := base.OutputTokens + p.Usage.Output
	if in == br.InputTokens && out == br.OutputTokens {
		return
	}
	br.Turns, br.InputTokens, br.OutputTokens = base.Turns+p.Turns, in, out
	br.CostUSD = base.CostUSD + p.EstimatedUSD
	if req.ResumeSession != "" {
		br.SessionCost = base.SessionCost + p.EstimatedUSD
	}
	j.w.save(context.WithoutCancel(ctx), br, fmt.Sprintf("agent: %d turns, %d tokens so far", br.Turns, in+out))
}
