package audit

import (
	"encoding/json"
	"fmt"
	"io"
)

// WriteText prints what an audit changed: promotions, demotions and
// regressions with IDs and names, then the scan figures.
func WriteText(w io.Writer, r *Result) error {
	verb := "changed"
	if r.DryRun {
		verb = "would change (dry run, nothing written)"
	}
	fmt.Fprintf(w, "audit %s %d items: %d promoted, %d demoted, %d regressions\n",
		verb, len(r.Changes), len(r.Promotions), len(r.Demotions), len(r.Regressions))
	section := func(title string, fs []Finding) {
		if len(fs) == 0 {
			return
		}
		fmt.Fprintf(w, "\n%s (%d):\n", title, len(fs))
		for _, f := range fs {
			move := string(f.Item.Status)
			if f.Change != nil {
				move = fmt.Sprintf("%s -> %s", f.Change.From, f.Change.To)
			}
			fmt.Fprintf(w, "  %s %-5d %-40s %-20s %s\n", f.Item.Kind, f.Item.ID, f.Item.GoQualifiedName(), move, f.Reason())
		}
	}
	section("REGRESSIONS", r.Regressions)
	section("promoted", r.Promotions)
	var other []Finding
	for _, f := range r.Demotions {
		if !f.Regression {
			other = append(other, f)
		}
	}
	section("demoted", other)
	section("complete but not found by the mapping", r.Invisible)
	section("ambiguous: several items share one C# name", r.Ambiguous)
	for _, f := range r.Failed {
		fmt.Fprintf(w, "not scanned: %s\n", f)
	}
	_, err := fmt.Fprintf(w, "\nscanned %d of %d C# files (%d reused, %d failed; %s) in %s\n",
		r.Scan.Scanned, r.Scan.Files, r.Scan.Reused, r.Scan.Failed, r.Scan.Why, r.Took.Round(1e6))
	return err
}

// WriteJSON prints the audit for machines.
func WriteJSON(w io.Writer, r *Result) error {
	type change struct {
		Kind       string `json:"kind"`
		ID         int    `json:"id"`
		Name       string `json:"name"`
		From       string `json:"from"`
		To         string `json:"to"`
		Reason     string `json:"reason"`
		Regression bool   `json:"regression,omitempty"`
	}
	out := struct {
		DryRun      bool      `json:"dry_run"`
		Changes     []change  `json:"changes"`
		Promoted    int       `json:"promoted"`
		Demoted     int       `json:"demoted"`
		Regressions int       `json:"regressions"`
		Scan        ScanStats `json:"scan"`
		Failed      []string  `json:"failed_files"`
		Millis      int64     `json:"millis"`
	}{DryRun: r.DryRun, Changes: []change{}, Promoted: len(r.Promotions), Demoted: len(r.Demotions),
		Regressions: len(r.Regressions), Scan: r.Scan, Failed: r.Failed, Millis: r.Took.Milliseconds()}
	for _, f := range r.Findings {
		if f.Change != nil {
			out.Changes = append(out.Changes, change{string(f.Item.Kind), f.Item.ID, f.Item.GoQualifiedName(),
				string(f.Change.From), string(f.Change.To), f.Reason(), f.Regression})
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
