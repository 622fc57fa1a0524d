package tui

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
)

type resultsReadyMsg struct {
	score   Score
	reports []string
	err     error
}

// results shows the score, a bar per phase, response times and where the
// reports were written.
type results struct {
	*common
	sess    Session
	ready   bool
	score   Score
	reports []string
	err     error
}

func newResults(c *common, sess Session) *results { return &results{common: c, sess: sess} }

// Init scores the session and writes its reports, in the background.
func (r *results) Init() tea.Cmd {
	sess := r.sess
	return func() tea.Msg {
		s, err := sess.Score()
		if err != nil {
			return resultsReadyMsg{err: err}
		}
		paths, err := sess.WriteReports()
		return resultsReadyMsg{score: s, reports: paths, err: err}
	}
}

func (r *results) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case resultsReadyMsg:
		r.ready, r.score, r.reports, r.err = true, msg.score, msg.reports, msg.err
	case tea.KeyMsg:
		if key.Matches(msg, r.keyMap().short[0]) {
			return tea.Quit
		}
	}
	return nil
}

func (r *results) keyMap() bindings {
	k := r.keys
	quit := key.NewBinding(key.WithKeys(append(k.Quit.Keys(), k.Confirm.Keys()...)...), key.WithHelp("q/enter", "quit"))
	short := []key.Binding{quit, k.Help}
	return bindings{short: short, full: [][]key.Binding{short}}
}

func (r *results) View() string {
	s := r.styles
	w := r.width
	var b strings.Builder
	b.WriteString(s.HeaderTitle.Render(truncate("Results — "+scenarios.SanitizeLine(r.sess.Scenario().Title), w)))
	b.WriteString("\n\n")
	if !r.ready {
		b.WriteString(s.Muted.Render("Scoring and writing the reports…"))
	} else {
		if r.score.Phases != nil || !r.score.Overall.Null {
			fmt.Fprintf(&b, "Overall  %s  %s\n\n", s.Rating.Render(scoreLabel(r.score.Overall)), ratingName(r.score.Overall))
			barW := clamp(w-40, 10, 60)
			for _, p := range r.score.Phases {
				final := ""
				if p.Final != "" {
					final = " · final " + p.Final // the evaluator's, from the ratings screen
				}
				fmt.Fprintf(&b, "%-14s %s %s%s\n", phaseName(p.Phase), r.bar(p, barW), scoreLabel(p), final)
			}
		}
		fmt.Fprintf(&b, "\nTime to detect  %s    Time to contain  %s\n", optClock(r.score.TimeToDetect), optClock(r.score.TimeToContain))
		if len(r.score.Responses) > 0 {
			b.WriteString("\n" + s.PaneTitle.Render("Response times (scenario time, from the triggering inject)") + "\n")
			for i, rt := range r.score.Responses {
				if i >= max(r.height-24, 3) {
					fmt.Fprintf(&b, "… and %d more in the report\n", len(r.score.Responses)-i)
					break
				}
				fmt.Fprintf(&b, "%s  %-5s %s\n", hms(rt.Response), rt.Status, truncate(scenarios.SanitizeLine(rt.Label), w-20))
			}
		}
		b.WriteString("\n")
		if r.err != nil {
			b.WriteString(s.Error.Render(truncate("Reports NOT written: "+r.err.Error(), w)) + "\n")
		}
		if len(r.reports) > 0 {
			b.WriteString(s.PaneTitle.Render("Reports") + "\n")
			for _, p := range r.reports {
				b.WriteString(truncate("  "+scenarios.SanitizeLine(p), w) + "\n")
			}
		}
		b.WriteString(s.Muted.Render(truncate("Session: "+scenarios.SanitizeLine(r.sess.Dir()), w)))
	}
	return r.withFooter(b.String(), r.shortHelp(r.keyMap().short))
}

func (r *results) bar(p PhaseScore, width int) string {
	if p.Null {
		return r.styles.BarEmpty.Render(strings.Repeat("·", width))
	}
	n := clamp(int(math.Round(p.Value/100*float64(width))), 0, width)
	return r.styles.BarFull.Render(strings.Repeat("█", n)) + r.styles.BarEmpty.Render(strings.Repeat("░", width-n))
}

// ratingName is the HSEEP wording of a score's rating.
func ratingName(p PhaseScore) string {
	switch r := scoring.Rating(p.Rating); r {
	case scoring.RatingP, scoring.RatingS, scoring.RatingM, scoring.RatingU:
		return r.Description()
	}
	return "no applicable expected action"
}

func optClock(d *scenarios.Duration) string {
	if d == nil {
		return "— (no action taken)"
	}
	return d.Clock()
}
