package csharp

import (
	"strconv"
	"strings"
)

// testAttributes are the attributes, without the Attribute suffix, that make a
// method a test in xUnit, NUnit and MSTest.
var testAttributes = map[string]bool{
	"Fact": true, "Theory": true, // xUnit
	"Test": true, "TestCase": true, "TestCaseSource": true, // NUnit
	"TestMethod": true, "DataTestMethod": true, // MSTest
}

// attributes reads the attribute sections of the current declaration into
// m, and marks tests and their skip reasons. Skip = "reason" (xUnit) and
// [Ignore] or [Ignore("reason")] (NUnit, MSTest) skip a test.
func (p *parser) attributes(m *Member) {
	ignored := ""
	for _, sec := range p.attrs {
		i, end := sec[0], min(sec[1], len(p.toks))
		if p.toks[i].kind == tIdent && p.punct(i+1, ':') && !p.punct(i+2, ':') {
			i += 2 // a target such as return: or method:
		}
		for i < end {
			j, nest := i, 0
			for ; j < end && (nest > 0 || !p.punct(j, ',')); j++ {
				switch {
				case p.punct(j, '(') || p.punct(j, '[') || p.punct(j, '{'):
					nest++
				case p.punct(j, ')') || p.punct(j, ']') || p.punct(j, '}'):
					nest--
				}
			}
			if a, ok := p.attribute(i, j); ok {
				m.Attributes = append(m.Attributes, a)
				switch short := shortAttributeName(a.Name); {
				case testAttributes[short]:
					m.Test = true
					if r := p.skipArgument(i, j); r != "" {
						m.SkipReason = r
					}
				case short == "Ignore":
					ignored = p.firstString(i, j, "ignored")
				}
			}
			i = j + 1
		}
	}
	if m.Test && m.SkipReason == "" {
		m.SkipReason = ignored
	}
}

// attribute reads the attribute in tokens [i, j): its dotted name and text.
func (p *parser) attribute(i, j int) (Attribute, bool) {
	if i >= j {
		return Attribute{}, false
	}
	var name strings.Builder
	for k := i; k < j && (p.toks[k].kind == tIdent || p.punct(k, '.') || p.punct(k, ':')); k++ {
		name.WriteString(p.word(k))
	}
	text := string(p.lx.src[p.toks[i].start:p.toks[j-1].end])
	return Attribute{Name: name.String(), Text: text}, name.Len() > 0
}

// shortAttributeName is the last part of a name, without "Attribute".
func shortAttributeName(name string) string {
	if k := strings.LastIndexAny(name, ".:"); k >= 0 {
		name = name[k+1:]
	}
	if s := strings.TrimSuffix(name, "Attribute"); s != "" {
		return s
	}
	return name
}

// skipArgument returns the value of a Skip = ... argument in tokens [i, j),
// unquoted when it is a string literal.
func (p *parser) skipArgument(i, j int) string {
	nest := 0
	for k := i; k < j; k++ {
		switch {
		case p.punct(k, '(') || p.punct(k, '[') || p.punct(k, '{'):
			nest++
		case p.punct(k, ')') || p.punct(k, ']') || p.punct(k, '}'):
			nest--
		case nest == 1 && p.word(k) == "Skip" && p.punct(k+1, '='):
			v := k + 2
			e := v
			for inner := 0; e < j && (inner > 0 || !p.punct(e, ',') && !p.punct(e, ')')); e++ {
				switch {
				case p.punct(e, '(') || p.punct(e, '['):
					inner++
				case p.punct(e, ')') || p.punct(e, ']'):
					inner--
				}
			}
			if e == v {
				return ""
			}
			if e == v+1 && p.toks[v].kind == tString {
				return unquote(p.lx.text(p.toks[v]))
			}
			return string(p.lx.src[p.toks[v].start:p.toks[e-1].end])
		}
	}
	return ""
}

// firstString returns the first string literal in tokens [i, j), or def.
func (p *parser) firstString(i, j int, def string) string {
	for k := i; k < j; k++ {
		if p.toks[k].kind == tString {
			if s := unquote(p.lx.text(p.toks[k])); s != "" {
				return s
			}
		}
	}
	return def
}

// unquote returns the text of a plain, verbatim or raw string literal; other
// literals (interpolated ones) come back as written.
func unquote(lit string) string {
	switch {
	case strings.HasPrefix(lit, `"""`) && len(lit) >= 6:
		return strings.TrimSpace(strings.Trim(lit, `"`))
	case strings.HasPrefix(lit, `@"`) && strings.HasSuffix(lit, `"`) && len(lit) >= 3:
		return strings.ReplaceAll(lit[2:len(lit)-1], `""`, `"`)
	case strings.HasPrefix(lit, `"`) && strings.HasSuffix(lit, `"`) && len(lit) >= 2:
		if s, err := strconv.Unquote(lit); err == nil {
			return s
		}
		return lit[1 : len(lit)-1]
	}
	return lit
}
