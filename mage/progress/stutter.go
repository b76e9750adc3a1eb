package progress

import (
	"strconv"
	"strings"
)

// The views put "batch N" before a batch's notes and "at STAGE:" before
// its error. Messages written for a log of their own often start with the
// same words; these take them off, so that a line never reads "batch 13:
// batch 13 attempt 1 failed" or "at agent: agent: the agent wrote nothing".

// withoutBatch drops a leading "batch N", "batch N:" or "batch N," from msg.
func withoutBatch(batch int, msg string) string {
	if batch == 0 {
		return msg
	}
	rest, ok := strings.CutPrefix(msg, "batch "+strconv.Itoa(batch))
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != ':' && rest[0] != ',') {
		return msg
	}
	rest = strings.TrimLeft(rest, ":, ")
	if rest == "" {
		return msg
	}
	return rest
}

// withoutStage drops a leading "STAGE: " from an error shown after "at
// STAGE".
func withoutStage(stage, msg string) string {
	if stage == "" {
		return msg
	}
	if rest, ok := strings.CutPrefix(msg, stage+": "); ok && rest != "" {
		return rest
	}
	return msg
}
