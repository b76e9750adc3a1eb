package report

import "fmt"

func (m *md) changes(r *Report) {
	c := r.Changes
	m.f("\n## Changes since the previous report\n\n")
	switch {
	case r.Previous == nil && c.Count == 0:
		m.f("First report, no previous one; status_history is empty.\n")
		return
	case r.Previous == nil:
		m.f("First report, no previous one. The whole recorded history holds %d status %s:\n\n", c.Count, plural(c.Count, "change", "changes"))
	case c.Count == 0:
		m.f("No status changed since %s.\n", previousLink(r.Previous))
		return
	default:
		m.f("Since %s: %d status %s, %s verified, %s done.\n\n", previousLink(r.Previous),
			c.Count, plural(c.Count, "change", "changes"), signed(c.Verified), signed(c.Done))
	}
	m.f("| Kind | From | To | Items |\n|---|---|---|---:|\n")
	for _, t := range c.Transitions {
		m.f("| %s | %s | %s | %d |\n", t.Kind, statusName(string(t.From)), t.To, t.Count)
	}
	if len(c.Items.Entries) == 0 {
		return
	}
	m.f("\n<details><summary>%d changed %s</summary>\n\n", c.Items.Total, plural(c.Items.Total, "item", "items"))
	m.itemTable(c.Items)
	m.f("\n</details>\n")
}

func (m *md) regressions(r *Report) {
	l := r.Regressions
	m.f("\n## Regressions\n\n")
	window := "since the previous report"
	if r.Previous == nil {
		window = "in the recorded history"
	}
	if l.Total == 0 {
		m.f("None %s: nothing went back from verified, or from done to not done.\n", window)
		return
	}
	m.f("%d %s went back %s (off verified, or from done to not done):\n\n", l.Total, plural(l.Total, "change", "changes"), window)
	m.itemTable(l)
}

// itemTable writes a capped list of status changes, oldest first.
func (m *md) itemTable(l ItemList) {
	m.f("| When | Item | Module | Change | Now | Reason |\n|---|---|---|---|---|---|\n")
	for _, e := range l.Entries {
		module, now := "-", "-"
		if e.Module != "" {
			module, now = code(e.Module), string(e.Current)
		}
		m.f("| %s | %s | %s | %s → %s | %s | %s |\n", stamp(e.At), itemName(e),
			module, statusName(string(e.From)), e.To, now, text(e.Reason))
	}
	if n := l.Omitted(); n > 0 {
		m.f("\n%d more are not listed here; porting.db's %s holds them all.\n", n, code("status_history"))
	}
}

func signed(n int) string { return fmt.Sprintf("%+d", n) }

// itemName is "feature 2168 `Server.Connz`", or the kind and ID alone for
// an item no longer in porting.db.
func itemName(e ItemChange) string {
	if e.Name == "" {
		return fmt.Sprintf("%s %d (no longer tracked)", e.Kind, e.ID)
	}
	return fmt.Sprintf("%s %d %s", e.Kind, e.ID, code(e.Name))
}
