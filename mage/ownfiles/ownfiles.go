// Package ownfiles records the files portwave writes into a workspace
// outside a run (the report, a db:export into the repository), so that the
// checks for a clean main checkout (preflight, and the merge stage before
// main moves) pass over them: portwave's own writes never block the next
// run. A file counts as portwave's only while it holds what portwave wrote,
// by SHA-256; once someone edits it, it is theirs, and a dirty checkout is
// reported as before.
//
// The record is .git/portwave/own-files.json, beside portwave's locks and
// caches: in the repository's git folder, so it is never part of the tree.
package ownfiles

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// FileName is the record, in the git folder's portwave/.
const FileName = "own-files.json"

// entry is one file portwave wrote.
type entry struct {
	SHA256  string    `json:"sha256"`
	Command string    `json:"command"`
	Written time.Time `json:"written"`
}

// Record notes that command wrote the files at paths (absolute, or
// relative to repoDir) in the repository at repoDir, whose shared git
// folder is gitDir, as they are now.
func Record(gitDir, repoDir, command string, paths ...string) error {
	rec, err := load(gitDir)
	if err != nil {
		return err
	}
	for _, p := range paths {
		rel, abs, ok := inside(repoDir, p)
		if !ok {
			continue
		}
		sum, err := hash(abs)
		if err != nil {
			return fmt.Errorf("recording %s: %w", p, err)
		}
		rec[rel] = entry{SHA256: sum, Command: command, Written: time.Now().UTC()}
	}
	return save(gitDir, rec)
}

// Others returns the paths (slash-separated, relative to repoDir, as git
// status gives them) that are not portwave's own files as portwave wrote
// them.
func Others(gitDir, repoDir string, paths []string) []string {
	rec, err := load(gitDir)
	if err != nil || len(rec) == 0 {
		return paths
	}
	var out []string
	for _, p := range paths {
		e, ok := rec[p]
		if ok {
			if sum, err := hash(filepath.Join(repoDir, filepath.FromSlash(p))); err == nil && sum == e.SHA256 {
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

func inside(repoDir, p string) (rel, abs string, ok bool) {
	abs = p
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(repoDir, p)
	}
	r, err := filepath.Rel(repoDir, abs)
	if err != nil || r == ".." || len(r) > 3 && r[:3] == "../" {
		return "", "", false
	}
	return filepath.ToSlash(r), abs, true
}

func hash(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func recordPath(gitDir string) string { return filepath.Join(gitDir, "portwave", FileName) }

// load reads the record; a missing or unreadable one is empty (the worst
// it costs is a dirty checkout reported as before).
func load(gitDir string) (map[string]entry, error) {
	rec := map[string]entry{}
	data, err := os.ReadFile(recordPath(gitDir))
	if errors.Is(err, os.ErrNotExist) {
		return rec, nil
	}
	if err != nil {
		return rec, err
	}
	if json.Unmarshal(data, &rec) != nil {
		return map[string]entry{}, nil
	}
	return rec, nil
}

func save(gitDir string, rec map[string]entry) error {
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(recordPath(gitDir)), 0o755); err != nil {
		return err
	}
	tmp := recordPath(gitDir) + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, recordPath(gitDir))
}
