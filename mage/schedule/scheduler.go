package schedule

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/sourcegraph/conc"
	"github.com/sourcegraph/conc/panics"
)

// phase is where a batch is inside a Run.
type phase int

const (
	waiting phase = iota // for dependencies or a slot
	running
	ended // its Result is final
)

// scheduler is the state of one Run. Only the goroutine that called Run
// touches it; batches report back on the finished channel. conc's pool is
// not used for the limit because it starts work in the order it was
// submitted, while the critical-path order must be chosen at the moment a
// slot frees up: so the scheduler keeps the ready queue and the count, and
// conc only provides the goroutines and catches their panics.
type scheduler struct {
	g        *graph
	do       RunFunc
	opt      Options
	phase    map[int]phase
	unmet    map[int]int // dependencies not done yet
	ready    readyQueue
	running  int
	stopped  string // why nothing more starts; "" while batches may start
	finished chan finish
	report   Report
}

// finish is a batch's RunFunc coming back.
type finish struct {
	id  int
	err error
	end time.Time
}

func newScheduler(g *graph, run RunFunc, opt Options) *scheduler {
	return &scheduler{
		g:        g,
		do:       run,
		opt:      opt,
		phase:    map[int]phase{},
		unmet:    map[int]int{},
		ready:    readyQueue{rem: g.remaining},
		finished: make(chan finish, len(g.ids)),
		report:   Report{Results: make(map[int]Result, len(g.ids))},
	}
}

func (s *scheduler) run(ctx context.Context) (Report, error) {
	s.report.Start = time.Now()
	s.queue()
	var wg conc.WaitGroup
	interrupt := ctx.Done()
	for {
		s.startReady(ctx, &wg)
		if s.running == 0 {
			break
		}
		select {
		case f := <-s.finished:
			s.finish(ctx, f)
		case <-interrupt:
			s.stop(interruption(ctx))
			interrupt = nil // seen; now wait for the running batches
		}
	}
	wg.Wait()
	for _, id := range s.g.ids {
		if s.phase[id] == waiting {
			s.end(Result{ID: id, Outcome: NotStarted}, s.stopped)
		}
	}
	s.report.End = time.Now()
	return s.report, s.err(ctx)
}

// queue settles the batches done earlier and queues the others, the ones
// with nothing to wait for on the ready queue.
func (s *scheduler) queue() {
	for _, id := range s.g.ids {
		if s.g.done[id] {
			s.end(Result{ID: id, Outcome: AlreadyDone}, "")
		}
	}
	for _, id := range s.g.ids {
		if s.g.done[id] {
			continue
		}
		var unmet []int
		for _, d := range s.g.deps[id] {
			if !s.g.done[d] {
				unmet = append(unmet, d)
			}
		}
		s.unmet[id] = len(unmet)
		s.emit(Event{Kind: Queued, ID: id, Waiting: unmet})
		if len(unmet) == 0 {
			heap.Push(&s.ready, id)
		}
	}
}

// startReady fills the free slots from the ready queue, heaviest remaining
// path first, asking before each start whether the run may go on.
func (s *scheduler) startReady(ctx context.Context, wg *conc.WaitGroup) {
	for s.stopped == "" && s.running < s.opt.Jobs && s.ready.Len() > 0 {
		if ctx.Err() != nil {
			s.stop(interruption(ctx))
			return
		}
		if s.opt.BudgetUSD != nil {
			if spent, limit := s.opt.BudgetUSD(); limit > 0 && spent >= limit {
				s.stop(fmt.Sprintf("budget of $%.2f reached ($%.2f spent)", limit, spent))
				return
			}
		}
		id := heap.Pop(&s.ready).(int)
		s.phase[id] = running
		s.running++
		start := time.Now()
		s.report.Order = append(s.report.Order, id)
		s.report.Results[id] = Result{ID: id, Start: start}
		s.emit(Event{Kind: Started, ID: id, Time: start})
		wg.Go(func() {
			var err error
			if p := panics.Try(func() { err = s.do(ctx, id) }); p != nil {
				err = &PanicError{ID: id, Recovered: *p}
			}
			s.finished <- finish{id: id, err: err, end: time.Now()}
		})
	}
}

// finish records a batch that came back and releases or skips its
// dependents.
func (s *scheduler) finish(ctx context.Context, f finish) {
	s.running--
	r := s.report.Results[f.id]
	r.End, r.Err = f.end, f.err
	switch {
	case f.err == nil:
		r.Outcome = Done
		s.end(r, "")
		for _, d := range s.g.dependents[f.id] {
			if s.unmet[d]--; s.unmet[d] == 0 && s.phase[d] == waiting {
				heap.Push(&s.ready, d)
			}
		}
	case ctx.Err() != nil:
		r.Outcome = Interrupted
		s.end(r, "")
	default:
		r.Outcome = Failed
		s.end(r, "")
		s.skipDependents(f.id)
		if s.opt.FailFast {
			s.stop(fmt.Sprintf("fail-fast after batch %d failed", f.id))
		}
	}
}

// skipDependents ends every batch downstream of the failed one as Skipped.
// A batch done earlier stops the walk: what depends only on it can still
// run.
func (s *scheduler) skipDependents(failed int) {
	seen := map[int]bool{}
	next := slices.Clone(s.g.dependents[failed])
	for len(next) > 0 {
		id := next[0]
		next = next[1:]
		if seen[id] || s.g.done[id] {
			continue
		}
		seen[id] = true
		next = append(next, s.g.dependents[id]...)
		r := s.report.Results[id]
		r.SkippedBecause = append(r.SkippedBecause, failed)
		slices.Sort(r.SkippedBecause)
		if s.phase[id] == ended {
			s.report.Results[id] = r // skipped already, by another failure
			continue
		}
		r.ID, r.Outcome = id, Skipped
		s.end(r, "")
	}
}

func (s *scheduler) end(r Result, reason string) {
	s.phase[r.ID] = ended
	s.report.Results[r.ID] = r
	s.emit(Event{Kind: Finished, ID: r.ID, Time: r.End, Outcome: r.Outcome, Err: r.Err,
		SkippedBecause: r.SkippedBecause, Reason: reason})
}

func (s *scheduler) stop(reason string) {
	if s.stopped != "" {
		return
	}
	s.stopped = reason
	s.report.StoppedBecause = reason
	s.emit(Event{Kind: Stopping, Reason: reason})
}

func (s *scheduler) emit(e Event) {
	if s.opt.Events == nil {
		return
	}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	s.opt.Events(e)
}

// err joins the errors of the failed batches and says why the run stopped.
func (s *scheduler) err(ctx context.Context) error {
	var errs []error
	for _, id := range s.g.ids {
		if r := s.report.Results[id]; r.Outcome == Failed {
			errs = append(errs, r.Err)
		}
	}
	if s.stopped != "" {
		stop := &StopError{Reason: s.stopped, NotStarted: s.report.IDs(NotStarted)}
		if ctx.Err() != nil {
			stop.Cause = context.Cause(ctx)
		}
		errs = append(errs, stop)
	}
	return errors.Join(errs...)
}

// interruption words why a cancelled run stops.
func interruption(ctx context.Context) string {
	cause := context.Cause(ctx)
	var sig *SignalError
	switch {
	case errors.As(cause, &sig):
		return sig.Error()
	case cause == context.Canceled:
		return "interrupted"
	default:
		return "interrupted: " + cause.Error()
	}
}
