package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ttx-sim/ttx/scenarios"
)

// validateOptions are the flags of `ttx validate`.
type validateOptions struct {
	strict bool // warnings count as errors
}

func newValidateCmd(sio *IO) *cobra.Command {
	o := &validateOptions{}
	cmd := &cobra.Command{
		Use:   "validate PATH...",
		Short: "Load and lint scenario files",
		Long: "Loads and lints each scenario file (a PATH, or the id of a built-in scenario)\n" +
			"and prints one line per problem:\n" +
			"  path:line:col: error: …    the file cannot be played\n" +
			"  path:line:col: warning: …  advice; the file still loads\n" +
			"Exits 1 if any file has an error (with --strict, also a warning).",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runValidate(sio, o, args)
		},
	}
	cmd.Flags().BoolVar(&o.strict, "strict", false, "treat warnings as errors")
	return cmd
}

func runValidate(sio *IO, o *validateOptions, paths []string) error {
	var errCount, warnCount, badFiles int
	for _, path := range paths {
		s, err := scenarios.Resolve(path)
		probs := scenarios.AsProblems(path, err)
		if err == nil {
			probs = scenarios.Lint(s)
		}
		bad := false
		for _, p := range probs {
			if o.strict {
				p.Severity = scenarios.SeverityError
			}
			if p.Severity == scenarios.SeverityError {
				errCount++
				bad = true
			} else {
				warnCount++
			}
			fmt.Fprintln(sio.Out, p.String())
		}
		if bad {
			badFiles++
		}
	}
	fmt.Fprintf(sio.Out, "%s: %s invalid, %s, %s\n",
		plural(len(paths), "file"), plural(badFiles, "file"), plural(errCount, "error"), plural(warnCount, "warning"))
	if badFiles > 0 {
		return errSilentFailure
	}
	return nil
}

// plural formats "1 file", "2 files".
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
