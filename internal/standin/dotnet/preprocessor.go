package main

import (
	"strings"
	"unicode"
)

// preprocessor follows C#'s directives: #if/#elif/#else/#endif choose the
// active lines, #define and #undef change the symbols, #error and #warning
// report what they say. Directives in inactive regions count only for
// nesting, as in csc.
type preprocessor struct {
	l       *lexer
	symbols map[string]bool
	stack   []ppFrame
}

// ppFrame is one open #if.
type ppFrame struct {
	parentActive bool // the region around the #if is active
	taken        bool // some branch so far was chosen
	active       bool // the current branch is chosen
	sawElse      bool
}

func newPreprocessor(l *lexer, symbols map[string]bool) *preprocessor {
	own := map[string]bool{}
	for s, v := range symbols {
		own[s] = v
	}
	return &preprocessor{l: l, symbols: own}
}

func (p *preprocessor) active() bool {
	return len(p.stack) == 0 || p.stack[len(p.stack)-1].active
}

// directive handles one directive line; text follows the '#' at line:col.
func (p *preprocessor) directive(text string, line, col int) {
	runes := []rune(text)
	at := 0
	for at < len(runes) && unicode.IsSpace(runes[at]) {
		at++
	}
	kwStart := at
	for at < len(runes) && unicode.IsLetter(runes[at]) {
		at++
	}
	keyword := string(runes[kwStart:at])
	for at < len(runes) && unicode.IsSpace(runes[at]) {
		at++
	}
	rest := strings.TrimRightFunc(string(runes[at:]), unicode.IsSpace)
	restCol := col + 1 + at
	expr := rest
	if i := strings.Index(expr, "//"); i >= 0 {
		expr = expr[:i]
	}
	active := p.active()
	unexpected := func() { p.l.addDiag(line, col, "error", "CS1028", "Unexpected preprocessor directive") }
	switch keyword {
	case "if":
		v := active && p.eval(expr, line, restCol)
		p.stack = append(p.stack, ppFrame{parentActive: active, taken: v, active: v})
	case "elif", "else":
		if len(p.stack) == 0 || p.stack[len(p.stack)-1].sawElse {
			unexpected()
			return
		}
		f := &p.stack[len(p.stack)-1]
		v := true
		if keyword == "elif" {
			v = f.parentActive && !f.taken && p.eval(expr, line, restCol)
		}
		f.active = f.parentActive && !f.taken && v
		f.taken = f.taken || f.active
		f.sawElse = keyword == "else"
	case "endif":
		if len(p.stack) == 0 {
			unexpected()
			return
		}
		p.stack = p.stack[:len(p.stack)-1]
	case "define", "undef":
		if !active {
			return
		}
		if len(p.l.toks) > 0 {
			p.l.addDiag(line, col, "error", "CS1032", "Cannot define/undefine preprocessor symbols after first token in file")
			return
		}
		p.symbols[strings.TrimSpace(expr)] = keyword == "define"
	case "error":
		if active {
			p.l.addDiag(line, restCol, "error", "CS1029", "#error: '"+rest+"'")
		}
	case "warning":
		if active {
			p.l.addDiag(line, restCol, "warning", "CS1030", "#warning: '"+rest+"'")
		}
	case "region", "endregion", "pragma", "nullable", "line":
	default:
		if active {
			p.l.addDiag(line, col, "error", "CS1024", "Preprocessor directive expected")
		}
	}
}

// finish reports an #if left open at the end of the file.
func (p *preprocessor) finish() {
	if len(p.stack) > 0 {
		p.l.addDiag(p.l.line, p.l.col, "error", "CS1027", "#endif directive expected")
	}
}

// eval evaluates a directive expression: symbols, true, false, !, ==, !=,
// && and || with parentheses. A malformed one is CS1517 and false.
func (p *preprocessor) eval(expr string, line, col int) bool {
	e := &ppExpr{toks: ppTokens(expr), symbols: p.symbols}
	v := e.or()
	if e.bad || e.pos != len(e.toks) {
		p.l.addDiag(line, col, "error", "CS1517", "Invalid preprocessor expression")
		return false
	}
	return v
}

func ppTokens(s string) []string {
	var toks []string
	r := []rune(s)
	for i := 0; i < len(r); {
		switch {
		case unicode.IsSpace(r[i]):
			i++
		case isIdentStart(r[i]):
			j := i
			for j < len(r) && isIdentPart(r[j]) {
				j++
			}
			toks = append(toks, string(r[i:j]))
			i = j
		case i+1 < len(r) && isTwoCharOp(string(r[i:i+2])):
			toks = append(toks, string(r[i:i+2]))
			i += 2
		default:
			toks = append(toks, string(r[i]))
			i++
		}
	}
	return toks
}

func isTwoCharOp(s string) bool {
	return s == "&&" || s == "||" || s == "==" || s == "!="
}

// ppExpr is a recursive-descent evaluator over directive tokens.
type ppExpr struct {
	toks    []string
	pos     int
	symbols map[string]bool
	bad     bool
}

func (e *ppExpr) peek() string {
	if e.pos < len(e.toks) {
		return e.toks[e.pos]
	}
	return ""
}

func (e *ppExpr) or() bool {
	v := e.and()
	for e.peek() == "||" {
		e.pos++
		v = e.and() || v
	}
	return v
}

func (e *ppExpr) and() bool {
	v := e.equality()
	for e.peek() == "&&" {
		e.pos++
		v = e.equality() && v
	}
	return v
}

func (e *ppExpr) equality() bool {
	v := e.unary()
	for e.peek() == "==" || e.peek() == "!=" {
		op := e.peek()
		e.pos++
		w := e.unary()
		v = (v == w) == (op == "==")
	}
	return v
}

func (e *ppExpr) unary() bool {
	t := e.peek()
	e.pos++
	switch {
	case t == "!":
		return !e.unary()
	case t == "(":
		v := e.or()
		if e.peek() != ")" {
			e.bad = true
		}
		e.pos++
		return v
	case t == "true":
		return true
	case t == "false":
		return false
	case t != "" && isIdentStart([]rune(t)[0]):
		return e.symbols[t]
	}
	e.bad = true
	return false
}
