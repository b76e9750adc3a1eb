package inventory

import (
	"fmt"
	"strings"
)

// ParseError is one place in one file that go/parser could not read.
// Line and Col are 0 when the file could not be read at all.
type ParseError struct {
	File string // the path as opened: the scanned root joined with the file
	Line int
	Col  int
	Msg  string
}

func (e ParseError) Error() string {
	if e.Line == 0 {
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// ScanError reports every file of a tree that did not parse. Scan returns it
// instead of the declarations, because a file left out would look to Merge
// as if all its items had been deleted.
type ScanError struct {
	Root   string
	Errors []ParseError // in file order, then position
}

func (e *ScanError) Error() string {
	files := map[string]bool{}
	for _, pe := range e.Errors {
		files[pe.File] = true
	}
	var b strings.Builder
	fmt.Fprintf(&b, "scanning %s: %d %s in %d %s", e.Root,
		len(e.Errors), plural(len(e.Errors), "error", "errors"),
		len(files), plural(len(files), "file", "files"))
	for _, pe := range e.Errors {
		b.WriteString("\n\t")
		b.WriteString(pe.Error())
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
