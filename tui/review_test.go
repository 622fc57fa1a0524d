package tui

import (
	"os"
	"strings"
	"testing"

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
