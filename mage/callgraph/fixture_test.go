package callgraph_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portwave/mage/callgraph"
)

// fixture is a small module whose calls are known: through variables,
// receivers, fields, closures and method values, into another package of
// the tree, into build-tag variants, into a generic function, and calls the
// type checker cannot resolve because an import is not downloaded.
var fixture = map[string]string{
	"go.mod": "module example.com/bus\n\ngo 1.22\n",
	"bus.go": `package bus

import (
	"strings"

	"example.com/bus/sub"
	"github.com/not/downloaded"
)

type Options struct{ Name string }

type Server struct {
	c    *client
	opts Options
}

type client struct{ srv *Server }

func New(o Options) *Server {
	s := &Server{opts: o}
	s.start() // through a variable
	_ = diskAvail()
	_ = Map[int](1) + Map(2)
	return s
}

func (s *Server) start() {
	go s.loop() // a method value started as a goroutine
	f := func() { s.c.flush() } // a closure, through a field
	f()
	sub.Helper() // another package of the tree
	_ = strings.ToUpper("not tracked")
}

func (s *Server) loop() { recurse() }

func (c *client) flush() { c.srv.start() }

func lookup() {
	x := downloaded.Make()
	x.flush()     // unresolved: the only method of that name
	x.ambiguous() // unresolved and ambiguous: left out
	downloaded.Other()
}

func (s *Server) ambiguous() {}

func (c *client) ambiguous() {}

func recurse() { recurse() }

func Map[T any](x T) T { return x }
`,
	"avail_linux.go": `package bus

func diskAvail() int64 { return 1 }
`,
	"avail_windows.go": `package bus

func diskAvail() int64 { return 2 }
`,
	"bus_test.go": `package bus

func helperInATest() { recurse() }
`,
	"sub/sub.go": `package sub

type Stats struct{ N int }

func Helper() Stats { return count() }

func count() Stats { return Stats{} }
`,
}

func writeTree(t testing.TB, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for rel, src := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// at is the position of name on the first line of file holding line.
func at(t testing.TB, files map[string]string, file, line, name string) callgraph.Pos {
	t.Helper()
	for i, l := range strings.Split(files[file], "\n") {
		if strings.Contains(l, line) {
			col := strings.Index(l, name)
			if col < 0 {
				t.Fatalf("%q is not on the line %q", name, l)
			}
			return callgraph.Pos{File: file, Line: i + 1, Col: col + 1}
		}
	}
	t.Fatalf("no line of %s holds %q", file, line)
	return callgraph.Pos{}
}
