package progress_test

import (
	"testing"

	"portwave/mage/progress"
)

func TestPrintableEscapesTerminalControlsAndKeepsTheRest(t *testing.T) {
	for in, want := range map[string]string{
		"Client Subscriptions":             "Client Subscriptions",
		"a\nbatch 12 done\x1b[2J":          `a\nbatch 12 done\x1b[2J`,
		"tab\tkept, é kept, \r\u0085 gone": `tab	kept, é kept, \r\x85 gone`,
	} {
		if got := progress.Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}
