package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"

	"portwave/mage/audit/csharp"
)

// appendPort ports f as an agent that appends does: its stub is removed
// whole from the file the prompt names (the // comment lines above it,
// its declaration and the blank line after it), and the implementation,
// under the same comment and declaration, is written before the closing
// brace of its class's home file, <Class>.cs (the file the stub was in
// when the class has none). ok is false when that file declares no such
// stub.
func appendPort(root string, f feature) (string, bool, error) {
	path := filepath.Join(root, filepath.FromSlash(f.file))
	src, err := os.ReadFile(path)
	if err != nil {
		return "", false, nil
	}
	rest, member, ok := cutStub(src, f)
	if !ok {
		return "", false, nil
	}
	home := homeFile(root, f.class)
	if home == "" || home == path {
		home, src = path, rest
	} else {
		if err := os.WriteFile(path, rest, 0o644); err != nil {
			return "", true, err
		}
		if src, err = os.ReadFile(home); err != nil {
			return "", true, err
		}
	}
	out, ok := appendMember(src, f.class, member)
	if !ok {
		return "", true, nil
	}
	rel, _ := filepath.Rel(root, home)
	return "moved to the end of " + f.class + " in " + filepath.ToSlash(rel), true, os.WriteFile(home, out, 0o644)
}

// cutStub removes f's first stub from src and returns what is left and
// the member's implementation, indented as the stub was.
func cutStub(src []byte, f feature) (rest []byte, member string, ok bool) {
	file := csharp.Scan(f.file, src, csharp.Options{})
	for _, m := range file.Members {
		if m.TypeName != f.class || m.Name != f.member || m.Body != csharp.Stub || m.BodyEnd <= m.BodyStart {
			continue
		}
		start := lineStart(src, m.Start)
		for start > 0 && bytes.HasPrefix(bytes.TrimSpace(src[lineStart(src, start-1):start]), []byte("//")) {
			start = lineStart(src, start-1)
		}
		end := m.End + bytes.IndexByte(src[m.End:], '\n') + 1
		if bytes.HasPrefix(src[end:], []byte("\n")) {
			end++ // the blank line after it
		}
		decl := bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(src[start:m.BodyStart]), []byte("=>")))
		indent := indentOf(src, m.Start)
		member = indent + string(decl) + "\n" + block(f, returns(string(src[m.Start:m.BodyStart])), indent) + "\n\n"
		rest = append(append([]byte(nil), src[:start]...), src[end:]...)
		return rest, member, true
	}
	return nil, "", false
}

// appendMember writes member before the closing brace of class in src:
// the first line after the class's last member that holds only a }.
func appendMember(src []byte, class, member string) ([]byte, bool) {
	file := csharp.Scan("", src, csharp.Options{})
	last := -1
	for _, m := range file.Members {
		if m.TypeName == class && m.End > last {
			last = m.End
		}
	}
	if last < 0 {
		for _, t := range file.Types {
			if t.Name == class {
				last = lineOffset(src, t.Line)
			}
		}
	}
	if last < 0 {
		return nil, false
	}
	for i := last; i < len(src); {
		next := bytes.IndexByte(src[i:], '\n')
		if next < 0 {
			next = len(src) - i
		}
		if i > last && string(bytes.TrimSpace(src[i:i+next])) == "}" {
			return append(append(append([]byte(nil), src[:i]...), member...), src[i:]...), true
		}
		i += next + 1
	}
	return nil, false
}

// homeFile is the path of <class>.cs under root, or "".
func homeFile(root, class string) string {
	found := ""
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == class+".cs" {
			found = p
			return fs.SkipAll
		}
		return nil
	})
	return found
}
