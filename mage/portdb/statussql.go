package portdb

import (
	"fmt"
	"strings"

	"portwave/mage/port"
)

// The SQL forms of port's rules over statuses. Each is built from the Go
// rule when the package loads, so the schema and the queries cannot drift
// from port: the set, "done" and "regression" are written once, there.

// statusList is port's status set as an SQL list: 'verified','complete',...
var statusList = sqlList(port.Statuses)

// statusCheck is the CHECK constraint every status column carries, so that no
// writer, portwave or another tool, can store a status outside the closed set.
// Databases keep the constraint they were created with: a status added to
// port needs a migration that rebuilds the item and history tables.
var statusCheck = `CHECK (status IN (` + statusList + `))`

// verifiedText is port.Verified as an SQL literal.
var verifiedText = sqlText(string(port.Verified))

// openList is the statuses that still need porting work (not Done).
var openList = sqlList(statusesWhere(func(s port.Status) bool { return !s.Done() }))

// regressionSQL is port.IsRegression as an SQL condition on status_history
// (alias h): for each old status, the new ones that take the item backwards.
// A first record (old_status NULL) matches none.
var regressionSQL = func() string {
	var or []string
	for _, from := range port.Statuses {
		to := statusesWhere(func(to port.Status) bool { return port.IsRegression(from, to) })
		if len(to) > 0 {
			or = append(or, `h.old_status = `+sqlText(string(from))+` AND h.new_status IN (`+sqlList(to)+`)`)
		}
	}
	return "(" + strings.Join(or, "\n\tOR ") + ")"
}()

// countBits is the width of one status's count in a packed sum; three fit
// in SQLite's 64-bit integer.
const countBits, countsPerSum = 21, 3

// countSums are ModuleCounts' per-status sums (columns s0, s1, ...), countGroups the statuses each
// one packs, countBits to a field in group order. The first status of the
// set (verified, the most common) is left out: it is what count(*) leaves,
// and testing it first sends most rows to the cheapest branch.
var countSums, countGroups = packedStatusSums()

func packedStatusSums() ([]string, [][]port.Status) {
	first, rest := port.Statuses[0], port.Statuses[1:]
	var sums []string
	var groups [][]port.Status
	for start := 0; start < len(rest); start += countsPerSum {
		group := rest[start:min(start+countsPerSum, len(rest))]
		var b strings.Builder
		fmt.Fprintf(&b, "sum(CASE status WHEN %s THEN 0", sqlText(string(first)))
		for i, st := range group {
			fmt.Fprintf(&b, " WHEN %s THEN %d", sqlText(string(st)), int64(1)<<(countBits*i))
		}
		fmt.Fprintf(&b, " ELSE 0 END) AS s%d", len(sums))
		sums, groups = append(sums, b.String()), append(groups, group)
	}
	return sums, groups
}

// unpackCounts splits the packed sums of one module's n items into a count
// per status of port.Statuses, in its order.
func unpackCounts(n int64, sums []int64) ([]int64, error) {
	const mask = 1<<countBits - 1
	if n > mask {
		return nil, fmt.Errorf("has %d items, more than %d", n, mask)
	}
	counts := []int64{n}
	for g, group := range countGroups {
		for i := range group {
			c := sums[g] >> (countBits * i) & mask
			counts = append(counts, c)
			counts[0] -= c
		}
	}
	return counts, nil
}

// statusesWhere is the statuses of port's set, in its order, for which keep
// holds.
func statusesWhere(keep func(port.Status) bool) []port.Status {
	var out []port.Status
	for _, st := range port.Statuses {
		if keep(st) {
			out = append(out, st)
		}
	}
	return out
}

// sqlList is statuses as a comma-separated list of SQL string literals.
func sqlList(statuses []port.Status) string {
	quoted := make([]string, len(statuses))
	for i, st := range statuses {
		quoted[i] = sqlText(string(st))
	}
	return strings.Join(quoted, ",")
}

// sqlText is s as an SQL string literal.
func sqlText(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
