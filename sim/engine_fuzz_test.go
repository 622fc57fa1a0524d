package sim

import (
	"testing"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
)

// FuzzEngineReplay drives an engine with an arbitrary sequence of calls,
// valid or not (two bytes per call: which call, and an argument), then
// checks that nothing panicked, that failed calls changed nothing, and that
// replaying the events rebuilds the same state.
func FuzzEngineReplay(f *testing.F) {
	f.Add([]byte{0, 10, 1, 0, 0, 40, 1, 5, 2, 1, 7, 0})
	f.Add([]byte{1, 5, 1, 6, 3, 0, 4, 0, 5, 3, 8, 60, 9, 2, 1, 0})
	f.Add([]byte{0, 255, 8, 255, 9, 0, 6, 0})
	s := testScenario(
		inj("start", 0, nil),
		inj("dp", 5*minute, nil, "x", "y"),
		inj("gate", 10*minute, &scenarios.Condition{Taken: "a"}),
		inj("then", 10*minute, &scenarios.Condition{Delivered: "gate"}),
		inj("dp2", 20*minute, &scenarios.Condition{Any: []scenarios.Condition{{NotTaken: "b"}, {Not: &scenarios.Condition{Delivered: "dp"}}}}, "y", "x"),
		inj("last", 60*minute, nil),
	)
	actions := []string{"a", "b", "c", "h", "n", "x", "y", "zz"}
	phases := []scenarios.Phase{scenarios.Detection, scenarios.Containment, scenarios.Recovery, scenarios.PostIncident, "nope"}
	wall := time.Date(2026, 11, 28, 15, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, ops []byte) {
		e := NewEngine(s)
		for i := 0; i+1 < len(ops); i += 2 {
			op, arg := ops[i]%10, int(ops[i+1])
			before := len(e.Events())
			var err error
			switch op {
			case 0:
				_, err = e.Advance(e.Now() + scenarios.Duration(arg*17))
			case 1:
				_, err = e.Record(scenarios.Decision{Action: actions[arg%len(actions)]})
			case 2:
				_, err = e.Record(scenarios.Decision{Phase: phases[arg%len(phases)], Role: []string{"", "lead", "ghost"}[arg%3]})
			case 3:
				_, err = e.Record(scenarios.Decision{Text: string(rune(arg)) + "\xff"})
			case 4:
				_, err = e.Pause(wall)
			case 5:
				_, err = e.Resume(wall)
			case 6:
				_, err = e.SetSpeed(float64(arg)/4, wall)
			case 7:
				_, err = e.Note(string(rune(arg)), "")
			case 8:
				_, err = e.End(e.Now() + scenarios.Duration(arg*30))
			case 9:
				_, err = e.SetCorrective(actions[arg%len(actions)], "owner", "")
			}
			if err != nil && len(e.Events()) > before+countDue(e, before) {
				t.Fatalf("op %d failed (%v) but added events", op, err)
			}
		}
		r, err := Replay(s, e.Events())
		if err != nil {
			t.Fatalf("replay: %v", err)
		}
		assertSameState(t, e, r)
	})
}

// countDue is how many inject events a failed call may still have
// committed: a call first processes the injects already due (events after
// position from that are inject events).
func countDue(e *Engine, from int) int {
	n := 0
	for _, ev := range e.Events()[from:] {
		if ev.Kind == KindDelivered || ev.Kind == KindSkipped {
			n++
		}
	}
	return n
}
