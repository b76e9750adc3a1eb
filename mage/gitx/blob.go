package gitx

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"

	"portwave/mage/proc"
)

// ReadTree hands fn every file under dir (relative to the repository's
// top, "" for all) as it is in commit, not as the working tree has it:
// what a batch started from stays readable however its worktree has moved
// on. keep chooses the files by path; paths are slash-separated and
// relative to the repository's top. Two git processes run, whatever the
// number of files.
func (r Repo) ReadTree(ctx context.Context, commit, dir string, keep func(path string) bool, fn func(path string, data []byte)) error {
	args := []string{"ls-tree", "-r", "-z", "--full-tree", commit}
	if dir != "" && dir != "." {
		args = append(args, "--", strings.TrimSuffix(dir, "/")+"/")
	}
	listing, err := r.Run(ctx, args...)
	if err != nil {
		return err
	}
	var paths []string
	var objects strings.Builder
	for _, entry := range strings.Split(listing, "\x00") {
		meta, path, ok := strings.Cut(entry, "\t")
		fields := strings.Fields(meta)
		if !ok || len(fields) != 3 || fields[1] != "blob" || !keep(path) {
			continue
		}
		paths = append(paths, path)
		objects.WriteString(fields[2] + "\n")
	}
	if len(paths) == 0 {
		return nil
	}
	var out, errb bytes.Buffer
	if _, err := proc.Run(ctx, proc.Spec{Name: "git", Args: []string{"cat-file", "--batch"}, Dir: r.Dir, Env: r.env(),
		Stdin: strings.NewReader(objects.String()), Stdout: &out, Stderr: &errb}); err != nil {
		return fmt.Errorf("git cat-file --batch: %w: %s", err, strings.TrimSpace(errb.String()))
	}
	data := out.Bytes()
	for _, path := range paths {
		// Each object is "<name> blob <size>\n<content>\n".
		nl := bytes.IndexByte(data, '\n')
		if nl < 0 {
			return fmt.Errorf("git cat-file --batch: output ends before %s", path)
		}
		header := strings.Fields(string(data[:nl]))
		if len(header) != 3 || header[1] != "blob" {
			return fmt.Errorf("git cat-file --batch: %q for %s", data[:nl], path)
		}
		size, err := strconv.Atoi(header[2])
		if err != nil || nl+1+size > len(data) {
			return fmt.Errorf("git cat-file --batch: bad size in %q for %s", data[:nl], path)
		}
		fn(path, data[nl+1:nl+1+size])
		data = data[min(nl+2+size, len(data)):]
	}
	return nil
}
