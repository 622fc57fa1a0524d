package tui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

type feedItem struct {
	inject int // index in Scenario.Injects; -1 for an ad-hoc inject
	at     scenarios.Duration
	seen   bool
	// adhoc is the inject the facilitator added during play (KindAdHoc),
	// nil for a scenario inject.
	adhoc *scenarios.Inject
}

// channelAdHoc is the channel shown for an ad-hoc inject.
const channelAdHoc scenarios.Channel = "ad hoc"

// adHocInject is the inject an ad-hoc event shows as: its title, body and
// recipients, an id of its own ("adhoc-SEQ").
func adHocInject(ev sim.Event) *scenarios.Inject {
	return &scenarios.Inject{ID: fmt.Sprintf("adhoc-%d", ev.Seq), At: ev.At, Title: ev.Title, Body: ev.Text,
		To: ev.Recipients(), Channel: channelAdHoc}
}

// injectOf is the inject an entry shows.
func (f *feedPane) injectOf(it feedItem) *scenarios.Inject {
	if it.adhoc != nil {
		return it.adhoc
	}
	return &f.sc.Injects[it.inject]
}

// feedPane lists the injects delivered so far: time, channel, title, and
// ● on one nobody has opened yet. It shows what the owner put in it; what
// a seat may see is the seat's to filter.
type feedPane struct {
	*common
	sc    *scenarios.Scenario
	items []feedItem
	list  listPane
	width int
}

func newFeedPane(c *common, sc *scenarios.Scenario) *feedPane {
	f := &feedPane{common: c, sc: sc}
	f.list.follow = true
	return f
}

// SetSize sets the size inside the pane's frame; the title takes a line.
func (f *feedPane) SetSize(w, h int) {
	f.width = w
	f.list.SetHeight(h - 1)
}

// Update takes no message: the owner moves the cursor (Select).
func (f *feedPane) Update(tea.Msg) tea.Cmd { return nil }

// add appends a delivered inject.
func (f *feedPane) add(it feedItem) { f.items = append(f.items, it) }

// Select puts the cursor on entry i and marks it seen; it says whether i
// is an entry.
func (f *feedPane) Select(i int) bool {
	if i < 0 || i >= len(f.items) {
		return false
	}
	f.list.Select(i)
	f.items[i].seen = true
	return true
}

// selected is the entry under the cursor; ok is false for an empty feed.
func (f *feedPane) selected() (feedItem, bool) {
	if len(f.items) == 0 {
		return feedItem{}, false
	}
	return f.items[f.list.cursor], true
}

// following: the cursor is on the newest entry (or there is none), so a
// new inject is shown at once.
func (f *feedPane) following() bool {
	return len(f.items) == 0 || f.list.cursor == len(f.items)-1
}

// indexOf is the newest entry of inject index idx, or -1.
func (f *feedPane) indexOf(idx int) int {
	if idx < 0 {
		return -1
	}
	for i := len(f.items) - 1; i >= 0; i-- {
		if f.items[i].inject == idx {
			return i
		}
	}
	return -1
}

func (f *feedPane) title() string {
	fresh := 0
	for i := range f.items {
		if !f.items[i].seen {
			fresh++
		}
	}
	if fresh > 0 {
		return fmt.Sprintf("Injects (%d, %d new)", len(f.items), fresh)
	}
	return fmt.Sprintf("Injects (%d)", len(f.items))
}

// View is the visible rows of the feed.
func (f *feedPane) View() string {
	if len(f.items) == 0 {
		return f.styles.Muted.Render("waiting for the first inject…")
	}
	s := f.styles
	width := f.width
	return f.list.View(func(i int, selected bool) string {
		it := f.items[i]
		in := f.injectOf(it)
		mark := cursorMark(selected)
		if !it.seen {
			mark += s.New.Render("●")
		} else {
			mark += " "
		}
		row := fmt.Sprintf("%s %-6s %s", hms(it.at), truncate(string(in.Channel), 6), scenarios.SanitizeLine(in.Title))
		row = truncate(row, width-3)
		if selected {
			return mark + s.RowSelected.Render(padRight(row, width-3))
		}
		return mark + row
	})
}
