package scoring

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// rev11Scenario uses the scoring keys of format revision 1.1:
//   - act (weight 2, detection) is due 10m after T+0, late window 10m
//     (late_credit 0.5); quick (weight 2, containment) is due at 10m with
//     its own 2m window and serves objective contain, critical;
//   - wipe is harmful (penalty 1, containment) only while image is not taken,
//     and counts against contain; image is neutral;
//   - spread, at 30m, is delivered unless quick was taken before, and costs
//     2 in containment against contain.
const rev11Scenario = `ttx: 1
id: rev11
title: Revision 1.1
summary: S.
duration: 1h
scoring: {late_credit: 0.5, late_window: 10m}
roles: [{id: lead, name: Lead}]
objectives:
  - {id: contain, text: Contain., capability: RS.MI}
  - {id: detect, text: Detect., capability: DE.AE}
actions:
  - id: act
    label: Act
    phase: detection
    expected: {weight: 2, within: 10m, recommendation: R., objective: detect}
  - id: quick
    label: Quick
    phase: containment
    expected: {weight: 2, within: 10m, late_window: 2m, critical: true, objective: contain, recommendation: R.}
  - {id: image, label: Image, phase: containment}
  - id: wipe
    label: Wipe
    phase: containment
    harmful: {why: W., when: {not_taken: image}, objective: contain}
injects:
  - {id: start, at: 0, title: Start}
  - id: spread
    at: 30m
    title: Spread
    phase: containment
    when: {not_taken: quick}
    consequence: {penalty: 2, why: It spread., objective: contain}
`

func TestScoreRevision11(t *testing.T) {
	s, err := scenarios.Parse("rev11.yaml", []byte(rev11Scenario))
	if err != nil {
		t.Fatal(err)
	}
	type take struct {
		at     scenarios.Duration
		action string
	}
	const m = scenarios.Minute
	tests := []struct {
		name       string
		takes      []take
		score      string
		rating     Rating
		phases     map[scenarios.Phase]string
		objectives map[string]string
		statuses   map[string]Status
		wipeAt     *scenarios.Duration
		penalty    string // Result.Penalty
	}{
		{name: "on time", takes: []take{{5 * m, "act"}, {10 * m, "quick"}}, score: "100.0", rating: RatingP,
			objectives: map[string]string{"contain": "100.0", "detect": "100.0"}, statuses: map[string]Status{"wipe": StatusAvoided}},
		// act 5m late of a 10m window: 2 × (1 − 0.5 × 5/10) = 1.5.
		{name: "late within the window", takes: []take{{15 * m, "act"}, {10 * m, "quick"}}, score: "87.5", rating: RatingP,
			phases: map[scenarios.Phase]string{scenarios.Detection: "75.0"}},
		// act 25m late: past the window, late_credit: 1. quick 1m late of
		// its own 2m window: 2 × (1 − 0.5 × 1/2) = 1.5, capped at S (critical late).
		{name: "late past the window, action window", takes: []take{{11 * m, "quick"}, {25 * m, "act"}}, score: "62.5", rating: RatingM,
			phases: map[scenarios.Phase]string{scenarios.Detection: "50.0", scenarios.Containment: "75.0"}, objectives: map[string]string{"contain": "75.0"}},
		{name: "late one second", takes: []take{{10*m + 1, "act"}, {10 * m, "quick"}}, score: "100.0", rating: RatingP},
		// image first, then wipe: the harm's condition no longer holds.
		{name: "image then wipe is harmless", takes: []take{{5 * m, "act"}, {5 * m, "quick"}, {6 * m, "image"}, {7 * m, "wipe"}},
			score: "100.0", rating: RatingP, statuses: map[string]Status{"wipe": StatusHarmless}, wipeAt: durP(7 * m), penalty: "0"},
		// At the same second, the record's order decides.
		{name: "image then wipe at the same second", takes: []take{{5 * m, "act"}, {5 * m, "quick"}, {6 * m, "image"}, {6 * m, "wipe"}},
			score: "100.0", rating: RatingP, statuses: map[string]Status{"wipe": StatusHarmless}},
		{name: "wipe then image is harmful once", takes: []take{{5 * m, "act"}, {5 * m, "quick"}, {6 * m, "wipe"}, {7 * m, "image"}, {8 * m, "wipe"}},
			score: "75.0", rating: RatingS, statuses: map[string]Status{"wipe": StatusTaken}, wipeAt: durP(6 * m), penalty: "1",
			objectives: map[string]string{"contain": "50.0", "detect": "100.0"}},
		// quick never taken: spread is delivered and costs 2 in containment.
		{name: "consequence delivered", takes: []take{{5 * m, "act"}}, score: "0.0", rating: RatingU,
			phases: map[scenarios.Phase]string{scenarios.Containment: "0.0", scenarios.Detection: "100.0"}, penalty: "2",
			objectives: map[string]string{"contain": "0.0"}, statuses: map[string]Status{"quick": StatusMissed}},
		// quick taken late (at 20m), still before spread: no consequence.
		{name: "late but before the consequence", takes: []take{{5 * m, "act"}, {20 * m, "quick"}}, score: "75.0", rating: RatingS, penalty: "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ds []scenarios.Decision
			for _, tk := range tt.takes {
				ds = append(ds, scenarios.Decision{At: tk.at, Action: tk.action})
			}
			slices.SortStableFunc(ds, func(a, b scenarios.Decision) int { return cmp.Compare(a.At, b.At) })
			e, err := sim.Play(s, ds, nil)
			if err != nil {
				t.Fatal(err)
			}
			r := Score(s, e.Events())
			if got := r.ScoreText(); got != tt.score || r.Rating != tt.rating {
				t.Errorf("score %s %s, want %s %s", got, r.Rating, tt.score, tt.rating)
			}
			for p, want := range tt.phases {
				if got := r.Phase(p).ScoreText(); got != want {
					t.Errorf("phase %s = %s, want %s", p, got, want)
				}
			}
			for id, want := range tt.objectives {
				o := r.Objectives[s.ObjectiveIndex(id)]
				if got := o.ScoreText(); got != want {
					t.Errorf("objective %s = %s, want %s", id, got, want)
				}
			}
			for id, want := range tt.statuses {
				if got := r.Action(id).Status; got != want {
					t.Errorf("status of %s = %s, want %s", id, got, want)
				}
			}
			if tt.wipeAt != nil {
				if got := r.Action("wipe").At; got == nil || *got != *tt.wipeAt {
					t.Errorf("wipe at = %v, want %v", got, *tt.wipeAt)
				}
			}
			if tt.penalty != "" && r.Penalty.String() != tt.penalty {
				t.Errorf("penalty = %s, want %s", r.Penalty, tt.penalty)
			}
		})
	}
}

func durP(d scenarios.Duration) *scenarios.Duration { return &d }

// The JSON object has the objectives and, on a delivered consequence, its
// penalty (spec: Score output, since format 1.1).
func TestScoreJSONRevision11(t *testing.T) {
	s, err := scenarios.Parse("rev11.yaml", []byte(rev11Scenario))
	if err != nil {
		t.Fatal(err)
	}
	e, err := sim.Play(s, []scenarios.Decision{{At: 5 * scenarios.Minute, Action: "act"}, {At: 6 * scenarios.Minute, Action: "image"}, {At: 7 * scenarios.Minute, Action: "wipe"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Score(s, e.Events()).WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	out := strings.Join(strings.Fields(buf.String()), "")
	for _, want := range []string{
		`"objectives":[{"objective":"contain","capability":"RS.MI","score":0.0,"rating":"U","weight":2,"credit":0,"penalty":2},{"objective":"detect","capability":"DE.AE","score":100.0,"rating":"P","weight":2,"credit":2,"penalty":0}]`,
		`{"id":"spread","status":"delivered","at_s":1800,"penalty":2}`,
		`{"id":"start","status":"delivered","at_s":0}`,
		`"status":"harmless","at_s":420`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %s:\n%s", want, out)
		}
	}
}

// The after-action report shows what format 1.1 adds: the jurisdiction,
// ATT&CK techniques with their names, story times, and the consequences the
// team triggered with their why and penalty.
func TestReportRevision11(t *testing.T) {
	src := strings.Replace(rev11Scenario, "duration: 1h\n", "duration: 1h\njurisdiction: EU (GDPR); Germany\nattack: [T1486]\n", 1)
	src = strings.Replace(src, "    title: Spread\n", "    title: Spread\n    story_time: Saturday 09:10\n    attack: [T1021.001, T1486]\n", 1)
	s, err := scenarios.Parse("rev11.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	e, err := sim.Play(s, []scenarios.Decision{{At: 5 * scenarios.Minute, Action: "act"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sess := &Session{Scenario: s, Events: e.Events()}
	for _, format := range []Format{FormatMarkdown, FormatHTML} {
		var buf bytes.Buffer
		if err := WriteReport(&buf, format, []*Session{sess}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, want := range []string{"EU (GDPR); Germany", "T1486 Data Encrypted for Impact", "T1021.001 Remote Desktop Protocol",
			"Consequences", "It spread.", "(Saturday 09:10)", "consequence, penalty 2"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s report lacks %q", format, want)
			}
		}
		if n := strings.Count(out, "T1486 Data Encrypted for Impact"); n != 1 {
			t.Errorf("%s report lists T1486 %d times, want once", format, n)
		}
	}
}

func TestReportJSONConsequences(t *testing.T) {
	s, err := scenarios.Parse("rev11.yaml", []byte(rev11Scenario))
	if err != nil {
		t.Fatal(err)
	}
	e, err := sim.Play(s, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteReport(&buf, FormatJSON, []*Session{{Scenario: s, Events: e.Events()}}); err != nil {
		t.Fatal(err)
	}
	out := strings.Join(strings.Fields(buf.String()), "")
	if want := `"consequences":[{"at_s":1800,"inject":"spread","title":"Spread","phase":"containment","why":"Itspread.","penalty":2}]`; !strings.Contains(out, want) {
		t.Errorf("report JSON lacks %s:\n%s", want, out)
	}
}
