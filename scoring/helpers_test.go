package scoring

import (
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// Helpers to build scenarios and sessions by hand, so that scoring tests
// depend on nothing but the data model.

func num(t testing.TB, s string) scenarios.Number {
	t.Helper()
	n, ok := scenarios.NewNumber(s)
	if !ok {
		t.Fatalf("bad number %q", s)
	}
	return n
}

func dp(d scenarios.Duration) *scenarios.Duration { return &d }

// exp is an expected action for tests.
type exp struct {
	id, phase, weight, after, capability string
	within                               *scenarios.Duration
	critical                             bool
}

// harm is a harmful action for tests.
type harm struct{ id, phase, penalty string }

func buildScenario(t testing.TB, phases []scenarios.Phase, lateCredit string, exps []exp, harms []harm, injects ...string) *scenarios.Scenario {
	t.Helper()
	s := &scenarios.Scenario{
		Version: 1, ID: "test", Title: "Test", Duration: 2 * scenarios.Hour,
		Roles:  []scenarios.Role{{ID: "ir", Name: "IR lead"}},
		Phases: phases,
	}
	if s.Phases == nil {
		s.Phases = scenarios.AllPhases
	}
	if lateCredit != "" {
		s.Scoring.LateCredit = num(t, lateCredit)
	}
	for _, e := range exps {
		w := e.weight
		if w == "" {
			w = "1"
		}
		s.Actions = append(s.Actions, scenarios.Action{
			ID: e.id, Label: "Label " + e.id, Phase: scenarios.Phase(e.phase),
			Expected: &scenarios.Expected{
				Weight: num(t, w), Critical: e.critical, After: e.after, Within: e.within,
				Capability: e.capability, Recommendation: "Do " + e.id + " sooner",
			},
		})
	}
	for _, h := range harms {
		p := h.penalty
		if p == "" {
			p = "1"
		}
		s.Actions = append(s.Actions, scenarios.Action{
			ID: h.id, Label: "Label " + h.id, Phase: scenarios.Phase(h.phase),
			Harmful: &scenarios.Harmful{Penalty: num(t, p), Why: h.id + " destroys evidence"},
		})
	}
	s.Actions = append(s.Actions, scenarios.Action{ID: "distractor", Label: "Neutral", Phase: scenarios.Detection})
	for i, id := range injects {
		s.Injects = append(s.Injects, scenarios.Inject{ID: id, At: scenarios.Duration(i+1) * 10 * scenarios.Minute, Title: "Inject " + id})
	}
	s.BuildIndex()
	return s
}

// session builds events in order, numbering them.
type session []sim.Event

func (ss session) add(ev sim.Event) session {
	ev.Seq = len(ss) + 1
	return append(ss, ev)
}

func deliver(id string, at scenarios.Duration) sim.Event {
	return sim.Event{Kind: sim.KindDelivered, Inject: id, At: at}
}
func skip(id string, at scenarios.Duration) sim.Event {
	return sim.Event{Kind: sim.KindSkipped, Inject: id, At: at}
}
func take(id string, at scenarios.Duration) sim.Event {
	return sim.Event{Kind: sim.KindDecision, Action: id, At: at}
}
func endAt(at scenarios.Duration) sim.Event { return sim.Event{Kind: sim.KindEnd, At: at} }

func events(evs ...sim.Event) []sim.Event {
	var ss session
	for _, ev := range evs {
		ss = ss.add(ev)
	}
	return ss
}
