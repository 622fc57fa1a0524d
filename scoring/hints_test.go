package scoring

import (
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

func TestHints(t *testing.T) {
	s, err := scenarios.Parse("rev11.yaml", []byte(rev11Scenario))
	if err != nil {
		t.Fatal(err)
	}
	const m = scenarios.Minute
	e, err := sim.Play(s, []scenarios.Decision{{At: 2 * m, Action: "act"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	evs := e.Events()[:2] // start delivered, act at 2m: still running
	tests := []struct {
		now  scenarios.Duration
		want []string
	}{
		{5 * m, nil}, // quick due at 10m: 5 min left, window 2m30s
		{7*m + 30, []string{"“Quick” (Containment) is due within 3 min."}},
		{9 * m, []string{"“Quick” (Containment) is due within 1 min."}},
		{10 * m, []string{"“Quick” (Containment) is due now."}},
		{11 * m, nil}, // past its deadline: missed, no hint
	}
	for _, tt := range tests {
		hs := Hints(s, evs, tt.now)
		var got []string
		for _, h := range hs {
			got = append(got, strings.TrimPrefix(h.Text, "Hint: "))
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("at %s: hints %q, want %q", tt.now, got, tt.want)
		}
	}
}

// Over every self-test of the library, minute by minute: a hint never holds
// the title or body of an inject not yet delivered, nor the label of an
// action not yet available.
func TestHintsRevealNothing(t *testing.T) {
	lib, err := scenarios.Library()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range lib {
		for ti := range s.Tests {
			tt := &s.Tests[ti]
			e, err := sim.Play(s, tt.Decisions, tt.End)
			if err != nil {
				t.Fatal(err)
			}
			evs := e.Events()
			n := 0
			for now := scenarios.Duration(0); now < s.Duration; now += scenarios.Minute {
				for n < len(evs) && evs[n].At <= now && evs[n].Kind != sim.KindEnd {
					n++
				}
				delivered := map[string]bool{}
				for _, ev := range evs[:n] {
					if ev.Kind == sim.KindDelivered {
						delivered[ev.Inject] = true
					}
				}
				for _, h := range Hints(s, evs[:n], now) {
					for i := range s.Injects {
						in := &s.Injects[i]
						if !delivered[in.ID] && (strings.Contains(h.Text, scenarios.SanitizeLine(in.Title)) || in.Body != "" && strings.Contains(in.Body, h.Text)) {
							t.Errorf("%s at %s: hint %q reveals inject %s", s.ID, now, h.Text, in.ID)
						}
					}
					for i := range s.Actions {
						a := &s.Actions[i]
						if a.AvailableAfter != "" && !delivered[a.AvailableAfter] && strings.Contains(h.Text, "“"+scenarios.SanitizeLine(a.Label)+"”") {
							t.Errorf("%s at %s: hint %q names %s, not yet available", s.ID, now, h.Text, a.ID)
						}
					}
				}
			}
		}
	}
}
