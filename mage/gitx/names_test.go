package gitx_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/gitx"
)

// Every list of file names comes back as the names are, whatever bytes
// they hold: git quotes non-ASCII, quotes, tabs and newlines in its
// line-per-name output.
func TestFileNamesComeBackUnquoted(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	run(t, dir, "init", "-q", "-b", "main")
	names := []string{"Überblick.cs", "tab\there.cs", "new\nline.cs", `quote".cs`, "plain.cs"}
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range names {
		write(n, "one\n")
	}
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-qm", "one")
	base := run(t, dir, "rev-parse", "HEAD")
	repo := gitx.Repo{Dir: dir}
	want := append([]string(nil), names...)
	sort.Strings(want)

	tracked, err := repo.Tracked(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(tracked)
	if d := cmp.Diff(want, tracked); d != "" {
		t.Errorf("Tracked (-want +got):\n%s", d)
	}
	for _, n := range names {
		write(n, "two\n")
	}
	write("Ünversioned.cs", "new\n")
	changes, err := repo.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range changes {
		got[c.Path] = c.Code
	}
	wantStatus := map[string]string{"Ünversioned.cs": "??"}
	for _, n := range names {
		wantStatus[n] = " M"
	}
	if d := cmp.Diff(wantStatus, got); d != "" {
		t.Errorf("Status (-want +got):\n%s", d)
	}
	tr, err := repo.TrackedStatus(ctx)
	if err != nil || len(tr) != len(names) {
		t.Errorf("TrackedStatus = %v, %v: want the %d tracked files alone", tr, err, len(names))
	}
	run(t, dir, "commit", "-qam", "two")
	diff, err := repo.DiffNames(ctx, base, "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(diff)
	if d := cmp.Diff(want, diff); d != "" {
		t.Errorf("DiffNames (-want +got):\n%s", d)
	}
}
