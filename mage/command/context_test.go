package command_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"portwave/mage/command"
)

// exampleSession is a session on a fresh copy of the bundled example
// workspace: git repository, porting.db and batch files.
func exampleSession(t *testing.T, extra env) (env, string) {
	t.Helper()
	dir := t.TempDir()
	e := env{command.ExampleEnv: "1", command.ExampleDirEnv: dir}
	for k, v := range extra {
		e[k] = v
	}
	s, _, _ := session(t, e)
	return e, s.Config.Workspace
}

// signatureLine is the declaration of name in a C# file, as written.
func signatureLine(t *testing.T, file, decl string) (string, int) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, decl) {
			return strings.TrimSpace(l), i + 1
		}
	}
	t.Fatalf("%s declares no %q", file, decl)
	return "", 0
}

func TestThePromptShowsTheRealCSharpSignatureOfACalleeAnEarlierBatchPorted(t *testing.T) {
	ctx := context.Background()
	e, ws := exampleSession(t, nil)
	file := filepath.Join(ws, "dotnet", "src", "MiniBus", "Subjects", "SubjectHelpers.cs")

	// Batch 11 ports validPattern (feature 29), which batch 13's subscribe
	// calls: give it a real body, with a signature of its own, and audit.
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	ported := strings.Replace(string(src), `internal static bool ValidPattern(string pattern)
        {
            throw new NotImplementedException();
        }`, `internal static bool ValidPattern(
            string pattern)
        {
            return pattern.Length > 0 && !pattern.Contains("..");
        }`, 1)
	if ported == string(src) {
		t.Fatal("the example's ValidPattern stub is not where the test expects it")
	}
	if err := os.WriteFile(file, []byte(ported), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _, _ := session(t, e)
	if err := s.AuditRun(ctx); err != nil {
		t.Fatal(err)
	}

	s, out, log := session(t, e)
	if err := s.BatchPrompt(ctx, 13); err != nil {
		t.Fatal(err)
	}
	_, line := signatureLine(t, file, "bool ValidPattern(")
	want := "### Callees already ported: call these C# members as declared\n\n" +
		"- 29 validPattern -> SubjectHelpers.ValidPattern (verified): `internal static bool ValidPattern(string pattern)` (Subjects/SubjectHelpers.cs:" + strconv.Itoa(line) + ")\n" +
		"- 13 Server.addSubscription -> NatsServer.AddSubscription (verified): `internal void AddSubscription(Subscription sub)` (NatsServer.cs:40)\n"
	if !strings.Contains(out.String(), want) {
		t.Errorf("the prompt lacks\n%s\nin its context:\n%s", want, context13(out.String()))
	}
	if !strings.Contains(out.String(), "- 1 client.subscribe: calls 29, 13; uses subscription") {
		t.Errorf("the prompt does not say what subscribe calls:\n%s", context13(out.String()))
	}
	if !regexp.MustCompile(`batch 13 prompt: \d+ of 60000 tokens \(about 4 characters a token\); context \d+ tokens, nothing cut`).MatchString(log.String()) {
		t.Errorf("log = %q", log)
	}
}

func context13(prompt string) string {
	_, ctx, _ := strings.Cut(prompt, "## Context: ")
	return ctx
}

func TestBatchPromptSaysWhatTheBudgetCut(t *testing.T) {
	e, _ := exampleSession(t, env{"PORTWAVE_PROMPT_BUDGET_TOKENS": "800"})
	s, out, log := session(t, e)
	if err := s.BatchPrompt(context.Background(), 13); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`batch 13 prompt: (\d+) of 800 tokens .*; cut: (.*)`).FindStringSubmatch(log.String())
	if m == nil {
		t.Fatalf("log = %q", log)
	}
	if n, _ := strconv.Atoi(m[1]); n > 800 {
		t.Errorf("the prompt takes %d tokens, over the budget of 800", n)
	}
	if !strings.HasPrefix(m[2], "1 of 1 type mappings (") {
		t.Errorf("cut %q; want the type mapping cut first", m[2])
	}
	if strings.Contains(out.String(), "subscription -> Subscription") || !strings.Contains(out.String(), "ValidPattern(string pattern)") {
		t.Errorf("the context kept the wrong lines:\n%s", context13(out.String()))
	}
}
