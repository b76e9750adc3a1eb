package agent

import "strings"

// price is what a model charges per million tokens, in US dollars.
type price struct{ input, output, cacheWrite, cacheRead float64 }

// prices are Anthropic's list prices by model family, used only to show a
// running cost while an agent works: Claude Code reports the real cost at
// the end, and that is what the ledger keeps.
var prices = map[string]price{
	"opus":   {15, 75, 18.75, 1.50},
	"sonnet": {3, 15, 3.75, 0.30},
	"haiku":  {1, 5, 1.25, 0.10},
}

// estimateUSD is what one model message's usage costs at list price; a
// model of no known family is priced as Sonnet, Claude Code's default.
func estimateUSD(model string, u claudeUsage) float64 {
	p := prices["sonnet"]
	for family, fp := range prices {
		if strings.Contains(model, family) {
			p = fp
		}
	}
	return (float64(u.InputTokens)*p.input + float64(u.OutputTokens)*p.output +
		float64(u.CacheCreationInputTokens)*p.cacheWrite + float64(u.CacheReadInputTokens)*p.cacheRead) / 1e6
}
