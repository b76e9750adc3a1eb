package csharp

// isReserved reports whether w is one of C#'s reserved keywords (§6.4.4):
// never a name unless written with @. Contextual keywords (var, record,
// async, ...) are names where a name fits, and are not reserved. A switch,
// not a map: it is asked for every declaration's name, and hashing the
// word cost more than comparing it.
func isReserved(w string) bool {
	if len(w) < 2 || len(w) > 10 || w[0] < 'a' || w[0] > 'w' {
		return false
	}
	switch w {
	case "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class",
		"const", "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event",
		"explicit", "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto", "if",
		"implicit", "in", "int", "interface", "internal", "is", "lock", "long", "namespace", "new", "null",
		"object", "operator", "out", "override", "params", "private", "protected", "public", "readonly",
		"ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string", "struct",
		"switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe",
		"ushort", "using", "virtual", "void", "volatile", "while":
		return true
	}
	return false
}

// afterType are the reserved keywords that may follow a type in a member
// head: an indexer's this and an operator's keyword.
func afterType(w string) bool { return w == "this" || w == "operator" }
