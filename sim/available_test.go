package sim

import (
	"errors"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
)

// availableScenario: action x exists only once inject note is delivered;
// note is delivered at 10m only if a was taken.
func availableScenario() *scenarios.Scenario {
	s := testScenario(inj("start", 0, nil), inj("note", 10*minute, &scenarios.Condition{Taken: "a"}))
	s.Actions[5].AvailableAfter = "note" // x
	s.BuildIndex()
	return s
}

func TestAvailableAfter(t *testing.T) {
	tests := []struct {
		name      string
		decisions []scenarios.Decision
		refused   int // index of the refused decision, -1: none
	}{
		{"before the inject", []scenarios.Decision{dec(1*minute, "a"), dec(9*minute, "x")}, 1},
		{"at the inject's time", []scenarios.Decision{dec(1*minute, "a"), dec(10*minute, "x")}, -1},
		{"after the inject", []scenarios.Decision{dec(1*minute, "a"), dec(20*minute, "x")}, -1},
		{"inject skipped", []scenarios.Decision{dec(20*minute, "x")}, 0},
		{"other actions unaffected", []scenarios.Decision{dec(0, "y"), dec(0, "b")}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Play(availableScenario(), tt.decisions, nil)
			if tt.refused < 0 {
				if err != nil {
					t.Fatalf("Play: %v", err)
				}
				return
			}
			var de *DecisionError
			var na *NotAvailableError
			if !errors.As(err, &de) || de.Index != tt.refused || !errors.As(err, &na) || na.Action != "x" || na.After != "note" {
				t.Fatalf("Play error = %v, want decision %d refused as not available", err, tt.refused+1)
			}
		})
	}
}

func TestAvailableQuery(t *testing.T) {
	e := NewEngine(availableScenario())
	if e.Available("x") || !e.Available("a") || e.Available("nope") {
		t.Fatalf("at start: Available(x)=%v Available(a)=%v Available(nope)=%v", e.Available("x"), e.Available("a"), e.Available("nope"))
	}
	if _, err := e.Advance(minute); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Record(dec(0, "a")); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Record(dec(0, "x")); err == nil {
		t.Fatal("x recorded before note was delivered")
	}
	if _, err := e.Advance(10 * minute); err != nil {
		t.Fatal(err)
	}
	if !e.Available("x") {
		t.Fatal("x not available after note was delivered")
	}
}

// A journal that takes an action before it is available does not replay:
// the rule holds for sessions as for headless runs.
func TestReplayRefusesAnActionBeforeItIsAvailable(t *testing.T) {
	s := availableScenario()
	e, err := Play(s, []scenarios.Decision{dec(1*minute, "a"), dec(11*minute, "x")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	evs := e.Events() // start, a, note, x, end
	evs[2], evs[3] = evs[3], evs[2]
	evs[2].Seq, evs[3].Seq = 3, 4
	evs[2].At = 9 * minute
	_, err = Replay(s, evs)
	var na *NotAvailableError
	if !errors.As(err, &na) {
		t.Fatalf("Replay error = %v, want NotAvailableError", err)
	}
}
