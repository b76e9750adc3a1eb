package plan

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// checkTarget says what is wrong with a target path, or "". A target must
// name a file inside the C# root, written relative to it with forward
// slashes, so that the batch's changes can be checked against its targets on
// any machine. When root is given, directories on the way that exist are
// resolved, so that a symlink cannot lead out of the root either.
func checkTarget(p, root string) string {
	switch {
	case strings.TrimSpace(p) == "":
		return "empty target path; want a file relative to the C# root"
	case strings.ContainsFunc(p, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return fmt.Sprintf("target path %q contains a control character", p)
	case strings.Contains(p, `\`):
		return fmt.Sprintf("target path %q contains a backslash; want forward slashes, relative to the C# root", p)
	case strings.HasPrefix(p, "/") || hasDrive(p):
		return fmt.Sprintf("target path %q is absolute; want a path relative to the C# root", p)
	}
	clean := path.Clean(p)
	switch {
	case clean == ".." || strings.HasPrefix(clean, "../"):
		return fmt.Sprintf("target path %q leaves the C# root", p)
	case clean == ".":
		return fmt.Sprintf("target path %q names the C# root itself; want a file inside it", p)
	}
	if root == "" {
		return ""
	}
	if to, ok := resolveInside(root, clean); !ok {
		return fmt.Sprintf("target path %q leaves the C# root through a symlink (to %s)", p, to)
	}
	return ""
}

// hasDrive reports a Windows drive prefix such as "C:", which makes a path
// absolute there even with forward slashes.
func hasDrive(p string) bool {
	return len(p) >= 2 && p[1] == ':' && ((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= 'A' && p[0] <= 'Z'))
}

// resolveInside resolves the longest existing prefix of root/rel through
// symlinks and reports whether it is still inside root. A root that does not
// exist yet cannot be escaped from.
func resolveInside(root, rel string) (string, bool) {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return "", true
	}
	at := filepath.Join(root, filepath.FromSlash(rel))
	for {
		if _, err := os.Lstat(at); err == nil {
			break
		}
		parent := filepath.Dir(at)
		if parent == at {
			return "", true
		}
		at = parent
	}
	real, err := filepath.EvalSymlinks(at)
	if err != nil {
		// A dangling link: where it points does not exist yet, but a write
		// through it would land there.
		to, _ := os.Readlink(at)
		return fmt.Sprintf("%s, which does not resolve", to), false
	}
	if r, err := filepath.Rel(realRoot, real); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return real, false
	}
	return real, true
}
