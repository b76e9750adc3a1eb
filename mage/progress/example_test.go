package progress_test

import (
	"os"
	"time"

	"portwave/mage/port"
	"portwave/mage/progress"
)

// A target shows progress on its view and keeps a Summary for the end;
// on a terminal the view would come from ForTerminal(os.Stdout, os.Getenv).
func ExampleTee() {
	clock := func() time.Time { return time.Date(2026, 11, 27, 5, 30, 0, 0, time.UTC) }
	summary := &progress.Summary{Now: clock}
	sink := progress.Tee(progress.NewPlain(os.Stdout, clock), summary)

	sink.Send(progress.Event{Kind: progress.BatchQueued, Batch: 42, Name: "server-core"})
	sink.Send(progress.Event{Kind: progress.StageStarted, Batch: 42, Stage: port.StageGate})
	sink.Send(progress.Event{Kind: progress.BatchFinished, Batch: 42, Stage: port.StageGate,
		State: port.StateFailed, Message: "build: 2 errors", LogPath: "/logs/42/gate.log"})
	sink.Send(progress.Event{Kind: progress.RunFinished})
	summary.WriteSummary(os.Stdout)
	// Output:
	// 2026-11-27T05:30:00Z batch 42 queued   server-core
	// 2026-11-27T05:30:00Z batch 42 gate     started
	// 2026-11-27T05:30:00Z batch 42 failed   at gate: build: 2 errors (log: /logs/42/gate.log)
	// 2026-11-27T05:30:00Z run finished: 0 done, 1 failed, 0 skipped; 0 features verified; $0.00
	// batch  name         state   stage  attempt  duration  turns  cost   verified  log
	// 42     server-core  failed  gate   -        0s        0      $0.00  0         /logs/42/gate.log
	// total                                                 0      $0.00  0
	//
	// failed batches:
	//   42 failed at gate: build: 2 errors
	//      log: /logs/42/gate.log
}
