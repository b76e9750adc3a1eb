package msbuild

import (
	"fmt"
	"strings"
)

// value is a property's value, or why it is not known: it was set by an
// expression or under a condition outside what this package evaluates.
// The error only matters when the symbols depend on the property.
type value struct {
	s   string
	err error
}

// expand replaces the $(...) references in s. at is the element s comes
// from, for errors.
func (e *evaluator) expand(s string, at *node) (string, error) {
	if !strings.Contains(s, "$(") {
		if strings.Contains(s, "@(") || strings.Contains(s, "%(") {
			return "", at.errorf("item lists (@(...), %%(...)) are not evaluated here: %q", strings.TrimSpace(s))
		}
		return s, nil
	}
	var b strings.Builder
	for {
		k := strings.Index(s, "$(")
		if k < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		b.WriteString(s[:k])
		end := closing(s, k+1)
		if end < 0 {
			return "", at.errorf("unclosed $( in %q", s)
		}
		v, err := e.reference(s[k+2:end], at)
		if err != nil {
			return "", err
		}
		b.WriteString(v)
		s = s[end+1:]
	}
}

// closing returns the index of the ) matching the ( at open, skipping
// quoted text, or -1.
func closing(s string, open int) int {
	depth, quote := 0, byte(0)
	for i := open; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"' || c == '`':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

// reference evaluates the inside of $(...): a property, a string method
// called on one, or an [MSBuild]:: function.
func (e *evaluator) reference(ref string, at *node) (string, error) {
	ref = strings.TrimSpace(ref)
	if rest, ok := strings.CutPrefix(ref, "[MSBuild]::"); ok {
		name, args, err := e.call(rest, at)
		if err != nil {
			return "", err
		}
		return msbuildFunction(name, args, at)
	}
	name, method, hasMethod := strings.Cut(ref, ".")
	if !isName(name) {
		return "", at.errorf("cannot evaluate $(%s): only properties, string methods on them and [MSBuild]:: functions are read", ref)
	}
	v := e.get(name)
	if v.err != nil {
		return "", v.err
	}
	if !hasMethod {
		return v.s, nil
	}
	m, args, err := e.call(method, at)
	if err != nil {
		return "", err
	}
	return stringMethod(v.s, m, args, at)
}

// call splits Name('a', 'b') into its name and expanded arguments.
func (e *evaluator) call(s string, at *node) (string, []string, error) {
	open := strings.IndexByte(s, '(')
	if open < 0 || closing(s, open) != len(s)-1 {
		return "", nil, at.errorf("cannot read the call %q", s)
	}
	var args []string
	inner := strings.TrimSpace(s[open+1 : len(s)-1])
	for inner != "" {
		arg := inner
		end := len(inner)
		if c := inner[0]; c == '\'' || c == '"' || c == '`' {
			k := strings.IndexByte(inner[1:], c)
			if k < 0 {
				return "", nil, at.errorf("unclosed quote in %q", s)
			}
			arg, end = inner[1:1+k], k+2
		} else if k := strings.IndexByte(inner, ','); k >= 0 {
			arg, end = strings.TrimSpace(inner[:k]), k
		}
		v, err := e.expand(arg, at)
		if err != nil {
			return "", nil, err
		}
		args = append(args, v)
		inner = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(inner[end:]), ","))
	}
	return s[:open], args, nil
}

func isName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func stringMethod(s, method string, args []string, at *node) (string, error) {
	want := map[string]int{"StartsWith": 1, "EndsWith": 1, "Contains": 1, "Replace": 2, "ToUpperInvariant": 0,
		"ToLowerInvariant": 0, "ToUpper": 0, "ToLower": 0, "Trim": 0}
	n, ok := want[method]
	if !ok || n != len(args) {
		return "", at.errorf("cannot evaluate the string method %s with %d argument(s)", method, len(args))
	}
	switch method {
	case "StartsWith":
		return boolString(strings.HasPrefix(s, args[0])), nil
	case "EndsWith":
		return boolString(strings.HasSuffix(s, args[0])), nil
	case "Contains":
		return boolString(strings.Contains(s, args[0])), nil
	case "Replace":
		return strings.ReplaceAll(s, args[0], args[1]), nil
	case "ToUpperInvariant", "ToUpper":
		return strings.ToUpper(s), nil
	case "ToLowerInvariant", "ToLower":
		return strings.ToLower(s), nil
	}
	return strings.TrimSpace(s), nil
}

func msbuildFunction(name string, args []string, at *node) (string, error) {
	frameworks := func(n int) ([]Framework, error) {
		var fs []Framework
		for _, a := range args[:n] {
			f, err := ParseFramework(a)
			if err != nil {
				return nil, at.errorf("%v", err)
			}
			fs = append(fs, f)
		}
		return fs, nil
	}
	versions := func() (version, version, error) {
		a, err1 := parseVersion(args[0])
		b, err2 := parseVersion(args[1])
		if err1 != nil || err2 != nil {
			return a, b, at.errorf("cannot compare the versions %q and %q", args[0], args[1])
		}
		return a, b, nil
	}
	switch {
	case name == "IsTargetFrameworkCompatible" && len(args) == 2:
		fs, err := frameworks(2)
		if err != nil {
			return "", err
		}
		return boolString(compatible(fs[0], fs[1])), nil
	case name == "GetTargetFrameworkIdentifier" && len(args) == 1:
		fs, err := frameworks(1)
		if err != nil {
			return "", err
		}
		return fs[0].Identifier, nil
	case name == "GetTargetFrameworkVersion" && len(args) >= 1:
		fs, err := frameworks(1)
		if err != nil {
			return "", err
		}
		return fs[0].Version.String(), nil
	case name == "GetTargetPlatformIdentifier" && len(args) == 1:
		fs, err := frameworks(1)
		if err != nil {
			return "", err
		}
		return fs[0].Platform, nil
	case strings.HasPrefix(name, "Version") && len(args) == 2:
		a, b, err := versions()
		if err != nil {
			return "", err
		}
		c := a.compare(b)
		switch name {
		case "VersionEquals":
			return boolString(c == 0), nil
		case "VersionNotEquals":
			return boolString(c != 0), nil
		case "VersionGreaterThan":
			return boolString(c > 0), nil
		case "VersionGreaterThanOrEquals":
			return boolString(c >= 0), nil
		case "VersionLessThan":
			return boolString(c < 0), nil
		case "VersionLessThanOrEquals":
			return boolString(c <= 0), nil
		}
	}
	return "", at.errorf("cannot evaluate [MSBuild]::%s with %d argument(s)", name, len(args))
}

func boolString(b bool) string { return fmt.Sprint(b) }
