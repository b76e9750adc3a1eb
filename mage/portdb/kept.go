package portdb

import (
	"slices"
	"sync"

	"portwave/mage/port"
)

// keptItems is what Items last read of each kind, with the item_changes
// count it was read at. item_changes is kept by triggers on features,
// unit_tests and modules (schema 3), so it moves with every write to them,
// by this process, another portwave or any SQLite client; while it stands
// still the kept items are the table's. The audit the orchestrator runs
// after every merge reads every item, and reading them again was most of
// its time; its own status changes are applied to the kept items as they
// are written (ApplyChanges), so they do not make the next audit read
// everything again.
type keptItems struct {
	mu     sync.Mutex
	byKind map[port.Kind]kept
}

type kept struct {
	changes int64
	items   []port.Item // by ID
}

// get returns a copy of the kept items of kind when they were read at
// changes.
func (k *keptItems) get(kind port.Kind, changes int64) ([]port.Item, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	e, ok := k.byKind[kind]
	if !ok || e.changes != changes {
		return nil, false
	}
	return slices.Clone(e.items), true
}

// put keeps a copy of items, read at changes.
func (k *keptItems) put(kind port.Kind, changes int64, items []port.Item) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.byKind == nil {
		k.byKind = map[port.Kind]kept{}
	}
	k.byKind[kind] = kept{changes, slices.Clone(items)}
}

// applied brings the kept items up to date with a write that moved
// item_changes from before to after and did nothing to the items but the
// given status changes. Items kept at another count are dropped.
func (k *keptItems) applied(changes []Change, before, after int64) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for kind, e := range k.byKind {
		if e.changes != before {
			delete(k.byKind, kind)
			continue
		}
		for _, c := range changes {
			if c.Kind != kind {
				continue
			}
			i, found := slices.BinarySearchFunc(e.items, c.ID, func(it port.Item, id int) int { return it.ID - id })
			if !found || e.items[i].Status != c.From {
				delete(k.byKind, kind) // not what was written: read again
				break
			}
			e.items[i].Status = c.To
		}
		if _, ok := k.byKind[kind]; ok {
			k.byKind[kind] = kept{after, e.items}
		}
	}
}
