package tui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// seatNarrow is the width below which the participant view stacks the
// inject over one other pane (the one with the focus) instead of showing
// four panes; when it is short too, only the focused pane shows.
const seatNarrow = 70

// setSize lays the seat out for a terminal of w×h cells; it draws within
// seatMaxWidth×seatMaxHeight of them.
func (s *seat) setSize(w, h int) tea.Cmd {
	s.termW, s.termH = max(w, 0), max(h, 0)
	dw, dh := min(s.termW, seatMaxWidth), min(s.termH, seatMaxHeight)
	s.c.width, s.c.height = dw, dh
	s.c.help.Width = dw
	s.input.Width = max(dw-24, 10)
	if s.tooSmall() {
		return nil
	}
	switch s.screen {
	case seatWall:
		s.fitWall()
	default:
		s.layout = s.computeLayout(dw, dh)
		l := s.layout
		for p, b := range [paneCount]box{paneFeed: l.feed, paneInject: l.inject, panePalette: l.palette, paneLog: l.log} {
			s.frames[p] = [2]frame{newFrameFor(s.r, s.c.styles.Pane, b), newFrameFor(s.r, s.c.styles.PaneFocused, b)}
		}
		s.header.SetSize(dw, 1)
		s.feed.SetSize(l.feed.innerW, l.feed.innerH)
		s.inject.SetSize(l.inject.innerW, l.inject.innerH)
		s.palette.SetSize(l.palette.innerW, l.palette.innerH)
		s.dlog.SetSize(l.log.innerW, l.log.innerH)
	}
	if s.form != nil {
		s.form.setSize(dw, dh)
	}
	return s.showInject()
}

// tooSmall reports whether the terminal is below the seat's minimum.
func (s *seat) tooSmall() bool { return s.termW < seatMinWidth || s.termH < seatMinHeight }

// computeLayout places the participant view's four panes: the console's
// layout where there is room, else the inject over the focused pane.
func (s *seat) computeLayout(w, h int) consoleLayout {
	if w >= seatNarrow {
		return computeLayout(s.c.styles, w, h)
	}
	frameW, frameH := s.c.styles.Pane.GetFrameSize()
	mk := func(bw, bh int) box {
		return box{w: bw, h: bh, innerW: max(bw-frameW, 1), innerH: max(bh-frameH, 1)}
	}
	body := max(h-chromeLines, 2*frameH+4)
	if s.single = body < seatSingleBelow; s.single {
		all := mk(w, body)
		return consoleLayout{width: w, height: h, inject: all, feed: all, palette: all, log: all}
	}
	low := max(body*2/5, frameH+3)
	other := mk(w, low)
	return consoleLayout{width: w, height: h, inject: mk(w, body-low), feed: other, palette: other, log: other}
}

// seatSingleBelow is the height of the panes' area below which a narrow
// seat shows one pane at a time, the focused one: stacked, none would
// have room for its text.
const seatSingleBelow = 16

// newFrameFor is newFrame drawn by a seat's renderer.
func newFrameFor(r *lipgloss.Renderer, st lipgloss.Style, b box) frame {
	border := st.GetBorderStyle()
	fg := r.NewStyle().Foreground(st.GetBorderTopForeground())
	padL, padR := strings.Repeat(" ", st.GetPaddingLeft()), strings.Repeat(" ", st.GetPaddingRight())
	hor := max(b.w-2, 0)
	return frame{
		top:    fg.Render(border.TopLeft + strings.Repeat(border.Top, hor) + border.TopRight),
		bottom: fg.Render(border.BottomLeft + strings.Repeat(border.Bottom, hor) + border.BottomRight),
		left:   fg.Render(border.Left) + padL,
		right:  padR + fg.Render(border.Right),
		blank:  strings.Repeat(" ", b.innerW),
	}
}

// View implements tea.Model. Nothing is rendered from markdown or read
// from the session here.
func (s *seat) View() string {
	if s.tooSmall() {
		return s.tooSmallView()
	}
	switch s.screen {
	case seatPicking:
		return s.pickerView()
	case seatPlaying:
		return s.playView()
	case seatWall:
		return s.wallView()
	case seatFeedback:
		return s.form.view()
	case seatGone:
		return s.goneView()
	}
	return ""
}

// tooSmallView says the terminal is too small, within the terminal.
func (s *seat) tooSmallView() string {
	lines := []string{
		"Terminal too small",
		fmt.Sprintf("need %d×%d,", seatMinWidth, seatMinHeight),
		fmt.Sprintf("have %d×%d.", s.termW, s.termH),
		"Enlarge the window.",
	}
	return fitLines(lines, s.termW, s.termH)
}

// fitLines is lines cut to at most w cells and h lines.
func fitLines(lines []string, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	lines = lines[:min(len(lines), h)]
	for i := range lines {
		lines[i] = truncate(lines[i], w)
	}
	return strings.Join(lines, "\n")
}

func (s *seat) goneView() string {
	return fitLines([]string{
		"You left the exercise, " + s.name + ".",
		"You can rejoin with the same ssh command.",
	}, s.c.width, s.c.height)
}

// pickerView is the role picker: the scenario's roles in file order, then
// the wall.
func (s *seat) pickerView() string {
	st := s.c.styles
	w := s.c.width
	lines := []string{
		st.HeaderTitle.Render(truncate(scenarios.SanitizeLine(s.sc.Title), w)),
		truncate("Welcome, "+s.name+". Which role do you play?", w),
		"",
	}
	s.pick.SetHeight(s.c.height - len(lines) - 3)
	list := s.pick.View(func(i int, selected bool) string {
		id := s.choices[i]
		var row string
		if id == sim.RoleWall {
			row = fmt.Sprintf("%d. wall — a read-only display for the room's projector", i+1)
		} else {
			row = fmt.Sprintf("%d. %s — %s", i+1, scenarios.SanitizeLine(id), s.roleName(id))
		}
		row = truncate(row, w-2)
		if selected {
			return "▸ " + st.RowSelected.Render(padRight(row, w-2))
		}
		return "  " + row
	})
	content := strings.Join(lines, "\n") + "\n" + list
	return s.c.withFooter(content, s.statusStyle.Render(truncate(s.status, w)), s.c.shortHelp(s.helpKeys().short))
}

// playView is the participant view: header, four panes, status, help.
func (s *seat) playView() string {
	l := s.layout
	if s.modal == seatModalHelp {
		return s.headerView() + "\n" + s.helpBox(l.height-chromeLines) + "\n" + s.statusView() + "\n" + s.c.shortHelp(s.helpKeys().short)
	}
	feed := func() []string { return s.paneLines(paneFeed, l.feed, s.feed.title(), s.feed.View()) }
	inject := s.paneLines(paneInject, l.inject, s.inject.title("Inject"), s.inject.View())
	palette := func() []string {
		return s.paneLines(panePalette, l.palette, s.palette.title(), s.paletteView())
	}
	logp := func() []string { return s.paneLines(paneLog, l.log, s.dlog.title(), s.dlog.View()) }
	var body string
	switch {
	case l.width < seatNarrow && s.single:
		var one []string
		switch s.focus {
		case paneFeed:
			one = feed()
		case panePalette:
			one = palette()
		case paneLog:
			one = logp()
		default:
			one = inject
		}
		body = strings.Join(one, "\n")
	case l.width < seatNarrow:
		var other []string
		switch s.focus {
		case panePalette:
			other = palette()
		case paneLog:
			other = logp()
		default:
			other = feed()
		}
		body = strings.Join(inject, "\n") + "\n" + strings.Join(other, "\n")
	case l.wide:
		body = joinColumns(feed(), inject, append(palette(), logp()...))
	default:
		body = joinColumns(append(feed(), palette()...), append(inject, logp()...))
	}
	return s.headerView() + "\n" + body + "\n" + s.statusView() + "\n" + s.c.shortHelp(s.helpKeys().short)
}

// paletteView is the palette, with a hint where its filter line is idle.
func (s *seat) paletteView() string {
	v := s.palette.View()
	if s.palette.filtering || s.palette.filter.Value() != "" {
		return v
	}
	_, rest, _ := strings.Cut(v, "\n")
	return s.c.styles.Muted.Render(truncate("/ to filter · [ ] other phases", s.palette.width)) + "\n" + rest
}

// helpBox lists every key of the screen in a box of h lines, as `?` does
// on every screen (helpScreen): each entry whole, the keys not available
// now apart, scrolling when the list is longer than the box.
func (s *seat) helpBox(h int) string {
	return fitLines(strings.Split(s.keyList.view(s.c.styles, s.helpKeys().full, s.c.width, max(h, 1)), "\n"), s.c.width, h)
}

// stateLabel is the clock's state: TIME IS UP, ENDED, PAUSED or running.
func (s *seat) stateLabel() string {
	st := s.c.styles
	switch {
	case s.ended:
		return st.TimeUp.Render(s.stateText())
	case s.timeUp:
		return st.TimeUp.Render(s.stateText())
	case s.paused:
		return st.Paused.Render(s.stateText())
	}
	return st.Running.Render("▶ running")
}

// stateText is the clock's state when it is not running, unstyled, else "".
func (s *seat) stateText() string {
	switch {
	case s.ended:
		return " ENDED "
	case s.timeUp:
		return " TIME IS UP "
	case s.paused:
		return " ‖ PAUSED "
	}
	return ""
}

// headerView is the clock header, with who the participant is.
func (s *seat) headerView() string {
	h := s.header
	h.now, h.length, h.speed, h.phase = s.now(), s.length, s.speed, s.phase
	h.paused, h.timeUp, h.ended = s.paused, s.timeUp, s.ended
	h.forRole = s.name + " · " + s.roleName(s.role)
	return h.View()
}

// paneLines draws a pane as exactly b.h lines of exactly b.w cells.
func (s *seat) paneLines(p pane, b box, title, content string) []string {
	return framedPane(s.frames[p], s.focus == p && s.modal == seatModalNone, s.c.styles.PaneTitle, b, title, content)
}

// statusView is the status line: the text being typed, the last message,
// or the selected action or log entry whole.
func (s *seat) statusView() string {
	w := s.c.width
	st := s.c.styles
	switch s.modal {
	case seatModalFreeText, seatModalNote:
		v := showHidden(s.input.View())
		if s.inputCut {
			v = st.Warning.Render(fmt.Sprintf("paste cut to %d characters ", s.input.CharLimit)) + v
		}
		return truncate(v, w)
	}
	if s.status != "" {
		return s.statusStyle.Render(truncate(s.status, w))
	}
	// Labels and entries are cut in their panes; the selected one is
	// shown whole here.
	var msg string
	switch {
	case s.focus == panePalette && s.palette.selected() != nil:
		msg = "▸ " + scenarios.SanitizeLine(s.palette.selected().Label)
	case s.focus == paneLog && s.dlog.selected() != nil:
		it := s.dlog.selected()
		msg = "▸ " + hms(it.at) + "  " + it.line
	case s.readOnly:
		msg = "Recording from seats is off: follow and discuss."
	}
	return st.Status.Render(truncate(msg, w))
}
