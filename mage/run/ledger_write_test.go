package run_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"portwave/internal/testws"
	"portwave/mage/gate"
	"portwave/mage/port"
	"portwave/mage/run"
	"portwave/scripts"
)

// refuse makes porting.db fail every ledger write whose detail starts with
// prefix (of batch, or of any batch when 0) with message, the way a full
// disk fails a write: a trigger in the real SQLite.
func refuse(t *testing.T, w *run.Orchestrator, name, prefix string, batch int, message string) {
	t.Helper()
	cond := fmt.Sprintf("NEW.detail LIKE '%s%%'", strings.ReplaceAll(prefix, "'", "''"))
	if batch != 0 {
		cond += fmt.Sprintf(" AND (SELECT batch FROM batch_runs WHERE id = NEW.batch_run_id) = %d", batch)
	}
	err := w.DB.Write(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(fmt.Sprintf("CREATE TRIGGER %s BEFORE INSERT ON stage_transitions WHEN %s BEGIN SELECT RAISE(ABORT, '%s'); END", name, cond, message))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A ledger write that fails fails its batch (or the run), instead of
// leaving a record that says less than what happened.
func TestALedgerWriteThatFailsIsAnErrorNotASilentGap(t *testing.T) {
	tests := []struct {
		name      string
		overrides map[string]string
		prefix    string // the detail of the write that fails
		stage     port.Stage
	}{
		{"the gate's batch audit", nil, "batch audit:", port.StageGate},
		{"the built-in structural check", map[string]string{"PORTWAVE_BUILD": gate.BuiltinCheck, "PORTWAVE_TEST": " "}, "C# check (no compiler)", port.StageGate},
		{"the audit after the merge", nil, "audit: ", port.StageAudit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := replayed(t, testws.New(t, tt.overrides), scripts.Prompt, nil)
			refuse(t, w, "full", tt.prefix, 0, "disk full")
			_, err := w.Batches(context.Background(), []int{12})
			if err == nil || !strings.Contains(err.Error(), "disk full") {
				t.Fatalf("err = %v, want the failed write", err)
			}
			if br := latest(t, w, 12); br.State != port.StateFailed || br.Stage != tt.stage {
				t.Errorf("batch 12 is %s at %s, want failed at %s", br.State, br.Stage, tt.stage)
			}
		})
	}
}

func TestASkipTheLedgerCannotRecordFailsTheRun(t *testing.T) {
	w := replayed(t, testws.New(t, nil), scripts.Prompt, nil)
	refuse(t, w, "fail11", "batch audit:", 11, "batch 11 broke")
	refuse(t, w, "full", "skipped:", 0, "disk full")
	_, err := w.Batches(context.Background(), []int{11, 12, 13})
	if err == nil || !strings.Contains(err.Error(), "batch 13: ") || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want batch 13's skip that could not be recorded", err)
	}
	if runs, _ := w.DB.BatchRuns(context.Background(), 13); len(runs) != 0 {
		t.Errorf("batch 13 has ledger rows: %+v", runs)
	}
}

func TestAnAgentChangeTheLedgerCannotRecordFailsTheBatch(t *testing.T) {
	for _, tt := range []struct{ name, file, prefix string }{
		{"porting.db dropped", "porting.db", "dropped the agent's changes to"},
		{"a file outside the batch's files", "NOTES.md", "outside the batch's files:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			steps := append([]map[string]any{{"write": map[string]any{"path": tt.file, "content": "x"}}}, port12()...)
			s := open(t, testws.Script(t, steps, nil), nil)
			refuse(t, s.w, "full", tt.prefix, 0, "disk full")
			if err := s.w.RunBatch(context.Background(), 12); err == nil || !strings.Contains(err.Error(), "disk full") {
				t.Fatalf("err = %v, want the failed write", err)
			}
			if br := latest(t, s.w, 12); br.State != port.StateFailed || br.Stage != port.StageAgent {
				t.Errorf("batch 12 is %s at %s, want failed at the agent stage", br.State, br.Stage)
			}
		})
	}
}
