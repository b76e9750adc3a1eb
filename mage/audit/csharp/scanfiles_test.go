package csharp_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/audit/csharp"
)

func TestScanFilesKeepsOrderAndGoesOnPastBadFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	big := filepath.Join(dir, "Big.cs")
	fh, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := fh.Truncate(50 << 20); err != nil { // sparse: instant to make
		t.Fatal(err)
	}
	fh.Close()
	paths := []string{
		write("A.cs", "class A { void One() { } }"),
		filepath.Join(dir, "Missing.cs"),
		big,
		dir, // a directory cannot be read as a file
		write("Latin1.cs", "class L { void Caf\xe9() { } }"),
		write("B.cs", "class B { void Two() { } void Three() => 3; }"),
	}
	files := csharp.ScanFiles(context.Background(), paths, csharp.Options{}, 2)

	type result struct {
		Path    string
		Members int
		Error   string
	}
	var got []result
	for _, f := range files {
		r := result{Path: filepath.Base(f.Path), Members: len(f.Members)}
		if !f.OK() {
			r.Error = strings.ReplaceAll(f.Errors[0].Error(), dir, "DIR")
		}
		got = append(got, r)
	}
	want := []result{
		{"A.cs", 1, ""},
		{"Missing.cs", 0, "DIR/Missing.cs: reading: open DIR/Missing.cs: no such file or directory"},
		{"Big.cs", 0, "DIR/Big.cs: not scanned: 52428800 bytes, over the limit of 16777216"},
		{filepath.Base(dir), 0, "DIR: reading: read DIR: is a directory"},
		{"Latin1.cs", 1, "DIR/Latin1.cs:1:19: invalid UTF-8"},
		{"B.cs", 2, ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, i := range []int{1, 2, 3} {
		if !files[i].Incomplete {
			t.Errorf("%s: Incomplete is not set", files[i].Path)
		}
	}
}

func TestScanFilesStartsNothingOnceCancelled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "A.cs")
	if err := os.WriteFile(path, []byte("class A { void One() { } }"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, f := range csharp.ScanFiles(ctx, []string{path, path}, csharp.Options{}, 1) {
		if f.OK() || len(f.Members) > 0 || f.Errors[0].Msg != "not scanned: context canceled" {
			t.Errorf("%s: got %d members and errors %v, want only the cancellation", f.Path, len(f.Members), f.Err())
		}
	}
}
