package csharp

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// lineCol returns the 1-based line and byte column of offset pos. Requests
// mostly move forward, so it counts newlines from the previous request.
func (lx *lexer) lineCol(pos int) (line, col int) {
	pos = min(max(pos, 0), len(lx.src))
	if pos >= lx.lineOff {
		seg := lx.src[lx.lineOff:pos]
		if k := bytes.Count(seg, []byte{'\n'}); k > 0 {
			lx.line += k
			lx.lineStart = lx.lineOff + bytes.LastIndexByte(seg, '\n') + 1
		}
		lx.lineOff = pos
		return lx.line, pos - lx.lineStart + 1
	}
	line = lx.line - bytes.Count(lx.src[pos:lx.lineOff], []byte{'\n'})
	return line, pos - (bytes.LastIndexByte(lx.src[:pos], '\n') + 1) + 1
}

func (lx *lexer) lineOf(pos int) int {
	l, _ := lx.lineCol(pos)
	return l
}

// errorf records a problem at offset pos.
func (lx *lexer) errorf(pos int, format string, args ...any) {
	if lx.quiet {
		return
	}
	line, col := lx.lineCol(pos)
	lx.errorAt(line, charCol(lx.src, pos, col), fmt.Sprintf(format, args...))
}

// charCol turns the byte column col of offset pos into a column counted in
// characters, as editors count them.
func charCol(src []byte, pos, col int) int {
	pos = min(max(pos, 0), len(src))
	return utf8.RuneCount(src[pos-col+1:pos]) + 1
}

func (lx *lexer) errorAt(line, col int, msg string) {
	if lx.quiet || lx.fatal {
		return
	}
	if len(lx.errs) == maxErrors {
		lx.errs = append(lx.errs, Error{File: lx.file, Line: line, Col: col, Msg: "too many errors, scan stopped"})
		lx.stop()
		return
	}
	lx.errs = append(lx.errs, Error{File: lx.file, Line: line, Col: col, Msg: msg})
}

// stop ends the scan: nothing after the current position is looked at.
func (lx *lexer) stop() {
	lx.fatal, lx.lost = true, true
	lx.pos = len(lx.src)
}
