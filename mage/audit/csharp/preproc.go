package csharp

import "bytes"

// cond is one open #if. All branches are scanned; braces follow the first.
type cond struct {
	atIf     int // brace depth at the #if
	firstEnd int // brace depth at the end of the first branch
	line     int
	inElse   bool // past the first branch
}

// directive handles the preprocessor line starting with the # at i and
// returns the offset of its newline. Only conditionals change anything; the
// text of the others (#region names, #error messages) is ignored, braces
// included.
func (lx *lexer) directive(i int) int {
	src := lx.src
	end := len(src)
	if k := bytes.IndexByte(src[i:], '\n'); k >= 0 {
		end = i + k
	}
	j := i + 1
	for j < end && (src[j] == ' ' || src[j] == '\t') {
		j++
	}
	k := j
	for k < end && src[k] >= 'a' && src[k] <= 'z' {
		k++
	}
	switch string(src[j:k]) {
	case "if":
		if len(lx.conds) == maxCondNest {
			lx.errorf(i, "#if nested more than %d deep", maxCondNest)
			lx.stop()
			return len(src)
		}
		line := 0
		if !lx.quiet {
			line = lx.lineOf(i)
		}
		lx.conds = append(lx.conds, cond{atIf: lx.depth, line: line})
	case "elif", "else":
		if len(lx.conds) == 0 {
			lx.errorf(i, "#%s without #if", src[j:k])
			break
		}
		c := &lx.conds[len(lx.conds)-1]
		if !c.inElse {
			c.inElse, c.firstEnd = true, lx.depth
		}
		lx.depth = c.atIf
	case "endif":
		if len(lx.conds) == 0 {
			lx.errorf(i, "#endif without #if")
			break
		}
		c := lx.conds[len(lx.conds)-1]
		lx.conds = lx.conds[:len(lx.conds)-1]
		if c.inElse {
			lx.depth = c.firstEnd
		}
	}
	return end
}

// finish reports conditionals left open at the end of the input.
func (lx *lexer) finish() {
	if len(lx.conds) > 0 {
		lx.errorAt(lx.conds[0].line, 0, "#if without #endif")
	}
}
