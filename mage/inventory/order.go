package inventory

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"portwave/mage/port"
)

// CompareFiles orders two slash-separated Go file paths the way the port's
// tracker numbered them, returning -1, 0 or +1 as for slices.SortFunc. IDs
// follow this order, then the order of declarations inside each file.
//
// The tracker used a different rule for each kind, and the NatsNet inventory
// shows both (the fixture test checks them):
//
//   - Features: a directory's files come before the files of its
//     subdirectories, and directories are compared name by name. So
//     server/websocket.go comes before server/avl/seqset.go, and conf/ comes
//     before internal/antithesis/, which comes before logger/. This is a walk
//     of the tree that lists each directory's files before descending.
//   - Tests: plain byte order of the whole path, so server/ats/ats_test.go
//     sits between server/accounts_test.go and server/auth_callout_test.go.
func CompareFiles(kind port.Kind, a, b string) int {
	if kind == port.Test {
		return strings.Compare(a, b)
	}
	dirA, fileA := path.Split(a)
	dirB, fileB := path.Split(b)
	if c := slices.Compare(dirParts(dirA), dirParts(dirB)); c != 0 {
		return c
	}
	return cmp.Compare(fileA, fileB)
}

// dirParts splits "server/avl/" into its names. slices.Compare then puts a
// directory before its subdirectories (a prefix sorts first), and compares
// siblings by name, so "a" comes before "a-b" even though '-' < '/'.
func dirParts(dir string) []string {
	dir = strings.TrimSuffix(dir, "/")
	if dir == "" {
		return nil
	}
	return strings.Split(dir, "/")
}
