package main

import (
	"errors"
	"strings"
)

// filter is a vstest --filter expression: conditions "Property op value"
// with op one of = != ~ !~, joined by & and | (& binds tighter) with
// parentheses. A bare value means FullyQualifiedName~value. Comparisons
// ignore case, as vstest's do.
type filter struct {
	src string
	pos int
}

// errFilter is vstest's message for a filter it cannot parse.
var errFilter = errors.New("Incorrect format for TestCaseFilter Error: Missing Operator '|' or '&'. Specify the correct format and try again. Note that the incorrect format can lead to no test getting executed.")

// matchFilter reports whether c passes the filter expression.
func matchFilter(expr string, c testCase) (bool, error) {
	f := &filter{src: expr}
	node, err := f.or()
	if err == nil && f.pos != len(f.src) {
		err = errFilter
	}
	if err != nil {
		return false, err
	}
	return node(c), nil
}

type predicate func(testCase) bool

func (f *filter) or() (predicate, error) {
	left, err := f.and()
	for err == nil && f.peek() == '|' {
		f.pos++
		var right predicate
		right, err = f.and()
		l, r := left, right
		left = func(c testCase) bool { return l(c) || r(c) }
	}
	return left, err
}

func (f *filter) and() (predicate, error) {
	left, err := f.factor()
	for err == nil && f.peek() == '&' {
		f.pos++
		var right predicate
		right, err = f.factor()
		l, r := left, right
		left = func(c testCase) bool { return l(c) && r(c) }
	}
	return left, err
}

func (f *filter) peek() byte {
	for f.pos < len(f.src) && f.src[f.pos] == ' ' {
		f.pos++
	}
	if f.pos < len(f.src) {
		return f.src[f.pos]
	}
	return 0
}

func (f *filter) factor() (predicate, error) {
	if f.peek() == '(' {
		f.pos++
		p, err := f.or()
		if err != nil || f.peek() != ')' {
			return nil, errFilter
		}
		f.pos++
		return p, nil
	}
	start := f.pos
	for f.pos < len(f.src) && !strings.ContainsRune("|&()", rune(f.src[f.pos])) {
		f.pos++
	}
	cond := strings.TrimSpace(f.src[start:f.pos])
	if cond == "" {
		return nil, errFilter
	}
	return condition(cond), nil
}

// condition builds the predicate of one "Property op value".
func condition(cond string) predicate {
	prop, op, value := "FullyQualifiedName", "~", cond
	if i := strings.IndexAny(cond, "!=~"); i > 0 {
		op = cond[i : i+1]
		if op == "!" && i+1 < len(cond) {
			op = cond[i : i+2]
		}
		prop, value = strings.TrimSpace(cond[:i]), strings.TrimSpace(cond[i+len(op):])
	}
	return func(c testCase) bool {
		var field string
		switch strings.ToLower(prop) {
		case "fullyqualifiedname":
			field = c.fqn
		case "displayname":
			field = c.display
		case "name":
			field = c.method
		case "classname":
			field = c.className
		default:
			return strings.HasPrefix(op, "!") // an unknown trait is absent
		}
		var hit bool
		if strings.HasSuffix(op, "~") {
			hit = strings.Contains(strings.ToLower(field), strings.ToLower(value))
		} else {
			hit = strings.EqualFold(field, value)
		}
		return hit != strings.HasPrefix(op, "!")
	}
}
