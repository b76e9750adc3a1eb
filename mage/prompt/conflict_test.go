package prompt_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/plan"
	"portwave/mage/prompt"
	"portwave/scripts"
)

const conflicted = `class S
{
    void A()
    {
<<<<<<< HEAD
        Ported();
=======
        Exit();
>>>>>>> main
    }
    void B()
    {
<<<<<<< HEAD
        Ours();
||||||| base
        throw new NotImplementedException();
=======
        Theirs();
>>>>>>> main
    }
<<<<<<< HEAD
    unterminated
`

func TestHunksGiveBothSidesTheBaseAndContext(t *testing.T) {
	got := prompt.Hunks(conflicted, 2)
	want := []prompt.Hunk{
		{Line: 5, Ours: "        Ported();", Theirs: "        Exit();", Before: "    void A()\n    {", After: "    }\n    void B()"},
		{Line: 13, Ours: "        Ours();", Base: "        throw new NotImplementedException();", HasBase: true, Theirs: "        Theirs();",
			Before: "    void B()\n    {", After: "    }\n<<<<<<< HEAD"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("hunks (-want +got):\n%s", diff)
	}
}

func TestTheConflictPromptKeepsTheFirstHunkOfEachFileAndCountsWhatTheBudgetCut(t *testing.T) {
	hunks := prompt.Hunks(conflicted, 0)
	big := prompt.Hunk{Line: 1, Ours: strings.Repeat("o", 4000), Theirs: "t"}
	d := prompt.ConflictData{Batch: plan.Batch{ID: 12, Name: "Server Lifecycle"}, Branch: "batch/12", Main: "main", MainCommit: "abc123", Build: "dotnet build",
		Files: []prompt.ConflictFile{{Path: "a/S.cs", Hunks: hunks, MainCommits: []string{"abc123 port A"}}, {Path: "b/T.cs", Hunks: []prompt.Hunk{big, big}}}}
	out, err := prompt.RenderConflict(scripts.ConflictName, scripts.Conflict, d, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"### `a/S.cs`", "- `abc123 port A`", "Hunk at line 13:", "Base (before either side):\n```\n        throw new NotImplementedException();\n```",
		"Theirs (main's):\n```\n        Exit();\n```", "### `b/T.cs`", "1 more hunk(s) in this file are not shown"} {
		if !strings.Contains(out, want) {
			t.Errorf("the prompt lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, strings.Repeat("o", 4000)); n != 1 {
		t.Errorf("the big hunk is shown %d times, want once (the second is over the budget)", n)
	}
}
