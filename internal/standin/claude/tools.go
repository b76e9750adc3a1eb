package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// tools is what system/init lists, as the real CLI does in print mode.
var tools = []string{"Task", "Bash", "Glob", "Grep", "LS", "ExitPlanMode", "Read", "Edit",
	"MultiEdit", "Write", "NotebookEdit", "WebFetch", "TodoWrite", "WebSearch"}

// toolTurn plays a write, edit or read step as one model turn: an assistant
// tool_use, then (after the permission check) the tool's effect and a user
// tool_result.
func (s *session) toolTurn(st step) (int, bool) {
	if code, done := s.beginTurn(); done {
		return code, true
	}
	s.lastText = false
	var name, path string
	var input map[string]any
	switch {
	case st.Write != nil:
		path = s.abs(st.Write.Path)
		name, input = "Write", map[string]any{"file_path": path, "content": st.Write.Content}
	case st.Edit != nil:
		path = s.abs(st.Edit.Path)
		name, input = "Edit", map[string]any{"file_path": path, "old_string": st.Edit.Old,
			"new_string": st.Edit.New, "replace_all": st.Edit.ReplaceAll}
	default:
		path = s.abs(st.Read.Path)
		name, input = "Read", map[string]any{"file_path": path}
	}
	id := "toolu_" + randomHex(12)
	s.assistant(map[string]any{"type": "tool_use", "id": id, "name": name, "input": input}, "tool_use")

	var content string
	var detail any
	var failed bool
	switch {
	case name != "Read" && !s.allowed(name, path):
		s.denials = append(s.denials, denial{ToolName: name, ToolUseID: id, ToolInput: input})
		s.emit(map[string]any{"type": "system", "subtype": "permission_denied", "tool_name": name,
			"tool_use_id": id, "tool_input": input, "session_id": s.id, "uuid": newUUID()})
		content = fmt.Sprintf("Claude requested permissions to write to %s, but you haven't granted it yet.", path)
		detail, failed = "Error: "+content, true
	case name == "Write":
		content, detail, failed = write(path, st.Write.Content)
	case name == "Edit":
		content, detail, failed = edit(path, *st.Edit)
	default:
		content, detail, failed = read(path)
	}
	block := map[string]any{"tool_use_id": id, "type": "tool_result", "content": content}
	if failed {
		block["is_error"] = true
	}
	s.emit(map[string]any{"type": "user", "message": map[string]any{"role": "user",
		"content": []any{block}}, "parent_tool_use_id": nil, "session_id": s.id,
		"uuid": newUUID(), "tool_use_result": detail})
	return 0, false
}

// allowed applies the permission rules for a file-changing tool: denied
// after deny_writes; allowed under bypassPermissions, when the tool is in
// --allowedTools, when an Edit rule of --allowedTools covers the path
// (Edit(//<absolute folder>/**), which the real CLI applies to every
// file-writing tool), or under acceptEdits inside the working directory.
func (s *session) allowed(tool, path string) bool {
	switch {
	case s.denyWrites:
		return false
	case s.opts.skipPermissions || s.opts.permissionMode == "bypassPermissions":
		return true
	case slices.Contains(s.opts.allowedTools, tool):
		return true
	}
	for _, r := range s.opts.allowedTools {
		if dir, ok := strings.CutPrefix(r, "Edit(//"); ok && strings.HasSuffix(dir, "/**)") && within(path, "/"+strings.TrimSuffix(dir, "/**)")) {
			return true
		}
	}
	return s.opts.permissionMode == "acceptEdits" && within(path, s.cwd)
}

// within reports whether path is dir or inside it.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, "../")
}

func (s *session) mode() string {
	if s.opts.skipPermissions {
		return "bypassPermissions"
	}
	return s.opts.permissionMode
}

func (s *session) abs(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(s.cwd, p)
}

func write(path, content string) (string, any, bool) {
	_, statErr := os.Stat(path)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return toolError(err.Error())
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		return toolError(err.Error())
	}
	if statErr == nil {
		return fmt.Sprintf("The file %s has been updated successfully.", path),
			map[string]any{"type": "update", "filePath": path, "content": content, "structuredPatch": []any{}}, false
	}
	return "File created successfully at: " + path,
		map[string]any{"type": "create", "filePath": path, "content": content, "structuredPatch": []any{}}, false
}

func edit(path string, e editStep) (string, any, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return toolError("File does not exist.")
	}
	old := string(data)
	n := strings.Count(old, e.Old)
	switch {
	case e.Old == "" || n == 0:
		return toolError("String to replace not found in file.\nString: " + e.Old)
	case n > 1 && !e.ReplaceAll:
		return toolError(fmt.Sprintf("Found %d matches of the string to replace, but replace_all is false. To replace all occurrences, set replace_all to true. To replace only one occurrence, please provide more context to uniquely identify the instance.\nString: %s", n, e.Old))
	}
	updated := strings.Replace(old, e.Old, e.New, -1)
	if !e.ReplaceAll {
		updated = strings.Replace(old, e.Old, e.New, 1)
	}
	if err := os.WriteFile(path, []byte(updated), 0o644); err != nil {
		return toolError(err.Error())
	}
	return fmt.Sprintf("The file %s has been updated. Here's the result of running `cat -n` on a snippet of the edited file:\n%s", path, numbered(e.New)),
		map[string]any{"filePath": path, "oldString": e.Old, "newString": e.New, "originalFile": old,
			"structuredPatch": []any{}, "userModified": false, "replaceAll": e.ReplaceAll}, false
}

func read(path string) (string, any, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return toolError("File does not exist.")
	}
	return numbered(string(data)), map[string]any{"type": "text", "file": map[string]any{
		"filePath": path, "content": string(data)}}, false
}

func toolError(msg string) (string, any, bool) {
	return "<tool_use_error>" + msg + "</tool_use_error>", "Error: " + msg, true
}

// numbered formats text like `cat -n`, as the Read tool does.
func numbered(text string) string {
	var b strings.Builder
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		fmt.Fprintf(&b, "%6d\t%s\n", i+1, line)
	}
	return b.String()
}
