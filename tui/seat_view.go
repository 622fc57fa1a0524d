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
// four panes.
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
		s.wall = computeWallLayout(dw, dh)
	default:
		s.layout = s.computeLayout(dw, dh)
		l := s.layout
		for p, b := range [paneCount]box{paneFeed: l.feed, paneInject: l.inject, panePalette: l.palette, paneLog: l.log} {
			s.frames[p] = [2]frame{newFrameFor(s.r, s.c.styles.Pane, b), newFrameFor(s.r, s.c.styles.PaneFocused, b)}
		}
		s.feedList.SetHeight(l.feed.innerH - 1) // the pane title takes a line
		s.paletteList.SetHeight(l.palette.innerH - 2)
		s.logList.SetHeight(l.log.innerH - 1)
		s.filter.Width = max(l.palette.innerW-4, 1)
	}
	s.rendered.setWidth(s.injectWidth())
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
	low := max(body*2/5, frameH+3)
	other := mk(w, low)
	return consoleLayout{width: w, height: h, inject: mk(w, body-low), feed: other, palette: other, log: other}
}

// injectWidth is the width inject text is wrapped to.
func (s *seat) injectWidth() int {
	if s.screen == seatWall {
		return s.wall.injectW
	}
	return s.layout.inject.innerW
}

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
	feed := func() []string { return s.paneLines(paneFeed, l.feed, s.feedTitle(), s.feedView(l.feed.innerW)) }
	inject := s.paneLines(paneInject, l.inject, s.injectTitle(l.inject.innerH-1), s.injectView(l.inject.innerH-1))
	palette := func() []string {
		return s.paneLines(panePalette, l.palette, s.paletteTitle(), s.paletteView(l.palette.innerW))
	}
	logp := func() []string {
		return s.paneLines(paneLog, l.log, fmt.Sprintf("Decision log (%d)", len(s.log)), s.logView(l.log.innerW))
	}
	var body string
	switch {
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

// helpBox lists every key of the screen in a box of h lines.
func (s *seat) helpBox(h int) string {
	st := s.c.styles
	w := s.c.width
	inner := max(w-st.Modal.GetHorizontalFrameSize(), 1)
	keys := fullHelpView(s.helpKeys().full, inner, h-st.Modal.GetVerticalFrameSize()-2, st)
	box := st.Modal.Render(st.ModalTitle.Render("Keys · ? or esc closes") + "\n\n" + keys)
	return fitLines(strings.Split(s.r.Place(w, h, lipgloss.Center, lipgloss.Center, box), "\n"), w, h)
}

// stateLabel is the clock's state: TIME IS UP, ENDED, PAUSED or running.
func (s *seat) stateLabel() string {
	st := s.c.styles
	switch {
	case s.ended:
		return st.TimeUp.Render(" ENDED ")
	case s.timeUp:
		return st.TimeUp.Render(" TIME IS UP ")
	case s.paused:
		return st.Paused.Render(" ‖ PAUSED ")
	}
	return st.Running.Render("▶ running")
}

func (s *seat) headerView() string {
	st := s.c.styles
	w := s.c.width
	you := s.name + " · " + s.roleName(s.role)
	right := ""
	for _, compact := range []bool{false, true} {
		parts := []string{st.Clock.Render(s.now().Clock())}
		if !compact {
			parts = append(parts, "/ "+hms(s.length))
		}
		phase := "Phase: " + phaseName(s.phase)
		if compact {
			phase = phaseName(s.phase)
		}
		parts = append(parts, speedLabel(s.speed), phase, s.stateLabel())
		if !compact {
			parts = append(parts, "you: "+you)
		}
		right = strings.Join(parts, "  ")
		if lipgloss.Width(right)+minTitle <= w {
			break
		}
	}
	title := truncate(scenarios.SanitizeLine(s.sc.Title), max(w-lipgloss.Width(right)-2, 0))
	gap := max(w-lipgloss.Width(title)-lipgloss.Width(right), 1)
	return truncate(st.HeaderTitle.Render(title)+strings.Repeat(" ", gap)+right, w)
}

// paneLines draws a pane as exactly b.h lines of exactly b.w cells.
func (s *seat) paneLines(p pane, b box, title, content string) []string {
	f := s.frames[p][0]
	marker := "  "
	if s.focus == p && s.modal == seatModalNone {
		f = s.frames[p][1]
		marker = "▸ "
	}
	out := make([]string, 0, b.h)
	out = append(out, f.top)
	out = append(out, f.left+padRight(s.c.styles.PaneTitle.Render(truncate(marker+title, b.innerW)), b.innerW)+f.right)
	rows := b.h - 3 // top, title, bottom
	for ln := range strings.SplitSeq(content, "\n") {
		if rows <= 0 {
			break
		}
		out = append(out, f.left+padRight(ln, b.innerW)+f.right)
		rows--
	}
	for ; rows > 0; rows-- {
		out = append(out, f.left+f.blank+f.right)
	}
	return append(out, f.bottom)
}

func (s *seat) feedTitle() string {
	fresh := 0
	for i := range s.feed {
		if !s.feed[i].seen {
			fresh++
		}
	}
	if fresh > 0 {
		return fmt.Sprintf("Injects (%d, %d new)", len(s.feed), fresh)
	}
	return fmt.Sprintf("Injects (%d)", len(s.feed))
}

// channel is a feed item's channel, "ad hoc" for the facilitator's.
func (s *seat) channel(it seatItem) string {
	if it.inject < 0 {
		return "ad hoc"
	}
	return string(s.sc.Injects[it.inject].Channel)
}

func (s *seat) feedView(width int) string {
	if len(s.feed) == 0 {
		return s.c.styles.Muted.Render(truncate("waiting for the first inject…", width))
	}
	st := s.c.styles
	return s.feedList.View(func(i int, selected bool) string {
		it := s.feed[i]
		mark := cursorMark(selected)
		if !it.seen {
			mark += st.New.Render("●")
		} else {
			mark += " "
		}
		row := fmt.Sprintf("%s %-6s %s", hms(it.at), truncate(s.channel(it), 6), s.itemTitle(it))
		row = truncate(row, width-3)
		if selected {
			return mark + st.RowSelected.Render(padRight(row, width-3))
		}
		return mark + row
	})
}

// injectTitle is the inject pane's title, with how far it is scrolled.
func (s *seat) injectTitle(h int) string {
	if len(s.injectLines) <= h || h <= 0 {
		return "Inject"
	}
	end := min(s.injectTop+h, len(s.injectLines))
	return fmt.Sprintf("Inject (lines %d–%d of %d)", s.injectTop+1, end, len(s.injectLines))
}

// injectView is the visible part of the inject text, h lines.
func (s *seat) injectView(h int) string {
	lines := s.injectLines
	top := clamp(s.injectTop, 0, len(lines))
	end := min(top+max(h, 0), len(lines))
	return strings.Join(lines[top:end], "\n")
}

// scrollInject moves the inject text by delta lines.
func (s *seat) scrollInject(delta int) {
	h := s.layout.inject.innerH - 1
	if s.screen == seatWall {
		h = s.wall.injectH
	}
	s.injectTop = clamp(s.injectTop+max(min(delta, 1<<20), -1<<20), 0, max(len(s.injectLines)-h, 0))
}

// refreshInject composes the selected inject's text, wrapped once here so
// that View only picks lines.
func (s *seat) refreshInject() {
	w := max(s.injectWidth(), 1)
	var content string
	if len(s.feed) == 0 {
		content = s.c.styles.Muted.Render("No inject yet: the facilitator's clock is running.")
	} else {
		content = s.injectContent(s.feed[clamp(s.feedList.cursor, 0, len(s.feed)-1)], w)
	}
	wrapped := s.r.NewStyle().Width(w).Render(content)
	s.injectLines = strings.Split(wrapped, "\n")
	s.injectTop = clamp(s.injectTop, 0, len(s.injectLines))
}

// injectContent is what a seat shows of an inject: title, when, channel,
// story time, sender, recipients, body, discussion questions and a
// decision point's choices; never its facilitator notes or ATT&CK.
func (s *seat) injectContent(it seatItem, width int) string {
	st := s.c.styles
	var b strings.Builder
	b.WriteString(st.PaneTitle.Render(s.itemTitle(it)))
	b.WriteString("\n")
	meta := []string{it.at.Clock(), s.channel(it)}
	var to []string
	var questions, choices []string
	if it.inject >= 0 {
		in := &s.sc.Injects[it.inject]
		if in.StoryTime != "" {
			meta = append(meta, scenarios.SanitizeLine(in.StoryTime))
		}
		if in.From != "" {
			meta = append(meta, "from "+scenarios.SanitizeLine(in.From))
		}
		to = in.To
		questions = in.Questions
		if in.IsDecisionPoint() {
			choices = in.Choices
		}
	} else {
		to = it.adhoc.Recipients()
	}
	if len(to) > 0 {
		names := make([]string, len(to))
		for i, r := range to {
			names[i] = s.roleName(r)
		}
		meta = append(meta, "to "+strings.Join(names, ", "))
	}
	b.WriteString(st.Muted.Render(scenarios.SanitizeLine(strings.Join(meta, " · "))))
	b.WriteString("\n\n")
	if md := s.body(it); md != "" {
		body, ok := s.rendered.get(s.mdID(it), width)
		if !ok {
			body = plainText(md)
		}
		b.WriteString(body)
		b.WriteString("\n")
	}
	if len(questions) > 0 {
		b.WriteString("\n")
		b.WriteString(st.PaneTitle.Render("Discussion questions"))
		b.WriteString("\n")
		for i, q := range questions {
			b.WriteString(st.Question.Render(fmt.Sprintf("%d. %s", i+1, scenarios.SanitizeLine(q))))
			b.WriteString("\n")
		}
	}
	if len(choices) > 0 {
		b.WriteString("\n")
		b.WriteString(st.PaneTitle.Render("Decision: the team chooses one of"))
		b.WriteString("\n")
		for i, id := range choices {
			b.WriteString(fmt.Sprintf("%d. %s\n", i+1, s.actionLabel(id)))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

func (s *seat) paletteTitle() string {
	if len(s.sc.Phases) == 0 {
		return "Actions"
	}
	p := s.sc.Phases[clamp(s.palettePhase, 0, len(s.sc.Phases)-1)]
	t := "Actions — " + phaseName(p)
	if p == s.phase {
		t += " (current)"
	}
	return fmt.Sprintf("%s  [%d/%d]", t, s.palettePhase+1, len(s.sc.Phases))
}

// paletteView lists the actions offered: labels only, with ✓ on those the
// team took (never whether one is expected or harmful).
func (s *seat) paletteView(width int) string {
	st := s.c.styles
	filter := st.Muted.Render(truncate("/ to filter · [ ] other phases", width))
	if s.modal == seatModalFilter || s.filter.Value() != "" {
		filter = truncate(s.filter.View(), width)
	}
	if len(s.paletteIdx) == 0 {
		return filter + "\n" + st.Muted.Render(truncate("no action here", width))
	}
	return filter + "\n" + s.paletteList.View(func(i int, selected bool) string {
		a := &s.sc.Actions[s.paletteIdx[i]]
		sel := selected && s.focus == panePalette
		mark := cursorMark(sel)
		if s.taken[a.ID] {
			mark += st.Success.Render("✓")
		} else {
			mark += " "
		}
		row := truncate(scenarios.SanitizeLine(a.Label), width-3)
		if sel {
			return mark + st.RowSelected.Render(padRight(row, width-3))
		}
		return mark + row
	})
}

func (s *seat) logView(width int) string {
	if len(s.log) == 0 {
		return s.c.styles.Muted.Render(truncate("no decision yet", width))
	}
	st := s.c.styles
	return s.logList.View(func(i int, selected bool) string {
		it := s.log[i]
		sel := selected && s.focus == paneLog
		row := truncate(hms(it.at)+"  "+it.line, width-1)
		if sel {
			return cursorMark(true) + st.RowSelected.Render(padRight(row, width-1))
		}
		return " " + row
	})
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
	msg := s.status
	if msg == "" {
		switch {
		case s.focus == panePalette && len(s.paletteIdx) > 0:
			msg = "▸ " + s.actionLabel(s.sc.Actions[s.paletteIdx[s.paletteList.cursor]].ID)
		case s.focus == paneLog && len(s.log) > 0:
			it := s.log[clamp(s.logList.cursor, 0, len(s.log)-1)]
			msg = "▸ " + hms(it.at) + "  " + it.line
		}
	}
	if s.readOnly && msg == "" {
		msg = "Recording from seats is off: follow and discuss."
	}
	return s.statusStyle.Render(truncate(msg, w))
}
