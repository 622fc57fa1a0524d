package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-sim/ttx/scenarios"
)

// detailsKey opens the exercise details in the review.
var detailsKey = key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "exercise details"))

// detailsForm edits the exercise's organisation, location and facilitator
// (the after-action report's overview) from the review: what
// --org/--location/--facilitator gave, or nothing. Saving journals a
// setting event; the journal header is never rewritten.
type detailsForm struct {
	c      *common
	st     setter
	inputs [3]textinput.Model // organisation, location, facilitator
	field  int
	err    string
}

func newDetailsForm(c *common, st setter) *detailsForm {
	f := &detailsForm{c: c, st: st}
	cur := st.Setting()
	for i, v := range []string{cur.Org, cur.Location, cur.Facilitator} {
		in := c.newInput()
		in.Prompt = padRight([...]string{"Organisation:", "Location:", "Facilitator:"}[i], 14)
		in.Placeholder = [...]string{"who ran the exercise", "where it took place", "who facilitated it"}[i]
		in.CharLimit = 200
		in.SetValue(v)
		in.CursorEnd()
		f.inputs[i] = in
	}
	return f
}

func (f *detailsForm) setWidth(w int) {
	for i := range f.inputs {
		f.inputs[i].Width = clamp(w-18, 10, 60)
	}
}

func (f *detailsForm) focus(i int) tea.Cmd {
	f.field = (i + len(f.inputs)) % len(f.inputs)
	return f.c.focusOnly(f.inputs[:], f.field)
}

// update handles a key; done: the form closes, saved or not.
func (f *detailsForm) update(msg tea.KeyMsg) (cmd tea.Cmd, done, saved bool) {
	switch msg.Type {
	case tea.KeyEsc:
		return nil, true, false
	case tea.KeyTab:
		return f.focus(f.field + 1), false, false
	case tea.KeyShiftTab:
		return f.focus(f.field - 1), false, false
	case tea.KeyEnter:
		v := func(i int) string { return strings.TrimSpace(f.inputs[i].Value()) }
		if err := f.st.SetSetting(Setting{Org: v(0), Location: v(1), Facilitator: v(2)}); err != nil {
			f.err = "NOT saved: " + err.Error()
			return nil, false, false
		}
		return nil, true, true
	}
	f.inputs[f.field], cmd = f.inputs[f.field].Update(msg)
	return cmd, false, false
}

func (f *detailsForm) view(w int) string {
	s := f.c.styles
	var b strings.Builder
	b.WriteString(s.ModalTitle.Render("Exercise details") + s.Muted.Render(truncate(" — for the after-action report's overview", max(w-16, 0))) + "\n\n")
	for i := range f.inputs {
		mark := "  "
		if i == f.field {
			mark = "▸ "
		}
		b.WriteString(truncate(mark+showHidden(f.inputs[i].View()), w) + "\n")
	}
	if f.err != "" {
		b.WriteString(s.Error.Render(truncate(f.err, w)) + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// settingLine is the review's one line of exercise details, "" when the
// session has none to edit.
func (r *review) settingLine() string {
	st, ok := r.sess.(setter)
	if !ok {
		return ""
	}
	cur := st.Setting()
	return "Organisation: " + scenarios.SanitizeLine(orDash(cur.Org)) + " · Location: " + scenarios.SanitizeLine(orDash(cur.Location)) +
		" · Facilitator: " + scenarios.SanitizeLine(orDash(cur.Facilitator)) + "  (d edits)"
}

// openDetails opens the exercise details form.
func (r *review) openDetails() tea.Cmd {
	st, ok := r.sess.(setter)
	if !ok {
		return nil
	}
	r.details = newDetailsForm(r.common, st)
	r.details.setWidth(r.width)
	r.status = ""
	return r.details.focus(0)
}

func (r *review) onDetailsKey(msg tea.KeyMsg) tea.Cmd {
	cmd, done, saved := r.details.update(msg)
	if done {
		r.details = nil
		r.status, r.isErr = "Exercise details not changed.", false
		if saved {
			r.status = "Saved: the exercise details (the report's overview shows them)."
			r.setting = r.settingLine()
		}
	}
	return cmd
}
