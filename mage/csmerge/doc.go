// Package csmerge merges C# files member by member, as a git merge driver
// for portwave's batch branches.
//
// Batches that run at the same time often port features of one class, and
// a coding agent usually adds a new member at the end of its class: two
// such batches both insert before the class's closing brace, which git's
// line merge reports as a conflict although nothing they wrote overlaps.
// Merge settles exactly that case and nothing more. Each version of the
// file is cut into units with portwave's own C# scanner (package
// audit/csharp): every member's whole declaration, with the // comment
// lines right above it, is one unit known by its type and its head (so
// overloads differ), and every other line is a unit of its own. Each
// member's text is decided alone (the side that changed it wins; both
// changing it is a conflict), and the places of members and lines are
// merged by git merge-file itself over the units' numbers, so "the same
// place" means what it means to git. Where both sides changed one place,
// the place is settled only when it holds nothing but members and blank
// lines: ours' units come first, less the members theirs deleted there,
// then the members theirs added, each in its side's order. Text outside
// members changed by both sides at one place (usings, attributes on the
// type, fields, the namespace) stays a conflict, and so does a member both
// sides changed. The merged text is scanned again and must hold exactly
// the members decided on.
//
// The driver (Serve) runs git's own line merge first and keeps its result
// when it is clean, so a file git merges today merges the same way; the
// structural merge is tried only on a conflict, and when it refuses, the
// driver writes git's conflict, markers and all. A driver that cannot run
// at all leaves that to the shell command git runs (Command), which falls
// back to git merge-file: the worst outcome is git's ordinary conflict,
// never a wrong merge.
//
// It is hand-written because no Go library merges C# structurally; the
// syntax-aware driver that does (mergiraf) is a Rust program, used instead
// when the merge_driver setting names it.
package csmerge
