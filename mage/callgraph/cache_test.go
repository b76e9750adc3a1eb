package callgraph_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"portwave/mage/callgraph"
)

func TestLoadReusesTheCacheUntilAGoFileChanges(t *testing.T) {
	ctx := context.Background()
	root, cache := writeTree(t, fixture), t.TempDir()
	first, err := callgraph.Load(ctx, root, cache)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(first.Cache, "built: no cache yet; cached in ") {
		t.Errorf("first load: %s", first.Cache)
	}
	second, err := callgraph.Load(ctx, root, cache)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(second.Cache, "from cache ") {
		t.Errorf("second load: %s", second.Cache)
	}
	if diff := cmp.Diff(first.Nodes, second.Nodes, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("the cached graph differs (-built +cached):\n%s", diff)
	}

	// A changed body is a changed graph.
	src := strings.Replace(fixture["sub/sub.go"], "return count()", "return Stats{}", 1)
	if err := os.WriteFile(filepath.Join(root, "sub", "sub.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	third, err := callgraph.Load(ctx, root, cache)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(third.Cache, "built: Go files changed") {
		t.Errorf("after an edit: %s", third.Cache)
	}
	n, _ := third.Node(callgraph.Key{File: "sub/sub.go", Name: "Helper"})
	if n == nil || len(n.Calls) != 0 {
		t.Errorf("Helper after the edit: %+v, want no calls", n)
	}

	// A corrupt cache is rebuilt, not trusted.
	if err := os.WriteFile(filepath.Join(cache, callgraph.CacheFile), []byte("not gob"), 0o644); err != nil {
		t.Fatal(err)
	}
	fourth, err := callgraph.Load(ctx, root, cache)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(fourth.Cache, "built: cache unreadable") {
		t.Errorf("after corruption: %s", fourth.Cache)
	}
	if diff := cmp.Diff(third.Nodes, fourth.Nodes, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("the rebuilt graph differs (-before +after):\n%s", diff)
	}
}
