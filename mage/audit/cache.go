package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"portwave/mage/input"
)

// cacheVersion changes whenever the cached shape or the scanner's verdicts
// change, so an old cache is ignored rather than trusted.
const cacheVersion = 5 // 5: unreadable declarations are scan errors; symbols from the project files

// cache is what an audit leaves for the next one: the commit the tree was
// at and every file's scan. It lives outside porting.db (in the workspace's
// .git folder) because it is derived data, private to one clone, and would
// only bloat the commits of porting.db.
//
// A loaded or saved cache is shared by later audits of the process and
// must not be changed.
type cache struct {
	Version    int
	Commit     string
	Root       string
	StubMarker string
	Symbols    string // the builds the tree was scanned with (Symbols.Key)
	Files      map[string]FileScan
	// Dirty are the files that differed from Commit in the working tree when
	// the cache was saved: they are rescanned next time whatever git says,
	// since they may have been changed back without a commit.
	Dirty []string
}

// last is the newest cache this process has, with the SHA-256 of the file
// it last loaded or saved. The orchestrator audits after every merge, and
// decoding the cache of a large tree each time took longer than scanning a
// batch's files, as did encoding it again: while the file on disk hashes
// as remembered, the copy in memory is used (hashing reads the file but
// costs a fraction of decoding it; a file's inode, size and modification
// time cannot tell a rewrite within the same clock tick), and an audit
// that started from it and rescanned a few files keeps its cache in memory
// only. A process's first audit always writes the file, so a one-shot
// `mage audit` leaves it current; a new process after an orchestrator
// starts from a file that is older but right for its commit, and rescans
// what changed since, at most unsaved files more.
var last struct {
	sync.Mutex
	path  string
	sum   [sha256.Size]byte
	c     *cache
	drift int  // files scanned into c since the file was written
	hit   bool // the last load was served from memory
}

// unsaved is how many rescanned files an audit keeps in memory before it
// writes the cache out.
func unsaved(files int) int { return max(64, files/50) }

func remember(path string, sum [sha256.Size]byte, c *cache) {
	last.Lock()
	defer last.Unlock()
	last.path, last.sum, last.c, last.drift, last.hit = path, sum, c, 0, false
}

func remembered(path string, sum [sha256.Size]byte) *cache {
	last.Lock()
	defer last.Unlock()
	if last.c == nil || last.path != path || last.sum != sum {
		return nil
	}
	last.hit = true
	return last.c
}

// keep makes c the newest cache in memory without writing it, when the
// audit started from the cache in memory and the files scanned since the
// file was written stay under unsaved. It reports whether it did; if not,
// the caller saves c. Should the file change meanwhile, the next load
// finds another hash and reads it.
func keep(path string, c *cache, scanned, files int) bool {
	last.Lock()
	defer last.Unlock()
	if last.c == nil || !last.hit || last.path != path || last.drift+scanned > unsaved(files) {
		return false
	}
	last.c, last.drift = c, last.drift+scanned
	return true
}

func loadCache(path string) (*cache, error) {
	data, err := input.ReadFile(path, input.MaxCache)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	if c := remembered(path, sum); c != nil {
		return c, nil
	}
	var c cache
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&c); err != nil {
		return nil, fmt.Errorf("audit cache %s is corrupt: %w", path, err)
	}
	if c.Version != cacheVersion {
		return nil, fmt.Errorf("audit cache %s has version %d, want %d", path, c.Version, cacheVersion)
	}
	remember(path, sum, &c)
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
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	remember(path, sha256.Sum256(buf.Bytes()), c)
	return nil
}
