package csmerge_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/audit/csharp"
	"portwave/mage/csmerge"
)

// class is a NatsNet-shaped file: usings, a file-scoped namespace and one
// partial class whose members are given.
func class(members ...string) string {
	return "using System;\n\nnamespace ZB.MOM.NatsNet.Server;\n\npublic sealed partial class NatsServer\n{\n" + strings.Join(members, "\n") + "}\n"
}

// member is a method as cstree writes them: a doc comment, the
// declaration, then a blank line.
func member(name, body string) string {
	return "    /// <summary>Port of " + name + ".</summary>\n    internal object " + name + "()\n    {\n        " + body + "\n    }\n"
}

func stub(name string) string { return member(name, "throw new NotImplementedException();") }
func impl(name string) string { return member(name, "return _state[\""+name+"\"];") }

func merge(t *testing.T, base, ours, theirs string) (csmerge.Result, error) {
	t.Helper()
	return csmerge.Merge(context.Background(), "NatsServer.cs", []byte(base), []byte(ours), []byte(theirs), csharp.Options{})
}

func TestMembersBothSidesAppendedAreAllKeptOursFirst(t *testing.T) {
	base := class(impl("Start"), stub("A"), stub("B"), impl("Stop"))
	// Each side ports one stub by removing it and appending its
	// implementation before the class's closing brace.
	ours := class(impl("Start"), stub("B"), impl("Stop"), impl("A"))
	theirs := class(impl("Start"), stub("A"), impl("Stop"), impl("B"))
	res, err := merge(t, base, ours, theirs)
	if err != nil {
		t.Fatal(err)
	}
	want := class(impl("Start"), impl("Stop"), impl("A"), impl("B"))
	if diff := cmp.Diff(want, string(res.Text)); diff != "" {
		t.Errorf("merged text (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"NatsServer.A"}, res.Ours); diff != "" {
		t.Errorf("ours (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"NatsServer.B"}, res.Theirs); diff != "" {
		t.Errorf("theirs (-want +got):\n%s", diff)
	}
}

func TestAppendedMembersWithBlankLinesKeepTheirSpacing(t *testing.T) {
	for _, tc := range []struct{ name, before, after string }{
		{"a blank line after each member", "", "\n"},
		{"a blank line before each member", "\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := class(impl("Start"))
			add := func(name string) string { return tc.before + impl(name) + tc.after }
			res, err := merge(t, base, class(impl("Start"))[:len(base)-2]+add("A")+"}\n", base[:len(base)-2]+add("B")+"}\n")
			if err != nil {
				t.Fatal(err)
			}
			want := base[:len(base)-2] + add("A") + add("B") + "}\n"
			if diff := cmp.Diff(want, string(res.Text)); diff != "" {
				t.Errorf("merged text (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWhatBothSidesChangedAtOnePlaceIsRefused(t *testing.T) {
	base := class(impl("Start"), stub("A"))
	for _, tc := range []struct {
		name, ours, theirs, reason string
	}{
		{"one member changed by both", class(impl("Start"), impl("A")), class(impl("Start"), member("A", "return 1;")), "both sides changed NatsServer.A"},
		{"a member deleted by one side and changed by the other", class(impl("Start")), class(impl("Start"), impl("A")), "both sides changed NatsServer.A"},
		{"one member added by both, differently", class(impl("Start"), stub("A"), impl("C")), class(impl("Start"), stub("A"), member("C", "return 2;")), "both sides changed NatsServer.C"},
		{"the usings changed by both", "using System.Linq;\n" + base, "using System.Text;\n" + base, "outside members"},
		{"fields added by both at one place", class(impl("Start"), stub("A"), "    private int _a;\n"), class(impl("Start"), stub("A"), "    private int _b;\n"), "outside members"},
		{"a side that does not scan", class(impl("Start"), stub("A"), impl("C")), class(impl("Start"), stub("A"), "    void D( {\n"), "theirs"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := merge(t, base, tc.ours, tc.theirs)
			if !csmerge.IsRefusal(err) || !strings.Contains(err.Error(), tc.reason) {
				t.Fatalf("err = %v, want a refusal naming %q", err, tc.reason)
			}
		})
	}
}

func TestChangesOnOneSideOutsideMembersMergeWithMembersAddedByBoth(t *testing.T) {
	base := class(impl("Start"))
	ours := "using System.Linq;\n" + class(impl("Start"), impl("A"))
	theirs := class(impl("Start"), impl("B"))
	res, err := merge(t, base, ours, theirs)
	if err != nil {
		t.Fatal(err)
	}
	want := "using System.Linq;\n" + class(impl("Start"), impl("A"), impl("B"))
	if diff := cmp.Diff(want, string(res.Text)); diff != "" {
		t.Errorf("merged text (-want +got):\n%s", diff)
	}
}

func TestAMemberOneSideMovedAndTheOtherChangedInPlaceMovesWithItsChange(t *testing.T) {
	base := class(stub("A"), impl("Start"), impl("Stop"))
	ours := class(impl("Start"), impl("Stop"), stub("A"), impl("C")) // A moved unchanged, C added
	theirs := class(impl("A"), impl("Start"), impl("Stop"))          // A ported in place
	res, err := merge(t, base, ours, theirs)
	if err != nil {
		t.Fatal(err)
	}
	want := class(impl("Start"), impl("Stop"), impl("A"), impl("C"))
	if diff := cmp.Diff(want, string(res.Text)); diff != "" {
		t.Errorf("merged text (-want +got):\n%s", diff)
	}
}

func TestOverloadsAddedByBothSidesAreDifferentMembers(t *testing.T) {
	base := class(impl("Start"))
	over := func(p string) string {
		return "    internal object Connz(" + p + ")\n    {\n        return null;\n    }\n"
	}
	res, err := merge(t, base, class(impl("Start"), over("int limit")), class(impl("Start"), over("string sort")))
	if err != nil {
		t.Fatal(err)
	}
	want := class(impl("Start"), over("int limit"), over("string sort"))
	if diff := cmp.Diff(want, string(res.Text)); diff != "" {
		t.Errorf("merged text (-want +got):\n%s", diff)
	}
}

func TestTheSameMemberAddedAlikeByBothSidesIsKeptOnce(t *testing.T) {
	base := class(impl("Start"))
	side := class(impl("Start"), impl("A"))
	res, err := merge(t, base, side, side)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(side, string(res.Text)); diff != "" {
		t.Errorf("merged text (-want +got):\n%s", diff)
	}
}
