// Package cstree writes a NatsNet-shaped C# tree for an inventory, for the
// audit's tests and benchmarks: partial classes spread over one file per Go
// file, implemented members with realistic bodies (strings with braces,
// comments, lambdas, local functions), stubs that throw
// NotImplementedException, and xunit tests with [Fact] and Skip.
package cstree

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"portwave/mage/port"
)

// Shape says how each item appears in the tree.
type Shape int

// The shapes an item can take.
const (
	Absent      Shape = iota // no member at all
	Implemented              // a real body
	Stubbed                  // throws NotImplementedException
	Renamed                  // implemented under a name the mapping does not point at
	Skipped                  // a test with Skip = "..."
)

// Options tunes the tree.
type Options struct {
	// Shape decides each item's shape; nil uses ShapeFromStatus.
	Shape func(port.Item) Shape
	// BodyLines is the rough length of an implemented body; 0 means 6.
	BodyLines int
	// Target maps an item to its class and member; nil uses the mapping columns.
	Target func(port.Item) (string, string)
	// Topics lays the tree out as a port grown by hand is: a folder per
	// topic (the Go file's name: server/monitor.go -> Monitor/), each
	// class in its home file <Class>.cs in the folder of the Go file that
	// holds most of its members, and the members from other Go files in
	// partial files <Class>.<Part>.cs in those files' folders. Without it,
	// every class of the source project is in one folder, a file per Go
	// file (<Class>.<Part>.cs).
	Topics bool
	// Whole puts each class in one file <Class>.cs in the source project's
	// folder, the layout of a port that keeps a class together: parallel
	// batches whose features share a class then change the same file.
	Whole bool
}

// ShapeFromStatus is the tree the fixture's statuses describe: verified
// items implemented, deferred and stub items stubbed (deferred tests
// skipped), complete items implemented under another name, n/a absent.
func ShapeFromStatus(it port.Item) Shape {
	switch it.Status {
	case port.Verified:
		return Implemented
	case port.Deferred:
		if it.Kind == port.Test {
			return Skipped
		}
		return Stubbed
	case port.Stub, port.Unknown:
		return Stubbed
	case port.Complete:
		return Renamed
	}
	return Absent
}

// Stats says what was written.
type Stats struct {
	Files, Lines, Members int
}

// Write generates the tree for items under root.
func Write(root string, items []port.Item, opt Options) (Stats, error) {
	if opt.Shape == nil {
		opt.Shape = ShapeFromStatus
	}
	if opt.BodyLines <= 0 {
		opt.BodyLines = 6
	}
	if opt.Target == nil {
		opt.Target = func(it port.Item) (string, string) { return it.DotnetClass, it.DotnetMember }
	}
	type fileKey struct{ dir, class, part string }
	files := map[fileKey]*strings.Builder{}
	home := homes(items, opt)
	overload := map[string]int{}
	var st Stats
	for _, it := range items {
		shape := opt.Shape(it)
		if shape == Absent {
			continue
		}
		class, member := opt.Target(it)
		dir := "src/ZB.MOM.NatsNet.Server"
		if it.Kind == port.Test {
			dir = "tests/ZB.MOM.NatsNet.Server.Tests"
		}
		k := fileKey{dir, class, part(it.GoFile)}
		switch {
		case opt.Whole:
			k.part = ""
		case opt.Topics:
			k.dir = path.Join(dir, topic(it.GoFile))
			if home[homeKey{it.Kind, class}] == it.GoFile {
				k.part = ""
			}
		}
		b, ok := files[k]
		if !ok {
			b = &strings.Builder{}
			files[k] = b
		}
		if shape == Renamed {
			member += "Core"
		}
		n := overload[class+"."+member]
		overload[class+"."+member]++
		writeMember(b, it, member, shape, n, opt.BodyLines)
		st.Members++
	}
	keys := make([]fileKey, 0, len(files))
	for k := range files {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		return a.dir+a.class+a.part < b.dir+b.class+b.part
	})
	for _, k := range keys {
		name := k.class + "." + k.part + ".cs"
		if k.part == "" {
			name = k.class + ".cs"
		}
		path := filepath.Join(root, k.dir, name)
		text := header(k.class, k.dir) + files[k].String() + "}\n"
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return st, err
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			return st, err
		}
		st.Files++
		st.Lines += strings.Count(text, "\n")
	}
	return st, nil
}

type homeKey struct {
	kind  port.Kind
	class string
}

// homes is, for each class, the Go file most of its items come from (the
// first in path order among equals): the file of its home file under
// Topics.
func homes(items []port.Item, opt Options) map[homeKey]string {
	count := map[homeKey]map[string]int{}
	for _, it := range items {
		if opt.Shape(it) == Absent {
			continue
		}
		class, _ := opt.Target(it)
		k := homeKey{it.Kind, class}
		if count[k] == nil {
			count[k] = map[string]int{}
		}
		count[k][it.GoFile]++
	}
	out := map[homeKey]string{}
	for k, files := range count {
		best := ""
		for f, n := range files {
			if best == "" || n > files[best] || (n == files[best] && f < best) {
				best = f
			}
		}
		out[k] = best
	}
	return out
}

// topic is the folder of a Go file's members under Topics: its name
// without _test and the build-tag suffixes, in the case of a C# folder
// (server/monitor.go and server/monitor_test.go -> Monitor).
func topic(goFile string) string {
	base := strings.TrimSuffix(filepath.Base(goFile), ".go")
	base = strings.TrimSuffix(base, "_test")
	if i := strings.IndexByte(base, '_'); i > 0 {
		base = base[:i]
	}
	if base == "" {
		return "Misc"
	}
	return strings.ToUpper(base[:1]) + base[1:]
}

// part names the partial file of a class after the Go file its members
// come from: server/monitor.go -> Monitor.
func part(goFile string) string {
	base := strings.TrimSuffix(filepath.Base(goFile), ".go")
	var b strings.Builder
	for _, w := range strings.Split(base, "_") {
		if w != "" {
			b.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
	}
	return b.String()
}

func header(class, dir string) string {
	ns := "ZB.MOM.NatsNet.Server"
	using := "using System;\nusing System.Collections.Generic;\nusing System.Linq;\n"
	if strings.HasPrefix(dir, "tests") {
		ns += ".Tests"
		using += "using Xunit;\n"
	}
	return fmt.Sprintf("// <auto-generated> NatsNet-shaped tree for portwave's audit tests </auto-generated>\n%s\nnamespace %s;\n\n"+
		"/// <summary>Port of the Go code mapped to %s.</summary>\n#pragma warning disable CS0168\npublic sealed partial class %s\n{\n", using, ns, class, class)
}

// writeMember writes one member; n > 0 adds parameters so overloads differ.
func writeMember(b *strings.Builder, it port.Item, name string, shape Shape, n, bodyLines int) {
	params := make([]string, n)
	for i := range params {
		params[i] = fmt.Sprintf("int p%d", i)
	}
	sig := strings.Join(params, ", ")
	fmt.Fprintf(b, "    /// <summary>Go: %s:%d %s (item %d).</summary>\n", it.GoFile, it.GoLine, it.GoQualifiedName(), it.ID)
	switch {
	case it.Kind == port.Test && shape == Skipped:
		fmt.Fprintf(b, "    [Fact(Skip = \"deferred: needs a running cluster {integration}\")]\n    public void %s(%s)\n    {\n        Assert.True(true);\n    }\n\n", name, sig)
	case it.Kind == port.Test && shape == Stubbed:
		fmt.Fprintf(b, "    [Fact]\n    public void %s(%s)\n    {\n        throw new NotImplementedException();\n    }\n\n", name, sig)
	case it.Kind == port.Test:
		fmt.Fprintf(b, "    [Fact]\n    public void %s(%s)\n    {\n%s    }\n\n", name, sig, body(it, bodyLines))
	case shape == Stubbed && it.ID%5 == 0:
		fmt.Fprintf(b, "    internal object %s(%s) => throw new NotImplementedException(\"port %s\");\n\n", name, sig, it.GoName)
	case shape == Stubbed:
		fmt.Fprintf(b, "    internal object %s(%s)\n    {\n        // TODO: port %s\n        throw new NotImplementedException();\n    }\n\n", name, sig, it.GoName)
	case it.ID%23 == 0 && n == 0:
		fmt.Fprintf(b, "    public string %s => $\"{nameof(%s)}: {{ {_state.Count} }}\";\n\n", name, name)
	case it.ID%7 == 0:
		fmt.Fprintf(b, "    internal static IEnumerable<T> %s<T>(%s) where T : class, new()\n    {\n%s        yield break;\n    }\n\n", name, sig, body(it, bodyLines))
	default:
		fmt.Fprintf(b, "    internal object %s(%s)\n    {\n%s        return _state;\n    }\n\n", name, sig, body(it, bodyLines))
	}
}

// body is a plausible method body with the constructs that trip naive
// scanners: braces in strings and comments, verbatim and interpolated
// strings, char literals, lambdas and a local function.
func body(it port.Item, lines int) string {
	var b strings.Builder
	templates := []string{
		"        var name = \"%s {not a brace\"; // } in a comment\n",
		"        var path = @\"C:\\dir\\\"\"%s\"\"\";\n",
		"        var msg = $\"{name}: {(path.Length > 0 ? \"}\" : \"{\")} %s\";\n",
		"        var brace = '{'; var close = '}';\n",
		"        Func<int, int> twice = x => { return x * 2; }; // lambda %s\n",
		"        /* block { comment */ _state[\"%s\"] = twice(3);\n",
		"        if (_state.Count > 1) { _state.Remove(\"%s\"); }\n",
		"        int Local(int v) => v + 1; _ = Local(%d);\n",
	}
	for i := 0; i < lines; i++ {
		t := templates[(i+it.ID)%len(templates)]
		switch {
		case strings.Contains(t, "%d"):
			fmt.Fprintf(&b, t, i)
		case strings.Contains(t, "%s"):
			fmt.Fprintf(&b, t, it.GoName)
		default:
			b.WriteString(t)
		}
	}
	return b.String()
}
