package config

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteReference prints every setting with its environment variable, its
// default and what it does: the text behind `mage config` and the README.
func WriteReference(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "key\tenvironment\tdefault\tmeaning")
	for _, s := range settings {
		def := s.def
		if def == "" {
			def = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.key, s.Env(), def, s.doc)
	}
	for _, e := range [][2]string{
		{ConfigEnv, "the config file (default ./portwave.yaml; without one, the bundled example)"},
		{FormatEnv, "json: machine-readable output from plan, validate, audit, status and report"},
		{DryRunEnv, "1: compute and print, write nothing"},
		{ForceEnv, "1: re-run batches that are already done"},
		{FailFastEnv, "1: stop starting batches after the first failure"},
		{WriteEnv, "1: plan:split writes the sub-batch files it proposes"},
	} {
		fmt.Fprintf(tw, "-\t%s\t-\t%s\n", e[0], e[1])
	}
	return tw.Flush()
}
