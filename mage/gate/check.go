package gate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"portwave/mage/audit/csharp"
)

// BuiltinCheck is the build setting that asks for portwave's own C# check
// instead of a compiler: where no .NET SDK exists (the demo on a new
// machine), every C# file the work changed must scan cleanly with the
// audit's scanner (balanced braces, terminated strings and comments, valid
// UTF-8, no conflict markers). It is a structural check, not a compile,
// and says so.
const BuiltinCheck = "portwave:csharp-check"

// builtinCheck scans every changed .cs file.
func builtinCheck(in Input, note func(string) error) (Verdict, error) {
	var problems []string
	files := 0
	for _, rel := range in.Changed {
		if !strings.HasSuffix(rel, ".cs") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(in.Dir, filepath.FromSlash(rel)))
		if os.IsNotExist(err) {
			continue // deleted
		}
		if err != nil {
			return Verdict{}, err
		}
		files++
		for _, e := range csharp.Scan(rel, src, csharp.Options{StubMarker: in.StubMarker, Symbols: in.Symbols}).Errors {
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
	return Verdict{Passed: true, Build: BuildResult{Succeeded: true}}, nil
}
