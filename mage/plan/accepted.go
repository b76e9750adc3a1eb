package plan

import (
	"regexp"
	"strconv"
	"strings"
)

// The items of an accepted-calls list: "Batch 46", "Batches 43+46" or
// "883 -> 2223" (also "883 → 2223").
var (
	acceptedBatches = regexp.MustCompile(`^Batch(?:es)?[ \t]+(\d+(?:[ \t]*(?:\+|&|and)[ \t]*\d+)*)$`)
	acceptedCall    = regexp.MustCompile(`^(\d+)[ \t]*(?:->|→)[ \t]*(\d+)$`)
	acceptedNumber  = regexp.MustCompile(`\d+`)
)

const wantAccepted = `want "Batch 46", "Batches 43+46" or a call "883 -> 2223", separated by commas`

// parseAccepted reads an accepted-calls list; at maps a byte offset of s
// to its position.
func parseAccepted(s string, at func(int) Pos) ([]AcceptedCall, []Diagnostic) {
	var out []AcceptedCall
	var errs []Diagnostic
	off := 0
	for _, item := range strings.Split(s, ",") {
		lead := len(item) - len(strings.TrimLeft(item, " \t"))
		trimmed := strings.TrimSpace(item)
		pos := at(off + lead)
		off += len(item) + 1
		switch {
		case trimmed == "":
			errs = append(errs, Diagnostic{Pos: pos, Message: "empty accepted call; " + wantAccepted})
		case acceptedBatches.MatchString(trimmed):
			for _, n := range acceptedNumber.FindAllString(trimmed, -1) {
				id, _ := strconv.Atoi(n)
				out = append(out, AcceptedCall{Batch: id, Pos: pos})
			}
		case acceptedCall.MatchString(trimmed):
			m := acceptedCall.FindStringSubmatch(trimmed)
			from, _ := strconv.Atoi(m[1])
			to, _ := strconv.Atoi(m[2])
			out = append(out, AcceptedCall{From: from, To: to, Pos: pos})
		default:
			errs = append(errs, Diagnostic{Pos: pos, Message: "malformed accepted call " + strconv.Quote(trimmed) + "; " + wantAccepted})
		}
	}
	return out, errs
}
