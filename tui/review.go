package tui

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
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

var dueDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// review is the post-incident screen: the gaps, each with its
// recommendation, and an owner and due date per corrective action.
type review struct {
	*common
	sess    Session
	gaps    []Gap
	loaded  bool
	list    listPane
	editing bool
	field   int // 0 owner, 1 due date
	owner   textinput.Model
	wrap    lipgloss.Style
	due     textinput.Model
	status  string
	isErr   bool
	details *detailsForm // the exercise details form (d), nil when closed
	setting string       // the exercise details line (settingLine), read when they change
	rates   bool         // the session journals ratings: r goes back to the ratings screen
}

func newReview(c *common, sess Session) *review {
	r := &review{common: c, sess: sess, owner: c.newInput(), due: c.newInput(), wrap: lipgloss.NewStyle()}
	r.owner.Prompt = "Owner: "
	r.owner.Placeholder = "who will do it"
	r.owner.CharLimit = 200
	r.due.Prompt = "Due:   "
	r.due.Placeholder = "YYYY-MM-DD"
	r.due.CharLimit = 10
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
	// Each gap takes three lines: title, recommendation, owner/due. Below
	// the list, the selected gap's recommendation is shown whole.
	chrome := reviewChrome
	if _, ok := r.sess.(setter); ok {
		chrome++ // the exercise details line
	}
	r.list.SetHeight(max((h-chrome-reviewDetail)/3, 1))
	// A text input's width includes its prompt (bubbles v1).
	r.owner.Width = lipgloss.Width(r.owner.Prompt) + clamp(w/2-12, 10, 40)
	r.due.Width = lipgloss.Width(r.due.Prompt) + 11 // YYYY-MM-DD and the cursor
}

func (r *review) keyMap() bindings {
	k := r.keys
	if r.editing {
		return bindings{short: []key.Binding{k.NextField, k.Confirm, k.Cancel}}
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
			g := r.gaps[r.list.cursor]
			r.editing, r.field = true, 0
			r.owner.SetValue(g.Owner)
			r.due.SetValue(g.Due)
			r.due.Blur()
			return r.focusInput(&r.owner)
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
	switch msg.Type {
	case tea.KeyEsc:
		r.editing = false
		r.status = ""
		return nil
	case tea.KeyTab, tea.KeyShiftTab:
		r.field = 1 - r.field
		if r.field == 0 {
			r.due.Blur()
			return r.focusInput(&r.owner)
		}
		r.owner.Blur()
		return r.focusInput(&r.due)
	case tea.KeyEnter:
		return r.save()
	}
	var cmd tea.Cmd
	if r.field == 0 {
		r.owner, cmd = r.owner.Update(msg)
	} else {
		r.due, cmd = r.due.Update(msg)
	}
	return cmd
}

// save journals the owner and due date, then shows them.
func (r *review) save() tea.Cmd {
	owner, due := strings.TrimSpace(r.owner.Value()), strings.TrimSpace(r.due.Value())
	if due != "" && !dueDate.MatchString(due) {
		r.status, r.isErr = "The due date must be YYYY-MM-DD, e.g. 2026-12-31.", true
		return nil
	}
	g := &r.gaps[r.list.cursor]
	if err := r.sess.SetCorrective(g.Action, owner, due); err != nil {
		r.status, r.isErr = "NOT saved: "+err.Error(), true
		return nil
	}
	g.Owner, g.Due = owner, due
	r.editing = false
	r.status, r.isErr = fmt.Sprintf("Saved: %s owns “%s”.", scenarios.SanitizeLine(orDash(owner)), scenarios.SanitizeLine(g.Label)), false
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
	switch {
	case !r.loaded && !r.isErr:
		b.WriteString(s.Muted.Render("Scoring…"))
	case r.loaded && len(r.gaps) == 0:
		b.WriteString(s.Success.Render("No gaps: every expected action was taken in time and no harmful one was taken."))
	case r.loaded:
		b.WriteString(s.Muted.Render(truncate(fmt.Sprintf("%d gaps. Assign an owner and a due date to each corrective action (enter).", len(r.gaps)), w)))
		b.WriteString("\n\n")
		b.WriteString(r.list.View(func(i int, selected bool) string {
			g := r.gaps[i]
			status := strings.ToUpper(g.Status)
			if g.Status == "taken" {
				status = "HARMFUL"
			}
			if g.Critical {
				status += " · CRITICAL"
			}
			title := fmt.Sprintf("%s  [%s] %s", status, phaseName(g.Phase), scenarios.SanitizeLine(g.Label))
			rec := "   → " + scenarios.SanitizeLine(g.Recommendation)
			who := fmt.Sprintf("   owner: %s · due: %s", scenarios.SanitizeLine(orDash(g.Owner)), orDash(g.Due))
			if g.Capability != "" {
				who += " · capability " + scenarios.SanitizeLine(g.Capability)
			}
			marker := "  "
			if selected {
				marker = "▸ "
				title = s.RowSelected.Render(truncate(title, w-2))
			} else {
				title = truncate(title, w-2)
			}
			if selected && r.editing {
				who = "   " + r.owner.View() + "   " + r.due.View()
			} else {
				who = s.Muted.Render(truncate(who, w))
			}
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
