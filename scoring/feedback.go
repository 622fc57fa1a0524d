package scoring

import (
	"fmt"
	"math/big"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// Tone classifies coach feedback so that a front end can style it.
type Tone string

// The tones of coach feedback.
const (
	ToneGood    Tone = "good"    // an expected action on time
	ToneLate    Tone = "late"    // an expected action after its deadline, or a repeat
	ToneHarmful Tone = "harmful" // a harmful action
	ToneNeutral Tone = "neutral" // neither expected nor harmful, or free text
)

// Coaching is the coach-mode feedback on one decision.
type Coaching struct {
	Tone Tone
	Text string // one line, already sanitised for a terminal
}

// Coach judges one decision the way the scorer will: expected (on time or
// late, with the deadline), harmful (with the why), neither, or free text.
// events is the session so far; it may or may not already hold decision
// (matched by Seq). The cost is one pass over events.
func Coach(s *scenarios.Scenario, events []sim.Event, decision sim.Event) Coaching {
	if decision.Kind != sim.KindDecision {
		return Coaching{Tone: ToneNeutral}
	}
	if decision.Action == "" {
		return Coaching{ToneNeutral, "Free-text decision recorded: it goes into the report but is not scored."}
	}
	a, ok := s.Action(decision.Action)
	if !ok {
		return Coaching{ToneNeutral, fmt.Sprintf("Unknown action “%s”: not scored.", scenarios.SanitizeLine(decision.Action))}
	}
	label := scenarios.SanitizeLine(a.Label)

	var earlier, earlierHarm *sim.Event
	anchorAt, anchored := scenarios.Duration(0), false
	// What the record holds before this decision, as harmful.when sees it.
	taken, delivered := map[string]bool{}, map[string]bool{}
	for i := range events {
		ev := &events[i]
		if decision.Seq != 0 && ev.Seq >= decision.Seq || ev.At > decision.At {
			break
		}
		switch {
		case ev.Kind == sim.KindDecision && ev.Action != "":
			if ev.Action == a.ID && earlier == nil {
				earlier = ev
			}
			if ev.Action == a.ID && earlierHarm == nil && a.Harmful != nil && harms(a.Harmful, taken, delivered) {
				earlierHarm = ev
			}
			taken[ev.Action] = true
		case ev.Kind == sim.KindDelivered:
			delivered[ev.Inject] = true
			if a.Expected != nil && ev.Inject == a.Expected.After && !anchored {
				anchorAt, anchored = ev.At, true
			}
		}
	}

	switch {
	case a.Harmful != nil && !harms(a.Harmful, taken, delivered):
		return Coaching{ToneNeutral, fmt.Sprintf("Recorded: %s. Not harmful at this point, given what was done before; it scores nothing.", label)}
	case a.Harmful != nil:
		if earlier = earlierHarm; earlier != nil {
			return Coaching{ToneHarmful, fmt.Sprintf("Harmful again: %s (already counted once, at %s).", label, earlier.At.Clock())}
		}
		return Coaching{ToneHarmful, fmt.Sprintf("Harmful: %s — %s (penalty %s).", label, scenarios.SanitizeLine(a.Harmful.Why), a.Harmful.Penalty)}
	case a.Expected == nil:
		return Coaching{ToneNeutral, fmt.Sprintf("Recorded: %s. Not an action this scenario expects; it scores nothing.", label)}
	case earlier != nil:
		return Coaching{ToneLate, fmt.Sprintf("Already taken at %s: %s. Only the first time counts.", earlier.At.Clock(), label)}
	}

	e := a.Expected
	what := "Expected action"
	if e.Critical {
		what = "Critical action"
	}
	if e.After != "" && !anchored {
		// Never name the inject: it has not arrived, and its title would
		// tell the trainee what is coming.
		return Coaching{ToneGood, fmt.Sprintf("%s taken ahead of time: %s. It counts as on time if it turns out to be needed.", what, label)}
	}
	if e.Within == nil {
		return Coaching{ToneGood, fmt.Sprintf("%s on time: %s.", what, label)}
	}
	deadline := anchorAt + *e.Within
	if decision.At <= deadline {
		return Coaching{ToneGood, fmt.Sprintf("%s on time: %s (deadline %s).", what, label, deadline.Clock())}
	}
	credit := lateCreditFor(big.NewRat(1, 1), lateCreditOf(s), decision.At-deadline, lateWindowOf(s, e))
	pct := credit.Mul(credit, ratHundred)
	return Coaching{ToneLate, fmt.Sprintf("%s, but late: %s (deadline was %s; %s%% credit).", what, label, deadline.Clock(), pct.FloatString(0))}
}

// harms reports whether a harmful action taken now costs its penalty: it has
// no `when`, or its `when` holds over what was taken and delivered before.
func harms(h *scenarios.Harmful, taken, delivered map[string]bool) bool {
	return h.When == nil || h.When.Eval(func(id string) bool { return taken[id] }, func(id string) bool { return delivered[id] })
}
