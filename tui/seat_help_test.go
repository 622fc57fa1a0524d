package tui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/sim"
)

// seatState opens a seat screen in a state worth probing.
type seatState struct {
	name   string
	screen seatScreen
	open   func(t testing.TB, w, h int) *seatDriver
}

// seatAt joins role on a session with every inject delivered and a
// decision recorded, and presses keys.
func seatAt(role string, keys ...string) func(t testing.TB, w, h int) *seatDriver {
	return func(t testing.TB, w, h int) *seatDriver {
		sess := newMemSession(t, loadSeats(t))
		d := joined(t, sess, "sam", role, w, h)
		deliverAll(t, sess)
		if _, err := sess.Record(scenariosDecision("coffee", "", "comms", "Kim")); err != nil {
			t.Fatal(err)
		}
		d.events()
		d.keys(keys...)
		return d
	}
}

var seatStates = []seatState{
	{"participant", seatPlaying, seatAt("soc")},
	{"participant actions", seatPlaying, seatAt("soc", "tab", "tab")},
	{"participant log", seatPlaying, seatAt("soc", "tab", "tab", "tab")},
	{"participant ended", seatPlaying, func(t testing.TB, w, h int) *seatDriver {
		d := seatAt("comms")(t, w, h)
		if _, err := d.seat.clk.End(); err != nil {
			t.Fatal(err)
		}
		d.events()
		d.keys("esc") // the form, skipped
		return d
	}},
	{"wall", seatWall, seatAt(sim.RoleWall)},
	{"feedback form", seatFeedback, func(t testing.TB, w, h int) *seatDriver {
		d := seatAt("soc")(t, w, h)
		if _, err := d.seat.clk.End(); err != nil {
			t.Fatal(err)
		}
		d.events()
		return d
	}},
}

// seatHelp is what ? shows on the seat's screen, and the bindings it is
// made of.
func seatHelp(t *testing.T, d *seatDriver) (string, []key.Binding) {
	t.Helper()
	groups := d.seat.helpKeys().full
	d.keys("?")
	v := d.view()
	if strings.Contains(v, "more") && strings.Contains(v, "scroll") {
		t.Fatalf("the help scrolls at this size; the probe needs it whole:\n%s", v)
	}
	var all []key.Binding
	for _, g := range groups {
		all = append(all, g...)
	}
	return v, all
}

// TestSeatHelpShowsEveryKeyThatActs is TestHelpListsEveryKey for the
// seat's screens: every key a terminal sends is tried on a fresh screen;
// each that does something (changes what the screen shows, or leaves) is
// a binding of the screen's help, and that binding's entry is in the box
// `?` opens. Every binding is listed, those that do nothing now under
// "Not available right now".
func TestSeatHelpShowsEveryKeyThatActs(t *testing.T) {
	const w, h = 200, 60
	for _, st := range seatStates {
		t.Run(st.name, func(t *testing.T) {
			d := st.open(t, w, h)
			if d.seat.screen != st.screen {
				t.Fatalf("screen %v, want %v", d.seat.screen, st.screen)
			}
			help, bindings := seatHelp(t, d)
			if !strings.Contains(help, "Keys · esc closes") {
				t.Fatalf("? shows no keys box:\n%s", help)
			}
			entryShown := func(b key.Binding) bool {
				re := regexp.MustCompile(regexp.QuoteMeta(b.Help().Key) + `\s+` + regexp.QuoteMeta(b.Help().Desc))
				return re.MatchString(help)
			}
			off := 0
			for _, b := range bindings {
				if !entryShown(b) {
					t.Errorf("binding %q %q is not in the help:\n%s", b.Help().Key, b.Help().Desc, help)
				}
				if !b.Enabled() {
					off++
				}
			}
			if got := strings.Contains(help, "Not available right now:"); got != (off > 0) {
				t.Errorf("%d bindings not available, yet “Not available right now” shown: %v:\n%s", off, got, help)
			}
			acted := 0
			for _, k := range probeKeys() {
				d := st.open(t, w, h)
				before, screen := d.view(), d.seat.screen
				d.send(k)
				if d.view() == before && d.seat.screen == screen && !d.quit {
					continue
				}
				acted++
				var match *key.Binding
				for i := range bindings {
					if key.Matches(k, bindings[i]) {
						match = &bindings[i]
						break
					}
				}
				switch {
				case match == nil:
					t.Errorf("key %q does something but no binding of the help matches it", k.String())
				case !entryShown(*match):
					t.Errorf("key %q (%s %s) does something but its entry is not in the help:\n%s", k.String(), match.Help().Key, match.Help().Desc, help)
				}
			}
			if acted < 3 {
				t.Errorf("only %d keys did anything: the probe proves nothing", acted)
			}
		})
	}
}

// TestSeatHelpSplitsWhatIsNotAvailable: in the first phase [ (earlier
// phase) does nothing, so ? lists it under "Not available right now"; in
// the last phase it is available and ] is not.
func TestSeatHelpSplitsWhatIsNotAvailable(t *testing.T) {
	d := seatAt("soc")(t, 120, 36)
	d.keys("?")
	v := d.view()
	_, below, ok := strings.Cut(v, "Not available right now:")
	if !ok || !regexp.MustCompile(`\[\s+previous phase's actions`).MatchString(below) || regexp.MustCompile(`\]\s+`).MatchString(below) {
		t.Fatalf("in the first phase [ should be under “Not available right now”, ] above it:\n%s", v)
	}
	d.keys("esc", "]", "?")
	v = d.view()
	_, below, _ = strings.Cut(v, "Not available right now:")
	if !regexp.MustCompile(`\]\s+next phase's actions`).MatchString(below) || strings.Contains(below, "previous phase's actions") {
		t.Fatalf("in the last phase ] should be the one not available:\n%s", v)
	}
}

// TestSeatHelpAt80x24ShowsCtrlCWhole: on every seat screen the help at
// 80×24 shows the leave-now entry whole, and fits.
func TestSeatHelpAt80x24ShowsCtrlCWhole(t *testing.T) {
	for _, st := range seatStates {
		d := st.open(t, 80, 24)
		d.keys("?")
		v := d.view()
		if !regexp.MustCompile(`ctrl\+c\s+leave now \(you can rejoin\)`).MatchString(v) {
			t.Errorf("%s: the help at 80×24 lacks “ctrl+c  leave now (you can rejoin)” whole:\n%s", st.name, v)
		}
		checkSeatView(t, v, 80, 24)
	}
}

// TestSeatHelpScrollsWhenLongerThanTheWindow: at the seat's minimum size
// the participant's help says how much is below, scrolls to every entry,
// and closes with esc; no key reaches the screen below meanwhile.
func TestSeatHelpScrollsWhenLongerThanTheWindow(t *testing.T) {
	for _, st := range seatStates {
		t.Run(st.name, func(t *testing.T) {
			d := st.open(t, seatMinWidth, seatMinHeight)
			d.keys("?")
			v := d.view()
			more := regexp.MustCompile(`↓ \d+ more`)
			if !more.MatchString(v) || strings.Contains(v, "ctrl+c") {
				t.Fatalf("at %d×%d the help should end in “↓ N more” before ctrl+c:\n%s", seatMinWidth, seatMinHeight, v)
			}
			seen := v
			for i := 0; i < 100 && more.MatchString(v); i++ {
				d.keys("down")
				v = d.view()
				seen += v
				checkSeatView(t, v, seatMinWidth, seatMinHeight)
			}
			if !regexp.MustCompile(`ctrl\+c\s+leave now`).MatchString(seen) {
				t.Fatalf("scrolling never showed ctrl+c:\n%s", v)
			}
			if !regexp.MustCompile(`↑ \d+ more`).MatchString(v) {
				t.Fatalf("at the end the help does not say what is above:\n%s", v)
			}
			d.send(tea.KeyMsg{Type: tea.KeyHome})
			if regexp.MustCompile(`↑ \d+ more`).MatchString(d.view()) {
				t.Fatalf("home did not go back to the top:\n%s", d.view())
			}
			d.keys("q") // closes the help, does not leave
			if d.quit || d.seat.modal != seatModalNone || strings.Contains(d.view(), "Keys ·") {
				t.Fatalf("q did not just close the help: quit %v, modal %v", d.quit, d.seat.modal)
			}
		})
	}
}
