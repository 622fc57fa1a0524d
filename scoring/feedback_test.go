package scoring

import (
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

func TestCoach(t *testing.T) {
	s := buildScenario(t, nil, "", []exp{
		{id: "triage", phase: det, within: dp(10 * m)},
		{id: "isolate", phase: cont, after: "spread", within: dp(5 * m), critical: true},
		{id: "report", phase: rec},
	}, []harm{{id: "wipe", phase: erad, penalty: "2"}}, "spread")
	s.Actions[0].Label = "Triage \x1b[2Jthe alert"

	decision := func(action string, at scenarios.Duration, seq int) sim.Event {
		return sim.Event{Seq: seq, Kind: sim.KindDecision, Action: action, At: at}
	}
	tests := []struct {
		name     string
		before   []sim.Event
		decision sim.Event
		tone     Tone
		contains []string
	}{
		{"on time", nil, decision("triage", 5*m, 1), ToneGood, []string{"Expected action on time", "deadline T+00:10:00", "␛[2J"}},
		{"late", nil, decision("triage", 11*m, 1), ToneLate, []string{"late", "deadline was T+00:10:00", "50% credit"}},
		{"before its anchor", nil, decision("isolate", 1*m, 1), ToneGood, []string{"Critical action taken ahead of time: Label isolate."}},
		{"after its anchor, on time", []sim.Event{deliver("spread", 10*m)}, decision("isolate", 15*m, 2), ToneGood, []string{"deadline T+00:15:00"}},
		{"after its anchor, late", []sim.Event{deliver("spread", 10*m)}, decision("isolate", 16*m, 2), ToneLate, []string{"deadline was T+00:15:00"}},
		{"no deadline", nil, decision("report", 90*m, 1), ToneGood, []string{"on time: Label report."}},
		{"repeat", []sim.Event{decision("report", 10*m, 1)}, decision("report", 90*m, 2), ToneLate, []string{"Already taken at T+00:10:00"}},
		{"harmful", nil, decision("wipe", 3*m, 1), ToneHarmful, []string{"Harmful: Label wipe — wipe destroys evidence (penalty 2)"}},
		{"harmful again", []sim.Event{decision("wipe", 1*m, 1)}, decision("wipe", 3*m, 2), ToneHarmful, []string{"already counted once"}},
		{"neutral", nil, decision("distractor", 3*m, 1), ToneNeutral, []string{"Not an action this scenario expects"}},
		{"free text", nil, sim.Event{Seq: 1, Kind: sim.KindDecision, Text: "call legal", At: 3 * m}, ToneNeutral, []string{"not scored"}},
		{"unknown action", nil, decision("nope\x1b]0;x\x07", 3*m, 1), ToneNeutral, []string{"Unknown action", "␛"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The session may or may not already hold the decision: both must give the same answer.
			without := append([]sim.Event(nil), tt.before...)
			with := append(append([]sim.Event(nil), tt.before...), tt.decision)
			for _, evs := range [][]sim.Event{without, with} {
				c := Coach(s, evs, tt.decision)
				if c.Tone != tt.tone {
					t.Errorf("tone = %s, want %s (%s)", c.Tone, tt.tone, c.Text)
				}
				for _, want := range tt.contains {
					if !strings.Contains(c.Text, want) {
						t.Errorf("feedback %q does not contain %q", c.Text, want)
					}
				}
				if strings.ContainsAny(c.Text, "\x1b\x07\n") {
					t.Errorf("feedback %q holds raw control characters", c.Text)
				}
			}
		})
	}
}

// Coach follows the 1.1 rules: a conditional harm taken when its condition
// no longer holds is not called harmful, late credit follows the late
// window, and no feedback names an inject that has not been delivered.
func TestCoachRevision11(t *testing.T) {
	s, err := scenarios.Parse("rev11.yaml", []byte(rev11Scenario))
	if err != nil {
		t.Fatal(err)
	}
	const m = scenarios.Minute
	dec := func(seq int, action string, at scenarios.Duration) sim.Event {
		return sim.Event{Seq: seq, Kind: sim.KindDecision, Action: action, At: at}
	}
	tests := []struct {
		name     string
		before   []sim.Event
		decision sim.Event
		tone     Tone
		contains string
	}{
		{"wipe before imaging", nil, dec(1, "wipe", 2*m), ToneHarmful, "Harmful: Wipe"},
		{"wipe after imaging", []sim.Event{dec(1, "image", 2*m)}, dec(2, "wipe", 3*m), ToneNeutral, "Not harmful at this point"},
		{"wipe again after a harmless wipe", []sim.Event{dec(1, "image", 2*m), dec(2, "wipe", 3*m)}, dec(3, "wipe", 4*m), ToneNeutral, "Not harmful"},
		// 5 minutes into a 10-minute window: 1 − 0.5 × 5/10 = 75%.
		{"late within the window", nil, dec(1, "act", 15*m), ToneLate, "75% credit"},
		{"late past the window", nil, dec(1, "act", 40*m), ToneLate, "50% credit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Coach(s, tt.before, tt.decision)
			if c.Tone != tt.tone || !strings.Contains(c.Text, tt.contains) {
				t.Errorf("coach = %s %q, want %s containing %q", c.Tone, c.Text, tt.tone, tt.contains)
			}
			for i := range s.Injects {
				if in := &s.Injects[i]; in.At > tt.decision.At && strings.Contains(c.Text, in.Title) {
					t.Errorf("coach %q names inject %q, not delivered yet", c.Text, in.Title)
				}
			}
		})
	}
}
