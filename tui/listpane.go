package tui

import "strings"

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
