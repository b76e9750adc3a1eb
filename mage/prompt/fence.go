package prompt

import (
	"strconv"
	"strings"
	"text/template"
)

// Text the prompt quotes (Go source, C# from the tree, conflict hunks,
// file names, the gate's findings) was written by someone other than
// portwave, an earlier batch's agent among them. In Markdown a fenced
// block ends at the first line of at least as many backticks as opened
// it, so a C# comment holding a line of three backticks and a "## Rules"
// after it would end a ``` block and read as portwave's own text. Each
// fence is therefore one backtick longer than the longest run of
// backticks in what it holds, and one-line quotes (a path, a signature)
// are code spans sized the same way, with line breaks written as escapes.

// funcs are the template functions every prompt template may call.
var funcs = template.FuncMap{"fence": Fence, "code": Code}

// Fence wraps text in a fenced code block, info naming its language (may
// be empty), that nothing in text can close.
func Fence(info, text string) string {
	mark := strings.Repeat("`", max(3, longestRun(text, '`')+1))
	text = strings.TrimSuffix(text, "\n")
	return mark + info + "\n" + text + "\n" + mark
}

// Code is text as an inline code span that nothing in it can close. Text
// holding a line break or another control character is shown quoted, as
// Go writes a string, so it stays on one line.
func Code(text string) string {
	text = OneLine(text)
	mark := strings.Repeat("`", longestRun(text, '`')+1)
	if strings.HasPrefix(text, "`") || strings.HasSuffix(text, "`") {
		text = " " + text + " "
	}
	return mark + text + mark
}

// OneLine is text as it is, or, when it holds a line break or another
// control character, quoted as Go writes a string, so it stays on one line.
func OneLine(text string) string {
	if strings.ContainsFunc(text, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return strconv.Quote(text)
	}
	return text
}

// longestRun is the length of the longest run of c in s.
func longestRun(s string, c byte) int {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] != c {
			run = 0
			continue
		}
		run++
		longest = max(longest, run)
	}
	return longest
}
