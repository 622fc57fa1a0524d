package scenarios

import (
	"strings"
	"testing"
)

// lintBase is a scenario with no warnings; cases edit it.
const lintBase = `ttx: 1
id: lint
title: Lint
summary: S.
duration: 1h
phases: [detection, containment]
roles:
  - {id: lead, name: Lead}
objectives:
  - {id: obj, text: Do it.}
actions:
  - id: detect
    label: Detect
    phase: detection
    expected: {recommendation: R., objective: obj}
  - id: contain
    label: Contain
    phase: containment
    expected: {recommendation: R., after: alert, within: 10m}
injects:
  - id: alert
    at: 10m
    title: Alert
  - id: follow-up
    at: 20m
    title: Follow-up
    to: [lead]
    when: {delivered: alert}
tests:
  - name: t
`

func TestLint(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []string // "line:col: warning: substring", in order; none: no warning
	}{
		{"clean", "", "", nil},
		{"delivered later", "when: {delivered: alert}", "when: {delivered: late}\n  - {id: late, at: 30m, title: Late}",
			[]string{`28:11: warning: inject "follow-up" can never be delivered`}},
		{"delivered itself", "when: {delivered: alert}", "when: {delivered: follow-up}",
			[]string{`28:11: warning: inject "follow-up" can never be delivered`}},
		{"same time, later in file", "    at: 10m\n    title: Alert\n", "    at: 10m\n    title: Alert\n    when: {delivered: follow-up}\n",
			[]string{`24:11: warning: inject "alert" can never be delivered`, `29:11: warning: inject "follow-up" can never be delivered`}},
		{"taken at time zero", "    at: 10m\n    title: Alert\n", "    at: 0\n    title: Alert\n    when: {taken: detect}\n",
			[]string{`16:5: warning: action "contain" is anchored to inject "alert", which can never be delivered`, `24:11: warning: inject "alert" can never be delivered`, `29:11: warning: inject "follow-up" can never be delivered`}},
		{"not of not_taken at zero", "    at: 10m\n    title: Alert\n", "    at: 0\n    title: Alert\n    when: {not: {not_taken: detect}}\n",
			[]string{`action "contain" is anchored`, `inject "alert" can never be delivered`}},
		{"any keeps it possible", "when: {delivered: alert}", "when: {any: [{delivered: nope-later}, {taken: detect}]}\n  - {id: nope-later, at: 50m, title: X}", nil},
		{"deadline past duration", "within: 10m", "within: 55m",
			[]string{`16:5: warning: action "contain": its deadline T+01:05:00 is past the end of the scenario (T+01:00:00)`}},
		{"objective unserved", ", objective: obj}", "}",
			[]string{`10:5: warning: objective "obj" is served by no expected action`}},
		{"inject for everyone addresses every role", "  - {id: lead, name: Lead}\n", "  - {id: lead, name: Lead}\n  - {id: comms, name: Comms}\n", nil},
		{"phase without expected", "phases: [detection, containment]", "phases: [detection, containment, recovery]",
			[]string{`6:34: warning: phase "recovery" has no expected action`}},
		{"inject phase unused", "    title: Alert\n", "    title: Alert\n    phase: recovery\n",
			[]string{`21:5: warning: inject "alert" belongs to phase "recovery"`}},
		{"attack ids", "phases: [detection, containment]", "phases: [detection, containment]\nattack: [T1566.001, T0831, T9999, T1002, T0810]",
			[]string{`7:28: warning: ATT&CK technique T9999 does not exist`, `7:35: warning: ATT&CK technique T1002 (Data Compressed) is revoked: use T1560 Archive Collected Data instead`,
				`7:42: warning: ATT&CK technique T0810 (Data Historian Compromise) is deprecated in ATT&CK, with no replacement`}},
		{"inject attack id", "    title: Alert\n", "    title: Alert\n    attack: [T1566.009]\n",
			[]string{`24:14: warning: ATT&CK technique T1566.009 does not exist`}},
		{"available after an inject never delivered", "injects:\n", "  - {id: late, label: L, phase: detection, available_after: ghost}\ninjects:\n  - {id: ghost, at: 5m, title: G, when: {delivered: follow-up}}\n",
			[]string{`20:5: warning: action "late" is available only after inject "ghost", which can never be delivered`, `inject "ghost" can never be delivered`}},
		{"available after its deadline", "within: 10m}", "within: 5m}\n    available_after: follow-up",
			[]string{`16:5: warning: action "contain" becomes available at T+00:20:00 (inject "follow-up"), after its deadline T+00:15:00`}},
		{"available before its deadline", "within: 10m}", "within: 10m}\n    available_after: alert", nil},
		{"choice offered from the start", "injects:\n", "  - {id: go, label: Go, phase: detection}\n  - {id: wait, label: Wait, phase: detection, available_after: alert}\ninjects:\n  - {id: point, at: 15m, title: P, choices: [go, wait]}\n",
			[]string{`20:5: warning: action "go" answers decision point "point" but is offered from the start: add ` + "`available_after: point`"}},
		{"a general action may answer a contingency point", "injects:\n", "  - {id: wait, label: Wait, phase: detection, available_after: alert}\ninjects:\n  - {id: point, at: 15m, title: P, choices: [contain, wait]}\n", nil},
		{"choice available after its point", "injects:\n", "  - {id: go, label: Go, phase: detection, available_after: follow-up}\n  - {id: wait, label: Wait, phase: detection, available_after: point}\ninjects:\n  - {id: point, at: 15m, title: P, choices: [go, wait]}\n",
			[]string{`20:5: warning: action "go" answers decision point "point" (at T+00:15:00) but becomes available only at T+00:20:00 (inject "follow-up")`}},
		{"no tests", "tests:\n  - name: t\n", "",
			[]string{`1:1: warning: the scenario has no tests`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := lintBase
			if tt.old != "" {
				if !strings.Contains(src, tt.old) {
					t.Fatalf("base has no %q", tt.old)
				}
				src = strings.Replace(src, tt.old, tt.new, 1)
			}
			s, err := Parse("l.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			got := Lint(s)
			if len(tt.want) == 0 && len(got) > 0 {
				t.Fatalf("unexpected warnings:\n%v", got)
			}
			rest := got.Error()
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("want %q in\n%v", w, got)
				}
				rest = rest[i+len(w):]
			}
			for _, p := range got {
				if p.Severity != SeverityWarning {
					t.Errorf("lint problem is not a warning: %v", p)
				}
			}
		})
	}
}

func TestLintRoleWithoutInject(t *testing.T) {
	src := strings.Replace(lintBase, "    title: Alert\n", "    title: Alert\n    to: [lead]\n", 1)
	src = strings.Replace(src, "  - {id: lead, name: Lead}\n", "  - {id: lead, name: Lead}\n  - {id: comms, name: Comms}\n", 1)
	s, err := Parse("l.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := Lint(s).Error(); got != `l.yaml:9:5: warning: role "comms" receives no inject` {
		t.Errorf("Lint = %q", got)
	}
}

func TestLintRecommendationPlaceholder(t *testing.T) {
	src := `ttx: 1
id: p
title: P
summary: s
duration: 10m
roles: [{id: a, name: A}]
actions:
  - id: x
    label: X
    phase: detection
    expected: {recommendation: "TODO: write it"}
injects: [{id: i, at: 0, title: I}]
`
	s, err := Parse("p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range Lint(s) {
		if strings.Contains(p.Msg, "placeholder") && p.Pos.Line == 8 {
			found = true
		}
	}
	if !found {
		t.Errorf("no placeholder warning at the action: %v", Lint(s))
	}
}
