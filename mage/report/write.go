package report

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// LatestName is the report that is always the newest one.
const LatestName = "latest.md"

// LatestJSONName is the newest JSON twin.
const LatestJSONName = "latest.json"

// Files are the paths Write wrote; JSON and LatestJSON are empty when no
// JSON twin was asked for.
type Files struct {
	Markdown   string // DIR/YYYY-MM-DD-report.md
	Latest     string // DIR/latest.md
	BurnUp     string // DIR/YYYY-MM-DD-burnup.svg
	Gantt      string // DIR/YYYY-MM-DD-gantt.svg
	Cost       string // DIR/YYYY-MM-DD-cost.svg
	JSON       string // DIR/YYYY-MM-DD-report.json
	LatestJSON string // DIR/latest.json
}

// fileNames are the base names of one day's report files. The charts carry
// the date too, so an older report still shows its own pictures.
type fileNames struct {
	Markdown, BurnUp, Gantt, Cost, JSON string
}

func namesFor(day time.Time) fileNames {
	d := day.UTC().Format(dateLayout)
	return fileNames{
		Markdown: d + reportSuffix,
		BurnUp:   d + "-burnup.svg",
		Gantt:    d + "-gantt.svg",
		Cost:     d + "-cost.svg",
		JSON:     d + "-report.json",
	}
}

// Write puts the report into the reports directory dir (made if missing):
// the dated markdown and latest.md, the burn-up and the timeline as SVG
// beside them, and, when Build was asked for it (Options.JSON), the JSON
// twin and latest.json. now dates the file names (UTC); it is normally
// r.Generated, which is used when now is zero. Each file is written to a
// temporary name and renamed, the markdown last, so a reader never sees a
// half-written file or a report whose pictures are not there yet.
func Write(dir string, r *Report, now time.Time) (Files, error) {
	if now.IsZero() {
		now = r.Generated
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Files{}, fmt.Errorf("writing the report: %w", err)
	}
	names := namesFor(now)
	f := Files{
		Markdown: filepath.Join(dir, names.Markdown),
		Latest:   filepath.Join(dir, LatestName),
		BurnUp:   filepath.Join(dir, names.BurnUp),
		Gantt:    filepath.Join(dir, names.Gantt),
		Cost:     filepath.Join(dir, names.Cost),
	}
	var md bytes.Buffer
	if err := writeMarkdown(&md, r, names); err != nil {
		return Files{}, fmt.Errorf("writing the report: %w", err)
	}
	outs := []output{
		{f.BurnUp, func(w io.Writer) error { return WriteBurnUp(w, r) }},
		{f.Gantt, func(w io.Writer) error { return WriteGantt(w, r) }},
		{f.Cost, func(w io.Writer) error { return WriteCostChart(w, r) }},
	}
	if r.jsonTwin {
		f.JSON, f.LatestJSON = filepath.Join(dir, names.JSON), filepath.Join(dir, LatestJSONName)
		var js bytes.Buffer
		if err := WriteJSON(&js, r); err != nil {
			return Files{}, fmt.Errorf("writing the report: %w", err)
		}
		outs = append(outs, output{f.JSON, bytesOf(js.Bytes())}, output{f.LatestJSON, bytesOf(js.Bytes())})
	}
	outs = append(outs, output{f.Markdown, bytesOf(md.Bytes())}, output{f.Latest, bytesOf(md.Bytes())})
	for _, o := range outs {
		if err := writeAtomic(o.path, o.fill); err != nil {
			return Files{}, fmt.Errorf("writing the report: %w", err)
		}
	}
	return f, nil
}

// output is one file of a report and what goes in it.
type output struct {
	path string
	fill func(io.Writer) error
}

func bytesOf(b []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}
}

// writeAtomic fills a temporary file beside path and renames it over path.
func writeAtomic(path string, fill func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if err := fill(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
