package tui

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
	"github.com/ttx-sim/ttx/scoring"
)

// coachRun plays a trainee's run of the drill in coach mode, with a met, a
// late, a harmful and a free-text decision, ends it and goes through the
// review to the debrief.
func coachRun(t *testing.T, w, h int) (*driver, *memSession) {
	t.Helper()
	d, sess := newConsoleDriver(t, true, w, h)
	d.keys("n", "tab", "tab", "enter") // triage, on time
	d.keys("n", "down", "enter")       // wipe: harmful
	d.keys("t")
	d.typeText("Called the insurer")
	d.keys("enter")
	d.keys("E", "y", "enter", "c") // end, review, debrief
	if d.app.Screen() != ScreenDebrief {
		t.Fatalf("screen %v, want debrief", d.app.Screen())
	}
	return d, sess
}

// The debrief and the coach pane at 80×24: nothing wider or taller than the
// terminal, long labels and whys wrapped, not cut.
func TestCoachGolden(t *testing.T) {
	t.Run("debrief_80x24", func(t *testing.T) {
		d, _ := coachRun(t, 80, 24)
		checkView(t, d, 80, 24)
		golden.RequireEqual(t, []byte(d.app.View()))
	})
	t.Run("coach_80x24", func(t *testing.T) {
		d, _ := newConsoleDriver(t, true, 80, 24)
		d.keys("n", "tab", "tab", "enter", "n", "down", "enter")
		d.keys("t")
		d.typeText("Called the insurer")
		d.keys("enter", "c")
		checkView(t, d, 80, 24)
		golden.RequireEqual(t, []byte(d.app.View()))
	})
}

var (
	debriefRowRe  = regexp.MustCompile(`^(✗ |  )(.+) \(([^()]+)\)$`)
	debriefYouRe  = regexp.MustCompile(`^    you: (.+) · ideal: (.+)$`)
	reportTableRe = regexp.MustCompile(`^\| (.+) \| (.+) \| (.+) \| (.+) \| (.+) \|$`)
)

// The debrief screen and the "Compared with the ideal path" section of the
// after-action report of the same practice run list the same rows, in the
// same order, with the same outcomes, advice and consequences.
func TestDebriefMatchesTheReportComparison(t *testing.T) {
	d, sess := coachRun(t, 120, 36)
	db := d.app.debrief
	if !db.ready || !db.ok {
		t.Fatal("debrief not built")
	}
	// The screen's rows, from its unwrapped text.
	var screen []string
	lines := strings.Split(db.content(0), "\n")
	for i := 0; i < len(lines); i++ {
		m := debriefRowRe.FindStringSubmatch(lines[i])
		if m == nil || i+1 >= len(lines) {
			continue
		}
		y := debriefYouRe.FindStringSubmatch(lines[i+1])
		if y == nil {
			continue
		}
		advice := "—"
		if i+2 < len(lines) && strings.HasPrefix(lines[i+2], "    ") && !debriefRowRe.MatchString(lines[i+2]) {
			advice = strings.TrimSpace(lines[i+2])
		}
		screen = append(screen, fmt.Sprintf("%s | %s | %s | %s | %s", m[2], m[3], y[1], y[2], advice))
	}
	// The report's rows.
	var buf bytes.Buffer
	if err := scoring.WriteReport(&buf, scoring.FormatMarkdown, []*scoring.Session{{Scenario: sess.Scenario(), Events: sess.Events(), Practice: true}}); err != nil {
		t.Fatal(err)
	}
	report := buf.String()
	start := strings.Index(report, "## Compared with the ideal path")
	if start < 0 {
		t.Fatal("the report of a practice run has no comparison")
	}
	section := report[start:]
	if end := strings.Index(section[1:], "\n## "); end >= 0 {
		section = section[:end+1]
	}
	var aar []string
	for _, ln := range strings.Split(section, "\n") {
		if m := reportTableRe.FindStringSubmatch(ln); m != nil && m[1] != "Action" && !strings.HasPrefix(m[1], "---") {
			aar = append(aar, strings.Join(m[1:], " | "))
		}
	}
	if len(screen) == 0 || len(screen) != len(db.d.Rows) {
		t.Fatalf("debrief screen shows %d rows, the comparison has %d:\n%s", len(screen), len(db.d.Rows), db.content(0))
	}
	if strings.Join(screen, "\n") != strings.Join(aar, "\n") {
		t.Errorf("debrief screen and report differ\nscreen:\n%s\nreport:\n%s", strings.Join(screen, "\n"), strings.Join(aar, "\n"))
	}
	gaps := 0
	for _, r := range db.d.Rows {
		if r.Gap {
			gaps++
		}
	}
	if gaps == 0 || gaps == len(db.d.Rows) {
		t.Errorf("%d gaps of %d rows: the run should be neither ideal nor all wrong", gaps, len(db.d.Rows))
	}
	for _, c := range db.d.Consequences {
		if !strings.Contains(db.content(0), c.Title) || !strings.Contains(section, c.Title) {
			t.Errorf("consequence %q not on both", c.Title)
		}
	}
}

// A long label or recommendation wraps with its continuation lines indented
// under the text, never cut.
func TestDebriefHangingWrap(t *testing.T) {
	got := hanging("    ", "Recommendation: Keep every bank-detail change request attached to the vendor record.", 40)
	want := "    Recommendation: Keep every bank-\n    detail change request attached to\n    the vendor record."
	if got != want {
		t.Errorf("hanging:\n%q\nwant\n%q", got, want)
	}
	if got := hanging("✗ ", "short", 0); got != "✗ short" {
		t.Errorf("no width: %q", got)
	}
}
