package schedule

// readyQueue holds the batches whose dependencies are done, heaviest
// remaining path first, then lowest ID.
type readyQueue struct {
	ids []int
	rem map[int]float64
}

func (q readyQueue) Len() int { return len(q.ids) }
func (q readyQueue) Less(i, j int) bool {
	a, b := q.ids[i], q.ids[j]
	if q.rem[a] != q.rem[b] {
		return q.rem[a] > q.rem[b]
	}
	return a < b
}
func (q readyQueue) Swap(i, j int) { q.ids[i], q.ids[j] = q.ids[j], q.ids[i] }
func (q *readyQueue) Push(x any)   { q.ids = append(q.ids, x.(int)) }
func (q *readyQueue) Pop() any {
	last := q.ids[len(q.ids)-1]
	q.ids = q.ids[:len(q.ids)-1]
	return last
}
