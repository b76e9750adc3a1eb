package audit

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"portwave/mage/input"
)

// cacheVersion changes whenever the cached shape or the scanner's verdicts
// change, so an old cache is ignored rather than trusted.
const cacheVersion = 3

// cache is what an audit leaves for the next one: the commit the tree was
// at and every file's scan. It lives outside porting.db (in the workspace's
// .git folder) because it is derived data, private to one clone, and would
// only bloat the commits of porting.db.
type cache struct {
	Version    int
	Commit     string
	Root       string
	StubMarker string
	Symbols    string // the preprocessor symbols, joined by commas
	Files      map[string]FileScan
	// Dirty are the files that differed from Commit in the working tree when
	// the cache was saved: they are rescanned next time whatever git says,
	// since they may have been changed back without a commit.
	Dirty []string
}

func loadCache(path string) (*cache, error) {
	data, err := input.ReadFile(path, input.MaxCache)
	if err != nil {
		return nil, err
	}
	var c cache
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&c); err != nil {
		return nil, fmt.Errorf("audit cache %s is corrupt: %w", path, err)
	}
	if c.Version != cacheVersion {
		return nil, fmt.Errorf("audit cache %s has version %d, want %d", path, c.Version, cacheVersion)
	}
	return &c, nil
}

func (c *cache) save(path string) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(c); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
