// Package csharp scans C# source files for the declarations the audit needs:
// namespaces, types and their members (methods, constructors, properties,
// indexers, operators, events), each with its line, its body span and a
// classification of that body as implemented, a stub, or absent.
//
// It is hand-written because there is no maintained pure-Go C# parser, and
// binding tree-sitter would bring cgo into a build that is otherwise pure Go.
// It is not a parser: it lexes the whole file exactly (comments, every kind of
// string literal including interpolated and raw ones, character literals and
// preprocessor lines) but only parses declarations. Member bodies are skipped
// by counting braces outside literals and comments, which is why local
// functions and lambdas never show up as members, and why scanning costs
// little more than reading the file.
//
// Preprocessor conditionals keep every branch: members declared inside any
// branch are found. To keep brace counting balanced when branches open or
// close braces differently, the brace depth at #elif and #else goes back to
// what it was at the #if, and after #endif it is what the first branch left.
// A member whose body starts inside a conditional therefore takes the braces
// of the first branch.
//
// A file that could not be scanned completely carries its errors (File.Errors,
// File.OK); callers must not take an implemented member from such a file as
// proof of anything. See Index for folding partial classes and overloads into
// one answer per type and member name.
package csharp
