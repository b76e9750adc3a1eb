package csharp_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/audit/csharp"
)

// classified scans decl as the only member of a class and returns its
// classification and reason.
func classified(t *testing.T, decl string, opt csharp.Options) (csharp.BodyKind, string) {
	t.Helper()
	f := csharp.Scan("c.cs", []byte("class C\n{\n"+decl+"\n}\n"), opt)
	if !f.OK() || len(f.Members) != 1 {
		t.Fatalf("scan of %q: want one member and no error, got %d members, errors %v", decl, len(f.Members), f.Err())
	}
	return f.Members[0].Body, f.Members[0].Reason
}

type classCase struct {
	name   string
	decl   string
	body   csharp.BodyKind
	reason string
}

func runClassCases(t *testing.T, cases []classCase, opt csharp.Options) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body, reason := classified(t, c.decl, opt)
			if diff := cmp.Diff(c.body.String()+" "+c.reason, body.String()+" "+reason); diff != "" {
				t.Errorf("%s (-want +got):\n%s", c.decl, diff)
			}
		})
	}
}

func TestClassifyTellsStubsFromImplementations(t *testing.T) {
	const throws = "throws NotImplementedException"
	runClassCases(t, []classCase{
		{"a throw of NotImplementedException is a stub", "void M() { throw new NotImplementedException(); }", csharp.Stub, throws},
		{"a trailing comment after the throw changes nothing", "void M() { throw new NotImplementedException(); // comment\n}", csharp.Stub, throws},
		{"a comment before the throw changes nothing", "void M() {\n/* later */ throw new NotImplementedException(); }", csharp.Stub, throws},
		{"a message argument changes nothing", `void M() { throw new NotImplementedException("see " + nameof(M) + $"{1}"); }`, csharp.Stub, throws},
		{"the System qualifier is allowed", "void M() { throw new System.NotImplementedException(); }", csharp.Stub, throws},
		{"the global qualifier is allowed", "void M() { throw new global::System.NotImplementedException(); }", csharp.Stub, throws},
		{"an expression-bodied throw is a stub", "int M() => throw new NotImplementedException();", csharp.Stub, throws},
		{"a throw followed by return default is a stub", "int M() { throw new NotImplementedException(); return default; }", csharp.Stub, throws},
		{"a throw followed by return default(T) is a stub", "T M<T>() { throw new NotImplementedException(); return default(T); }", csharp.Stub, throws},
		{"an empty body is a stub", "void M() { }", csharp.Stub, "empty body"},
		{"a body of comments is a stub", "void M() { /* nothing */ // at all\n }", csharp.Stub, "only comments"},
		{"the marker comment is a stub", "void M() {\n// TODO: port\n}", csharp.Stub, "marker comment"},
		{"the marker in a block comment is a stub", "void M() { /* TODO: port from server.go */ }", csharp.Stub, "marker comment"},
		{"the marker then return default is a stub", "int M() {\n// TODO: port\nreturn default;\n}", csharp.Stub, "marker comment"},
		{"return default alone is a stub", "int M() { return default; }", csharp.Stub, "only returns default"},
		{"return default! alone is a stub", "string M() { return default!; }", csharp.Stub, "only returns default"},
		{"an expression body of default is a stub", "int M() => default;", csharp.Stub, "only returns default"},
		{"the marker then return null is a stub", "string M() {\n// TODO: port\nreturn null;\n}", csharp.Stub, "marker comment"},
		{"the marker then return false is a stub", "bool M() { return false; /* TODO: port */ }", csharp.Stub, "marker comment"},
		{"the marker then return -1 is a stub", "int M() { return -1; // TODO: port\n}", csharp.Stub, "marker comment"},
		{"the marker then string.Empty is a stub", "string M() { return string.Empty; // TODO: port\n}", csharp.Stub, "marker comment"},

		{"a throw of another exception is implemented", "void M() { throw new NotSupportedException(); }", csharp.Implemented, ""},
		{"a throw of a subclass is implemented", "void M() { throw new NotImplementedYetException(); }", csharp.Implemented, ""},
		{"a statement before the throw is implemented", "void M() { Log(); throw new NotImplementedException(); }", csharp.Implemented, ""},
		{"a statement after the throw is implemented", "void M() { throw new NotImplementedException(); Log(); }", csharp.Implemented, ""},
		{"a conditional throw is implemented", "void M(bool b) { if (b) throw new NotImplementedException(); }", csharp.Implemented, ""},
		{"a throw inside a block is implemented", "void M() { { throw new NotImplementedException(); } }", csharp.Implemented, ""},
		{"a throw without its semicolon is implemented", "void M() { throw new NotImplementedException() }", csharp.Implemented, ""},
		{"a rethrow is implemented", "void M() { throw; }", csharp.Implemented, ""},
		{"return null without the marker is implemented", "string M() { return null; }", csharp.Implemented, ""},
		{"return false without the marker is implemented", "bool M() { return false; }", csharp.Implemented, ""},
		{"return of a value after default is implemented", "int M() { return default + 1; }", csharp.Implemented, ""},
		{"the marker beside real code is implemented", "int M() {\n// TODO: port the rest\nreturn Compute();\n}", csharp.Implemented, ""},
		{"an expression body of a literal is implemented", "int M() => 0;", csharp.Implemented, ""},
		{"an expression throw of another exception is implemented", "int M() => throw new InvalidOperationException();", csharp.Implemented, ""},
		{"an expression throw inside a conditional is implemented", "int M(int x) => x > 0 ? x : throw new NotImplementedException();", csharp.Implemented, ""},
		{"a throw in a lambda is implemented", "Action M() => () => throw new NotImplementedException();", csharp.Implemented, ""},

		{"a property whose accessors all throw is a stub", "int P { get { throw new NotImplementedException(); } set => throw new NotImplementedException(); }", csharp.Stub, throws},
		{"a property with one real accessor is implemented", "int P { get => 1; set => throw new NotImplementedException(); }", csharp.Implemented, ""},
		{"an automatic property is implemented", "int P { get; set; }", csharp.Implemented, "automatic accessors"},
		{"an expression-bodied property that throws is a stub", "int P => throw new NotImplementedException();", csharp.Stub, throws},
		{"an indexer whose getter throws is a stub", "int this[int i] { get => throw new NotImplementedException(); }", csharp.Stub, throws},
		{"an abstract method has no body", "public abstract void M();", csharp.NoBody, "abstract"},
		{"an extern method has no body", "static extern int M();", csharp.NoBody, "extern"},
		{"a partial declaration has no body", "partial void M();", csharp.NoBody, "partial declaration"},
	}, csharp.Options{})
}

func TestClassifyUsesTheConfiguredMarker(t *testing.T) {
	opt := csharp.Options{StubMarker: "// PORT-ME"}
	runClassCases(t, []classCase{
		{"the configured marker makes a stub", "string M() {\n// PORT-ME\nreturn null;\n}", csharp.Stub, "marker comment"},
		{"the configured marker needs no comment delimiters", "string M() { /* PORT-ME */ return \"\"; }", csharp.Stub, "marker comment"},
		{"the default marker no longer counts", "string M() {\n// TODO: port\nreturn null;\n}", csharp.Implemented, ""},
		{"a body of the default marker is still only comments", "void M() {\n// TODO: port\n}", csharp.Stub, "only comments"},
	}, opt)
}
