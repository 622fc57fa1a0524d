package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
	"github.com/ttx-sim/ttx/sim"
)

// ratingsDoneMsg asks the app to move from the ratings to the review.
type ratingsDoneMsg struct{}

// ratingsLoadedMsg brings the rows the ratings screen shows.
type ratingsLoadedMsg struct{ rows []rateRow }

// ratingsKeys are the ratings screen's own keys.
var ratingsKeys = struct {
	Up, Down, Rate, Withdraw, Name, Observe, Continue, Save, Cancel key.Binding
}{
	Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
	Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
	Rate:     key.NewBinding(key.WithKeys("p", "s", "m", "u", "P", "S", "M", "U"), key.WithHelp("p/s/m/u", "rate")),
	Withdraw: key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "withdraw")),
	Name:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "your name")),
	Observe:  key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "observation")),
	Continue: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "to the review")),
	Save:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
	Cancel:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

// rateRow is one objective or phase of the ratings screen.
type rateRow struct {
	objective string          // the objective id, or ""
	phase     scenarios.Phase // the phase, or ""
	label     string          // sanitised
	score     string          // "62.5", "n/a"
	suggested string          // the rules' rating, "—" when none
	final     *scoring.FinalRating
}

// ratingRows are the objectives, then the scenario's phases, with the
// rules' suggested rating from the score and the evaluator's final one from
// the journal: what the after-action report's capability analysis shows.
func ratingRows(sess Session) []rateRow {
	sc := sess.Scenario()
	rep := scoring.BuildReport(&scoring.Session{Scenario: sc, Events: sess.Events()})
	var rows []rateRow
	for _, c := range rep.Evaluation.Capabilities {
		label := scenarios.SanitizeLine(c.Objective)
		if c.Capability != "" {
			label += " (" + scenarios.SanitizeLine(c.Capability) + ")"
		}
		rows = append(rows, rateRow{objective: c.ObjectiveID, label: label, score: scoring.FormatScore(c.Score),
			suggested: ratingOrDash(c.Suggested), final: c.Final})
	}
	for _, p := range sc.Phases {
		row := rateRow{phase: p, label: "Phase: " + phaseName(p), score: "n/a", suggested: "—"}
		if pr := rep.Result.Phase(p); pr != nil {
			row.score, row.suggested = scoring.FormatScore(pr.Exact), ratingOrDash(pr.Rating)
		}
		if f, ok := rep.Evaluation.PhaseFinal[p]; ok {
			row.final = &f
		}
		rows = append(rows, row)
	}
	return rows
}

// ratings is the evaluator's screen after the hot wash, before the review:
// per objective and per phase, the rules' suggested rating beside the
// evaluator's final P/S/M/U, each with a rationale (required) and the
// evaluator's name, journaled as rating events. It changes no score; the
// after-action report shows both ratings and the trend counts the final
// one.
type ratings struct {
	*common
	sess    Session
	rater   rater
	rows    []rateRow
	loaded  bool
	list    listPane
	pending string // the rating being given ("P"…"U") while the rationale is typed
	naming  bool   // typing the evaluator's name
	why     textinput.Model
	name    textinput.Model
	status  string
	isErr   bool
	obs     *observeForm // an observation after play (o), nil when closed
}

// Lines of the ratings screen outside its list: title, intro, evaluator,
// blank, column heads at the top; input, status and help at the bottom.
const ratingsChrome = 8

// newRatings returns the ratings screen, or nil when the session cannot
// journal ratings.
func newRatings(c *common, sess Session) *ratings {
	rt, ok := sess.(rater)
	if !ok {
		return nil
	}
	r := &ratings{common: c, sess: sess, rater: rt, why: c.newInput(), name: c.newInput()}
	r.why.CharLimit = sim.MaxTextLen // what the journal takes
	r.why.Placeholder = "why (required): what the evaluators saw"
	r.name.Prompt = "Evaluator: "
	r.name.Placeholder = "your name"
	r.name.CharLimit = 200
	if c.evaluator == "" {
		c.evaluator = c.evaluatorName(sess)
	}
	return r
}

func (r *ratings) Init() tea.Cmd {
	sess := r.sess
	return func() tea.Msg { return ratingsLoadedMsg{ratingRows(sess)} }
}

func (r *ratings) SetSize(w, h int) {
	r.list.SetHeight(max((h-ratingsChrome)/2, 1))
	r.why.Width = max(w-30, 10)
	r.name.Width = clamp(w-14, 10, 40)
}

func (r *ratings) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ratingsLoadedMsg:
		r.rows, r.loaded = msg.rows, true
		r.list.SetCount(len(r.rows))
		return nil
	case tea.KeyMsg:
		switch {
		case r.obs != nil:
			return r.onObserveKey(msg)
		case r.pending != "":
			return r.onRationaleKey(msg)
		case r.naming:
			return r.onNameKey(msg)
		}
		return r.onKey(msg)
	}
	return nil
}

func (r *ratings) onKey(msg tea.KeyMsg) tea.Cmd {
	k := ratingsKeys
	switch {
	case key.Matches(msg, k.Up):
		r.list.Move(-1)
	case key.Matches(msg, k.Down):
		r.list.Move(1)
	case key.Matches(msg, k.Rate) && len(r.rows) > 0:
		r.pending = strings.ToUpper(msg.String())
		row := r.rows[r.list.cursor]
		r.why.SetValue("")
		if row.final != nil {
			r.why.SetValue(row.final.Rationale)
		}
		r.why.CursorEnd()
		r.why.Prompt = fmt.Sprintf("%s, because: ", r.pending)
		r.status = ""
		return r.focusInput(&r.why)
	case key.Matches(msg, k.Withdraw) && len(r.rows) > 0:
		return r.withdraw()
	case key.Matches(msg, k.Name):
		r.naming = true
		r.name.SetValue(r.evaluator)
		r.name.CursorEnd()
		r.status = ""
		return r.focusInput(&r.name)
	case key.Matches(msg, k.Observe):
		return r.openObserve()
	case key.Matches(msg, k.Continue):
		return func() tea.Msg { return ratingsDoneMsg{} }
	case key.Matches(msg, r.keys.Quit):
		return tea.Quit
	}
	return nil
}

// openObserve opens the observation dialog, about the selected objective
// when an objective is selected.
func (r *ratings) openObserve() tea.Cmd {
	if r.obs = newObserveForm(r.common, r.sess, -1); r.obs == nil {
		return nil
	}
	if len(r.rows) > 0 && r.rows[r.list.cursor].objective != "" {
		for i, l := range r.obs.links {
			if l.objective == r.rows[r.list.cursor].objective {
				r.obs.about.Select(i)
			}
		}
	}
	r.status = ""
	return r.obs.focus(obsType)
}

func (r *ratings) onObserveKey(msg tea.KeyMsg) tea.Cmd {
	res := r.obs.update(msg)
	if res.done {
		r.obs = nil
		r.status, r.isErr = res.status, false
	}
	return res.cmd
}

func (r *ratings) onRationaleKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, ratingsKeys.Cancel):
		r.pending, r.status = "", "Not changed."
		r.isErr = false
		r.why.Blur()
		return nil
	case key.Matches(msg, ratingsKeys.Save):
		return r.save()
	}
	if msg.Paste && len([]rune(r.why.Value()))+len(msg.Runes) > r.why.CharLimit {
		r.status, r.isErr = fmt.Sprintf("Paste cut to %d characters.", r.why.CharLimit), true // never silently
	}
	var cmd tea.Cmd
	r.why, cmd = r.why.Update(msg)
	return cmd
}

func (r *ratings) onNameKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, ratingsKeys.Cancel):
		r.naming = false
		r.name.Blur()
		return nil
	case key.Matches(msg, ratingsKeys.Save):
		r.naming = false
		r.name.Blur()
		r.evaluator = strings.TrimSpace(r.name.Value())
		r.status, r.isErr = "Ratings from now on are set by "+scenarios.SanitizeLine(orDash(r.evaluator))+".", false
		return nil
	}
	var cmd tea.Cmd
	r.name, cmd = r.name.Update(msg)
	return cmd
}

// save journals the pending rating with its rationale, then shows it.
func (r *ratings) save() tea.Cmd {
	why := strings.TrimSpace(r.why.Value())
	if why == "" {
		r.status, r.isErr = "A final rating needs its rationale: type why, or esc to cancel.", true
		return nil
	}
	row := &r.rows[r.list.cursor]
	if err := r.rater.Rate(row.objective, row.phase, r.pending, why, r.evaluator); err != nil {
		r.status, r.isErr = "NOT saved: "+err.Error(), true
		return nil
	}
	row.final = &scoring.FinalRating{Rating: scoring.Rating(r.pending), Rationale: why, By: r.evaluator}
	r.status, r.isErr = fmt.Sprintf("Saved: final %s for “%s” (the rules suggest %s).", r.pending, row.label, row.suggested), false
	r.pending = ""
	r.why.Blur()
	r.list.Move(1)
	return nil
}

// withdraw journals that the selected row's final rating is withdrawn: the
// suggested one stands again.
func (r *ratings) withdraw() tea.Cmd {
	row := &r.rows[r.list.cursor]
	if row.final == nil {
		r.status, r.isErr = "No final rating to withdraw here: the rules' rating stands.", false
		return nil
	}
	if err := r.rater.Rate(row.objective, row.phase, "", "", r.evaluator); err != nil {
		r.status, r.isErr = "NOT withdrawn: "+err.Error(), true
		return nil
	}
	row.final = nil
	r.status, r.isErr = fmt.Sprintf("Withdrawn: the rules' %s stands for “%s”.", row.suggested, row.label), false
	return nil
}

// keys are the ratings screen's own keys (o only when the session takes
// observations).
func (r *ratings) ownKeys() []key.Binding {
	k := ratingsKeys
	ks := []key.Binding{k.Rate, k.Withdraw, k.Observe, k.Name, k.Continue, k.Up, k.Down}
	if _, ok := r.sess.(observer); !ok {
		ks = slices.DeleteFunc(ks, func(b key.Binding) bool { return b.Help().Key == "o" })
	}
	return ks
}

func (r *ratings) View() string {
	s := r.styles
	w := r.width
	if r.obs != nil {
		return s.HeaderTitle.Render(truncate("Ratings — "+scenarios.SanitizeLine(r.sess.Scenario().Title), w)) + "\n" + r.obs.view(w, r.height-1)
	}
	var b strings.Builder
	b.WriteString(s.HeaderTitle.Render(truncate("Ratings — "+scenarios.SanitizeLine(r.sess.Scenario().Title), w)) + "\n")
	b.WriteString(s.Muted.Render(truncate("Set the final P/S/M/U where you judge otherwise than the rules, and say why.", w)) + "\n")
	who := "Evaluator: " + scenarios.SanitizeLine(r.evaluator)
	if r.evaluator == "" {
		who = "Evaluator: — (n gives your name: the report says who set each rating)"
	}
	b.WriteString(truncate(who, w) + "\n\n")
	const right = 22                   // "  score  rules  final"
	labelW := clamp(w-2-right, 10, 80) // columns stay near their labels on a wide screen
	if !r.loaded {
		b.WriteString(s.Muted.Render("Scoring…"))
	} else {
		b.WriteString(s.Muted.Render(truncate("  "+padRight("Objective or phase", labelW)+fmt.Sprintf("  %6s  %5s  %5s", "Score", "Rules", "Final"), w)) + "\n")
		b.WriteString(r.list.View(func(i int, selected bool) string {
			row := r.rows[i]
			final, detail := "—", "the rules' rating stands"
			if row.final != nil {
				final = string(row.final.Rating)
				detail = fmt.Sprintf("%s set by %s: %s", final, scenarios.SanitizeLine(orDash(row.final.By)), scenarios.SanitizeLine(row.final.Rationale))
			}
			line := padRight(row.label, labelW) + fmt.Sprintf("  %6s  %5s  %5s", row.score, row.suggested, final)
			marker := "  "
			if selected {
				marker = "▸ "
				line = s.RowSelected.Render(line)
			}
			return truncate(marker+line, w) + "\n" + s.Muted.Render(truncate("     "+detail, w))
		}))
	}
	var footer []string
	switch {
	case r.pending != "":
		footer = append(footer, truncate(showHidden(r.why.View()), w))
	case r.naming:
		footer = append(footer, truncate(showHidden(r.name.View()), w))
	default:
		footer = append(footer, "")
	}
	st, status := s.Status, r.status
	if r.isErr {
		st = s.Error
	}
	if status == "" && r.loaded && len(r.rows) > 0 && r.pending == "" && !r.naming {
		status = "▸ " + r.rows[r.list.cursor].label // labels are cut in the list; the selected one is shown whole
	}
	footer = append(footer, st.Render(truncate(status, w)))
	k := ratingsKeys
	help := []key.Binding{k.Rate, k.Withdraw, k.Observe, k.Name, k.Continue, r.keys.Help, r.keys.Quit, k.Up, k.Down}
	if _, ok := r.sess.(observer); !ok {
		help = slices.DeleteFunc(help, func(b key.Binding) bool { return b.Help().Key == "o" })
	}
	if r.pending != "" || r.naming {
		help = []key.Binding{k.Save, k.Cancel}
	}
	footer = append(footer, r.shortHelp(help))
	return r.withFooter(strings.TrimRight(b.String(), "\n"), footer...)
}
