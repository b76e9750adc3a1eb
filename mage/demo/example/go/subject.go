package minibus

import "strings"

// Subjects are tokens separated by dots, such as "orders.eu.created". A
// subscription pattern may use "*" for exactly one token and, as its last
// token, ">" for one or more.
const (
	tokenSep   = "."
	singleWild = "*"
	fullWild   = ">"
)

// tokenize splits a subject or pattern into its tokens.
func tokenize(subject string) []string {
	return strings.Split(subject, tokenSep)
}

// validSubject reports whether subject can be published to: non-empty
// tokens, no wildcards, no white space.
func validSubject(subject string) bool {
	if subject == "" {
		return false
	}
	for _, tok := range tokenize(subject) {
		if tok == "" || strings.ContainsAny(tok, "*> \t\r\n") {
			return false
		}
	}
	return true
}

// validPattern reports whether pattern can be subscribed to: like a subject,
// but a token may be a lone "*", and the last token may be a lone ">".
func validPattern(pattern string) bool {
	if pattern == "" {
		return false
	}
	toks := tokenize(pattern)
	for i, tok := range toks {
		switch {
		case tok == singleWild:
		case tok == fullWild:
			if i != len(toks)-1 {
				return false
			}
		case tok == "" || strings.ContainsAny(tok, "*> \t\r\n"):
			return false
		}
	}
	return true
}

// subjectMatches reports whether the literal subject matches pattern.
func subjectMatches(pattern, subject string) bool {
	pt, st := tokenize(pattern), tokenize(subject)
	for i, tok := range pt {
		if tok == fullWild {
			return len(st) > i
		}
		if i >= len(st) {
			return false
		}
		if tok != singleWild && tok != st[i] {
			return false
		}
	}
	return len(pt) == len(st)
}
