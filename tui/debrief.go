package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
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
}

func newDebrief(c *common, sess Session) *debrief {
	return &debrief{common: c, sess: sess, vp: viewport.New(0, 0)}
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
		case key.Matches(msg, d.keyMap().full[0][0]):
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
	d.vp.SetContent(d.content(d.vp.Width))
}

// hanging wraps text to width (0: no wrapping) after prefix, and indents
// the lines it wraps onto by the prefix's width, so that a long label, why
// or recommendation reads as one block at 80 columns.
func hanging(prefix, text string, width int) string {
	pw := lipgloss.Width(prefix)
	if width <= 0 {
		return prefix + text
	}
	lines := strings.Split(ansi.Wrap(text, max(width-pw, 10), ""), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return prefix + strings.Join(lines, "\n"+strings.Repeat(" ", pw))
}

// content is the debrief's text wrapped to width (0: one line per item).
func (d *debrief) content(width int) string {
	s := d.styles
	switch {
	case !d.ready:
		return s.Muted.Render(hanging("", "Comparing with the ideal path…", width))
	case !d.ok:
		return s.Muted.Render(hanging("", "This scenario has no ideal self-test (a test rated P) to compare with.", width))
	}
	db := d.d
	var b strings.Builder
	line := scenarios.SanitizeLine
	b.WriteString(hanging("", fmt.Sprintf("Your run: %s %s · the ideal team (“%s”): %s %s",
		db.Yours.ScoreText(), ratingOrDash(db.Yours.Rating), line(db.IdealTest), db.Ideal.ScoreText(), ratingOrDash(db.Ideal.Rating)), width))
	b.WriteString("\n")
	gaps := 0
	for i := range db.Rows {
		if db.Rows[i].Gap {
			gaps++
		}
	}
	b.WriteString(hanging("", fmt.Sprintf("%d of %d actions went worse than on the ideal path.", gaps, len(db.Rows)), width))
	b.WriteString("\n")
	for i := range db.Rows {
		r := &db.Rows[i]
		mark, style := "  ", s.Status
		if r.Gap {
			mark, style = "✗ ", s.Warning
		}
		b.WriteString("\n")
		b.WriteString(style.Render(hanging(mark, line(r.Yours.Label)+" ("+scoring.PhaseTitle(r.Yours.Phase)+")", width)))
		b.WriteString("\n")
		b.WriteString(hanging("    ", fmt.Sprintf("you: %s · ideal: %s", line(r.YoursText()), line(r.IdealText())), width))
		b.WriteString("\n")
		if adv := r.Advice(); adv != "" {
			b.WriteString(hanging("    ", line(adv), width))
			b.WriteString("\n")
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
			b.WriteString(hanging(c.At.Clock()+" ", line(c.Title)+" — "+line(c.Why)+avoided, width))
			b.WriteString("\n")
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
	k.Continue = key.NewBinding(key.WithKeys(append(k.Continue.Keys(), k.Confirm.Keys()...)...), key.WithHelp("c/enter", "continue to results"))
	short := []key.Binding{k.Up, k.Down, k.PageDown, k.Continue, k.Help, k.Quit}
	vk := d.vp.KeyMap
	full := [][]key.Binding{{k.Continue}, {vk.Up, vk.Down, vk.PageUp, vk.PageDown, vk.HalfPageUp, vk.HalfPageDown}}
	return bindings{short: short, full: full}
}

func (d *debrief) View() string {
	title := d.styles.PaneTitle.Render(truncate("Debrief — your run beside the ideal path", d.width))
	return title + "\n" + d.vp.View() + "\n\n" + d.shortHelp(d.keyMap().ShortHelp())
}
