// Package scripts holds the text templates and pipelines portwave's targets
// use, embedded so they travel with the binary. They are the parts a user is
// most likely to change: a workspace points the prompt_template setting at
// its own copy of the prompt, and its build: and test: settings replace the
// default pipelines.
package scripts

import (
	"embed"
	"strings"
)

// Prompt is the default prompt template (prompt.tmpl).
//
//go:embed prompt.tmpl
var Prompt string

// PromptName is the default template's file name, shown in errors.
const PromptName = "scripts/prompt.tmpl"

// Conflict is the template of the prompt that asks the agent to resolve a
// merge conflict (conflict.tmpl), used with the conflict setting `agent`.
//
//go:embed conflict.tmpl
var Conflict string

// ConflictName is the conflict template's file name, shown in errors.
const ConflictName = "scripts/conflict.tmpl"

// port holds the templates of the files `mage init` writes into a port's
// repository: its Mage module (go.mod, mage.go, magefile.go) and the port
// workflow (port.yml, with [% %] delimiters beside GitHub's ${{ }}).
//
//go:embed port
var port embed.FS

// PortFile is one of those templates, by name (port/NAME); a name that is
// not there is a programming error.
func PortFile(name string) string {
	data, err := port.ReadFile("port/" + name)
	if err != nil {
		panic(err)
	}
	return string(data)
}

//go:embed build.pipeline
var buildPipeline string

//go:embed test.pipeline
var testPipeline string

// Build is the default build gate command, from build.pipeline.
var Build = command(buildPipeline)

// Test is the default test gate command, from test.pipeline.
var Test = command(testPipeline)

// command is the first line of a pipeline file that is neither blank nor a
// comment.
func command(file string) string {
	for line := range strings.SplitSeq(file, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			return line
		}
	}
	return ""
}
