package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
)

// debriefMsg asks the app to show the debrief (coach mode, after review).
type debriefMsg struct{}

// debriefReadyMsg brings the comparison, built off the UI loop.
type debriefReadyMsg struct {
	d  *scoring.Debrief
	ok bool
}

// debrief lays the trainee's run beside the scenario's ideal self-test,
// action by action: what they did and when, what the ideal team did, the
// why or the recommendation of each gap, and the consequences they
// triggered. The after-action report of a practice run holds the same
// comparison (scoring.BuildDebrief).
type debrief struct {
	*common
	sess  Session
	ready bool
	d     *scoring.Debrief
	ok    bool
	vp    viewport.Model
	wrap  lipgloss.Style
}

func newDebrief(c *common, sess Session) *debrief {
	return &debrief{common: c, sess: sess, vp: viewport.New(0, 0), wrap: lipgloss.NewStyle()}
}

func (d *debrief) Init() tea.Cmd {
	s, events := d.sess.Scenario(), d.sess.Events()
	return func() tea.Msg {
		db, ok := scoring.BuildDebrief(s, events)
		return debriefReadyMsg{d: db, ok: ok}
	}
}

func (d *debrief) SetSize(w, h int) {
	d.vp.Width, d.vp.Height = max(w, 1), max(h-3, 1) // title, status, help
	d.refresh()
}

func (d *debrief) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case debriefReadyMsg:
		d.ready, d.d, d.ok = true, msg.d, msg.ok
		d.refresh()
		return nil
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, d.keys.Continue, d.keys.Confirm):
			return func() tea.Msg { return resultsMsg{} }
		case key.Matches(msg, d.keys.Quit):
			return tea.Quit
		}
	}
	var cmd tea.Cmd
	d.vp, cmd = d.vp.Update(msg)
	return cmd
}

func (d *debrief) refresh() {
	d.vp.SetContent(d.wrap.Width(max(d.vp.Width, 1)).Render(d.content()))
}

func (d *debrief) content() string {
	s := d.styles
	switch {
	case !d.ready:
		return s.Muted.Render("Comparing with the ideal path…")
	case !d.ok:
		return s.Muted.Render("This scenario has no ideal self-test (a test rated P) to compare with.")
	}
	db := d.d
	var b strings.Builder
	line := scenarios.SanitizeLine
	fmt.Fprintf(&b, "Your run: %s %s · the ideal team (“%s”): %s %s\n",
		db.Yours.ScoreText(), ratingOrDash(db.Yours.Rating), line(db.IdealTest), db.Ideal.ScoreText(), ratingOrDash(db.Ideal.Rating))
	gaps := 0
	for i := range db.Rows {
		if db.Rows[i].Gap {
			gaps++
		}
	}
	fmt.Fprintf(&b, "%d of %d actions went worse than on the ideal path.\n", gaps, len(db.Rows))
	for i := range db.Rows {
		r := &db.Rows[i]
		mark, style := "  ", s.Status
		if r.Gap {
			mark, style = "✗ ", s.Warning
		}
		b.WriteString("\n")
		b.WriteString(style.Render(mark + line(r.Yours.Label)))
		b.WriteString(s.Muted.Render(" (" + phaseName(r.Yours.Phase) + ")"))
		b.WriteString("\n")
		fmt.Fprintf(&b, "    you: %s · ideal: %s\n", line(r.YoursText()), line(r.IdealText()))
		if adv := r.Advice(); adv != "" {
			b.WriteString("    " + line(adv) + "\n")
		}
	}
	if len(db.Consequences) > 0 {
		b.WriteString("\n")
		b.WriteString(s.PaneTitle.Render("Consequences you triggered"))
		b.WriteString("\n")
		for _, c := range db.Consequences {
			avoided := ""
			if c.IdealAvoided {
				avoided = " The ideal team avoided it."
			}
			fmt.Fprintf(&b, "%s %s — %s%s\n", c.At.Clock(), line(c.Title), line(c.Why), avoided)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

func ratingOrDash(r scoring.Rating) string {
	if r == scoring.RatingNone {
		return "—"
	}
	return string(r)
}

func (d *debrief) keyMap() bindings {
	k := d.keys
	k.Continue.SetHelp("c/enter", "continue to results")
	short := []key.Binding{k.Up, k.Down, k.PageDown, k.Continue, k.Quit}
	return bindings{short: short, full: [][]key.Binding{short}}
}

func (d *debrief) View() string {
	title := d.styles.PaneTitle.Render(truncate("Debrief — your run beside the ideal path", d.width))
	return title + "\n" + d.vp.View() + "\n\n" + d.shortHelp(d.keyMap().ShortHelp())
}
