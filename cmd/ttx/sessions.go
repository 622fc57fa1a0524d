package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
	"github.com/ttx-sim/ttx/sim"
	"github.com/ttx-sim/ttx/tui"
)

// The states of a session in `ttx sessions`.
const (
	stateRunning     = "running"     // open in a ttx process now
	stateInterrupted = "interrupted" // not ended, and not open
	stateEnded       = "ended"
)

type sessionsOptions struct{ json bool }

func newSessionsCmd(sio *IO) *cobra.Command {
	o := &sessionsOptions{}
	cmd := &cobra.Command{
		Use:   "sessions",
		Short: "List the sessions in the data directory",
		Long: "Lists the sessions kept in the data directory ($TTX_DATA_DIR, else\n" +
			"$XDG_DATA_HOME/ttx/sessions), oldest first: folder, scenario, when it started,\n" +
			"its state (running: open in a ttx now; interrupted: not ended; ended) and its\n" +
			"score (provisional unless ended). A folder that is not a readable session is\n" +
			"listed with state \"unreadable\" and the reason on stderr. Give the folder\n" +
			"names to ttx report, score or resume.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return runSessions(sio, o) },
	}
	cmd.Flags().BoolVar(&o.json, "json", false, "print the list as JSON")
	return cmd
}

type sessionRow struct {
	Folder   string          `json:"folder"`
	Scenario string          `json:"scenario"`
	Started  *time.Time      `json:"started"` // RFC 3339, UTC
	State    string          `json:"state"`
	Score    json.RawMessage `json:"score"`  // one decimal (72.5, 100.0); null when not scored or unreadable
	Rating   *string         `json:"rating"` // null when not scored
	Ended    bool            `json:"ended"`
}

func runSessions(sio *IO, o *sessionsOptions) error {
	data, err := sim.DataDir(sio.Getenv)
	if err != nil {
		return &exitError{code: exitBad, msg: err.Error()}
	}
	entries, err := os.ReadDir(data)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return &exitError{code: exitBad, msg: fmt.Sprintf("cannot read the data folder %s: %v", data, err)}
	}
	var rows []sessionRow
	var reader sim.SessionReader
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		dir := filepath.Join(data, e.Name())
		if _, err := os.Stat(filepath.Join(dir, sim.JournalFile)); err != nil {
			continue // not a session folder
		}
		row := sessionRow{Folder: e.Name(), Score: json.RawMessage("null")}
		s, hdr, events, _, err := reader.Read(dir)
		if err != nil {
			row.State = "unreadable"
			fmt.Fprintf(sio.Err, "ttx: warning: %s\n", scenarios.SanitizeLine(err.Error()))
			rows = append(rows, row)
			continue
		}
		row.Scenario = s.ID
		if !hdr.Created.IsZero() {
			c := hdr.Created.UTC()
			row.Started = &c
		}
		res := scoring.Score(s, events)
		row.Ended = res.Ended
		row.State = sessionState(dir, events)
		if res.Exact != nil {
			r := string(res.Rating)
			row.Score, row.Rating = json.RawMessage(scoring.FormatScore(res.Exact)), &r
		}
		rows = append(rows, row)
	}
	slices.SortStableFunc(rows, func(a, b sessionRow) int {
		switch {
		case a.Started == nil && b.Started == nil:
			return 0
		case a.Started == nil:
			return -1
		case b.Started == nil:
			return 1
		}
		return a.Started.Compare(*b.Started)
	})
	if o.json {
		out := struct {
			Version  int          `json:"version"`
			Dir      string       `json:"dir"`
			Sessions []sessionRow `json:"sessions"`
		}{scoring.JSONVersion, data, append([]sessionRow{}, rows...)}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
		_, err := sio.Out.Write(buf.Bytes())
		return err
	}
	if len(rows) == 0 {
		fmt.Fprintf(sio.Out, "No sessions in %s.\n", scenarios.SanitizeLine(data))
		return nil
	}
	tw := tabwriter.NewWriter(sio.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "FOLDER\tSCENARIO\tSTARTED\tSTATE\tSCORE\n")
	for _, r := range rows {
		started, score := "—", "—"
		if r.Started != nil {
			started = r.Started.Format("2006-01-02 15:04 UTC")
		}
		if r.Rating != nil {
			score = string(r.Score) + " " + *r.Rating
			if !r.Ended {
				score += " (provisional)"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", scenarios.SanitizeLine(r.Folder), scenarios.SanitizeLine(r.Scenario), started, r.State, score)
	}
	return tw.Flush()
}

// sessionState is the state of the readable session in dir whose events
// are events: ended, running (open in a ttx process now) or interrupted.
func sessionState(dir string, events []sim.Event) string {
	switch {
	case slices.ContainsFunc(events, func(ev sim.Event) bool { return ev.Kind == sim.KindEnd }):
		return stateEnded
	case sim.InUse(dir):
		return stateRunning
	}
	return stateInterrupted
}

// resumableSessions are the interrupted sessions of the data directory,
// the most recently started first, for the picker to offer. Folders that
// are not readable sessions are left out (ttx sessions lists them, with
// the reason); so is everything when the data directory cannot be read.
func resumableSessions(data string) []tui.Resumable {
	entries, err := os.ReadDir(data)
	if err != nil {
		return nil
	}
	var out []tui.Resumable
	var reader sim.SessionReader
	for _, e := range entries {
		dir := filepath.Join(data, e.Name())
		if !e.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, sim.JournalFile)); err != nil {
			continue
		}
		s, hdr, events, _, err := reader.Read(dir)
		if err != nil || sessionState(dir, events) != stateInterrupted {
			continue
		}
		r := tui.Resumable{Dir: dir, ScenarioTitle: s.Title, Started: hdr.Created}
		struck := map[int]bool{}
		for _, ev := range events {
			r.At = max(r.At, ev.At)
			if ev.Kind == sim.KindStrike {
				struck[ev.Ref] = true
			}
		}
		for _, ev := range events {
			if ev.Kind == sim.KindDecision && !struck[ev.Seq] {
				r.Decisions++
			}
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b tui.Resumable) int { return b.Started.Compare(a.Started) })
	return out
}
