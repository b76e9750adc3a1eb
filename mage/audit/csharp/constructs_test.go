package csharp_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/audit/csharp"
)

// described lists a scan's members as "Type.Name kind body [extends T]",
// and its errors as "error line:col message".
func described(f *csharp.File) []string {
	var out []string
	for _, m := range f.Members {
		s := fmt.Sprintf("%s.%s %s %s", m.TypeName, m.Name, m.Kind, m.Body)
		if m.Extends != "" {
			s += " extends " + m.Extends
		}
		out = append(out, s)
	}
	for _, e := range f.Errors {
		out = append(out, fmt.Sprintf("error %d:%d %s", e.Line, e.Col, e.Msg))
	}
	return out
}

// unbalancedBranches opens one brace more in its #else branch than in its
// #if branch, and closes it in a later #if: read with A or without, the
// class must end where it does.
const unbalancedBranches = `class C {
    public void M() {
#if !A
        Run();
#else
        if (x) {
            Run();
#endif
        Done();
#if A
        }
#endif
    }
    public void After() { }
}`

func TestScanReadsTheConstructsOfModernCSharp(t *testing.T) {
	cases := []struct {
		name, src string
		opt       csharp.Options
		want      []string
	}{
		{"an extension block", `static class Ext {
    extension(ClosedState s) {
        public string ToDisplay() => s.ToString();
        public bool IsClosed => s != 0;
        public static ClosedState Parse(string v) { return 0; }
    }
    public static void After() { Do(); }
}`, csharp.Options{}, []string{
			"Ext.ToDisplay method implemented extends ClosedState",
			"Ext.IsClosed property implemented extends ClosedState",
			"Ext.Parse method implemented extends ClosedState",
			"Ext.After method implemented",
		}},
		{"a generic extension block", `static class Ext {
    extension<T>(System.Collections.Generic.List<T> list) where T : class {
        public T? FirstOrNull() { return list.Count > 0 ? list[0] : null; }
    }
    extension<K, V>(Dictionary<K, V>) {
        public static int Zero => 0;
    }
}`, csharp.Options{}, []string{
			"Ext.FirstOrNull method implemented extends List",
			"Ext.Zero property implemented extends Dictionary",
		}},
		{"a constructor of a type named extension", "class extension {\n  public extension(int x) { Set(x); }\n}",
			csharp.Options{}, []string{"extension.extension constructor implemented"}},
		{"an extension block outside a static class", "extension(int x) { void M() { } }\nclass After { void A() { B(); } }",
			csharp.Options{}, []string{"After.A method implemented", "error 1:1 extension block outside a static class: expected static class { extension(T) { ... } }"}},
		{"extension methods with this", `public static class ModeExtensions {
    public static string String(this GatewayInterestMode mode) => mode switch { _ => "x" };
    public static bool Has<T>(this List<T> l, in T x) { return l.Contains(x); }
    public static void Touch(this ref Counter c) { c.N++; }
    public static void NotExtension(Counter c) { c.N++; }
    public static int Sum(this int[] xs) { return xs.Sum(); }
}`, csharp.Options{}, []string{
			"ModeExtensions.String method implemented extends GatewayInterestMode",
			"ModeExtensions.Has method implemented extends List",
			"ModeExtensions.Touch method implemented extends Counter",
			"ModeExtensions.NotExtension method implemented",
			"ModeExtensions.Sum method implemented",
		}},
		{"function pointer types", `unsafe class C {
    private delegate*<int, void> _fp;
    public delegate* unmanaged[Cdecl]<int, int> Get() => null;
    public delegate* managed<int> Field2;
    public void Call(delegate*<int, void> f) { f(1); }
    delegate void Handler(int x);
    public void After() { Run(); }
}`, csharp.Options{}, []string{"C.Get method implemented", "C.Call method implemented", "C.After method implemented"}},
		{"verbatim identifiers", `class C {
    public int @operator;
    public int @class { get; set; }
    public void @event(int @this) { Use(@this); }
    public int Op() { return @operator; }
}`, csharp.Options{}, []string{"C.class property implemented", "C.event method implemented", "C.Op method implemented"}},
		{"branches that open different numbers of braces, no symbols", unbalancedBranches, csharp.Options{}, []string{"C.M method implemented", "C.After method stub"}},
		{"branches that open different numbers of braces, A defined", unbalancedBranches, csharp.Options{Symbols: []string{"A"}}, []string{"C.M method implemented", "C.After method stub"}},
		{"conditions with operators and #define", `#define LOCAL
class C {
#if (A || LOCAL) && !B
    public void Picked() { Run(); }
#elif true
    public void NotPicked() { Run(); }
#endif
#if A == B
    public void Equal() { Run(); }
#endif
#undef LOCAL
#if LOCAL
    public void Undefined() { Run(); }
#endif
}`, csharp.Options{}, []string{"C.Picked method implemented", "C.Equal method implemented"}},
		{"a condition that cannot be read", "class C {\n#if A &&\n  void M() { Run(); }\n#endif\n  void N() { Run(); }\n}",
			csharp.Options{}, []string{"C.N method implemented", `error 2:4 cannot read the #if condition "A &&"`}},
		{"NotImplementedException with an initializer", `class C {
    public void A() { throw new NotImplementedException { Source = "port" }; }
    public int B() => throw new System.NotImplementedException("x") { HelpLink = "y" };
    public void C2() { throw new NotImplementedException() { }; }
    public void D() { throw new NotImplementedException { Source = Build() }; return; }
    public void E() { throw new NotSupportedException { }; }
}`, csharp.Options{}, []string{"C.A method stub", "C.B method stub", "C.C2 method stub", "C.D method implemented", "C.E method implemented"}},
		{"a block the scanner cannot read", "class C {\n  void A() { Run(); }\n  = { }\n  void B() { Run(); }\n}",
			csharp.Options{}, []string{"C.A method implemented", "error 3:3 unexpected =: expected a member or a type", "error 5:1 unexpected }: expected ; ending the expression after ="}},
		{"an unreadable head in a type body", "class C {\n  void A() { Run(); }\n  ??? weird {\n  }\n  void B() { Run(); }\n}",
			csharp.Options{}, []string{"C.A method implemented", "C.B method implemented", "error 3:3 cannot read this declaration: unexpected ?, expected a type and a member name"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := described(csharp.Scan("t.cs", []byte(c.src), c.opt))
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s\n%s", diff, c.src)
			}
		})
	}
}

// corpusSnippet is one C# 12-14 construct in a type body, with the members
// it must scan as, written by hand.
type corpusSnippet struct {
	name, body string
	want       []string // members as "Name kind body [extends T]", Type added by the arrangement
}

var corpus = []corpusSnippet{
	{"C# 12 collection expressions", `public int[] Numbers() { return [1, 2, .. Other()]; }
public List<string> Empty() => [];`, []string{"Numbers method implemented", "Empty method implemented"}},
	{"C# 12 ref readonly parameters and defaults in lambdas", `public int Read(ref readonly int x) { var f = (int y = 2) => y; return x + f(); }`,
		[]string{"Read method implemented"}},
	{"C# 12 inline arrays", `[System.Runtime.CompilerServices.InlineArray(4)] public struct Buffer4 { private int _e; }
public int First(Buffer4 b) { return b[0]; }`, []string{"First method implemented"}},
	{"C# 13 params collections and the escape character", `public int Count(params ReadOnlySpan<int> xs) { var esc = "\e[0m"; return xs.Length; }`,
		[]string{"Count method implemented"}},
	{"C# 13 partial properties", `public partial string Name { get; set; }
public partial string Name { get => _n; set => _n = value; }`, []string{"Name property no body", "Name property implemented"}},
	{"C# 13 lock objects", `private readonly System.Threading.Lock _lock = new();
public void Guard() { lock (_lock) { Run(); } }`, []string{"Guard method implemented"}},
	{"C# 14 the field keyword", `public string Title { get => field; set => field = value ?? ""; }`, []string{"Title property implemented"}},
	{"C# 14 null-conditional assignment", `public void Assign(Node? n) { n?.Next = null; n?.Items[0] = 1; }`, []string{"Assign method implemented"}},
	{"C# 14 unbound generic nameof and lambda modifiers", `public string Name2() { var p = (ref int x) => x++; return nameof(List<>); }`,
		[]string{"Name2 method implemented"}},
	{"C# 14 compound assignment operators", `public void operator +=(int x) { _n += x; }
public static Money operator +(Money a, Money b) => new(a.V + b.V);`, []string{"op_AdditionAssignment operator implemented", "op_Addition operator implemented"}},
	{"C# 14 partial constructors and events", `public partial Node(int x);
public partial Node(int x) { _x = x; }
public partial event EventHandler Changed;
public partial event EventHandler Changed { add { _h += value; } remove { _h -= value; } }`,
		[]string{"Node constructor no body", "Node constructor implemented", "Changed event no body", "Changed event implemented"}},
	{"C# 11 raw strings and interpolation with braces", `public string Raw() { var s = $$"""{ "a": {{1}} }"""; return s + $"{{x}}"; }`,
		[]string{"Raw method implemented"}},
	{"C# 11 required members and file-local types", `public required string Key { get; init; }`, []string{"Key property implemented"}},
	{"stubs", `public void Todo() => throw new NotImplementedException();
public int Later() { throw new NotImplementedException { Source = "port" }; }
public object Nothing() => default!;`, []string{"Todo method stub", "Later method stub", "Nothing method stub"}},
	{"function pointers and verbatim names", `public unsafe delegate*<int, void> Pointer() => null;
public int @operator;
public int @checked() { return @operator; }`, []string{"Pointer method implemented", "checked method implemented"}},
}

// arrangements place the corpus in the file layouts a code base uses.
var arrangements = []struct {
	name       string
	head, tail string
	typeName   string
}{
	{"a file-scoped namespace", "namespace Corpus;\n\npublic partial class Node\n{\n", "}\n", "Node"},
	{"a block namespace", "namespace Corpus\n{\n    public partial class Node\n    {\n", "    }\n}\n", "Node"},
	{"a nested type", "namespace Corpus;\npublic partial class Outer\n{\n    public partial class Node\n    {\n", "    }\n    public void OuterAfter() { }\n}\n", "Node"},
	{"a primary constructor", "namespace Corpus;\npublic partial class Node(int seed) : Base(seed)\n{\n", "}\n", "Node"},
	{"a record", "namespace Corpus;\npublic partial record class Node(int Seed)\n{\n", "}\n", "Node"},
	{"inside an active #if", "namespace Corpus;\n#if !NEVER\npublic partial class Node\n{\n", "}\n#else\npublic partial class Node : Other {\n#endif\n", "Node"},
}

// TestScanReadsAGeneratedCorpusOfCSharp12To14 puts every snippet of the
// corpus, alone and all together, in every arrangement and checks the
// members against the hand-written expectations, and that the file is OK.
func TestScanReadsAGeneratedCorpusOfCSharp12To14(t *testing.T) {
	for _, a := range arrangements {
		var all strings.Builder
		var allWant []string
		for _, s := range corpus {
			src := a.head + s.body + "\n" + a.tail
			var want []string
			for _, w := range s.want {
				want = append(want, a.typeName+"."+w)
			}
			if a.name == "a nested type" {
				want = append(want, "Outer.OuterAfter method stub")
			}
			got := described(csharp.Scan("corpus.cs", []byte(src), csharp.Options{}))
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s, %s (-want +got):\n%s\n%s", a.name, s.name, diff, src)
			}
			all.WriteString(s.body + "\n")
			for _, w := range s.want {
				allWant = append(allWant, a.typeName+"."+w)
			}
		}
		if a.name == "a nested type" {
			allWant = append(allWant, "Outer.OuterAfter method stub")
		}
		got := described(csharp.Scan("corpus.cs", []byte(a.head+all.String()+a.tail), csharp.Options{}))
		if diff := cmp.Diff(allWant, got); diff != "" {
			t.Errorf("%s, the whole corpus (-want +got):\n%s", a.name, diff)
		}
	}
}
