package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/ttx-sim/ttx/scenarios"
)

// The wall is the room's projector: read-only, large and legible. It shows
// the clock big (twice as big on a large terminal), the phase, the state
// framed when it is not running (PAUSED, TIME IS UP, ENDED), the speed and
// the planned length; the latest inject addressed to everyone in full
// (wrapped, scrolled when longer than the screen), and the recent decision
// log, which takes no more lines than it has entries. Its only keys scroll
// the inject, show the help and leave.

// wallLayout sizes the wall's parts.
type wallLayout struct {
	width, height int
	big           bool // the clock in big digits (five lines)
	scale         int  // the big digits' size: 1, or 2 on a large terminal
	header        int  // header lines, the rule below it included
	body          int  // lines between the header and the footer
	side          bool // the log beside the inject, else below it
	injectW       int
	injectH       int
	logW, logH    int
}

// wallBigMin is the smallest terminal that gets the clock in big digits:
// 47 columns of digits, a gap and what stands beside them whole
// ("║  TIME IS UP  ║   0.5×").
const (
	wallBigMinW = 74
	wallBigMinH = 20
	wallSideMin = 110 // from this width the log stands beside the inject
	// From this size the big digits are drawn twice as large.
	wallHugeMinW = 150
	wallHugeMinH = 45
)

func computeWallLayout(w, h int) wallLayout {
	l := wallLayout{width: w, height: h, big: w >= wallBigMinW && h >= wallBigMinH, scale: 1}
	l.header = 2 // one line and the rule
	if l.big {
		if w >= wallHugeMinW && h >= wallHugeMinH {
			l.scale = 2
		}
		l.header = bigRows*l.scale + 1 + 1 // digits, the title line, the rule
	}
	body := max(h-l.header-1, 1) // the footer line
	l.body = body
	if l.side = w >= wallSideMin; l.side {
		l.logW = max(w/3, 1)
		l.injectW = max(w-l.logW-3, 1) // " │ " between them
		l.injectH, l.logH = body, body
		return l
	}
	l.injectW, l.logW = w, w
	l.logH = max(body/3, 2)
	l.injectH = max(body-l.logH-1, 1) // a rule between them
	return l
}

// fitWall lays the wall out for the terminal: stacked, the log takes the
// lines its entries need (up to a third of the body), the inject the rest.
// It runs on a resize and when the log changes.
func (s *seat) fitWall() {
	l := computeWallLayout(s.c.width, s.c.height)
	s.wall = l
	if !l.side {
		l.logH = min(l.logH, max(len(s.wallLog()), 2))
		l.injectH = max(l.body-l.logH-1, 1)
		s.wall = l
	}
	s.inject.SetSize(l.injectW, l.injectH+1) // it keeps a line for a title
}

// wallView draws the wall.
func (s *seat) wallView() string {
	l := s.wall
	st := s.c.styles
	if s.modal == seatModalHelp {
		return s.wallHeader() + "\n" + s.helpBox(l.height-l.header-1) + "\n" + s.c.shortHelp(s.helpKeys().short)
	}
	inject := s.wallInject()
	logLines := s.wallLog()
	var body string
	if l.side {
		sep := st.Muted.Render(" │ ")
		rows := make([]string, l.injectH)
		for i := range rows {
			left, right := "", ""
			if i < len(inject) {
				left = inject[i]
			}
			if i < len(logLines) {
				right = logLines[i]
			}
			rows[i] = padRight(left, l.injectW) + sep + right
		}
		body = strings.Join(rows, "\n")
	} else {
		for len(inject) < l.injectH {
			inject = append(inject, "")
		}
		body = strings.Join(inject, "\n") + "\n" + st.Muted.Render(strings.Repeat("─", l.width)) + "\n" + strings.Join(logLines, "\n")
	}
	return s.c.withFooter(s.wallHeader()+"\n"+body, s.c.shortHelp(s.helpKeys().short))
}

// wallHeader is the clock, phase and state, big when there is room, and
// the rule below.
func (s *seat) wallHeader() string {
	st := s.c.styles
	l := s.wall
	w := l.width
	title := st.HeaderTitle.Render(truncate(scenarios.SanitizeLine(s.sc.Title), w))
	phase := "Phase: " + phaseName(s.phase)
	rule := st.Muted.Render(strings.Repeat("─", w))
	planned := "planned " + hms(s.length)
	if !l.big {
		// The state first after the clock: a narrow wall cuts the end.
		line := strings.Join([]string{st.Clock.Render(s.now().Clock()) + " / " + hms(s.length), s.stateLabel(), phase, speedLabel(s.speed)}, "   ")
		return truncate(line, w) + "\n" + rule
	}
	digits := bigText(hms(s.now()), l.scale)
	// Beside the digits: the phase, the state (framed unless running)
	// with the speed, and the planned length.
	state := []string{"", s.stateLabel() + "   " + speedLabel(s.speed), ""}
	if label := s.stateText(); label != "" {
		bar := strings.Repeat("═", lipgloss.Width(label)+2)
		state = []string{"╔" + bar + "╗", "║ " + s.stateLabel() + " ║   " + speedLabel(s.speed), "╚" + bar + "╝"}
	}
	side := append(append([]string{st.Clock.Render(strings.ToUpper(phase))}, state...), st.Muted.Render(planned))
	top := (len(digits) - len(side)) / 2
	lines := make([]string, 0, len(digits)+2)
	lines = append(lines, title)
	for i := range digits {
		row := st.Clock.Render(digits[i])
		if j := i - top; j >= 0 && j < len(side) {
			row += strings.Repeat(" ", 4*l.scale) + side[j]
		}
		lines = append(lines, truncate(row, w))
	}
	return strings.Join(lines, "\n") + "\n" + rule
}

// wallInject is the latest inject addressed to everyone (the wall's feed
// has no other), scrolled, in at most injectH lines.
func (s *seat) wallInject() []string {
	l := s.wall
	if len(s.feed.items) == 0 {
		return []string{s.c.styles.Muted.Render(truncate("Waiting for the first inject…", l.injectW))}
	}
	out := strings.Split(s.inject.View(), "\n")
	for i := range out {
		out[i] = truncate(out[i], l.injectW)
	}
	if !s.inject.vp.AtBottom() && len(out) > 0 {
		out[len(out)-1] = s.c.styles.Muted.Render(truncate("↓ more below (↓ scrolls)", l.injectW))
	}
	return out
}

// wallLog is the recent decision log, newest last, each entry wrapped
// (never cut) to the log's width, in at most logH lines.
func (s *seat) wallLog() []string {
	l := s.wall
	st := s.c.styles
	out := []string{st.PaneTitle.Render(truncate("Decisions", l.logW))}
	items := s.dlog.items
	if len(items) == 0 {
		return append(out, st.Muted.Render(truncate("none yet", l.logW)))
	}
	room := l.logH - 1
	var entries [][]string
	for i := len(items) - 1; i >= 0 && room > 0; i-- {
		it := items[i]
		wrapped := wrapLine(hms(it.at)+"  "+it.line, l.logW)
		if len(wrapped) > room {
			wrapped = wrapped[:room]
			wrapped[room-1] = truncate(wrapped[room-1]+" …", l.logW)
		}
		entries = append(entries, wrapped)
		room -= len(wrapped)
	}
	for i := len(entries) - 1; i >= 0; i-- {
		out = append(out, entries[i]...)
	}
	return out
}

// wrapLine wraps one line of text to width cells (long words broken), at
// most 50 lines of it.
func wrapLine(s string, width int) []string {
	if width <= 0 {
		return nil
	}
	if lipgloss.Width(s) <= width {
		return []string{s}
	}
	lines := strings.Split(ansi.Wrap(s, width, ""), "\n")
	if len(lines) > 50 {
		lines = lines[:50]
	}
	for i := range lines {
		lines[i] = truncate(strings.TrimRight(lines[i], " "), width)
	}
	return lines
}

// bigRows is the height of bigText.
const bigRows = 5

// bigGlyphs are 3×5 pixel digits; each pixel is drawn two cells wide.
var bigGlyphs = map[rune][bigRows]string{
	'0': {"###", "#.#", "#.#", "#.#", "###"},
	'1': {".#.", "##.", ".#.", ".#.", "###"},
	'2': {"###", "..#", "###", "#..", "###"},
	'3': {"###", "..#", "###", "..#", "###"},
	'4': {"#.#", "#.#", "###", "..#", "..#"},
	'5': {"###", "#..", "###", "..#", "###"},
	'6': {"###", "#..", "###", "#.#", "###"},
	'7': {"###", "..#", "..#", "..#", "..#"},
	'8': {"###", "#.#", "###", "#.#", "###"},
	'9': {"###", "#.#", "###", "..#", "###"},
	':': {".", "#", ".", "#", "."},
}

// bigText draws digits and colons in bigRows×scale lines of block
// characters, each pixel 2×scale cells wide and scale lines high.
func bigText(s string, scale int) []string {
	scale = max(scale, 1)
	rows := make([]string, bigRows*scale)
	on, off := strings.Repeat("█", 2*scale), strings.Repeat(" ", 2*scale)
	gap := strings.Repeat(" ", scale)
	for i, r := range s {
		g, ok := bigGlyphs[r]
		if !ok {
			continue
		}
		for y := range bigRows {
			var b strings.Builder
			if i > 0 {
				b.WriteString(gap)
			}
			for _, p := range g[y] {
				if p == '#' {
					b.WriteString(on)
				} else {
					b.WriteString(off)
				}
			}
			for k := range scale {
				rows[y*scale+k] += b.String()
			}
		}
	}
	return rows
}
