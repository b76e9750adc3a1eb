package csharp_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/audit/csharp"
)

// A member's Start and End cover its whole declaration, attributes and
// initializer included and comments before it left out: the structural
// merge moves members by these spans.
func TestAMembersSpanIsItsWholeDeclaration(t *testing.T) {
	src := `namespace N;

public abstract partial class C
{
    /// <summary>Doc comments are not part of the span.</summary>
    [Obsolete("x; }")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void Block(int a)
    {
        var s = "}";
    }

    public string Expr => $"{Name}: {{ }}";
    public int Auto { get; set; } = Compute("; }");
    public int Plain { get; private set; }
    protected abstract void Abstract(int a);
    public event EventHandler Changed = delegate { };
    public event EventHandler A, B;
    public int this[int i] => i;
    public static C operator +(C a, C b) => a;
    class Inner { void Nested() { } }
}
`
	f := csharp.Scan("C.cs", []byte(src), csharp.Options{})
	if !f.OK() {
		t.Fatal(f.Err())
	}
	got := map[string]string{}
	for _, m := range f.Members {
		got[m.Name] = src[m.Start:m.End]
	}
	want := map[string]string{
		"Block":       "[Obsolete(\"x; }\")]\n    [MethodImpl(MethodImplOptions.NoInlining)]\n    internal static void Block(int a)\n    {\n        var s = \"}\";\n    }",
		"Expr":        `public string Expr => $"{Name}: {{ }}";`,
		"Auto":        `public int Auto { get; set; } = Compute("; }");`,
		"Plain":       `public int Plain { get; private set; }`,
		"Abstract":    `protected abstract void Abstract(int a);`,
		"Changed":     `public event EventHandler Changed = delegate { };`,
		"A":           `public event EventHandler A, B;`,
		"B":           `public event EventHandler A, B;`,
		"this[]":      `public int this[int i] => i;`,
		"op_Addition": `public static C operator +(C a, C b) => a;`,
		"Nested":      `void Nested() { }`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("member spans (-want +got):\n%s", diff)
	}
}
