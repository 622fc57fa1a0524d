package scoring

import (
	"io"
	"text/tabwriter"

	"github.com/ttx-sim/ttx/scenarios"
)

// WriteTable prints a result for a person at a terminal: the overall score,
// a row per phase, and the gaps with their recommendations. Scenario text
// is sanitised; nothing here uses colour.
func WriteTable(w io.Writer, s *scenarios.Scenario, r *Result) error {
	p := &errWriter{w: w}
	line := scenarios.SanitizeLine
	p.printf("Scenario  %s (%s)\n", line(s.Title), line(s.ID))
	ended := "ended"
	if !r.Ended {
		ended = "not ended: provisional score"
	}
	length := r.Length
	if length == 0 {
		length = s.Duration
	}
	p.printf("Played    %s of %s (%s)\n", r.EndedAt.Clock(), length.Clock(), ended)
	p.printf("Score     %s  %s  %s\n", r.ScoreText(), ratingDash(r.Rating), r.Rating.Description())
	p.printf("Times     first detection action %s, first containment action %s\n\n", optClock(r.TimeToDetect), optClock(r.TimeToContain))

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	tp := &errWriter{w: tw}
	tp.printf("PHASE\tSCORE\tRATING\tWEIGHT\tCREDIT\tPENALTY\n")
	for _, ph := range r.Phases {
		tp.printf("%s\t%s\t%s\t%s\t%s\t%s\n", PhaseTitle(ph.Phase), ph.ScoreText(), ratingDash(ph.Rating), ph.Weight, ph.Credit, ph.Penalty)
	}
	if tp.err == nil {
		tp.err = tw.Flush()
	}
	if p.err == nil {
		p.err = tp.err
	}

	var gaps []Gap
	for i := range r.Actions {
		if a := &r.Actions[i]; a.IsGap() {
			gaps = append(gaps, Gap{ActionResult: *a, Issue: issue(a)})
		}
	}
	if len(gaps) == 0 {
		p.printf("\nNo gaps.\n")
		return p.err
	}
	p.printf("\nGAPS\n")
	for _, g := range gaps {
		p.printf("  %-13s %s: %s\n", g.Phase, line(g.Issue), line(g.Label))
		p.printf("  %-13s %s\n", "", line(gapAdvice(&g)))
	}
	return p.err
}
