// Package scenariotest generates large, valid scenarios and decision lists
// for benchmarks and tests of every package that consumes scenarios.
package scenariotest

import (
	"fmt"
	"strings"

	"github.com/ttx-sim/ttx/scenarios"
)

// LargeDuration is the planned length of every Large scenario.
const LargeDuration = 10 * scenarios.Hour

var roles = []string{"lead", "soc", "it-ops", "comms", "legal"}

// Large returns a deterministic, valid scenario in YAML with the given
// numbers of injects and actions (at least 1 each). It uses every feature
// of the format: all six phases, objectives, expected actions (weighted,
// critical, anchored, with deadlines), harmful and neutral actions,
// conditional injects (taken, not_taken, delivered, all, any, not),
// decision points, facilitator notes, questions, ATT&CK ids and a test.
func Large(injects, actions int) []byte {
	injects, actions = max(injects, 1), max(actions, 1)
	var b strings.Builder
	b.Grow(injects*260 + actions*240)
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }

	w("ttx: 1\nid: large-%d-%d\ntitle: Generated scenario with %d injects and %d actions\n", injects, actions, injects, actions)
	w("summary: |\n  A generated scenario for benchmarks. **Not** a real exercise.\n")
	w("duration: %s\ntags: [generated, benchmark]\nattack: [T1566.001, T1486]\n", LargeDuration)
	w("roles:\n")
	for _, r := range roles {
		w("  - {id: %s, name: %s team, description: Plays the %s part.}\n", r, strings.ToUpper(r[:1])+r[1:], r)
	}
	w("phases: [%s]\n", scenarios.PhaseList(scenarios.AllPhases))
	w("objectives:\n")
	for _, ph := range scenarios.AllPhases {
		w("  - {id: obj-%s, text: Perform %s well., capability: RS.MI}\n", ph, ph)
	}
	w("actions:\n")
	for i := range actions {
		ph := scenarios.AllPhases[i%len(scenarios.AllPhases)]
		w("  - id: %s\n    label: Action %d of phase %s\n    phase: %s\n    role: %s\n", actionID(i), i, ph, ph, roles[i%len(roles)])
		switch kind := i % 10; {
		case kind < 4:
			w("    expected:\n      weight: %d\n", 1+i%3)
			if i%20 == 0 {
				w("      critical: true\n")
			}
			if i%4 == 1 && injects > 1 {
				w("      after: %s\n", injectID(i*7%injects))
			}
			if i%3 == 0 {
				w("      within: 30m\n")
			}
			w("      objective: obj-%s\n      capability: RS.AN\n      recommendation: Practise action %d.\n", ph, i)
		case kind < 6:
			w("    harmful: {penalty: %d, why: Action %d destroys evidence.}\n", 1+i%2, i)
		default:
			w("    description: A plausible distractor.\n")
		}
	}
	w("injects:\n")
	for i := range injects {
		at := scenarios.Duration(int64(i) * int64(LargeDuration) / int64(injects))
		ph := scenarios.AllPhases[i*len(scenarios.AllPhases)/injects]
		w("  - id: %s\n    at: %s\n    title: Event %d\n    channel: %s\n    phase: %s\n", injectID(i), at, i, scenarios.AllChannels[i%len(scenarios.AllChannels)], ph)
		if i%5 != 4 {
			w("    to: [%s]\n", roles[i%len(roles)])
		}
		if i%3 == 0 {
			w("    from: Sender %d\n", i%9)
		}
		w("    body: Something **happened** on host `WS-%04d`.\n", i)
		if cond := condition(i, actions); cond != "" {
			w("    when: %s\n", cond)
		}
		if i%50 == 25 && actions >= 2 {
			w("    choices: [%s, %s]\n", actionID(i%actions), actionID((i+1)%actions))
		}
		if i%10 == 3 {
			w("    attack: [T1021.002]\n    facilitator_notes: Push the team towards isolation.\n    questions: [\"Who decides?\"]\n")
		}
	}
	w("scoring:\n  late_credit: 0.5\n")
	w("tests:\n  - name: first action at once\n    decisions:\n      - {at: 0, action: %s, role: lead}\n", actionID(0))
	w("    expect:\n      delivered: [%s]\n", injectID(0))
	return []byte(b.String())
}

// condition returns a flow-style condition for inject i, or "" for none.
func condition(i, actions int) string {
	a := actionID((i * 3) % actions)
	prev := injectID(i - 1)
	switch {
	case i == 0:
		return ""
	case i%7 == 3:
		return fmt.Sprintf("{taken: %s}", a)
	case i%11 == 5:
		return fmt.Sprintf("{delivered: %s}", prev)
	case i%13 == 6:
		return fmt.Sprintf("{any: [{not_taken: %s}, {delivered: %s}]}", a, prev)
	case i%17 == 8:
		return fmt.Sprintf("{all: [{not: {taken: %s}}, {delivered: %s}]}", a, prev)
	}
	return ""
}

func actionID(i int) string { return fmt.Sprintf("act-%05d", i) }
func injectID(i int) string { return fmt.Sprintf("inj-%05d", i) }

// LargeDecisions returns n deterministic decisions that are valid for s:
// non-decreasing times spread over its duration, mostly catalogue actions,
// every tenth a free text and every twentieth a phase change.
func LargeDecisions(s *scenarios.Scenario, n int) []scenarios.Decision {
	out := make([]scenarios.Decision, n)
	for k := range out {
		d := scenarios.Decision{At: scenarios.Duration(int64(k) * int64(s.Duration) / int64(max(n, 1)))}
		switch {
		case k%20 == 19:
			d.Phase = s.Phases[(k/20+1)%len(s.Phases)]
		case k%10 == 4:
			d.Text = fmt.Sprintf("Free-text decision %d", k)
		default:
			d.Action = s.Actions[(k*7)%len(s.Actions)].ID
		}
		if k%3 == 0 && len(s.Roles) > 0 {
			d.Role = s.Roles[k%len(s.Roles)].ID
		}
		if k%8 == 0 {
			d.Note = "Because the runbook says so."
		}
		out[k] = d
	}
	return out
}
