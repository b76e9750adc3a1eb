// Package csharp scans C# source files for the declarations the audit needs:
// namespaces, types and their members (methods, constructors, properties,
// indexers, operators, events), each with its line, its body span and a
// classification of that body as implemented, a stub, or absent.
//
// It is hand-written because there is no maintained pure-Go C# parser, and
// binding tree-sitter would bring cgo into a build that is otherwise pure Go.
//
// What it reads. The whole file is lexed as the C# specification has it:
// comments, every kind of string literal (interpolated and raw ones
// included), character literals, preprocessor lines, white space of
// category Zs (a no-break space indents like a space), and identifiers of
// letters, digits, combining marks, connectors and formatting characters,
// with \uXXXX and \UXXXXXXXX escapes decoded in the names it reports
// (\u0041lpha is Alpha; an escaped keyword is a name, as the specification
// says). Declarations are parsed; member bodies are skipped by counting
// braces outside literals and comments, which is why local functions and
// lambdas never show up as members, and why scanning costs little more than
// reading the file. Statements and expressions inside bodies are not
// checked: that is the compiler's work. ASCII source never leaves the
// byte-table loops; only bytes of 0x80 and above and backslashes take the
// Unicode path (unicode.go).
//
// Preprocessor conditionals are evaluated as the compiler does, against
// Options.Symbols and the file's own #define and #undef: only the active
// branch is read, the others are passed over as text, so that branches that
// open different numbers of braces stay consistent. Members in inactive
// branches are not found, exactly as the build does not compile them; the
// symbols should therefore be the build's (the audit takes them from the
// port's project files, package msbuild). Options.Builds scans a file once
// for each build configuration its conditions read differently (the
// target frameworks of a multi-targeting project), and keeps the members
// of all.
//
// Nothing is dropped silently. A declaration the scanner cannot read and
// that is followed by code (a block or an => expression) is an error at the
// line and column where reading went wrong: an unknown word before a
// keyword (pubic class), a future type keyword, a member head with a word
// too many, an empty or unterminated expression body, an unknown word among
// accessors, a member outside any type (after a stray }, whose position the
// error names), a character that C# allows only in literals, an unclosed {
// or #if, an extension block outside a static, non-generic, top-level
// class. Top-level statements before the first namespace or type are read
// as statements. A file that could not be scanned completely carries its
// errors (File.Errors, File.OK); callers must not take an implemented member
// from such a file as proof of anything. See Index for folding partial
// classes and overloads into one answer per type and member name.
package csharp
