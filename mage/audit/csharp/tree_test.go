package csharp_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/audit/csharp"
)

// treeShape sizes a generated C# tree.
type treeShape struct {
	Classes        int // partial classes
	FilesPerClass  int // each class is spread over this many files
	MethodsPerFile int
}

// tree is a generated C# tree on disk.
type tree struct {
	Paths   []string
	Lines   int
	Bytes   int64
	Members int // members written, stubs included
	Stubs   int
	// Want holds what each member written must scan as, by "Type.Name":
	// its classification, and for tests the skip reason after a "|".
	Want map[string]string
}

// writeTree writes a NatsNet-shaped tree of realistic C# under dir: partial
// classes over several files, methods with real bodies (strings of every
// kind, comments, lambdas, local functions, nested blocks), properties,
// constructors, and one method in ten a stub.
func writeTree(tb testing.TB, dir string, shape treeShape) tree {
	tb.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	tr := tree{Want: make(map[string]string)}
	var b strings.Builder
	for c := range shape.Classes {
		class := fmt.Sprintf("Server%03d", c)
		for f := range shape.FilesPerClass {
			b.Reset()
			fmt.Fprintf(&b, "// Copyright 2026 The NATS Authors\n// Licensed under the Apache License, Version 2.0\n\n")
			b.WriteString("using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\n\n")
			b.WriteString("namespace ZB.MOM.NatsNet.Server;\n\n")
			fmt.Fprintf(&b, "/// <summary>Part %d of %s.</summary>\npublic sealed partial class %s\n{\n", f, class, class)
			if f == 0 {
				fmt.Fprintf(&b, "    private readonly object _mu = new();\n    private readonly Dictionary<string, int> _counts = new();\n")
				fmt.Fprintf(&b, "    public %s(string name) { Name = name ?? throw new ArgumentNullException(nameof(name)); }\n", class)
				b.WriteString("    public string Name { get; }\n    public int Count { get { lock (_mu) { return _counts.Count; } } }\n")
				tr.add(class, class, "implemented")
				tr.add(class, "Name", "implemented")
				tr.add(class, "Count", "implemented")
			}
			for m := range shape.MethodsPerFile {
				name := fmt.Sprintf("Op%d_%d", f, m)
				if r.IntN(10) == 0 {
					writeStub(&b, name, r)
					tr.add(class, name, "stub")
					tr.Stubs++
				} else {
					writeMethod(&b, name, r)
					tr.add(class, name, "implemented")
				}
			}
			b.WriteString("}\n")
			tr.write(tb, filepath.Join(dir, class, fmt.Sprintf("%s.Part%d.cs", class, f)), b.String())
		}
		b.Reset()
		tests := class + "Tests"
		fmt.Fprintf(&b, "using Xunit;\n\nnamespace ZB.MOM.NatsNet.Server.Tests;\n\npublic sealed class %s\n{\n", tests)
		for m := range shape.MethodsPerFile {
			name := fmt.Sprintf("Check%d", m)
			switch r.IntN(4) {
			case 0:
				fmt.Fprintf(&b, "    [Fact(Skip = \"deferred: needs a cluster\")]\n    public void %s() { }\n\n", name)
				tr.add(tests, name, "stub|deferred: needs a cluster")
			case 1:
				fmt.Fprintf(&b, "    [Theory]\n    [InlineData(\"a}\", 1)]\n    public void %s(string s, int n)\n    {\n        Assert.Equal(n, s.Length - 1);\n    }\n\n", name)
				tr.add(tests, name, "implemented|")
			default:
				fmt.Fprintf(&b, "    [Fact]\n    public void %s()\n    {\n        var s = new %s(\"t\");\n        Assert.Equal($\"{s.Name}\", \"t\");\n    }\n\n", name, class)
				tr.add(tests, name, "implemented|")
			}
		}
		b.WriteString("}\n")
		tr.write(tb, filepath.Join(dir, "Tests", tests+".cs"), b.String())
	}
	return tr
}

func (tr *tree) add(typeName, name, want string) {
	tr.Want[typeName+"."+name] = want
	tr.Members++
}

func (tr *tree) write(tb testing.TB, path, src string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		tb.Fatal(err)
	}
	tr.Paths = append(tr.Paths, path)
	tr.Lines += strings.Count(src, "\n")
	tr.Bytes += int64(len(src))
}

func TestGeneratedTreeIsScannedExactly(t *testing.T) {
	tr := writeTree(t, t.TempDir(), treeShape{Classes: 3, FilesPerClass: 4, MethodsPerFile: 40})
	files := csharp.ScanFiles(context.Background(), tr.Paths, csharp.Options{}, 2)
	found := 0
	for _, f := range files {
		if !f.OK() {
			t.Fatalf("%s: %v", f.Path, f.Err())
		}
		found += len(f.Members)
	}
	if found != tr.Members {
		t.Errorf("found %d members, wrote %d", found, tr.Members)
	}
	x := csharp.NewIndex(files)
	got := make(map[string]string)
	for key, want := range tr.Want {
		typeName, name, _ := strings.Cut(key, ".")
		l := x.Lookup(typeName, name)
		got[key] = l.Body.String()
		if strings.Contains(want, "|") {
			skip := ""
			if l.Best != nil {
				skip = l.Best.SkipReason
			}
			got[key] += "|" + skip
		}
	}
	if diff := cmp.Diff(tr.Want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func writeStub(b *strings.Builder, name string, r *rand.Rand) {
	switch r.IntN(3) {
	case 0:
		fmt.Fprintf(b, "\n    /// <summary>Not ported yet.</summary>\n    internal void %s(int timeout)\n    {\n        throw new NotImplementedException(\"%s\");\n    }\n", name, name)
	case 1:
		fmt.Fprintf(b, "\n    internal bool %s(string subject) => throw new NotImplementedException();\n", name)
	default:
		fmt.Fprintf(b, "\n    internal string? %s(ulong seq)\n    {\n        // TODO: port\n        return default;\n    }\n", name)
	}
}

// writeMethod writes a method of 20 to 60 lines built from typical statements.
func writeMethod(b *strings.Builder, name string, r *rand.Rand) {
	fmt.Fprintf(b, "\n    /// <summary>\n    /// Handles %s; mirrors the Go original.\n    /// </summary>\n", name)
	if r.IntN(4) == 0 {
		b.WriteString("    [MethodImpl(MethodImplOptions.AggressiveInlining)]\n")
	}
	fmt.Fprintf(b, "    public async Task<int> %s(string subject, IReadOnlyList<byte[]> payloads, CancellationToken ct = default)\n    {\n", name)
	for n := 3 + r.IntN(8); n > 0; n-- {
		b.WriteString(snippets[r.IntN(len(snippets))])
	}
	b.WriteString("        return payloads.Count;\n    }\n")
}

var snippets = []string{
	"        var total = 0;\n        foreach (var p in payloads)\n        {\n            total += p.Length; // count bytes {\n        }\n",
	"        if (string.IsNullOrEmpty(subject))\n        {\n            throw new ArgumentException($\"bad subject {subject} for {{literal}}\", nameof(subject));\n        }\n",
	"        var msg = $\"[{DateTime.UtcNow:O}] {subject,-20} {payloads.Count:N0} msgs\";\n        Console.WriteLine(msg);\n",
	"        const string Path = @\"C:\\nats\\\"\"data\"\"\\{store}\";\n        _ = Path.Length;\n",
	"        var json = \"\"\"\n            { \"type\": \"io.nats.server\", \"ok\": true }\n            \"\"\";\n        _ = json;\n",
	"        /* block comment with a brace } and a quote \" */\n        lock (_mu)\n        {\n            _counts[subject] = _counts.TryGetValue(subject, out var c) ? c + 1 : 1;\n        }\n",
	"        int Local(int x)\n        {\n            return x < 0 ? -x : x * 2;\n        }\n        _ = Local(payloads.Count);\n",
	"        var sorted = payloads.Where(p => p.Length > 0).Select(p => new { p.Length, First = p[0] }).ToList();\n        sorted.ForEach(x => { if (x.First == (byte)'{') { _ = x.Length; } });\n",
	"        var kind = subject switch\n        {\n            \"$SYS\" => 1,\n            \"_INBOX\" => 2,\n            _ => 0,\n        };\n        if (kind == '}') { return -1; }\n",
	"        await Task.Delay(1, ct).ConfigureAwait(false);\n        for (var i = 0; i < payloads.Count; i++)\n        {\n            if (payloads[i].Length == 0) continue;\n        }\n",
	"        try\n        {\n            ct.ThrowIfCancellationRequested();\n        }\n        catch (OperationCanceledException ex) when (ex.CancellationToken == ct)\n        {\n            Console.Error.WriteLine($\"cancelled: {ex.Message}\");\n            throw;\n        }\n",
}
