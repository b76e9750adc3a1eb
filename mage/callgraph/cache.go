package callgraph

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"os"
	"path/filepath"
)

// cacheVersion changes whenever what Build records changes, so that an
// older cache is rebuilt rather than misread.
const cacheVersion = 1

// CacheFile is the cache's name inside the cache directory.
const CacheFile = "callgraph.gob"

// cached is what the cache file holds.
type cached struct {
	Version int
	Hash    string
	Nodes   []Node
	Skipped []string
}

// Build reads the Go tree under root and builds its graph, with no cache.
func Build(ctx context.Context, root string) (*Graph, error) {
	src, err := readSource(root)
	if err != nil {
		return nil, err
	}
	return build(ctx, src)
}

// Load returns the graph of the Go tree under root, from cacheDir when the
// cache there was built from the same content of every Go file, else built
// afresh and written there. An empty cacheDir means no cache. A cache that
// cannot be read or decoded is rebuilt; one that cannot be written leaves the
// graph good and says so in Graph.Cache.
func Load(ctx context.Context, root, cacheDir string) (*Graph, error) {
	src, err := readSource(root)
	if err != nil {
		return nil, err
	}
	file := filepath.Join(cacheDir, CacheFile)
	why := "no cache directory"
	if cacheDir != "" {
		why = "no cache yet"
		if data, err := os.ReadFile(file); err == nil {
			var c cached
			switch err := gob.NewDecoder(bytes.NewReader(data)).Decode(&c); {
			case err != nil:
				why = fmt.Sprintf("cache unreadable (%v)", err)
			case c.Version != cacheVersion:
				why = "cache from another version"
			case c.Hash != src.hash:
				why = "Go files changed"
			default:
				g := &Graph{Nodes: c.Nodes, Skipped: c.Skipped, Cache: "from cache " + file}
				g.reindex()
				return g, nil
			}
		}
	}
	g, err := build(ctx, src)
	if err != nil {
		return nil, err
	}
	g.Cache = "built: " + why
	if cacheDir != "" {
		if err := save(file, cached{Version: cacheVersion, Hash: src.hash, Nodes: g.Nodes, Skipped: g.Skipped}); err != nil {
			g.Cache += fmt.Sprintf("; not cached: %v", err)
		} else {
			g.Cache += "; cached in " + file
		}
	}
	return g, nil
}

// save writes the cache through a temporary file, so that a reader never
// sees half of it.
func save(file string, c cached) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(c); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), CacheFile+".*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(buf.Bytes())
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		os.Remove(tmp.Name())
		if werr != nil {
			return werr
		}
		return cerr
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
