package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"portwave/mage/audit/csharp"
)

// implementStub replaces the body of the first stub of f's member in src
// with a real one; ok is false when src declares no such stub.
func implementStub(src []byte, f feature) ([]byte, bool) {
	if len(src) == 0 {
		return nil, false
	}
	file := csharp.Scan(f.file, src, csharp.Options{})
	for _, m := range file.Members {
		if m.TypeName != f.class || m.Name != f.member || m.Body != csharp.Stub || m.BodyEnd <= m.BodyStart {
			continue
		}
		decl := string(src[lineStart(src, m.BodyStart):m.BodyStart])
		if m.Line > 0 {
			decl = string(src[lineOffset(src, m.Line):m.BodyStart])
		}
		body := block(f, returns(decl), indentOf(src, m.BodyStart))
		var out bytes.Buffer
		out.Write(bytes.TrimRight(src[:m.BodyStart], " \t"))
		if !bytes.HasSuffix(out.Bytes(), []byte("\n")) {
			out.WriteByte('\n')
		}
		out.WriteString(body)
		out.Write(src[m.BodyEnd:])
		return out.Bytes(), true
	}
	return nil, false
}

var voidReturn = regexp.MustCompile(`\bvoid\b`)

// returns reports whether the declaration returns a value.
func returns(decl string) bool {
	name := decl
	if i := strings.IndexByte(decl, '('); i >= 0 {
		name = decl[:i]
	}
	return !voidReturn.MatchString(name)
}

// block is a real body for f, indented as its declaration is.
func block(f feature, value bool, indent string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s{\n", indent)
	fmt.Fprintf(&b, "%s    // Port of Go's %s (feature %d).\n", indent, f.goName, f.id)
	fmt.Fprintf(&b, "%s    _ported[\"%s\"] = %d;\n", indent, f.goName, f.id)
	if value {
		fmt.Fprintf(&b, "%s    return _ported;\n", indent)
	}
	fmt.Fprintf(&b, "%s}", indent)
	return b.String()
}

// addMember adds f's member to src, the file the prompt named, in a
// partial class of its own.
func addMember(root string, src []byte, f feature) []byte {
	member := fmt.Sprintf("    internal object %s()\n%s\n", f.member, block(f, true, "    "))
	class := fmt.Sprintf("public sealed partial class %s\n{\n%s}\n", f.class, member)
	text := string(src)
	switch {
	case strings.TrimSpace(text) == "":
		return []byte(fmt.Sprintf("using System;\n\nnamespace %s;\n\n%s", namespaceOf(root), class))
	case fileScoped.MatchString(text):
		return []byte(strings.TrimRight(text, "\n") + "\n\n" + class)
	}
	// A block namespace: the class goes inside it, before its last brace.
	i := strings.LastIndexByte(text, '}')
	if i < 0 {
		return []byte(text + "\n" + class)
	}
	return []byte(text[:i] + class + text[i:])
}

var (
	fileScoped = regexp.MustCompile(`(?m)^namespace\s+[\w.]+\s*;`)
	anyNS      = regexp.MustCompile(`(?m)^namespace\s+([\w.]+)`)
)

// namespaceOf is the namespace the tree's files use, for a new file.
func namespaceOf(root string) string {
	ns := "Port"
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".cs") {
			return nil
		}
		if src, err := os.ReadFile(p); err == nil {
			if m := anyNS.FindSubmatch(src); m != nil {
				ns = string(m[1])
				return fs.SkipAll
			}
		}
		return nil
	})
	return ns
}

func lineStart(src []byte, off int) int {
	return bytes.LastIndexByte(src[:off], '\n') + 1
}

// lineOffset is the offset of the first byte of 1-based line n.
func lineOffset(src []byte, n int) int {
	off := 0
	for line := 1; line < n; line++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return off
		}
		off += i + 1
	}
	return off
}

// indentOf is the indentation of the line the declaration starts on.
func indentOf(src []byte, bodyStart int) string {
	start := lineStart(src, bodyStart)
	// An expression body starts on the declaration's line: its indent is
	// the declaration's; a block body is on a line of its own, or after it.
	line := src[start:bodyStart]
	n := len(line) - len(bytes.TrimLeft(line, " \t"))
	return string(line[:n])
}
