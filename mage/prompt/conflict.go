package prompt

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"

	"portwave/mage/plan"
)

// ConflictData is what the conflict template sees: the batch, the two
// branches and, for each conflicted file, its hunks with both sides.
type ConflictData struct {
	Batch      plan.Batch
	Branch     string // ours: the batch's branch
	Main       string // theirs: the main branch
	MainCommit string // main's commit being merged, abbreviated
	Build      string
	Files      []ConflictFile
}

// ConflictFile is one conflicted file, by its path in the worktree.
type ConflictFile struct {
	Path        string
	MainCommits []string // main's commits that changed it since the branch, "<hash> <subject>"
	Hunks       []Hunk
	Omitted     int // hunks left out to keep the prompt within its budget
}

// Hunk is one conflict region of a file: the lines between its markers,
// the base when the file was written in the diff3 style, and a few lines
// of context either side.
type Hunk struct {
	Line          int // 1-based line of its <<<<<<< marker
	Ours, Theirs  string
	Base          string
	HasBase       bool
	Before, After string
}

// Hunks finds the conflict regions of a file's text; context is the number
// of lines kept either side. A region left unterminated is not a hunk.
func Hunks(src string, context int) []Hunk {
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	var out []Hunk
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "<<<<<<<") {
			continue
		}
		h := Hunk{Line: i + 1}
		part, sides := 0, [3][]string{} // ours, base, theirs
		j := i + 1
		for ; j < len(lines); j++ {
			l := lines[j]
			switch {
			case part == 0 && strings.HasPrefix(l, "|||||||"):
				part, h.HasBase = 1, true
				continue
			case part < 2 && l == "=======":
				part = 2
				continue
			case part == 2 && strings.HasPrefix(l, ">>>>>>>"):
			default:
				sides[part] = append(sides[part], l)
				continue
			}
			break
		}
		if j == len(lines) {
			break
		}
		h.Ours, h.Base, h.Theirs = strings.Join(sides[0], "\n"), strings.Join(sides[1], "\n"), strings.Join(sides[2], "\n")
		h.Before = strings.Join(lines[max(0, i-context):i], "\n")
		h.After = strings.Join(lines[j+1:min(len(lines), j+1+context)], "\n")
		out = append(out, h)
		i = j
	}
	return out
}

// size is about how many characters a hunk takes in the prompt.
func (h Hunk) size() int {
	return len(h.Ours) + len(h.Theirs) + len(h.Base) + len(h.Before) + len(h.After) + 200
}

// RenderConflict renders the conflict template. Hunks are kept in file
// order until budget tokens are used; the first hunk of every file is
// always kept, so each conflicted file is named with at least one hunk.
func RenderConflict(name, text string, d ConflictData, budget int) (string, error) {
	t, err := template.New(name).Option("missingkey=error").Funcs(funcs).Parse(text)
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	left := budget * CharsPerToken
	for i := range d.Files {
		f := &d.Files[i]
		for k, h := range f.Hunks {
			if left -= h.size(); left < 0 && k > 0 {
				f.Omitted = len(f.Hunks) - k
				f.Hunks = f.Hunks[:k]
				break
			}
		}
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, d); err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	return buf.String(), nil
}
