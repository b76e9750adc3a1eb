package run

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"portwave/mage/audit/csharp"
	"portwave/mage/gitx"
)

// BuiltinCheck is the build setting that asks for portwave's own C# check
// instead of a compiler: where no .NET SDK exists (the demo on a new
// machine), every C# file the batch changed must scan cleanly with the
// audit's scanner (balanced braces, terminated strings and comments, valid
// UTF-8). It is a structural check, not a compile, and says so.
const BuiltinCheck = "portwave:csharp-check"

// structuralCheck scans every .cs file changed since the batch's base.
func (j *job) structuralCheck(ctx context.Context, dir string) (gateResult, error) {
	wt := gitx.Repo{Dir: dir}
	changed, err := wt.DiffNames(ctx, j.br.BaseCommit, "HEAD")
	if err != nil {
		return gateResult{}, err
	}
	var problems []string
	files := 0
	for _, rel := range changed {
		if !strings.HasSuffix(rel, ".cs") {
			continue
		}
		src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if os.IsNotExist(err) {
			continue // deleted
		}
		if err != nil {
			return gateResult{}, err
		}
		files++
		for _, e := range csharp.Scan(rel, src, csharp.Options{StubMarker: j.w.Config.StubMarker}).Errors {
			problems = append(problems, e.Error())
		}
	}
	if len(problems) > 0 {
		return gateResult{summary: fmt.Sprintf("C# check: %d problem(s), first %s", len(problems), problems[0]),
			feedback: "portwave's C# check found these problems:\n" + strings.Join(problems, "\n") + "\n"}, nil
	}
	if err := j.w.save(ctx, j.br, fmt.Sprintf("C# check (no compiler): %d changed file(s) scan cleanly", files)); err != nil {
		return gateResult{}, err
	}
	return gateResult{passed: true}, nil
}
