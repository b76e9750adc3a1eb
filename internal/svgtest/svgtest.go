// Package svgtest checks the SVG pictures portwave writes the way a
// reader's browser and GitHub see them: well-formed standalone SVG with
// nothing scripted or external, drawn by a real renderer without a
// complaint.
package svgtest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// forbidden are the elements GitHub's sanitizer strips or that would make
// the picture depend on something outside the file.
var forbidden = map[string]bool{"script": true, "foreignObject": true, "image": true, "use": true, "a": true, "style": true, "iframe": true}

// Check decodes every token of an SVG document and checks that it is a
// standalone SVG 1.1 picture: the right root element, namespace, size and
// viewBox, and no scripts, event handlers, links or external resources.
func Check(t testing.TB, data []byte) {
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
		if forbidden[el.Name.Local] {
			t.Errorf("SVG has a <%s> element", el.Name.Local)
		}
		attrs := map[string]string{}
		for _, a := range el.Attr {
			attrs[a.Name.Local] = a.Value
			if strings.HasPrefix(a.Name.Local, "on") || a.Name.Local == "href" {
				t.Errorf("<%s> has a %s attribute", el.Name.Local, a.Name.Local)
			}
		}
		if root {
			root = false
			if el.Name.Space != "http://www.w3.org/2000/svg" || el.Name.Local != "svg" {
				t.Fatalf("root element is %s %s, want svg in the SVG namespace", el.Name.Space, el.Name.Local)
			}
			want := fmt.Sprintf("0 0 %s %s", attrs["width"], attrs["height"])
			if attrs["width"] == "" || attrs["height"] == "" || attrs["viewBox"] != want || attrs["version"] != "1.1" {
				t.Errorf("root attributes %v: want version 1.1, width, height and viewBox %q", attrs, want)
			}
		}
	}
	if root {
		t.Fatal("SVG has no elements")
	}
}

// Render draws the SVG with librsvg's rsvg-convert and fails on any
// complaint it makes, warnings included. It returns the PNG's path. Without
// rsvg-convert the test fails under CI (which installs it) and is skipped
// elsewhere, naming the install command.
func Render(t testing.TB, data []byte) string {
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
	png, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) || len(png) < 1000 {
		t.Fatalf("rsvg-convert wrote %d bytes that are not a plausible PNG", len(png))
	}
	return out
}

// TextByID returns the text of the element with the given id, failing the
// test when there is none.
func TextByID(t testing.TB, data []byte, id string) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			t.Fatalf("no element with id %q in the SVG: %v", id, err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		for _, a := range el.Attr {
			if a.Name.Local == "id" && a.Value == id {
				var text string
				if err := d.DecodeElement(&text, &el); err != nil {
					t.Fatal(err)
				}
				return text
			}
		}
	}
}
