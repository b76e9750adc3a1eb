package csharp

// reserved are C#'s reserved keywords (§6.4.4): never a name unless
// written with @. Contextual keywords (var, record, async, ...) are names
// where a name fits, and are not here.
var reserved = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range []string{
		"abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class",
		"const", "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event",
		"explicit", "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto", "if",
		"implicit", "in", "int", "interface", "internal", "is", "lock", "long", "namespace", "new", "null",
		"object", "operator", "out", "override", "params", "private", "protected", "public", "readonly",
		"ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string", "struct",
		"switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe",
		"ushort", "using", "virtual", "void", "volatile", "while",
	} {
		m[k] = true
	}
	return m
}()

// afterType are the reserved keywords that may follow a type in a member
// head: an indexer's this and an operator's keyword.
var afterType = map[string]bool{"this": true, "operator": true}
