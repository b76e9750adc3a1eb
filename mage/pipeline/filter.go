package pipeline

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/bitfield/script"
)

// filter applies one stage to a script pipe. dir is the worktree, against
// which file names are resolved (script has no working directory); files
// opened are appended to open, for the caller to close.
type filter func(p *script.Pipe, dir string, open *[]*os.File) (*script.Pipe, error)

// Filters are the programs a pipeline runs as script filters instead of
// starting them. Each takes the usual flags of its namesake:
//
//	tee [-a] FILE...                      script's Tee, files in the worktree
//	grep [-v] [-i] [-E] [-F] PATTERN      MatchRegexp / RejectRegexp (Match / Reject with -F)
//	head [-n N | -N]                      First
//	tail [-n N | -N]                      Last
//
// As filters they never fail the gate: grep finding nothing exits 1 as a
// program and would fail the pipeline, while the filter just passes no lines.
var Filters = []string{"tee", "grep", "head", "tail"}

// filters parse a stage's arguments into the filter it runs.
var filters = map[string]func(args []string) (filter, error){
	"tee":  teeFilter,
	"grep": grepFilter,
	"head": func(args []string) (filter, error) { return linesFilter(args, (*script.Pipe).First) },
	"tail": func(args []string) (filter, error) { return linesFilter(args, (*script.Pipe).Last) },
}

func teeFilter(args []string) (filter, error) {
	flag := os.O_TRUNC
	if len(args) > 0 && args[0] == "-a" {
		flag, args = os.O_APPEND, args[1:]
	}
	if len(args) == 0 {
		return nil, fmt.Errorf("want tee [-a] FILE...")
	}
	return func(p *script.Pipe, dir string, open *[]*os.File) (*script.Pipe, error) {
		var files []io.Writer
		for _, name := range args {
			if !filepath.IsAbs(name) {
				name = filepath.Join(dir, name)
			}
			f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|flag, 0o644)
			if err != nil {
				return nil, fmt.Errorf("tee: %w", err)
			}
			*open = append(*open, f)
			files = append(files, f)
		}
		return p.Tee(files...), nil
	}, nil
}

func grepFilter(args []string) (filter, error) {
	invert, fold, fixed := false, false, false
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && len(args[0]) > 1 {
		for _, c := range args[0][1:] {
			switch c {
			case 'v':
				invert = true
			case 'i':
				fold = true
			case 'F':
				fixed = true
			case 'E':
			default:
				return nil, fmt.Errorf("flag -%c is not supported (want -v, -i, -E, -F)", c)
			}
		}
		args = args[1:]
	}
	if len(args) != 1 {
		return nil, fmt.Errorf("want grep [-v] [-i] [-E] [-F] PATTERN")
	}
	pattern := args[0]
	if fixed {
		pattern = regexp.QuoteMeta(pattern)
	}
	if fold {
		pattern = "(?i)" + pattern
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	return func(p *script.Pipe, _ string, _ *[]*os.File) (*script.Pipe, error) {
		if invert {
			return p.RejectRegexp(re), nil
		}
		return p.MatchRegexp(re), nil
	}, nil
}

// linesFilter reads head's and tail's -n N or -N (default 10).
func linesFilter(args []string, apply func(*script.Pipe, int) *script.Pipe) (filter, error) {
	n := 10
	switch {
	case len(args) == 0:
	case len(args) == 2 && args[0] == "-n":
		args = args[1:]
		fallthrough
	case len(args) == 1 && strings.HasPrefix(args[0], "-"):
		v, err := strconv.Atoi(strings.TrimPrefix(args[0], "-"))
		if err != nil || v < 0 {
			return nil, fmt.Errorf("want -n N or -N, got %q", args[0])
		}
		n = v
	default:
		return nil, fmt.Errorf("want -n N or -N")
	}
	return func(p *script.Pipe, _ string, _ *[]*os.File) (*script.Pipe, error) { return apply(p, n), nil }, nil
}
