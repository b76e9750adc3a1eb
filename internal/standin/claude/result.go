package main

import (
	"encoding/json"
	"fmt"
	"time"
)

// finish ends the run with a result: success, or the script's override.
func (s *session) finish(o *resultStep, exit *int) int {
	r := resultEvent{Subtype: "success", NumTurns: s.turns, StopReason: "end_turn", TerminalReason: "completed"}
	text := s.finalText
	if o != nil {
		if o.IsError != nil {
			r.IsError = *o.IsError
		}
		if o.Subtype != "" {
			r.Subtype = o.Subtype
		}
		if o.TerminalReason != "" {
			r.TerminalReason = o.TerminalReason
		}
		if o.Result != nil {
			text = *o.Result
		}
		r.Errors, r.APIErrorStatus = o.Errors, o.APIErrorStatus
	}
	if r.Subtype == "success" {
		r.Result = &text
	}
	code := 0
	if r.IsError || r.Subtype != "success" {
		code = 1
	}
	if exit != nil {
		code = *exit
	}
	return s.end(r, code)
}

// resultEvent is the last line of a run, its fields in the real order.
type resultEvent struct {
	Type              string         `json:"type"`
	Subtype           string         `json:"subtype"`
	IsError           bool           `json:"is_error"`
	DurationMS        int64          `json:"duration_ms"`
	DurationAPIMS     int64          `json:"duration_api_ms"`
	NumTurns          int            `json:"num_turns"`
	Result            *string        `json:"result,omitempty"`
	StopReason        string         `json:"stop_reason"`
	SessionID         string         `json:"session_id"`
	TotalCostUSD      float64        `json:"total_cost_usd"`
	Usage             map[string]any `json:"usage"`
	ModelUsage        map[string]any `json:"modelUsage"`
	PermissionDenials []denial       `json:"permission_denials"`
	APIErrorStatus    *int           `json:"api_error_status,omitempty"`
	Errors            []string       `json:"errors,omitempty"`
	TerminalReason    string         `json:"terminal_reason"`
	UUID              string         `json:"uuid"`
}

// end prints the result in the chosen output format and returns code.
func (s *session) end(r resultEvent, code int) int {
	r.Type, r.SessionID, r.UUID = "result", s.id, newUUID()
	r.DurationMS = time.Since(s.start).Milliseconds()
	r.DurationAPIMS = r.DurationMS
	r.TotalCostUSD = s.total.CostUSD
	r.Usage = usageJSON(s.total)
	r.ModelUsage = map[string]any{s.model: map[string]any{"inputTokens": s.total.Input,
		"outputTokens": s.total.Output, "cacheReadInputTokens": s.total.CacheRead,
		"cacheCreationInputTokens": s.total.CacheCreation, "webSearchRequests": 0,
		"costUSD": s.total.CostUSD, "contextWindow": 200000, "maxOutputTokens": 64000}}
	r.PermissionDenials = s.denials
	if r.PermissionDenials == nil {
		r.PermissionDenials = []denial{}
	}
	switch s.opts.outputFormat {
	case "stream-json", "json":
		b, _ := json.Marshal(r)
		fmt.Fprintf(s.stdout, "%s\n", b)
	default:
		switch {
		case r.Result != nil:
			fmt.Fprintln(s.stdout, *r.Result)
		case len(r.Errors) > 0:
			fmt.Fprintln(s.stdout, "Error:", r.Errors[0])
		}
	}
	return code
}
