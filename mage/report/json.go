package report

import (
	"encoding/json"
	"io"
)

// WriteJSON writes the report's JSON twin: the Report as indented JSON. Lists
// are capped as in the markdown, and each says how many entries it has in
// all; empty lists are [] rather than null, so tools need no special case.
func WriteJSON(w io.Writer, r *Report) error {
	out := *r
	if out.Ledger == nil {
		out.Ledger = []BatchLedger{}
	}
	if out.Changes.Transitions == nil {
		out.Changes.Transitions = []TransitionCount{}
	}
	if out.Changes.Items.Entries == nil {
		out.Changes.Items.Entries = []ItemChange{}
	}
	if out.Regressions.Entries == nil {
		out.Regressions.Entries = []ItemChange{}
	}
	if out.Modules.Entries == nil {
		out.Modules.Entries = []Module{}
	}
	if out.Open.Modules == nil {
		out.Open.Modules = []OpenModule{}
	}
	if out.BurnUp == nil {
		out.BurnUp = []BurnUpPoint{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(&out)
}
