package config

import "slices"

// variable is an environment variable that is not a key of portwave.yaml:
// it says how to run (the config file, output format, mode) or where the
// example and the demo live, rather than what the port is. It is read where
// it is used, by the constant named here.
type variable struct {
	name, def, doc string
}

// variables is the table of every PORTWAVE_* variable that is not a
// setting; with settings it is every variable portwave reads, and `mage
// config` prints both.
var variables = []variable{
	{ConfigEnv, "portwave.yaml here or above", "the config file; without it, portwave.yaml in the current folder or the nearest folder above it, up to the top of the git repository (the bundled example inside portwave's clone)"},
	{FormatEnv, "text", "json: machine-readable output from plan, validate, audit, status and report"},
	{DryRunEnv, "", "1: compute and print, write nothing"},
	{ForceEnv, "", "1: re-run batches that are already done; let an audit write more demotions than audit_max_demote; let an inventory add or remove items of a tracked database"},
	{FailFastEnv, "", "1: stop starting batches after the first failure"},
	{WriteEnv, "", "1: plan:split writes the sub-batch files it proposes; plan:suggest the changed batch files"},
	{SubfolderEnv, "", "1: init sets portwave up in a subfolder of a git repository (a repository holding several ports), not only at its top"},
	{ModeEnv, "merge", "branch: batch:run, retry, the waves and all stop each batch after its gate (the GitHub Actions matrix)"},
	{ExampleEnv, "", "1: work on the bundled example, outside portwave's clone as well (inside it, the example is the default without a portwave.yaml)"},
	{ExampleDirEnv, "<user cache>/portwave", "where the bundled example workspace is set up"},
	{DemoDirEnv, "", "a folder where `mage demo` keeps its workspace between runs (default: a fresh one per run under the user's cache folder)"},
	{DemoAgentEnv, "replay", "the demo's agent: replay (recorded transcripts) or claude (the real CLI against a scripted local model)"},
	{ClaudeBinEnv, "claude on PATH", "the Claude Code CLI the demo drives with PORTWAVE_DEMO_AGENT=claude"},
	{MergeDriverRunEnv, "", "set by portwave in the merge driver command git runs on batch branches: 1 makes portwave's executable the driver (not for use by hand)"},
	{MergeReportEnv, "", "set by portwave on its own merges: the file the merge driver writes what it did with each file to (not for use by hand)"},
}

// Variables lists every PORTWAVE_* environment variable portwave reads:
// each setting's and every other one's, sorted.
func Variables() []string {
	var out []string
	for _, s := range settings {
		out = append(out, s.Env())
	}
	for _, v := range variables {
		out = append(out, v.name)
	}
	slices.Sort(out)
	return out
}
