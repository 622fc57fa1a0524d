package sim

import (
	"errors"
	"fmt"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
)

// ReplayError says which event of a replayed session is wrong.
type ReplayError struct {
	Seq int // 1-based position of the event; its journal line is Seq+1
	Err error
}

func (e *ReplayError) Error() string { return fmt.Sprintf("event %d: %v", e.Seq, e.Err) }
func (e *ReplayError) Unwrap() error { return e.Err }

// Replay rebuilds an engine from a session's events. Each event is checked
// against what the engine itself would have produced at that point (same
// inject order and conditions, same validation as Record and friends), so a
// replayed engine is in exactly the state of the engine that wrote the
// events; the first event that does not follow is a *ReplayError.
//
// The clock of the replayed engine is at the last event's time: moving the
// clock without processing an inject is not an event.
func Replay(s *scenarios.Scenario, events []Event) (*Engine, error) {
	e := NewEngine(s)
	e.reserve(len(events))
	for i, ev := range events {
		if err := e.replayOne(i+1, ev); err != nil {
			return nil, &ReplayError{Seq: i + 1, Err: err}
		}
	}
	return e, nil
}

func (e *Engine) replayOne(seq int, ev Event) error {
	if ev.Seq != seq {
		return fmt.Errorf("sequence number %d, want %d", ev.Seq, seq)
	}
	want, err := e.expected(ev)
	if err != nil {
		return err
	}
	want.Seq, want.Wall = ev.Seq, ev.Wall
	if want != ev {
		return fmt.Errorf("%s event does not follow from the events before it (expected %s)", ev.Kind, describe(want))
	}
	e.apply(ev)
	return nil
}

// expected returns the event the engine would produce in place of ev.
func (e *Engine) expected(ev Event) (Event, error) {
	switch ev.Kind {
	case KindDelivered, KindSkipped:
		if e.ended {
			return Event{}, ErrEnded
		}
		if e.next >= len(e.order) {
			return Event{}, errors.New("no inject is left to process")
		}
		in := &e.s.Injects[e.order[e.next]]
		return e.planDue(in.At)[0], nil
	case KindCorrective, KindRating, KindObservation, KindHotWash, KindFeedback, KindJoin, KindLeave, KindSetting:
		if e.ended {
			if ev.At != e.now {
				return Event{}, fmt.Errorf("%s after the end stamped %s, want the end time %s", ev.Kind, ev.At.Clock(), e.now.Clock())
			}
			switch ev.Kind {
			case KindCorrective:
				return e.planCorrectivePlan(ev.Action, planOf(ev))
			case KindJoin, KindLeave:
				return e.planSeat(ev.Kind, ev.By, ev.Role, ev.Text)
			}
			return e.planEvaluation(ev)
		}
	}
	// Everything else happens at ev.At, after every inject due by then.
	if err := e.checkTime(ev.At); err != nil {
		return Event{}, err
	}
	if e.next < len(e.order) {
		if in := &e.s.Injects[e.order[e.next]]; in.At <= ev.At {
			return Event{}, fmt.Errorf("inject %q due at %s was not processed before this event at %s", in.ID, in.At.Clock(), ev.At.Clock())
		}
	}
	e.now = ev.At
	switch ev.Kind {
	case KindDecision:
		return e.planRecord(scenarios.Decision{Action: ev.Action, Text: ev.Text, Role: ev.Role, Note: ev.Note, By: ev.By})
	case KindPhase:
		return e.planRecord(scenarios.Decision{Phase: ev.Phase, Role: ev.Role, Note: ev.Note, By: ev.By})
	case KindNote:
		return e.planNoteAs(ev.Text, ev.Role, ev.By)
	case KindJoin, KindLeave:
		return e.planSeat(ev.Kind, ev.By, ev.Role, ev.Text)
	case KindAdHoc:
		return e.planAdHoc(ev.Title, ev.Text, ev.To)
	case KindLength:
		return e.planLength(ev.Length, ev.Text)
	case KindPause:
		return e.planPause(derefWall(ev))
	case KindResume:
		return e.planResume(derefWall(ev))
	case KindSpeed:
		return e.planSpeed(ev.Speed, derefWall(ev))
	case KindCorrective:
		return e.planCorrectivePlan(ev.Action, planOf(ev))
	case KindRating, KindObservation, KindHotWash, KindFeedback, KindSetting:
		return e.planEvaluation(ev)
	case KindEnd:
		return Event{Kind: KindEnd, At: ev.At}, nil
	case KindStrike:
		return e.planStrike(ev.Ref, ev.Text)
	case KindWithhold:
		return e.planWithhold(ev.Inject, ev.Text)
	}
	return Event{}, fmt.Errorf("unknown event kind %q", ev.Kind)
}

func derefWall(ev Event) (t time.Time) {
	if ev.Wall != nil {
		return *ev.Wall
	}
	return t
}

// describe formats an event for an error message, without its wall time.
func describe(ev Event) string {
	s := fmt.Sprintf("%s at %s", ev.Kind, ev.At.Clock())
	for _, f := range []struct{ k, v string }{
		{"inject", ev.Inject}, {"action", ev.Action}, {"text", ev.Text}, {"phase", string(ev.Phase)},
		{"role", ev.Role}, {"note", ev.Note}, {"owner", ev.Owner}, {"due", ev.Due},
		{"org", ev.Org}, {"start", ev.Start}, {"status", ev.Status}, {"objective", ev.Objective}, {"rating", ev.Rating},
		{"type", ev.Type}, {"cause", ev.Cause}, {"by", ev.By}, {"item", ev.Item},
		{"title", ev.Title}, {"to", ev.To},
		{"location", ev.Location}, {"facilitator", ev.Facilitator},
	} {
		if f.v != "" {
			s += fmt.Sprintf(" %s=%q", f.k, f.v)
		}
	}
	if ev.Speed != 0 {
		s += fmt.Sprintf(" speed=%v", ev.Speed)
	}
	if ev.Length != 0 {
		s += fmt.Sprintf(" length=%s", ev.Length.Clock())
	}
	if ev.Score != 0 {
		s += fmt.Sprintf(" score=%d", ev.Score)
	}
	return s
}
