package agent

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"portwave/mage/input"
	"regexp"
	"slices"
	"strconv"
	"time"

	"portwave/mage/proc"
)

// ReplayOptions configures the replay adapter.
type ReplayOptions struct {
	// Dir holds the transcripts, one per batch and attempt, named
	// <batch>-attempt-<K>.jsonl.
	Dir string
	// Delay is the pause before each event after the first, so that a live
	// view shows the attempt progressing; zero replays at once.
	Delay time.Duration
}

// DefaultReplayDelay paces a replay like a (very fast) agent.
const DefaultReplayDelay = 30 * time.Millisecond

var transcriptName = regexp.MustCompile(`^(\d+)-attempt-([1-9]\d*)\.jsonl$`)

// Replay plays recorded Claude Code stream-json transcripts, so that the
// whole pipeline runs on a machine with no agent CLI and no API key. Each
// transcript line goes to the log and through the claude adapter's parser,
// so the Result and the progress are those the recorded run gave. The
// edits of its Edit, Write and MultiEdit calls are applied to the worktree
// as Claude Code applies them: an Edit whose old_string is not found there
// exactly once fails the attempt, as does any write outside the worktree.
//
// File paths in a transcript are relative to the worktree; absolute paths
// under the recorded session's cwd (its system/init event) are taken
// relative to that cwd.
type Replay struct {
	opts ReplayOptions
}

// NewReplay returns the adapter; Preflight checks its folder.
func NewReplay(opts ReplayOptions) *Replay { return &Replay{opts: opts} }

// Name returns "replay".
func (r *Replay) Name() string { return "replay" }

// Preflight checks that the folder exists and holds at least one transcript.
func (r *Replay) Preflight(ctx context.Context) error {
	found, err := r.transcripts()
	if err == nil && len(found) == 0 {
		err = fmt.Errorf("no transcripts (<batch>-attempt-<K>.jsonl) in %s", r.opts.Dir)
	}
	if err != nil {
		return &Error{Agent: r.Name(), Kind: NotInstalled, Reason: err.Error(), ExitCode: -1, Err: err}
	}
	return nil
}

// transcripts finds the transcript files: batch -> attempt -> path.
func (r *Replay) transcripts() (map[int]map[int]string, error) {
	if r.opts.Dir == "" {
		return nil, errors.New("no transcripts folder configured")
	}
	entries, err := os.ReadDir(r.opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("reading transcripts: %w", err)
	}
	found := map[int]map[int]string{}
	for _, e := range entries {
		if m := transcriptName.FindStringSubmatch(e.Name()); m != nil && !e.IsDir() {
			batch, _ := strconv.Atoi(m[1])
			attempt, _ := strconv.Atoi(m[2])
			if found[batch] == nil {
				found[batch] = map[int]string{}
			}
			found[batch][attempt] = filepath.Join(r.opts.Dir, e.Name())
		}
	}
	return found, nil
}

// transcript picks the file for an attempt: its own, or for a later attempt
// with none recorded, the last one recorded before it.
func (r *Replay) transcript(batch, attempt int) (string, error) {
	found, err := r.transcripts()
	if err != nil {
		return "", err
	}
	recorded := slices.Sorted(maps.Keys(found[batch]))
	attempt = max(attempt, 1)
	for _, k := range slices.Backward(recorded) {
		if k <= attempt {
			return found[batch][k], nil
		}
	}
	if len(recorded) == 0 {
		return "", fmt.Errorf("no transcript for batch %d in %s (want %d-attempt-1.jsonl)", batch, r.opts.Dir, batch)
	}
	return "", fmt.Errorf("no transcript for batch %d attempt %d in %s (recorded attempts: %v)", batch, attempt, r.opts.Dir, recorded)
}

// Run replays the attempt's transcript into req.Dir. It fails like the
// claude adapter (a result with is_error or an error subtype, denied writes,
// no result), and also when an edit cannot be applied; ctx and req.Timeout
// stop it between two events.
func (r *Replay) Run(ctx context.Context, req Request, ev Events) (Result, error) {
	if ev == nil {
		ev = NopEvents{}
	}
	start := time.Now()
	if req.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, req.Timeout, &proc.TimeoutError{Name: r.Name(), After: req.Timeout})
		defer cancel()
	}
	p := &replayer{req: req, stream: newClaudeStream(req, ev)}
	fail := func(kind Kind, code int, reason string, err error) (Result, error) {
		res := p.stream.res
		res.ExitCode, res.Duration = code, time.Since(start)
		return res, &Error{Agent: r.Name(), Kind: kind, Reason: reason, ExitCode: code, Log: req.LogPath, Err: err}
	}
	path, err := r.transcript(req.Batch, req.Attempt)
	if err != nil {
		return fail(Failed, -1, err.Error(), err)
	}
	in, err := input.Open(path, input.MaxTranscript)
	if err != nil {
		return fail(Failed, -1, err.Error(), err)
	}
	defer in.Close()
	if err := p.open(); err != nil {
		return fail(Failed, -1, err.Error(), err)
	}
	defer p.log.Close()

	lines := bufio.NewReader(in)
	for n := 0; ; {
		line, rerr := lines.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			if err := pause(ctx, r.opts.Delay, n > 0); err != nil {
				kind := Canceled
				if errors.Is(err, context.DeadlineExceeded) {
					kind = TimedOut
				}
				return fail(kind, -1, err.Error(), err)
			}
			n++
			if reason := p.play(line); reason != "" {
				return fail(Failed, 1, reason, nil)
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return fail(Failed, -1, "reading "+path+": "+rerr.Error(), rerr)
		}
	}
	if reason := p.stream.failure(); reason != "" {
		res, err := fail(Failed, 1, reason, nil)
		return res, withTransient(err.(*Error), res)
	}
	if p.logErr != nil {
		return fail(Failed, 0, "writing log: "+p.logErr.Error(), p.logErr)
	}
	res := p.stream.res
	res.Duration = time.Since(start)
	return res, nil
}

// pause waits d (when wait is set) unless ctx ends first. When ctx has
// ended it says why: a *proc.TimeoutError when time ran out, else the
// cancel's cause.
func pause(ctx context.Context, d time.Duration, wait bool) error {
	if ctx.Err() == nil && wait && d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
		}
	}
	if ctx.Err() == nil {
		return nil
	}
	cause := context.Cause(ctx)
	var te *proc.TimeoutError
	switch {
	case errors.As(cause, &te):
		return te
	case errors.Is(cause, context.DeadlineExceeded):
		return &proc.TimeoutError{Name: "replay"}
	}
	return fmt.Errorf("replay stopped: %w", cause)
}
