package msbuild

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"portwave/mage/input"
)

// Error is a problem with a project file, at a line and column when it
// concerns one element.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// node is one element of a project file.
type node struct {
	name      string
	attrs     map[string]string
	text      string
	kids      []*node
	file      string
	line, col int
}

func (n *node) errorf(format string, args ...any) *Error {
	return &Error{File: n.file, Line: n.line, Col: n.col, Msg: fmt.Sprintf(format, args...)}
}

// parseFile reads a project file (or a .props it imports) into its tree
// of elements, each with its position.
func parseFile(path string) (*node, error) {
	data, err := input.ReadFile(path, input.MaxProject)
	if err != nil {
		return nil, &Error{File: path, Msg: err.Error()}
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	d := xml.NewDecoder(bytes.NewReader(data))
	var stack []*node
	var root *node
	for {
		line, col := d.InputPos()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, col = d.InputPos()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				line = se.Line
			}
			return nil, &Error{File: path, Line: line, Col: col, Msg: "not XML: " + strings.TrimPrefix(err.Error(), "XML syntax error on line "+fmt.Sprint(line)+": ")}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{name: t.Name.Local, attrs: map[string]string{}, file: path, line: line, col: col}
			for _, a := range t.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.kids = append(parent.kids, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(t)
			}
		}
	}
	if root == nil || root.name != "Project" {
		return nil, &Error{File: path, Line: 1, Col: 1, Msg: "expected a <Project> element"}
	}
	return root, nil
}
