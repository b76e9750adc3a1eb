package agent

import (
	"encoding/json"
	"path/filepath"
	"strings"
)

// summaryLen bounds a tool call's input summary.
const summaryLen = 120

// summarize turns a tool call's JSON input into one short line: the file it
// touches (relative to the worktree), the command it runs, or compact JSON.
func summarize(input json.RawMessage, dir string) string {
	if len(input) == 0 {
		return ""
	}
	var fields map[string]any
	if json.Unmarshal(input, &fields) != nil {
		return cut(string(input))
	}
	for _, key := range []string{"file_path", "notebook_path", "path"} {
		if p, ok := fields[key].(string); ok && p != "" {
			return cut(relative(p, dir))
		}
	}
	for _, key := range []string{"command", "pattern", "url", "query", "description"} {
		if v, ok := fields[key].(string); ok && v != "" {
			return cut(v)
		}
	}
	compact, err := json.Marshal(fields)
	if err != nil {
		return ""
	}
	return cut(string(compact))
}

// relative shows p relative to dir when it lies inside it. The agent sees
// the worktree's real path, which may differ from dir by symlinks.
func relative(p, dir string) string {
	if dir == "" || !filepath.IsAbs(p) {
		return p
	}
	if rel, ok := inside(p, dir); ok {
		return rel
	}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		if rel, ok := inside(p, real); ok {
			return rel
		}
	}
	return p
}

func inside(p, dir string) (string, bool) {
	rel, err := filepath.Rel(dir, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, "../") {
		return "", false
	}
	return rel, true
}

// cut keeps the first line of s, at most summaryLen runes.
func cut(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(s); len(r) > summaryLen {
		return string(r[:summaryLen-1]) + "…"
	}
	return s
}
