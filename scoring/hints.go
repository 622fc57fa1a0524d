package scoring

import (
	"fmt"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// Hint is a nudge for a trainee (coach level "hints"): an open expected
// action close to its deadline.
type Hint struct {
	Action string             // the action id
	Due    scenarios.Duration // its deadline
	Text   string             // one line, sanitised
}

// hintWindow is how close to its deadline an open action gets a hint: a
// quarter of its time, at least one minute and at most five.
func hintWindow(within scenarios.Duration) scenarios.Duration {
	return min(5*scenarios.Minute, max(scenarios.Minute, within/4))
}

// Hints lists the nudges due at `now`: every expected action that is open
// (applicable, not taken, deadline not passed), available to the team, has
// a deadline of its own, and is within its hint window of that deadline.
// A hint names the action by its label and its phase, and nothing else:
// the action is on the palette already, and no inject is named.
func Hints(s *scenarios.Scenario, events []sim.Event, now scenarios.Duration) []Hint {
	return ScoreSoFar(s, events, now).Hints(s)
}

// Hints are the nudges due at the running score's time (see the function
// Hints), for a caller that has the running score already.
func (sf *SoFar) Hints(s *scenarios.Scenario) []Hint {
	now := sf.Now
	if sf.Ended {
		return nil
	}
	delivered := map[string]bool{}
	for _, ir := range sf.Injects {
		if ir.Status == "delivered" {
			delivered[ir.ID] = true
		}
	}
	var out []Hint
	for _, id := range sf.Open {
		a, _ := s.Action(id)
		r := sf.Action(id)
		if a.Expected.Within == nil || r.Deadline == nil || (a.AvailableAfter != "" && !delivered[a.AvailableAfter]) {
			continue
		}
		left := *r.Deadline - now
		if left > hintWindow(*a.Expected.Within) {
			continue
		}
		when := "now"
		if mins := (left + scenarios.Minute - 1) / scenarios.Minute; mins >= 1 {
			when = fmt.Sprintf("within %d min", mins)
		}
		out = append(out, Hint{Action: id, Due: *r.Deadline, Text: fmt.Sprintf("Hint: “%s” (%s) is due %s.",
			scenarios.SanitizeLine(a.Label), PhaseTitle(a.Phase), when)})
	}
	return out
}
