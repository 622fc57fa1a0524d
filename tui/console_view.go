package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/ttx-sim/ttx/scenarios"
)

// box is a pane's outer size and the size left inside its frame.
type box struct {
	w, h           int
	innerW, innerH int
}

// consoleLayout places the four panes. Narrow terminals get two columns
// (feed over actions | inject over log); wide ones three (feed | inject |
// actions over log).
type consoleLayout struct {
	width, height int
	wide          bool
	feed, inject  box
	palette, log  box
}

// wideLayoutMin is the width from which the console uses three columns.
const wideLayoutMin = 150

// chromeLines are the lines outside the panes: header, status, help.
const chromeLines = 3

func computeLayout(s Styles, w, h int) consoleLayout {
	frameW, frameH := s.Pane.GetFrameSize()
	mk := func(bw, bh int) box {
		return box{w: bw, h: bh, innerW: max(bw-frameW, 1), innerH: max(bh-frameH, 1)}
	}
	body := max(h-chromeLines, 2*frameH+4)
	l := consoleLayout{width: w, height: h, wide: w >= wideLayoutMin}
	if l.wide {
		// The palette and log get the most: labels are read at a glance,
		// inject bodies read best at 60 to 70 columns.
		feedW := w / 4
		injectW := w * 7 / 20
		rightW := w - feedW - injectW
		logH := body / 2
		l.feed = mk(feedW, body)
		l.inject = mk(injectW, body)
		l.palette = mk(rightW, body-logH)
		l.log = mk(rightW, logH)
		return l
	}
	leftW := max(w*2/5, min(w, 28))
	rightW := max(w-leftW, 1)
	feedH := body / 2
	logH := max(body/3, frameH+2)
	l.feed = mk(leftW, feedH)
	l.palette = mk(leftW, body-feedH)
	l.inject = mk(rightW, body-logH)
	l.log = mk(rightW, logH)
	return l
}

// View joins the pre-computed parts of the console; nothing is rendered
// from markdown or computed from the journal here.
func (c *console) View() string {
	if c.layout.width == 0 {
		return ""
	}
	header := c.headerView()
	if c.obs != nil {
		return header + "\n" + c.obs.view(c.layout.width, c.layout.height-1)
	}
	var body string
	if c.keyList.open {
		body = c.keyList.view(c.styles, c.helpKeys().full, c.layout.width, c.layout.height-chromeLines)
	} else if form := c.formView(); form != "" {
		body = lipgloss.Place(c.layout.width, c.layout.height-chromeLines, lipgloss.Center, lipgloss.Center, form)
	} else {
		l := c.layout
		feed := c.paneLines(paneFeed, l.feed, c.feed.title(), c.feed.View())
		injectView := c.inject.View()
		if c.showPanel {
			injectView = c.panel.View()
		}
		inject := c.paneLines(paneInject, l.inject, c.injectTitle(), injectView)
		palette := c.paneLines(panePalette, l.palette, c.paletteTitle(), c.paletteView(l.palette.innerW))
		logp := c.paneLines(paneLog, l.log, c.declog.title(), c.declog.View())
		if l.wide {
			body = joinColumns(feed, inject, append(palette, logp...))
		} else {
			body = joinColumns(append(feed, palette...), append(inject, logp...))
		}
	}
	return header + "\n" + body + "\n" + c.statusView() + "\n" + c.shortHelp(c.helpKeys().short)
}

// headerView is the clock header, brought up to date with the console.
func (c *console) headerView() string {
	h := c.header
	h.now, h.length, h.speed, h.phase = c.now(), c.length, c.speed, c.phase
	h.paused, h.timeUp, h.ended = c.paused, c.timeUp, c.ended
	h.forRole = ""
	if c.role != "" {
		h.forRole = c.roleName(c.role)
	}
	h.pending = len(c.open) > 0
	h.private = c.showPanel
	on, served := c.seatsRecording()
	h.seatsOff = served && !on
	h.score = ""
	if c.coach && c.score != nil {
		h.score = scoreLabel(c.score.Overall)
	}
	return h.View()
}

// paneLines draws a pane as exactly b.h lines of exactly b.w cells. The
// frame is drawn from pre-rendered pieces rather than by lipgloss, whose
// general layout costs too much for a 200×60 console redrawn on every key.
func (c *console) paneLines(p pane, b box, title, content string) []string {
	return framedPane(c.frames[p], c.focus == p && c.modal == modalNone, c.styles.PaneTitle, b, title, content)
}

// framedPane draws content in a pane's frame (unfocused, focused) with its
// title, as exactly b.h lines of exactly b.w cells; the focused pane's
// title is marked ▸.
func framedPane(frames [2]frame, focused bool, titleStyle lipgloss.Style, b box, title, content string) []string {
	f, marker := frames[0], "  "
	if focused {
		f, marker = frames[1], "▸ "
	}
	out := make([]string, 0, max(b.h, 2))
	out = append(out, f.top)
	out = append(out, f.left+padRight(titleStyle.Render(truncate(marker+title, b.innerW)), b.innerW)+f.right)
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

// frame is a pane border, rendered once per size and focus state.
type frame struct {
	top, bottom, left, right, blank string
}

func newFrame(st lipgloss.Style, b box) frame {
	border := st.GetBorderStyle()
	fg := lipgloss.NewStyle().Foreground(st.GetBorderTopForeground())
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

// joinColumns puts blocks of equal height side by side.
func joinColumns(cols ...[]string) string {
	h := 0
	for _, c := range cols {
		h = max(h, len(c))
	}
	var b strings.Builder
	for i := 0; i < h; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		for _, c := range cols {
			if i < len(c) {
				b.WriteString(c[i])
			}
		}
	}
	return b.String()
}

func (c *console) injectTitle() string {
	name := "Inject"
	if c.showPanel {
		return c.panel.title()
	}
	if c.showCoach {
		name = "Coach · c closes" // the pane's own heading scrolls away
	} else if len(c.feed.items) == 0 {
		return name
	}
	return c.inject.title(name)
}

func (c *console) paletteTitle() string {
	switch c.modal {
	case modalDecision:
		return "DECISION: choose one"
	case modalPhase:
		return "Move the exercise to phase…"
	}
	return c.palette.title()
}

func (c *console) paletteView(width int) string {
	s := c.styles
	switch c.modal {
	case modalDecision, modalPhase, modalRole:
		q := ""
		if c.modal == modalRole {
			q = s.Warning.Render(truncate("Record decisions for:", width)) + "\n"
		}
		if c.modal == modalDecision {
			if in, ok := c.sc.Inject(c.decision); ok {
				q = s.Warning.Render(truncate(scenarios.SanitizeLine(in.Title), width)) + "\n"
			}
		}
		return q + c.choice.ViewLines(c.choice.height, func(i int, selected bool) []string {
			var label string
			switch c.modal {
			case modalPhase:
				label = phaseName(scenarios.Phase(c.choices[i]))
			case modalRole:
				label = c.roleName(c.choices[i])
			default:
				label = c.actionLabel(c.choices[i])
			}
			row := fmt.Sprintf("%d. %s", i+1, label)
			if !selected {
				return []string{"  " + truncate(row, width-2)}
			}
			// The highlighted choice is shown whole.
			lines := wrapRow(row, width-2, "   ", 0)
			for j := range lines {
				mark := "  "
				if j == 0 {
					mark = "▸ "
				}
				lines[j] = mark + s.RowSelected.Render(padRight(lines[j], width-2))
			}
			return lines
		})
	}
	return c.palette.View()
}

func (c *console) statusView() string {
	w := c.layout.width
	s := c.styles
	switch c.modal {
	case modalQuit:
		return s.Warning.Render(truncate("Quit? The session is saved and can be resumed: ttx resume "+scenarios.SanitizeLine(c.sess.Dir())+"  (y/n)", w))
	case modalEnd:
		return s.Warning.Render(truncate("End the exercise now, at "+c.now().Clock()+", and go to the review? (y/n)", w))
	case modalFreeText, modalNote, modalStrike, modalWithhold, modalUndoPhase:
		v := showHidden(c.input.View())
		if c.inputCut {
			v = s.Warning.Render(fmt.Sprintf("paste cut to %d characters ", c.input.CharLimit)) + v
		}
		return truncate(v, w)
	case modalTimeUp:
		return s.TimeUp.Render(truncate(" "+c.status+" — press enter for the review ", w))
	}
	msg := c.status
	if c.modal == modalDecision {
		msg = "▸ " + c.actionLabel(c.choices[c.choice.cursor])
	} else if a := c.palette.selected(); msg == "" && c.focus == panePalette && a != nil {
		// Labels are cut in the palette; the selected one is shown whole.
		msg = "▸ " + scenarios.SanitizeLine(a.Label)
	}
	if c.paused {
		pause := s.Paused.Render(" PAUSED — space to resume ")
		return pause + " " + c.statusStyle.Render(truncate(msg, max(w-lipgloss.Width(pause)-1, 0)))
	}
	return c.statusStyle.Render(truncate(msg, w))
}

// hms is a scenario time as "01:12:30": the clock without its "T+", where
// a column or the header already says it is scenario time.
func hms(d scenarios.Duration) string { return strings.TrimPrefix(d.Clock(), "T+") }

func speedLabel(x float64) string {
	return strconv.FormatFloat(x, 'f', -1, 64) + "×"
}

func scoreLabel(p PhaseScore) string {
	if p.Null {
		return "—"
	}
	return p.Text + " " + p.Rating
}

// cursorMark is the one-cell marker of the selected row, visible without
// colours.
func cursorMark(selected bool) string {
	if selected {
		return "▸"
	}
	return " "
}

// showHidden escapes the bidirectional and invisible characters of a text
// field's view ("\u202e"), as Sanitize does for all other text: the field
// keeps what was typed, but a pasted U+202E must not reorder the screen.
func showHidden(v string) string {
	if !strings.ContainsFunc(v, scenarios.Hidden) {
		return v
	}
	var b strings.Builder
	for _, r := range v {
		if scenarios.Hidden(r) {
			fmt.Fprintf(&b, "\\u%04x", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
