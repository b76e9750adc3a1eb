//go:build unix

package main_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/dotnetout"
)

// cleanSource has every construct whose braces must not count.
const cleanSource = `namespace App;

using System;

/* a comment with { an open brace
   over two lines */
public static class Greeter // and a } here
{
    private const char Open = '{';
    private const char Quote = '\'';
    private static readonly string Plain = "}}} \" {";
    private static readonly string Verbatim = @"C:\path\{ ""quoted"" ";
    private static readonly string Raw = """
        { "json": [1, 2] }
        """;

    public static string Greet(string name)
    {
        var nested = $"{(name.Length > 0 ? "}" : "{")} {{literal}}";
        var verbatimInterpolated = $@"{name}\{{";
        return $"Hello, {name}!" + nested + verbatimInterpolated;
    }

#if NEVER_DEFINED
    public static void Broken() {
#error this region is not compiled
#endif
}
`

func TestBuildOfACleanSolutionSucceeds(t *testing.T) {
	root := tree(t, map[string]string{
		"App.sln":                          solution,
		"src/App/App.csproj":               appProject,
		"src/App/Greeter.cs":               cleanSource,
		"src/App/obj/Generated.cs":         "#error obj/ is not compiled",
		"tests/App.Tests/App.Tests.csproj": testProject,
		"tests/App.Tests/GreeterTests.cs":  "namespace App.Tests;\npublic class GreeterTests { }\n",
	})
	r := run(t, root, "build", "--tl:off")
	res := dotnetout.ParseBuild(strings.NewReader(r.stdout))
	if r.code != 0 || !res.Succeeded || !res.SummarySeen || len(res.Errors)+len(res.Warnings) != 0 {
		t.Fatalf("exit %d, parsed %+v\n%s", r.code, res, r.stdout)
	}
	if !strings.Contains(r.stdout, "  App -> "+filepath.Join(root, "src/App/bin/Debug/net10.0/App.dll")) {
		t.Errorf("no output line for App.dll in:\n%s", r.stdout)
	}
}

func TestBuildReportsWhatTheCompilerWould(t *testing.T) {
	tests := []struct {
		name   string
		source string
		args   []string
		want   []dotnetout.Diagnostic // File relative to the tree
		count  int                    // msbuild's error count, when it differs from len(want)
	}{
		{"an #error directive", "#error not ported yet\nclass A { }\n", nil,
			[]dotnetout.Diagnostic{{File: "src/App/A.cs", Line: 1, Col: 8, Severity: "error", Code: "CS1029", Message: "#error: 'not ported yet'"}}, 0},
		{"an indented #error in a method", "class A\n{\n    void M()\n    {\n        #error stub\n    }\n}\n", nil,
			[]dotnetout.Diagnostic{{File: "src/App/A.cs", Line: 5, Col: 16, Severity: "error", Code: "CS1029", Message: "#error: 'stub'"}}, 0},
		{"an #error in an inactive region", "#if !DEBUG\n#error release only\n#endif\nclass A { }\n", nil, nil, 0},
		{"an #error under a framework symbol", "#if NET10_0_OR_GREATER && !NETFRAMEWORK\n#error modern\n#endif\n", nil,
			[]dotnetout.Diagnostic{{File: "src/App/A.cs", Line: 2, Col: 8, Severity: "error", Code: "CS1029", Message: "#error: 'modern'"}}, 0},
		{"an #error in the Release configuration", "#if !DEBUG\n#error release only\n#endif\n", []string{"-c", "Release"},
			[]dotnetout.Diagnostic{{File: "src/App/A.cs", Line: 2, Col: 8, Severity: "error", Code: "CS1029", Message: "#error: 'release only'"}}, 0},
		{"a missing closing brace", "class A\n{\n    void M()\n    {\n    }\n", nil,
			[]dotnetout.Diagnostic{{File: "src/App/A.cs", Line: 5, Col: 6, Severity: "error", Code: "CS1513", Message: "} expected"}}, 0},
		{"two missing braces, reported twice at one place", "namespace N {\nclass A {\n", nil,
			[]dotnetout.Diagnostic{{File: "src/App/A.cs", Line: 2, Col: 10, Severity: "error", Code: "CS1513", Message: "} expected"}}, 2},
		{"an extra closing brace", "class A\n{\n}\n}\n", nil,
			[]dotnetout.Diagnostic{{File: "src/App/A.cs", Line: 4, Col: 1, Severity: "error", Code: "CS1022", Message: "Type or namespace definition, or end-of-file expected"}}, 0},
		{"a brace hidden by a string that does not end", "class A\n{\n    string s = \"{;\n}\n", nil,
			[]dotnetout.Diagnostic{{File: "src/App/A.cs", Line: 3, Col: 16, Severity: "error", Code: "CS1010", Message: "Newline in constant"}}, 0},
		{"a comment that does not end", "class A { }\n/* {\n", nil,
			[]dotnetout.Diagnostic{{File: "src/App/A.cs", Line: 2, Col: 1, Severity: "error", Code: "CS1035", Message: "End-of-file found, '*/' expected"}}, 0},
		{"an #if without #endif", "#if DEBUG\nclass A { }\n", nil,
			[]dotnetout.Diagnostic{{File: "src/App/A.cs", Line: 3, Col: 1, Severity: "error", Code: "CS1027", Message: "#endif directive expected"}}, 0},
		{"a #warning made an error", "#warning check\nclass A { }\n", []string{"-warnaserror"},
			[]dotnetout.Diagnostic{{File: "src/App/A.cs", Line: 1, Col: 10, Severity: "error", Code: "CS1030", Message: "#warning: 'check'"}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := tree(t, map[string]string{"src/App/App.csproj": appProject, "src/App/A.cs": tt.source})
			r := run(t, root, append([]string{"build", "src/App"}, tt.args...)...)
			res := dotnetout.ParseBuild(strings.NewReader(r.stdout)).Rel(root)
			for i := range res.Errors {
				res.Errors[i].Project = ""
			}
			if diff := cmp.Diff(tt.want, res.Errors); diff != "" {
				t.Errorf("errors (-want +got):\n%s\noutput:\n%s", diff, r.stdout)
			}
			count := max(tt.count, len(tt.want))
			if wantCode := min(count, 1); r.code != wantCode || res.ErrorCount != count || res.Succeeded != (wantCode == 0) {
				t.Errorf("exit %d, ErrorCount %d, Succeeded %v; want exit %d, %d errors", r.code, res.ErrorCount, res.Succeeded, wantCode, count)
			}
		})
	}
}

func TestBuildNamesTheProjectOfEachDiagnostic(t *testing.T) {
	root := tree(t, map[string]string{"src/App/App.csproj": appProject, "src/App/Deep/B.cs": "#warning later\n"})
	r := run(t, root, "build", "src/App/App.csproj")
	res := dotnetout.ParseBuild(strings.NewReader(r.stdout))
	want := []dotnetout.Diagnostic{{File: filepath.Join(root, "src/App/Deep/B.cs"), Line: 1, Col: 10, Severity: "warning", Code: "CS1030",
		Message: "#warning: 'later'", Project: filepath.Join(root, "src/App/App.csproj")}}
	if diff := cmp.Diff(want, res.Warnings); diff != "" || r.code != 0 || !res.Succeeded || res.WarningCount != 1 {
		t.Errorf("exit %d, %+v (-want +got):\n%s", r.code, res, diff)
	}
}

func TestBuildWithoutOneProjectFailsLikeMSBuild(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		path  string
		want  dotnetout.Diagnostic
	}{
		{"no project in the folder", map[string]string{"src/App/App.csproj": appProject}, ".",
			dotnetout.Diagnostic{Severity: "error", Code: "MSB1003", Message: "Specify a project or solution file. The current working directory does not contain a project or solution file."}},
		{"a path that does not exist", nil, "dotnet/",
			dotnetout.Diagnostic{Severity: "error", Code: "MSB1009", Message: "Project file does not exist."}},
		{"two projects in the folder", map[string]string{"A.csproj": appProject, "B.csproj": appProject}, ".",
			dotnetout.Diagnostic{Severity: "error", Code: "MSB1011", Message: "Specify which project or solution file to use because this folder contains more than one project or solution file."}},
		{"a project file that is not XML", map[string]string{"A.csproj": "<Project>\n  <PropertyGroup>\n</Project>\n"}, ".",
			dotnetout.Diagnostic{Line: 3, Col: 1, Severity: "error", Code: "MSB4025", Message: "The project file could not be loaded. element <PropertyGroup> closed by </Project>. Line 3."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := tree(t, tt.files)
			r := run(t, root, "build", tt.path)
			res := dotnetout.ParseBuild(strings.NewReader(r.stdout)).Rel(root)
			if len(res.Errors) != 1 {
				t.Fatalf("want one error, got %+v from:\n%s", res.Errors, r.stdout)
			}
			got := res.Errors[0]
			got.File, got.Project = "", ""
			if diff := cmp.Diff(tt.want, got); diff != "" || r.code != 1 || res.Succeeded {
				t.Errorf("exit %d (-want +got):\n%s", r.code, diff)
			}
		})
	}
}

func TestEveryLoggerFormatParsesToTheSameErrors(t *testing.T) {
	root := tree(t, map[string]string{
		"App.csproj": appProject,
		"A.cs":       "#error first\nclass A {\n",
		"B.cs":       "#warning noted\n",
	})
	want := []string{"A.cs:1:8: error CS1029: #error: 'first'", "A.cs:2:10: error CS1513: } expected"}
	tests := []struct {
		args        []string
		summarySeen bool
		warnings    int
	}{
		{[]string{"--tl:off"}, true, 1},
		{[]string{"-v", "q"}, false, 1},
		{[]string{"-v:n"}, true, 1},
		{[]string{"--verbosity=detailed", "--no-restore"}, true, 1},
		{[]string{"--tl:on"}, true, 1},
		{[]string{"-clp:ErrorsOnly;Summary"}, true, 0},
		{[]string{"-clp:NoSummary"}, false, 1},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := run(t, root, append([]string{"build"}, tt.args...)...)
			res := dotnetout.ParseBuild(strings.NewReader(r.stdout))
			var got []string
			for _, d := range res.Errors {
				got = append(got, d.Rel(root).String())
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s\noutput:\n%s", diff, r.stdout)
			}
			if r.code != 1 || res.Succeeded || res.SummarySeen != tt.summarySeen || len(res.Warnings) != tt.warnings || res.ErrorCount != 2 {
				t.Errorf("exit %d, Succeeded %v, SummarySeen %v, warnings %d, ErrorCount %d; want 1 false %v %d 2\n%s",
					r.code, res.Succeeded, res.SummarySeen, len(res.Warnings), res.ErrorCount, tt.summarySeen, tt.warnings, r.stdout)
			}
		})
	}
}

func TestBuildRefusesUnknownSwitchesAndSecondProjects(t *testing.T) {
	root := tree(t, map[string]string{"App.csproj": appProject})
	tests := []struct {
		args []string
		code string
	}{
		{[]string{"build", "--no-such-flag"}, "MSB1001"},
		{[]string{"build", "--filter", "X"}, "MSB1001"},
		{[]string{"build", "App.csproj", "Other.csproj"}, "MSB1008"},
	}
	for _, tt := range tests {
		r := run(t, root, tt.args...)
		res := dotnetout.ParseBuild(strings.NewReader(r.stdout))
		if r.code != 1 || len(res.Errors) != 1 || res.Errors[0].Code != tt.code {
			t.Errorf("dotnet %v: exit %d, errors %+v; want exit 1 and %s", tt.args, r.code, res.Errors, tt.code)
		}
	}
}
