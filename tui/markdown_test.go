package tui

import (
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/ttx-sim/ttx/sim"
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

// profileRenderer is a seat renderer of profile on a dark background (as
// wish's MakeRenderer makes for a 256-colour, 16-colour or NO_COLOR
// terminal).
func profileRenderer(p termenv.Profile) *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(p)
	r.SetHasDarkBackground(true)
	return r
}

// TestSeatMarkdownFollowsItsColourProfile renders the same inject body on
// seats of each colour profile: true colour gets 24-bit codes, a
// 256-colour seat 256-colour codes and never 24-bit ones, a 16-colour seat
// only the 16 colours, a seat without colours no escape at all.
func TestSeatMarkdownFollowsItsColourProfile(t *testing.T) {
	body := "# Ransom note\n\nFiles are **encrypted**; see [the wiki](https://wiki.example/ir) and `C:\\ransom.txt`.\n\n> Pay within 48 hours.\n\n```sh\nrm -rf /backups\n```\n\n- one\n- two\n"
	sgr := regexp.MustCompile(`\x1b\[([0-9;]*)m`)
	for _, tc := range []struct {
		profile termenv.Profile
		want    string         // a code the render must hold
		never   *regexp.Regexp // codes it must not hold
	}{
		{termenv.TrueColor, "38;5;", nil}, // glamour's styles are in the 256 colours
		{termenv.ANSI256, "38;5;", regexp.MustCompile(`[34]8;2;`)},
		{termenv.ANSI, "", regexp.MustCompile(`[34]8;[25];`)},
		{termenv.Ascii, "", regexp.MustCompile(`\x1b`)},
	} {
		t.Run(tc.profile.Name(), func(t *testing.T) {
			s := loadSeats(t)
			s.Injects[2].Body = body
			sess := newMemSession(t, s)
			m := NewSeat(SeatOptions{Session: sess, Name: "sam", Role: "soc", Via: sim.ViaKey, Renderer: profileRenderer(tc.profile)})
			d := &seatDriver{t: t, seat: quiet(m.(*seat))}
			d.send(tea.WindowSizeMsg{Width: 120, Height: 36})
			d.keys("enter")
			deliverAll(t, sess)
			d.events()
			d.run(d.seat.selectItem(slices.IndexFunc(d.seat.feed.items, func(it feedItem) bool { return it.inject == 2 })))
			out, ok := d.seat.inject.rendered.get("body:all", d.seat.inject.vp.Width)
			if !ok {
				t.Fatal("the body was not rendered")
			}
			if !strings.Contains(ansi.Strip(out), "encrypted") || !strings.Contains(ansi.Strip(d.view()), "encrypted") {
				t.Fatalf("the render lacks the body:\n%s", out)
			}
			if tc.want != "" && !strings.Contains(out, tc.want) {
				t.Errorf("no %q code in the render:\n%q", tc.want, out)
			}
			if tc.never != nil {
				if m := tc.never.FindString(out); m != "" {
					t.Errorf("the render holds %q:\n%q", m, out)
				}
				if m := tc.never.FindString(d.view()); m != "" {
					t.Errorf("the screen holds %q:\n%q", m, d.view())
				}
				// Whatever the style: the profile bounds the codes.
				for _, style := range []string{"dark", "light"} {
					if m := tc.never.FindString(glamourRender(mdLook{style, tc.profile}, body, 80)); m != "" {
						t.Errorf("style %s: the render holds %q", style, m)
					}
				}
			}
			if tc.profile == termenv.ANSI {
				// Only the 16 colours (30–37, 90–97 and their backgrounds).
				colours := 0
				for _, m := range sgr.FindAllStringSubmatch(out, -1) {
					for p := range strings.SplitSeq(m[1], ";") {
						if n, err := strconv.Atoi(p); err == nil && (n >= 30 && n <= 49 || n >= 90 && n <= 107) {
							if n == 38 || n == 48 {
								t.Errorf("an extended colour in a 16-colour render: %q", m[0])
							}
							colours++
						}
					}
				}
				if colours == 0 {
					t.Errorf("a 16-colour seat got no colour at all:\n%q", out)
				}
			}
		})
	}
}
