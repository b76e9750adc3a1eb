//go:build unix

package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/dotnetout"
)

const greeterTests = `using Xunit;

namespace App.Tests
{
    public class GreeterTests
    {
        [Fact]
        public void Greets() => Assert.Equal("Hello, a!", Greeter.Greet("a"));

        [Fact]
        public void Fails()
        {
            // Assert.Fail("a comment does not fail");
            Assert.Fail("boom");
        }

        [Fact(Skip = "not ported yet")]
        public void Later() => Assert.True(false);

        [Theory]
        [InlineData(1, "one")]
        [InlineData(2, "two", Skip = "flaky")]
        [InlineData(3, "three")]
        public void Rows(int n, string word)
        {
            Assert.True(false, $"{n} {word}");
        }

        public class Nested
        {
            [Xunit.FactAttribute]
            public async Task Inner() { await Task.Yield(); }
        }
    }
}
`

// testTree is a solution with an application and a test project.
func testTree(t *testing.T, tests string) string {
	return tree(t, map[string]string{
		"App.sln":                          solution,
		"src/App/App.csproj":               appProject,
		"src/App/Greeter.cs":               cleanSource,
		"tests/App.Tests/App.Tests.csproj": testProject,
		"tests/App.Tests/GreeterTests.cs":  tests,
	})
}

func TestTestCountsInTheSummaryAndTheTRXAgree(t *testing.T) {
	const ns = "App.Tests.GreeterTests."
	wantFailed := []string{ns + "Fails", ns + `Rows(n: 1, word: "one")`, ns + `Rows(n: 3, word: "three")`}
	wantPassed := []string{ns + "Greets", "App.Tests.GreeterTests+Nested.Inner"}
	root := testTree(t, greeterTests)
	r := run(t, root, "test", "--logger", "trx;LogFileName=run.trx", "--results-directory", "results")
	if r.code != 1 {
		t.Errorf("exit %d, want 1 for failing tests\n%s", r.code, r.stdout)
	}
	summary, ok := dotnetout.ParseTestSummary(strings.NewReader(r.stdout))
	if !ok {
		t.Fatalf("no summary in:\n%s", r.stdout)
	}
	want := dotnetout.TestCounts{Total: 7, Passed: 2, Failed: 3, Skipped: 2, FailedTests: wantFailed}
	if diff := cmp.Diff(want, summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	trx, err := dotnetout.ReadTRX(filepath.Join(root, "results", "run.trx"))
	if err != nil {
		t.Fatal(err)
	}
	want.PassedTests = wantPassed
	if diff := cmp.Diff(want, trx.TestCounts); diff != "" || trx.Outcome != "Failed" {
		t.Errorf("TRX outcome %q, counts (-want +got):\n%s", trx.Outcome, diff)
	}
	if got := trx.Results[1]; got.Name != ns+"Fails" || got.Outcome != "Failed" || got.Message != "boom" {
		t.Errorf("second TRX result = %+v", got)
	}
	if !strings.Contains(r.stdout, "Results File: "+filepath.Join(root, "results", "run.trx")) {
		t.Errorf("no Results File line in:\n%s", r.stdout)
	}
}

func TestTestSummariesAgreeInEveryVerbosityAndLogger(t *testing.T) {
	root := testTree(t, greeterTests)
	for _, args := range [][]string{{"-v", "q"}, {"-v", "n"}, {"--logger", "console;verbosity=normal"}, {"--tl:on"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			r := run(t, root, append([]string{"test", "--no-build"}, args...)...)
			got, ok := dotnetout.ParseTestSummary(strings.NewReader(r.stdout))
			got.FailedTests, got.PassedTests = nil, nil
			if diff := cmp.Diff(dotnetout.TestCounts{Total: 7, Passed: 2, Failed: 3, Skipped: 2}, got); diff != "" || !ok || r.code != 1 {
				t.Errorf("exit %d, summary seen %v, counts (-want +got):\n%s\n%s", r.code, ok, diff, r.stdout)
			}
		})
	}
}

func TestTestPassesWhenEveryTestPassesOrIsSkipped(t *testing.T) {
	root := testTree(t, "namespace App.Tests;\n\npublic class T\n{\n    [Fact] public void A() { Assert.True(true); }\n    [Fact(Skip = \"later\")] public void B() { Assert.Fail(\"x\"); }\n}\n")
	r := run(t, root, "test", "tests/App.Tests", "--logger", "trx")
	got, ok := dotnetout.ParseTestSummary(strings.NewReader(r.stdout))
	if diff := cmp.Diff(dotnetout.TestCounts{Total: 2, Passed: 1, Skipped: 1}, got); diff != "" || !ok || r.code != 0 {
		t.Errorf("exit %d, counts (-want +got):\n%s\n%s", r.code, diff, r.stdout)
	}
	trxs, _ := filepath.Glob(filepath.Join(root, "tests/App.Tests/TestResults/*.trx"))
	if len(trxs) != 1 {
		t.Fatalf("want one TRX under the project's TestResults, found %v", trxs)
	}
	trx, err := dotnetout.ReadTRX(trxs[0])
	if err != nil || trx.Outcome != "Completed" || trx.Total != 2 || trx.Skipped != 1 {
		t.Errorf("TRX %+v, %v", trx, err)
	}
}

func TestTestFailsLikeTheBuildWhenTheCodeDoesNotCompile(t *testing.T) {
	root := testTree(t, "namespace App.Tests;\n#error not yet\npublic class T { [Fact] public void A() { } }\n")
	r := run(t, root, "test", "--logger", "trx;LogFileName=run.trx", "--results-directory", "results")
	build := dotnetout.ParseBuild(strings.NewReader(r.stdout))
	_, ok := dotnetout.ParseTestSummary(strings.NewReader(r.stdout))
	if r.code != 1 || ok || len(build.Errors) != 1 || build.Errors[0].Code != "CS1029" {
		t.Errorf("exit %d, summary %v, build errors %+v\n%s", r.code, ok, build.Errors, r.stdout)
	}
	if _, err := os.Stat(filepath.Join(root, "results", "run.trx")); !os.IsNotExist(err) {
		t.Errorf("a TRX was written for a build that failed: %v", err)
	}
}

func TestTestFilterSelectsTestsAsVstestDoes(t *testing.T) {
	root := testTree(t, greeterTests)
	tests := []struct {
		filter string
		want   dotnetout.TestCounts
	}{
		{"FullyQualifiedName~Nested", dotnetout.TestCounts{Total: 1, Passed: 1}},
		{"Name=Rows", dotnetout.TestCounts{Total: 3, Failed: 2, Skipped: 1}},
		{"FullyQualifiedName!~Rows&FullyQualifiedName!~Nested", dotnetout.TestCounts{Total: 3, Passed: 1, Failed: 1, Skipped: 1}},
		{"(Name=Greets|Name=Later)", dotnetout.TestCounts{Total: 2, Passed: 1, Skipped: 1}},
		{"greets", dotnetout.TestCounts{Total: 1, Passed: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			r := run(t, root, "test", "--no-build", "--filter", tt.filter)
			got, ok := dotnetout.ParseTestSummary(strings.NewReader(r.stdout))
			got.FailedTests = nil
			if diff := cmp.Diff(tt.want, got); diff != "" || !ok {
				t.Errorf("counts (-want +got):\n%s\n%s", diff, r.stdout)
			}
		})
	}
	r := run(t, root, "test", "--no-build", "--filter", "Name=Nothing")
	if _, ok := dotnetout.ParseTestSummary(strings.NewReader(r.stdout)); ok || !strings.Contains(r.stdout, "No test matches the given testcase filter `Name=Nothing`") {
		t.Errorf("a filter matching nothing printed:\n%s", r.stdout)
	}
}
