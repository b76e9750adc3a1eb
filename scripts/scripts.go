// Package scripts holds the text templates and shell helpers portwave's
// targets use, embedded so they travel with the binary. A workspace can
// point the prompt_template setting at its own copy.
package scripts

import _ "embed"

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
