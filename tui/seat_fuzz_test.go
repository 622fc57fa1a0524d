package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/sim"
)

// TestSeatTooSmall: below 40×12 every seat screen says so within the
// terminal instead of overflowing it.
func TestSeatTooSmall(t *testing.T) {
	for _, role := range []string{"", "soc", sim.RoleWall} {
		for _, sz := range [][2]int{{39, 30}, {120, 11}, {20, 6}, {1, 1}, {0, 0}, {seatMinWidth, seatMinHeight}} {
			sess := newMemSession(t, loadSeats(t))
			var d *seatDriver
			if role == "" {
				d = newSeatDriver(t, sess, "sam", "", 120, 36)
			} else {
				d = joined(t, sess, "sam", role, 120, 36)
				deliverAll(t, sess)
				d.events()
			}
			d.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			v := d.view()
			checkSeatView(t, v, sz[0], sz[1])
			small := sz[0] < seatMinWidth || sz[1] < seatMinHeight
			if said := strings.Contains(v, "Terminal too small") || strings.Contains(v, "Termina"); small && sz[0] >= 8 && sz[1] >= 1 && !said {
				t.Errorf("%s at %dx%d does not say it is too small:\n%s", role, sz[0], sz[1], v)
			} else if !small && said {
				t.Errorf("%s at %dx%d says too small", role, sz[0], sz[1])
			}
		}
	}
}

// TestSeatFitsEverySize draws each seat screen at sizes from the minimum
// to 10,000 columns: every line fits, and the view never grows past the
// drawn maximum.
func TestSeatFitsEverySize(t *testing.T) {
	sizes := [][2]int{{40, 12}, {41, 13}, {69, 20}, {70, 24}, {80, 24}, {120, 36}, {149, 40}, {150, 40}, {200, 60}, {600, 300}, {10000, 1000}}
	for _, role := range []string{"", "soc", "comms", sim.RoleWall} {
		sess := newMemSession(t, loadSeats(t))
		var d *seatDriver
		if role == "" {
			d = newSeatDriver(t, sess, "sam", "", 80, 24)
		} else {
			d = joined(t, sess, "sam", role, 80, 24)
			deliverAll(t, sess)
			d.keys("t")
			d.typeText(strings.Repeat("a long decision that wraps ", 20))
			d.keys("enter")
			d.events()
		}
		for _, sz := range sizes {
			d.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			for _, k := range []string{"", "tab", "tab", "tab", "?"} {
				if k != "" {
					d.keys(k)
				}
				v := d.view()
				checkSeatView(t, v, sz[0], sz[1])
				if n := strings.Count(v, "\n") + 1; n > seatMaxHeight {
					t.Errorf("%s %dx%d: %d lines", role, sz[0], sz[1], n)
				}
			}
			d.keys("esc")
		}
	}
}

// FuzzSeatInput feeds a seat arbitrary keys, resize storms and hostile
// names and texts: it never panics, and its view always fits the
// terminal.
func FuzzSeatInput(f *testing.F) {
	f.Add("alice", "jjj\x00tq", uint16(80), uint16(24), "body")
	f.Add("\x1b[2J\u202eevil", "\t\t\rtcall\r", uint16(10000), uint16(1000), "\x1b]52;c;AAAA\a")
	f.Add(strings.Repeat("名", 100), "j\rt"+strings.Repeat("x", 300)+"\re\rnote\r", uint16(39), uint16(11), "| a | b |\n|---|---|\n| c | d |")
	f.Add("wall", "kkkk\r??\x1b", uint16(0), uint16(0), "# h\n\n> quote")
	f.Fuzz(func(t *testing.T, name, keys string, w, h uint16, body string) {
		width, height := int(w)%10001, int(h)%1001
		sc := loadSeats(t)
		sc.Injects[2].Body = body
		sess := newMemSession(t, sc)
		m := NewSeat(SeatOptions{Session: sess, Name: name, Role: name, Via: sim.ViaCode, Renderer: asciiRenderer(), Width: width, Height: height})
		s := quiet(m.(*seat))
		d := &seatDriver{t: t, seat: s}
		check := func() {
			v := s.View()
			lines := strings.Split(v, "\n")
			if len(lines) > max(height, 1) {
				t.Fatalf("%d lines at %dx%d", len(lines), width, height)
			}
			for _, ln := range lines {
				if n := displayWidth(ln); n > width {
					t.Fatalf("a line of %d cells at %dx%d: %q", n, width, height, ln)
				}
			}
		}
		check()
		for i, r := range keys {
			if d.quit {
				break
			}
			switch {
			case i == 3:
				if _, err := sess.clk.Next(); err == nil {
					d.events()
				}
				_, _ = sess.AdHoc(strings.ReplaceAll(name, "\n", " ")+" ad hoc", body, nil)
				d.events()
			case i%7 == 6:
				// A resize storm: sizes derived from the input.
				width, height = (width*31+int(r))%10001, (height*17+int(r))%1001
				d.send(tea.WindowSizeMsg{Width: width, Height: height})
			}
			switch r {
			case '\r':
				d.keys("enter")
			case '\t':
				d.keys("tab")
			case 0x1b:
				d.keys("esc")
			case 0:
				d.send(burst(keys))
			default:
				d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			}
			check()
		}
		if i := len(keys) % 3; i == 0 {
			_, _ = sess.clk.End()
			d.events()
			check()
		}
	})
}

// TestSeatNarrowShowsFocusedPane: on a small terminal tab goes through the
// panes one at a time, each with its whole height.
func TestSeatNarrowShowsFocusedPane(t *testing.T) {
	sess := newMemSession(t, loadSeats(t))
	d := joined(t, sess, "sam", "soc", 40, 12)
	deliverAll(t, sess)
	d.events()
	for _, want := range []string{"Injects (", "Inject", "Actions", "Decision log"} {
		v := d.view()
		checkSeatView(t, v, 40, 12)
		if !strings.Contains(v, "▸ "+want) {
			t.Errorf("focus %v: the pane shown is not %q:\n%s", d.seat.focus, want, v)
		}
		d.keys("tab")
	}
	d.keys("tab") // the inject: its body has the room
	if v := d.view(); !strings.Contains(v, "The building loses power") {
		t.Errorf("the inject's body does not show at 40×12:\n%s", v)
	}
}
