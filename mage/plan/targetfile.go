package plan

import (
	"path"
	"strings"
	"unicode"
)

// TargetFor returns the batch's target file that holds a member of class:
// the item's own C# file when porting.db names one and the batch lists it,
// else the first target whose file name or note names the class
// (NatsServer.Monitor.cs, or "extend ServerInfo, ClientInfo"). When none
// does, it returns the file the mapping implies, dotnetFile or <class>.cs,
// with implied set: the agent must be told it may write there.
func (b Batch) TargetFor(class, dotnetFile string) (file string, implied bool) {
	for _, t := range b.Targets {
		if dotnetFile != "" && (t.Path == dotnetFile || path.Base(t.Path) == path.Base(dotnetFile)) {
			return t.Path, false
		}
	}
	for _, t := range b.Targets {
		if namesWord(strings.TrimSuffix(path.Base(t.Path), ".cs"), class) || namesWord(t.Note, class) {
			return t.Path, false
		}
	}
	if dotnetFile != "" {
		return dotnetFile, true
	}
	return class + ".cs", true
}

// namesWord reports whether word appears in text as a whole word or as the
// first part of a dotted file name (NatsServer in NatsServer.Monitor).
func namesWord(text, word string) bool {
	if word == "" {
		return false
	}
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' }) {
		if w == word {
			return true
		}
	}
	return false
}
