package scoring

import (
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
)

func TestCheckExpect(t *testing.T) {
	s := buildScenario(t, []scenarios.Phase{scenarios.Detection, scenarios.Containment, scenarios.Eradication}, "", []exp{
		{id: "triage", phase: det, weight: "3"},
		{id: "isolate", phase: cont, after: "spread", within: dp(5 * m)},
	}, []harm{{id: "wipe", phase: erad}}, "alert", "spread")
	// triage met (3 of 4 → 75.0 S overall), isolate missed, wipe avoided.
	r := Score(s, events(deliver("alert", 10*m), take("triage", 12*m), deliver("spread", 20*m), endAt(60*m)))
	score := func(v float64) *scenarios.ExpectedScore { return &scenarios.ExpectedScore{Value: v} }
	null := &scenarios.ExpectedScore{Null: true}
	tests := []struct {
		name string
		ex   scenarios.Expect
		diff string
	}{
		{"nothing expected", scenarios.Expect{}, ""},
		{"all hold", scenarios.Expect{
			Score: score(75), Rating: &scenarios.ExpectedRating{Value: "S"},
			Phases:    map[scenarios.Phase]scenarios.ExpectedScore{"detection": {Value: 100}, "containment": {Value: 0}, "eradication": {Null: true}},
			Statuses:  map[string]string{"triage": "met", "isolate": "missed", "wipe": "avoided"},
			Delivered: []string{"spread", "alert"},
		}, ""},
		{"score compared after rounding", scenarios.Expect{Score: score(75.04)}, ""},
		{"wrong score", scenarios.Expect{Score: score(80)}, "score: got 75.0, want 80.0"},
		{"score not null", scenarios.Expect{Score: null}, "score: got 75.0, want null"},
		{"wrong rating", scenarios.Expect{Rating: &scenarios.ExpectedRating{Value: "P"}}, "rating: got S, want P"},
		{"rating not null", scenarios.Expect{Rating: &scenarios.ExpectedRating{Null: true}}, "rating: got S, want null"},
		{"phase null", scenarios.Expect{Phases: map[scenarios.Phase]scenarios.ExpectedScore{"eradication": {Value: 50}}}, "phase eradication: got null, want 50.0"},
		{"first phase in scenario order", scenarios.Expect{Phases: map[scenarios.Phase]scenarios.ExpectedScore{"containment": {Value: 1}, "detection": {Value: 1}}}, "phase detection: got 100.0, want 1.0"},
		{"phase not in scenario", scenarios.Expect{Phases: map[scenarios.Phase]scenarios.ExpectedScore{"recovery": {Null: true}}}, "phase recovery: not a phase of this scenario"},
		{"wrong status", scenarios.Expect{Statuses: map[string]string{"isolate": "met"}}, "status of isolate: got missed, want met"},
		{"status of a neutral action", scenarios.Expect{Statuses: map[string]string{"distractor": "met"}}, "status of distractor: got none (neither expected nor harmful), want met"},
		{"status of an unknown action", scenarios.Expect{Statuses: map[string]string{"ghost": "met"}}, "status of ghost: no such action"},
		{"delivered but skipped", scenarios.Expect{Skipped: []string{"spread"}}, "skipped: spread was delivered"},
		{"never due", scenarios.Expect{Delivered: []string{"ghost"}}, "delivered: ghost was not due by the end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckExpect(s, &tt.ex, r); got != tt.diff {
				t.Errorf("diff = %q, want %q", got, tt.diff)
			}
		})
	}
}

func TestRunTests(t *testing.T) {
	s := buildScenario(t, []scenarios.Phase{scenarios.Detection, scenarios.Containment}, "", []exp{
		{id: "triage", phase: det, within: dp(15 * m)},
		{id: "isolate", phase: cont, after: "spread", within: dp(5 * m)},
	}, nil, "alert", "spread")
	s.Injects[1].When = &scenarios.Condition{NotTaken: "triage"}
	end := 40 * m
	s.Tests = []scenarios.Test{
		{Name: "ideal", Decisions: []scenarios.Decision{{At: 5 * m, Action: "triage"}},
			Expect: scenarios.Expect{Score: &scenarios.ExpectedScore{Value: 100}, Rating: &scenarios.ExpectedRating{Value: "P"},
				Statuses: map[string]string{"isolate": "not_applicable"}, Skipped: []string{"spread"}}},
		{Name: "slow", End: &end, Decisions: []scenarios.Decision{{At: 30 * m, Action: "triage"}},
			Expect: scenarios.Expect{Score: &scenarios.ExpectedScore{Value: 25}, Delivered: []string{"alert", "spread"}}},
		{Name: "wrong expectation", Decisions: []scenarios.Decision{{At: 5 * m, Action: "triage"}},
			Expect: scenarios.Expect{Score: &scenarios.ExpectedScore{Value: 80}}},
		{Name: "bad decision", Decisions: []scenarios.Decision{{At: 5 * m, Action: "no-such-action"}}},
	}
	got := RunTests(s)
	if len(got) != 4 {
		t.Fatalf("%d results, want 4", len(got))
	}
	for i, want := range []struct {
		pass bool
		diff string
	}{{true, ""}, {true, ""}, {false, "score: got 100.0, want 80.0"}, {false, "play: "}} {
		if got[i].Name != s.Tests[i].Name || got[i].Pass != want.pass || !strings.HasPrefix(got[i].Diff, want.diff) || (want.diff == "") != (got[i].Diff == "") {
			t.Errorf("test %d = %+v, want pass %v diff %q", i, got[i], want.pass, want.diff)
		}
	}
}
