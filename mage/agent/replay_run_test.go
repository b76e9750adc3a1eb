package agent_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"portwave/mage/agent"
	"portwave/mage/demo"
)

func TestReplayPicksTheTranscriptOfTheAttempt(t *testing.T) {
	t.Parallel()
	said := func(s string) string { return new(rec).init().text(1, "Done.").resultSaying(1, false, s).String() }
	tests := []struct {
		name        string
		files       []string
		batch, try  int
		want        string // the transcript's final text
		wantReason  string
		wantFailure bool
	}{
		{name: "its own attempt", files: []string{"11-attempt-1.jsonl", "11-attempt-2.jsonl"}, batch: 11, try: 2, want: "11-attempt-2.jsonl"},
		{name: "the first attempt", files: []string{"11-attempt-1.jsonl", "11-attempt-2.jsonl"}, batch: 11, try: 1, want: "11-attempt-1.jsonl"},
		{name: "a later attempt replays the last one recorded", files: []string{"11-attempt-1.jsonl", "11-attempt-2.jsonl"}, batch: 11, try: 3, want: "11-attempt-2.jsonl"},
		{name: "a zero-padded batch", files: []string{"07-attempt-1.jsonl"}, batch: 7, try: 1, want: "07-attempt-1.jsonl"},
		{name: "no transcript for the batch", files: []string{"11-attempt-1.jsonl"}, batch: 12, try: 1,
			wantFailure: true, wantReason: "no transcript for batch 12"},
		{name: "no first attempt", files: []string{"11-attempt-2.jsonl"}, batch: 11, try: 1,
			wantFailure: true, wantReason: "no transcript for batch 11 attempt 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{}
			for _, f := range tt.files {
				files[f] = said(f)
			}
			req, dir := replayCase(t, files)
			req.Batch, req.Attempt = tt.batch, tt.try
			res, err := agent.NewReplay(agent.ReplayOptions{Dir: dir}).Run(context.Background(), req, nil)
			if tt.wantFailure {
				if e := asError(t, err); e.Kind != agent.Failed || !strings.Contains(e.Reason, tt.wantReason) {
					t.Errorf("kind %v, reason %q: want failed saying %q", e.Kind, e.Reason, tt.wantReason)
				}
				return
			}
			if err != nil || res.Text != tt.want {
				t.Errorf("Run = %q, %v; want the transcript %s", res.Text, err, tt.want)
			}
		})
	}
}

func TestReplayStopsWhenCanceledOrOutOfTime(t *testing.T) {
	t.Parallel()
	t.Run("canceled after the first edit", func(t *testing.T) {
		t.Parallel()
		req, dir := replayCase(t, map[string]string{"11-attempt-1.jsonl": portTranscript().String()})
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		ev := agent.EventsFunc(func(p agent.Progress) {
			if p.LastTool != "" {
				cancel()
			}
		})
		res, err := agent.NewReplay(agent.ReplayOptions{Dir: dir}).Run(ctx, req, ev)
		if e := asError(t, err); e.Kind != agent.Canceled || !errors.Is(err, context.Canceled) {
			t.Fatalf("kind %v, err %v: want canceled", e.Kind, err)
		}
		if got := readFile(t, filepath.Join(req.Dir, "src/a.cs")); got != "class A { int X() => 1; }\n" || len(res.ToolCalls) != 1 {
			t.Errorf("the first edit was lost: %q, %d tool calls", got, len(res.ToolCalls))
		}
		if _, err := os.Stat(filepath.Join(req.Dir, "src/new/c.cs")); err == nil {
			t.Error("an edit after the cancel was applied")
		}
	})
	t.Run("out of time", func(t *testing.T) {
		t.Parallel()
		req, dir := replayCase(t, map[string]string{"11-attempt-1.jsonl": portTranscript().String()})
		req.Timeout = 60 * time.Millisecond
		start := time.Now()
		_, err := agent.NewReplay(agent.ReplayOptions{Dir: dir, Delay: 40 * time.Millisecond}).Run(context.Background(), req, nil)
		if e := asError(t, err); e.Kind != agent.TimedOut || !errors.Is(err, agent.ErrTimeout) || errors.Is(err, agent.ErrFailed) {
			t.Fatalf("kind %v, err %v: want timed out", e.Kind, err)
		}
		if took := time.Since(start); took > time.Second {
			t.Errorf("Run took %s after a 60ms timeout", took)
		}
	})
}

func TestReplayPacesItsEvents(t *testing.T) {
	t.Parallel()
	script := portTranscript()
	req, dir := replayCase(t, map[string]string{"11-attempt-1.jsonl": script.String()})
	const delay = 10 * time.Millisecond
	start := time.Now()
	if _, err := agent.NewReplay(agent.ReplayOptions{Dir: dir, Delay: delay}).Run(context.Background(), req, nil); err != nil {
		t.Fatal(err)
	}
	if took, least := time.Since(start), time.Duration(len(script.lines)-1)*delay; took < least {
		t.Errorf("%d events replayed in %s, want at least %s", len(script.lines), took, least)
	}
}

func TestReplayPreflightNeedsAFolderWithTranscripts(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "notes/README.md"), "not a transcript\n")
	writeFile(t, filepath.Join(root, "ok/11-attempt-1.jsonl"), portTranscript().String())
	tests := []struct {
		dir     string
		wantErr string
	}{
		{dir: "", wantErr: "no transcripts folder configured"},
		{dir: filepath.Join(root, "missing"), wantErr: "no such file or directory"},
		{dir: filepath.Join(root, "notes"), wantErr: "no transcripts"},
		{dir: filepath.Join(root, "ok")},
	}
	for _, tt := range tests {
		a, err := agent.New("replay", agent.Options{Replay: agent.ReplayOptions{Dir: tt.dir}})
		if err != nil {
			t.Fatal(err)
		}
		err = a.Preflight(context.Background())
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("Preflight(%q) = %v", tt.dir, err)
			}
			continue
		}
		var e *agent.Error
		if !errors.As(err, &e) || e.Kind != agent.NotInstalled || !strings.Contains(e.Reason, tt.wantErr) {
			t.Errorf("Preflight(%q) = %v, want not installed saying %q", tt.dir, err, tt.wantErr)
		}
	}
}

// The recorded demo batches are real stream-json: the claude adapter reads
// from them what the replay reports.
func TestReplayOfADemoBatchReportsWhatTheClaudeAdapterReads(t *testing.T) {
	t.Parallel()
	ws := t.TempDir()
	if err := demo.ExtractExample(ws); err != nil {
		t.Fatal(err)
	}
	transcript := filepath.Join(ws, "transcripts", "11-attempt-1.jsonl")
	req := agent.Request{Batch: 11, Attempt: 1, Dir: ws}
	replayEv, claudeEv := &events{}, &events{}
	res, err := agent.NewReplay(agent.ReplayOptions{Dir: filepath.Dir(transcript)}).Run(context.Background(), req, replayEv)
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "claude")
	writeFile(t, bin, "#!/bin/sh\ncat >/dev/null\nexec cat '"+transcript+"'\n")
	if err := os.Chmod(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	claudeRes, err := agent.NewClaude(agent.ClaudeOptions{Binary: bin}).Run(context.Background(), req, claudeEv)
	if err != nil {
		t.Fatalf("claude: %v", err)
	}
	if diff := cmp.Diff(claudeRes, res, cmpopts.IgnoreFields(agent.Result{}, "Duration")); diff != "" {
		t.Errorf("Result (-claude +replay):\n%s", diff)
	}
	if diff := cmp.Diff(claudeEv.seen, replayEv.seen); diff != "" {
		t.Errorf("progress (-claude +replay):\n%s", diff)
	}
	if res.Turns < 3 || len(res.ToolCalls) < 5 || res.CostUSD <= 0 || res.SessionID == "" {
		t.Errorf("the demo transcript says little: %+v", res)
	}
}
