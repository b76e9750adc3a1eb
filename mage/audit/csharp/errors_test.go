package csharp_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/audit/csharp"
)

func TestScanReportsBadInputWithFileAndLine(t *testing.T) {
	cases := []struct {
		name       string
		src        string
		want       string // the first error
		incomplete bool
		members    []string // what is still found
	}{
		{"an unterminated string", "class C {\n  void A() { }\n  string B() => \"open;\n}\n", `bad.cs:3:17: unterminated string: expected " before the end of the line`, false, []string{"A", "B"}},
		{"an unterminated verbatim string", "class C {\n  void A() { }\n  string B() => @\"open;\n}\n", `bad.cs:1:9: unclosed { of C: expected }`, true, []string{"A", "B"}},
		{"an unterminated comment", "class C {\n  void A() { }\n  /* open\n  void B() { }\n}\n", "bad.cs:1:9: unclosed { of C: expected }", true, []string{"A"}},
		{"an unterminated character", "class C {\n  char A() => 'xy;\n  void B() { }\n}\n", "bad.cs:2:15: unterminated character literal: expected '", false, []string{"A", "B"}},
		{"an unclosed body", "class C {\n  void A() {\n", "bad.cs:1:9: unclosed { of C: expected }", true, []string{"A"}},
		{"an extra closing brace", "class C { }\n}\nclass D { void B() { } }\n", "bad.cs:2:1: unexpected }: no block is open", false, []string{"B"}},
		{"an unclosed #if", "#if !X\nclass C { void A() { } }\n", "bad.cs:1:1: #if without #endif", false, []string{"A"}},
		{"invalid UTF-8", "class C {\n  void A() { }\n  // \xff\xfe\n  void B() { }\n}\n", "bad.cs:3:6: invalid UTF-8", false, []string{"A", "B"}},
		{"conflict markers in a body", "class C {\n  void A() {\n<<<<<<< HEAD\n    x = 1;\n=======\n    x = 2;\n>>>>>>> main\n  }\n  void B() { }\n}\n", "bad.cs:3:1: git conflict marker", false, []string{"A", "B"}},
		{"interpolation nested too deep", "class C { string A() => " + strings.Repeat(`$"{`, 100) + " }", `bad.cs:1:`, true, []string{"A"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := csharp.Scan("bad.cs", []byte(c.src), csharp.Options{})
			if f.OK() || f.Err() == nil {
				t.Fatalf("scan reported no error")
			}
			if got := f.Errors[0].Error(); !strings.HasPrefix(got, c.want) {
				t.Errorf("first error = %q, want it to start with %q", got, c.want)
			}
			if f.Incomplete != c.incomplete {
				t.Errorf("Incomplete = %v, want %v", f.Incomplete, c.incomplete)
			}
			var got []string
			for _, m := range f.Members {
				got = append(got, m.Name)
			}
			if diff := cmp.Diff(c.members, got); diff != "" {
				t.Errorf("members found (-want +got):\n%s", diff)
			}
		})
	}
}

func TestScanRefusesAFileOverTheSizeLimitAtOnce(t *testing.T) {
	// 50 MB, left zero: the size alone must decide, and filling it would
	// take longer than the check.
	src := make([]byte, 50_000_000)
	copy(src, "class C { void M() { } }\n")
	start := time.Now()
	f := csharp.Scan("big.cs", src, csharp.Options{})
	if took := time.Since(start); took > 100*time.Millisecond {
		t.Errorf("refusing a 50 MB file took %v", took)
	}
	want := []csharp.Error{{File: "big.cs", Msg: "not scanned: 50000000 bytes, over the limit of 16777216"}}
	if diff := cmp.Diff(want, f.Errors); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	if !f.Incomplete || len(f.Members) != 0 {
		t.Errorf("Incomplete = %v with %d members, want true with none", f.Incomplete, len(f.Members))
	}
	if f := csharp.Scan("small.cs", src[:25], csharp.Options{MaxFileSize: 25}); !f.OK() || len(f.Members) != 1 {
		t.Errorf("a file of exactly the limit: errors %v, %d members", f.Err(), len(f.Members))
	}
}

func TestScanStopsAfterTooManyErrors(t *testing.T) {
	src := strings.Repeat("}\n", 1000) + "class C { void M() { } }\n"
	f := csharp.Scan("t.cs", []byte(src), csharp.Options{})
	last := f.Errors[len(f.Errors)-1]
	if len(f.Errors) > 21 || last.Msg != "too many errors, scan stopped" || !f.Incomplete {
		t.Errorf("got %d errors ending with %v, incomplete %v; want at most 21 ending with the stop", len(f.Errors), last, f.Incomplete)
	}
}
