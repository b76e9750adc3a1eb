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
	for _, v := range variables {
		def := v.def
		if def == "" {
			def = "-"
		}
		fmt.Fprintf(tw, "-\t%s\t%s\t%s\n", v.name, def, v.doc)
	}
	return tw.Flush()
}
