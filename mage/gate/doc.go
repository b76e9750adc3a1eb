// Package gate decides whether a batch's work may reach main. Judge applies
// its rules in order, cheapest first: the scope policy (Scope), conflict
// markers, the build or portwave's own C# check (BuiltinCheck), the tests
// against the baseline recorded on main (CompareTests), and the batch
// audit against its threshold. The Verdict says which rule failed, in one
// line for the live view and the ledger, and in full for the next attempt's
// prompt.
//
// The gate runs the configured commands (RunBuild, RunTests, TestCommand)
// through the caller's Exec; reading what dotnet printed and wrote (msbuild
// diagnostics, vstest summaries, TRX files) is package dotnetout's job, so
// this package holds the policy and that one the parsers.
package gate
