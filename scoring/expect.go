package scoring

import (
	"fmt"
	"math"
	"math/big"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// TestResult is the outcome of one scenario self-test.
type TestResult struct {
	Name string
	Pass bool
	// Diff is the first difference, readable: "score: got 72.5, want 80.0".
	Diff string
	// Err is why the test's decisions could not be played (a
	// *sim.DecisionError names the decision), nil when they played.
	Err error
}

// CheckExpect compares a result with a test's expectations, in the order
// score, rating, phases (scenario order), objectives (file order),
// statuses (file order),
// delivered, skipped, and returns the first difference ("" when all hold).
// Scores are compared after rounding to one decimal. A `delivered` or
// `skipped` list holds when each inject in it was delivered / skipped;
// injects it does not name are not checked.
func CheckExpect(s *scenarios.Scenario, ex *scenarios.Expect, r *Result) string {
	if ex.Score != nil {
		if d := diffScore("score", ex.Score, r.Exact); d != "" {
			return d
		}
	}
	if ex.Rating != nil {
		want := Rating(ex.Rating.Value)
		if ex.Rating.Null {
			want = RatingNone
		}
		if r.Rating != want {
			return fmt.Sprintf("rating: got %s, want %s", ratingText(r.Rating), ratingText(want))
		}
	}
	for _, p := range s.Phases {
		want, ok := ex.Phases[p]
		if !ok {
			continue
		}
		got := r.Phase(p)
		if d := diffScore("phase "+string(p), &want, got.Exact); d != "" {
			return d
		}
	}
	for p := range ex.Phases {
		if r.Phase(p) == nil {
			return fmt.Sprintf("phase %s: not a phase of this scenario", p)
		}
	}
	for i, o := range s.Objectives {
		want, ok := ex.Objectives[o.ID]
		if !ok {
			continue
		}
		if d := diffScore("objective "+o.ID, &want, r.Objectives[i].Score); d != "" {
			return d
		}
	}
	for id := range ex.Objectives {
		if s.ObjectiveIndex(id) < 0 {
			return fmt.Sprintf("objective %s: no such objective", id)
		}
	}
	for _, a := range s.Actions {
		want, ok := ex.Statuses[a.ID]
		if !ok {
			continue
		}
		got := r.Action(a.ID)
		if got == nil {
			return fmt.Sprintf("status of %s: got none (neither expected nor harmful), want %s", a.ID, want)
		}
		if string(got.Status) != want {
			return fmt.Sprintf("status of %s: got %s, want %s", a.ID, got.Status, want)
		}
	}
	for id := range ex.Statuses {
		if s.ActionIndex(id) < 0 {
			return fmt.Sprintf("status of %s: no such action", id)
		}
	}
	if d := diffInjects("delivered", ex.Delivered, r); d != "" {
		return d
	}
	return diffInjects("skipped", ex.Skipped, r)
}

func diffScore(what string, want *scenarios.ExpectedScore, x *big.Rat) string {
	switch {
	case want.Null && x == nil:
		return ""
	case want.Null:
		return fmt.Sprintf("%s: got %s, want null", what, FormatScore(x))
	case x == nil:
		return fmt.Sprintf("%s: got null, want %s", what, formatTenths(roundFloat(want.Value)))
	case RoundScore(x) != roundFloat(want.Value):
		return fmt.Sprintf("%s: got %s, want %s", what, FormatScore(x), formatTenths(roundFloat(want.Value)))
	}
	return ""
}

// roundFloat rounds an expected score from a file to tenths, half away
// from zero.
func roundFloat(v float64) int64 { return int64(math.Round(v * 10)) }

func diffInjects(status string, ids []string, r *Result) string {
	for _, id := range ids {
		got := "not due by the end"
		for _, in := range r.Injects {
			if in.ID == id {
				got = in.Status
				break
			}
		}
		if got != status {
			return fmt.Sprintf("%s: %s was %s", status, id, got)
		}
	}
	return ""
}

func ratingText(r Rating) string {
	if r == RatingNone {
		return "null"
	}
	return string(r)
}

// RunTests runs each of the scenario's self-tests through the engine
// (sim.Play) and the scorer, and checks its expectations.
func RunTests(s *scenarios.Scenario) []TestResult {
	results := make([]TestResult, 0, len(s.Tests))
	for i := range s.Tests {
		results = append(results, RunTest(s, &s.Tests[i]))
	}
	return results
}

// RunTest runs one self-test.
func RunTest(s *scenarios.Scenario, t *scenarios.Test) TestResult {
	tr := TestResult{Name: t.Name}
	e, err := sim.Play(s, t.Decisions, t.End)
	if err != nil {
		tr.Diff = "play: " + err.Error()
		tr.Err = err
		return tr
	}
	tr.Diff = CheckExpect(s, &t.Expect, Score(s, e.Events()))
	tr.Pass = tr.Diff == ""
	return tr
}
