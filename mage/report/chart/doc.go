// Package chart draws the report's pictures as standalone SVG files: a
// burn-up of verified items over time and a timeline (Gantt) of one run's
// batches and their stages.
//
// The SVG is written by hand, element by element. The two maintained
// pure-Go charting modules on the Go module proxy were weighed and left out:
//
//   - github.com/go-analyze/charts (v0.6.4) has line charts on a category
//     axis but no stepped series and no Gantt, and it measures text with an
//     embedded TrueType font through golang/freetype and x/image, naming that
//     font in the output;
//   - gonum.org/v1/plot (v0.17.0) could draw both with custom plotters, but it
//     brings gonum, font, LaTeX and PDF modules, embeds Liberation fonts and
//     writes text styled for them.
//
// Either would add several modules to go.mod for two small pictures, and
// neither gives what the report needs: a few kilobytes of SVG 1.1 with real
// <text> in the reader's system font, no scripts, no foreignObject, no
// external references, so that GitHub's sanitizer keeps it and a browser or
// librsvg draws it the same way. Hand-written output also stays byte-for-byte
// deterministic, which the golden tests rely on.
//
// Text widths are estimated (about 0.6 em a character) rather than measured,
// since no font is embedded; layouts leave room for that slack. Times are
// shown in UTC so that a chart does not change with the machine's zone.
package chart
