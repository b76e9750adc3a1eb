// Package scripts holds the text templates and pipelines portwave's targets
// use, embedded so they travel with the binary. They are the parts a user is
// most likely to change: a workspace points the prompt_template setting at
// its own copy of the prompt, and its build: and test: settings replace the
// default pipelines.
package scripts

import (
	_ "embed"
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
