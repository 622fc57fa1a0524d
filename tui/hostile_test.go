package tui

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"slices"
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
	"300 nested >":             strings.Repeat(">", 300) + " x",
	"10,000 nested list items": strings.Repeat("- ", 10_000) + "x",
	"100,000 [a]":              strings.Repeat("[a]", 100_000),
	"16,000 combining accents": "a" + strings.Repeat("\u0301", 16_000),
}

// timedDriver is driver, timing each Update and View apart from the
// commands (which the Bubble Tea runtime runs off the UI loop).
type timedDriver struct {
	*driver
	took []time.Duration // per key pressed
}

func (d *timedDriver) press(k string) {
	msg := keyMsg(k)
	start := time.Now()
	_, cmd := d.app.Update(msg)
	_ = d.app.View()
	d.took = append(d.took, time.Since(start))
	d.run(cmd)
	_ = d.app.View()
}

var hostileKeys = []string{"down", "up", "enter", "n", "f", "down", "down", "up", "tab", "tab", "n", "f", "f", "e", "x", "esc", "?", "esc"}

// playHostile plays the keys once on a fresh console and returns the time
// each key took.
func playHostile(t testing.TB, s *scenarios.Scenario, style string) []time.Duration {
	sess := newMemSession(t, s)
	app := New(Options{
		Scenario:      s,
		Start:         func(*scenarios.Scenario) (Session, error) { return sess, nil },
		MarkdownStyle: style,
	})
	d := &timedDriver{driver: newDriver(t, app, 120, 40)}
	for _, k := range hostileKeys {
		d.press(k)
	}
	d.send(tea.WindowSizeMsg{Width: 90, Height: 30})
	d.press("down")
	return d.took
}

// TestHostileMarkdownIsBounded plays the console with each hostile input in
// the summary, an inject body and the facilitator notes, pressing keys that
// render each of them: every key is answered (Update and View) within 100 ms,
// every render (with its fallback) arrives within the command timeout, and
// the process's peak RSS stays under 300 MB. A key over 100 ms is measured
// again (up to three plays, the fastest of each key counting), so that a
// machine busy with other work does not fail it; a key slow every time does.
//
// The 100 ms per key is asserted only with TTX_TIMING=1 (CI's quiet machine,
// a release check): on a laptop busy with other work a wall-clock bound is
// noise, so `go test ./...` logs the times and asserts memory only.
// BenchmarkHostileConsole measures the same keys as a benchmark.
func TestHostileMarkdownIsBounded(t *testing.T) {
	strictTiming := os.Getenv("TTX_TIMING") == "1"
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
				var best []time.Duration
				for play := 0; play < 3; play++ {
					took := playHostile(t, s, style)
					if best == nil {
						best = took
					}
					for i := range took {
						best[i] = min(best[i], took[i])
					}
					if slices.Max(best) <= 100*time.Millisecond {
						break
					}
				}
				i := slices.Index(best, slices.Max(best))
				key := "down"
				if i < len(hostileKeys) {
					key = hostileKeys[i]
				}
				t.Logf("%s: slowest key %q %v", style, key, best[i])
				if strictTiming && best[i] > 100*time.Millisecond {
					t.Errorf("%s: key %q took %v", style, key, best[i])
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
	out := renderWithin(mdLook{style: "dark"}, md, 80, 0)
	if took := time.Since(start); took > time.Second {
		t.Errorf("fallback took %v", took)
	}
	if out != plainText(md) || strings.ContainsRune(out, 0x1b) {
		t.Errorf("fallback = %q", out)
	}
	if out := renderWithin(mdLook{style: "ascii"}, md, 80, 10*time.Second); out == plainText(md) {
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
	d.send(tickMsg{gen: c.tickGen})
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	d.send(tickMsg{gen: c.tickGen})
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

// BenchmarkHostileConsole plays the hostile keys of TestHostileMarkdownIsBounded
// on each hostile input and reports the slowest key (Update and View) of
// each play, in ms: the budget is 100.
func BenchmarkHostileConsole(b *testing.B) {
	for name, md := range hostileMarkdown {
		b.Run(name, func(b *testing.B) {
			s := loadDrill(b)
			s.Summary = md
			for i := range s.Injects {
				s.Injects[i].Body = md
				s.Injects[i].FacilitatorNotes = md
			}
			var slowest time.Duration
			for b.Loop() {
				slowest = max(slowest, slices.Max(playHostile(b, s, "dark")))
			}
			b.ReportMetric(float64(slowest)/float64(time.Millisecond), "ms-slowest-key")
		})
	}
}
