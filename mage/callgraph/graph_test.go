package callgraph_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/callgraph"
)

func TestBuildFindsCallsThroughReceiversClosuresAndUnresolvedNames(t *testing.T) {
	root := writeTree(t, fixture)
	g, err := callgraph.Build(context.Background(), root)
	if err != nil {
		t.Fatal(err)
	}
	key := func(file, recv, name string) callgraph.Key {
		return callgraph.Key{File: file, Receiver: recv, Name: name}
	}
	call := func(callee callgraph.Key, line, name string, how callgraph.How) callgraph.Call {
		return callgraph.Call{Callee: callee, Pos: at(t, fixture, "bus.go", line, name), How: how}
	}
	start, loop, flush := key("bus.go", "Server", "start"), key("bus.go", "Server", "loop"), key("bus.go", "client", "flush")
	want := map[callgraph.Key][]callgraph.Call{
		key("bus.go", "", "New"): {
			call(start, "s.start() // through", "start", callgraph.ByType),
			// both build-tag variants, at the one call site
			{Callee: key("avail_linux.go", "", "diskAvail"), Pos: at(t, fixture, "bus.go", "diskAvail()", "diskAvail")},
			{Callee: key("avail_windows.go", "", "diskAvail"), Pos: at(t, fixture, "bus.go", "diskAvail()", "diskAvail")},
			call(key("bus.go", "", "Map"), "Map[int](1)", "Map", callgraph.ByType),
			{Callee: key("bus.go", "", "Map"), Pos: callgraph.Pos{File: "bus.go", Line: at(t, fixture, "bus.go", "Map[int](1)", "Map").Line, Col: at(t, fixture, "bus.go", "Map[int](1)", "Map(2)").Col}},
		},
		start: {
			call(loop, "go s.loop()", "loop", callgraph.ByType),
			call(flush, "s.c.flush()", "flush", callgraph.ByType),
			{Callee: key("sub/sub.go", "", "Helper"), Pos: at(t, fixture, "bus.go", "sub.Helper()", "Helper")},
		},
		loop:  {call(key("bus.go", "", "recurse"), "func (s *Server) loop()", "recurse", callgraph.ByType)},
		flush: {call(start, "func (c *client) flush()", "start", callgraph.ByType)},
		key("bus.go", "", "lookup"): {
			call(flush, "x.flush()", "flush", callgraph.ByName),
		},
		key("sub/sub.go", "", "Helper"): {{Callee: key("sub/sub.go", "", "count"), Pos: at(t, fixture, "sub/sub.go", "func Helper()", "count()")}},
	}
	got := map[callgraph.Key][]callgraph.Call{}
	for _, n := range g.Nodes {
		if len(n.Calls) > 0 {
			got[n.Key] = n.Calls
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	if _, ok := g.Node(key("bus_test.go", "", "helperInATest")); ok {
		t.Errorf("a test file's function is in the graph")
	}
	if len(g.Skipped) != 0 {
		t.Errorf("skipped files: %v", g.Skipped)
	}
}

func TestBuildRecordsTheTreeTypesAFunctionUsesButNotItsReceiver(t *testing.T) {
	g, err := callgraph.Build(context.Background(), writeTree(t, fixture))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, n := range g.Nodes {
		if len(n.Types) > 0 {
			got[n.File+" "+n.Key.String()] = n.Types
		}
	}
	want := map[string][]string{
		"bus.go New":        {"Options", "Server"},
		"sub/sub.go Helper": {"Stats"},
		"sub/sub.go count":  {"Stats"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("types (-want +got):\n%s", diff)
	}
}

func TestBuildSkipsAFileThatDoesNotParseAndKeepsTheRest(t *testing.T) {
	files := map[string]string{
		"a.go":      "package p\n\nfunc A() { B() }\n\nfunc B() {}\n",
		"broken.go": "package p\n\nfunc C( {\n",
	}
	g, err := callgraph.Build(context.Background(), writeTree(t, files))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Skipped) != 1 || !strings.HasPrefix(g.Skipped[0], "broken.go: ") {
		t.Errorf("skipped %q, want broken.go", g.Skipped)
	}
	n, ok := g.Node(callgraph.Key{File: "a.go", Name: "A"})
	if !ok || len(n.Calls) != 1 || n.Calls[0].Callee.Name != "B" {
		t.Errorf("A = %+v, want one call to B", n)
	}
}
