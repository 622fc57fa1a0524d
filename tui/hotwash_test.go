package tui

import (
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// washSession is a memSession that journals the hot wash, as the engine's
// session does.
type washSession struct{ *memSession }

func (w washSession) HotWash(objective, typ, text string) error {
	_, err := w.e.Evaluate(sim.Event{Kind: sim.KindHotWash, Objective: objective, Type: typ, Text: text})
	return err
}

func TestHotWash(t *testing.T) {
	s := loadDrill(t)
	sess := washSession{newMemSession(t, s)}
	app := New(Options{Scenario: s, Start: func(*scenarios.Scenario) (Session, error) { return sess, nil }, MarkdownStyle: "ascii"})
	d := newDriver(t, app, 100, 30)
	d.keys("enter", "E", "y", "enter") // start, end at once, to the review…
	if app.Screen() != ScreenHotWash {
		t.Fatalf("screen = %v, want the hot wash before the review", app.Screen())
	}
	view := app.View()
	for _, o := range s.Objectives {
		if !strings.Contains(view, o.Text) {
			t.Errorf("hot wash lacks objective %q", o.Text)
		}
	}
	if !strings.Contains(view, "The exercise as a whole") {
		t.Error("no row for the exercise as a whole")
	}
	d.keys("s", "enter") // empty: refused
	if !strings.Contains(app.View(), "Type what the team said") {
		t.Error("an empty note was not refused")
	}
	d.keys("esc", "s")
	d.typeText("We knew who to call")
	d.keys("enter", "j", "a")
	d.typeText("Legal came late")
	d.keys("enter")
	view = app.View()
	if !strings.Contains(view, "+ We knew who to call") || !strings.Contains(view, "− Legal came late") {
		t.Errorf("notes not shown:\n%s", view)
	}
	var got []string
	for _, ev := range sess.Events() {
		if ev.Kind == sim.KindHotWash {
			got = append(got, ev.Objective+"/"+ev.Type+"/"+ev.Text)
		}
	}
	want := []string{objectiveRow(s, 0) + "/strength/We knew who to call", objectiveRow(s, 1) + "/improvement/Legal came late"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("journaled %v, want %v", got, want)
	}
	d.keys("c")
	if app.Screen() != ScreenReview {
		t.Fatalf("screen = %v after c, want the review", app.Screen())
	}
}

// objectiveRow is the objective id of row i of the hot wash ("" past the
// objectives: the exercise as a whole).
func objectiveRow(s *scenarios.Scenario, i int) string {
	if i < len(s.Objectives) {
		return s.Objectives[i].ID
	}
	return ""
}

// TestHotWashShowsTheSelectedObjectiveWhole: a long objective, cut to one
// line in the list, reads whole once selected.
func TestHotWashShowsTheSelectedObjectiveWhole(t *testing.T) {
	s := loadDrill(t)
	long := "Contain the intrusion before it spreads to the file servers, and keep the evidence the insurer and the police will ask for"
	s.Objectives[0].Text = long
	sess := washSession{newMemSession(t, s)}
	app := New(Options{Scenario: s, Start: func(*scenarios.Scenario) (Session, error) { return sess, nil }, MarkdownStyle: "ascii"})
	d := newDriver(t, app, 80, 24)
	d.keys("enter", "E", "y", "enter")
	if app.Screen() != ScreenHotWash {
		t.Fatalf("screen = %v", app.Screen())
	}
	flat := func() string { return strings.Join(strings.Fields(app.View()), " ") }
	if !strings.Contains(flat(), long) {
		t.Errorf("the selected objective is not whole:\n%s", app.View())
	}
	d.keys("down")
	if strings.Contains(flat(), long) {
		t.Errorf("an objective not selected should keep one line:\n%s", app.View())
	}
	checkView(t, d, 80, 24)
}
