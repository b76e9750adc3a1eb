package chart

// The look shared by both charts: GitHub's Primer colours, so the pictures sit
// well beside the markdown they are linked from. Every chart paints a white
// background, because an SVG shown as an image on GitHub in dark mode would
// otherwise put dark text on a dark page.
const (
	fontStack = `system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif`
	fontSize  = 12 // px, the default for labels

	colorBackground = "#ffffff"
	colorText       = "#24292f"
	colorMuted      = "#57606a"
	colorAxis       = "#8c959f"
	colorGrid       = "#d8dee4"
	colorVerified   = "#1a7f37"
	colorTotal      = "#8c959f"
	colorFailed     = "#cf222e"
	colorNeutral    = "#afb8c1" // legend samples of marks that have no hue of their own
	colorOtherStage = "#bf3989"
	colorBand       = "#ddf4ff" // the burn-up's wave bands, alternating
	colorBandAlt    = "#fff8c5"
	colorTarget     = "#9a6700"
	colorCost       = "#54aeff"

	// charWidth is the estimated advance of one character, in em, of a
	// proportional sans-serif face; digits and most lower-case letters are
	// narrower, so layouts built on it err on the roomy side.
	charWidth = 0.6
)

// stageOrder is the pipeline a batch goes through; the Gantt legend lists
// the stages in this order.
var stageOrder = []string{"worktree", "agent", "gate", "merge", "audit"}

// stageColors gives each known stage its own hue; stages outside the
// pipeline share colorOtherStage.
var stageColors = map[string]string{
	"worktree": "#8c959f",
	"agent":    "#0969da",
	"gate":     "#bf8700",
	"merge":    "#8250df",
	"audit":    "#1a7f37",
}

// stageColor is the fill of a bar of the named stage.
func stageColor(stage string) string {
	if c, ok := stageColors[stage]; ok {
		return c
	}
	return colorOtherStage
}

// textWidth estimates how many pixels s takes at the given font size.
func textWidth(s string, size float64) float64 {
	n := 0
	for range s {
		n++
	}
	return float64(n) * size * charWidth
}
