package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
	"github.com/ttx-sim/ttx/sim"
)

// scoreOptions are the flags of `ttx score`.
type scoreOptions struct {
	json bool // print the spec's score object instead of the table
}

func newScoreCmd(sio *IO) *cobra.Command {
	o := &scoreOptions{}
	cmd := &cobra.Command{
		Use:   "score SESSION",
		Short: "Score a session",
		Long: "Scores a session folder against the scenario it played: the overall score\n" +
			"and HSEEP rating, a row per phase, and the gaps (missed, late, harmful).\n" +
			"A session that has not ended is scored as if it ended at its last event.\n" +
			"--json prints the score object of the scenario format spec.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runScore(sio, o, args[0]) },
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print the score as JSON")
	return cmd
}

func runScore(sio *IO, o *scoreOptions, dir string) error {
	sess, err := readSession(sio, new(sim.SessionReader), dir)
	if err != nil {
		return err
	}
	res := scoring.Score(sess.Scenario, sess.Events)
	if o.json {
		return res.WriteJSON(sio.Out)
	}
	return scoring.WriteTable(sio.Out, sess.Scenario, res)
}

// readSession reads a session folder for the read-only commands (score,
// report). A bare name that is not a folder here is looked up in the data
// directory, where `ttx run` and `ttx play` keep sessions. Recovered damage
// is a warning on stderr; an unreadable session is exit 1 with a message
// naming the folder. Sessions read with one reader share parsed scenarios.
func readSession(sio *IO, r *sim.SessionReader, dir string) (*scoring.Session, error) {
	dir = sessionPath(sio, dir)
	s, hdr, events, warnings, err := r.Read(dir)
	if err != nil {
		return nil, &exitError{code: exitBad, msg: fmt.Sprintf("cannot read session %s: %v", dir, err)}
	}
	printWarnings(sio, warnings)
	return &scoring.Session{Dir: dir, Scenario: s, Created: hdr.Created, Version: hdr.TTX, Practice: hdr.Practice, Events: events,
		Org: hdr.Org, Location: hdr.Location, Facilitator: hdr.Facilitator}, nil
}

func sessionPath(sio *IO, arg string) string {
	if _, err := os.Stat(arg); err == nil || strings.ContainsAny(arg, `/\`) || arg == "." || arg == ".." {
		return arg
	}
	data, err := sim.DataDir(sio.Getenv)
	if err != nil {
		return arg
	}
	if _, err := os.Stat(filepath.Join(data, arg)); err == nil {
		return filepath.Join(data, arg)
	}
	return arg
}

// printWarnings reports what was recovered while reading a session, one
// line each on stderr.
func printWarnings(sio *IO, warnings []string) {
	for _, w := range warnings {
		fmt.Fprintf(sio.Err, "ttx: warning: %s\n", scenarios.SanitizeLine(w))
	}
}
