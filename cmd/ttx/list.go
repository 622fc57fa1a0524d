package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ttx-sim/ttx/scenarios"
)

// listOptions are the flags of `ttx list` (none yet).
type listOptions struct{}

func newListCmd(sio *IO) *cobra.Command {
	o := &listOptions{}
	return &cobra.Command{
		Use:   "list",
		Short: "List the built-in scenarios",
		Long:  "Lists the built-in scenarios: id, title, duration, phases and tags.\nPass an id to play, run, test or validate-by-id commands.",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runList(sio, o)
		},
	}
}

func runList(sio *IO, _ *listOptions) error {
	lib, err := scenarios.LibraryListing()
	if err != nil {
		// A broken built-in is a broken binary; name the file.
		return fmt.Errorf("built-in library: %w", err)
	}
	w := tabwriter.NewWriter(sio.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tTITLE\tDURATION\tPHASES\tTAGS")
	for _, s := range lib {
		phases := make([]string, len(s.Phases))
		for i, ph := range s.Phases {
			phases[i] = string(ph)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n",
			cell(s.ID), cell(s.Title), s.Duration, strings.Join(phases, ","), cell(strings.Join(s.Tags, ",")))
	}
	return w.Flush()
}

// cell makes untrusted text safe for one table cell: one line, no control
// characters, and no tab (which would break the alignment).
func cell(s string) string {
	s = scenarios.SanitizeLine(s)
	if s == "" {
		return "-"
	}
	return s
}
