package plan

import (
	"io/fs"
	"path"
)

// Dependents lists the batches in the plan that depend on batch id: the
// other side of the graph that Deps shows.
func (p *Plan) Dependents(id int) []int { return p.graph().dependents[id] }

// LoadBatchesFS is LoadBatches on a directory of fsys: the fuzz test's
// batch files live in memory.
func LoadBatchesFS(fsys fs.FS, dir string) (*Plan, error) {
	return loadBatches(fsys, dir, func(name string) string { return path.Join(dir, name) })
}
