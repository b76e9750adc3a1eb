package audit

import (
	"sort"

	"portwave/mage/audit/csharp"
)

// Entry is what the audit keeps of one scanned member: enough to classify
// the items that map to it, small enough to cache for incremental runs.
type Entry struct {
	Class  string // simple name of the containing type
	Member string
	File   string // slash path relative to the C# root
	Line   int
	Body   csharp.BodyKind
	Test   bool
	Skip   string // the Skip text of a skipped test
}

// FileScan is one scanned C# file.
type FileScan struct {
	Path    string // slash path relative to the C# root
	Entries []Entry
	Errors  []string // file:line: message; any error means the file is not trusted
}

// Failed reports whether the file could not be scanned cleanly. Nothing in
// a failed file is evidence for a promotion.
func (f FileScan) Failed() bool { return len(f.Errors) > 0 }

// Index answers "what does class C have under name M" over every scanned
// file, partial classes and overloads folded together.
type Index struct {
	files   map[string]FileScan
	members map[memberKey][]Entry
	classes map[string][]string // class -> files that declare members of it
	failed  []string            // paths of files that failed
}

type memberKey struct{ class, member string }

// NewIndex builds the index of a set of scanned files.
func NewIndex(files map[string]FileScan) *Index {
	idx := &Index{files: files, members: map[memberKey][]Entry{}, classes: map[string][]string{}}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		f := files[p]
		if f.Failed() {
			idx.failed = append(idx.failed, p)
		}
		seen := map[string]bool{}
		for _, e := range f.Entries {
			k := memberKey{e.Class, e.Member}
			idx.members[k] = append(idx.members[k], e)
			if !seen[e.Class] {
				seen[e.Class] = true
				idx.classes[e.Class] = append(idx.classes[e.Class], p)
			}
		}
	}
	return idx
}

// Overloads returns every member named member in class, across all files.
func (idx *Index) Overloads(class, member string) []Entry {
	return idx.members[memberKey{class, member}]
}

// ClassFiles lists the files that hold members of class.
func (idx *Index) ClassFiles(class string) []string { return idx.classes[class] }

// Failed lists the files that could not be scanned cleanly.
func (idx *Index) Failed() []string { return idx.failed }

// FileFailed reports whether the file at path failed to scan.
func (idx *Index) FileFailed(path string) bool { return idx.files[path].Failed() }

// Files is how many files the index covers.
func (idx *Index) Files() int { return len(idx.files) }

// Members is how many members the index holds.
func (idx *Index) Members() int {
	n := 0
	for _, es := range idx.members {
		n += len(es)
	}
	return n
}

// entries converts a scanned file into the audit's compact form.
func entries(rel string, f *csharp.File) FileScan {
	fs := FileScan{Path: rel}
	for _, e := range f.Errors {
		e.File = rel
		fs.Errors = append(fs.Errors, e.Error())
	}
	if f.Incomplete && len(fs.Errors) == 0 {
		fs.Errors = append(fs.Errors, rel+": not scanned completely")
	}
	for _, m := range f.Members {
		fs.Entries = append(fs.Entries, Entry{Class: m.TypeName, Member: m.Name, File: rel, Line: m.Line,
			Body: m.Body, Test: m.Test, Skip: m.SkipReason})
	}
	return fs
}
