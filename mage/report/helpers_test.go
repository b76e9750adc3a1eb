package report_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"portwave/mage/report/chart"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites that file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run go test -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from the output (-want +got), run go test -update if the change is meant:\n%s", path, diff)
	}
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkSVG decodes every token of an SVG document and checks that it is an
// SVG root with nothing scripted or external in it.
func checkSVG(t *testing.T, data []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	root := true
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if root && (el.Name.Space != "http://www.w3.org/2000/svg" || el.Name.Local != "svg") {
			t.Fatalf("root element is %s %s, want svg in the SVG namespace", el.Name.Space, el.Name.Local)
		}
		root = false
		switch el.Name.Local {
		case "script", "foreignObject", "image", "a", "use", "style":
			t.Errorf("SVG has a <%s> element", el.Name.Local)
		}
	}
	if root {
		t.Fatal("SVG has no elements")
	}
}

// renderPNG draws an SVG with librsvg and fails on any complaint it makes,
// warnings included.
func renderPNG(t *testing.T, data []byte) {
	t.Helper()
	bin, err := exec.LookPath("rsvg-convert")
	if err != nil {
		const install = "apt-get update && apt-get install -y librsvg2-bin"
		if os.Getenv("CI") != "" {
			t.Fatalf("rsvg-convert is missing; install it with: %s", install)
		}
		t.Skipf("rsvg-convert is missing; install it with: %s", install)
	}
	out := filepath.Join(t.TempDir(), "chart.png")
	cmd := exec.CommandContext(t.Context(), bin, "--format=png", "--output="+out)
	cmd.Stdin = bytes.NewReader(data)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("rsvg-convert failed: %v\n%s", err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Fatalf("rsvg-convert complained:\n%s", stderr.String())
	}
	if png := read(t, out); !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) || len(png) < 1000 {
		t.Fatalf("rsvg-convert wrote %d bytes that are not a plausible PNG", len(png))
	}
}

// lastVerifiedLabel reads the label of the burn-up's last point.
func lastVerifiedLabel(t *testing.T, svg []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(svg))
	for {
		tok, err := d.Token()
		if err != nil {
			t.Fatalf("no element with id %q in the burn-up: %v", chart.LastVerifiedID, err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		for _, a := range el.Attr {
			if a.Name.Local == "id" && a.Value == chart.LastVerifiedID {
				var text string
				if err := d.DecodeElement(&text, &el); err != nil {
					t.Fatal(err)
				}
				return text
			}
		}
	}
}

// thousands writes n with commas, as the chart labels counts.
func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
