package inventory

import (
	"fmt"

	"portwave/mage/port"
)

// Decl is one function, method or test found in the Go tree.
type Decl struct {
	Kind        port.Kind
	GoFile      string // slash-separated, relative to the scanned root
	GoReceiver  string // receiver type name without '*' or type parameters; empty for functions
	GoName      string
	GoLine      int // line of the func keyword; a doc comment is not part of the item
	GoLineCount int // from the func keyword to the closing brace, both included
}

// QualifiedName is Receiver.Name for a method, Name for a function or test.
func (d Decl) QualifiedName() string {
	if d.GoReceiver != "" {
		return d.GoReceiver + "." + d.GoName
	}
	return d.GoName
}

// String is Kind file:line Receiver.Name, for logs and test failures.
func (d Decl) String() string {
	return fmt.Sprintf("%s %s:%d %s", d.Kind, d.GoFile, d.GoLine, d.QualifiedName())
}

// Options tunes Scan. The zero value is ready to use.
//
// There is deliberately no option to skip files that do not parse: a skipped
// file would make its items look deleted, and Merge would mark them vanished.
type Options struct {
	// Workers is how many files are parsed at once; 0 means GOMAXPROCS.
	Workers int
	// Scope limits the files scanned to the tracker's; the zero Scope is
	// every file.
	Scope Scope
}
