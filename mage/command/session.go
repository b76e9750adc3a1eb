// Package command is what each of portwave's commands does: package
// targets (portwave/targets) declares them for Mage and documents them, and
// each one forwards to a Session method or a function here, so the logic
// is importable and tested like any other package. The name says what the
// code is; a package named target was read as a build's output folder and
// as a batch's target files.
package command

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/magefile/mage/mg"

	"portwave/mage/config"
	"portwave/mage/portdb"
	"portwave/mage/progress"
	"portwave/mage/run"
)

// Session is what every target starts from: the loaded configuration and
// where its output goes.
type Session struct {
	Config *config.Config
	Out    io.Writer // results: tables, JSON
	Log    io.Writer // one-line notes about what is happening
	Getenv config.Getenv

	// MagefileDir is the folder of the magefile Mage compiles, where
	// magefile_plan.go belongs: the working directory (or its magefiles/).
	MagefileDir string

	// Verbose is Mage's -v (MAGEFILE_VERBOSE): validate lists every call
	// site behind its per-batch warnings.
	Verbose bool

	// showWarnings prints the plan's warnings where the plan is the
	// subject (plan, validate); the run targets stay quiet about them.
	showWarnings bool
	// warned holds the warnings printed so far: a command that loads the
	// plan once per wave prints each of them once.
	warned map[string]bool

	// override changes every agent run; the demo sets it to drive the
	// real CLI against its scripted model.
	override agentOverride
}

// NewSession loads portwave.yaml: $PORTWAVE_CONFIG, or the one in the
// current folder or above it. Inside portwave's clone without one (or with
// PORTWAVE_EXAMPLE=1) it sets up the bundled example workspace; anywhere
// else a missing portwave.yaml is an error saying where it was looked for.
func NewSession(ctx context.Context) (*Session, error) {
	return newSession(ctx, os.Getenv, os.Stdout, os.Stderr)
}

func newSession(ctx context.Context, getenv config.Getenv, out, log io.Writer) (*Session, error) {
	s := &Session{Out: out, Log: log, Getenv: getenv}
	s.Verbose, _ = strconv.ParseBool(getenv(mg.VerboseEnv))
	path, err := findConfig(getenv)
	if errors.Is(err, errExample) {
		if path, err = prepareExample(ctx, getenv, log); err != nil {
			return nil, err
		}
		s.Getenv = exampleEnv(getenv, log)
		if s.Config, err = config.Load(path, s.Getenv); err != nil {
			return nil, err
		}
		s.MagefileDir = exampleMagefileDir()
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	if s.Config, err = config.Load(path, getenv); err != nil {
		return nil, err
	}
	s.MagefileDir = portMagefileDir(s.Config.Dir)
	return s, nil
}

// errExample means the session works on the bundled example.
var errExample = errors.New("the bundled example")

// findConfig is config.Find, with the bundled example where it is asked
// for: PORTWAVE_EXAMPLE=1, or no portwave.yaml inside portwave's clone.
func findConfig(getenv config.Getenv) (string, error) {
	if getenv(config.ConfigEnv) == "" && isTrue(getenv(config.ExampleEnv)) {
		return "", errExample
	}
	path, err := config.Find(getenv)
	var nf *config.NotFound
	if errors.As(err, &nf) && nf.Clone != "" {
		return "", errExample
	}
	return path, err
}

// OpenDBReadOnly opens porting.db for a target that only reads it: the
// file, its -wal and its -shm are left byte-identical.
func (s *Session) OpenDBReadOnly(ctx context.Context) (*portdb.DB, error) {
	return portdb.OpenReadOnly(ctx, s.Config.DB)
}

// OpenDB opens the workspace's porting.db.
func (s *Session) OpenDB(ctx context.Context) (*portdb.DB, error) {
	return portdb.Open(ctx, s.Config.DB)
}

// writer takes the orchestrator lock for a target that writes porting.db
// outside a run (audit, audit:reset, db:import, inventory). A dry run
// writes nothing and takes no lock, like the read-only targets.
func (s *Session) writer(ctx context.Context, command string) (release func(), err error) {
	if s.Config.DryRun {
		return func() {}, nil
	}
	l, err := run.LockWriter(ctx, s.Config.Workspace, command)
	if err != nil {
		return nil, err
	}
	return func() { l.Release() }, nil
}

// JSON reports whether PORTWAVE_FORMAT asks for machine-readable output.
func (s *Session) JSON() bool { return s.Config.Format == "json" }

func (s *Session) logf(format string, args ...any) {
	fmt.Fprintf(s.Log, format+"\n", args...)
}

// relTo is p relative to base, slash-separated, or p itself if it is not
// inside base.
func relTo(base, p string) string {
	rel, err := filepath.Rel(base, p)
	if err != nil || strings.HasPrefix(rel, "..") {
		return p
	}
	return filepath.ToSlash(rel)
}

// closeWith closes the workspace, recording in the runs table how the run
// ended, and keeps the run's error with any failure to close.
func closeWith(w *run.Orchestrator, runErr error) error {
	return errors.Join(run.DiskFull(runErr), w.CloseAfter(runErr))
}

// view is the progress display: live on a terminal, plain timestamped
// lines otherwise (CI, pipes, tests).
func (s *Session) view() (progress.Sink, func()) {
	if f, ok := s.Out.(*os.File); ok {
		return progress.ForTerminal(f, s.Getenv)
	}
	return progress.NewPlain(s.Out, nil), func() {}
}

// With is the body of a Mage target: it loads the session (portwave.yaml,
// or the bundled example) and hands it to do.
func With(ctx context.Context, do func(*Session) error) error {
	s, err := NewSession(ctx)
	if err != nil {
		return err
	}
	return do(s)
}
