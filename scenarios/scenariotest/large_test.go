package scenariotest

import (
	"bytes"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
)

func TestLargeIsValid(t *testing.T) {
	sizes := []struct{ injects, actions int }{{1, 1}, {2, 2}, {60, 30}, {2000, 1000}}
	for _, sz := range sizes {
		data := Large(sz.injects, sz.actions)
		s, err := scenarios.Parse("large.yaml", data)
		if err != nil {
			t.Fatalf("Large(%d, %d) does not load:\n%v", sz.injects, sz.actions, err)
		}
		if len(s.Injects) != sz.injects || len(s.Actions) != sz.actions {
			t.Errorf("Large(%d, %d) has %d injects and %d actions", sz.injects, sz.actions, len(s.Injects), len(s.Actions))
		}
		if !bytes.Equal(data, Large(sz.injects, sz.actions)) {
			t.Errorf("Large(%d, %d) is not deterministic", sz.injects, sz.actions)
		}
		decisions := LargeDecisions(s, 500)
		for i, d := range decisions {
			kinds := 0
			for _, set := range []bool{d.Action != "", d.Text != "", d.Phase != ""} {
				if set {
					kinds++
				}
			}
			if kinds != 1 || d.At > s.Duration || i > 0 && d.At < decisions[i-1].At {
				t.Fatalf("decision %d is invalid: %+v", i, d)
			}
			if _, ok := s.Action(d.Action); d.Action != "" && !ok {
				t.Fatalf("decision %d names unknown action %q", i, d.Action)
			}
			if d.Phase != "" && !s.HasPhase(d.Phase) {
				t.Fatalf("decision %d names unknown phase %q", i, d.Phase)
			}
		}
	}
}

func TestLargeUsesEveryFeature(t *testing.T) {
	s, err := scenarios.Parse("large.yaml", Large(200, 100))
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, a := range s.Actions {
		counts[a.Kind()]++
		if e := a.Expected; e != nil {
			if e.Critical {
				counts["critical"]++
			}
			if e.After != "" {
				counts["anchored"]++
			}
			if e.Within != nil {
				counts["deadline"]++
			}
		}
	}
	for _, in := range s.Injects {
		if in.When != nil {
			counts["conditional"]++
		}
		if in.IsDecisionPoint() {
			counts["decision point"]++
		}
	}
	for _, k := range []string{"expected", "harmful", "neutral", "critical", "anchored", "deadline", "conditional", "decision point"} {
		if counts[k] == 0 {
			t.Errorf("no %s in Large(200, 100)", k)
		}
	}
	phases := map[scenarios.Phase]bool{}
	for _, a := range s.Actions {
		phases[a.Phase] = true
	}
	if len(phases) != len(scenarios.AllPhases) {
		t.Errorf("actions cover %d phases, want all", len(phases))
	}
}
