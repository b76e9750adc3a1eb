package plan_test

import (
	"errors"
	"io/fs"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/plan"
)

// groupText is a group as the plan writes it, for comparisons.
type groupText struct{ Label, IDs, Note string }

func groupTexts(gs []plan.Group) []groupText {
	var out []groupText
	for _, g := range gs {
		out = append(out, groupText{g.Label, g.Ranges.String(), g.Note})
	}
	return out
}

func TestImportReadsEveryPartOfTheSharedPlan(t *testing.T) {
	p, err := plan.ImportDocument(sharedPlan)
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "Deferred Features Implementation Design" {
		t.Errorf("title = %q", p.Title)
	}
	if !strings.HasPrefix(p.Context, "After completing batches 16-41, 363 features remain deferred") {
		t.Errorf("context = %q", p.Context)
	}
	wantOutcome := []string{
		"Features: 3263 + 363 + 1 = 3627 verified (vs 3673 total = 98.7%)",
		"Remaining: 22 complete, 24 n/a = stable",
		"Tests: 2066 verified + audit promotions (deferred integration tests remain)",
	}
	if diff := cmp.Diff(wantOutcome, p.ExpectedOutcome); diff != "" {
		t.Errorf("expected outcome (-want +got):\n%s", diff)
	}

	b42, _ := p.Batch(42)
	if diff := cmp.Diff([]groupText{
		{"MsgTrace", "2406-2413, 2420-2439", ""},
		{"Gateway", "1265", ""},
		{"Monitor helpers", "2166-2167, 2170-2171, 2173-2177, 2181-2182, 2188-2189, 2194, 2196, 2200, 2202-2204, 2206-2207, 2213-2214, 2216, 2219", ""},
	}, groupTexts(b42.Features)); diff != "" {
		t.Errorf("batch 42 features (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]groupText{
		{"Stub Feature", "2962", "`scheduler.go:getScheduledMessages` — currently stub, implement fully"},
	}, groupTexts(b42.Added)); diff != "" {
		t.Errorf("batch 42 added (-want +got):\n%s", diff)
	}
	var targets []string
	for _, tg := range b42.Targets {
		targets = append(targets, tg.Path+" | "+tg.Note)
	}
	if diff := cmp.Diff([]string{
		"MessageTrace/MsgTrace.cs | new or extend existing `MsgTraceTypes.cs`",
		"Monitor/MonitorHelpers.cs | new",
		"Gateway/GatewayTypes.cs | extend",
	}, targets); diff != "" {
		t.Errorf("batch 42 targets (-want +got):\n%s", diff)
	}

	b44, _ := p.Batch(44)
	var labels []string
	for _, g := range b44.Features {
		labels = append(labels, g.Label)
	}
	if diff := cmp.Diff([]string{"Helpers", "ServerInfo", "ClientInfo", "pubMsg", "client", "Account", "Server dispatch"}, labels); diff != "" {
		t.Errorf("batch 44 labels (-want +got):\n%s", diff)
	}

	b47, _ := p.Batch(47)
	if diff := cmp.Diff([]groupText{
		{"", "2252-2255, 2257-2268, 2269-2290, 2291-2327, 2328-2404", "all 139 mqtt.go deferred features"},
	}, groupTexts(b47.Features)); diff != "" {
		t.Errorf("batch 47 features (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{44, 45}, b47.DepIDs()); diff != "" {
		t.Errorf("batch 47 depends on (-want +got):\n%s", diff)
	}
	if b47.DependsNote != "MQTT uses event infrastructure for advisories" || b47.Declared != 139 || b47.Name != "MQTT Full Runtime" {
		t.Errorf("batch 47 = %q, %d, %q", b47.Name, b47.Declared, b47.DependsNote)
	}

	var waves [][]int
	for _, w := range p.Waves() {
		waves = append(waves, w.Batches)
	}
	if diff := cmp.Diff([][]int{{42, 43}, {44, 46}, {45}, {47}}, waves); diff != "" {
		t.Errorf("waves (-want +got):\n%s", diff)
	}
	if p.WaveNotes[3] != "after Batch 44" {
		t.Errorf("wave 3 note = %q", p.WaveNotes[3])
	}
}

// TestImportPositionsPointAtTheText finds each expected position by
// searching the document itself, so the test does not repeat the parser's
// arithmetic.
func TestImportPositionsPointAtTheText(t *testing.T) {
	p, err := plan.ImportDocument(sharedPlan)
	if err != nil {
		t.Fatal(err)
	}
	at := func(line, sub string) plan.Pos { return posIn(t, sharedPlan, line, sub) }
	b42, _ := p.Batch(42)
	b47, _ := p.Batch(47)
	got := map[string]plan.Pos{
		"batch 47 heading":     b47.Pos,
		"batch 47 declared":    b47.DeclaredPos,
		"batch 47 wave":        b47.WavePos,
		"batch 47 second dep":  b47.DependsOn[1].Pos,
		"batch 47 third range": b47.Features[0].Ranges[2].Pos,
		"batch 42 added 2962":  b42.Added[0].Ranges[0].Pos,
		"batch 42 helper 2194": b42.Features[2].Ranges[5].Pos,
		"batch 42 third file":  b42.Targets[2].Pos,
	}
	want := map[string]plan.Pos{
		"batch 47 heading":     at("### Batch 47:", "47"),
		"batch 47 declared":    at("### Batch 47:", "139"),
		"batch 47 wave":        at("- **Batch 47**", "47"),
		"batch 47 second dep":  at("**Dependencies**: Batches 44+45", "45"),
		"batch 47 third range": at("**Feature IDs**: 2252", "2269-2290"),
		"batch 42 added 2962":  at("- Feature 2962", "2962"),
		"batch 42 helper 2194": at("- Monitor helpers:", "2194"),
		"batch 42 third file":  at("- `Gateway/GatewayTypes.cs`", "Gateway"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("positions (-want +got):\n%s", diff)
	}
}

func TestImportReadsASmallPlan(t *testing.T) {
	p, err := plan.ImportDocument("testdata/docs/valid.md")
	if err != nil {
		t.Fatal(err)
	}
	b1, _ := p.Batch(1)
	b2, _ := p.Batch(2)
	got := []string{
		p.Title, p.Context, strings.Join(p.ExpectedOutcome, "|"), p.WaveNotes[2],
		b1.Name, b1.Summary, b1.DependsNote, b1.Targets[0].Path, b1.Targets[0].Note,
		b2.Name, b2.Summary, b2.DependsNote, b2.Targets[0].Path, b2.Targets[0].Note,
	}
	want := []string{
		"Small Plan", "A small plan for the parser tests.", "Features: 150 + 10 = 160 verified", "after Wave 1",
		"Parser", "Parse things.", "foundation", "Parser/Parser.cs", "new",
		"Lexer", "Scan things.", "uses the parser", "Lexer.cs", "",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]groupText{{"Scan", "6-8", ""}, {"Tokens", "9-10", ""}}, groupTexts(b2.Features)); diff != "" {
		t.Errorf("batch 2 features (-want +got):\n%s", diff)
	}
}

func TestImportReportsAMissingDocument(t *testing.T) {
	_, err := plan.ImportDocument("testdata/docs/no-such-plan.md")
	if err == nil || !strings.HasPrefix(err.Error(), "importing plan: ") || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want an 'importing plan:' error wrapping not-exist", err)
	}
}
