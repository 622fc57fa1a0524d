package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// observeKeys are the observation dialog's own keys.
var observeKeys = struct {
	Next, Prev, Type, Up, Down, Save, Cancel key.Binding
}{
	Next:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next field")),
	Prev:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous field")),
	Type:   key.NewBinding(key.WithKeys("left", "right", " "), key.WithHelp("←/→", "switch")),
	Up:     key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/↓", "what it is about")),
	Down:   key.NewBinding(key.WithKeys("down")),
	Save:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
	Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

// obsTypeHelp is the help of s and a in the type field.
var obsTypeHelp = key.NewBinding(key.WithKeys("s", "a"), key.WithHelp("s/a", "strength/to improve, then the text"))

// The fields of the observation dialog, in tab order.
const (
	obsType = iota
	obsAbout
	obsText
	obsCause
	obsBy
	obsFields
)

// obsLink is one thing an observation can be about.
type obsLink struct {
	label             string // sanitised
	inject, objective string
}

// observeForm is the console's private observation dialog (key o): an
// evaluator's strength or area for improvement, about the selected inject
// or an objective, with an optional root cause and the evaluator's name,
// journaled as an observation event. Players never see it: it is drawn only
// on the facilitator's console, and seats are never sent observations.
type observeForm struct {
	c     *common
	sess  Session
	obs   observer
	typ   string // "strength" or "improvement"
	links []obsLink
	about listPane
	field int
	text  textinput.Model
	cause textinput.Model
	by    textinput.Model
	err   string
}

// newObserveForm opens the dialog about the inject selected in the feed
// (injectIdx, -1 for none), or nil when the session cannot journal
// observations.
func newObserveForm(c *common, sess Session, injectIdx int) *observeForm {
	o, ok := sess.(observer)
	if !ok {
		return nil
	}
	f := &observeForm{c: c, sess: sess, obs: o, typ: "improvement", text: c.newInput(), cause: c.newInput(), by: c.newInput()}
	sc := sess.Scenario()
	if injectIdx >= 0 && injectIdx < len(sc.Injects) {
		in := &sc.Injects[injectIdx]
		f.links = append(f.links, obsLink{label: "Inject: " + scenarios.SanitizeLine(in.Title), inject: in.ID})
	}
	for _, ob := range sc.Objectives {
		f.links = append(f.links, obsLink{label: "Objective: " + scenarios.SanitizeLine(ob.Text), objective: ob.ID})
	}
	f.links = append(f.links, obsLink{label: "The exercise as a whole"})
	f.about = listPane{height: 4}
	f.about.SetCount(len(f.links))
	for _, in := range []*textinput.Model{&f.text, &f.cause, &f.by} {
		in.Prompt = ""
		in.CharLimit = sim.MaxTextLen // what the journal takes
	}
	f.by.CharLimit = 200
	f.text.Placeholder = "what you saw (required)"
	f.cause.Placeholder = "root cause (optional)"
	f.by.Placeholder = "your name (optional)"
	f.by.SetValue(c.evaluatorName(sess))
	return f
}

// focus gives the focus to field i (wrapping around).
func (f *observeForm) focus(i int) tea.Cmd {
	f.field = (i + obsFields) % obsFields
	var cmd tea.Cmd
	for j, in := range []*textinput.Model{&f.text, &f.cause, &f.by} {
		if obsText+j == f.field {
			cmd = f.c.focusInput(in)
		} else {
			in.Blur()
		}
	}
	return cmd
}

// obsResult is what a key did to the dialog.
type obsResult struct {
	cmd    tea.Cmd
	done   bool   // the dialog closes
	saved  bool   // with the observation journaled
	status string // for the console's status line when done
}

// update handles a key.
func (f *observeForm) update(msg tea.KeyMsg) obsResult {
	k := observeKeys
	switch {
	case key.Matches(msg, k.Cancel):
		return obsResult{done: true, status: "Observation cancelled: nothing recorded."}
	case key.Matches(msg, k.Save):
		return f.save()
	case key.Matches(msg, k.Next):
		return obsResult{cmd: f.focus(f.field + 1)}
	case key.Matches(msg, k.Prev):
		return obsResult{cmd: f.focus(f.field - 1)}
	}
	switch f.field {
	case obsType:
		switch {
		case key.Matches(msg, k.Type):
			f.typ = map[string]string{"strength": "improvement", "improvement": "strength"}[f.typ]
		case msg.String() == "s": // the type, and on to the text
			f.typ = "strength"
			return obsResult{cmd: f.focus(obsText)}
		case msg.String() == "a":
			f.typ = "improvement"
			return obsResult{cmd: f.focus(obsText)}
		}
		return obsResult{}
	case obsAbout:
		switch {
		case key.Matches(msg, k.Up):
			f.about.Move(-1)
		case key.Matches(msg, k.Down):
			f.about.Move(1)
		}
		return obsResult{}
	}
	in := [...]*textinput.Model{obsText: &f.text, obsCause: &f.cause, obsBy: &f.by}[f.field]
	if msg.Paste && len([]rune(in.Value()))+len(msg.Runes) > in.CharLimit {
		f.err = fmt.Sprintf("Paste cut to %d characters.", in.CharLimit) // never silently
	}
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	return obsResult{cmd: cmd}
}

func (f *observeForm) save() obsResult {
	text := strings.TrimSpace(f.text.Value())
	if text == "" {
		f.err = "Type the observation first (esc cancels)."
		return obsResult{cmd: f.focus(obsText)}
	}
	link := f.links[f.about.cursor]
	by := strings.TrimSpace(f.by.Value())
	o := Observation{Type: f.typ, Text: text, Inject: link.inject, Objective: link.objective,
		Cause: strings.TrimSpace(f.cause.Value()), By: by}
	if err := f.obs.Observe(o); err != nil {
		f.err = "NOT saved: " + err.Error()
		return obsResult{}
	}
	if by != "" {
		f.c.evaluator = by
	}
	what := "Strength"
	if f.typ == "improvement" {
		what = "Area for improvement"
	}
	return obsResult{done: true, saved: true,
		status: fmt.Sprintf("%s saved at %s (private: for the evaluators and the report).", what, f.sess.Now().Clock())}
}

// view is the dialog and the console's last two lines (its error and its
// keys), height lines in all, width cells wide.
func (f *observeForm) view(width, height int) string {
	s := f.c.styles
	inner := max(min(width-s.Modal.GetHorizontalFrameSize(), 90), 20)
	label := func(i int, name string) string {
		if name == "" {
			return strings.Repeat(" ", 9)
		}
		if f.field == i {
			return "▸" + s.RowSelected.Render(padRight(name, 8))
		}
		return " " + s.Muted.Render(padRight(name, 8))
	}
	radio := func(typ, text string) string {
		if f.typ == typ {
			return "(•) " + text
		}
		return "( ) " + text
	}
	var b strings.Builder
	b.WriteString(s.ModalTitle.Render("Observation") + s.Muted.Render(" — private: only this console and the report") + "\n\n")
	b.WriteString(label(obsType, "Type") + radio("strength", "Strength") + "   " + radio("improvement", "Area for improvement") + "\n")
	a := &f.about
	rows := strings.Split(a.View(func(i int, selected bool) string {
		more := "" // the list scrolls: say so at its ends
		switch {
		case i == a.offset && a.offset > 0:
			more = " ↑"
		case i == a.offset+a.height-1 && i < a.count-1:
			more = " ↓"
		}
		row := truncate(f.links[i].label, inner-11-len([]rune(more))) + more
		if selected {
			return "▸ " + row
		}
		return "  " + row
	}), "\n")
	for i, row := range rows {
		name := ""
		if i == 0 {
			name = "About"
		}
		b.WriteString(label(obsAbout, name) + row + "\n")
	}
	for i, in := range []*textinput.Model{&f.text, &f.cause, &f.by} {
		in.Width = max(inner-11, 10)
		b.WriteString(label(obsText+i, [...]string{"Text", "Cause", "By"}[i]) + truncate(showHidden(in.View()), inner-9) + "\n")
	}
	box := s.Modal.Width(inner + s.Modal.GetHorizontalPadding()).Render(strings.TrimRight(b.String(), "\n"))
	body := lipgloss.Place(width, max(height-2, 1), lipgloss.Center, lipgloss.Center, box)
	errLine := ""
	if f.err != "" {
		errLine = s.Error.Render(truncate(f.err, width))
	}
	k := observeKeys
	help := []key.Binding{k.Next, k.Save, k.Cancel}
	switch f.field {
	case obsType:
		help = append(help, obsTypeHelp, k.Type)
	case obsAbout:
		help = append(help, k.Up)
	}
	return body + "\n" + errLine + "\n" + f.c.shortHelp(help)
}

// openObserve opens the observation dialog about the selected inject.
func (c *console) openObserve() tea.Cmd {
	idx := -1
	if it, ok := c.feed.selected(); ok {
		idx = it.inject
	}
	if c.obs = newObserveForm(c.common, c.sess, idx); c.obs == nil {
		return nil
	}
	return c.obs.focus(obsType)
}

// onObserveKey gives a key to the open observation dialog.
func (c *console) onObserveKey(msg tea.KeyMsg) tea.Cmd {
	r := c.obs.update(msg)
	if !r.done {
		return r.cmd
	}
	c.obs = nil
	c.info("%s", r.status)
	if r.saved {
		c.statusStyle = c.styles.Success
	}
	return tea.Batch(r.cmd, c.sync())
}
