package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// step is one entry of a script: a JSON list of objects, each with one of
// these keys (a "result" may carry an "exit" beside it):
//
//	{"write": {"path": "x.cs", "content": "..."}}    a Write tool call (one turn)
//	{"edit": {"path": "x.cs", "old": "a", "new": "b", "replace_all": false}}
//	{"read": {"path": "x.cs"}}                       a Read tool call (one turn)
//	{"text": "..."}                                  an assistant text (one turn)
//	{"sleep": "2s"}                                  pause
//	{"exit": 1}                                      exit now, without a result
//	{"result": {"is_error": true, "subtype": "success", "terminal_reason": "api_error",
//	            "result": "...", "errors": ["..."], "api_error_status": 500}, "exit": 1}
//	                                                 end with this result (exit
//	                                                 defaults to 1 for errors, else 0)
//	{"deny_writes": true}                            deny writes from here on, as
//	                                                 without acceptEdits
//	{"spawn_child": true} or {"spawn_child": {"pid_file": "p"}}
//	                                                 leave a `sleep 300` running in
//	                                                 the process group
//	{"garbage": "not json"}                          print a raw line
//	{"stderr": "..."}                                print a line on stderr
//	{"api_retry": {"error_status": 529, "error": "overloaded_error"}}
//	{"usage": {"input_tokens": 1, "output_tokens": 1, "cache_read_input_tokens": 1,
//	           "cache_creation_input_tokens": 1, "cost_usd": 0.01}}
//	                                                 per-turn figures from here on
//
// A run whose tool and text steps need more turns than --max-turns ends
// like the real CLI: subtype error_max_turns, exit 1. A script without a
// final text step gets one ("Done.").
type step struct {
	Write      *writeStep      `json:"write"`
	Edit       *editStep       `json:"edit"`
	Read       *readStep       `json:"read"`
	Text       *string         `json:"text"`
	Sleep      string          `json:"sleep"`
	Exit       *int            `json:"exit"`
	Result     *resultStep     `json:"result"`
	DenyWrites bool            `json:"deny_writes"`
	SpawnChild json.RawMessage `json:"spawn_child"`
	Garbage    *string         `json:"garbage"`
	Stderr     *string         `json:"stderr"`
	APIRetry   *apiRetryStep   `json:"api_retry"`
	Usage      *turnUsage      `json:"usage"`
}

type writeStep struct {
	Path    string `json:"path"`
	Content string `json:"content"`
}

type editStep struct {
	Path       string `json:"path"`
	Old        string `json:"old"`
	New        string `json:"new"`
	ReplaceAll bool   `json:"replace_all"`
}

type readStep struct {
	Path string `json:"path"`
}

type resultStep struct {
	IsError        *bool    `json:"is_error"`
	Subtype        string   `json:"subtype"`
	TerminalReason string   `json:"terminal_reason"`
	Result         *string  `json:"result"`
	Errors         []string `json:"errors"`
	APIErrorStatus *int     `json:"api_error_status"`
}

type apiRetryStep struct {
	ErrorStatus int    `json:"error_status"`
	Error       string `json:"error"`
}

// turnUsage is what one model turn costs.
type turnUsage struct {
	Input         int64   `json:"input_tokens"`
	Output        int64   `json:"output_tokens"`
	CacheRead     int64   `json:"cache_read_input_tokens"`
	CacheCreation int64   `json:"cache_creation_input_tokens"`
	CostUSD       float64 `json:"cost_usd"`
}

// defaultUsage is a turn's figure unless the script sets one; its cost is
// at Sonnet's list prices ($3, $15, $0.30 and $3.75 per million tokens).
var defaultUsage = turnUsage{Input: 1000, Output: 200, CacheRead: 3000, CacheCreation: 500,
	CostUSD: (1000*3 + 200*15 + 3000*0.30 + 500*3.75) / 1e6}

// spawn reads spawn_child: true, or an object naming a file for the PID.
func (s step) spawn() (bool, string, error) {
	raw := bytes.TrimSpace(s.SpawnChild)
	if len(raw) == 0 || string(raw) == "false" || string(raw) == "null" {
		return false, "", nil
	}
	if string(raw) == "true" {
		return true, "", nil
	}
	var obj struct {
		PIDFile string `json:"pid_file"`
	}
	if err := json.Unmarshal(raw, &obj); err != nil {
		return false, "", fmt.Errorf("spawn_child: want true or {\"pid_file\": ...}: %w", err)
	}
	return true, obj.PIDFile, nil
}

func loadScript(path string) ([]step, error) {
	if path == "" {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading script: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var steps []step
	if err := dec.Decode(&steps); err != nil {
		return nil, fmt.Errorf("script %s: %w", path, err)
	}
	for i, s := range steps {
		if s.Sleep != "" {
			if _, err := time.ParseDuration(s.Sleep); err != nil {
				return nil, fmt.Errorf("script %s: step %d: %w", path, i+1, err)
			}
		}
		if _, _, err := s.spawn(); err != nil {
			return nil, fmt.Errorf("script %s: step %d: %w", path, i+1, err)
		}
	}
	return steps, nil
}
