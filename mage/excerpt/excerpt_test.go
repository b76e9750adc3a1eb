package excerpt_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/excerpt"
)

func TestTheCaretSitsUnderTheCharacterOfTheColumn(t *testing.T) {
	for _, tt := range []struct {
		name, text string
		line, col  int
		want       []string
	}{
		{"at the start", "jbos: 3", 7, 1, []string{
			"   7 | jbos: 3",
			"     | ^"}},
		{"inside the line", "jobs: many", 12, 7, []string{
			"   12 | jobs: many",
			"      |       ^"}},
		{"after a tab, which the caret's line repeats", "jobs:\tmany", 3, 7, []string{
			"   3 | jobs:\tmany",
			"     |      \t^"}},
		{"after a character of two bytes", "- Scän: abc", 4, 10, []string{
			"   4 | - Scän: abc",
			"     |          ^"}},
		{"after a wide character, two columns", "名前: abc", 2, 5, []string{
			"   2 | 名前: abc",
			"     |       ^"}},
		{"after a combining mark, no column", "e\u0301x: abc", 1, 5, []string{
			"   1 | e\u0301x: abc",
			"     |    ^"}},
		{"past the end of the line", "ids: [1,", 9, 9, []string{
			"   9 | ids: [1,",
			"     |         ^"}},
		{"a column not known", "jobs: 3", 2, 0, []string{
			"   2 | jobs: 3"}},
		{"a control character, shown as U+FFFD", "name: a\x1b[31mb", 5, 8, []string{
			"   5 | name: a\uFFFD[31mb",
			"     |        ^"}},
		{"a carriage return at the end", "jobs: x\r", 1, 7, []string{
			"   1 | jobs: x",
			"     |       ^"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Split(excerpt.Line(tt.text, tt.line, tt.col), "\n")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestABlankLineHasNoExcerpt(t *testing.T) {
	if got := excerpt.Line(" \t", 3, 1); got != "" {
		t.Errorf("got %q, want nothing", got)
	}
}

func TestALongLineIsCutAroundTheColumn(t *testing.T) {
	ids := make([]string, 200)
	for i := range ids {
		ids[i] = "1000"
	}
	ids[150] = "abcd"
	text := "- Core: " + strings.Join(ids, ", ")
	col := strings.Index(text, "abcd") + 1
	got := strings.Split(excerpt.Line(text, 33, col), "\n")
	if len(got) != 2 || !strings.HasPrefix(got[0], "   33 | …") || !strings.HasSuffix(got[0], "…") {
		t.Fatalf("not cut at both ends:\n%s", strings.Join(got, "\n"))
	}
	shown := strings.TrimPrefix(got[0], "   33 | ")
	if w := len([]rune(shown)); w > 102 {
		t.Errorf("%d characters shown, want at most 100 and the two cuts", w)
	}
	caret := strings.Index(got[1], "^") - len("   33 | ")
	if under := []rune(shown)[caret:]; !strings.HasPrefix(string(under), "abcd") {
		t.Errorf("the caret is under %q, want abcd:\n%s", string(under), strings.Join(got, "\n"))
	}
}
