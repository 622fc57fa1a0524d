package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
	"github.com/ttx-sim/ttx/sim"
)

// reportOptions are the flags of `ttx report`.
type reportOptions struct {
	format string // md, html, json or csv
	output string // file to write; "" or "-": stdout
	// includePractice keeps training runs (played with --coach) in a trend.
	includePractice bool
	// includeIncomplete keeps interrupted and early-ended sessions in a trend.
	includeIncomplete bool
}

func newReportCmd(sio *IO) *cobra.Command {
	o := &reportOptions{}
	cmd := &cobra.Command{
		Use:   "report SESSION...",
		Short: "Write the after-action report, or the trend across sessions",
		Long: "With one session folder: its after-action report and improvement plan\n" +
			"(HSEEP AAR/IP). With several: the readiness-gap trend across them — scores\n" +
			"per phase and capability over time, recurring gaps, and whether corrective\n" +
			"actions were followed by improvement in a later drill of the same scenario.\n" +
			"Sessions interrupted or ended before half their duration are left out of a\n" +
			"trend unless --include-incomplete.\n\n" +
			"Formats: md (default; for wikis and tickets), html (one self-contained file\n" +
			"that prints to A4), json (for machines), csv (the improvement plan rows).",
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runReport(sio, o, args) },
	}
	cmd.Flags().StringVar(&o.format, "format", "md", "md, html, json or csv")
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "write the report to this file instead of stdout")
	cmd.Flags().BoolVar(&o.includePractice, "include-practice", false, "keep practice runs (played with --coach) in a trend report")
	cmd.Flags().BoolVar(&o.includeIncomplete, "include-incomplete", false,
		"trend: keep sessions that were interrupted or ended before half their duration")
	return cmd
}

func runReport(sio *IO, o *reportOptions, dirs []string) error {
	format, err := scoring.ParseFormat(o.format)
	if err != nil {
		return usageErrorf("%s", scenarios.SanitizeLine(err.Error()))
	}
	opt := scoring.TrendOptions{IncludeIncomplete: o.includeIncomplete}
	sessions := make([]*scoring.Session, 0, len(dirs))
	var reader sim.SessionReader
	for _, dir := range dirs {
		sess, err := readSession(sio, &reader, dir)
		if err != nil {
			return err
		}
		sessions = append(sessions, sess)
	}
	if len(sessions) > 1 && !o.includePractice {
		var kept []*scoring.Session
		var practice []string
		for _, sess := range sessions {
			if sess.Practice {
				practice = append(practice, filepath.Base(sess.Dir))
				continue
			}
			kept = append(kept, sess)
		}
		if len(practice) > 0 {
			fmt.Fprintf(sio.Err, "ttx: left out %s, played with --coach as practice: %s; --include-practice keeps them\n",
				plural(len(practice), "session"), scenarios.SanitizeLine(strings.Join(practice, ", ")))
		}
		if len(kept) < 2 {
			return &exitError{code: exitBad, msg: fmt.Sprintf("a trend needs at least 2 drills that are not practice runs; %d left: pass --include-practice to count practice runs", len(kept))}
		}
		sessions = kept
	}
	if o.output == "" || o.output == "-" {
		// Rendered whole first, so that a failure prints no half report.
		var buf bytes.Buffer
		if err := scoring.WriteReportWith(&buf, format, sessions, opt); err != nil {
			return &exitError{code: exitBad, msg: err.Error()}
		}
		_, err := sio.Out.Write(buf.Bytes())
		return err
	}
	if err := refuseSessionFile(o.output, sessions); err != nil {
		return err
	}
	write := func(w io.Writer) error { return scoring.WriteReportWith(w, format, sessions, opt) }
	if err := scoring.WriteFile(o.output, write); err != nil {
		return &exitError{code: exitBad, msg: scenarios.SanitizeLine(fmt.Sprintf("cannot write %s: %v", o.output, err))}
	}
	return nil
}

// refuseSessionFile refuses an output path that is a session's own journal
// or scenario copy: the report would replace the one record of the drill.
func refuseSessionFile(output string, sessions []*scoring.Session) error {
	out, outErr := os.Stat(output)
	parent, parentErr := os.Stat(filepath.Dir(output))
	base := filepath.Base(output)
	for _, s := range sessions {
		for _, name := range []string{sim.JournalFile, sim.ScenarioFile} {
			own := filepath.Join(s.Dir, name)
			fi, err := os.Stat(own)
			same := err == nil && outErr == nil && os.SameFile(out, fi)
			if !same && base == name && parentErr == nil {
				if d, err := os.Stat(s.Dir); err == nil && os.SameFile(parent, d) {
					same = true
				}
			}
			if same {
				return &exitError{code: exitBad, msg: scenarios.SanitizeLine(fmt.Sprintf("cannot write %s: it is the session's own %s (%s); choose another file", output, name, own))}
			}
		}
	}
	return nil
}
