package tui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// flat is the screen's text with frames and line breaks taken out, so that
// wrapped text can be looked for whole.
func flat(view string) string {
	view = regexp.MustCompile("[│┃║╭╮╰╯─━┏┓┗┛┌┐└┘]").ReplaceAllString(view, " ")
	return strings.Join(strings.Fields(view), " ")
}

// Every piece of feedback stays, in order and whole, in the coach pane,
// even at 80×24 where the status line cuts it.
func TestCoachPaneKeepsEveryFeedbackWhole(t *testing.T) {
	d, sess := newConsoleDriver(t, true, 80, 24)
	c := d.app.console
	d.keys("n", "n")        // phish, then the edr decision point
	d.keys("down", "enter") // wipe: harmful, with its why
	d.keys("t")
	d.typeText("Called the insurer")
	d.keys("enter")
	var want []string
	for _, ev := range sess.Events() {
		if ev.Kind == sim.KindDecision {
			want = append(want, feedbackOf(c.sc, sess.Events(), ev).Text)
		}
	}
	if len(want) != 2 || len(feedbackItems(c)) != 2 {
		t.Fatalf("%d decisions, %d feedback items", len(want), len(feedbackItems(c)))
	}
	d.keys("c")
	if !c.showCoach {
		t.Fatal("c did not open the coach pane")
	}
	view := flat(d.app.View())
	last := -1
	for _, w := range want {
		i := strings.Index(view, w)
		if i < 0 {
			t.Fatalf("coach pane lacks %q whole:\n%s", w, d.app.View())
		}
		if i < last {
			t.Errorf("feedback out of order")
		}
		last = i
	}
	d.keys("c")
	if c.showCoach || strings.Contains(flat(d.app.View()), "Coach feedback") {
		t.Error("c did not go back to the inject")
	}
}

// feedbackItems are the coach items about decisions (not score moves or hints).
func feedbackItems(c *console) []coachItem {
	var out []coachItem
	for _, it := range c.coachItems {
		if it.what != "Score" && it.what != "Hint" {
			out = append(out, it)
		}
	}
	return out
}

// The running score is "—" at the start, "so far" in play.
func TestCoachRunningScoreStartsEmpty(t *testing.T) {
	d, _ := newConsoleDriver(t, true, 120, 36)
	if v := d.app.View(); !strings.Contains(v, "Score —") {
		t.Fatalf("running score at the start is not —:\n%s", v)
	}
	d.keys("n") // phish arrives: triage becomes applicable, still open
	if v := d.app.View(); !strings.Contains(v, "Score —") {
		t.Fatalf("an inject's arrival moved the score:\n%s", v)
	}
}

// Resuming a coached session brings its feedback back.
func TestCoachPaneRestoredOnResume(t *testing.T) {
	d, sess := newConsoleDriver(t, true, 120, 36)
	d.keys("n", "n", "enter") // isolate
	app := New(Options{Resume: sess, Coach: true, MarkdownStyle: "ascii"})
	d2 := newDriver(t, app, 120, 36)
	if got := len(feedbackItems(app.console)); got != len(feedbackItems(d.app.console)) || got == 0 {
		t.Fatalf("resumed coach pane has %d feedback items, want %d", got, len(feedbackItems(d.app.console)))
	}
	d2.keys("c")
	if !strings.Contains(flat(app.View()), scenarios.SanitizeLine(d.app.console.coachItems[0].text)) {
		t.Fatal("resumed coach pane does not show the feedback")
	}
}

// In coach mode the review leads to the debrief, which compares the run
// with the ideal self-test, then to the results; without the coach it goes
// straight to the results.
func TestDebriefAfterReviewInCoachMode(t *testing.T) {
	for _, coach := range []bool{true, false} {
		d, _ := newConsoleDriver(t, coach, 100, 30)
		d.keys("n", "n", "down", "enter") // wipe: harmful
		d.keys("E", "y", "enter")         // end, review
		if d.app.Screen() != ScreenReview {
			t.Fatalf("coach=%v: screen %v, want review", coach, d.app.Screen())
		}
		d.keys("c")
		if !coach {
			if d.app.Screen() != ScreenResults {
				t.Errorf("without coach: screen %v, want results", d.app.Screen())
			}
			continue
		}
		if d.app.Screen() != ScreenDebrief {
			t.Fatalf("coach: screen %v, want debrief", d.app.Screen())
		}
		v := flat(d.app.View())
		for _, want := range []string{"Debrief", "ideal team", "Wipe the host right away", "you: taken at", "Why it is harmful: It destroys the evidence."} {
			if !strings.Contains(v, want) {
				t.Errorf("debrief lacks %q:\n%s", want, d.app.View())
			}
		}
		d.keys("c")
		if d.app.Screen() != ScreenResults {
			t.Errorf("c on the debrief: screen %v, want results", d.app.Screen())
		}
	}
}
