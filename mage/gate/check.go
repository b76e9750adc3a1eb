package gate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"portwave/mage/audit"
	"portwave/mage/audit/csharp"
	"portwave/mage/dotnetout"
	"portwave/mage/msbuild"
)

// BuiltinCheck is the build setting that asks for portwave's own C# check
// instead of a compiler: where no .NET SDK exists (the demo on a new
// machine), every C# file the work changed must scan cleanly with the
// audit's scanner, with the #if symbols of every target framework of its
// project (balanced braces and #if, terminated strings and comments, valid
// UTF-8, no conflict markers, no declaration the scanner cannot read). It
// is a structural check, not a compile, and says so.
const BuiltinCheck = "portwave:csharp-check"

// builtinCheck scans every changed .cs file, with the #if symbols of the
// builds that compile it (see audit.Symbols): any error, in any build,
// fails the check.
func builtinCheck(in Input, note func(string) error) (Verdict, error) {
	var problems []string
	files := 0
	var sym *audit.Symbols
	for _, rel := range in.Changed {
		if !strings.HasSuffix(rel, ".cs") {
			continue
		}
		path := filepath.Join(in.Dir, filepath.FromSlash(rel))
		src, err := os.ReadFile(path)
		if os.IsNotExist(err) {
			continue // deleted
		}
		if err != nil {
			return Verdict{}, err
		}
		if sym == nil {
			if sym, err = symbols(in); err != nil {
				return Verdict{Summary: "C# check: " + err.Error(), Feedback: "portwave's C# check could not read the project files:\n" + err.Error() + "\n"}, nil
			}
		}
		files++
		for _, e := range csharp.Scan(rel, src, csharp.Options{StubMarker: in.StubMarker, Builds: sym.For(path)}).Errors {
			problems = append(problems, e.Error())
		}
	}
	if len(problems) > 0 {
		return Verdict{Summary: fmt.Sprintf("C# check: %d problem(s), first %s", len(problems), problems[0]),
			Feedback: "portwave's C# check found these problems:\n" + strings.Join(problems, "\n") + "\n"}, nil
	}
	if err := note(fmt.Sprintf("C# check (no compiler): %d changed file(s) scan cleanly", files)); err != nil {
		return Verdict{}, err
	}
	return Verdict{Passed: true, Build: dotnetout.BuildResult{Succeeded: true}}, nil
}

// symbols are the #if symbols of the tree judged: csharp_symbols when set,
// else those of its project files.
func symbols(in Input) (*audit.Symbols, error) {
	var projects []string
	if len(in.Symbols) == 0 {
		var err error
		if projects, err = msbuild.Find(in.Dir); err != nil {
			return nil, err
		}
	}
	return audit.LoadSymbols(projects, in.Configuration, in.Symbols)
}
