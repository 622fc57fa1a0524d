package tui

import (
	"os"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
)

// TestReviewCapabilityFallsBackToTheObjective: a gap whose action names no
// capability shows its objective's, as the report's improvement plan does.
func TestReviewCapabilityFallsBackToTheObjective(t *testing.T) {
	data, err := os.ReadFile("testdata/drill.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Triage serves the "contain" objective (capability RS.MI) but names no
	// capability of its own.
	const triage = "expected: {weight: 2, within: 15m, after: phish,"
	if !strings.Contains(string(data), triage) {
		t.Fatal("drill.yaml changed: the triage action is not where the test expects it")
	}
	data = []byte(strings.Replace(string(data), triage, triage+" objective: contain,", 1))
	s, err := scenarios.Parse("drill.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	sess := newMemSession(t, s)
	app := New(Options{
		Scenario:      s,
		Start:         func(*scenarios.Scenario) (Session, error) { return sess, nil },
		MarkdownStyle: "ascii",
	})
	d := newDriver(t, app, 120, 36)
	d.keys("enter", "n", "E", "y", "enter") // start, phish, end: triage missed
	if app.Screen() != ScreenReview {
		t.Fatalf("screen = %v, want review", app.Screen())
	}

	plan := map[string]string{}
	for _, it := range scoring.BuildReport(&scoring.Session{Scenario: s, Events: sess.Events()}).Plan {
		plan[it.ActionID] = it.Capability
	}
	if plan["triage"] != "RS.MI" {
		t.Fatalf("report plan: triage capability %q, want RS.MI", plan["triage"])
	}
	for _, g := range app.review.gaps {
		if g.Capability != plan[g.Action] {
			t.Errorf("gap %s: review capability %q, report plan %q", g.Action, g.Capability, plan[g.Action])
		}
	}
	if v := app.View(); !strings.Contains(v, "capability RS.MI") {
		t.Errorf("review does not show triage's capability RS.MI:\n%s", v)
	}
}

// TestReviewSaysWhatIsBelowTheFold: at 80×24 the review has room for four
// of the drill's five gaps; it says one more is below, and once the cursor
// reaches the last, that one is above.
func TestReviewSaysWhatIsBelowTheFold(t *testing.T) {
	d, _ := newConsoleDriver(t, false, 80, 24)
	d.keys("n", "n", "down", "enter", "E", "y", "enter") // wipe (harmful), then end
	if d.app.Screen() != ScreenReview || len(d.app.review.gaps) != 5 {
		t.Fatalf("screen %v with %d gaps, want the review with 5", d.app.Screen(), len(d.app.review.gaps))
	}
	v := d.app.View()
	if !strings.Contains(v, "↓ 1 more below") || strings.Contains(v, "more above") {
		t.Errorf("first gap selected: want only “↓ 1 more below”:\n%s", v)
	}
	d.keys("down", "down", "down", "down")
	v = d.app.View()
	if !strings.Contains(v, "↑ 1 more above") || strings.Contains(v, "more below") {
		t.Errorf("last gap selected: want only “↑ 1 more above”:\n%s", v)
	}
	d.send(tea.WindowSizeMsg{Width: 120, Height: 40})
	if v := d.app.View(); strings.Contains(v, "more above") || strings.Contains(v, "more below") {
		t.Errorf("all five gaps fit at 120×40, yet:\n%s", v)
	}
}

// TestReviewFieldsShowTheirPlaceholders: the owner and due-date fields
// show their hints whole at 80×24 (the due date's read “YYY…”).
func TestReviewFieldsShowTheirPlaceholders(t *testing.T) {
	d, _ := newConsoleDriver(t, false, 80, 24)
	d.keys("n", "n", "down", "enter", "E", "y", "enter", "enter")
	if !d.app.review.editing {
		t.Fatal("enter did not open the owner and due date")
	}
	v := d.app.View()
	for _, want := range []string{"Owner: who will do it", "Due:   YYYY-MM-DD"} {
		if !strings.Contains(v, want) {
			t.Errorf("the review lacks %q whole:\n%s", want, v)
		}
	}
}
