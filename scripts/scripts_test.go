package scripts_test

import (
	"os"
	"regexp"
	"testing"

	"portwave/mage/pipeline"
	"portwave/scripts"
)

func TestTheDefaultPipelinesAreTheDotnetCommandsAndParse(t *testing.T) {
	for _, tt := range []struct{ got, want string }{{scripts.Build, "dotnet build dotnet/"}, {scripts.Test, "dotnet test dotnet/"}} {
		if tt.got != tt.want {
			t.Errorf("default %q, want %q", tt.got, tt.want)
		}
		if _, err := pipeline.Parse(tt.got); err != nil {
			t.Error(err)
		}
	}
}

// The examples in the files' comments are what a user copies: they must
// parse as pipelines.
func TestTheExamplesInThePipelineFilesParse(t *testing.T) {
	example := regexp.MustCompile(`(?m)^#   (\S.*)$`)
	n := 0
	for _, name := range []string{"build.pipeline", "test.pipeline"} {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range example.FindAllStringSubmatch(string(src), -1) {
			n++
			if p, err := pipeline.Parse(m[1]); err != nil || p.Plain() {
				t.Errorf("%s: example %q: %v (plain: %v)", name, m[1], err, err == nil && p.Plain())
			}
		}
	}
	if n < 2 {
		t.Errorf("found %d examples, want one in each file", n)
	}
}
