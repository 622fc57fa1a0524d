package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// FuzzConsoleKeys plays arbitrary key sequences, typed text included, on
// the console: no panic, every view fits 80×24 and carries no raw escape.
func FuzzConsoleKeys(f *testing.F) {
	f.Add([]byte("n\ttt\x1b[2Jhello\r"))
	f.Add([]byte("nn\r\x02E y\r\rDana\t2026-01-01\rc"))
	f.Add([]byte("/iso\r]\r p\x01\r?q"))
	keys := []string{"n", "space", "+", "-", "tab", "shift+tab", "enter", "t", "e", "p", "[", "]", "/", "d", "f",
		"E", "?", "y", "esc", "up", "down", "c", "A", "L", "u", "ctrl+s"}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > 300 {
			in = in[:300]
		}
		d, _ := newConsoleDriver(t, false, 80, 24)
		for _, b := range in {
			if d.quit {
				break
			}
			switch {
			case b < 32 && int(b) < len(keys):
				d.keys(keys[b])
			case b == 'q':
				continue // quitting ends the run early; tested elsewhere
			default:
				d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{rune(b)}})
			}
			v := d.app.View()
			if strings.ContainsAny(v, "\x1b\x07") {
				t.Fatalf("raw control byte in view:\n%q", v)
			}
			if lines := strings.Split(v, "\n"); len(lines) > 24 {
				t.Fatalf("view has %d lines", len(lines))
			}
			for _, ln := range strings.Split(v, "\n") {
				if displayWidth(ln) > 80 {
					t.Fatalf("line %d cells wide: %q", displayWidth(ln), ln)
				}
			}
		}
	})
}
