package schedule_test

import (
	"time"

	"portwave/mage/schedule"
)

// A model of list scheduling, independent of the scheduler, to know the
// best makespan a graph allows.

// lowerBound is max(critical path, total work / agents): no schedule of
// whole batches can beat either.
func lowerBound(nodes []schedule.Node, took map[int]time.Duration, jobs int) time.Duration {
	finish := map[int]time.Duration{} // earliest finish with unlimited agents
	var longest, total time.Duration
	for _, id := range topological(nodes) {
		var start time.Duration
		for _, d := range depsOf(nodes, id) {
			start = max(start, finish[d])
		}
		finish[id] = start + took[id]
		longest = max(longest, finish[id])
		total += took[id]
	}
	return max(longest, (total+time.Duration(jobs)-1)/time.Duration(jobs))
}

// bestListSchedule tries every priority order of the batches and returns
// the shortest makespan of a list schedule: whenever an agent is free it
// starts the first ready batch of the order. That is the family of
// schedules the scheduler picks from; it needs n! tries, fine for six.
func bestListSchedule(nodes []schedule.Node, took map[int]time.Duration, jobs int) time.Duration {
	ids := make([]int, len(nodes))
	for i, n := range nodes {
		ids[i] = n.ID
	}
	best := time.Duration(-1)
	var permute func(k int)
	permute = func(k int) {
		if k == len(ids) {
			if m := listSchedule(nodes, took, jobs, ids); best < 0 || m < best {
				best = m
			}
			return
		}
		for i := k; i < len(ids); i++ {
			ids[k], ids[i] = ids[i], ids[k]
			permute(k + 1)
			ids[k], ids[i] = ids[i], ids[k]
		}
	}
	permute(0)
	return best
}

// listSchedule simulates a list schedule with the given priority order.
func listSchedule(nodes []schedule.Node, took map[int]time.Duration, jobs int, order []int) time.Duration {
	end := map[int]time.Duration{} // of started batches
	var now time.Duration
	for len(end) < len(nodes) {
		running := 0
		for _, e := range end {
			if e > now {
				running++
			}
		}
		for _, id := range order {
			if _, started := end[id]; started || running >= jobs {
				continue
			}
			ready := true
			for _, d := range depsOf(nodes, id) {
				if e, ok := end[d]; !ok || e > now {
					ready = false
				}
			}
			if ready {
				end[id] = now + took[id]
				running++
			}
		}
		next := time.Duration(-1) // the next time a batch ends
		for _, e := range end {
			if e > now && (next < 0 || e < next) {
				next = e
			}
		}
		if next < 0 {
			break
		}
		now = next
	}
	var last time.Duration
	for _, e := range end {
		last = max(last, e)
	}
	return last
}

func depsOf(nodes []schedule.Node, id int) []int {
	for _, n := range nodes {
		if n.ID == id {
			return n.Deps
		}
	}
	return nil
}

func topological(nodes []schedule.Node) []int {
	var order []int
	placed := map[int]bool{}
	for len(order) < len(nodes) {
		for _, n := range nodes {
			ready := !placed[n.ID]
			for _, d := range n.Deps {
				ready = ready && placed[d]
			}
			if ready {
				placed[n.ID] = true
				order = append(order, n.ID)
			}
		}
	}
	return order
}
