package scoring

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// TestLibraryScoresMeanReadiness asserts, for every built-in scenario, that
// its score cannot be won without being ready and does not hide a disaster:
//
//   - gamer: taking at T+1m every expected action offered at the start is
//     not rated P;
//   - click-everything: taking at T+1m every action offered at the start
//     (expected, neutral and harmful) scores below 65;
//   - one minute late: the ideal self-test (the first one expecting P) with
//     every decision that takes an expected action with a deadline moved to
//     one minute past that deadline scores 65 or more;
//   - consequence: every consequence's penalty is more than 15% of the
//     weight of all the scenario's expected actions, so that a team that
//     triggers it cannot reach 85 however well it does the rest.
//
// Run with -v for the table of these numbers per scenario.
func TestLibraryScoresMeanReadiness(t *testing.T) {
	lib, err := scenarios.Library()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%-28s %-12s %-16s %-16s %s", "scenario", "gamer", "click-all", "1 min late", "smallest consequence / 15% of weight")
	for _, s := range lib {
		p := libraryProperties(t, s)
		t.Logf("%-28s %-12s %-16s %-16s %s", s.ID, p.gamer.text(), p.clickAll.text(), p.late.text(), p.consequence)
		t.Run(s.ID, func(t *testing.T) {
			if p.gamer.rating == RatingP {
				t.Errorf("gamer (every expected action offered at the start, at T+1m) is rated P: %s", p.gamer.text())
			}
			if p.clickAll.score == nil || p.clickAll.score.Cmp(big.NewRat(65, 1)) >= 0 {
				t.Errorf("click-everything (every action offered at the start, at T+1m) scores %s, want below 65", p.clickAll.text())
			}
			switch {
			case p.idealMissing:
				t.Errorf("no self-test expects rating P: the library needs an ideal team")
			case p.late.err != nil:
				t.Errorf("one minute late: %v", p.late.err)
			case p.late.score == nil || p.late.score.Cmp(big.NewRat(65, 1)) < 0:
				t.Errorf("the ideal team one minute late on every deadline scores %s, want 65 or more", p.late.text())
			}
			for _, msg := range p.cheapConsequences {
				t.Error(msg)
			}
		})
	}
}

// outcome is a score and rating, or why a run failed.
type outcome struct {
	score  *big.Rat
	rating Rating
	err    error
}

func (o outcome) text() string {
	if o.err != nil {
		return "error"
	}
	return fmt.Sprintf("%s %s", FormatScore(o.score), ratingText(o.rating))
}

type properties struct {
	gamer, clickAll, late outcome
	idealMissing          bool
	consequence           string   // for the table
	cheapConsequences     []string // consequences too cheap to rule out P
}

func libraryProperties(t *testing.T, s *scenarios.Scenario) properties {
	var p properties
	p.gamer = playOutcome(s, offeredAtStart(t, s, true), nil)
	p.clickAll = playOutcome(s, offeredAtStart(t, s, false), nil)

	ideal := idealSelfTest(s)
	if ideal == nil {
		p.idealMissing = true
	} else {
		p.late = playOutcome(s, oneMinuteLate(t, s, ideal), ideal.End)
	}

	total := new(big.Rat)
	for i := range s.Actions {
		if e := s.Actions[i].Expected; e != nil {
			total.Add(total, e.Weight.Rat())
		}
	}
	bound := new(big.Rat).Mul(total, big.NewRat(15, 100))
	var smallest *big.Rat
	for i := range s.Injects {
		c := s.Injects[i].Consequence
		if c == nil {
			continue
		}
		pen := c.Penalty.Rat()
		if smallest == nil || pen.Cmp(smallest) < 0 {
			smallest = pen
		}
		if pen.Cmp(bound) <= 0 {
			p.cheapConsequences = append(p.cheapConsequences, fmt.Sprintf(
				"consequence of inject %q costs %s, not more than 15%% of the %s weight of all expected actions (%s): a team that triggers it could still be rated P",
				s.Injects[i].ID, c.Penalty, ratNumber(total), ratNumber(bound)))
		}
	}
	p.consequence = "none"
	if smallest != nil {
		p.consequence = fmt.Sprintf("%s / %s", ratNumber(smallest), ratNumber(bound))
	}
	return p
}

// offeredAtStart is every action (expectedOnly: every expected action) the
// team can take at T+1m, all taken then.
func offeredAtStart(t *testing.T, s *scenarios.Scenario, expectedOnly bool) []scenarios.Decision {
	const at = scenarios.Minute
	e := sim.NewEngine(s)
	if _, err := e.Advance(at); err != nil {
		t.Fatalf("%s: advance to T+1m: %v", s.ID, err)
	}
	var ds []scenarios.Decision
	for i := range s.Actions {
		a := &s.Actions[i]
		if (expectedOnly && a.Expected == nil) || !e.Available(a.ID) {
			continue
		}
		ds = append(ds, scenarios.Decision{At: at, Action: a.ID})
	}
	return ds
}

// oneMinuteLate is the ideal test's decisions with each one that takes an
// expected action with a deadline, on time in the ideal run, moved to one
// minute past that deadline (at most to the end), in time order.
func oneMinuteLate(t *testing.T, s *scenarios.Scenario, ideal *scenarios.Test) []scenarios.Decision {
	e, err := sim.Play(s, ideal.Decisions, ideal.End)
	if err != nil {
		t.Fatalf("%s: ideal test %q does not play: %v", s.ID, ideal.Name, err)
	}
	delivered := map[string]scenarios.Duration{}
	for _, ev := range e.Events() {
		if _, seen := delivered[ev.Inject]; ev.Kind == sim.KindDelivered && !seen {
			delivered[ev.Inject] = ev.At
		}
	}
	end := s.Duration
	if ideal.End != nil {
		end = *ideal.End
	}
	out := slices.Clone(ideal.Decisions)
	for i := range out {
		a, ok := s.Action(out[i].Action)
		if !ok || a.Expected == nil || a.Expected.Within == nil {
			continue
		}
		var anchor scenarios.Duration
		if after := a.Expected.After; after != "" {
			at, ok := delivered[after]
			if !ok {
				continue
			}
			anchor = at
		}
		if deadline := anchor + *a.Expected.Within; out[i].At <= deadline {
			out[i].At = min(deadline+scenarios.Minute, end)
		}
	}
	slices.SortStableFunc(out, func(a, b scenarios.Decision) int { return cmp.Compare(a.At, b.At) })
	return out
}

func playOutcome(s *scenarios.Scenario, ds []scenarios.Decision, end *scenarios.Duration) outcome {
	e, err := sim.Play(s, ds, end)
	if err != nil {
		return outcome{err: err}
	}
	r := Score(s, e.Events())
	return outcome{score: r.Exact, rating: r.Rating}
}
