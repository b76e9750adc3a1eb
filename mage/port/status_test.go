package port_test

import (
	"strings"
	"testing"

	"portwave/mage/port"
)

func TestParseStatusTakesEveryStatusOfTheSetAndNamesTheSetOtherwise(t *testing.T) {
	for _, st := range port.Statuses {
		if got, err := port.ParseStatus(string(st)); got != st || err != nil {
			t.Errorf("ParseStatus(%q) = %q, %v", st, got, err)
		}
	}
	_, err := port.ParseStatus("done")
	if err == nil {
		t.Fatal(`ParseStatus("done") took a status outside the set`)
	}
	for _, st := range port.Statuses {
		if !strings.Contains(err.Error(), string(st)) {
			t.Errorf("error %q does not name %q", err, st)
		}
	}
}

func TestARegressionLeavesVerifiedOrGoesFromDoneToNotDone(t *testing.T) {
	for _, tt := range []struct {
		from, to port.Status
		want     bool
	}{
		{"", port.Unknown, false}, // a first record
		{port.Verified, port.Complete, true},
		{port.Verified, port.NA, true},
		{port.Verified, port.Verified, false},
		{port.Complete, port.Stub, true},
		{port.NA, port.Deferred, true},
		{port.Complete, port.NA, false},
		{port.Complete, port.Verified, false},
		{port.Stub, port.Unknown, false},
		{port.Unknown, port.Verified, false},
	} {
		if got := port.IsRegression(tt.from, tt.to); got != tt.want {
			t.Errorf("IsRegression(%q, %q) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}
