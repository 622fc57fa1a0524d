package scoring

import (
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// A struck decision counts as never taken, and the report's timeline shows
// it struck with its reason.
func TestStruckDecisionCountsAsNeverTaken(t *testing.T) {
	s := buildScenario(t, nil, "", []exp{{id: "triage", phase: "detection"}}, []harm{{id: "wipe", phase: "detection"}})
	evs := events(
		take("triage", 5*scenarios.Minute),
		take("wipe", 6*scenarios.Minute),
		sim.Event{Kind: sim.KindStrike, At: 7 * scenarios.Minute, Ref: 1, Text: "entered for the wrong team"},
		sim.Event{Kind: sim.KindStrike, At: 7 * scenarios.Minute, Ref: 2, Text: "double enter"},
		endAt(10*scenarios.Minute),
	)
	res := Score(s, evs)
	for _, a := range res.Actions {
		switch a.ID {
		case "triage":
			if a.Status != StatusMissed {
				t.Errorf("struck expected action: %s, want missed", a.Status)
			}
		case "wipe":
			if a.Status == StatusTaken {
				t.Errorf("struck harmful action still counts as taken")
			}
		}
	}
	rep := BuildReport(&Session{Scenario: s, Events: evs})
	var struck []string
	for _, e := range rep.Timeline {
		if e.Kind == "struck" {
			struck = append(struck, e.Text+" | "+e.Tag)
		}
	}
	if len(struck) != 2 || !strings.Contains(struck[0], "Label triage | struck: entered for the wrong team") {
		t.Fatalf("timeline struck entries: %q", struck)
	}
}
