package dotnetout

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Diagnostic is one error or warning in msbuild's canonical format:
//
//	{origin}: [subcategory ]{error|warning} {CODE}: {message} [{project}]
//
// where origin is a file with an optional position, or a tool name such as
// MSBUILD. Positions follow msbuild: (l), (l-l2), (l,c), (l,c-c2) and
// (l,c,l2,c2); a field the position does not give stays 0.
type Diagnostic struct {
	File            string // as printed; empty for MSBUILD's own errors
	Line, Col       int
	EndLine, EndCol int
	Severity        string // "error" or "warning"
	Code            string // e.g. CS1002; may be empty
	Message         string
	Project         string // the project path from the [..] suffix
	TargetFramework string // from a [proj::TargetFramework=net10.0] suffix
}

// canonical follows the expression msbuild's CanonicalError uses, except
// that the category is matched case-sensitively: msbuild always prints it in
// lower case, and test output such as "  Error Message:" must not match.
var canonical = regexp.MustCompile(`^\s*(?:(?:\d+>)?(?P<origin>[a-zA-Z]?:[^:]*|[^:]*):)?\s*(?P<sub>[^:]*? )?(?P<sev>error|warning)(?: \s*(?P<code>[^: ]*))?\s*:(?P<text>.*)$`)

// originPosition splits "file(pos)" into its file and position.
var originPosition = regexp.MustCompile(`^(.*)\(([0-9,\-]*)\)\s*$`)

// projectSuffix is the " [project]" msbuild appends to each message, with the
// "::TargetFramework=..." global properties of a multi-targeted build.
var projectSuffix = regexp.MustCompile(`(?i)\s+\[([^\[\]]+?\.(?:\w*proj|sln|slnx|metaproj|targets|props))(?:::([^\[\]]*))?\]\s*$`)

// parseDiagnostic reads one console line; ok is false for anything else.
func parseDiagnostic(line string) (Diagnostic, bool) {
	m := canonical.FindStringSubmatch(line)
	if m == nil {
		return Diagnostic{}, false
	}
	origin := strings.TrimSpace(m[canonical.SubexpIndex("origin")])
	d := Diagnostic{
		Severity: m[canonical.SubexpIndex("sev")],
		Code:     m[canonical.SubexpIndex("code")],
		Message:  strings.TrimSpace(m[canonical.SubexpIndex("text")]),
	}
	if p := projectSuffix.FindStringSubmatchIndex(d.Message); p != nil {
		d.Project = d.Message[p[2]:p[3]]
		if p[4] >= 0 {
			d.TargetFramework = strings.TrimPrefix(d.Message[p[4]:p[5]], "TargetFramework=")
		}
		d.Message = strings.TrimSpace(d.Message[:p[0]])
	}
	if o := originPosition.FindStringSubmatch(origin); o != nil {
		if !d.setPosition(o[2]) {
			return Diagnostic{}, false
		}
		origin = strings.TrimSpace(o[1])
	}
	if origin != "MSBUILD" {
		d.File = origin
	}
	return d, true
}

// setPosition fills the position fields from one of msbuild's five forms.
func (d *Diagnostic) setPosition(pos string) bool {
	var n []int
	for f := range strings.FieldsFuncSeq(pos, func(r rune) bool { return r == ',' || r == '-' }) {
		v, err := strconv.Atoi(f)
		if err != nil {
			return false
		}
		n = append(n, v)
	}
	commas, dash := strings.Count(pos, ","), strings.Contains(pos, "-")
	switch {
	case len(n) == 1 && commas == 0 && !dash:
		d.Line = n[0]
	case len(n) == 2 && commas == 0 && dash:
		d.Line, d.EndLine = n[0], n[1]
	case len(n) == 2 && commas == 1 && !dash:
		d.Line, d.Col = n[0], n[1]
	case len(n) == 3 && commas == 1 && dash:
		d.Line, d.Col, d.EndCol = n[0], n[1], n[2]
	case len(n) == 4 && commas == 3 && !dash:
		d.Line, d.Col, d.EndLine, d.EndCol = n[0], n[1], n[2], n[3]
	default:
		return false
	}
	return true
}

// String gives the diagnostic in the compiler style people and agents read:
// "file:line:col: error CODE: message". Parts the diagnostic lacks are left
// out.
func (d Diagnostic) String() string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.File)
		if d.Line > 0 {
			fmt.Fprintf(&b, ":%d", d.Line)
			if d.Col > 0 {
				fmt.Fprintf(&b, ":%d", d.Col)
			}
		}
		b.WriteString(": ")
	}
	b.WriteString(d.Severity)
	if d.Code != "" {
		b.WriteString(" " + d.Code)
	}
	b.WriteString(": " + d.Message)
	return b.String()
}

// Rel returns d with File and Project relative to root when they lie inside
// it, so feedback names files the way the worktree does.
func (d Diagnostic) Rel(root string) Diagnostic {
	d.File = relTo(root, d.File)
	d.Project = relTo(root, d.Project)
	return d
}

func relTo(root, path string) string {
	if path == "" || root == "" || !filepath.IsAbs(path) {
		return path
	}
	rel, err := filepath.Rel(root, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return path
	}
	return rel
}

// key identifies a diagnostic for deduplication: msbuild prints each error
// once as it happens and again in the summary after "Build FAILED.", and a
// multi-targeted project reports the same line once per target framework.
func (d Diagnostic) key() Diagnostic {
	d.TargetFramework = ""
	return d
}
