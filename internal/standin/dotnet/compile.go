package main

import (
	"cmp"
	"os"
	"slices"
)

// compileFile checks one C# file the way the stand-in can: the lexer's and
// preprocessor's diagnostics, and braces that do not balance. An extra "}"
// is CS1022 where it stands; each "{" left open is CS1513 just after the
// last token, which is where csc reports a missing token.
func compileFile(path string, symbols map[string]bool) ([]diag, []token, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	toks, diags, endLine, endCol := lex(string(src), symbols)
	depth := 0
	for _, t := range toks {
		if t.kind != tokPunct {
			continue
		}
		switch {
		case t.text == "{":
			depth++
		case t.text == "}" && depth == 0:
			diags = append(diags, diag{line: t.line, col: t.col, severity: "error", code: "CS1022",
				message: "Type or namespace definition, or end-of-file expected"})
		case t.text == "}":
			depth--
		}
	}
	for range depth {
		diags = append(diags, diag{line: endLine, col: endCol, severity: "error", code: "CS1513", message: "} expected"})
	}
	slices.SortStableFunc(diags, func(a, b diag) int {
		return cmp.Or(cmp.Compare(a.line, b.line), cmp.Compare(a.col, b.col))
	})
	return diags, toks, nil
}
