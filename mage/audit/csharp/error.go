package csharp

import "fmt"

// Error is one problem found while scanning a file. Line and Col are 1-based
// (Col counts characters, as editors do); both are 0 when the problem concerns the whole file, such
// as a read failure or a file over the size limit.
type Error struct {
	File string
	Line int
	Col  int
	Msg  string
}

// Error formats the problem as file:line:col: message.
func (e Error) Error() string {
	switch {
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}
