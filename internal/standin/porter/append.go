package main

import (
	"bytes"

	"portwave/mage/audit/csharp"
)

// appendStub ports f's stub as an agent that appends does: the stub is
// removed whole (its // comment lines above, its declaration and the
// blank line after it) and the implementation, under the same comment
// and declaration, is written before its class's closing brace. ok is
// false when src declares no such stub.
func appendStub(src []byte, f feature) ([]byte, bool) {
	if len(src) == 0 {
		return nil, false
	}
	file := csharp.Scan(f.file, src, csharp.Options{})
	for _, m := range file.Members {
		if m.TypeName != f.class || m.Name != f.member || m.Body != csharp.Stub || m.BodyEnd <= m.BodyStart {
			continue
		}
		closing := classEnd(src, file.Members, m)
		if closing < 0 {
			return nil, false
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
		member := indent + string(decl) + "\n" + block(f, returns(string(src[m.Start:m.BodyStart])), indent) + "\n\n"
		var out bytes.Buffer
		out.Write(src[:start])
		out.Write(src[end:closing])
		out.WriteString(member)
		out.Write(src[closing:])
		return out.Bytes(), true
	}
	return nil, false
}

// classEnd is the offset of the line holding the closing brace of the
// class that declares m: the first line after the class's last member
// that holds only a }.
func classEnd(src []byte, members []csharp.Member, m csharp.Member) int {
	last := m.End
	for _, o := range members {
		if o.Type == m.Type && o.End > last {
			last = o.End
		}
	}
	for i := last; i < len(src); {
		next := bytes.IndexByte(src[i:], '\n')
		if next < 0 {
			next = len(src) - i
		}
		if i > last && string(bytes.TrimSpace(src[i:i+next])) == "}" {
			return i
		}
		i += next + 1
	}
	return -1
}
