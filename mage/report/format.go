package report

import (
	"fmt"
	"math"
	"portwave/mage/progress"
	"strings"
	"time"
)

// percent is done of total rounded to 0.1, the way the plan words its
// figures (5694/6942 = 82.0%). Rounding never claims more than is true: a
// port with anything left is at most 99.9%, one with anything done at
// least 0.1%.
func percent(done, total int) float64 {
	if total <= 0 {
		return 0
	}
	p := math.Round(float64(done)*1000/float64(total)) / 10
	switch {
	case done < total && p >= 100:
		return 99.9
	case done > 0 && p <= 0:
		return 0.1
	}
	return p
}

// percentText is percent with its sign, or a dash when there is nothing to
// count.
func percentText(done, total int) string {
	if total <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", percent(done, total))
}

// fraction is "done/total = p%".
func fraction(done, total int) string {
	if total <= 0 {
		return "0/0 (nothing tracked yet)"
	}
	return fmt.Sprintf("%d/%d = %s", done, total, percentText(done, total))
}

// barWidth is how many cells a text progress bar has.
const barWidth = 20

// bar draws done of total as a row of block characters. Any work done
// shows at least one cell, any work left leaves at least one empty, so the
// bar never rounds a module to finished or to untouched.
func bar(done, total int) string {
	if total <= 0 {
		return strings.Repeat("·", barWidth)
	}
	full := done * barWidth / total
	if done > 0 {
		full = max(full, 1)
	}
	if done < total {
		full = min(full, barWidth-1)
	}
	return strings.Repeat("█", full) + strings.Repeat("░", barWidth-full)
}

// Duration writes seconds as the two largest units: "1h 20m", "4m 05s",
// "12s", "2d 3h".
func Duration(seconds float64) string {
	d := time.Duration(math.Round(seconds)) * time.Second
	switch {
	case d >= 24*time.Hour:
		return fmt.Sprintf("%dd %dh", d/(24*time.Hour), d%(24*time.Hour)/time.Hour)
	case d >= time.Hour:
		return fmt.Sprintf("%dh %02dm", d/time.Hour, d%time.Hour/time.Minute)
	case d >= time.Minute:
		return fmt.Sprintf("%dm %02ds", d/time.Minute, d%time.Minute/time.Second)
	}
	return fmt.Sprintf("%ds", d/time.Second)
}

func money(usd float64) string { return fmt.Sprintf("$%.2f", usd) }

// stamp writes a time for people: minutes, UTC.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// text makes free text (a reason, an error, a plan's note) safe inside
// markdown tables: no tags, no emphasis or links, no line breaks, no cell
// separators. A bare & is left alone, since GitHub shows it as written and
// the raw file stays readable in a diff.
var textEscaper = strings.NewReplacer("<", "&lt;", ">", "&gt;", "|", `\|`,
	"\r\n", " ", "\n", " ", "\r", " ", "*", `\*`, "_", `\_`, "`", "'", "[", `\[`, "]", `\]`)

func text(s string) string { return textEscaper.Replace(progress.Printable(s)) }

// code writes a name as an inline code span.
func code(s string) string {
	s = strings.NewReplacer("\n", " ", "|", `\|`).Replace(progress.Printable(strings.ReplaceAll(s, "\n", " ")))
	if strings.Contains(s, "`") {
		return "`` " + s + " ``"
	}
	return "`" + s + "`"
}

// statusName is how a status reads in prose; the first record of an item
// has no previous status and reads as "new".
func statusName(s string) string {
	if s == "" {
		return "new"
	}
	return s
}
