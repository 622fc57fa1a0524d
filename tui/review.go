package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/ttx-sim/ttx/scenarios"
)

// resultsMsg asks the app to move from the review to the results.
type resultsMsg struct{}

// backToRatingsMsg asks the app to move from the review back to the
// ratings screen.
type backToRatingsMsg struct{}

// backToRatingsKey returns from the review to the ratings screen (a session
// that journals ratings only).
var backToRatingsKey = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "back to the ratings"))

// statusKey chooses among the usual statuses on the plan form's status
// field.
var statusKey = key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "open · in progress · done"))

// reviewScoreMsg brings the score the review shows.
type reviewScoreMsg struct {
	score Score
	err   error
}

// Lines of the review outside the gap list: title, intro, blank, the line
// that says how many gaps are above and below the fold, status, help, and
// the detail box of the selected gap.
const (
	reviewChrome = 7
	reviewDetail = 4
)

// review is the post-incident screen: the gaps, each with its
// recommendation, and the improvement plan's row per corrective action.
type review struct {
	*common
	sess    Session
	gaps    []Gap
	loaded  bool
	list    listPane
	editing bool     // the plan form is open, for the selected gap
	plan    planForm // point of contact, organisation, start, completion, status
	wrap    lipgloss.Style
	status  string
	isErr   bool
	details *detailsForm // the exercise details form (d), nil when closed
	setting string       // the exercise details line (settingLine), read when they change
	rates   bool         // the session journals ratings: r goes back to the ratings screen
}

func newReview(c *common, sess Session) *review {
	r := &review{common: c, sess: sess, plan: newPlanForm(c), wrap: lipgloss.NewStyle()}
	r.setting = r.settingLine()
	_, r.rates = sess.(rater)
	return r
}

func (r *review) Init() tea.Cmd {
	sess := r.sess
	return func() tea.Msg {
		s, err := sess.Score()
		return reviewScoreMsg{s, err}
	}
}

func (r *review) SetSize(w, h int) {
	// Each gap takes three lines: title, recommendation, its plan. Below
	// the list, the selected gap's recommendation is shown whole.
	chrome := reviewChrome
	if _, ok := r.sess.(setter); ok {
		chrome++ // the exercise details line
	}
	r.list.SetHeight(max((h-chrome-reviewDetail)/3, 1))
	r.plan.setWidth(w)
}

func (r *review) keyMap() bindings {
	k := r.keys
	if r.editing {
		short := []key.Binding{k.NextField, ratingsKeys.Save, k.Cancel}
		if r.plan.field == planStatus {
			short = append(short, statusKey)
		}
		return bindings{short: short}
	}
	k.Edit.SetEnabled(len(r.gaps) > 0)
	short := []key.Binding{k.Up, k.Down, k.Edit}
	if _, ok := r.sess.(setter); ok {
		short = append(short, detailsKey)
	}
	short = append(short, k.Continue)
	if r.rates {
		short = append(short, backToRatingsKey)
	}
	short = append(short, k.Help, k.Quit)
	return bindings{short: short, full: [][]key.Binding{short}}
}

func (r *review) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case reviewScoreMsg:
		if msg.err != nil {
			r.status, r.isErr = "Could not score the session: "+msg.err.Error(), true
			return nil
		}
		r.gaps, r.loaded = msg.score.Gaps, true
		r.list.SetCount(len(r.gaps))
		return nil
	case tea.KeyMsg:
		if r.details != nil {
			return r.onDetailsKey(msg)
		}
		if r.editing {
			return r.onEditKey(msg)
		}
		k := &r.keys
		switch {
		case key.Matches(msg, k.Up):
			r.list.Move(-1)
		case key.Matches(msg, k.Down):
			r.list.Move(1)
		case key.Matches(msg, k.Edit) && len(r.gaps) > 0:
			r.editing = true
			r.plan.fill(r.gaps[r.list.cursor].Plan, r.exerciseOrg())
			r.status = ""
			return r.plan.focus(planContact)
		case key.Matches(msg, detailsKey):
			return r.openDetails()
		case r.rates && key.Matches(msg, backToRatingsKey):
			r.status = ""
			return func() tea.Msg { return backToRatingsMsg{} }
		case key.Matches(msg, k.Continue):
			return func() tea.Msg { return resultsMsg{} }
		case key.Matches(msg, k.Quit):
			return tea.Quit
		}
	}
	return nil
}

func (r *review) onEditKey(msg tea.KeyMsg) tea.Cmd {
	cmd, done, save := r.plan.update(msg)
	switch {
	case done:
		r.editing = false
		r.status = ""
	case save:
		return r.save()
	}
	return cmd
}

// exerciseOrg is the exercise's organisation (the details line's), the
// default responsible organisation of a new plan row; "" when unknown.
func (r *review) exerciseOrg() string {
	if st, ok := r.sess.(setter); ok {
		return st.Setting().Org
	}
	return ""
}

// save journals the selected gap's plan row, then shows it. What the form
// refuses (a date not YYYY-MM-DD, a start after the completion) and what the
// engine refuses (a completion date in the past…) keep the form open with
// the reason.
func (r *review) save() tea.Cmd {
	p := r.plan.plan()
	if field, err := checkPlan(p); err != nil {
		r.status, r.isErr = "NOT saved: "+err.Error()+".", true
		return r.plan.focus(field)
	}
	g := &r.gaps[r.list.cursor]
	if err := r.sess.SetCorrectivePlan(g.Action, p); err != nil {
		r.status, r.isErr = "NOT saved: "+scenarios.SanitizeLine(err.Error())+".", true
		if strings.Contains(err.Error(), "due date") {
			return r.plan.focus(planDue)
		}
		return nil
	}
	g.Plan = p
	r.editing = false
	label := scenarios.SanitizeLine(g.Label)
	if p.Owner == "" {
		r.status = fmt.Sprintf("Saved: the plan for “%s” (no point of contact yet).", label)
	} else {
		r.status = fmt.Sprintf("Saved: %s owns “%s”.", scenarios.SanitizeLine(p.Owner), label)
	}
	r.isErr = false
	r.list.Move(1)
	return nil
}

// foldView says how many gaps are above and below the ones shown, "" when
// all are.
func (r *review) foldView() string {
	var parts []string
	if above := r.list.offset; above > 0 {
		parts = append(parts, fmt.Sprintf("↑ %d more above", above))
	}
	if below := r.list.count - r.list.offset - r.list.height; below > 0 {
		parts = append(parts, fmt.Sprintf("↓ %d more below", below))
	}
	return strings.Join(parts, " · ")
}

// gapTitle is a gap's first line: its status, phase and label.
func gapTitle(g Gap) string {
	status := strings.ToUpper(g.Status)
	if g.Status == "taken" {
		status = "HARMFUL"
	}
	if g.Critical {
		status += " · CRITICAL"
	}
	return fmt.Sprintf("%s  [%s] %s", status, phaseName(g.Phase), scenarios.SanitizeLine(g.Label))
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (r *review) View() string {
	s := r.styles
	w := r.width
	var b strings.Builder
	b.WriteString(s.HeaderTitle.Render(truncate("Review — "+scenarios.SanitizeLine(r.sess.Scenario().Title), w)))
	b.WriteString("\n")
	if r.setting != "" {
		b.WriteString(s.Muted.Render(truncate(r.setting, w)) + "\n")
	}
	if r.details != nil {
		b.WriteString("\n" + r.details.view(w) + "\n")
		return r.withFooter(b.String(), s.Status.Render(""), r.shortHelp([]key.Binding{r.keys.NextField, ratingsKeys.Save, r.keys.Cancel}))
	}
	if r.editing {
		b.WriteString("\n" + r.plan.view(r.gaps[r.list.cursor], w) + "\n")
		st := s.Status
		if r.isErr {
			st = s.Error
		}
		return r.withFooter(b.String(), st.Render(truncate(r.status, w)), r.shortHelp(r.keyMap().short))
	}
	switch {
	case !r.loaded && !r.isErr:
		b.WriteString(s.Muted.Render("Scoring…"))
	case r.loaded && len(r.gaps) == 0:
		b.WriteString(s.Success.Render("No gaps: every expected action was taken in time and no harmful one was taken."))
	case r.loaded:
		b.WriteString(s.Muted.Render(truncate(fmt.Sprintf("%d gaps. Enter plans a corrective action: contact, organisation, dates, status.", len(r.gaps)), w)))
		b.WriteString("\n\n")
		b.WriteString(r.list.View(func(i int, selected bool) string {
			g := r.gaps[i]
			title := gapTitle(g)
			rec := "   → " + scenarios.SanitizeLine(g.Recommendation)
			capability := ""
			if g.Capability != "" {
				capability = " · capability " + scenarios.SanitizeLine(g.Capability)
			}
			// The plan has the room the capability leaves, 40 cells at
			// least (then the capability is cut at the end).
			const prefix = "   plan: "
			room := max(w-len(prefix)-lipgloss.Width(capability), min(40, w-len(prefix)))
			who := prefix + planLine(g.Plan, room) + capability
			marker := "  "
			if selected {
				marker = "▸ "
				title = s.RowSelected.Render(truncate(title, w-2))
			} else {
				title = truncate(title, w-2)
			}
			who = s.Muted.Render(truncate(who, w))
			return marker + title + "\n" + truncate(rec, w) + "\n" + who
		}))
		b.WriteString("\n" + s.Muted.Render(truncate(r.foldView(), w)))
	}
	if r.loaded && len(r.gaps) > 0 {
		g := r.gaps[r.list.cursor]
		detail := r.wrap.Width(max(w-2, 10)).Render("Recommendation: " + scenarios.SanitizeLine(g.Recommendation))
		lines := strings.Split(detail, "\n")
		if len(lines) > reviewDetail-1 {
			lines = append(lines[:reviewDetail-2], truncate(lines[reviewDetail-2]+" …", w))
		}
		b.WriteString("\n\n" + s.Muted.Render(strings.Join(lines, "\n")))
	}
	b.WriteString("\n")
	st := s.Status
	if r.isErr {
		st = s.Error
	}
	return r.withFooter(b.String(), st.Render(truncate(r.status, w)), r.shortHelp(r.keyMap().short))
}
