package agent

import "strings"

// price is what a model charges per million tokens, in US dollars.
type price struct{ input, output, cacheWrite, cacheRead float64 }

// prices are per model family, in US dollars per million tokens. They
// price what a run streamed before the agent's own total came: the live
// view's running cost, and the ledger's figure for a run cut short (killed,
// timed out, crashed). sonnet is what Claude Code 2.1.332 charges for the
// model its "sonnet" alias names (claude-sonnet-5-5: $2 in, $10 out,
// measured against the scripted model), with cache writes and reads at
// 1.25 and 0.1 times input as the API prices them; opus and haiku are the
// list prices of their latest families and may lag the CLI's.
var prices = map[string]price{
	"opus":   {15, 75, 18.75, 1.50},
	"sonnet": {2, 10, 2.5, 0.2},
	"haiku":  {1, 5, 1.25, 0.10},
}

// estimateCost is what usage u costs at model's price; a model of no
// known family is priced as Sonnet, Claude Code's default.
func estimateCost(model string, u Usage) float64 {
	p := prices["sonnet"]
	for family, fp := range prices {
		if strings.Contains(strings.ToLower(model), family) {
			p = fp
		}
	}
	return (float64(u.Input)*p.input + float64(u.Output)*p.output +
		float64(u.CacheCreation)*p.cacheWrite + float64(u.CacheRead)*p.cacheRead) / 1e6
}
