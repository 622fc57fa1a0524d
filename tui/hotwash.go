package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-sim/ttx/scenarios"
)

// hotWasher is a session that can journal the hot wash (the engine's does;
// a Session that cannot is simply not offered the screen).
type hotWasher interface {
	// HotWash records what the team said about an objective ("" for the
	// exercise as a whole): typ is "strength" or "improvement".
	HotWash(objective, typ, text string) error
}

// hotWashDoneMsg asks the app to move from the hot wash to the review.
type hotWashDoneMsg struct{}

// hotWashKeys are the hot-wash screen's own keys.
var hotWashKeys = struct {
	Up, Down, Strength, Improvement, Continue, Save, Cancel key.Binding
}{
	Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
	Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
	Strength:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "add a strength")),
	Improvement: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add an area for improvement")),
	Continue:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "continue to the review")),
	Save:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
	Cancel:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

// hotWash is the screen right after play, before the review: per
// objective, the facilitator records the team's strengths and areas for
// improvement in the team's own words. Each note is journaled when saved.
type hotWash struct {
	*common
	sess    Session
	hw      hotWasher
	ids     []string // objective ids, then "" for the exercise as a whole
	titles  []string
	notes   [][]string // per row: "+ text" (strength) or "− text"
	cursor  int
	editing string // "strength" or "improvement" while typing
	input   textinput.Model
	status  string
	isErr   bool
}

// newHotWash returns the hot-wash screen, or nil when the session cannot
// journal one.
func newHotWash(c *common, sess Session) *hotWash {
	hw, ok := sess.(hotWasher)
	if !ok {
		return nil
	}
	h := &hotWash{common: c, sess: sess, hw: hw, input: c.newInput()}
	for _, o := range sess.Scenario().Objectives {
		h.ids = append(h.ids, o.ID)
		h.titles = append(h.titles, o.Text)
	}
	h.ids = append(h.ids, "")
	h.titles = append(h.titles, "The exercise as a whole")
	h.notes = make([][]string, len(h.ids))
	h.input.CharLimit = 2000
	return h
}

func (h *hotWash) SetSize(w, _ int) { h.input.Width = max(w-20, 10) }

func (h *hotWash) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	if h.editing != "" {
		switch {
		case key.Matches(k, hotWashKeys.Cancel):
			h.editing, h.status = "", ""
			return nil
		case key.Matches(k, hotWashKeys.Save):
			return h.save()
		}
		var cmd tea.Cmd
		h.input, cmd = h.input.Update(k)
		return cmd
	}
	switch {
	case key.Matches(k, hotWashKeys.Up):
		h.cursor = max(h.cursor-1, 0)
	case key.Matches(k, hotWashKeys.Down):
		h.cursor = min(h.cursor+1, len(h.ids)-1)
	case key.Matches(k, hotWashKeys.Strength), key.Matches(k, hotWashKeys.Improvement):
		h.editing = "strength"
		h.input.Prompt = "Strength: "
		if key.Matches(k, hotWashKeys.Improvement) {
			h.editing, h.input.Prompt = "improvement", "To improve: "
		}
		h.input.SetValue("")
		h.status = ""
		return h.focusInput(&h.input)
	case key.Matches(k, hotWashKeys.Continue):
		return func() tea.Msg { return hotWashDoneMsg{} }
	case key.Matches(k, h.keys.Quit):
		return tea.Quit
	}
	return nil
}

func (h *hotWash) save() tea.Cmd {
	text := strings.TrimSpace(h.input.Value())
	if text == "" {
		h.status, h.isErr = "Type what the team said, or esc to cancel.", true
		return nil
	}
	if err := h.hw.HotWash(h.ids[h.cursor], h.editing, text); err != nil {
		h.status, h.isErr = "NOT saved: "+err.Error(), true
		return nil
	}
	mark := "+ "
	if h.editing == "improvement" {
		mark = "− "
	}
	h.notes[h.cursor] = append(h.notes[h.cursor], mark+text)
	h.editing, h.status, h.isErr = "", "Saved.", false
	return nil
}

func (h *hotWash) View() string {
	s := h.styles
	w := h.width
	var b strings.Builder
	b.WriteString(s.HeaderTitle.Render(truncate("Hot wash — "+scenarios.SanitizeLine(h.sess.Scenario().Title), w)) + "\n")
	b.WriteString(s.Muted.Render(truncate("Per objective, what went well and what to improve, in the team's own words. Saved to the session.", w)) + "\n\n")
	for i, t := range h.titles {
		line := fmt.Sprintf("%d. %s", i+1, scenarios.SanitizeLine(t))
		if i == h.cursor {
			// The selected objective is shown whole.
			for j, ln := range wrapRow(line, w-2, "   ", 0) {
				mark := "  "
				if j == 0 {
					mark = "> "
				}
				b.WriteString(s.RowSelected.Render(mark+ln) + "\n")
			}
		} else {
			b.WriteString("  " + truncate(line, w-2) + "\n")
		}
		for _, n := range h.notes[i] {
			b.WriteString(s.Muted.Render(truncate("     "+scenarios.SanitizeLine(n), w)) + "\n")
		}
	}
	var footer []string
	if h.editing != "" {
		footer = append(footer, h.input.View())
	}
	if h.status != "" {
		st := s.Status
		if h.isErr {
			st = s.Error
		}
		footer = append(footer, st.Render(truncate(h.status, w)))
	}
	hk := hotWashKeys
	help := []key.Binding{hk.Up, hk.Down, hk.Strength, hk.Improvement, hk.Continue, h.keys.Help, h.keys.Quit}
	if h.editing != "" {
		help = []key.Binding{hk.Save, hk.Cancel}
	}
	footer = append(footer, h.shortHelp(help))
	return h.withFooter(strings.TrimRight(b.String(), "\n"), footer...)
}
