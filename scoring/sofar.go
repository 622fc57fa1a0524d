package scoring

import (
	"fmt"
	"strings"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// SoFar is the running score of a drill still in play (coach mode): the
// scoring formula over what is decided by `now`, so that it is fair
// mid-drill. An expected action whose deadline has not passed and that was
// not taken is open: it counts neither for nor against the team. Met, late
// and missed-past-their-deadline actions count, and so do harmful actions
// taken and consequences delivered. Before anything counts, the score is
// null ("—"). Once the session has ended, SoFar is the final Score.
type SoFar struct {
	*Result
	Now scenarios.Duration
	// Open lists the expected actions applicable and still open, in file
	// order (ids).
	Open []string
}

// ScoreSoFar is the running score at scenario time now over the session's
// events so far.
func ScoreSoFar(s *scenarios.Scenario, events []sim.Event, now scenarios.Duration) *SoFar {
	// Score leaves struck decisions out (sim.Effective); the end is never
	// struck, so it is found on the events as recorded.
	if _, ended := sessionEnd(events); ended {
		return &SoFar{Result: Score(s, events), Now: now}
	}
	// Score as if the drill ended now, then take out what is still open:
	// applicable, not taken, deadline not passed (the final score would
	// call it missed).
	res := Score(s, withEndAt(events, now))
	res.Ended = false
	out := &SoFar{Result: res, Now: now}
	open := func(r *ActionResult) bool {
		return r.Kind == KindExpected && r.Status == StatusMissed && r.Deadline != nil && *r.Deadline >= now
	}
	for i := range res.Actions {
		if open(&res.Actions[i]) {
			out.Open = append(out.Open, res.Actions[i].ID)
		}
	}
	res.aggregate(s, func(r *ActionResult) bool { return !open(r) })
	return out
}

// withEndAt is events with an end event at `at` appended (events after it
// are ignored by Score).
func withEndAt(events []sim.Event, at scenarios.Duration) []sim.Event {
	out := make([]sim.Event, len(events), len(events)+1)
	copy(out, events)
	return append(out, sim.Event{Kind: sim.KindEnd, At: at})
}

// Why says in one line what moved the running score from prev to cur
// (consequences first, then up to three reasons in all, then "and N more"), or
// "" when nothing that counts changed: "Isolate the hosts met on time",
// "Declare the incident: its deadline passed", "harmful: Pay the ransom",
// "consequence: the ransomware reached the file servers". Only what the
// team has seen is named: delivered injects, and actions as labelled.
func (cur *SoFar) Why(prev *SoFar) string {
	if prev == nil {
		return ""
	}
	// Consequences first: for a trainee they are the headline of a drop.
	var parts []string
	seen := make(map[string]bool, len(prev.Injects))
	for _, ir := range prev.Injects {
		seen[ir.ID] = true
	}
	for _, ir := range cur.Injects {
		if ir.Consequence != nil && !seen[ir.ID] {
			parts = append(parts, "consequence: "+scenarios.SanitizeLine(ir.Title))
		}
	}
	for i := range cur.Actions {
		a := &cur.Actions[i]
		var was *ActionResult
		if i < len(prev.Actions) && prev.Actions[i].ID == a.ID {
			was = &prev.Actions[i]
		}
		wasOpen, isOpen := prev.isOpen(a.ID), cur.isOpen(a.ID)
		label := scenarios.SanitizeLine(a.Label)
		switch {
		case a.Kind == KindExpected && isOpen:
		case a.Kind == KindExpected && a.Status == StatusMet && (was == nil || was.Status != StatusMet):
			parts = append(parts, label+" met on time")
		case a.Kind == KindExpected && a.Status == StatusLate && (was == nil || was.Status != StatusLate):
			parts = append(parts, label+" taken late")
		case a.Kind == KindExpected && a.Status == StatusMissed && wasOpen:
			parts = append(parts, label+": its deadline passed")
		case a.Kind == KindHarmful && a.Status == StatusTaken && (was == nil || was.Status != StatusTaken):
			parts = append(parts, "harmful: "+label)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	// The coach pane wraps, so up to three reasons are named in full.
	const named = 3
	if len(parts) <= named {
		return strings.Join(parts, "; ")
	}
	return strings.Join(parts[:named], "; ") + fmt.Sprintf(" (and %d more)", len(parts)-named)
}

func (s *SoFar) isOpen(id string) bool {
	for _, o := range s.Open {
		if o == id {
			return true
		}
	}
	return false
}
