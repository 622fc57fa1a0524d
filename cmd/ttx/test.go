package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
)

// testOptions are the flags of `ttx test` (none yet).
type testOptions struct{}

func newTestCmd(sio *IO) *cobra.Command {
	o := &testOptions{}
	return &cobra.Command{
		Use:   "test SCENARIO...",
		Short: "Run scenarios' self-tests",
		Long: "Runs each scenario's tests through the engine and the scorer and prints one\n" +
			"line per test:\n" +
			"  ok   <scenario>/<test>\n" +
			"  FAIL <scenario>/<test>: <the first difference>\n" +
			"A SCENARIO is a YAML file or the id of a built-in scenario. Why a scenario\n" +
			"does not load goes to stderr. Exits 1 if any test fails or any scenario\n" +
			"does not load.",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runTest(sio, o, args) },
	}
}

func runTest(sio *IO, _ *testOptions, args []string) error {
	failed := false
	for _, arg := range args {
		s, err := scenarios.Resolve(arg)
		if err != nil {
			failed = true
			// Why it does not load is a diagnostic (stderr); stdout keeps
			// exactly one result line per test or scenario.
			printProblems(sio, arg, err)
			fmt.Fprintf(sio.Out, "FAIL %s: the scenario does not load\n", scenarios.SanitizeLine(arg))
			continue
		}
		id := scenarios.SanitizeLine(s.ID)
		results := scoring.RunTests(s)
		if len(results) == 0 {
			fmt.Fprintf(sio.Out, "?    %s: no tests\n", id)
		}
		for _, r := range results {
			name := id + "/" + scenarios.SanitizeLine(r.Name)
			if r.Pass {
				fmt.Fprintf(sio.Out, "ok   %s\n", name)
				continue
			}
			failed = true
			fmt.Fprintf(sio.Out, "FAIL %s: %s\n", name, scenarios.SanitizeLine(r.Diff))
			if r.Err != nil {
				// A decision that cannot be played is also a problem at its
				// place in the file, for editors and for the author.
				printProblems(sio, s.File, runDecisionProblem(s.File, r.Err))
			}
		}
	}
	if failed {
		return errSilentFailure
	}
	return nil
}
