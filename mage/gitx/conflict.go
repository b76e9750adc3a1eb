package gitx

import "bytes"

// ConflictMarkers returns the 1-based lines of src that are git conflict
// markers: a line starting with <<<<<<<, >>>>>>> or |||||||, or a line
// that is exactly =======. A file committed with them is a merge resolved
// by hand and not finished, whatever else it holds.
//
// Every C# file of the tree goes through here on each full audit, so only
// lines whose first byte can start a marker are looked at closely.
func ConflictMarkers(src []byte) []int {
	var lines []int
	for n, i := 1, 0; i < len(src); n++ {
		end := bytes.IndexByte(src[i:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += i
		}
		if markerByte[src[i]] && isMarker(bytes.TrimSuffix(src[i:end], []byte{'\r'})) {
			lines = append(lines, n)
		}
		i = end + 1
	}
	return lines
}

var markerByte = [256]bool{'<': true, '>': true, '|': true, '=': true}

func isMarker(line []byte) bool {
	if len(line) < 7 {
		return false
	}
	c := line[0]
	for _, b := range line[1:7] {
		if b != c {
			return false
		}
	}
	if c == '=' {
		return len(line) == 7
	}
	return len(line) == 7 || line[7] == ' '
}
