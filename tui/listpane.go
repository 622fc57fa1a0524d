package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// listPane is a scrolling list that renders only its visible rows, so that
// feeds and logs of thousands of entries cost the same as short ones. The
// owner supplies the rows through a function of the index.
type listPane struct {
	count  int
	cursor int
	offset int
	height int // rows visible
	// follow keeps the view on the last row as rows are added (a log).
	follow bool
}

// SetHeight sets how many rows are visible.
func (l *listPane) SetHeight(h int) {
	l.height = max(h, 1)
	l.scrollToCursor()
}

// SetCount sets the number of rows, keeping the cursor in range; with
// follow on, the cursor moves to the new last row.
func (l *listPane) SetCount(n int) {
	atEnd := l.cursor >= l.count-1
	l.count = n
	if l.follow && atEnd {
		l.cursor = n - 1
	}
	l.cursor = clamp(l.cursor, 0, max(n-1, 0))
	l.scrollToCursor()
}

// Move moves the cursor by delta rows.
func (l *listPane) Move(delta int) {
	l.Select(l.cursor + delta)
}

// Select puts the cursor on row i.
func (l *listPane) Select(i int) {
	l.cursor = clamp(i, 0, max(l.count-1, 0))
	l.scrollToCursor()
}

func (l *listPane) scrollToCursor() {
	if l.height <= 0 {
		return
	}
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+l.height {
		l.offset = l.cursor - l.height + 1
	}
	l.offset = clamp(l.offset, 0, max(l.count-l.height, 0))
}

// View renders the visible rows; row(i, selected) gives row i.
func (l *listPane) View(row func(i int, selected bool) string) string {
	end := min(l.offset+l.height, l.count)
	var b strings.Builder
	for i := l.offset; i < end; i++ {
		if i > l.offset {
			b.WriteByte('\n')
		}
		b.WriteString(row(i, i == l.cursor))
	}
	return b.String()
}

// ViewLines renders the visible rows in at most maxLines lines, for rows
// of one line or more (row gives a row's lines): the selected row is shown
// whole (up to maxLines), and the rows above it are left out from the top
// when it would not fit otherwise. Only the rows on screen are rendered.
func (l *listPane) ViewLines(maxLines int, row func(i int, selected bool) []string) string {
	if l.count == 0 || maxLines <= 0 {
		return ""
	}
	cur := clamp(l.cursor, 0, l.count-1)
	start := clamp(l.offset, 0, cur)
	var before [][]string
	n := 0
	for i := start; i < cur; i++ {
		r := row(i, false)
		before = append(before, r)
		n += len(r)
	}
	sel := row(cur, true)
	sel = sel[:min(len(sel), maxLines)]
	for len(before) > 0 && n+len(sel) > maxLines {
		n -= len(before[0])
		before = before[1:]
	}
	out := make([]string, 0, maxLines)
	for _, r := range before {
		out = append(out, r...)
	}
	out = append(out, sel...)
	for i := cur + 1; i < l.count && len(out) < maxLines; i++ {
		out = append(out, row(i, false)...)
	}
	return strings.Join(out[:min(len(out), maxLines)], "\n")
}

// wrapRow wraps a row's text to width cells at its spaces; the lines
// after the first start with indent. At most maxLines lines (0: all), the
// last one ending in "…" when the text goes on.
func wrapRow(text string, width int, indent string, maxLines int) []string {
	if width < 8 || ansi.StringWidth(text) <= width {
		return []string{truncate(text, max(width, 1))}
	}
	if ansi.StringWidth(indent) > width/2 {
		indent = ""
	}
	lines := fillLines("", indent, text, width)
	if maxLines > 0 && len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = truncate(lines[maxLines-1]+" …", width)
	}
	return lines
}
