package audit

import (
	"sort"
	"strings"

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
	Params int    // declared parameters; -1 when unknown or not a method
	// Trivial is a stub with nothing to do (empty, comments, return
	// default): a faithful port of an empty Go function.
	Trivial bool
	// Via says how an entry filed under another type got there:
	// "extension" or "json converter"; empty for a declared member.
	Via string
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
	paths := make([]string, 0, len(files))
	entries := 0
	for p, f := range files {
		paths = append(paths, p)
		entries += len(f.Entries)
	}
	idx := &Index{files: files, members: make(map[memberKey][]Entry, entries), classes: map[string][]string{}}
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
	fs := FileScan{Path: rel, Entries: make([]Entry, 0, len(f.Members))}
	for _, e := range f.Errors {
		e.File = rel
		fs.Errors = append(fs.Errors, e.Error())
	}
	if f.Incomplete && len(fs.Errors) == 0 {
		fs.Errors = append(fs.Errors, rel+": not scanned completely")
	}
	for _, m := range f.Members {
		e := Entry{Class: m.TypeName, Member: m.Name, File: rel, Line: m.Line,
			Body: m.Body, Test: m.Test, Skip: m.SkipReason, Params: m.Params, Trivial: m.Trivial()}
		fs.Entries = append(fs.Entries, e)
		fs.Entries = append(fs.Entries, aliases(e, m.Extends)...)
	}
	return fs
}

// JSONConverterSuffix names the convention by which a converter class
// stands for Go's MarshalJSON and UnmarshalJSON: <T>JsonConverter's Write
// counts as T.MarshalJSON and its Read as T.UnmarshalJSON. It is how a
// type that cannot hold members, such as an enum, is given its JSON form
// (System.Text.Json's JsonConverter<T>).
const JSONConverterSuffix = "JsonConverter"

// aliases files a member under the type it really belongs to, besides its
// own class:
//   - an extension member (a static method with this T, or a member of an
//     extension(T) block) is a member of T, under its name; one named
//     String also stands for ToString, the name Go's String maps to, which
//     an extension could not usefully take;
//   - Write and Read of <T>JsonConverter are T.MarshalJSON and
//     T.UnmarshalJSON.
func aliases(e Entry, extends string) []Entry {
	var out []Entry
	if extends != "" && extends != e.Class {
		a := e
		a.Class, a.Via = extends, "extension in "+e.Class
		out = append(out, a)
		if e.Member == "String" {
			a.Member = "ToString"
			out = append(out, a)
		}
	}
	if t, ok := strings.CutSuffix(e.Class, JSONConverterSuffix); ok && t != "" {
		member := map[string]string{"Write": "MarshalJSON", "Read": "UnmarshalJSON"}[e.Member]
		if member != "" {
			a := e
			a.Class, a.Member, a.Params, a.Via = t, member, -1, "json converter "+e.Class
			out = append(out, a)
		}
	}
	return out
}
