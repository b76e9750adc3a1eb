package agent

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// toolInput is the input of Write, Edit and MultiEdit.
type toolInput struct {
	FilePath   string      `json:"file_path"`
	Content    *string     `json:"content"`
	OldString  string      `json:"old_string"`
	NewString  string      `json:"new_string"`
	ReplaceAll bool        `json:"replace_all"`
	Edits      []toolInput `json:"edits"`
}

// toolError is a tool call that failed: what Claude Code tells the model,
// and the reason the attempt fails.
type toolError struct{ message, reason string }

// editFile applies edits to the file at path in order, all or none, with
// Claude Code's rules: an old_string must occur exactly once unless
// replace_all; an empty one creates a file that does not exist yet. An
// edit with Content is a Write.
func editFile(path string, edits []toolInput) *toolError {
	data, err := os.ReadFile(path)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return &toolError{err.Error(), err.Error()}
	}
	text := string(data)
	for _, e := range edits {
		old := e.OldString
		var n int
		switch {
		case e.Content != nil:
			text, exists = *e.Content, true
			continue
		case old == "" && !exists:
			text, exists = e.NewString, true
			continue
		case old == "":
			return &toolError{"Cannot create new file - file already exists.", "file already exists"}
		case !exists:
			return &toolError{"File does not exist.", "file does not exist"}
		case old == e.NewString:
			return &toolError{"No changes to make: old_string and new_string are exactly the same.", "old_string and new_string are the same"}
		default:
			n = strings.Count(text, old)
		}
		switch {
		case n == 0:
			return &toolError{"String to replace not found in file.\nString: " + old,
				"old_string not found: " + quoteFirstLine(old)}
		case n > 1 && !e.ReplaceAll:
			return &toolError{fmt.Sprintf("Found %d matches of the string to replace, but replace_all is false. To replace all occurrences, set replace_all to true. To replace only one occurrence, please provide more context to uniquely identify the instance.\nString: %s", n, old),
				fmt.Sprintf("old_string found %d times: %s", n, quoteFirstLine(old))}
		case e.ReplaceAll:
			text = strings.ReplaceAll(text, old, e.NewString)
		default:
			text = strings.Replace(text, old, e.NewString, 1)
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return &toolError{err.Error(), err.Error()}
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		return &toolError{err.Error(), err.Error()}
	}
	return nil
}

// quoteFirstLine quotes the first non-blank line of s, to name a missing
// text in one line.
func quoteFirstLine(s string) string {
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return strconv.Quote(cut(line))
		}
	}
	return strconv.Quote(s)
}
