package csharp_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portwave/mage/audit/csharp"
)

// FuzzScan checks that no input makes the scanner panic or hang, and that
// what it reports stays inside the input.
func FuzzScan(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.cs")
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, s := range []string{
		`class C { string M() => $"{$@"{x}"}" + $$"""{{y}}"""; }`,
		"#if A\nclass C {\n#else\n}\n#endif\n}",
		"class C { int P { get => 1; set { } } = 2; event E A, B; }",
		`class C { [A(() => { "]"; })] void M() { '\''; } }`,
		"namespace N; class C<T> where T : new() { ~C() { } static implicit operator int(C<T> c) => 0; }",
	} {
		f.Add([]byte(s))
	}
	// Two builds that read #if A differently, as a multi-targeting
	// project's frameworks do: the scans of both are merged.
	builds := csharp.Options{Builds: []csharp.Build{{Name: "a", Symbols: []string{"A", "NET"}}, {Name: "b", Symbols: []string{"B"}}}}
	f.Fuzz(func(t *testing.T, src []byte) {
		checkScan(t, src, csharp.Scan("fuzz.cs", src, csharp.Options{}), 22)
		checkScan(t, src, csharp.Scan("fuzz.cs", src, builds), 44)
	})
}

// checkScan holds a scan of src to what a scan may report: members and
// errors inside the input, each error with a line and a column, at most
// maxErrs errors.
func checkScan(t *testing.T, src []byte, file *csharp.File, maxErrs int) {
	t.Helper()
	lines := 1 + strings.Count(string(src), "\n")
	for _, m := range file.Members {
		if m.Line < 1 || m.Line > lines || m.Name == "" || m.Type == "" {
			t.Fatalf("member %+v outside the %d lines of the input", m, lines)
		}
		if m.Body < csharp.NoBody || m.Body > csharp.Implemented {
			t.Fatalf("member %s has body %v", m.Name, m.Body)
		}
		if m.BodyEnd != 0 && (m.BodyStart < 0 || m.BodyStart >= m.BodyEnd || m.BodyEnd > len(src) || m.StartLine > m.EndLine || m.Line > m.StartLine) {
			t.Fatalf("member %s has body %d-%d, lines %d-%d, named on line %d, in %d bytes", m.Name, m.BodyStart, m.BodyEnd, m.StartLine, m.EndLine, m.Line, len(src))
		}
		for _, a := range m.Accessors {
			if a.BodyEnd != 0 && (a.BodyStart < m.BodyStart || a.BodyEnd > m.BodyEnd) {
				t.Fatalf("accessor %s of %s at %d-%d is outside the member's body %d-%d", a.Name, m.Name, a.BodyStart, a.BodyEnd, m.BodyStart, m.BodyEnd)
			}
		}
	}
	if len(file.Errors) > maxErrs {
		t.Fatalf("%d errors", len(file.Errors))
	}
	for _, e := range file.Errors {
		if e.Line < 1 || e.Line > lines || e.Col < 1 || e.File != "fuzz.cs" {
			t.Fatalf("error %v outside the %d lines of the input, or without a column", e, lines)
		}
	}
	if file.Incomplete && file.OK() {
		t.Fatalf("incomplete without an error")
	}
}

// TestScanTimeGrowsLinearly scans pathological inputs of n and 8n bytes and
// checks that one scan of the larger costs about as much as eight scans of
// the smaller: quadratic work would make it eight times as much. Comparing
// equal amounts of work keeps the check steady on a busy machine.
func TestScanTimeGrowsLinearly(t *testing.T) {
	units := []string{
		"{", "}", "(", "[", "<", "a ", `$"{`, `$"{(`, "\"\n", "'\n", "'", "$", `@"`, "\"\"\"\n", `$$"""{{`,
		"#if X\n", "#else\n", "#endif\n", "  #", "/*", "namespace a {", "class C {", "void M() {",
		"int P { get; ", "operator ", "[A(", "x => {", "=> ", "event E a, ",
	}
	contexts := []string{"", "class C {\n", "class C { void M() {\n"}
	const n = 48 << 10
	for _, unit := range units {
		for _, ctx := range contexts {
			small := []byte(ctx + strings.Repeat(unit, n/len(unit)))
			big := []byte(ctx + strings.Repeat(unit, 8*n/len(unit)))
			// Inputs that stop early take microseconds, where timer noise
			// rules; quadratic work on n bytes would take far longer.
			ratio := float64(fastest(t, big, 1)) / float64(max(fastest(t, small, 8), 100*time.Microsecond))
			if ratio > 4 {
				t.Errorf("%q after %q: one scan of 8 times the input took %.1f times as long as 8 scans of it", unit, ctx, ratio)
			}
		}
	}
}

// fastest returns the best of five timings of times scans of src, which
// damps noise. The timings are of the processor time the test used
// (spent), where the system gives it: on a machine that other work keeps
// busy, wall time measured the waiting, and failed linear scans.
func fastest(t *testing.T, src []byte, times int) time.Duration {
	best := time.Duration(1 << 62)
	for range 5 {
		start := spent()
		for range times {
			csharp.Scan("p.cs", src, csharp.Options{})
		}
		best = min(best, max(spent()-start, time.Microsecond))
	}
	if best > 2*time.Second {
		t.Fatalf("scanning %d bytes took %v", len(src), best)
	}
	return best
}
