package scoring

import (
	"fmt"
	"math/big"

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
	if _, ended := sessionEnd(events); ended {
		return &SoFar{Result: Score(s, events), Now: now}
	}
	// Score as if the drill ended now, then take out what is still open:
	// applicable, not taken, deadline not passed (the final score would
	// call it missed).
	res := Score(s, withEndAt(events, now))
	res.Ended = false
	out := &SoFar{Result: res, Now: now}
	phaseIdx := make(map[scenarios.Phase]int, len(s.Phases))
	for i, p := range s.Phases {
		phaseIdx[p] = i
	}
	phaseAcc := make([]accumulator, len(s.Phases))
	objAcc := make([]accumulator, len(s.Objectives))
	objMet := make([]int, len(s.Objectives))
	var total accumulator
	for i := range res.Actions {
		r := &res.Actions[i]
		var weight, credit, penalty *big.Rat
		if r.Kind == KindExpected {
			if r.Status == StatusMissed && r.Deadline != nil && *r.Deadline >= now {
				out.Open = append(out.Open, r.ID)
				continue
			}
			weight, credit = r.Weight.Rat(), r.Credit.Rat()
		} else {
			penalty = r.Penalty.Rat()
		}
		objective := r.Objective
		if r.Kind == KindHarmful {
			objective = r.HarmObjective
		}
		if pi, ok := phaseIdx[r.Phase]; ok {
			phaseAcc[pi].add(r, weight, credit, penalty)
		}
		if oi := s.ObjectiveIndex(objective); oi >= 0 {
			objAcc[oi].add(r, weight, credit, penalty)
			if r.Status == StatusMet {
				objMet[oi]++
			}
		}
		total.add(r, weight, credit, penalty)
	}
	for _, ir := range res.Injects {
		if c := ir.Consequence; c != nil {
			in, _ := s.Inject(ir.ID)
			p := c.Penalty.Rat()
			if pi, ok := phaseIdx[in.Phase]; ok {
				phaseAcc[pi].charge(p)
			}
			if oi := s.ObjectiveIndex(c.Objective); oi >= 0 {
				objAcc[oi].charge(p)
			}
			total.charge(p)
		}
	}
	for i := range res.Phases {
		acc := &phaseAcc[i]
		x, rating := acc.score()
		ph := &res.Phases[i]
		ph.Exact, ph.Score, ph.Rating = x, ratFloat(x), rating
		ph.Weight, ph.Credit, ph.Penalty = ratNumber(&acc.weight), ratNumber(&acc.credit), ratNumber(&acc.penalty)
	}
	for i := range res.Objectives {
		acc := &objAcc[i]
		x, rating := acc.score()
		o := &res.Objectives[i]
		o.Score, o.Rating, o.Met, o.Applicable = x, rating, objMet[i], acc.applicable
		o.Weight, o.Credit, o.Penalty = ratNumber(&acc.weight), ratNumber(&acc.credit), ratNumber(&acc.penalty)
	}
	res.Exact, res.Rating = total.score()
	res.Score = ratFloat(res.Exact)
	res.Weight, res.Credit, res.Penalty = ratNumber(&total.weight), ratNumber(&total.credit), ratNumber(&total.penalty)
	return out
}

// withEndAt is events with an end event at `at` appended (events after it
// are ignored by Score).
func withEndAt(events []sim.Event, at scenarios.Duration) []sim.Event {
	out := make([]sim.Event, len(events), len(events)+1)
	copy(out, events)
	return append(out, sim.Event{Kind: sim.KindEnd, At: at})
}

// Why says in one line what moved the running score from prev to cur, or
// "" when nothing that counts changed: "Isolate the hosts met on time",
// "Declare the incident: its deadline passed", "harmful: Pay the ransom",
// "consequence: the ransomware reached the file servers". Only what the
// team has seen is named: delivered injects, and actions as labelled.
func (cur *SoFar) Why(prev *SoFar) string {
	if prev == nil {
		return ""
	}
	var parts []string
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
	seen := make(map[string]bool, len(prev.Injects))
	for _, ir := range prev.Injects {
		seen[ir.ID] = true
	}
	for _, ir := range cur.Injects {
		if ir.Consequence != nil && !seen[ir.ID] {
			parts = append(parts, "consequence: "+scenarios.SanitizeLine(ir.Title))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	line := parts[0]
	if len(parts) > 1 {
		line += fmt.Sprintf(" (and %d more)", len(parts)-1)
	}
	return line
}

func (s *SoFar) isOpen(id string) bool {
	for _, o := range s.Open {
		if o == id {
			return true
		}
	}
	return false
}
