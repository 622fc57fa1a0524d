package scoring

import (
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// The running score is fair, checked on every self-test of the library and
// on the 1.1 fixture: "—" before anything counts; it never falls when an
// inject without a consequence arrives or when an expected action is taken
// on time; at the end it is the final score.
func TestScoreSoFarIsFair(t *testing.T) {
	lib, err := scenarios.Library()
	if err != nil {
		t.Fatal(err)
	}
	fixture, err := scenarios.Parse("rev11.yaml", []byte(rev11Scenario))
	if err != nil {
		t.Fatal(err)
	}
	fixture.Tests = []scenarios.Test{
		{Name: "on time", Decisions: []scenarios.Decision{{At: 5 * scenarios.Minute, Action: "act"}, {At: 6 * scenarios.Minute, Action: "quick"}}},
		{Name: "slow", Decisions: []scenarios.Decision{{At: 20 * scenarios.Minute, Action: "wipe"}, {At: 40 * scenarios.Minute, Action: "quick"}}},
	}
	for _, s := range append(lib, fixture) {
		for ti := range s.Tests {
			tt := &s.Tests[ti]
			e, err := sim.Play(s, tt.Decisions, tt.End)
			if err != nil {
				t.Fatalf("%s/%s: %v", s.ID, tt.Name, err)
			}
			evs := e.Events()
			if start := ScoreSoFar(s, nil, 0); start.Exact != nil {
				t.Errorf("%s: running score at the start is %s, want —", s.ID, FormatScore(start.Exact))
			}
			// Each event is judged at its own time, before and after it, so
			// that a deadline passing in between is not blamed on it.
			for i := range evs {
				ev := evs[i]
				before, after := ScoreSoFar(s, evs[:i], ev.At), ScoreSoFar(s, evs[:i+1], ev.At)
				if before.Exact == nil || !falls(before, after) {
					continue
				}
				switch {
				case ev.Kind == sim.KindDelivered && !isConsequence(s, ev.Inject):
					t.Errorf("%s/%s: the score fell from %s to %s when inject %s arrived", s.ID, tt.Name, FormatScore(before.Exact), FormatScore(after.Exact), ev.Inject)
				case ev.Kind == sim.KindDecision && after.Action(ev.Action) != nil && after.Action(ev.Action).Status == StatusMet:
					t.Errorf("%s/%s: the score fell from %s to %s on an on-time %s", s.ID, tt.Name, FormatScore(before.Exact), FormatScore(after.Exact), ev.Action)
				}
			}
			final := Score(s, evs)
			if got := ScoreSoFar(s, evs, final.EndedAt); FormatScore(got.Exact) != FormatScore(final.Exact) || got.Rating != final.Rating {
				t.Errorf("%s/%s: running score at the end %s %s, final %s %s", s.ID, tt.Name, FormatScore(got.Exact), got.Rating, FormatScore(final.Exact), final.Rating)
			}
		}
	}
}

func falls(prev, cur *SoFar) bool {
	return cur.Exact == nil || cur.Exact.Cmp(prev.Exact) < 0
}

func isConsequence(s *scenarios.Scenario, id string) bool {
	in, ok := s.Inject(id)
	return ok && in.Consequence != nil
}

func TestScoreSoFar(t *testing.T) {
	s, err := scenarios.Parse("rev11.yaml", []byte(rev11Scenario))
	if err != nil {
		t.Fatal(err)
	}
	const m = scenarios.Minute
	e := sim.NewEngine(s)
	step := func(at scenarios.Duration, action string) []sim.Event {
		t.Helper()
		if _, err := e.Advance(at); err != nil {
			t.Fatal(err)
		}
		if action != "" {
			if _, err := e.Record(scenarios.Decision{Action: action}); err != nil {
				t.Fatal(err)
			}
		}
		return e.Events()
	}
	tests := []struct {
		at     scenarios.Duration
		action string
		score  string
		open   int
		why    string
	}{
		{0, "", "n/a", 2, ""},
		{5 * m, "act", "100.0", 1, "Act met on time"},
		{9 * m, "", "100.0", 1, ""},
		// quick's deadline (10m) has passed untaken: it counts as missed.
		{11 * m, "", "50.0", 0, "Quick: its deadline passed"},
		// 2 minutes late: the whole of quick's 2-minute window, late credit 0.5.
		{12 * m, "quick", "75.0", 0, "Quick taken late"},
		{13 * m, "wipe", "50.0", 0, "harmful: Wipe"},
	}
	var prev *SoFar
	for _, tt := range tests {
		cur := ScoreSoFar(s, step(tt.at, tt.action), tt.at)
		if got := FormatScore(cur.Exact); got != tt.score || len(cur.Open) != tt.open {
			t.Errorf("at %s: score %s with %d open, want %s with %d", tt.at, got, len(cur.Open), tt.score, tt.open)
		}
		if got := cur.Why(prev); got != tt.why {
			t.Errorf("at %s: why %q, want %q", tt.at, got, tt.why)
		}
		prev = cur
	}
}

// Why names a consequence first and up to three reasons in full.
func TestSoFarWhyOrder(t *testing.T) {
	act := func(id, label string, st Status) ActionResult {
		return ActionResult{ID: id, Label: label, Kind: KindExpected, Status: st}
	}
	prev := &SoFar{Result: &Result{Actions: []ActionResult{act("a", "A", StatusMissed), act("b", "B", StatusMissed), act("c", "C", StatusMissed), act("d", "D", StatusMissed)}}, Open: []string{"a", "b", "c", "d"}}
	cur := &SoFar{Result: &Result{
		Actions: []ActionResult{act("a", "A", StatusMissed), act("b", "B", StatusMissed), act("c", "C", StatusMissed), act("d", "D", StatusMissed)},
		Injects: []InjectResult{{ID: "x", Title: "Water reaches zone 2", Consequence: &scenarios.Consequence{}}},
	}}
	want := "consequence: Water reaches zone 2; A: its deadline passed; B: its deadline passed (and 2 more)"
	if got := cur.Why(prev); got != want {
		t.Errorf("Why = %q, want %q", got, want)
	}
	cur.Injects = nil
	cur.Actions = cur.Actions[:2]
	if got, want := cur.Why(prev), "A: its deadline passed; B: its deadline passed"; got != want {
		t.Errorf("Why = %q, want %q", got, want)
	}
}
