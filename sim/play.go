package sim

import (
	"fmt"

	"github.com/ttx-sim/ttx/scenarios"
)

// DecisionError says which decision of a headless run is wrong.
type DecisionError struct {
	Index    int // 0-based position in the decision list
	Decision scenarios.Decision
	Err      error
}

func (e *DecisionError) Error() string {
	if p := e.Decision.Pos; p.Line > 0 {
		return fmt.Sprintf("decision %d (line %d): %v", e.Index+1, p.Line, e.Err)
	}
	return fmt.Sprintf("decision %d: %v", e.Index+1, e.Err)
}

func (e *DecisionError) Unwrap() error { return e.Err }

// Play runs s headless at full speed with the given decisions and ends the
// exercise at *end (nil: the scenario's duration). Same inputs, same events.
// A bad decision is a *DecisionError.
func Play(s *scenarios.Scenario, decisions []scenarios.Decision, end *scenarios.Duration) (*Engine, error) {
	e := NewEngine(s)
	if err := PlayInto(e, decisions, end); err != nil {
		return nil, err
	}
	return e, nil
}

// PlayInto is Play on an existing engine, for example a new session's: for
// each decision it advances the clock to the decision's time and records it,
// then ends the exercise.
func PlayInto(e *Engine, decisions []scenarios.Decision, end *scenarios.Duration) error {
	endAt := e.s.Duration
	if end != nil {
		endAt = *end
		if endAt > e.s.Duration {
			return fmt.Errorf("end %s is after the scenario's duration %s", endAt, e.s.Duration)
		}
	}
	e.reserve(len(decisions) + len(e.s.Injects) + 1)
	for i, d := range decisions {
		fail := func(err error) error { return &DecisionError{Index: i, Decision: d, Err: err} }
		if d.At > endAt {
			return fail(fmt.Errorf("decision at %s is after the end of the exercise at %s", d.At, endAt))
		}
		if now := e.Now(); d.At < now {
			return fail(fmt.Errorf("decisions must be in time order: %s is before the previous decision at %s", d.At, now))
		}
		if _, err := e.Advance(d.At); err != nil {
			return fail(err)
		}
		if _, err := e.Record(d); err != nil {
			return fail(err)
		}
	}
	if now := e.Now(); endAt < now {
		return fmt.Errorf("end %s is before the current time %s", endAt, now)
	}
	_, err := e.End(endAt)
	return err
}
