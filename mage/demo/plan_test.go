package demo_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/demo"
)

func TestPlanBatchesListExactlyThePendingFeatures(t *testing.T) {
	p := readPlan(t)
	readme := readmeRows(t)

	var deferred, stubs, listed, added []int
	for _, r := range readme.features {
		switch r.Status {
		case "deferred":
			deferred = append(deferred, r.ID)
		case "stub":
			stubs = append(stubs, r.ID)
		}
	}
	seen := map[int]int{}
	for _, b := range p.batches {
		if b.declared != len(b.ids) {
			t.Errorf("batch %d declares %d features and lists %d", b.id, b.declared, len(b.ids))
		}
		for _, id := range append(slices.Clone(b.ids), b.stubs...) {
			if other, dup := seen[id]; dup {
				t.Errorf("feature %d is in batch %d and batch %d", id, other, b.id)
			}
			seen[id] = b.id
		}
		listed = append(listed, b.ids...)
		added = append(added, b.stubs...)
	}
	slices.Sort(listed)
	slices.Sort(added)
	if diff := cmp.Diff(deferred, listed); diff != "" {
		t.Errorf("batch feature IDs against the README's deferred features (-README +plan):\n%s", diff)
	}
	if diff := cmp.Diff(stubs, added); diff != "" {
		t.Errorf("stub features added to batches against the README's stubs (-README +plan):\n%s", diff)
	}
}

func TestPlanTargetFilesHoldTheirBatchesFeatures(t *testing.T) {
	p := readPlan(t)
	files := csharpFiles(t)
	byID := map[int]row{}
	for _, r := range readmeRows(t).features {
		byID[r.ID] = r
	}
	const root = "dotnet/src/MiniBus"
	for _, b := range p.batches {
		for _, id := range append(slices.Clone(b.ids), b.stubs...) {
			r, ok := byID[id]
			if !ok {
				t.Errorf("batch %d: feature %d is not in the README table", b.id, id)
				continue
			}
			class, name, _ := strings.Cut(r.CSharp, ".")
			m, err := findMember(files, class, name)
			if err != nil {
				t.Errorf("batch %d: %v", b.id, err)
				continue
			}
			if !slices.Contains(b.targets, strings.TrimPrefix(m.file, root+"/")) {
				t.Errorf("batch %d: feature %d lives in %s, which is not among its targets %v", b.id, id, m.file, b.targets)
			}
		}
		for _, target := range b.targets {
			if _, err := fs.Stat(demo.ExampleFS(), path.Join(root, target)); err != nil {
				t.Errorf("batch %d: target %s: %v", b.id, target, err)
			}
		}
	}
}

func TestPlanWavesRunEachBatchAfterItsDependencies(t *testing.T) {
	p := readPlan(t)
	wave := map[int]int{}
	for _, w := range p.waves {
		for _, id := range w.batches {
			if _, dup := wave[id]; dup {
				t.Errorf("batch %d is in two waves", id)
			}
			wave[id] = w.n
		}
	}
	for _, b := range p.batches {
		if _, ok := wave[b.id]; !ok {
			t.Errorf("batch %d is in no wave", b.id)
		}
		for _, dep := range b.deps {
			if _, ok := wave[dep]; !ok {
				t.Errorf("batch %d depends on batch %d, which is not in the plan", b.id, dep)
			} else if wave[dep] >= wave[b.id] {
				t.Errorf("batch %d (wave %d) depends on batch %d (wave %d)", b.id, wave[b.id], dep, wave[dep])
			}
		}
	}
}

func TestPlanFiguresAgreeWithTheStatuses(t *testing.T) {
	p := readPlan(t)
	readme := readmeRows(t)
	count := func(rows []row, status string) int {
		n := 0
		for _, r := range rows {
			if r.Status == status {
				n++
			}
		}
		return n
	}
	f, tst := readme.features, readme.tests
	verified := count(f, "verified")
	deferred, stubs := count(f, "deferred"), count(f, "stub")
	done := verified + count(tst, "verified")
	total := len(f) + len(tst)
	pct := func(a, b int) string { return strconv.FormatFloat(100*float64(a)/float64(b), 'f', 1, 64) }

	want := []string{
		fmt.Sprintf("**Scope**: %d deferred features + %d stub across %d batches", deferred, stubs, len(p.batches)),
		fmt.Sprintf("Current state: %s%% complete (%d/%d items)", pct(done, total), done, total),
		fmt.Sprintf("(all %d + %d stub → verified)", deferred, stubs),
		fmt.Sprintf("%d deferred tests", count(tst, "deferred")),
		fmt.Sprintf("- Features: %d + %d + %d = %d verified (vs %d total = %s%%)",
			verified, deferred, stubs, verified+deferred+stubs, len(f), pct(verified+deferred+stubs, len(f))),
		fmt.Sprintf("- Tests: %d verified", count(tst, "verified")),
	}
	for _, phrase := range want {
		if !strings.Contains(p.text, phrase) {
			t.Errorf("plan.md does not say %q", phrase)
		}
	}
}

type planBatch struct {
	id, declared int
	ids, stubs   []int
	deps         []int
	targets      []string
}

type planWave struct {
	n       int
	batches []int
}

type plan struct {
	text    string
	batches []*planBatch
	waves   []planWave
}

var (
	batchHead  = regexp.MustCompile(`^### Batch (\d+): .+ \((\d+) features\)$`)
	stubHead   = regexp.MustCompile(`^### Stub Feature \(added to Batch (\d+)\)$`)
	waveHead   = regexp.MustCompile(`^### Wave (\d+)`)
	waveItem   = regexp.MustCompile(`^- \*\*Batch (\d+)\*\*`)
	stubItem   = regexp.MustCompile(`^- Feature (\d+):`)
	targetItem = regexp.MustCompile("^- `([^`]+)`")
	idGroup    = regexp.MustCompile(`^- [^:]+: (.+)$`)
	depBatches = regexp.MustCompile(`^Batch(?:es)? ([\d+]+)`)
)

// readPlan reads example/plan.md: just enough of the shared plan format to
// check it against the example, independently of portwave's own importer.
func readPlan(t *testing.T) plan {
	t.Helper()
	data, err := fs.ReadFile(demo.ExampleFS(), "plan.md")
	if err != nil {
		t.Fatal(err)
	}
	p := plan{text: string(data)}
	byID := map[int]*planBatch{}
	var cur *planBatch
	var field string // the bold field whose bullets follow
	var stubsFor *planBatch
	sc := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		fail := func(err error) { t.Fatalf("plan.md:%d: %v", line, err) }
		switch {
		case strings.HasPrefix(text, "#"):
			cur, field, stubsFor = nil, "", nil
			if m := batchHead.FindStringSubmatch(text); m != nil {
				cur = &planBatch{id: atoi(m[1]), declared: atoi(m[2])}
				byID[cur.id] = cur
				p.batches = append(p.batches, cur)
			} else if m := stubHead.FindStringSubmatch(text); m != nil {
				if stubsFor = byID[atoi(m[1])]; stubsFor == nil {
					fail(fmt.Errorf("stub feature added to unknown batch %s", m[1]))
				}
			} else if m := waveHead.FindStringSubmatch(text); m != nil {
				p.waves = append(p.waves, planWave{n: atoi(m[1])})
			}
		case stubsFor != nil && stubItem.MatchString(text):
			stubsFor.stubs = append(stubsFor.stubs, atoi(stubItem.FindStringSubmatch(text)[1]))
		case len(p.waves) > 0 && waveItem.MatchString(text):
			w := &p.waves[len(p.waves)-1]
			w.batches = append(w.batches, atoi(waveItem.FindStringSubmatch(text)[1]))
		case cur == nil:
		case strings.HasPrefix(text, "**"):
			name, rest, _ := strings.Cut(strings.TrimPrefix(text, "**"), "**:")
			field, rest = name, strings.TrimSpace(rest)
			switch {
			case field == "Feature IDs" && rest != "":
				ids, err := parseIDs(rest)
				if err != nil {
					fail(err)
				}
				cur.ids = append(cur.ids, ids...)
			case field == "Dependencies":
				if m := depBatches.FindStringSubmatch(rest); m != nil {
					for _, d := range strings.Split(m[1], "+") {
						cur.deps = append(cur.deps, atoi(d))
					}
				}
			}
		case field == "Target files" && targetItem.MatchString(text):
			cur.targets = append(cur.targets, targetItem.FindStringSubmatch(text)[1])
		case field == "Feature IDs" && idGroup.MatchString(text):
			ids, err := parseIDs(idGroup.FindStringSubmatch(text)[1])
			if err != nil {
				fail(err)
			}
			cur.ids = append(cur.ids, ids...)
		}
	}
	if len(p.batches) == 0 || len(p.waves) == 0 {
		t.Fatalf("plan.md: found %d batches and %d waves", len(p.batches), len(p.waves))
	}
	return p
}

// parseIDs reads "1-2, 6" as 1, 2, 6.
func parseIDs(list string) ([]int, error) {
	var ids []int
	for _, item := range strings.Split(list, ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(item), "-")
		a, err := strconv.Atoi(lo)
		b := a
		if err == nil && isRange {
			b, err = strconv.Atoi(hi)
		}
		if err != nil || b < a {
			return nil, fmt.Errorf("bad feature ID item %q", item)
		}
		for id := a; id <= b; id++ {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

func atoi(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		panic(err) // only called on regexp groups of digits
	}
	return n
}
