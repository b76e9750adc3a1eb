package csmerge

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"portwave/mage/proc"
)

// mergeIDs merges three sequences of unit numbers (base, ours, theirs)
// with git's own three-way merge, one number per line: where only one side
// changed the base, or both changed it alike, git's answer stands; each
// place both changed differently goes to resolve with the three parts.
// Using git merge-file keeps the structural merge's notion of "the same
// place" exactly git's.
func mergeIDs(ctx context.Context, seqs [3][]int, resolve func(base, ours, theirs []int) ([]int, error)) ([]int, error) {
	dir, err := os.MkdirTemp("", "portwave-csmerge-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var paths [3]string
	for i, seq := range seqs {
		var b bytes.Buffer
		for _, id := range seq {
			b.WriteString(strconv.Itoa(id))
			b.WriteByte('\n')
		}
		paths[i] = filepath.Join(dir, sideNames[i])
		if err := os.WriteFile(paths[i], b.Bytes(), 0o600); err != nil {
			return nil, err
		}
	}
	var out, stderr bytes.Buffer
	_, err = proc.Run(ctx, proc.Spec{Name: "git", Args: []string{"merge-file", "-p", "--diff3", "--marker-size=7",
		"-L", "ours", "-L", "base", "-L", "theirs", paths[1], paths[0], paths[2]}, Stdout: &out, Stderr: &stderr})
	var exit *proc.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.Code > 0 && exit.Code < 128) {
		return nil, fmt.Errorf("git merge-file: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return readMerged(out.String(), resolve)
}

// readMerged reads git merge-file's diff3 output of numbers, resolving
// each conflict block.
func readMerged(text string, resolve func(base, ours, theirs []int) ([]int, error)) ([]int, error) {
	var merged []int
	var parts [3][]int
	part := -1 // outside a conflict block; else 1 ours, 0 base, 2 theirs
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "<<<<<<< "):
			part, parts = 1, [3][]int{}
			continue
		case strings.HasPrefix(line, "||||||| ") && part == 1:
			part = 0
			continue
		case line == "=======" && part == 0:
			part = 2
			continue
		case strings.HasPrefix(line, ">>>>>>> ") && part == 2:
			ids, err := resolve(parts[0], parts[1], parts[2])
			if err != nil {
				return nil, err
			}
			merged, part = append(merged, ids...), -1
			continue
		}
		id, err := strconv.Atoi(line)
		if err != nil {
			return nil, fmt.Errorf("git merge-file gave an unexpected line %q", line)
		}
		if part < 0 {
			merged = append(merged, id)
		} else {
			parts[part] = append(parts[part], id)
		}
	}
	if part >= 0 {
		return nil, errors.New("git merge-file left a conflict block open")
	}
	return merged, nil
}
