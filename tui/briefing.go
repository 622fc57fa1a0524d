package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/scenarios"
)

// startMsg asks the app to start a new session of a scenario.
type startMsg struct{ scenario *scenarios.Scenario }

// backMsg asks the app to go back to the picker.
type backMsg struct{}

// briefing shows what the players are told before the clock starts.
type briefing struct {
	*common
	scenario *scenarios.Scenario
	canBack  bool
	vp       viewport.Model
	source   string // the briefing as markdown (sanitised when rendered)
	rendered mdCache
	status   string
	starting bool
}

// startFailed lets the briefing start again after an error.
func (b *briefing) startFailed() { b.starting, b.status = false, "" }

func newBriefing(c *common, s *scenarios.Scenario, canBack bool) *briefing {
	b := &briefing{common: c, scenario: s, canBack: canBack, vp: viewport.New(0, 0)}
	b.source = briefingMarkdown(s)
	return b
}

// briefingMarkdown is the briefing document. Untrusted fields are
// sanitised by the renderer; single-line fields are made single-line here
// so that a newline in a title cannot forge document structure.
func briefingMarkdown(s *scenarios.Scenario) string {
	var b strings.Builder
	line := scenarios.SanitizeLine
	fmt.Fprintf(&b, "# %s\n\n%s\n\n", line(s.Title), s.Summary)
	if len(s.Objectives) > 0 {
		b.WriteString("## Objectives\n\n")
		for _, o := range s.Objectives {
			fmt.Fprintf(&b, "- %s", line(o.Text))
			if o.Capability != "" {
				fmt.Fprintf(&b, " (%s)", line(o.Capability))
			}
			b.WriteString("\n")
		}
		b.WriteString("\n")
	}
	b.WriteString("## Roles\n\n")
	for _, r := range s.Roles {
		fmt.Fprintf(&b, "- **%s**", line(r.Name))
		if r.Description != "" {
			fmt.Fprintf(&b, " — %s", line(r.Description))
		}
		b.WriteString("\n")
	}
	if s.Jurisdiction != "" {
		fmt.Fprintf(&b, "\n## Jurisdiction\n\n%s\n", line(s.Jurisdiction))
	}
	for _, list := range []struct {
		title string
		items []string
	}{{"Ground rules", s.GroundRules}, {"Assumptions", s.Assumptions}} {
		if len(list.items) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n## %s\n\n", list.title)
		for _, it := range list.items {
			fmt.Fprintf(&b, "- %s\n", line(it))
		}
	}
	phases := make([]string, len(s.Phases))
	for i, p := range s.Phases {
		phases[i] = phaseName(p)
	}
	fmt.Fprintf(&b, "\n## The exercise\n\n- Phases: %s\n- Planned length: %s (%s)\n- Injects scripted: %d\n",
		strings.Join(phases, " → "), s.Duration, s.Duration.Clock(), len(s.Injects))
	return b.String()
}

func (b *briefing) SetSize(w, h int) tea.Cmd {
	b.vp.Width, b.vp.Height = w, max(h-2, 1) // status and help lines
	b.rendered.setWidth(b.vp.Width)
	return b.refresh()
}

// refresh shows the rendered briefing for the current width, asking for a
// render when there is none yet.
func (b *briefing) refresh() tea.Cmd {
	if out, ok := b.rendered.get("briefing", b.vp.Width); ok {
		b.vp.SetContent(out)
		return nil
	}
	b.vp.SetContent(plainText(b.source))
	return renderMarkdownCmd(b.mdLook(), "briefing", b.vp.Width, b.source)
}

func (b *briefing) keyMap() bindings {
	k := b.keys
	k.Back.SetEnabled(b.canBack)
	short := []key.Binding{k.Start, k.Up, k.Down, k.Back, k.Help, k.Quit}
	return bindings{short: short, full: [][]key.Binding{short}}
}

// helpKeys is every key of the briefing: enter, esc, and the scrolling
// keys of its viewport.
func (b *briefing) helpKeys() [][]key.Binding {
	k, vk := b.keys, b.vp.KeyMap
	k.Back.SetEnabled(b.canBack)
	return [][]key.Binding{{k.Start, k.Back}, {vk.Up, vk.Down, vk.PageUp, vk.PageDown, vk.HalfPageUp, vk.HalfPageDown}}
}

func (b *briefing) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case markdownMsg:
		if b.rendered.put(msg.key, msg.out) {
			b.vp.SetContent(msg.out)
		}
		return nil
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, b.keys.Start):
			if b.starting { // one session per start, however often enter is pressed
				return nil
			}
			s := b.scenario
			b.starting, b.status = true, "Starting…"
			return func() tea.Msg { return startMsg{s} }
		case b.canBack && key.Matches(msg, b.keys.Back):
			return func() tea.Msg { return backMsg{} }
		}
	}
	var cmd tea.Cmd
	b.vp, cmd = b.vp.Update(msg)
	return cmd
}

func (b *briefing) View() string {
	status := b.styles.Status.Render(truncate(fmt.Sprintf("Briefing — %s · enter to start the clock", scenarios.SanitizeLine(b.scenario.Title)), b.width))
	if b.status != "" {
		status = b.styles.Status.Render(b.status)
	}
	return b.vp.View() + "\n" + status + "\n" + b.shortHelp(b.keyMap().short)
}

// phaseName is the display name of a phase.
func phaseName(p scenarios.Phase) string {
	switch p {
	case scenarios.PostIncident:
		return "Post-incident"
	case "":
		return "—"
	}
	return strings.ToUpper(string(p[:1])) + string(p[1:])
}
