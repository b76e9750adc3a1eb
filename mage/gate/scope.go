package gate

import (
	"fmt"
	"path"
	"strings"

	"portwave/mage/config"
)

// Scope is which changed files a batch may bring to main. Under targets
// and csharp a change outside the C# tree fails whatever it is: an agent
// has no business in the Go source, the build scripts or porting.db
// (portwave drops the agent's porting.db changes before committing, so
// one here was committed by hand). Under both, a build file (IsBuildFile)
// fails too, inside the C# tree, unless the batch's targets name it.
type Scope struct {
	Policy string // config.ScopeTargets, config.ScopeCSharp or config.ScopeAny
	// CSharpRoot is the C# tree, slash-separated and relative to the
	// judged tree; "." is the whole tree.
	CSharpRoot string
	// Targets are the batch's target files, relative to the judged tree.
	Targets []string
	// Owned are files no batch may change under any policy: porting.db,
	// whose ledger a fast-forward would overwrite.
	Owned []string
}

// judge fails the gate when a changed file is out of scope, naming every
// such file so the next attempt can revert them.
func (s Scope) judge(changed []string) (Verdict, bool) {
	var owned []string
	for _, p := range changed {
		for _, o := range s.Owned {
			if p == o || strings.HasPrefix(p, o+"-") {
				owned = append(owned, p)
			}
		}
	}
	if len(owned) > 0 {
		return Verdict{Summary: "changes portwave's own " + strings.Join(owned, ", "),
			Feedback: "These files are portwave's and no batch may change them (porting.db holds the ledger): " + strings.Join(owned, ", ") +
				"\nRevert them to their state on main.\n"}, true
	}
	if s.Policy == "" || s.Policy == config.ScopeAny {
		return Verdict{}, false
	}
	targets := map[string]bool{}
	for _, t := range s.Targets {
		targets[path.Clean(t)] = true
	}
	var outsideTree, outsideTargets, build []string
	for _, p := range changed {
		switch {
		case !under(p, s.CSharpRoot):
			outsideTree = append(outsideTree, p)
		case IsBuildFile(p) && !targets[path.Clean(p)]:
			build = append(build, p)
		case s.Policy == config.ScopeTargets && !targets[path.Clean(p)]:
			outsideTargets = append(outsideTargets, p)
		}
	}
	if len(outsideTree) == 0 && len(outsideTargets) == 0 && len(build) == 0 {
		return Verdict{}, false
	}
	var fb strings.Builder
	var summary []string
	if len(build) > 0 {
		summary = append(summary, fmt.Sprintf("%d build file(s) the batch's targets do not name: %s", len(build), strings.Join(build, ", ")))
		fmt.Fprintf(&fb, "These are build files (projects, MSBuild props and targets, NuGet, SDK and analyzer settings): MSBuild runs what they say in every later build, so only a batch whose targets name them may change them:\n- %s\n", strings.Join(build, "\n- "))
	}
	if len(outsideTree) > 0 {
		summary = append(summary, fmt.Sprintf("%d file(s) outside the C# tree %s: %s", len(outsideTree), s.CSharpRoot, strings.Join(outsideTree, ", ")))
		fmt.Fprintf(&fb, "These files are outside the C# tree %s, which no batch may change:\n- %s\n", s.CSharpRoot, strings.Join(outsideTree, "\n- "))
	}
	if len(outsideTargets) > 0 {
		summary = append(summary, fmt.Sprintf("%d file(s) outside the batch's targets: %s", len(outsideTargets), strings.Join(outsideTargets, ", ")))
		fmt.Fprintf(&fb, "These files are not among the batch's target files (%s):\n- %s\n", strings.Join(s.Targets, ", "), strings.Join(outsideTargets, "\n- "))
	}
	fb.WriteString("Revert them to their state on main (git checkout <main> -- <file>, or delete a new file); the plan, not the agent, widens a batch's targets.\n")
	return Verdict{Summary: "scope " + s.Policy + ": " + strings.Join(summary, "; "), Feedback: fb.String()}, true
}

// buildSuffixes and buildNames are the build files: what MSBuild, NuGet,
// the SDK, the analyzers and the test platform read before a line of C#
// is compiled. An <Exec> target, an import from $HOME, another package
// feed or a data collector in one of them runs in every later build and
// test run; a batch ports code, and its gate judges code.
var (
	buildSuffixes = []string{".csproj", ".fsproj", ".vbproj", ".proj", ".props", ".targets", ".sln", ".slnx", ".runsettings", ".ruleset"}
	buildNames    = []string{"nuget.config", "global.json", ".editorconfig", ".globalconfig", "directory.build.rsp"}
)

// IsBuildFile reports whether the slash path p is a build file (by name,
// ignoring case: NuGet.Config and nuget.config are the same to NuGet on
// Windows).
func IsBuildFile(p string) bool {
	name := strings.ToLower(path.Base(p))
	for _, s := range buildSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	for _, n := range buildNames {
		if name == n {
			return true
		}
	}
	return strings.HasPrefix(name, "directory.build.")
}

// under reports whether the slash path p is inside root ("." is
// everything).
func under(p, root string) bool {
	root = path.Clean(root)
	return root == "." || p == root || strings.HasPrefix(p, root+"/")
}
