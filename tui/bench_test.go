package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scenarios/scenariotest"
	"github.com/ttx-sim/ttx/sim"
)

// largeConsole opens the console on the generated large scenario (2,000
// injects, 1,000 actions) with 5,000 decisions recorded, at 200×60.
func largeConsole(b *testing.B) (*driver, *memSession) {
	b.Helper()
	s, err := scenarios.Parse("large.yaml", scenariotest.Large(2000, 1000))
	if err != nil {
		b.Fatal(err)
	}
	sess := newMemSession(b, s)
	for _, d := range scenariotest.LargeDecisions(s, 5000) {
		if d.At >= s.Duration {
			break
		}
		if _, err := sess.Advance(d.At); err != nil {
			b.Fatal(err)
		}
		if _, err := sess.Record(d); err != nil {
			b.Fatal(err)
		}
	}
	sess.clk = sim.NewClock(sess.e, sess.wall.now) // where the engine now is
	app := New(Options{Resume: sess, MarkdownStyle: "ascii"})
	return newDriver(b, app, 200, 60), sess
}

// BenchmarkConsoleUpdateView is the budget of issue 5: one Update and one
// View of the console under 2 ms.
func BenchmarkConsoleUpdateView(b *testing.B) {
	cases := []struct {
		name string
		msg  func(i int) tea.Msg
	}{
		{"key-log", func(i int) tea.Msg { return keyMsg([]string{"up", "down"}[i%2]) }},
		{"key-feed", func(i int) tea.Msg { return keyMsg([]string{"up", "down"}[i%2]) }},
		{"key-actions", func(i int) tea.Msg { return keyMsg([]string{"up", "down"}[i%2]) }},
		{"tick", nil},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			d, sess := largeConsole(b)
			app := d.app
			c := app.console
			switch tc.name {
			case "key-log":
				c.focus = paneLog
			case "key-feed":
				c.focus = paneFeed
			case "key-actions":
				c.focus = panePalette
			case "tick":
				d.keys("space") // resumed sessions open paused
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var msg tea.Msg
				if tc.msg != nil {
					msg = tc.msg(i)
				} else {
					// A quarter second passes: the clock moves the
					// engine, the console redraws.
					sess.wall.add(tickInterval)
					if _, err := sess.clk.Tick(); err != nil {
						b.Fatal(err)
					}
					msg = tickMsg{gen: c.tickGen}
				}
				app.Update(msg)
				_ = app.View()
			}
		})
	}
}

// BenchmarkPickerFirstFrame is the picker's first frame from the listing of
// the built-in library: build the entries, the app, size it and draw it
// (issue 12: with the whole library, `ttx` shows its picker within 60 ms,
// of which the binary's start-up is about 15 ms).
func BenchmarkPickerFirstFrame(b *testing.B) {
	listing, err := scenarios.LibraryListing()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		entries := make([]Entry, len(listing))
		for i := range listing {
			entries[i] = Entry{Listing: &listing[i], Source: "built-in"}
		}
		app := New(Options{Entries: entries, MarkdownStyle: "ascii"})
		app.Update(tea.WindowSizeMsg{Width: 120, Height: 36})
		_ = app.View()
	}
}
