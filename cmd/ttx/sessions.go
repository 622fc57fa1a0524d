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
		switch {
		case res.Ended:
			row.State = stateEnded
		case sim.InUse(dir):
			row.State = stateRunning
		default:
			row.State = stateInterrupted
		}
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
