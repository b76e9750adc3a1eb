package modelserver

import (
	"regexp"
	"strings"
)

// Route gives the conversations whose prompt contains every string of
// Contains their own Script, so one server can play a different model for
// each batch a runner hands out, several at once. A Route with no Contains
// matches every conversation.
//
// The prompt is the last user message that carries text, and the script's
// turns count from it: when a session is resumed with a new prompt, the
// request still carries the earlier conversation, but the new prompt picks
// the route and starts its script at the first turn.
type Route struct {
	Contains []string
	Script   Script
}

// matches reports whether prompt contains every string of the route.
func (r Route) matches(prompt string) bool {
	for _, s := range r.Contains {
		if !strings.Contains(prompt, s) {
			return false
		}
	}
	return true
}

// route picks the script for a request: that of the first route matching its
// prompt, whose index it records in the request.
func (s *Server) route(rec *Request) (Script, bool) {
	for i, r := range s.routes {
		if r.matches(rec.Prompt) {
			rec.Route = i
			return r.Script, true
		}
	}
	rec.Route = -1
	return Script{}, false
}

// reminder is a block of context the CLI adds to a prompt.
var reminder = regexp.MustCompile(`(?s)<system-reminder>.*?</system-reminder>`)

// firstLine is the start of a prompt, enough to name it in an error: its
// first line that is not part of the CLI's reminders.
func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(reminder.ReplaceAllString(s, "")), "\n")
	if len(s) > 80 {
		s = s[:80] + "..."
	}
	return s
}
