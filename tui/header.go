package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/ttx-sim/ttx/scenarios"
)

// clockHeader is the first line of a console or seat: the scenario title,
// the clock and its planned length, the speed, the phase and the state
// (running, PAUSED, TIME IS UP). The owner sets its fields before View.
type clockHeader struct {
	*common
	width int
	title string // the scenario title, sanitised
	// planned is the scenario's length: the short form shows the length
	// only when the facilitator changed it.
	planned scenarios.Duration

	now, length  scenarios.Duration
	speed        float64
	phase        scenarios.Phase
	paused       bool
	timeUp       bool // the clock reached the planned length; recording goes on
	ended        bool
	forRole      string // the role name decisions are recorded for, "" for none
	pending      bool   // a decision point waits for an answer
	facilitating bool   // E ends the exercise here: the time-up state says so

	// Facilitator-only fields: a seat never sets them.
	private  bool   // the facilitator panel is shown
	seatsOff bool   // seats are served but may not record
	score    string // the coach's running score ("" none)
}

func newClockHeader(c *common, sc *scenarios.Scenario) *clockHeader {
	return &clockHeader{common: c, title: scenarios.SanitizeLine(sc.Title), length: sc.Duration, planned: sc.Duration, speed: 1}
}

// SetSize sets the header's width; it is one line high.
func (h *clockHeader) SetSize(w, _ int) { h.width = w }

// Update takes no message: the owner sets the fields.
func (h *clockHeader) Update(tea.Msg) tea.Cmd { return nil }

// View is the header line, never wider than the terminal.
func (h *clockHeader) View() string {
	s := h.styles
	w := h.width
	var state string
	switch {
	case h.ended:
		state = s.TimeUp.Render(" TIME IS UP ")
	case h.timeUp && h.facilitating:
		state = s.TimeUp.Render(" TIME IS UP · E ends ")
	case h.timeUp:
		state = s.TimeUp.Render(" TIME IS UP ")
	case h.paused:
		state = s.Paused.Render(" ‖ PAUSED ")
	default:
		state = s.Running.Render("▶ running")
	}
	// The long form when it leaves room for a title, else the short one.
	right := ""
	for _, compact := range []bool{false, true} {
		right = strings.Join(h.parts(state, compact), "  ")
		if lipgloss.Width(right)+minTitle <= w {
			break
		}
	}
	title := truncate(h.title, max(w-lipgloss.Width(right)-2, 0))
	gap := max(w-lipgloss.Width(title)-lipgloss.Width(right), 1)
	return truncate(s.HeaderTitle.Render(title)+strings.Repeat(" ", gap)+right, w)
}

// minTitle is the fewest cells of the scenario title the header keeps
// before it switches to its short form.
const minTitle = 16

// parts are the header's fields after the title; compact drops the
// planned length (unless it was changed) and shortens labels for narrow
// terminals.
func (h *clockHeader) parts(state string, compact bool) []string {
	s := h.styles
	parts := []string{s.Clock.Render(h.now.Clock())}
	if !compact || h.length != h.planned {
		parts = append(parts, "/ "+hms(h.length))
	}
	phase := "Phase: " + phaseName(h.phase)
	if compact {
		phase = phaseName(h.phase)
	}
	parts = append(parts, speedLabel(h.speed), phase, state)
	if h.forRole != "" {
		parts = append(parts, "for "+h.forRole)
	}
	if h.private {
		parts = append(parts, s.Facilitator.Render("PRIVATE VIEW"))
	}
	if h.pending && !h.ended {
		if compact {
			parts = append(parts, s.Warning.Render("DECIDE (d)"))
		} else {
			parts = append(parts, s.Warning.Render("DECISION PENDING (d)"))
		}
	}
	// After the pending decision: that one waits for the facilitator now.
	if h.seatsOff && !h.ended {
		if compact {
			parts = append(parts, s.Warning.Render("SEATS WATCH"))
		} else {
			parts = append(parts, s.Warning.Render("SEATS WATCH ONLY (R)"))
		}
	}
	if h.score != "" {
		parts = append(parts, "Score "+h.score)
	}
	return parts
}
