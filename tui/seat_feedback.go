package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
	"github.com/ttx-sim/ttx/sim"
)

// feedbackKeys are the feedback form's own keys.
var feedbackKeys = struct {
	Up, Down, Write, Rate, Anonymous, Done, Save, Cancel key.Binding
}{
	Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
	Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
	Write:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "write")),
	Rate:      key.NewBinding(key.WithKeys("1", "2", "3", "4", "5"), key.WithHelp("1-5", "rate")),
	Anonymous: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "anonymous")),
	Done:      key.NewBinding(key.WithKeys("esc", "d"), key.WithHelp("esc/d", "done/skip")),
	Save:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
	Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
}

// feedbackForm is the HSEEP participant feedback form a seat offers once
// the exercise has ended: Part I in the participant's own words, Part II
// rated 1 to 5 (sim.FeedbackItems, worded as scoring.FeedbackQuestions).
// Each answer is journaled when given; an answered item is not asked
// again. Anonymous answers carry neither name nor role.
type feedbackForm struct {
	s         *seat
	list      listPane
	anonymous bool
	answers   map[string]string // item → what was saved, as shown
	texts     map[string]string // item → the Part I answer saved, sanitised
	editing   bool
	input     textinput.Model
	w, h      int
}

// openFeedback shows the feedback form (a wall has none).
func (s *seat) openFeedback() {
	if s.role == sim.RoleWall {
		return
	}
	if s.form == nil {
		f := &feedbackForm{s: s, answers: map[string]string{}, texts: map[string]string{}, input: s.newInput()}
		f.input.CharLimit = sim.MaxTextLen
		f.input.Prompt = "Answer: "
		f.list.SetCount(len(sim.FeedbackItems))
		s.form = f
	}
	s.modal = seatModalNone
	s.info("")
	s.screen = seatFeedback
	s.form.setSize(s.c.width, s.c.height)
}

// feedbackMaxWidth is the widest the form is drawn.
const feedbackMaxWidth = 110

// feedbackFixed is the lines of the form outside its list: title, intro,
// who answers, legend and a blank line above; status and help below.
const feedbackFixed = 7

func (f *feedbackForm) setSize(w, h int) {
	f.w, f.h = w, h
	f.input.Width = max(w-12, 10)
	f.list.SetHeight(h - feedbackFixed - f.detailLines())
}

// detailLines is the room for the selected question whole, when the
// terminal has it.
func (f *feedbackForm) detailLines() int {
	if f.h >= 24 {
		return 3
	}
	return 0
}

func (f *feedbackForm) item() string { return sim.FeedbackItems[f.list.cursor] }

// question is an item's question, numbered by part: "I.2", "II.5".
func (f *feedbackForm) question(i int) (num, text string) {
	item := sim.FeedbackItems[i]
	text = scoring.FeedbackQuestions[item]
	if text == "" {
		text = item
	}
	part, n := "I", i+1
	if sim.FeedbackScored(item) {
		first := 0
		for first < len(sim.FeedbackItems) && !sim.FeedbackScored(sim.FeedbackItems[first]) {
			first++
		}
		part, n = "II", i-first+1
	}
	return fmt.Sprintf("%s.%d", part, n), text
}

func (s *seat) onFeedbackKey(msg tea.KeyMsg) tea.Cmd {
	f := s.form
	k := feedbackKeys
	if f.editing {
		switch msg.Type {
		case tea.KeyEsc:
			f.editing = false
			f.input.Blur()
			s.info("Cancelled.")
			return nil
		case tea.KeyEnter:
			text := strings.TrimSpace(f.input.Value())
			f.editing = false
			f.input.Blur()
			if text == "" {
				s.info("Nothing typed, nothing saved.")
				return nil
			}
			f.save(sim.Event{Item: f.item(), Text: text}, "✓ saved")
			return nil
		}
		var cmd tea.Cmd
		f.input, cmd = f.input.Update(msg)
		return cmd
	}
	if s.modal == seatModalHelp {
		s.helpKey(msg)
		return nil
	}
	switch {
	case key.Matches(msg, s.keys.Quit):
		return s.quit()
	case key.Matches(msg, s.keys.Help):
		s.openHelp()
	case key.Matches(msg, k.Up):
		f.list.Move(-1)
	case key.Matches(msg, k.Down):
		f.list.Move(1)
	case key.Matches(msg, k.Anonymous):
		f.anonymous = !f.anonymous
		if f.anonymous {
			s.info("Your next answers are anonymous: no name, no role.")
		} else {
			s.info("Your next answers carry your name and role.")
		}
	case key.Matches(msg, k.Done):
		s.screen = seatPlaying
		if len(f.answers) > 0 {
			s.ok("Thank you for your feedback (%d of %d answered). f opens the form again.", len(f.answers), len(sim.FeedbackItems))
		} else {
			s.info("Feedback form skipped: f opens it again.")
		}
		return s.setSize(s.termW, s.termH)
	case key.Matches(msg, k.Rate):
		item := f.item()
		if !sim.FeedbackScored(item) {
			s.info("This question asks for your own words: press enter to answer.")
			return nil
		}
		if f.answered(item) {
			return nil
		}
		n := int(msg.Runes[0] - '0')
		f.save(sim.Event{Item: item, Score: n}, fmt.Sprintf("✓ %d of 5", n))
	case key.Matches(msg, k.Write):
		item := f.item()
		if f.answered(item) {
			return nil
		}
		if sim.FeedbackScored(item) {
			s.info("Rate it: press 1 (strongly disagree) to 5 (strongly agree).")
			return nil
		}
		f.editing = true
		f.input.Reset()
		return s.c.focusInput(&f.input)
	}
	return nil
}

// answered says whether item was answered already, and says so.
func (f *feedbackForm) answered(item string) bool {
	if _, ok := f.answers[item]; ok {
		f.s.info("Already answered: every answer is saved once.")
		return true
	}
	return false
}

// save journals one answer and shows it saved only once it is.
func (f *feedbackForm) save(ev sim.Event, shown string) {
	s := f.s
	ev.Kind = sim.KindFeedback
	if !f.anonymous {
		ev.By, ev.Role = s.name, s.role
	}
	if _, err := s.sess.Evaluate(ev); err != nil {
		s.fail("NOT saved: %s", scenarios.SanitizeLine(err.Error()))
		return
	}
	f.answers[ev.Item] = shown
	if ev.Text != "" {
		f.texts[ev.Item] = scenarios.SanitizeLine(ev.Text)
	}
	s.ok("saved ✓ (%d of %d answered)", len(f.answers), len(sim.FeedbackItems))
	if f.list.cursor < len(sim.FeedbackItems)-1 {
		f.list.Move(1)
	}
}

func (f *feedbackForm) helpKeys() bindings {
	k := feedbackKeys
	if f.editing {
		return bindings{short: []key.Binding{k.Save, k.Cancel}}
	}
	sk := f.s.keys
	return bindings{
		short: []key.Binding{k.Up, k.Down, k.Write, k.Rate, k.Done, sk.Help, k.Anonymous, sk.Quit},
		full:  [][]key.Binding{{k.Up, k.Down, k.Write, k.Rate, k.Anonymous, k.Done}, {sk.Help, sk.Quit, sk.ForceQuit}},
	}
}

func (f *feedbackForm) view() string {
	s := f.s
	st := s.c.styles
	if s.modal == seatModalHelp {
		return s.helpBox(f.h-1) + "\n" + s.c.shortHelp(f.helpKeys().short)
	}
	w := min(f.w, feedbackMaxWidth) // long lines are hard to read
	who := "Answering as " + s.name + " (" + s.roleName(s.role) + ") · a: answer anonymously"
	if f.anonymous {
		who = "Answering anonymously: no name, no role · a: sign your answers"
	}
	lines := []string{
		st.HeaderTitle.Render(truncate("Participant feedback form", w)),
		truncate("The exercise has ended. Each answer is saved as you give it; esc skips the rest.", w),
		truncate(who, w),
		st.Muted.Render(truncate("Part I: in your own words (enter) · Part II: 1 strongly disagree … 5 strongly agree", w)),
		"",
	}
	list := f.list.View(func(i int, selected bool) string {
		num, q := f.question(i)
		mark := f.answers[sim.FeedbackItems[i]]
		markW := 12
		row := padRight(truncate(fmt.Sprintf("%-5s %s", num, scenarios.SanitizeLine(q)), max(w-2-markW, 1)), max(w-2-markW, 1))
		row += " " + padRight(mark, markW-1)
		if selected {
			return "▸ " + st.RowSelected.Render(row)
		}
		return "  " + row
	})
	content := strings.Join(lines, "\n") + "\n" + list
	if n := f.detailLines(); n > 0 {
		_, q := f.question(f.list.cursor)
		text := q
		if a, ok := f.texts[f.item()]; ok {
			text = "Your answer: " + a
		}
		detail := wrapLine(scenarios.SanitizeLine(text), w)
		content += "\n\n" + strings.Join(detail[:min(len(detail), n-1)], "\n")
	}
	status := s.statusStyle.Render(truncate(s.status, w))
	if f.editing {
		status = truncate(showHidden(f.input.View()), w)
	}
	return s.c.withFooter(content, status, s.c.shortHelp(f.helpKeys().short))
}
