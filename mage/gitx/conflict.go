package gitx

import "bytes"

// ConflictMarkers returns the 1-based lines of src that are git conflict
// markers: a line starting with <<<<<<<, >>>>>>> or |||||||, or a line
// that is exactly =======. A file committed with them is a merge resolved
// by hand and not finished, whatever else it holds.
func ConflictMarkers(src []byte) []int {
	var lines []int
	for n, rest := 1, src; len(rest) > 0; n++ {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if isMarker(line) {
			lines = append(lines, n)
		}
	}
	return lines
}

func isMarker(line []byte) bool {
	for _, m := range [][]byte{[]byte("<<<<<<<"), []byte(">>>>>>>"), []byte("|||||||")} {
		if bytes.HasPrefix(line, m) && (len(line) == len(m) || line[len(m)] == ' ') {
			return true
		}
	}
	return string(line) == "======="
}
