package csharp

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"unicode/utf8"

	"portwave/mage/gitx"
)

// File is what a scan found in one source file.
type File struct {
	Path    string
	Size    int64
	Types   []Type
	Members []Member
	// Errors lists every problem found, in line order. Members found before
	// and after a problem are kept, but a file with errors is not a reliable
	// source: see OK.
	Errors []Error
	// Incomplete is set when part of the file was not scanned at all: it
	// could not be read, was over the size limit, or an error (an
	// unterminated comment or raw string, too many errors) swallowed the rest.
	// Types and members there are unknown.
	Incomplete bool
}

// OK reports whether the file scanned without any error. Only then may its
// members be taken as evidence that something is implemented.
func (f *File) OK() bool { return len(f.Errors) == 0 }

// Err joins the file's errors, or returns nil when it scanned cleanly.
func (f *File) Err() error {
	errs := make([]error, len(f.Errors))
	for i, e := range f.Errors {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// Declares reports whether the file declares a type of that simple name.
func (f *File) Declares(typeName string) bool {
	return slices.ContainsFunc(f.Types, func(t Type) bool { return t.Name == typeName })
}

// Scan scans the C# source src. path is only recorded, never opened. It
// always returns a File; problems are in its Errors.
func Scan(path string, src []byte, opt Options) *File {
	opt = opt.withDefaults()
	return scan(path, src, opt, newScratch(opt))
}

// scratch is the memory one worker reuses from file to file: the read
// buffer, the parser's stacks and the member list. Allocating them afresh
// for every file of a large tree made the garbage collector a fifth of a
// full audit's time.
type scratch struct {
	buf     []byte
	toks    []token
	scopes  []scope
	attrs   [][2]int
	members []Member
	builds  []Build
	sets    []map[string]bool // the symbols of each build
	read    []string          // the symbols #if and #elif read in the file
}

func newScratch(opt Options) *scratch {
	s := &scratch{builds: opt.builds()}
	for _, b := range s.builds {
		s.sets = append(s.sets, symbolSet(b.Symbols))
	}
	return s
}

// scan is Scan with the given scratch; the File's Members are the
// scratch's until the next scan with it.
func scan(path string, src []byte, opt Options, s *scratch) *File {
	f := &File{Path: path, Size: int64(len(src))}
	if f.Size > opt.MaxFileSize {
		f.fail(fmt.Sprintf("not scanned: %d bytes, over the limit of %d", f.Size, opt.MaxFileSize))
		return f
	}
	s.read = s.read[:0]
	scanBuild(f, src, opt, s, 0)
	if len(s.read) > 0 && len(s.builds) > 1 {
		return scanBuilds(f, path, src, opt, s)
	}
	return f
}

// scanBuild reads src into f with the symbols of build b.
func scanBuild(f *File, src []byte, opt Options, s *scratch, b int) {
	path := f.Path
	f.Members = s.members[:0]
	p := parser{lx: newLexer(path, src), file: f, marker: []byte(opt.StubMarker),
		toks: s.toks[:0], scopes: s.scopes[:0], attrs: s.attrs[:0]}
	p.lx.symbols, p.lx.read = s.sets[b], &s.read
	p.run()
	s.toks, s.scopes, s.attrs, s.members = p.toks, p.scopes, p.attrs, f.Members
	f.Errors = p.lx.errs
	f.Incomplete = p.lx.lost
	if !utf8.Valid(src) {
		// Counted apart from the lexer's line cache, which only moves forward.
		off := invalidUTF8(src)
		line := 1 + bytes.Count(src[:off], []byte{'\n'})
		col := charCol(src, off, off-(bytes.LastIndexByte(src[:off], '\n')+1)+1)
		f.Errors = append(f.Errors, Error{File: path, Line: line, Col: col, Msg: "invalid UTF-8"})
	}
	// A file holding conflict markers scans as C# where the markers happen
	// to fall between members; it is still an unfinished merge.
	for _, line := range gitx.ConflictMarkers(src) {
		f.Errors = append(f.Errors, Error{File: path, Line: line, Col: 1, Msg: "git conflict marker"})
	}
	slices.SortStableFunc(f.Errors, func(a, b Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}

// fail records a problem with the whole file, which leaves it unscanned.
func (f *File) fail(msg string) {
	f.Errors = append(f.Errors, Error{File: f.Path, Msg: msg})
	f.Incomplete = true
}

// invalidUTF8 returns the offset of the first byte that is not valid UTF-8.
func invalidUTF8(src []byte) int {
	for i := 0; i < len(src); {
		if src[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(src)
}
