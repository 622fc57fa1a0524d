package scoring

import (
	"strings"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// Debrief lays a trainee's drill beside the scenario's ideal path: the
// first self-test rated P, played through the same engine (the "what good
// looked like" of a Wheel of Misfortune).
type Debrief struct {
	IdealTest string // the name of the ideal self-test, without a trailing ", rated P"
	Yours     *Result
	Ideal     *Result
	// Rows has one entry per expected or harmful action, in file order.
	Rows []DebriefRow
	// Consequences the trainee triggered, and whether the ideal team did.
	Consequences []DebriefConsequence
}

// DebriefRow compares one action.
type DebriefRow struct {
	Yours, Ideal ActionResult
	// Gap: the trainee's outcome is worse than the ideal team's (missed or
	// late where the ideal met it; harmful taken where it was avoided).
	Gap bool
}

// DebriefConsequence is one consequence the trainee triggered.
type DebriefConsequence struct {
	At           scenarios.Duration
	Title, Why   string
	Penalty      scenarios.Number
	IdealAvoided bool // the ideal team did not trigger it
}

// BuildDebrief compares the events of a drill with the scenario's ideal
// self-test. ok is false when the scenario has no self-test rated P (or it
// does not play): there is no ideal path to compare with.
func BuildDebrief(s *scenarios.Scenario, events []sim.Event) (*Debrief, bool) {
	ideal := idealSelfTest(s)
	if ideal == nil {
		return nil, false
	}
	e, err := sim.Play(s, ideal.Decisions, ideal.End)
	if err != nil {
		return nil, false
	}
	// Test names often end by saying their rating; the debrief shows it.
	name := strings.TrimSuffix(strings.TrimSpace(ideal.Name), ", rated P")
	d := &Debrief{IdealTest: name, Yours: Score(s, events), Ideal: Score(s, e.Events())}
	for i := range d.Yours.Actions {
		y, id := d.Yours.Actions[i], d.Ideal.Actions[i]
		d.Rows = append(d.Rows, DebriefRow{Yours: y, Ideal: id, Gap: worse(y.Status, id.Status)})
	}
	idealGot := map[string]bool{}
	for _, ir := range d.Ideal.Injects {
		if ir.Consequence != nil {
			idealGot[ir.ID] = true
		}
	}
	for _, ir := range d.Yours.Injects {
		if c := ir.Consequence; c != nil {
			d.Consequences = append(d.Consequences, DebriefConsequence{At: ir.At, Title: ir.Title, Why: c.Why, Penalty: c.Penalty, IdealAvoided: !idealGot[ir.ID]})
		}
	}
	return d, true
}

// idealSelfTest is the first self-test that expects rating P.
func idealSelfTest(s *scenarios.Scenario) *scenarios.Test {
	for i := range s.Tests {
		if r := s.Tests[i].Expect.Rating; r != nil && r.Value == "P" {
			return &s.Tests[i]
		}
	}
	return nil
}

// worse reports whether outcome a is worse than b for the team.
func worse(a, b Status) bool {
	rank := func(s Status) int {
		switch s {
		case StatusMet, StatusAvoided, StatusHarmless, StatusNotApplicable:
			return 2
		case StatusLate:
			return 1
		}
		return 0 // missed, taken
	}
	return rank(a) < rank(b)
}

// YoursText and IdealText say what each team did with the action: "met at
// T+00:12:00", "late at …", "missed", "taken at …", "avoided", "not applicable".
func (r *DebriefRow) YoursText() string { return outcomeText(&r.Yours) }

// IdealText is IdealText's counterpart for the ideal team.
func (r *DebriefRow) IdealText() string { return outcomeText(&r.Ideal) }

// Advice is, for a gap, the why of a harmful action or the recommendation
// of an expected one; "" otherwise.
func (r *DebriefRow) Advice() string {
	switch {
	case !r.Gap:
		return ""
	case r.Yours.Kind == KindHarmful:
		return "Why it is harmful: " + r.Yours.Why
	}
	return "Recommendation: " + r.Yours.Recommendation
}

func outcomeText(a *ActionResult) string {
	switch a.Status {
	case StatusMet, StatusLate, StatusTaken, StatusHarmless:
		return string(a.Status) + " at " + optClock(a.At)
	case StatusNotApplicable:
		return "not applicable"
	}
	return string(a.Status)
}
