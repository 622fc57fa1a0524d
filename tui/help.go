package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// helpScreen is the list of every key of a screen that `?` opens on every
// screen: the keys that work now, then, under "Not available right now",
// the screen's other keys (a pending decision's d, the palette's enter…),
// each entry whole, in as many columns as fit; it scrolls when it is
// longer than the window.
type helpScreen struct {
	open bool
	top  int // first line shown
	more bool
}

// key handles a key while the help is open: ↑ ↓ pgup pgdn home end scroll;
// esc, ? and q close it; every other key is ignored (it does not reach the
// screen below).
func (h *helpScreen) key(msg tea.KeyMsg, k KeyMap) {
	switch {
	case key.Matches(msg, k.Help, k.Cancel, k.Quit):
		h.open, h.top = false, 0
	case key.Matches(msg, k.Up):
		h.top--
	case key.Matches(msg, k.Down):
		h.top++
	case key.Matches(msg, k.PageUp):
		h.top -= 10
	case key.Matches(msg, k.PageDown):
		h.top += 10
	case key.Matches(msg, k.Top):
		h.top = 0
	case key.Matches(msg, k.Bottom):
		h.top = 1 << 20
	}
	h.top = max(h.top, 0)
}

// view draws the help as a framed box centred in width × height cells
// (never more).
func (h *helpScreen) view(s Styles, groups [][]key.Binding, width, height int) string {
	frameW, frameH := s.Modal.GetFrameSize()
	inner := max(width-frameW, 1)
	lines := helpLines(groups, inner)
	// The box's frame and its title.
	rows := max(height-frameH-1, 1)
	h.more = len(lines) > rows
	if h.more {
		rows = max(rows-1, 1) // the line that says what is below
	}
	h.top = clamp(h.top, 0, max(len(lines)-rows, 0))
	shown := lines[h.top:min(h.top+rows, len(lines))]
	body := strings.Join(shown, "\n")
	if h.more {
		var parts []string
		if h.top > 0 {
			parts = append(parts, fmt.Sprintf("↑ %d more", h.top))
		}
		if below := len(lines) - h.top - len(shown); below > 0 {
			parts = append(parts, fmt.Sprintf("↓ %d more", below))
		}
		parts = append(parts, "↑/↓ scroll · esc closes")
		body += "\n" + s.Muted.Render(truncate(strings.Join(parts, " · "), inner))
	}
	box := s.Modal.Render(s.ModalTitle.Render(truncate("Keys · esc closes", inner)) + "\n" + body)
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, box)
}

// helpLines lays out every binding of groups: the enabled ones, then the
// disabled ones under a heading; each entry whole when a column of the
// width can hold it.
func helpLines(groups [][]key.Binding, width int) []string {
	var on, off []key.Binding
	seen := map[string]bool{}
	for _, g := range groups {
		for _, b := range g {
			h := b.Help()
			if h.Key == "" || seen[h.Key+"\x00"+h.Desc] {
				continue
			}
			seen[h.Key+"\x00"+h.Desc] = true
			if b.Enabled() {
				on = append(on, b)
			} else {
				off = append(off, b)
			}
		}
	}
	lines, cols := helpColumns(on, width, 1)
	if len(off) > 0 {
		lines = append(lines, "Not available right now:")
		more, _ := helpColumns(off, width, cols)
		lines = append(lines, more...)
	}
	return lines
}

// helpRows is how many rows a column of the help gets before another
// column is started, when the width allows.
const helpRows = 12

// helpColumns puts entries in columns, filled top to bottom: the fewest
// columns, minCols or more, that keep a column within helpRows and whose
// widest entries fit side by side in width; else the most that fit. It
// returns the lines and the number of columns.
func helpColumns(bs []key.Binding, width, minCols int) ([]string, int) {
	if len(bs) == 0 {
		return nil, 0
	}
	const gap = 3
	type layout struct {
		rows   int
		keyW   []int
		entryW []int
	}
	fit := func(cols int) (layout, bool) {
		rows := (len(bs) + cols - 1) / cols
		l := layout{rows: rows}
		total := 0
		for c := 0; c*rows < len(bs); c++ {
			kw, ew := 0, 0
			for _, b := range bs[c*rows : min((c+1)*rows, len(bs))] {
				kw = max(kw, lipgloss.Width(b.Help().Key))
			}
			for _, b := range bs[c*rows : min((c+1)*rows, len(bs))] {
				ew = max(ew, kw+2+lipgloss.Width(b.Help().Desc))
			}
			l.keyW, l.entryW = append(l.keyW, kw), append(l.entryW, ew)
			if c > 0 {
				total += gap
			}
			total += ew
		}
		return l, total <= width
	}
	l, _ := fit(1)
	widest := l
	chosen := false
	for cols := 1; cols <= len(bs); cols++ {
		got, ok := fit(cols)
		if !ok {
			continue
		}
		widest = got
		if cols >= minCols && got.rows <= helpRows {
			l, chosen = got, true
			break
		}
	}
	if !chosen {
		l = widest
	}
	lines := make([]string, l.rows)
	for r := range lines {
		var b strings.Builder
		for c := range l.keyW {
			i := c*l.rows + r
			if i >= len(bs) {
				break
			}
			entry := padRight(bs[i].Help().Key, l.keyW[c]) + "  " + bs[i].Help().Desc
			if c+1 < len(l.keyW) && (c+1)*l.rows+r < len(bs) {
				entry = padRight(entry, l.entryW[c]+gap)
			}
			b.WriteString(entry)
		}
		lines[r] = truncate(strings.TrimRight(b.String(), " "), width)
	}
	return lines, len(l.keyW)
}
