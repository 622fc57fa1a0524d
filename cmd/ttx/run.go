package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// runOptions are the flags of `ttx run`.
type runOptions struct {
	decisions string // path of the decisions file
	session   string // session folder; "" for a new one under the data directory
	now       func() time.Time
	setting
}

func newRunCmd(sio *IO) *cobra.Command {
	o := &runOptions{now: time.Now}
	cmd := &cobra.Command{
		Use:   "run SCENARIO --decisions FILE [--session DIR]",
		Short: "Play a scenario headless with a decisions file and write the session",
		Long: "Plays SCENARIO (a path, or the id of a built-in scenario) at full speed with the\n" +
			"decisions in FILE (YAML: `decisions:` and optionally `end:`), writes the session\n" +
			"to DIR (default: a new folder under the data directory) and prints its folder.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(sio, o, args[0])
		},
	}
	cmd.Flags().StringVar(&o.decisions, "decisions", "", "the decisions `FILE` to play (required)")
	cmd.Flags().StringVar(&o.session, "session", "", "write the session to `DIR` (must not exist or be empty)")
	addSettingFlags(cmd, &o.setting)
	return cmd
}

func runRun(sio *IO, o *runOptions, scenarioArg string) error {
	if o.decisions == "" {
		return usageErrorf("run: the --decisions FILE flag is required")
	}
	s, err := scenarios.Resolve(scenarioArg)
	if err != nil {
		return runProblems(sio, scenarioArg, err)
	}
	data, err := runReadDecisions(o.decisions)
	if err != nil {
		return runProblems(sio, o.decisions, err)
	}
	df, err := scenarios.ParseDecisions(o.decisions, data, s)
	if err != nil {
		return runProblems(sio, o.decisions, err)
	}
	// Play in memory first, so that a decisions file the engine rejects
	// leaves no half-written session behind.
	if _, err := sim.Play(s, df.Decisions, df.End); err != nil {
		return runProblems(sio, o.decisions, runDecisionProblem(o.decisions, err))
	}

	dir, named := o.session, false
	if dir == "" {
		named = true
		data, err := sim.DataDir(sio.Getenv)
		if err != nil {
			return err
		}
		if dir, err = sim.NewSessionDir(data, s.ID, o.now()); err != nil {
			return err
		}
	}
	sess, err := sim.CreateSessionWith(dir, s, o.setting.options(false))
	if err != nil {
		if named {
			os.Remove(dir) // the empty folder NewSessionDir made: no half session is left
		}
		return err
	}
	err = sim.PlayInto(sess.Engine, df.Decisions, df.End)
	if cerr := sess.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", dir, err)
	}
	fmt.Fprintln(sio.Out, dir)
	return nil
}

// runReadDecisions reads a decisions file, bounded like a scenario file.
func runReadDecisions(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, scenarios.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", err)
	}
	if len(data) > scenarios.MaxFileSize {
		return nil, fmt.Errorf("too large: more than %d bytes", scenarios.MaxFileSize)
	}
	return data, nil
}

// runDecisionProblem turns an engine error about a decision into a problem at
// the decision's position in the file.
func runDecisionProblem(file string, err error) error {
	var de *sim.DecisionError
	if errors.As(err, &de) {
		return scenarios.Problems{{File: file, Pos: de.Decision.Pos, Severity: scenarios.SeverityError, Msg: de.Err.Error()}}
	}
	return err
}

// runProblems prints the problems an error carries and fails with exit
// code 1.
func runProblems(sio *IO, file string, err error) error {
	printProblems(sio, file, err)
	return errSilentFailure
}

// printProblems prints the problems an error carries, one per line, to
// stderr.
func printProblems(sio *IO, file string, err error) {
	for _, p := range scenarios.AsProblems(file, err) {
		fmt.Fprintln(sio.Err, p.String())
	}
}
