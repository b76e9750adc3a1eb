package csharp_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/audit/csharp"
)

// memberNames scans src and returns "Type.Name" for every member found,
// failing the test on any scan error.
func memberNames(t *testing.T, src string) []string {
	t.Helper()
	f := csharp.Scan("t.cs", []byte(src), csharp.Options{})
	if !f.OK() {
		t.Fatalf("scan errors: %v\n%s", f.Err(), src)
	}
	var names []string
	for _, m := range f.Members {
		names = append(names, m.TypeName+"."+m.Name)
	}
	return names
}

func TestScanLexesLiteralsThatHideBraces(t *testing.T) {
	cases := []struct{ name, literal string }{
		{"a string holding braces", `"{ } }}"`},
		{"a string with escaped quotes", `"\"}\\\"{"`},
		{"a string ending in an escaped backslash", `"\\"`},
		{"a verbatim string ending in a backslash", `@"C:\dir\"`},
		{"a verbatim string with doubled quotes", `@"say ""}"" twice"`},
		{"a verbatim string over lines", "@\"line one }\nline two {\""},
		{"an interpolated string with escaped braces", `$"{{ }} {1}"`},
		{"an interpolated string with a nested string", `$"{("}")}"`},
		{"an interpolated string with a nested interpolation", `$"{$"{$"{1}"}"}"`},
		{"an interpolated string with a format", `$"{1:N2} {2,5:X} {3:}}"`},
		{"an interpolated string with a char in a hole", `$"{'}'}"`},
		{"an interpolated string with a lambda block in a hole", `$"{((Func<int>)(() => { return 1; }))()}"`},
		{"an interpolated string with a global alias in a hole", `$"{global::System.Math.PI}"`},
		{"an interpolated verbatim string", "$@\"{1}\"\"}\"\"\n\""},
		{"a verbatim interpolated string", `@$"{1}\"`},
		{"a raw string", "\"\"\"\n  \"\" } \"\n  \"\"\""},
		{"a raw string of four quotes", `"""" """ { """"`},
		{"an interpolated raw string", `$"""{1} " }"""`},
		{"a double-dollar raw string with single braces", `$$"""{ "a": {{1}} }"""`},
		{"a triple-dollar raw string", `$$$"""{{ {{{1}}} }}"""`},
		{"an empty string", `""`},
		{"an empty verbatim string", `@""`},
		{"an empty interpolated string", `$""`},
		{"a char of an open brace", `'{'`},
		{"a char of a close brace", `'}'`},
		{"a char of an escaped quote", `'\''`},
		{"a char of a double quote", `'"'`},
		{"a char of a unicode escape", `'\u007D'`},
		{"a char of a non-ASCII letter", `'é'`},
		{"a string holding comment openers", `"/* // */"`},
		{"a string holding a directive", "@\"\n#if X\n{\n\""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, shape := range []string{
				"class C {\n  object M() => %s;\n  void After() { }\n}\n",
				"class C {\n  object M() { var x = %s; return x; }\n  void After() { }\n}\n",
				"class C {\n  object F = %s;\n  object M() => F;\n  void After() { }\n}\n",
			} {
				src := strings.Replace(shape, "%s", c.literal, 1)
				if diff := cmp.Diff([]string{"C.M", "C.After"}, memberNames(t, src)); diff != "" {
					t.Errorf("members of\n%s\n(-want +got):\n%s", src, diff)
				}
			}
		})
	}
}

func TestScanReadsPreprocessorLines(t *testing.T) {
	cases := []struct{ name, src string }{
		{"a directive after a byte order mark", "\uFEFF#if !X\nclass C { void M() { } }\n#endif\nclass D { void After() { } }"},
		{"an indented directive", "class C {\n    #region braces { {\n    void M() { }\n    #endregion\n}\nclass D { void After() { } }"},
		{"a hash that is not at the start of a line", "class C {\n  void M() { var s = 1; /* # */ }\n}\nclass D { void After() { } }"},
		{"branches opening different bodies", "class C {\n#if A\n  void M() {\n#else\n  void M(int x) {\n#endif\n  }\n}\nclass D { void After() { } }"},
		{"branches opening different types", "#if A\nclass C : I {\n#else\nclass C {\n#endif\n  void M() { }\n}\nclass D { void After() { } }"},
		{"a directive with a brace in its comment", "class C {\n#pragma warning disable X // {\n  void M() { }\n}\nclass D { void After() { } }"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			names := memberNames(t, c.src)
			if diff := cmp.Diff([]string{"C.M", "D.After"}, names); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestScanNamesMembersOfEveryKind(t *testing.T) {
	src := `namespace N.M;
class Box<T> where T : class, new()
{
    public Box() { }
    static Box() { }
    ~Box() { }
    public T this[int i] => default!;
    public static Box<T> operator +(Box<T> a, Box<T> b) => a;
    public static explicit operator T(Box<T> b) => default!;
    public void Generic<U>(U u) where U : struct { }
    void System.IDisposable.Dispose() { }
    public event System.EventHandler Changed { add { } remove { } }
    class Inner { int Get() => 1; }
}`
	f := csharp.Scan("t.cs", []byte(src), csharp.Options{})
	var got []string
	for _, m := range f.Members {
		got = append(got, string(m.Kind)+" "+m.Type+" "+m.TypeName+" "+m.Name)
	}
	want := []string{
		"constructor N.M.Box Box Box",
		"static constructor N.M.Box Box Box",
		"finalizer N.M.Box Box ~Box",
		"indexer N.M.Box Box this[]",
		"operator N.M.Box Box op_Addition",
		"operator N.M.Box Box op_Explicit",
		"method N.M.Box Box Generic",
		"method N.M.Box Box Dispose",
		"event N.M.Box Box Changed",
		"method N.M.Box.Inner Inner Get",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
