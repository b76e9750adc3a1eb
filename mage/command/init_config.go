package command

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// configFacts is what portwave.yaml is written from: what init found, the
// command that runs the targets in this repository, and its branch.
type configFacts struct {
	Detected
	Mage       string // "go run mage.go", or "go run -C magefiles mage.go"
	MainBranch string // the repository's current branch
}

// configText is the commented portwave.yaml init writes. A setting init
// could resolve is written with where it came from; one it could not is
// left commented out, saying what to set, so the file holds no guess (a
// build of "." where there is no solution, a plan that does not exist).
func configText(f configFacts) string {
	dir := func(p string) string {
		if p == "" {
			return ""
		}
		return filepath.ToSlash(filepath.Dir(p))
	}
	var b strings.Builder
	set := func(key, value, found string) {
		fmt.Fprintf(&b, "# (found %s)\n%s: %s\n", found, key, value)
	}
	unset := func(key, example, todo string) {
		fmt.Fprintf(&b, "# Not found: %s.\n# %s: %s\n", todo, key, example)
	}
	fmt.Fprintf(&b, `# portwave settings, written by `+"`%s init`"+`. Every path here is relative to
# this file's folder: workspace is "." (this repository), so the paths that
# the settings table calls relative to the workspace start here too.
# Every setting can be overridden by its PORTWAVE_* variable (an overriding
# path is relative to the current folder); `+"`%s config`"+` lists them all.
workspace: "."
`, f.Mage, f.Mage)
	if f.MainBranch != "" && f.MainBranch != "main" {
		fmt.Fprintf(&b, "\n# The branch batches start from and merge into (the one checked out here).\nmain_branch: %s\n", f.MainBranch)
	}

	b.WriteString("\n# porting.db: every Go function and test, its C# target and its status.\n")
	switch {
	case f.DB != "" && !f.DBIsTracker:
		fmt.Fprintf(&b, "db: %s\n", f.DB)
	case f.DB != "":
		fmt.Fprintf(&b, "# %s is another tracker's database: portwave keeps its own beside it;\n# adopt the tracker's items with import_query and import_columns, then\n# `%s db:import %s` (docs/getting-started.md).\ndb: portwave.db\n", f.DB, f.Mage, f.DB)
	default:
		fmt.Fprintf(&b, "# Not there yet: `%s inventory` builds it from go_root, or\n# `%s db:import FILE` loads an existing tracker's export.\ndb: porting.db\n", f.Mage, f.Mage)
	}

	b.WriteString("\n# The Go tree the port comes from.\n")
	switch {
	case f.GoRoot != "" && slices.Contains(f.GoModules, f.GoRoot):
		set("go_root", f.GoRoot, "the Go module: "+filepath.ToSlash(filepath.Join(f.GoRoot, "go.mod")))
	case f.GoRoot != "":
		set("go_root", f.GoRoot, "no go.mod; the folder with the most Go files")
	default:
		unset("go_root", "go", "no Go files here; set go_root to the Go tree being ported")
	}

	b.WriteString("\n# The C# tree the agents edit and the audit checks, and what the audit\n# scans, source and tests.\n")
	if f.Project != "" {
		set("csharp_root", dir(f.Project), "the main project: "+f.Project)
	} else {
		unset("csharp_root", "dotnet/src/MyPort", "no .csproj here; set csharp_root to the C# source the agents port into")
	}
	if f.Solution != "" {
		set("audit_root", dir(f.Solution), "the solution: "+f.Solution)
	} else {
		b.WriteString("# audit_root: without a solution, the audit scans csharp_root.\n")
	}

	b.WriteString("\n# The gate: build and test commands, run in each batch's worktree. Without\n# dotnet, PORTWAVE_BUILD=portwave:csharp-check uses portwave's own C# check.\n")
	switch {
	case f.Solution != "":
		set("build", quoteYAML("dotnet build "+f.Solution), "the solution")
	case f.Project != "":
		set("build", quoteYAML("dotnet build "+f.Project), "no solution; the main project")
	default:
		unset("build", `"dotnet build MyPort.sln"`, "no solution or project to build; set build to the command that builds the C# port")
	}
	switch {
	case f.TestProject != "":
		set("test", quoteYAML("dotnet test "+f.TestProject), "the test project")
	case f.Solution != "":
		set("test", quoteYAML("dotnet test "+f.Solution), "no test project; the solution")
	default:
		unset("test", `"dotnet test tests/MyPort.Tests"`, "no test project; set test to the command that runs the port's tests (an empty test: runs none)")
	}

	fmt.Fprintf(&b, "\n# The plan document `%s plan:import` reads (docs/plan-format.md),\n# and the batch files it writes, one per batch: commit them.\n", f.Mage)
	if f.Plan != "" {
		found := "a markdown file with batch sections: " + f.Plan
		if len(f.OtherPlans) > 0 {
			found += "; also " + strings.Join(f.OtherPlans, ", ")
		}
		set("plan", f.Plan, found)
	} else {
		unset("plan", "docs/plan.md", fmt.Sprintf("no markdown file with \"### Batch NN: Name (N features)\" sections; write the plan (docs/plan-format.md), set plan to it, then `%s plan:import`", f.Mage))
	}
	b.WriteString(`batches: batches
reports: reports

# The agent: claude (Claude Code), codex, or command (agent_command gets the
# prompt on stdin, in the batch's worktree).
agent: claude
jobs: 2

# Go receiver -> C# class for items the tracker has no C# name for, e.g.
# class_map: {Server: NatsServer}
# Columns of an existing tracker's TSV/CSV export or query, portwave name:
# their name (db:import reads them, db:export writes them back), e.g.
# import_columns: {id: feature_id, go_file: source_file, go_name: func}
`)
	return b.String()
}

// quoteYAML quotes a command for a YAML value.
func quoteYAML(s string) string { return fmt.Sprintf("%q", s) }
