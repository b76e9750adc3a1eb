package main

import (
	"fmt"
	"strings"
)

// methodTests makes the test cases of the method whose declaration starts
// at toks[i], given the attributes before it.
func methodTests(file, class string, attrs []attr, toks []token, i int) []testCase {
	var kind, skip string
	var rows []attr
	for _, a := range attrs {
		switch a.name {
		case "Fact", "Theory":
			kind = a.name
			if s, ok := a.named["Skip"]; ok && s.kind == tokString {
				skip = s.text
			}
		case "InlineData":
			rows = append(rows, a)
		}
	}
	if kind == "" {
		return nil
	}
	open := i
	for open < len(toks) && !isP(toks[open], "(") && !isP(toks[open], "{") && !isP(toks[open], ";") {
		open++
	}
	if open >= len(toks) || !isP(toks[open], "(") || open == i || toks[open-1].kind != tokIdent {
		return nil // not a method after all
	}
	name := toks[open-1]
	closeParen := matching(toks, open, "(", ")")
	params := paramNames(toks[open+1 : closeParen])
	body := methodBody(toks, closeParen+1)
	base := testCase{
		fqn: class + "." + name.text, method: name.text, className: class,
		file: file, line: name.line, skip: skip,
	}
	base.display = base.fqn
	base.failLine, base.failMsg = failure(body)
	if kind == "Fact" || len(rows) == 0 {
		return []testCase{base}
	}
	var cases []testCase
	for _, row := range rows {
		c := base
		var shown []string
		for k, v := range row.args {
			if k < len(params) {
				shown = append(shown, params[k]+": "+v)
			} else {
				shown = append(shown, v)
			}
		}
		c.display = fmt.Sprintf("%s(%s)", base.fqn, strings.Join(shown, ", "))
		if s, ok := row.named["Skip"]; ok && s.kind == tokString && c.skip == "" {
			c.skip = s.text
		}
		cases = append(cases, c)
	}
	return cases
}

// paramNames takes the parameter names from a parameter list: the last
// identifier of each parameter before any default value.
func paramNames(toks []token) []string {
	var names []string
	for _, p := range splitTop(toks) {
		last := ""
		for _, t := range p {
			if isP(t, "=") {
				break
			}
			if t.kind == tokIdent {
				last = t.text
			}
		}
		names = append(names, last)
	}
	return names
}

// methodBody returns the tokens of a block body "{...}" or an expression
// body "=> ...;" that follows a parameter list.
func methodBody(toks []token, i int) []token {
	for ; i < len(toks); i++ {
		switch {
		case isP(toks[i], "{"):
			return toks[i : matching(toks, i, "{", "}")+1]
		case isP(toks[i], "=") && i+1 < len(toks) && isP(toks[i+1], ">"), isP(toks[i], "=>"):
			end := i
			for end < len(toks) && !isP(toks[end], ";") {
				end++
			}
			return toks[i:min(end+1, len(toks))]
		case isP(toks[i], ";"):
			return nil
		}
	}
	return nil
}

// failure finds the first assertion in a body that always fails, with the
// message xUnit would report for it.
func failure(body []token) (int, string) {
	for i := 0; i+3 < len(body); i++ {
		if body[i].text != "Assert" || body[i].kind != tokIdent || !isP(body[i+1], ".") || !isP(body[i+3], "(") {
			continue
		}
		next := token{}
		if i+4 < len(body) {
			next = body[i+4]
		}
		switch body[i+2].text {
		case "Fail":
			msg := "Assert.Fail() Failure"
			if next.kind == tokString {
				msg = next.text
			}
			return body[i].line, msg
		case "True":
			if next.kind == tokIdent && next.text == "false" {
				return body[i].line, "Assert.True() Failure\nExpected: True\nActual:   False"
			}
		case "False":
			if next.kind == tokIdent && next.text == "true" {
				return body[i].line, "Assert.False() Failure\nExpected: False\nActual:   True"
			}
		}
	}
	return 0, ""
}
