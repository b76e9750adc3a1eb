package inventory_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/inventory"
	"portwave/mage/port"
)

// serverSrc marks where each function ends with a "// end" comment, so the
// test can compute the expected lines instead of listing numbers.
const serverSrc = `package server

import "sync"

// Server is documented.
type Server struct{ mu sync.Mutex }

type List[T any] struct{ items []T }

type Pair[K comparable, V any] struct{}

// Start has a doc comment that is not counted.
// It spans two lines.
func (s *Server) Start() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return nil
} // end Start

func (s Server) Name() string { return "srv" } // end Name

func (l *List[T]) Push(v T) { l.items = append(l.items, v) } // end Push

func (l List[_]) Len() int {
	return len(l.items)
} // end Len

func (p *Pair[K, V]) Swap() {} // end Swap

func (*Server) unnamed() {} // end unnamed

func (s *(Server)) paren() {} // end paren

func init() {} // end init 1

func newServer() *Server {
	return &Server{}
} // end newServer

func init() {
	_ = newServer
} // end init 2

//go:noescape
func memmove(to, from []byte) // end memmove

type iface interface{ Start() error }

var f = func() {}
`

func TestScanFindsEveryFunctionAndMethodWithItsReceiverAndLines(t *testing.T) {
	root := writeTree(t, map[string]string{"server/server.go": serverSrc})
	got, err := inventory.Scan(context.Background(), root, inventory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	feature := func(recv, name, start, end string) inventory.Decl {
		first, last := lineOf(t, serverSrc, start), lineOf(t, serverSrc, "// end "+end)
		return inventory.Decl{
			Kind: port.Feature, GoFile: "server/server.go", GoReceiver: recv, GoName: name,
			GoLine: first, GoLineCount: last - first + 1,
		}
	}
	want := []inventory.Decl{
		feature("Server", "Start", "func (s *Server) Start", "Start"),
		feature("Server", "Name", "func (s Server) Name", "Name"),
		feature("List", "Push", "func (l *List[T]) Push", "Push"),
		feature("List", "Len", "func (l List[_]) Len", "Len"),
		feature("Pair", "Swap", "func (p *Pair[K, V]) Swap", "Swap"),
		feature("Server", "unnamed", "func (*Server) unnamed", "unnamed"),
		feature("Server", "paren", "func (s *(Server)) paren", "paren"),
		feature("", "init", "func init() {}", "init 1"),
		feature("", "newServer", "func newServer", "newServer"),
		feature("", "init", "func init() {", "init 2"),
		feature("", "memmove", "func memmove", "memmove"),
	}
	// lineOf finds the first "func init() {", which is the one-line init;
	// the second starts two lines below the end of newServer.
	want[9].GoLine = lineOf(t, serverSrc, "// end newServer") + 2
	want[9].GoLineCount = lineOf(t, serverSrc, "// end init 2") - want[9].GoLine + 1
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Scan (-want +got):\n%s", diff)
	}
	if got[0].GoLineCount != 5 {
		t.Errorf("Server.Start spans %d lines, want 5: from func to the closing brace, without its doc comment", got[0].GoLineCount)
	}
}

func TestScanFindsOnlyTheTestsGoTestWouldRun(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		isTest bool
	}{
		{"a plain test", `func TestFoo(t *testing.T) {}`, true},
		{"an underscore after Test", `func Test_foo(t *testing.T) {}`, true},
		{"a digit after Test", `func Test2Phase(t *testing.T) {}`, true},
		{"Test alone", `func Test(t *testing.T) {}`, true},
		{"a lower-case non-ASCII letter after Test", `func Testé(t *testing.T) {}`, false},
		{"an upper-case non-ASCII letter", `func TestÉcole(t *testing.T) {}`, true},
		{"a lower-case letter after Test", `func Testify(t *testing.T) {}`, false},
		{"TestMain taking testing.M", `func TestMain(m *testing.M) {}`, false},
		{"a benchmark", `func BenchmarkFoo(b *testing.B) {}`, false},
		{"a fuzz test", `func FuzzFoo(f *testing.F) {}`, false},
		{"an example", `func ExampleFoo() {}`, false},
		{"a helper taking testing.T", `func helper(t *testing.T) {}`, false},
		{"a test with a result", `func TestResult(t *testing.T) error { return nil }`, false},
		{"a test with two parameters", `func TestTwo(t *testing.T, n int) {}`, false},
		{"a test without parameters", `func TestNone() {}`, false},
		{"a test taking testing.T by value", `func TestValue(t testing.T) {}`, false},
		{"a test taking testing.B", `func TestBench(b *testing.B) {}`, false},
		{"a generic test", `func TestGeneric[T any](t *testing.T) {}`, false},
		{"a method named like a test", `type s struct{}; func (s) TestMethod(t *testing.T) {}`, false},
		{"a test taking another package's T", `func TestOther(t *other.T) {}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "package p\n\nimport \"testing\"\n\nvar _ testing.T\n\n" + tt.src + "\n"
			root := writeTree(t, map[string]string{"p/p_test.go": src})
			decls, err := inventory.Scan(context.Background(), root, inventory.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := len(decls) == 1; got != tt.isTest {
				t.Errorf("%s: found %v, want test = %v", tt.src, decls, tt.isTest)
			}
		})
	}
}

func TestScanRecognisesTestingUnderAnotherName(t *testing.T) {
	files := map[string]string{
		"a_test.go": "package p\n\nimport tst \"testing\"\n\nfunc TestAlias(t *tst.T) {}\n\nfunc TestWrong(t *testing.T) {}\n",
		"b_test.go": "package p\n\nimport . \"testing\"\n\nfunc TestDot(t *T) {}\n",
		"c_test.go": "package p\n\nfunc TestNoImport(t *testing.T) {}\n",
	}
	decls, err := inventory.Scan(context.Background(), writeTree(t, files), inventory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range decls {
		got = append(got, d.GoFile+" "+d.GoName)
	}
	want := []string{"a_test.go TestAlias", "b_test.go TestDot"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tests (-want +got):\n%s", diff)
	}
}

func TestScanCountsNoFeatureInTestFilesAndNoTestInOtherFiles(t *testing.T) {
	files := map[string]string{
		"p/p.go":      "package p\n\nimport \"testing\"\n\nfunc TestLooksLikeATest(t *testing.T) {}\n",
		"p/p_test.go": "package p\n\nimport \"testing\"\n\nfunc helper() {}\n\nfunc TestReal(t *testing.T) {}\n",
	}
	decls, err := inventory.Scan(context.Background(), writeTree(t, files), inventory.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []inventory.Decl{
		{Kind: port.Feature, GoFile: "p/p.go", GoName: "TestLooksLikeATest", GoLine: 5, GoLineCount: 1},
		{Kind: port.Test, GoFile: "p/p_test.go", GoName: "TestReal", GoLine: 7, GoLineCount: 1},
	}
	if diff := cmp.Diff(want, decls); diff != "" {
		t.Errorf("Scan (-want +got):\n%s", diff)
	}
}
