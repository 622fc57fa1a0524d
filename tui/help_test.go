package tui

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// screenState opens a screen in a state worth probing, on a fresh app.
type screenState struct {
	name   string
	screen Screen
	open   func(t testing.TB, w, h int) *driver
}

func pickerEntries(t testing.TB) []Entry {
	return []Entry{
		{Scenario: loadDrill(t), Source: "built-in"},
		{Source: "scenarios/broken.yaml", Err: errors.New("scenarios/broken.yaml:3:1: error: unknown key")},
	}
}

// memStart starts a session in memory.
func memStart(t testing.TB) func(*scenarios.Scenario) (Session, error) {
	return func(s *scenarios.Scenario) (Session, error) { return newMemSession(t, s), nil }
}

// consoleAt opens the console (coach mode or not) and presses keys.
func consoleAt(coach bool, keys ...string) func(t testing.TB, w, h int) *driver {
	return func(t testing.TB, w, h int) *driver {
		s := loadDrill(t)
		sess := washSession{newMemSession(t, s)}
		app := New(Options{Scenario: s, Start: func(*scenarios.Scenario) (Session, error) { return sess, nil },
			Coach: coach, MarkdownStyle: "ascii"})
		d := newDriver(t, app, 80, 24)
		d.keys("enter")
		d.keys(keys...)
		d.send(tea.WindowSizeMsg{Width: w, Height: h})
		return d
	}
}

// evalAt opens the console on a session that takes the evaluation (the
// ratings screen, observations, the exercise details) and presses keys.
func evalAt(keys ...string) func(t testing.TB, w, h int) *driver {
	return func(t testing.TB, w, h int) *driver {
		d, _ := newEvalDriver(t, 80, 24, sim.Setting{})
		d.keys(keys...)
		d.send(tea.WindowSizeMsg{Width: w, Height: h})
		return d
	}
}

var screenStates = []screenState{
	{"picker", ScreenPicker, func(t testing.TB, w, h int) *driver {
		return newDriver(t, New(Options{Entries: pickerEntries(t), MarkdownStyle: "ascii", Start: memStart(t)}), w, h)
	}},
	{"briefing", ScreenBriefing, func(t testing.TB, w, h int) *driver {
		d := newDriver(t, New(Options{Entries: pickerEntries(t), MarkdownStyle: "ascii", Start: memStart(t)}), 80, 24)
		d.keys("enter")
		d.send(tea.WindowSizeMsg{Width: w, Height: h})
		return d
	}},
	{"console", ScreenConsole, consoleAt(false, "n")},
	{"console actions", ScreenConsole, consoleAt(false, "n", "tab", "tab")},
	{"console log", ScreenConsole, consoleAt(false, "n", "tab", "tab", "enter", "down", "enter", "tab")},
	{"console coach", ScreenConsole, consoleAt(true, "n", "n", "esc")},
	{"console seats", ScreenConsole, func(t testing.TB, w, h int) *driver {
		d, _ := newSeatsConsole(t, (&fakeSeats{on: true}).info(), 80, 24)
		d.keys("n")
		d.send(tea.WindowSizeMsg{Width: w, Height: h})
		return d
	}},
	{"hot wash", ScreenHotWash, consoleAt(false, "n", "E", "y", "enter")},
	{"review", ScreenReview, consoleAt(false, "n", "n", "down", "enter", "E", "y", "enter", "c")},
	{"debrief", ScreenDebrief, consoleAt(true, "n", "n", "down", "enter", "E", "y", "enter", "c", "c")},
	{"ratings", ScreenRatings, evalAt("n", "E", "y", "enter", "c")},
	{"review with details", ScreenReview, evalAt("n", "E", "y", "enter", "c", "c")},
	{"results", ScreenResults, func(t testing.TB, w, h int) *driver {
		s := loadDrill(t)
		sess := newMemSession(t, s)
		sess.reports = []string{sess.dir + "/report.md"}
		app := New(Options{Scenario: s, Start: func(*scenarios.Scenario) (Session, error) { return sess, nil }, MarkdownStyle: "ascii"})
		d := newDriver(t, app, 80, 24)
		d.keys("enter", "n", "E", "y", "enter", "c")
		d.send(tea.WindowSizeMsg{Width: w, Height: h})
		return d
	}},
	{"error", ScreenError, func(t testing.TB, w, h int) *driver {
		app := New(Options{Scenario: loadDrill(t), MarkdownStyle: "ascii",
			Start: func(*scenarios.Scenario) (Session, error) { return nil, errors.New("data folder is read-only") }})
		d := newDriver(t, app, 80, 24)
		d.keys("enter")
		d.send(tea.WindowSizeMsg{Width: w, Height: h})
		return d
	}},
}

// probeKeys is every key a terminal can send that a screen might bind.
func probeKeys() []tea.KeyMsg {
	var ks []tea.KeyMsg
	for r := '!'; r <= '~'; r++ {
		ks = append(ks, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	for _, t := range []tea.KeyType{tea.KeySpace, tea.KeyEnter, tea.KeyTab, tea.KeyShiftTab, tea.KeyEsc, tea.KeyUp,
		tea.KeyDown, tea.KeyLeft, tea.KeyRight, tea.KeyPgUp, tea.KeyPgDown, tea.KeyHome, tea.KeyEnd,
		tea.KeyBackspace, tea.KeyDelete, tea.KeyCtrlC, tea.KeyCtrlD, tea.KeyCtrlU} {
		k := tea.KeyMsg{Type: t}
		if t == tea.KeySpace {
			k.Runes = []rune{' '}
		}
		ks = append(ks, k)
	}
	return ks
}

// probeSend gives the app a key and the messages its commands bring, a
// bounded number of them, each command given 200 ms: a text field's
// blinking cursor (the picker's filter) would go on for ever. It reports
// whether the app quit.
func probeSend(app *App, k tea.KeyMsg) bool {
	queue := []tea.Msg{k}
	for n := 0; len(queue) > 0 && n < 50; n++ {
		msg := queue[0]
		queue = queue[1:]
		_, cmd := app.Update(msg)
		cmds := []tea.Cmd{cmd}
		for len(cmds) > 0 {
			c := cmds[0]
			cmds = cmds[1:]
			if c == nil {
				continue
			}
			done := make(chan tea.Msg, 1)
			go func() { done <- c() }()
			select {
			case m := <-done:
				switch m := m.(type) {
				case nil:
				case tea.QuitMsg:
					return true
				case tea.BatchMsg:
					cmds = append(cmds, m...)
				default:
					queue = append(queue, m)
				}
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
	return false
}

// fullHelp is what ? shows on the screen the driver is on, and the
// bindings it is made of.
func fullHelp(t *testing.T, d *driver) (string, []key.Binding) {
	t.Helper()
	var groups [][]key.Binding
	if d.app.Screen() == ScreenConsole {
		groups = d.app.console.helpKeys().full
	} else {
		groups = d.app.helpKeys()
	}
	d.send(keyMsg("?"))
	v := d.app.View()
	if strings.Contains(v, "more") && strings.Contains(v, "scroll") {
		t.Fatalf("the help scrolls at this size; the probe needs it whole:\n%s", v)
	}
	var all []key.Binding
	for _, g := range groups {
		all = append(all, g...)
	}
	return v, all
}

// TestHelpListsEveryKey is the guarantee of `?`, per screen: every key
// that does something on the screen (it changes what the screen shows, or
// quits) is a binding of the screen's help, and that binding's entry (key
// and description) is in the help `?` shows. Every key a terminal sends is
// tried, each on a fresh screen.
func TestHelpListsEveryKey(t *testing.T) {
	const w, h = 200, 60
	for _, st := range screenStates {
		t.Run(st.name, func(t *testing.T) {
			d := st.open(t, w, h)
			if d.app.Screen() != st.screen {
				t.Fatalf("screen %v, want %v", d.app.Screen(), st.screen)
			}
			help, bindings := fullHelp(t, d)
			if !strings.Contains(help, "Keys") {
				t.Fatalf("? shows no help:\n%s", help)
			}
			entryShown := func(b key.Binding) bool {
				re := regexp.MustCompile(regexp.QuoteMeta(b.Help().Key) + `\s+` + regexp.QuoteMeta(b.Help().Desc))
				return re.MatchString(help)
			}
			for _, b := range bindings {
				if b.Enabled() && !entryShown(b) {
					t.Errorf("binding %q %q is enabled but not in the help:\n%s", b.Help().Key, b.Help().Desc, help)
				}
			}
			acted := 0
			for _, k := range probeKeys() {
				d := st.open(t, w, h)
				before, screen := d.app.View(), d.app.Screen()
				quit := probeSend(d.app, k)
				if d.app.View() == before && d.app.Screen() == screen && !quit {
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

// TestHelpAt80x24ShowsCtrlCWhole is the review's cut-off help entry.
func TestHelpAt80x24ShowsCtrlCWhole(t *testing.T) {
	for _, st := range screenStates {
		d := st.open(t, 80, 24)
		d.send(keyMsg("?"))
		v := d.app.View()
		if !regexp.MustCompile(`ctrl\+c\s+quit now \(session is saved\)`).MatchString(v) {
			t.Errorf("%s: the help at 80×24 lacks “ctrl+c  quit now (session is saved)” whole:\n%s", st.name, v)
		}
		checkView(t, d, 80, 24)
	}
}

// TestHelpScrollsWhenLongerThanTheWindow: at the console's minimum size
// the help says how much is below, scrolls to it, and closes with esc.
func TestHelpScrollsWhenLongerThanTheWindow(t *testing.T) {
	d := consoleAt(false, "n")(t, minConsoleWidth, minConsoleHeight)
	d.keys("?")
	v := d.app.View()
	if !regexp.MustCompile(`↓ \d+ more`).MatchString(v) || strings.Contains(v, "ctrl+c") {
		t.Fatalf("at %d×%d the help should end in “↓ N more” before ctrl+c:\n%s", minConsoleWidth, minConsoleHeight, v)
	}
	// Scrolling down shows every entry once, ctrl+c's among them.
	seen := v
	for i := 0; i < 100 && regexp.MustCompile(`↓ \d+ more`).MatchString(v); i++ {
		d.keys("down")
		v = d.app.View()
		seen += v
		checkView(t, d, minConsoleWidth, minConsoleHeight)
	}
	if !regexp.MustCompile(`ctrl\+c\s+quit now \(session is saved\)`).MatchString(seen) {
		t.Fatalf("scrolling never showed ctrl+c:\n%s", v)
	}
	if !regexp.MustCompile(`↑ \d+ more`).MatchString(v) {
		t.Fatalf("at the end the help does not say what is above:\n%s", v)
	}
	d.send(tea.KeyMsg{Type: tea.KeyHome})
	if !strings.Contains(d.app.View(), "space") {
		t.Fatalf("home did not go back to the top:\n%s", d.app.View())
	}
	d.keys("esc")
	if strings.Contains(d.app.View(), "Keys") {
		t.Fatal("esc did not close the help")
	}
}

// TestNoScreenOverflowsTheWindow draws every screen at sizes from 1×1 up:
// no view has more lines than the terminal or a line wider than it, and
// below a screen's minimum the view says the terminal is too small and
// what it needs.
func TestNoScreenOverflowsTheWindow(t *testing.T) {
	var sizes [][2]int
	for w := 1; w <= 100; w += 3 {
		for _, h := range []int{1, 2, 5, 9, 10, 15, 16, 24} {
			sizes = append(sizes, [2]int{w, h})
		}
	}
	for h := 1; h <= 64; h += 3 {
		for _, w := range []int{1, 20, 39, 40, 59, 60, 80, 120, 200} {
			sizes = append(sizes, [2]int{w, h})
		}
	}
	sizes = append(sizes, [2]int{20, 6}, [2]int{59, 16}, [2]int{60, 15}, [2]int{250, 80})
	for _, st := range screenStates {
		t.Run(st.name, func(t *testing.T) {
			d := st.open(t, 80, 24)
			minW, minH := minSize(st.screen)
			for _, sz := range sizes {
				w, h := sz[0], sz[1]
				d.send(tea.WindowSizeMsg{Width: w, Height: h})
				for _, helpOpen := range []bool{false, true} {
					if helpOpen {
						d.keys("?")
					}
					v := d.app.View()
					lines := strings.Split(v, "\n")
					if len(lines) > h {
						t.Fatalf("%d×%d (help %v): %d lines:\n%s", w, h, helpOpen, len(lines), v)
					}
					for i, ln := range lines {
						if n := displayWidth(ln); n > w {
							t.Fatalf("%d×%d (help %v): line %d is %d cells: %q", w, h, helpOpen, i+1, n, ln)
						}
					}
					small := w < minW || h < minH
					want := fmt.Sprintf("terminal too small: need %d×%d, have %d×%d", minW, minH, w, h)
					if small && w >= 20 && h >= 6 && !strings.Contains(strings.Join(strings.Fields(v), " "), want) {
						t.Fatalf("%d×%d: want %q, got:\n%s", w, h, want, v)
					}
					if !small && strings.Contains(v, "terminal too small") {
						t.Fatalf("%d×%d is large enough, yet:\n%s", w, h, v)
					}
					if helpOpen && !small {
						d.keys("esc")
					}
				}
			}
		})
	}
}

// TestTooSmallIgnoresKeys: below the minimum nothing is done blind; ctrl+c
// still quits, and the screen comes back as it was once the terminal is
// large enough.
func TestTooSmallIgnoresKeys(t *testing.T) {
	d := consoleAt(false, "n")(t, 20, 6)
	before := len(d.app.Session().Events())
	d.keys("tab", "tab", "enter", "space", "E", "y", "q", "y")
	if n := len(d.app.Session().Events()); n != before || d.quit {
		t.Fatalf("keys acted while the terminal was too small: %d events (was %d), quit %v", n, before, d.quit)
	}
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if v := d.app.View(); !strings.Contains(v, "Injects") || d.app.console.modal != modalNone {
		t.Fatalf("the console did not come back as it was:\n%s", v)
	}
	d.send(tea.WindowSizeMsg{Width: 20, Height: 6})
	d.keys("ctrl+c")
	if !d.quit {
		t.Fatal("ctrl+c did not quit while the terminal was too small")
	}
}
