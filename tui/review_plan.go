package tui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// The fields of the review's plan form, in the order tab visits them: the
// point of contact first (what is typed most), then the rest of the
// improvement plan's row.
const (
	planContact = iota
	planOrg
	planStart
	planDue
	planStatus
	planFields
)

// planStatuses are the statuses ↑/↓ choose among on the status field; any
// other text typed there is kept as it is.
var planStatuses = []string{"open", "in progress", "done"}

// planLabel is the width of the form's labels ("Point of contact: ").
const planLabel = 18

// planForm edits one row of the improvement plan: point of contact,
// responsible organisation, start and completion dates, status.
type planForm struct {
	c      *common
	inputs [planFields]textinput.Model
	field  int
}

func newPlanForm(c *common) planForm {
	f := planForm{c: c}
	for i, spec := range [planFields]struct {
		label, hint string
		limit       int
	}{
		{"Point of contact:", "who will do it", 200},
		{"Organisation:", "who is responsible", 200},
		{"Start:", "YYYY-MM-DD", 20},
		{"Completion:", "YYYY-MM-DD, not in the past", 20},
		{"Status:", "open", 200},
	} {
		in := c.newInput()
		in.Prompt = padRight(spec.label, planLabel)
		in.Placeholder = spec.hint
		in.CharLimit = spec.limit
		f.inputs[i] = in
	}
	return f
}

// fill puts a row in the form: the gap's own when it has one (whole),
// else an empty row with the exercise's organisation and status "open".
func (f *planForm) fill(p sim.Plan, org string) {
	if p == (sim.Plan{}) {
		p.Org = org
	}
	if p.Status == "" {
		p.Status = planStatuses[0]
	}
	for i, v := range [planFields]string{p.Owner, p.Org, p.Start, p.Due, p.Status} {
		f.inputs[i].SetValue(v)
		f.inputs[i].CursorEnd()
	}
}

func (f *planForm) setWidth(w int) {
	for i := range f.inputs {
		// The mark, the label, the value and the cursor fit the width.
		f.inputs[i].Width = clamp(w-planLabel-5, 10, 60)
	}
}

// focus gives field i (modulo the fields) the focus.
func (f *planForm) focus(i int) tea.Cmd {
	f.field = (i + planFields) % planFields
	return f.c.focusOnly(f.inputs[:], f.field)
}

// plan is the row the form holds, trimmed; an empty status is "open".
func (f *planForm) plan() sim.Plan {
	v := func(i int) string { return strings.TrimSpace(f.inputs[i].Value()) }
	p := sim.Plan{Owner: v(planContact), Org: v(planOrg), Start: v(planStart), Due: v(planDue), Status: v(planStatus)}
	if p.Status == "" {
		p.Status = planStatuses[0]
	}
	return p
}

// cycleStatus moves the status to the next (or previous) of planStatuses;
// a status typed by hand goes to the first.
func (f *planForm) cycleStatus(delta int) {
	in := &f.inputs[planStatus]
	i := slices.Index(planStatuses, strings.TrimSpace(in.Value()))
	switch {
	case i < 0:
		i = 0
	default:
		i = (i + delta + len(planStatuses)) % len(planStatuses)
	}
	in.SetValue(planStatuses[i])
	in.CursorEnd()
}

// checkPlan is what the form refuses before the engine is asked: dates that
// are not YYYY-MM-DD, a start after the completion. It returns the field at
// fault. (A completion date in the past is the engine's to refuse: it has
// the session's clock.)
func checkPlan(p sim.Plan) (int, error) {
	for _, d := range []struct {
		field int
		name  string
		v     string
	}{{planStart, "start", p.Start}, {planDue, "completion", p.Due}} {
		if d.v == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, d.v); err != nil || len(d.v) != len(time.DateOnly) {
			return d.field, fmt.Errorf("the %s date %q is not a date: use YYYY-MM-DD, e.g. 2026-12-31", d.name, scenarios.SanitizeLine(d.v))
		}
	}
	if p.Start != "" && p.Due != "" && p.Start > p.Due {
		return planStart, fmt.Errorf("the start date %s is after the completion date %s", p.Start, p.Due)
	}
	return 0, nil
}

// update handles a key in the form; done: the form closes without saving
// (esc); save: enter asks for the row to be saved.
func (f *planForm) update(msg tea.KeyMsg) (cmd tea.Cmd, done, save bool) {
	switch msg.Type {
	case tea.KeyEsc:
		return nil, true, false
	case tea.KeyTab:
		return f.focus(f.field + 1), false, false
	case tea.KeyShiftTab:
		return f.focus(f.field - 1), false, false
	case tea.KeyEnter:
		return nil, false, true
	case tea.KeyUp, tea.KeyDown:
		if f.field == planStatus {
			delta := 1
			if msg.Type == tea.KeyUp {
				delta = -1
			}
			f.cycleStatus(delta)
		}
		return nil, false, false
	}
	f.inputs[f.field], cmd = f.inputs[f.field].Update(msg)
	return cmd, false, false
}

// view draws the form for gap g: ten lines.
func (f *planForm) view(g Gap, w int) string {
	s := f.c.styles
	var b strings.Builder
	b.WriteString(s.ModalTitle.Render(truncate("Improvement plan — "+gapTitle(g), w)) + "\n")
	what := "Corrective action: " + scenarios.SanitizeLine(g.Recommendation)
	if g.Capability != "" {
		what = "Capability " + scenarios.SanitizeLine(g.Capability) + " · " + what
	}
	lines := strings.Split(lipgloss.NewStyle().Width(max(w-2, 10)).Render(what), "\n")
	if len(lines) > 2 {
		lines = append(lines[:1], lines[1]+" …")
	}
	for i := range lines {
		lines[i] = truncate(lines[i], w)
	}
	b.WriteString(s.Muted.Render(strings.Join(lines, "\n")) + "\n\n")
	for i := range f.inputs {
		mark := "  "
		if i == f.field {
			mark = "▸ "
		}
		b.WriteString(truncate(mark+showHidden(f.inputs[i].View()), w) + "\n")
	}
	b.WriteString(s.Muted.Render(truncate("Dates YYYY-MM-DD. Status: ↑/↓ open, in progress, done, or your own words.", w)))
	return b.String()
}

// planLine is a gap's row of the plan in one line, for the list:
// contact · organisation · start→completion · status (parts not set left
// out, but for the contact and the status), at most width cells. When the
// row is wider, the contact and the organisation (free text, the long
// parts) are cut first, so that the dates and the status stay in sight.
func planLine(p sim.Plan, width int) string {
	if p == (sim.Plan{}) {
		return truncate("no plan yet", width)
	}
	owner, org := scenarios.SanitizeLine(orDash(p.Owner)), scenarios.SanitizeLine(p.Org)
	var rest []string
	switch {
	case p.Start != "" && p.Due != "":
		rest = append(rest, p.Start+"→"+p.Due)
	case p.Due != "":
		rest = append(rest, "due "+p.Due)
	case p.Start != "":
		rest = append(rest, "from "+p.Start)
	}
	status := p.Status
	if status == "" {
		status = planStatuses[0]
	}
	rest = append(rest, scenarios.SanitizeLine(status))
	line := func() string {
		parts := []string{owner}
		if org != "" {
			parts = append(parts, org)
		}
		return strings.Join(append(parts, rest...), " · ")
	}
	if full := line(); lipgloss.Width(full) <= width {
		return full
	}
	// What the contact and the organisation may share.
	budget := width - lipgloss.Width(strings.Join(rest, " · ")) - 3
	if org != "" {
		budget -= 3
	}
	const least = 6 // "Dana…": below that, cutting the end is clearer
	ow, gw := lipgloss.Width(owner), lipgloss.Width(org)
	switch {
	case org == "" && budget >= least:
		owner = truncate(owner, budget)
	case org != "" && budget >= 2*least:
		half := budget / 2
		switch {
		case ow <= half:
			org = truncate(org, budget-ow)
		case gw <= half:
			owner = truncate(owner, budget-gw)
		default:
			owner, org = truncate(owner, half), truncate(org, budget-half)
		}
	}
	return truncate(line(), width)
}
