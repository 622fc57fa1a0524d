package tui

import (
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
	"github.com/ttx-sim/ttx/sim"
)

// scoreOf turns a scoring result into what the screens show.
func scoreOf(s *scenarios.Scenario, events []sim.Event) Score {
	return scoreFromResult(s, scoring.Score(s, events), events)
}

// scoreFromResult turns a scoring result of those events into what the
// screens show.
func scoreFromResult(s *scenarios.Scenario, res *scoring.Result, events []sim.Event) Score {
	out := Score{Overall: phaseScore("", res.Score, res.ScoreText(), res.Rating),
		TimeToDetect: res.TimeToDetect, TimeToContain: res.TimeToContain}
	for i := range res.Phases {
		p := &res.Phases[i]
		out.Phases = append(out.Phases, phaseScore(p.Phase, p.Score, p.ScoreText(), p.Rating))
	}
	for i := range res.Actions {
		a := &res.Actions[i]
		if a.ResponseTime != nil && a.At != nil {
			out.Responses = append(out.Responses, Response{Action: a.ID, Label: a.Label, Status: string(a.Status), At: *a.At, Response: *a.ResponseTime})
		}
		if !a.IsGap() {
			continue
		}
		g := Gap{Action: a.ID, Label: a.Label, Phase: a.Phase, Status: string(a.Status), Critical: a.Critical,
			Capability: scoring.CapabilityOf(s, a), Recommendation: a.Recommendation}
		if a.Kind == scoring.KindHarmful {
			g.Recommendation = "Avoid it: " + a.Why
		}
		out.Gaps = append(out.Gaps, g)
	}
	// The evaluator's final phase ratings: the last per phase counts.
	for _, ev := range events {
		if ev.Kind != sim.KindRating || ev.Phase == "" {
			continue
		}
		for i := range out.Phases {
			if out.Phases[i].Phase == ev.Phase {
				out.Phases[i].Final = ev.Rating
			}
		}
	}
	// The latest improvement-plan row per action, whole, as the review
	// (or ttx evaluate) set it.
	for _, ev := range events {
		if ev.Kind != sim.KindCorrective {
			continue
		}
		for i := range out.Gaps {
			if out.Gaps[i].Action == ev.Action {
				out.Gaps[i].Plan = sim.Plan{Owner: ev.Owner, Org: ev.Org, Start: ev.Start, Due: ev.Due, Status: ev.Status}
			}
		}
	}
	return out
}

func phaseScore(p scenarios.Phase, v *float64, text string, r scoring.Rating) PhaseScore {
	ps := PhaseScore{Phase: p, Null: v == nil, Text: text, Rating: string(r)}
	if v != nil {
		ps.Value = *v
	}
	if ps.Rating == "" {
		ps.Rating = "—"
	}
	return ps
}

func feedbackOf(s *scenarios.Scenario, events []sim.Event, decision sim.Event) Feedback {
	c := scoring.Coach(s, events, decision)
	return Feedback{Text: c.Text, Tone: string(c.Tone)}
}
