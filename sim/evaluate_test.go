package sim

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
)

func TestEvaluate(t *testing.T) {
	s, err := scenarios.Resolve("ransomware-phishing")
	if err != nil {
		t.Fatal(err)
	}
	obj := s.Objectives[0].ID
	tests := []struct {
		name string
		ev   Event
		err  string // "" when it must be accepted
	}{
		{"objective rating", Event{Kind: KindRating, Objective: obj, Rating: "S", Note: "Slow triage.", By: "Dana"}, ""},
		{"phase rating", Event{Kind: KindRating, Phase: scenarios.Containment, Rating: "M", Note: "Late isolation."}, ""},
		{"withdrawn rating", Event{Kind: KindRating, Objective: obj}, ""},
		{"rating without rationale", Event{Kind: KindRating, Objective: obj, Rating: "P"}, "empty rationale"},
		{"rating of both", Event{Kind: KindRating, Objective: obj, Phase: scenarios.Containment, Rating: "P", Note: "x"}, "exactly one"},
		{"rating letter", Event{Kind: KindRating, Objective: obj, Rating: "A", Note: "x"}, "invalid rating"},
		{"phase not played", Event{Kind: KindRating, Phase: scenarios.Preparation, Rating: "P", Note: "x"}, "not one of this scenario's phases"},
		{"unknown objective", Event{Kind: KindRating, Objective: "nope", Rating: "P", Note: "x"}, "unknown objective"},
		{"observation", Event{Kind: KindObservation, Type: "improvement", Inject: s.Injects[0].ID, Text: "Nobody owned the bridge.", Cause: "No on-call lead."}, ""},
		{"observation type", Event{Kind: KindObservation, Type: "good", Text: "x"}, "invalid type"},
		{"observation text", Event{Kind: KindObservation, Type: "strength"}, "empty observation"},
		{"observation inject", Event{Kind: KindObservation, Type: "strength", Inject: "nope", Text: "x"}, "unknown inject"},
		{"hot wash", Event{Kind: KindHotWash, Type: "strength", Objective: obj, Text: "We knew who to call."}, ""},
		{"feedback text", Event{Kind: KindFeedback, Item: "strengths", Text: "Clear roles.", By: "Sam", Role: s.Roles[0].ID}, ""},
		{"feedback anonymous score", Event{Kind: KindFeedback, Item: "realism", Score: 4}, ""},
		{"feedback score range", Event{Kind: KindFeedback, Item: "realism", Score: 6}, "rate 1 to 5"},
		{"feedback item", Event{Kind: KindFeedback, Item: "mood", Text: "x"}, "unknown feedback item"},
		{"feedback role", Event{Kind: KindFeedback, Item: "strengths", Text: "x", Role: "nope"}, "unknown role"},
		{"not an evaluation", Event{Kind: KindNote, Text: "x"}, "not an evaluation event"},
	}
	dir := filepath.Join(t.TempDir(), "s")
	sess, err := CreateSessionWith(dir, s, SessionOptions{TTX: "test", Org: "Acme Logistics", Location: "Room 4", Facilitator: "Alex"})
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		if i == len(tests)/2 {
			if _, err := sess.Engine.End(30 * scenarios.Minute); err != nil {
				t.Fatal(err)
			}
		}
		_, err := sess.Engine.Evaluate(tt.ev)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
		}
	}
	want := sess.Engine.Events()
	sess.Close()
	// Replayed, the journal gives the same events, before and after the end.
	_, hdr, got, _, err := ReadSession(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !eventsEqual(got, want) {
		t.Errorf("replayed events differ")
	}
	if hdr.Org != "Acme Logistics" || hdr.Location != "Room 4" || hdr.Facilitator != "Alex" {
		t.Errorf("header = %+v", hdr)
	}
	n := 0
	for _, ev := range got {
		if ev.Kind == KindRating || ev.Kind == KindObservation || ev.Kind == KindHotWash || ev.Kind == KindFeedback {
			n++
		}
	}
	if n != 7 {
		t.Errorf("%d evaluation events journaled, want 7", n)
	}
}

func TestSetCorrectivePlan(t *testing.T) {
	s, err := scenarios.Resolve("ransomware-phishing")
	if err != nil {
		t.Fatal(err)
	}
	var action string
	for _, a := range s.Actions {
		if a.Expected != nil {
			action = a.ID
			break
		}
	}
	e := NewEngine(s)
	e.SetWallClock(func() time.Time { return time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC) })
	if _, err := e.End(10 * scenarios.Minute); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		p   Plan
		err string
	}{
		{Plan{Owner: "SOC lead", Org: "IT security", Start: "2026-12-02", Due: "2027-01-15", Status: "open"}, ""},
		{Plan{Owner: "x", Due: "2026-12-01"}, ""}, // today is not past
		{Plan{Owner: "x", Due: "2020-01-01"}, "in the past"},
		{Plan{Owner: "x", Start: "2027-02-01", Due: "2027-01-15"}, "before the start date"},
		{Plan{Owner: "x", Start: "soon"}, "invalid start date"},
	} {
		_, err := e.SetCorrectivePlan(action, tt.p)
		if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
			t.Errorf("%+v: error %v, want %q", tt.p, err, tt.err)
		}
	}
	if _, err := e.SetCorrective(action, "x", "2019-05-05"); err == nil {
		t.Error("SetCorrective accepted a past due date")
	}
	// A journal whose due date has since passed still replays.
	if _, err := Replay(s, e.Events()); err != nil {
		t.Fatalf("replay: %v", err)
	}
	old := NewEngine(s)
	old.End(10 * scenarios.Minute)
	if _, err := old.SetCorrective(action, "x", "2019-05-05"); err != nil {
		t.Errorf("without a wall clock no date is past: %v", err)
	}
}
