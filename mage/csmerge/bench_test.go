package csmerge_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"portwave/internal/cstree"
	"portwave/internal/fixture"
	"portwave/mage/audit/csharp"
	"portwave/mage/csmerge"
	"portwave/mage/port"
)

// sides is one file of the NatsNet-shaped tree (internal/cstree over the
// fixture's inventory: the one with the most stubs) and two agents' ports
// of it, each removing 20 stubs and appending their implementations before
// the class's closing brace: a merge git's line merge conflicts on.
type sides struct {
	path               string
	base, ours, theirs []byte
}

func natsnetSides(b *testing.B) sides {
	b.Helper()
	ctx := context.Background()
	db := fixture.DB(b)
	var items []port.Item
	for _, k := range []port.Kind{port.Feature, port.Test} {
		its, err := db.Items(ctx, k)
		if err != nil {
			b.Fatal(err)
		}
		items = append(items, its...)
	}
	root := b.TempDir()
	if _, err := cstree.Write(root, items, cstree.Options{}); err != nil {
		b.Fatal(err)
	}
	var best sides
	var bestStubs []csharp.Member
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".cs") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var stubs []csharp.Member
		for _, m := range csharp.Scan(p, src, csharp.Options{}).Members {
			if m.Body == csharp.Stub && !m.Test {
				stubs = append(stubs, m)
			}
		}
		if len(stubs) > len(bestStubs) {
			best, bestStubs = sides{path: filepath.Base(p), base: src}, stubs
		}
		return nil
	})
	if len(bestStubs) < 40 {
		b.Fatalf("the tree's largest file has %d stubs, want 40", len(bestStubs))
	}
	best.ours = appendPorts(best.base, bestStubs[:20])
	best.theirs = appendPorts(best.base, bestStubs[20:40])
	b.Logf("%s: %d lines, %d stubs; each side ports 20", best.path, bytes.Count(best.base, []byte("\n")), len(bestStubs))
	return best
}

// appendPorts removes each stub, with the doc comment above it and the
// blank line after it, and appends an implementation before the class's
// closing brace, the last line of the file.
func appendPorts(src []byte, stubs []csharp.Member) []byte {
	text := string(src)
	var added strings.Builder
	for i := len(stubs) - 1; i >= 0; i-- {
		m := stubs[i]
		start := strings.LastIndex(text[:m.Start], "\n") + 1
		for prev := strings.LastIndex(text[:start-1], "\n") + 1; strings.HasPrefix(strings.TrimSpace(text[prev:start]), "///"); prev = strings.LastIndex(text[:start-1], "\n") + 1 {
			start = prev
		}
		end := m.End + strings.Index(text[m.End:], "\n") + 2
		head := strings.TrimRight(text[start:m.BodyStart], " \n")
		added.WriteString("\n" + head + "\n    {\n        return _state;\n    }\n")
		text = text[:start] + text[end:]
	}
	return []byte(strings.TrimSuffix(text, "}\n") + strings.TrimPrefix(added.String(), "\n") + "}\n")
}

// BenchmarkMergeFile merges one file both sides appended members to, in
// rounds of three: git merge-file by lines (the reference: it conflicts),
// Merge in this process, and the driver as git runs it (this test binary,
// started with DriverEnv: git's line merge, then the merge by members).
// It reports the median time of each and the median of each round's
// ratio to git merge-file, which a busy machine moves less than the times.
//
//	go test ./mage/csmerge -run '^$' -bench MergeFile -benchtime 30x
func BenchmarkMergeFile(b *testing.B) {
	s := natsnetSides(b)
	dir := b.TempDir()
	files := map[string]string{}
	for name, data := range map[string][]byte{"base": s.base, "ours": s.ours, "theirs": s.theirs} {
		files[name] = filepath.Join(dir, name)
		os.WriteFile(files[name], data, 0o644)
	}
	res, err := csmerge.Merge(context.Background(), s.path, s.base, s.ours, s.theirs, csharp.Options{})
	if err != nil || len(res.Ours) != 20 || len(res.Theirs) != 20 {
		b.Fatalf("the merge by members: %v, ours %d, theirs %d", err, len(res.Ours), len(res.Theirs))
	}
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	result := filepath.Join(dir, "result")
	timed := func(f func()) float64 {
		start := time.Now()
		f()
		return float64(time.Since(start).Microseconds()) / 1000
	}
	var gitMs, mergeMs, driverMs, mergeRatio, driverRatio []float64
	for b.Loop() {
		g := timed(func() {
			out, err := exec.Command("git", "merge-file", "-p", files["ours"], files["base"], files["theirs"]).Output()
			if err == nil || !bytes.Contains(out, []byte("<<<<<<<")) {
				b.Fatalf("git merge-file did not conflict: %v", err)
			}
		})
		m := timed(func() {
			if _, err := csmerge.Merge(context.Background(), s.path, s.base, s.ours, s.theirs, csharp.Options{}); err != nil {
				b.Fatal(err)
			}
		})
		os.WriteFile(result, s.ours, 0o644)
		d := timed(func() {
			cmd := exec.Command(exe, files["base"], result, files["theirs"], "7", s.path, "")
			cmd.Env = append(os.Environ(), csmerge.DriverEnv+"=1")
			if err := cmd.Run(); cmd.ProcessState.ExitCode() != csmerge.ExitMerged {
				b.Fatalf("the driver did not merge: %v", err)
			}
		})
		gitMs, mergeMs, driverMs = append(gitMs, g), append(mergeMs, m), append(driverMs, d)
		mergeRatio, driverRatio = append(mergeRatio, m/g), append(driverRatio, d/g)
	}
	b.ReportMetric(median(gitMs), "git-merge-file-ms")
	b.ReportMetric(median(mergeMs), "Merge-ms")
	b.ReportMetric(median(driverMs), "driver-ms")
	b.ReportMetric(median(mergeRatio), "Merge/git")
	b.ReportMetric(median(driverRatio), "driver/git")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
