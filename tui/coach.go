package tui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
	"github.com/ttx-sim/ttx/sim"
)

// Coach mode (training): every piece of feedback is kept, in order, in the
// coach pane (`c` shows it in place of the inject), full text wrapped to the
// pane; the running score is "so far" (scoring.ScoreSoFar), "—" before
// anything counts, with one line saying why whenever it moves; at the
// "hints" level, an open expected action close to its deadline gets a
// nudge. Feedback is derived from the journal (scoring.Coach over the
// events), so a resumed session shows it all again, and so do the debrief
// and the after-action report.

// coachItem is one entry of the coach pane.
type coachItem struct {
	at   scenarios.Duration
	what string // what it is about: a decision's label, "Score", "Hint"
	text string // sanitised, one line; wrapped by the pane
	tone string // "good", "late", "harmful", "neutral"
}

// coachMsg carries the running score, computed off the UI loop.
type coachMsg struct {
	soFar *scoring.SoFar
	score Score
	hints []scoring.Hint
}

// coachCmd scores the events so far in the background; with hints on, it
// also finds the nudges due now.
func (c *console) coachCmd() tea.Cmd {
	s, events, now, hints := c.sc, c.sess.Events(), c.sess.Now(), c.hints
	return func() tea.Msg {
		sf := scoring.ScoreSoFar(s, events, now)
		msg := coachMsg{soFar: sf, score: scoreFromResult(s, sf.Result, events)}
		msg.score.Objectives = objectiveProgress(sf)
		if hints {
			msg.hints = sf.Hints(s) // the same running score, not a second one
		}
		return msg
	}
}

// onCoach takes a running score in: it keeps the score, says why it moved,
// and adds the hints not given yet.
func (c *console) onCoach(msg coachMsg) {
	if c.soFar != nil && msg.soFar.Now < c.soFar.Now {
		return // an older score, overtaken by a newer one
	}
	if why := msg.soFar.Why(c.soFar); why != "" {
		from, to := scoreText(c.score), scoreLabel(msg.score.Overall)
		move := from + " → " + to
		if from == to {
			move = "still " + to // e.g. a harmful action before any expected one counts
		}
		c.addCoach(msg.soFar.Now, "Score", move+": "+why, "neutral")
	}
	c.soFar, c.score = msg.soFar, &msg.score
	for _, h := range msg.hints {
		if c.hinted[h.Action] {
			continue
		}
		c.hinted[h.Action] = true
		c.addCoach(msg.soFar.Now, "Hint", h.Text, "late")
		c.info("%s", h.Text)
		c.statusStyle = c.styles.Warning
	}
}

func scoreText(s *Score) string {
	if s == nil {
		return "—"
	}
	return scoreLabel(s.Overall)
}

// addCoach appends to the coach pane, and shows it if it is open.
func (c *console) addCoach(at scenarios.Duration, what, text, tone string) {
	c.coachItems = append(c.coachItems, coachItem{at: at, what: what, text: text, tone: tone})
	if c.showCoach {
		c.refreshInject()
		c.inject.vp.GotoBottom()
	}
}

// restoreCoach rebuilds the coach pane of a resumed session from its
// decisions.
func (c *console) restoreCoach(events []sim.Event) {
	for _, ev := range events {
		if ev.Kind == sim.KindDecision {
			fb := feedbackOf(c.sc, events, ev)
			c.coachItems = append(c.coachItems, coachItem{at: ev.At, what: c.decisionWhat(ev), text: fb.Text, tone: fb.Tone})
		}
	}
}

func (c *console) decisionWhat(ev sim.Event) string {
	if ev.Action != "" {
		return c.actionLabel(ev.Action)
	}
	return "Free text"
}

// coachContent is the coach pane's text: every item, oldest first.
func (c *console) coachContent() string {
	s := c.styles
	var b strings.Builder
	b.WriteString(s.PaneTitle.Render("Coach feedback"))
	b.WriteString("\n")
	if c.score != nil {
		b.WriteString(s.Muted.Render("Score so far: " + scoreLabel(c.score.Overall)))
		b.WriteString("\n")
		for _, o := range c.score.Objectives {
			b.WriteString(s.Muted.Render(hanging("  ", o, c.inject.vp.Width)))
			b.WriteString("\n")
		}
	}
	if len(c.coachItems) == 0 {
		b.WriteString(s.Muted.Render("No feedback yet: record a decision and the coach comments on it here."))
	}
	for _, it := range c.coachItems {
		b.WriteString("\n")
		b.WriteString(s.Muted.Render(it.at.Clock() + " · " + it.what))
		b.WriteString("\n")
		b.WriteString(c.toneStyle(it.tone).Render(it.text))
		b.WriteString("\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// objectiveProgress is one line per objective: its score so far and how
// many of its expected actions are met.
func objectiveProgress(sf *scoring.SoFar) []string {
	out := make([]string, 0, len(sf.Objectives))
	for i := range sf.Objectives {
		o := &sf.Objectives[i]
		progress := "not scored yet"
		if o.Score != nil {
			progress = fmt.Sprintf("%s %s, %d met", o.ScoreText(), string(o.Rating), o.Met)
		}
		out = append(out, scenarios.SanitizeLine(o.Text)+" — "+progress)
	}
	return out
}
