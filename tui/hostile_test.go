package tui

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// hostileMarkdown are the inputs of the reliability review that took the
// console to gigabytes (glamour's cost exponential in quote depth,
// quadratic in bracket runs and combining marks).
var hostileMarkdown = map[string]string{
	"300 nested >":              strings.Repeat(">", 300) + " x",
	"10,000 nested list items":  strings.Repeat("- ", 10_000) + "x",
	"100,000 [a]":               strings.Repeat("[a]", 100_000),
	"16,000 combining accents":  "a" + strings.Repeat("\u0301", 16_000),
	"4,000 nested brackets":     strings.Repeat("[", 4000) + "x" + strings.Repeat("]", 4000),
	"40,000-byte emphasis word": strings.Repeat("*a", 20_000),
}

// timedDriver is driver, timing each Update and View apart from the
// commands (which the Bubble Tea runtime runs off the UI loop).
type timedDriver struct {
	*driver
	slowestKey     time.Duration
	slowestKeyName string
}

func (d *timedDriver) press(k string) {
	msg := keyMsg(k)
	start := time.Now()
	_, cmd := d.app.Update(msg)
	_ = d.app.View()
	if took := time.Since(start); took > d.slowestKey {
		d.slowestKey, d.slowestKeyName = took, k
	}
	d.run(cmd)
	_ = d.app.View()
}

// TestHostileMarkdownIsBounded plays the console with each hostile input in
// the summary, an inject body and the facilitator notes, pressing keys that
// render each of them: every key is answered (Update and View) within 100 ms,
// every render (with its fallback) arrives within the command timeout, and
// the process's peak RSS stays under 300 MB.
func TestHostileMarkdownIsBounded(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("renders large hostile texts, and measures time and memory (not under -short or -race)")
	}
	for name, md := range hostileMarkdown {
		t.Run(name, func(t *testing.T) {
			s := loadDrill(t)
			s.Summary = md
			for i := range s.Injects {
				s.Injects[i].Body = md
				s.Injects[i].FacilitatorNotes = md
			}
			for _, style := range []string{"dark", "ascii"} {
				sess := newMemSession(t, s)
				app := New(Options{
					Scenario:      s,
					Start:         func(*scenarios.Scenario) (Session, error) { return sess, nil },
					MarkdownStyle: style,
				})
				start := time.Now()
				d := &timedDriver{driver: newDriver(t, app, 120, 40)}
				for _, k := range []string{"down", "up", "enter", "n", "f", "down", "down", "up", "tab", "tab", "n", "f", "f", "e", "x", "esc", "?", "esc"} {
					d.press(k)
				}
				d.send(tea.WindowSizeMsg{Width: 90, Height: 30})
				d.press("down")
				t.Logf("%s: slowest key %q %v, whole run %v", style, d.slowestKeyName, d.slowestKey, time.Since(start))
				if d.slowestKey > 100*time.Millisecond {
					t.Errorf("%s: key %q took %v", style, d.slowestKeyName, d.slowestKey)
				}
			}
		})
	}
	if rss := peakRSS(t); rss > 0 {
		t.Logf("peak RSS %d MB", rss>>20)
		if rss > 300<<20 {
			t.Errorf("peak RSS %d MB, over 300 MB", rss>>20)
		}
	}
}

// peakRSS is the process's peak resident set (VmHWM), 0 where unknown.
func peakRSS(t *testing.T) int64 {
	if runtime.GOOS != "linux" {
		return 0
	}
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// TestRenderFallsBackWithinItsBudget: a render that cannot finish in its
// budget gives the sanitised plain text.
func TestRenderFallsBackWithinItsBudget(t *testing.T) {
	md := "# Title\n\nsome *text* \x1b]52;c;aGk=\x07"
	start := time.Now()
	out := renderWithin("dark", md, 80, 0)
	if took := time.Since(start); took > time.Second {
		t.Errorf("fallback took %v", took)
	}
	if out != plainText(md) || strings.ContainsRune(out, 0x1b) {
		t.Errorf("fallback = %q", out)
	}
	if out := renderWithin("ascii", md, 80, 10*time.Second); out == plainText(md) {
		t.Error("a render within its budget fell back")
	}
}

// TestPasteLongerThanTheFieldSaysSo: the text field takes what the journal
// takes, and says so when a paste is cut.
func TestPasteLongerThanTheFieldSaysSo(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	d.keys("e")
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("x", 7000)), Paste: true})
	if v := d.app.View(); strings.Contains(v, "paste cut") {
		t.Error("a 7,000-character paste was said to be cut")
	}
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(strings.Repeat("y", sim.MaxTextLen)), Paste: true})
	if v := d.app.View(); !strings.Contains(v, "paste cut to 65536 characters") {
		t.Errorf("no word of the cut paste:\n%s", v)
	}
	d.keys("enter")
	notes := decisions(sess)
	if len(notes) != 1 || len(notes[0].Text) != sim.MaxTextLen || !strings.HasPrefix(notes[0].Text, strings.Repeat("x", 7000)+"y") {
		t.Fatalf("recorded %d notes, text of %d bytes", len(notes), len(notes[0].Text))
	}
}

// TestInputViewEscapesBidi: a pasted right-to-left override is shown
// escaped by the text field, and recorded as typed.
func TestInputViewEscapesBidi(t *testing.T) {
	d, sess := newConsoleDriver(t, false, 120, 36)
	d.keys("t")
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("abc\u202eevil\u200bx"), Paste: true})
	v := d.app.View()
	if strings.ContainsRune(v, 0x202e) || strings.ContainsRune(v, 0x200b) || !strings.Contains(v, `\u202e`) {
		t.Errorf("the field shows a raw bidi or invisible character:\n%q", v)
	}
	d.keys("enter")
	if got := decisions(sess); len(got) != 1 || got[0].Text != "abc\u202eevil\u200bx" {
		t.Errorf("recorded %+v", got)
	}
}

// TestDeletedSessionFolderIsSaidAtOnce deletes a real session's folder
// during play: the next clock tick says nothing is being saved, and a
// decision after it is not acknowledged.
func TestDeletedSessionFolderIsSaidAtOnce(t *testing.T) {
	s := loadDrill(t)
	dir := filepath.Join(t.TempDir(), "session")
	ss, err := sim.CreateSession(dir, s, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer ss.Close()
	app := New(Options{Scenario: s, Start: func(*scenarios.Scenario) (Session, error) { return NewSession(ss), nil }, MarkdownStyle: "ascii"})
	d := newDriver(t, app, 120, 36)
	d.keys("enter")
	c := d.app.console
	t0 := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	d.send(tickMsg{gen: c.tickGen, at: t0})
	d.send(tickMsg{gen: c.tickGen, at: t0.Add(5 * time.Second)})
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	d.send(tickMsg{gen: c.tickGen, at: t0.Add(10 * time.Second)})
	if v := d.app.View(); !strings.Contains(v, "NOTHING IS BEING SAVED") {
		t.Fatalf("no word of the lost journal after a tick:\n%s", v)
	}
	before := len(ss.Engine.Events())
	d.keys("t")
	d.typeText("after the delete")
	d.keys("enter")
	if v := d.app.View(); strings.Contains(v, "Recorded at") || !strings.Contains(v, "NOT recorded") {
		t.Errorf("a decision was acknowledged after the folder was deleted:\n%s", v)
	}
	if len(ss.Engine.Events()) != before {
		t.Error("the engine took an event that was not saved")
	}
}
