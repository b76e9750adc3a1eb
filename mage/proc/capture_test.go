package proc_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"portwave/mage/proc"
)

// Whatever the sizes of the writes, a capture holds exactly the first and
// the last bytes, and says how many it cut.
func TestACaptureKeepsTheHeadAndTheTailAndCountsTheCut(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 0; n < 500; n++ {
		head, tail := rng.IntN(40), rng.IntN(40)
		var all bytes.Buffer
		c := proc.NewCapture(head, tail)
		for w := rng.IntN(12); w > 0; w-- {
			p := make([]byte, rng.IntN(30))
			for i := range p {
				p[i] = byte('a' + rng.IntN(26))
			}
			all.Write(p)
			c.Write(p)
		}
		whole := all.Bytes()
		wantCut := max(0, len(whole)-head-tail)
		if got := c.Cut(); got != int64(wantCut) {
			t.Fatalf("head %d tail %d, %d written: cut %d, want %d", head, tail, len(whole), got, wantCut)
		}
		got := c.Bytes()
		if wantCut == 0 {
			if !bytes.Equal(got, whole) {
				t.Fatalf("nothing cut, but %q != %q", got, whole)
			}
			continue
		}
		if !bytes.HasPrefix(got, whole[:head]) || !strings.Contains(string(got), "bytes of output cut here") {
			t.Fatalf("head %d tail %d: %q lacks the head of %q or the note", head, tail, got, whole)
		}
	}
}

// The tail after the note starts at a whole line, and the note counts the
// part of a line it dropped to get there.
func TestTheTailOfACaptureStartsAtAWholeLine(t *testing.T) {
	c := proc.NewCapture(8, 16)
	var lines strings.Builder
	for i := range 100 {
		fmt.Fprintf(&lines, "line %02d\n", i)
	}
	c.Write([]byte(lines.String()))
	want := "line 00\n[portwave: 784 bytes of output cut here; the first 8 and the last 8 are kept]\nline 99\n"
	if got := string(c.Bytes()); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
