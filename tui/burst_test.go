package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// burst is several keys that arrived in one read of the terminal: Bubble
// Tea gives them as one message of several runes.
func burst(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

// TestKeyBurstsApplyEveryKeyInOrder is the regression test of "jjj" sent at
// once moving the cursor 0 rows (and opening the wrong scenario).
func TestKeyBurstsApplyEveryKeyInOrder(t *testing.T) {
	s := loadDrill(t)
	entries := []Entry{{Scenario: s, Source: "a"}, {Scenario: s, Source: "b"}, {Scenario: s, Source: "c"}, {Scenario: s, Source: "d"}, {Scenario: s, Source: "e"}}
	app := New(Options{Entries: entries, MarkdownStyle: "ascii"})
	d := newDriver(t, app, 120, 36)
	d.send(burst("jjj"))
	if got := app.picker.list.Index(); got != 3 {
		t.Fatalf("picker: jjj in one message moved to row %d, want 3", got)
	}
	d.send(burst("jk"))
	if got := app.picker.list.Index(); got != 3 {
		t.Fatalf("picker: jk moved to row %d, want 3", got)
	}

	d, sess := newConsoleDriver(t, false, 120, 36)
	c := d.app.console
	d.send(burst("nn")) // two injects, in one message
	if len(c.feed.items) != 2 {
		t.Fatalf("console: nn delivered %d injects, want 2", len(c.feed.items))
	}
	if c.modal != modalDecision {
		t.Fatalf("the second inject is a decision point; modal %v", c.modal)
	}
	d.send(burst("j"))
	if c.choice.cursor != 1 {
		t.Fatalf("decision: j moved to %d", c.choice.cursor)
	}
	d.keys("esc", "tab", "tab") // the actions
	d.send(burst("jj"))
	if len(c.palette.idx) < 3 || c.palette.list.cursor != 2 {
		t.Fatalf("console: jj moved the palette to %d, want 2", c.palette.list.cursor)
	}
	// Text typed in a burst reaches the input whole, in order.
	d.keys("t")
	d.send(burst("isolate now"))
	d.keys("enter")
	evs := decisions(sess)
	if len(evs) != 1 || evs[0].Text != "isolate now" {
		t.Fatalf("free text from a burst: %+v", evs)
	}
	// A paste stays one message (the input takes it whole).
	d.keys("t")
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("qqq"), Paste: true})
	d.keys("enter")
	if evs := decisions(sess); len(evs) != 2 || evs[1].Text != "qqq" || d.quit {
		t.Fatalf("paste: %+v quit=%v", evs, d.quit)
	}
}
