package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/ttx-sim/ttx/scenarios"
)

// injectPane shows one inject: title, time, channel, sender and
// recipients, its body (markdown, rendered off the UI loop) and its
// discussion questions: what every player may see of it, never its
// facilitator notes (the facilitator panel shows those). It scrolls. The
// owner may show another text in its place (the coach pane).
type injectPane struct {
	*common
	sc       *scenarios.Scenario
	vp       viewport.Model
	rendered mdCache
	wrap     lipgloss.Style // wraps the text to the pane
	lines    []string       // the content, split once

	// choices lists a decision point's choices under its questions (a
	// seat; the console asks for them in its palette instead).
	choices bool

	// What is shown: an inject (cur non-nil), else a text of the owner's.
	cur *scenarios.Inject
	at  scenarios.Duration
}

func newInjectPane(c *common, sc *scenarios.Scenario) *injectPane {
	return &injectPane{common: c, sc: sc, vp: viewport.New(0, 0), wrap: lipgloss.NewStyle()}
}

// SetSize sets the size inside the pane's frame; the title takes a line.
func (p *injectPane) SetSize(w, h int) {
	p.vp.Width, p.vp.Height = w, max(h-1, 1)
	p.rendered.setWidth(p.vp.Width)
}

// Update takes the markdown renders it asked for.
func (p *injectPane) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(markdownMsg); ok && p.rendered.put(msg.key, msg.out) && p.cur != nil {
		p.show(p.cur, p.at)
	}
	return nil
}

// request asks for the markdown renders of in that are not cached for the
// pane's width.
func (p *injectPane) request(in *scenarios.Inject) tea.Cmd {
	if p.vp.Width <= 0 {
		return nil
	}
	var cmds []tea.Cmd
	if _, ok := p.rendered.get("body:"+in.ID, p.vp.Width); !ok && in.Body != "" {
		cmds = append(cmds, renderMarkdownCmd(p.mdLook(), "body:"+in.ID, p.vp.Width, in.Body))
	}
	return tea.Batch(cmds...)
}

// show composes the pane for inject in, delivered at `at`, from what is
// rendered so far.
func (p *injectPane) show(in *scenarios.Inject, at scenarios.Duration) {
	p.cur, p.at = in, at
	s := p.styles
	var b strings.Builder
	b.WriteString(s.PaneTitle.Render(scenarios.SanitizeLine(in.Title)))
	b.WriteString("\n")
	meta := []string{at.Clock(), string(in.Channel)}
	if in.StoryTime != "" {
		meta = append(meta, scenarios.SanitizeLine(in.StoryTime))
	}
	if in.From != "" {
		meta = append(meta, "from "+scenarios.SanitizeLine(in.From))
	}
	if len(in.To) > 0 {
		names := make([]string, len(in.To))
		for i, r := range in.To {
			names[i] = r
			if role, ok := p.sc.Role(r); ok {
				names[i] = role.Name
			}
		}
		meta = append(meta, "to "+scenarios.SanitizeLine(strings.Join(names, ", ")))
	}
	if in.IsDecisionPoint() {
		meta = append(meta, "DECISION POINT")
	}
	b.WriteString(s.Muted.Render(scenarios.SanitizeLine(strings.Join(meta, " · "))))
	b.WriteString("\n\n")
	if in.Body != "" {
		body, ok := p.rendered.get("body:"+in.ID, p.vp.Width)
		if !ok {
			body = plainText(in.Body)
		}
		b.WriteString(body)
		b.WriteString("\n")
	}
	if len(in.Questions) > 0 {
		b.WriteString("\n")
		b.WriteString(s.PaneTitle.Render("Discussion questions"))
		b.WriteString("\n")
		for i, q := range in.Questions {
			b.WriteString(s.Question.Render(fmt.Sprintf("%d. %s", i+1, scenarios.SanitizeLine(q))))
			b.WriteString("\n")
		}
	}
	if p.choices && in.IsDecisionPoint() {
		b.WriteString("\n")
		b.WriteString(s.PaneTitle.Render("Decision: the team chooses one of"))
		b.WriteString("\n")
		for i, id := range in.Choices {
			b.WriteString(fmt.Sprintf("%d. %s\n", i+1, actionLabel(p.sc, id)))
		}
	}
	p.setContent(strings.TrimRight(b.String(), "\n"))
}

// showText shows a text of the owner's instead of an inject.
func (p *injectPane) showText(s string) {
	p.cur = nil
	p.setContent(s)
}

// setContent wraps the text to the pane's width once, here, so that View
// only picks the visible lines.
func (p *injectPane) setContent(s string) {
	s = p.wrap.Width(max(p.vp.Width, 1)).Render(s)
	p.vp.SetContent(s)
	p.lines = strings.Split(s, "\n")
}

// scroll moves the view by delta lines; ±1<<30 go to the top or bottom.
func (p *injectPane) scroll(delta int) {
	switch {
	case delta == -1<<30:
		p.vp.GotoTop()
	case delta == 1<<30:
		p.vp.GotoBottom()
	case delta < 0:
		p.vp.ScrollUp(-delta)
	default:
		p.vp.ScrollDown(delta)
	}
}

// title is name with how far the pane is scrolled, when it scrolls.
func (p *injectPane) title(name string) string {
	pct := int(p.vp.ScrollPercent() * 100)
	if p.vp.TotalLineCount() <= p.vp.Height {
		return name
	}
	return name + " (" + strconv.Itoa(pct) + "%)"
}

// View is the visible part of the pane.
func (p *injectPane) View() string {
	lines := p.lines
	top := clamp(p.vp.YOffset, 0, len(lines))
	end := min(top+p.vp.Height, len(lines))
	return strings.Join(lines[top:end], "\n")
}
