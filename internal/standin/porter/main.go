// Command porter stands in for the model behind a `command` agent in the
// tests that run a whole plan: given a batch's prompt on stdin, in the
// batch's worktree, it ports every feature the prompt lists, in the file
// the prompt names for it, as an obedient model would. A feature whose
// member the file declares as a stub gets a real body there; one the file
// does not declare is added to the file, in a partial class of its own
// (a new file is created), which is what a model told to write there does
// even when the stub is somewhere else.
//
// The environment tunes it:
//
//	PORTER_LEAVE=ID[,ID...]  leave these features as they are on the first
//	                         attempt (the gate must send the batch back)
//	PORTER_FAIL=MESSAGE      print MESSAGE and exit 1 without porting
//	PORTER_APPEND=1          port a stub as an agent that appends does:
//	                         remove it and write the implementation
//	                         before the closing brace of its class's
//	                         home file, <Class>.cs
//
// It reads the prompt as a model does, by its headings: the C# root from
// "## Files you may change (relative to ROOT)", each feature from
// "### Feature ID: GoName -> Class.Member" and the "C# file: FILE" line
// under it, the attempt from "This is attempt N".
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

var (
	rootLine    = regexp.MustCompile(`^## (?:Files you may change|Target files) \(relative to (.+)\)$`)
	featureLine = regexp.MustCompile(`^### Feature (\d+): (\S+) -> (\S+)\.([^.\s]+)$`)
	fileLine    = regexp.MustCompile(`C# file: (\S+)\s*$`)
	attemptLine = regexp.MustCompile(`^This is attempt (\d+)\.`)
)

// feature is one feature the prompt asks for.
type feature struct {
	id                    int
	goName, class, member string
	file                  string // relative to the C# root
}

// request is what the prompt says.
type request struct {
	root     string
	attempt  int
	features []feature
}

func main() {
	if msg := os.Getenv("PORTER_FAIL"); msg != "" {
		fmt.Fprintln(os.Stderr, msg)
		os.Exit(1)
	}
	req, err := read(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "porter:", err)
		os.Exit(2)
	}
	leave := map[int]bool{}
	if req.attempt <= 1 {
		for _, s := range strings.Split(os.Getenv("PORTER_LEAVE"), ",") {
			if id, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
				leave[id] = true
			}
		}
	}
	ported := 0
	for _, f := range req.features {
		if leave[f.id] {
			fmt.Printf("feature %d: left as it is\n", f.id)
			continue
		}
		where, err := port(req.root, f)
		if err != nil {
			fmt.Fprintf(os.Stderr, "porter: feature %d: %v\n", f.id, err)
			os.Exit(1)
		}
		fmt.Printf("feature %d: %s.%s %s\n", f.id, f.class, f.member, where)
		ported++
	}
	fmt.Printf("ported %d of %d features\n", ported, len(req.features))
}

// read parses the prompt.
func read(r io.Reader) (request, error) {
	req := request{attempt: 1}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if m := rootLine.FindStringSubmatch(line); m != nil && req.root == "" {
			req.root = m[1]
		}
		if m := attemptLine.FindStringSubmatch(line); m != nil {
			req.attempt, _ = strconv.Atoi(m[1])
		}
		if m := featureLine.FindStringSubmatch(line); m != nil {
			id, _ := strconv.Atoi(m[1])
			req.features = append(req.features, feature{id: id, goName: m[2], class: m[3], member: m[4]})
			continue
		}
		if m := fileLine.FindStringSubmatch(line); m != nil && len(req.features) > 0 {
			if f := &req.features[len(req.features)-1]; f.file == "" {
				f.file = m[1]
			}
		}
	}
	if err := sc.Err(); err != nil {
		return req, err
	}
	if req.root == "" {
		return req, fmt.Errorf("the prompt names no C# root (a \"## Files you may change (relative to ...)\" heading)")
	}
	for _, f := range req.features {
		if f.file == "" {
			return req, fmt.Errorf("feature %d has no \"C# file:\" line", f.id)
		}
	}
	return req, nil
}

// port gives the feature a body in its file and says how.
func port(root string, f feature) (string, error) {
	path := filepath.Join(root, filepath.FromSlash(f.file))
	src, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return "", err
	}
	if os.Getenv("PORTER_APPEND") == "1" {
		if where, ok, err := appendPort(root, f); ok {
			return where, err
		}
	}
	if out, ok := implementStub(src, f); ok {
		return "implemented in place in " + f.file, os.WriteFile(path, out, 0o644)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	return "added to " + f.file, os.WriteFile(path, addMember(root, src, f), 0o644)
}
