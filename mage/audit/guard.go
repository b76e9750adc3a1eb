package audit

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"portwave/mage/port"
)

// ErrRefused is matched (errors.Is) by every RefusedError: the audit saw a
// tree it must not trust with the tracker and wrote nothing.
var ErrRefused = errors.New("audit refused")

// ForceHint names the override for a refused audit.
const ForceHint = "PORTWAVE_FORCE=1"

// RefusedError says why an audit refused to write: the roots it scanned,
// how many C# files it found and, for a mass demotion, a sample of it.
type RefusedError struct {
	Why    string
	Roots  []string
	Files  int
	Sample []string // "feature 2230 Server.healthz: verified -> unknown (reason)"
	Total  int      // demotions in all, when Sample is a sample
	Limit  int
}

func (e *RefusedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "audit refused, nothing written: %s (roots scanned: %s; %d C# files)",
		e.Why, strings.Join(e.Roots, ", "), e.Files)
	if len(e.Sample) > 0 {
		fmt.Fprintf(&b, "\n%d of %d demotions:\n  %s", len(e.Sample), e.Total, strings.Join(e.Sample, "\n  "))
	}
	if e.Limit > 0 || e.Total > 0 {
		fmt.Fprintf(&b, "\nif this is right, run again with %s (or raise audit_max_demote)", ForceHint)
	}
	return b.String()
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

// sampleSize is how many demotions a refusal lists.
const sampleSize = 10

// checkRoots refuses a missing root: the audit root, then every other
// configured root (Options.Required).
func checkRoots(opt Options) error {
	for _, r := range append([]string{opt.Root}, opt.Required...) {
		st, err := os.Stat(r)
		switch {
		case err != nil:
			return &RefusedError{Why: fmt.Sprintf("configured root %s is missing: %v", r, err), Roots: opt.roots()}
		case !st.IsDir():
			return &RefusedError{Why: fmt.Sprintf("configured root %s is not a folder", r), Roots: opt.roots()}
		}
	}
	return nil
}

func (o Options) roots() []string { return append([]string{o.Root}, o.Required...) }

// MaxDemote is the most demotions an audit writes without Force: the
// configured limit, else the larger of 50 and 2% of the verified items.
func MaxDemote(configured, verified int) int {
	if configured > 0 {
		return configured
	}
	return max(50, verified*2/100)
}

// checkDemotions refuses an audit that would demote more than the limit.
func checkDemotions(opt Options, res *Result, items []port.Item) error {
	if opt.Force || opt.DryRun {
		return nil
	}
	verified := 0
	for _, it := range items {
		if it.Status == port.Verified {
			verified++
		}
	}
	limit := MaxDemote(opt.MaxDemote, verified)
	if len(res.Demotions) <= limit {
		return nil
	}
	var sample []string
	for _, f := range res.Demotions {
		sample = append(sample, fmt.Sprintf("%s %d %s: %s -> %s (%s)", f.Item.Kind, f.Item.ID, f.Item.GoQualifiedName(),
			f.Change.From, f.Change.To, f.Change.Reason))
	}
	if len(sample) > sampleSize {
		sample = sample[:sampleSize]
	}
	return &RefusedError{
		Why:   fmt.Sprintf("it would demote %d items, more than audit_max_demote (%d)", len(res.Demotions), limit),
		Roots: opt.roots(), Files: res.Scan.Files, Sample: sample, Total: len(res.Demotions), Limit: limit,
	}
}
