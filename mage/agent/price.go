package agent

import "strings"

// price is a model's list price in dollars per million tokens.
type price struct{ input, output, cacheRead, cacheWrite float64 }

// prices are per model family. They only price the usage of a run that
// was cut short, whose own total never came; a finished run's cost is the
// CLI's. sonnet is what Claude Code 2.1.332 charges for the model its
// "sonnet" alias names (claude-sonnet-5-5: $2 in, $10 out, measured
// against the scripted model); cache reads and writes are priced as the
// API prices them, at 0.1 and 1.25 times input. opus and haiku are the
// list prices of their latest families and may lag the CLI's.
var prices = map[string]price{
	"opus":   {15, 75, 1.5, 18.75},
	"sonnet": {2, 10, 0.2, 2.5},
	"haiku":  {1, 5, 0.1, 1.25},
}

// estimateCost prices u at model's list price; an unknown model is priced
// as sonnet, the default.
func estimateCost(model string, u Usage) float64 {
	p := prices["sonnet"]
	for family, fp := range prices {
		if strings.Contains(strings.ToLower(model), family) {
			p = fp
		}
	}
	return (float64(u.Input)*p.input + float64(u.Output)*p.output +
		float64(u.CacheRead)*p.cacheRead + float64(u.CacheCreation)*p.cacheWrite) / 1e6
}
