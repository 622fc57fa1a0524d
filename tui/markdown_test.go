package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestMarkdownCacheKeepsOneWidth resizes the terminal back and forth, as
// dragging a window edge does: the rendered-markdown caches must not grow
// with every width seen, and what they keep must be for the width shown.
func TestMarkdownCacheKeepsOneWidth(t *testing.T) {
	resize := func(d *driver) {
		for round := 0; round < 3; round++ {
			for w := 90; w <= 130; w += 5 {
				d.send(tea.WindowSizeMsg{Width: w, Height: 36})
			}
		}
		d.send(tea.WindowSizeMsg{Width: 120, Height: 36})
	}

	app := New(Options{Scenario: loadDrill(t), MarkdownStyle: "ascii"})
	resize(newDriver(t, app, 120, 36))
	if n := cacheLen(app.brief.rendered); n != 1 {
		t.Errorf("briefing cache holds %d renders after 28 resizes, want 1", n)
	}
	if _, ok := app.brief.rendered.get("briefing", app.brief.vp.Width); !ok {
		t.Error("briefing cache lost the render at the current width")
	}

	d, _ := newConsoleDriver(t, false, 120, 36)
	d.keys("n", "f") // the phish inject, with its facilitator notes
	resize(d)
	c := d.app.console
	// The phish inject's body (inject pane) and notes (the facilitator
	// panel), each at the current width.
	if n, m := cacheLen(c.inject.rendered), cacheLen(c.panel.rendered); n != 1 || m != 1 {
		t.Errorf("console caches hold %d+%d renders after 28 resizes, want 1+1 (body and notes at one width)", n, m)
	}
	if _, ok := c.inject.rendered.get("body:phish", c.inject.vp.Width); !ok {
		t.Error("console cache lost the body at the current width")
	}
	if _, ok := c.panel.rendered.get("notes:phish", c.panel.width); !ok {
		t.Error("the panel's cache lost the notes at the current width")
	}

	// A render that arrives for a width no longer shown is not kept.
	d.send(markdownMsg{key: mdKey{"body:phish", 77}, out: "stale"})
	d.send(markdownMsg{key: mdKey{"notes:phish", 77}, out: "stale"})
	if n, m := cacheLen(c.inject.rendered), cacheLen(c.panel.rendered); n != 1 || m != 1 {
		t.Errorf("a stale render was cached: %d+%d entries", n, m)
	}
}

func cacheLen(c mdCache) int { return len(c.out) }
