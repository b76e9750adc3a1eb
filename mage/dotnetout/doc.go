// Package dotnetout reads what the dotnet CLI prints and writes, so a batch
// can be judged by the same facts a person would read off the console: the
// msbuild diagnostics and build summary (ParseBuild), the vstest summary
// lines (ParseTestSummary) and the TRX results file (ReadTRX, ParseTRX).
// It only reads: what counts as a pass, a failure or a regression is the
// gate's policy (package gate), which runs the commands and judges what
// this package read.
//
// The parsers are hand-written over regular expressions rather than taken
// from a library because no Go library reads msbuild's canonical error format
// or vstest's console output, and both formats are small and stable (see
// msbuild's CanonicalError and vstest's ConsoleLogger). They accept the
// classic console logger, the terminal logger and ANSI colour codes, since
// which of them dotnet uses depends on whether it runs on a terminal.
//
// Parsers never fail on unexpected text: what they do not recognise is
// skipped, and SummarySeen (or the bool from ParseTestSummary) says whether a
// summary was found at all, which is how a crash is told from a result.
package dotnetout
