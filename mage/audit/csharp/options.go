package csharp

import "strings"

// Defaults used when an Options field is left zero.
const (
	// DefaultStubMarker is the comment text that marks a body as not yet ported.
	DefaultStubMarker = "TODO: port"
	// DefaultMaxFileSize is the largest file scanned. Generated or corrupt files
	// beyond it are reported instead, so one bad file cannot stall an audit.
	DefaultMaxFileSize int64 = 16 << 20
)

// Options tunes a scan. The zero value uses the defaults above.
type Options struct {
	// StubMarker is the text of the comment that marks an unported body, with
	// or without its comment delimiters ("// TODO: port" and "TODO: port" are
	// the same marker). A body that holds nothing but comments is a stub
	// anyway; the marker also turns a trivial return (return null, false, 0,
	// "" ...) into a stub, which without it is implemented.
	StubMarker string
	// MaxFileSize is the largest file, in bytes, that is scanned. Larger files
	// get an error and no members.
	MaxFileSize int64
	// Symbols are the preprocessor symbols defined for #if, as the build
	// defines them (DEBUG, NET, NET8_0_OR_GREATER, ...). Only the branch
	// they select is scanned, so that braces opened in one branch and
	// closed in a later #if stay consistent. Others are undefined.
	Symbols []string
	// Builds, when set, replaces Symbols: the configurations the file is
	// compiled in (a project's target frameworks), each with its symbols.
	// A file is scanned once for each build its #if conditions read
	// differently, and keeps the members, types and errors of all; an
	// error found in some builds only names them. A file without
	// conditions on symbols the builds tell apart is scanned once.
	Builds []Build
}

// Build is one configuration code is compiled in.
type Build struct {
	Name    string // for errors: "Server.csproj net8.0"
	Symbols []string
}

func (o Options) builds() []Build {
	if len(o.Builds) > 0 {
		return o.Builds
	}
	return []Build{{Symbols: o.Symbols}}
}

func symbolSet(symbols []string) map[string]bool {
	m := make(map[string]bool, len(symbols))
	for _, s := range symbols {
		if s = strings.TrimSpace(s); s != "" {
			m[s] = true
		}
	}
	return m
}

// withDefaults fills zero fields and normalises the marker to its bare text.
func (o Options) withDefaults() Options {
	if o.MaxFileSize <= 0 {
		o.MaxFileSize = DefaultMaxFileSize
	}
	m := strings.TrimSpace(o.StubMarker)
	if m == "" {
		m = DefaultStubMarker
	}
	for _, p := range []string{"//", "/*"} {
		m = strings.TrimSpace(strings.TrimPrefix(m, p))
	}
	o.StubMarker = strings.TrimSpace(strings.TrimSuffix(m, "*/"))
	return o
}
