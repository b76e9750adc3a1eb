package minibus

import (
	"errors"
	"testing"
)

func TestSubjectMatchesWildcards(t *testing.T) {
	tests := []struct {
		pattern, subject string
		want             bool
	}{
		{"orders.created", "orders.created", true},
		{"orders.created", "orders.deleted", false},
		{"orders.*", "orders.created", true},
		{"orders.*", "orders.eu.created", false},
		{"*.created", "orders.created", true},
		{"orders.>", "orders.eu.created", true},
		{"orders.>", "orders", false},
		{"orders", "orders.created", false},
	}
	for _, tt := range tests {
		if got := subjectMatches(tt.pattern, tt.subject); got != tt.want {
			t.Errorf("subjectMatches(%q, %q) = %v, want %v", tt.pattern, tt.subject, got, tt.want)
		}
	}
}

func TestValidSubjectRejectsWildcardsAndEmptyTokens(t *testing.T) {
	tests := []struct {
		subject string
		want    bool
	}{
		{"orders.created", true},
		{"orders", true},
		{"", false},
		{"orders..created", false},
		{"orders.*", false},
		{"orders.>", false},
		{"orders created", false},
	}
	for _, tt := range tests {
		if got := validSubject(tt.subject); got != tt.want {
			t.Errorf("validSubject(%q) = %v, want %v", tt.subject, got, tt.want)
		}
	}
}

func TestFormatBytesUsesBinaryUnits(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0 B"},
		{1023, "1023 B"},
		{1536, "1.5 KiB"},
		{3 << 20, "3.0 MiB"},
	}
	for _, tt := range tests {
		if got := formatBytes(tt.n); got != tt.want {
			t.Errorf("formatBytes(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestPublishReachesEveryMatchingSubscription(t *testing.T) {
	srv := NewServer(Options{})
	defer srv.Shutdown()
	pub, sub := mustConnect(t, srv, "pub"), mustConnect(t, srv, "sub")
	for sid, pattern := range map[int]string{1: "orders.*", 2: "orders.>", 3: "billing.>"} {
		if err := sub.subscribe(pattern, sid); err != nil {
			t.Fatal(err)
		}
	}

	n, err := pub.publish("orders.created", []byte("42"))
	if err != nil || n != 2 {
		t.Fatalf("publish = %d, %v; want 2 deliveries", n, err)
	}
	sids := map[int]bool{}
	for m, ok := sub.next(); ok; m, ok = sub.next() {
		sids[m.Sid] = true
	}
	if !sids[1] || !sids[2] || len(sids) != 2 {
		t.Errorf("delivered for subscriptions %v, want 1 and 2", sids)
	}
	if _, err := pub.publish("orders.*", nil); !errors.Is(err, ErrBadSubject) {
		t.Errorf("publish to a wildcard: err = %v, want ErrBadSubject", err)
	}
}

func TestSlowConsumerDropsMessagesPastMaxPending(t *testing.T) {
	srv := NewServer(Options{MaxPending: 2})
	defer srv.Shutdown()
	c := mustConnect(t, srv, "slow")
	if err := c.subscribe("ticks", 1); err != nil {
		t.Fatal(err)
	}

	for range 3 {
		if _, err := c.publish("ticks", []byte("t")); err != nil {
			t.Fatal(err)
		}
	}
	st := srv.Stats()
	if st.InMsgs != 3 || st.OutMsgs != 2 || st.SlowConsumers != 1 {
		t.Errorf("stats = %v; want 3 in, 2 out, 1 slow consumer", st)
	}
}

func mustConnect(t *testing.T, srv *Server, name string) *client {
	t.Helper()
	c, err := srv.connect(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
