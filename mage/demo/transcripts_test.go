package demo_test

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/internal/goldenfile"
	"portwave/mage/agent"
	"portwave/mage/audit"
	"portwave/mage/demo"
	"portwave/mage/port"
)

// update is the -update flag every golden file answers to (`mage golden`):
// here it also means: rewrite example/transcripts from the example's C# and testdata/ported.
var update = goldenfile.Update

// The recorded attempts are generated from two trees: the example's C#, where
// the batches' members are stubs, and testdata/ported, the same files with
// every member ported. Each Edit replaces one member, from its declaration
// line to its closing brace, by its ported text.
const (
	transcriptsDir = "example/transcripts"
	portedDir      = "testdata/ported"
	csharpRoot     = "dotnet/src/MiniBus"
)

// heldBack lists, per batch, the features its first attempt leaves as stubs:
// the batch audit then fails the gate, and a second attempt, resuming the
// session, ports them. This is the failure the demo shows being handled.
var heldBack = map[int][]int{13: {6}}

// attemptSpec is one recorded attempt: a batch, its number, and the
// features it ports.
type attemptSpec struct {
	batch, attempt int
	targets        []string // relative to the worktree
	features       []row
}

func (a attemptSpec) name() string { return fmt.Sprintf("%d-attempt-%d.jsonl", a.batch, a.attempt) }

// attemptSpecs lists the attempts in plan order, each batch's features (its
// IDs and the stubs added to it) from plan.md and README.md.
func attemptSpecs(t *testing.T) []attemptSpec {
	t.Helper()
	byID := map[int]row{}
	for _, r := range readmeRows(t).features {
		byID[r.ID] = r
	}
	var specs []attemptSpec
	for _, b := range readPlan(t).batches {
		ids := slices.Sorted(slices.Values(append(slices.Clone(b.ids), b.stubs...)))
		var targets []string
		for _, f := range b.targets {
			targets = append(targets, path.Join(csharpRoot, f))
		}
		first := attemptSpec{batch: b.id, attempt: 1, targets: targets}
		second := attemptSpec{batch: b.id, attempt: 2, targets: targets}
		for _, id := range ids {
			if slices.Contains(heldBack[b.id], id) {
				second.features = append(second.features, byID[id])
			} else {
				first.features = append(first.features, byID[id])
			}
		}
		specs = append(specs, first)
		if len(second.features) > 0 {
			specs = append(specs, second)
		}
	}
	return specs
}

// TestTranscriptsAreWhatTheGeneratorRecords keeps example/transcripts in step
// with the example and testdata/ported; -update rewrites them.
func TestTranscriptsAreWhatTheGeneratorRecords(t *testing.T) {
	want := generate(t)
	if *update {
		old, _ := filepath.Glob(filepath.Join(transcriptsDir, "*.jsonl"))
		for _, f := range old {
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.MkdirAll(transcriptsDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range want {
			if err := os.WriteFile(filepath.Join(transcriptsDir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	got := map[string][]byte{}
	paths, err := filepath.Glob(filepath.Join(transcriptsDir, "*.jsonl"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no transcripts in %s (go test ./mage/demo/ -run TestTranscripts -update writes them)", transcriptsDir)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got[filepath.Base(p)] = b
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s is stale; go test ./mage/demo/ -run TestTranscripts -update rewrites it (-want +got):\n%s", transcriptsDir, diff)
	}
}

// TestTranscriptsPortTheExampleInPlanOrder replays every recorded attempt,
// in plan order, with the replay agent on the extracted example: each keeps
// the C# balanced, touches only its batch's targets and leaves the batch
// audit saying what the demo needs, and together they give the ported tree.
func TestTranscriptsPortTheExampleInPlanOrder(t *testing.T) {
	ws := t.TempDir()
	if err := demo.ExtractExample(ws); err != nil {
		t.Fatal(err)
	}
	items := exampleItems(t)
	replay := agent.NewReplay(agent.ReplayOptions{Dir: filepath.Join(ws, "transcripts")})
	sessions := map[int]string{}
	before := readTree(t, os.DirFS(ws))
	for _, a := range attemptSpecs(t) {
		req := agent.Request{Batch: a.batch, Attempt: a.attempt, Dir: ws,
			LogPath: filepath.Join(ws, "logs", fmt.Sprintf("batch-%d.log", a.batch))}
		res, err := replay.Run(context.Background(), req, nil)
		if err != nil {
			t.Fatalf("%s: %v", a.name(), err)
		}
		if res.Subtype != "success" || res.Turns < 3 || res.CostUSD < 0.10 || res.CostUSD > 0.60 {
			t.Errorf("%s: result %s after %d turns for $%.2f, want a plausible success", a.name(), res.Subtype, res.Turns, res.CostUSD)
		}
		if s, ok := sessions[a.batch]; ok && s != res.SessionID {
			t.Errorf("%s: session %s, want %s resumed", a.name(), res.SessionID, s)
		}
		sessions[a.batch] = res.SessionID

		after := readTree(t, os.DirFS(ws))
		for f, src := range after {
			if src != before[f] && !slices.Contains(a.targets, f) {
				t.Errorf("%s changed %s, which is not among its targets %v", a.name(), f, a.targets)
			}
			if err := balanced(src); err != nil {
				t.Errorf("after %s: %s: %v", a.name(), f, err)
			}
		}
		before = after

		var ids []int
		for _, b := range readPlan(t).batches {
			if b.id == a.batch {
				ids = append(b.ids, b.stubs...)
			}
		}
		got, err := audit.Batch(context.Background(), items, ids, audit.Options{
			Root: filepath.Join(ws, csharpRoot), Naming: audit.Naming{ClassMap: classMap}})
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("%d of %d implemented", len(ids), len(ids))
		if a.attempt == 1 && len(heldBack[a.batch]) > 0 {
			want = fmt.Sprintf("%d of %d implemented", len(ids)-len(heldBack[a.batch]), len(ids))
		}
		if !strings.HasPrefix(got.Summary(), want) {
			t.Errorf("after %s the batch audit says %q, want %q", a.name(), got.Summary(), want)
		}
	}

	skeleton := readTree(t, demo.ExampleFS())
	ported := readTree(t, os.DirFS(portedDir))
	for f, src := range before {
		want, ok := ported[f]
		if !ok {
			want = skeleton[f]
		}
		if diff := cmp.Diff(want, src); diff != "" {
			t.Errorf("%s after every batch (-ported +replayed):\n%s", f, diff)
		}
	}
}

// exampleItems are the example's features as porting.db holds them after
// an inventory, with the C# targets of the README.
func exampleItems(t *testing.T) []port.Item {
	var items []port.Item
	for _, r := range readmeRows(t).features {
		class, member, _ := strings.Cut(r.CSharp, ".")
		items = append(items, port.Item{ID: r.ID, Kind: port.Feature, GoFile: r.File,
			GoReceiver: r.Receiver, GoName: r.Name, DotnetClass: class, DotnetMember: member,
			Status: port.Status(r.Status)})
	}
	return items
}

// balanced checks that every brace outside comments and literals closes.
func balanced(src string) error {
	depth := 0
	for i, c := range code(src) {
		switch c {
		case '{':
			depth++
		case '}':
			depth--
		}
		if depth < 0 {
			return fmt.Errorf("line %d: '}' closes nothing", 1+strings.Count(src[:i], "\n"))
		}
	}
	if depth > 0 {
		return fmt.Errorf("%d '{' never closed", depth)
	}
	return nil
}
