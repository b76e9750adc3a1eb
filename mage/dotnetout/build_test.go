package dotnetout_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/dotnetout"
)

const (
	serverProj = "/src/dotnet/src/ZB.MOM.NatsNet.Server/ZB.MOM.NatsNet.Server.csproj"
	serverDir  = "/src/dotnet/src/ZB.MOM.NatsNet.Server/"
)

func openFixture(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestParseBuildReadsEveryLoggerFormat(t *testing.T) {
	semicolon := dotnetout.Diagnostic{File: serverDir + "Events/EventHelpers.cs", Line: 42, Col: 17, Severity: "error", Code: "CS1002", Message: "; expected", Project: serverProj}
	unusedEx := dotnetout.Diagnostic{File: serverDir + "Monitor/Connz.cs", Line: 7, Col: 14, Severity: "warning", Code: "CS0168", Message: "The variable 'ex' is declared but never used", Project: serverProj}
	noProject := func(d dotnetout.Diagnostic) dotnetout.Diagnostic { d.Project = ""; return d }
	tests := []struct {
		fixture string
		want    dotnetout.BuildResult
	}{
		{"build-classic-succeeded.txt", dotnetout.BuildResult{Succeeded: true, SummarySeen: true}},
		{"build-classic-failed.txt", dotnetout.BuildResult{
			SummarySeen: true,
			Errors: []dotnetout.Diagnostic{semicolon, {File: serverDir + "Monitor/Connz.cs", Line: 118, Col: 9, Severity: "error", Code: "CS0103",
				Message: "The name 'newSubsDetailList' does not exist in the current context", Project: serverProj}},
			Warnings:   []dotnetout.Diagnostic{unusedEx},
			ErrorCount: 2, WarningCount: 1,
		}},
		{"build-normal-failed.txt", dotnetout.BuildResult{SummarySeen: true, Errors: []dotnetout.Diagnostic{semicolon}, ErrorCount: 1}},
		{"build-terminal-failed.txt", dotnetout.BuildResult{
			SummarySeen: true,
			Errors: []dotnetout.Diagnostic{noProject(semicolon),
				{File: serverDir + "Events/EventHelpers.cs", Line: 57, Col: 1, Severity: "error", Code: "CS1513", Message: "} expected"}},
			Warnings:   []dotnetout.Diagnostic{noProject(unusedEx)},
			ErrorCount: 2, WarningCount: 1,
		}},
		{"build-terminal-warnings.txt", dotnetout.BuildResult{
			Succeeded: true, SummarySeen: true,
			Warnings: []dotnetout.Diagnostic{noProject(unusedEx),
				{File: serverDir + "Server.cs", Line: 12, Col: 5, EndLine: 12, EndCol: 30, Severity: "warning", Code: "CS0618", Message: "'Server.Start()' is obsolete"}},
			WarningCount: 2,
		}},
		{"build-msbuild-error.txt", dotnetout.BuildResult{
			Errors:     []dotnetout.Diagnostic{{Severity: "error", Code: "MSB1009", Message: "Project file does not exist."}},
			ErrorCount: 1,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			got := dotnetout.ParseBuild(openFixture(t, tt.fixture))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseBuild(%s) (-want +got):\n%s", tt.fixture, diff)
			}
		})
	}
}

func TestParseBuildReadsEveryPositionFormAndOrigin(t *testing.T) {
	want := []dotnetout.Diagnostic{
		{File: "/w/a.cs", Line: 3, Severity: "error", Code: "CS0001", Message: "line only", Project: "/w/p.csproj"},
		{File: "/w/b.cs", Line: 3, EndLine: 5, Severity: "error", Code: "CS0002", Message: "line range", Project: "/w/p.csproj"},
		{File: "/w/c.cs", Line: 3, Col: 7, Severity: "error", Code: "CS0003", Message: "line and column", Project: "/w/p.csproj"},
		{File: "/w/d.cs", Line: 3, Col: 7, EndCol: 12, Severity: "error", Code: "CS0004", Message: "column range", Project: "/w/p.csproj"},
		{File: "/w/e.cs", Line: 3, Col: 7, EndLine: 4, EndCol: 2, Severity: "error", Code: "CS0005", Message: "full span", Project: "/w/p.csproj", TargetFramework: "net10.0"},
		{File: "/w/f.cs", Line: 9, Col: 1, Severity: "error", Code: "RZ1000", Message: "with a subcategory", Project: "/w/web.csproj"},
		{File: "/w/p.csproj", Severity: "error", Code: "NU1101", Message: "Unable to find package Nope. No packages exist with this id in source(s): nuget.org", Project: "/w/p.csproj"},
		{File: "CSC", Severity: "error", Code: "CS2001", Message: "Source file '/w/gone.cs' could not be found.", Project: "/w/p.csproj"},
	}
	got := dotnetout.ParseBuild(openFixture(t, "build-positions.txt"))
	if diff := cmp.Diff(want, got.Errors); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if got.SummarySeen || got.Succeeded || got.ErrorCount != len(want) || len(got.Warnings) != 0 {
		t.Errorf("got SummarySeen=%v Succeeded=%v ErrorCount=%d warnings=%d, want false false %d 0",
			got.SummarySeen, got.Succeeded, got.ErrorCount, len(got.Warnings), len(want))
	}
}

func TestDiagnosticStringReadsLikeACompilerWithPathsRelativeToTheWorktree(t *testing.T) {
	tests := []struct {
		name string
		d    dotnetout.Diagnostic
		root string
		want string
	}{
		{"inside the root", dotnetout.Diagnostic{File: "/wt/44/dotnet/src/A.cs", Line: 3, Col: 7, Severity: "error", Code: "CS1002", Message: "; expected", Project: "/wt/44/dotnet/src/P.csproj"},
			"/wt/44", "dotnet/src/A.cs:3:7: error CS1002: ; expected"},
		{"outside the root", dotnetout.Diagnostic{File: "/elsewhere/A.cs", Line: 3, Col: 7, Severity: "warning", Code: "CS0168", Message: "unused"},
			"/wt/44", "/elsewhere/A.cs:3:7: warning CS0168: unused"},
		{"a sibling with the root as prefix", dotnetout.Diagnostic{File: "/wt/440/A.cs", Line: 1, Severity: "error", Code: "CS1", Message: "m"},
			"/wt/44", "/wt/440/A.cs:1: error CS1: m"},
		{"no file", dotnetout.Diagnostic{Severity: "error", Code: "MSB1009", Message: "Project file does not exist."},
			"/wt/44", "error MSB1009: Project file does not exist."},
		{"no code", dotnetout.Diagnostic{File: "/wt/44/x.targets", Line: 9, Col: 5, Severity: "error", Message: "custom"},
			"/wt/44", "x.targets:9:5: error: custom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.Rel(tt.root).String(); got != tt.want {
				t.Errorf("Rel(%q).String() = %q, want %q", tt.root, got, tt.want)
			}
		})
	}
}

func TestBuildFeedbackListsErrorsRelativeToTheWorktreeUpToALimit(t *testing.T) {
	res := dotnetout.ParseBuild(openFixture(t, "build-classic-failed.txt"))
	want := "src/ZB.MOM.NatsNet.Server/Events/EventHelpers.cs:42:17: error CS1002: ; expected\n... and 1 more error(s)\n"
	if got := res.Feedback("/src/dotnet", 1); got != want {
		t.Errorf("Feedback = %q, want %q", got, want)
	}
	if got := res.Rel("/src/dotnet").Errors[1].File; got != "src/ZB.MOM.NatsNet.Server/Monitor/Connz.cs" {
		t.Errorf("Rel: second error's file = %q", got)
	}
	if got, want := res.String(), "build failed, 2 error(s), first EventHelpers.cs:42:17: error CS1002: ; expected"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}
