package csharp_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/audit/csharp"
)

func TestIndexFoldsPartialClassesAndOverloads(t *testing.T) {
	files := csharp.ScanFiles(context.Background(), []string{"testdata/partial_a.cs", "testdata/partial_b.cs"}, csharp.Options{}, 2)
	x := csharp.NewIndex(files)
	cases := []struct {
		typeName, name string
		want           string // body, where the answer comes from, matches
	}{
		{"Account", "Register", "implemented testdata/partial_a.cs:5 (1 found)"},
		{"Account", "Name", "implemented testdata/partial_b.cs:5 (1 found)"},
		{"Account", "Export", "stub testdata/partial_a.cs:7 (1 found)"},
		{"Account", "Import", "stub testdata/partial_b.cs:7 (1 found)"},
		{"Account", "Overloaded", "implemented testdata/partial_b.cs:9 (2 found)"},
		{"Account", "OnChanged", "implemented testdata/partial_b.cs:11 (2 found)"},
		{"Account", "Close", "missing (0 found)"},
		{"Accounts", "Register", "missing (0 found)"},
		{"Partials.Account", "Export", "stub testdata/partial_a.cs:7 (1 found)"},
		{"Other.Account", "Export", "missing (0 found)"},
	}
	for _, c := range cases {
		t.Run(c.typeName+"."+c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, describe(x.Lookup(c.typeName, c.name))); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestIndexNeverTakesAnImplementationFromAFailedFile(t *testing.T) {
	good := csharp.Scan("Good.cs", []byte("class Server {\n  void Start() => throw new NotImplementedException();\n}\n"), csharp.Options{})
	bad := csharp.Scan("Bad.cs", []byte("partial class Server {\n  void Start() { Run(); }\n  string S() => \"open;\n}\n"), csharp.Options{})
	other := csharp.Scan("Other.cs", []byte("class Client { void Start() { Run(); } }\n"), csharp.Options{})
	if bad.OK() {
		t.Fatal("the bad file scanned cleanly")
	}
	x := csharp.NewIndex([]*csharp.File{good, bad, other})
	l := x.Lookup("Server", "Start")
	if got := describe(l); got != "stub Good.cs:2 (2 found)" || !l.Doubt {
		t.Errorf("Server.Start: got %s, doubt %v; want the stub from Good.cs:2, of 2 found, in doubt", got, l.Doubt)
	}
	if l := x.Lookup("Client", "Start"); l.Body != csharp.Implemented || l.Doubt {
		t.Errorf("Client.Start: got %v, doubt %v; want implemented without doubt", l.Body, l.Doubt)
	}
	if diff := cmp.Diff([]*csharp.File{bad}, x.Failed()); diff != "" {
		t.Errorf("Failed (-want +got):\n%s", diff)
	}
}

func TestIndexDoubtsEveryTypeWhenAFileWasNotScanned(t *testing.T) {
	good := csharp.Scan("Good.cs", []byte("class Client { void Start() { } }\n"), csharp.Options{})
	unreadable := &csharp.File{Path: "Gone.cs", Incomplete: true, Errors: []csharp.Error{{File: "Gone.cs", Msg: "reading: permission denied"}}}
	if l := csharp.NewIndex([]*csharp.File{good, unreadable}).Lookup("Client", "Start"); !l.Doubt {
		t.Errorf("Client.Start is not in doubt although Gone.cs may declare Client")
	}
}

func describe(l csharp.Lookup) string {
	if l.Best == nil {
		return fmt.Sprintf("%s (%d found)", l.Body, len(l.Members))
	}
	return fmt.Sprintf("%s %s:%d (%d found)", l.Body, l.Best.File, l.Best.Line, len(l.Members))
}
