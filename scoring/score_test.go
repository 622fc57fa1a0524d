package scoring

import (
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

const (
	det  = "detection"
	cont = "containment"
	erad = "eradication"
	rec  = "recovery"
	m    = scenarios.Minute
)

func TestScoreRules(t *testing.T) {
	three := []scenarios.Phase{scenarios.Detection, scenarios.Containment, scenarios.Eradication}
	tests := []struct {
		name     string
		s        *scenarios.Scenario
		events   []sim.Event
		score    string // rounded, "n/a" for null
		rating   Rating
		phases   map[scenarios.Phase]string // phase → "score rating"
		statuses map[string]Status
		check    func(t *testing.T, r *Result)
	}{
		{
			name:   "all met on time",
			s:      buildScenario(t, three, "", []exp{{id: "a", phase: det, within: dp(10 * m)}, {id: "b", phase: cont}}, nil),
			events: events(take("a", 5*m), take("b", 90*m), endAt(2*scenarios.Hour)),
			score:  "100.0", rating: RatingP,
			phases:   map[scenarios.Phase]string{"detection": "100.0 P", "containment": "100.0 P", "eradication": "n/a "},
			statuses: map[string]Status{"a": StatusMet, "b": StatusMet},
		},
		{
			name:   "met exactly at the deadline",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det, within: dp(10 * m)}}, nil),
			events: events(take("a", 10*m), endAt(60*m)),
			score:  "100.0", rating: RatingP, statuses: map[string]Status{"a": StatusMet},
		},
		{
			name:   "late with the default late credit 0.5",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det, weight: "2", within: dp(10 * m)}}, nil),
			events: events(take("a", 10*m+1), endAt(60*m)),
			score:  "50.0", rating: RatingM, statuses: map[string]Status{"a": StatusLate},
			check: func(t *testing.T, r *Result) {
				if got := r.Actions[0].Credit.String(); got != "1" {
					t.Errorf("credit = %s, want 1", got)
				}
			},
		},
		{
			name:   "late credit 0",
			s:      buildScenario(t, nil, "0", []exp{{id: "a", phase: det, within: dp(10 * m)}, {id: "b", phase: det}}, nil),
			events: events(take("a", 20*m), take("b", 20*m), endAt(60*m)),
			score:  "50.0", rating: RatingM, statuses: map[string]Status{"a": StatusLate, "b": StatusMet},
		},
		{
			name:   "late credit 1",
			s:      buildScenario(t, nil, "1", []exp{{id: "a", phase: det, within: dp(10 * m)}}, nil),
			events: events(take("a", 20*m), endAt(60*m)),
			score:  "100.0", rating: RatingP, statuses: map[string]Status{"a": StatusLate},
		},
		{
			name:   "only the first take counts",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det, within: dp(10 * m)}}, nil),
			events: events(take("a", 20*m), take("a", 25*m), endAt(60*m)),
			score:  "50.0", statuses: map[string]Status{"a": StatusLate}, rating: RatingM,
			check: func(t *testing.T, r *Result) {
				if a := r.Action("a"); *a.At != 20*m || a.Times != 2 {
					t.Errorf("at = %v, times = %d; want 20m, 2", *a.At, a.Times)
				}
			},
		},
		{
			name:   "missed",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det}, {id: "b", phase: det}}, nil),
			events: events(take("a", 5*m), endAt(60*m)),
			score:  "50.0", rating: RatingM, statuses: map[string]Status{"a": StatusMet, "b": StatusMissed},
		},
		{
			name: "anchor never delivered: not applicable, out of the weight",
			s: buildScenario(t, nil, "", []exp{{id: "a", phase: det}, {id: "b", phase: cont, after: "spread", within: dp(5 * m)}}, nil,
				"spread"),
			events: events(take("a", 5*m), skip("spread", 10*m), take("b", 12*m), endAt(60*m)),
			score:  "100.0", rating: RatingP,
			phases:   map[scenarios.Phase]string{"detection": "100.0 P", "containment": "n/a "},
			statuses: map[string]Status{"a": StatusMet, "b": StatusNotApplicable},
			check: func(t *testing.T, r *Result) {
				if b := r.Action("b"); b.Deadline != nil || b.Credit.String() != "0" || b.At == nil {
					t.Errorf("not applicable action: deadline %v credit %s at %v", b.Deadline, b.Credit, b.At)
				}
			},
		},
		{
			name:   "anchor delivered: deadline from the delivery",
			s:      buildScenario(t, nil, "", []exp{{id: "b", phase: cont, after: "spread", within: dp(5 * m)}}, nil, "spread"),
			events: events(deliver("spread", 10*m), take("b", 16*m), endAt(60*m)),
			score:  "50.0", rating: RatingM, statuses: map[string]Status{"b": StatusLate},
			check: func(t *testing.T, r *Result) {
				b := r.Action("b")
				if *b.Deadline != 15*m || *b.ResponseTime != 6*m || *b.AnchorAt != 10*m {
					t.Errorf("deadline %v response %v anchor %v", *b.Deadline, *b.ResponseTime, *b.AnchorAt)
				}
			},
		},
		{
			name:   "taken before the anchor arrives counts as met",
			s:      buildScenario(t, nil, "", []exp{{id: "b", phase: cont, after: "spread", within: dp(5 * m)}}, nil, "spread"),
			events: events(take("b", 2*m), deliver("spread", 10*m), endAt(60*m)),
			score:  "100.0", rating: RatingP, statuses: map[string]Status{"b": StatusMet},
			check: func(t *testing.T, r *Result) {
				if got := *r.Action("b").ResponseTime; got != 0 {
					t.Errorf("response time = %v, want 0", got)
				}
			},
		},
		{
			name:   "anchor without within: deadline is the end",
			s:      buildScenario(t, nil, "", []exp{{id: "b", phase: cont, after: "spread"}}, nil, "spread"),
			events: events(deliver("spread", 10*m), take("b", 50*m), endAt(50*m)),
			score:  "100.0", rating: RatingP, statuses: map[string]Status{"b": StatusMet},
		},
		{
			name:   "anchor delivered exactly at the end is applicable",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det}, {id: "b", phase: cont, after: "spread"}}, nil, "spread"),
			events: events(take("a", 1*m), deliver("spread", 10*m), endAt(10*m)),
			score:  "50.0", rating: RatingM, statuses: map[string]Status{"a": StatusMet, "b": StatusMissed},
		},
		{
			name: "harmful in a phase with no expected action: null phase, penalty kept",
			s: buildScenario(t, three, "", []exp{{id: "a", phase: det, weight: "4"}},
				[]harm{{id: "wipe", phase: erad, penalty: "2"}}),
			events: events(take("a", 5*m), take("wipe", 6*m), take("wipe", 7*m), endAt(60*m)),
			score:  "50.0", rating: RatingM,
			phases:   map[scenarios.Phase]string{"detection": "100.0 P", "eradication": "n/a "},
			statuses: map[string]Status{"a": StatusMet, "wipe": StatusTaken},
			check: func(t *testing.T, r *Result) {
				if got := r.Phase(scenarios.Eradication).Penalty.String(); got != "2" {
					t.Errorf("eradication penalty = %s, want 2 (once, however often taken)", got)
				}
			},
		},
		{
			name:   "harmful avoided",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det}}, []harm{{id: "wipe", phase: det}}),
			events: events(take("a", 5*m), endAt(60*m)),
			score:  "100.0", rating: RatingP, statuses: map[string]Status{"wipe": StatusAvoided},
		},
		{
			name:   "clamped at 0",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det}}, []harm{{id: "wipe", phase: det, penalty: "5"}}),
			events: events(take("a", 5*m), take("wipe", 6*m), endAt(60*m)),
			score:  "0.0", rating: RatingU,
			phases: map[scenarios.Phase]string{"detection": "0.0 U"},
		},
		{
			name: "critical missed in one phase and late in another",
			s: buildScenario(t, three, "1", []exp{
				{id: "a", phase: det, critical: true}, {id: "a2", phase: det, weight: "9"},
				{id: "b", phase: cont, critical: true, within: dp(5 * m)}, {id: "b2", phase: cont, weight: "9"},
			}, nil),
			events: events(take("a2", 1*m), take("b", 30*m), take("b2", 31*m), endAt(60*m)),
			// detection 90 capped at M; containment 100 (late credit 1) capped at S; overall 95 capped at M.
			score: "95.0", rating: RatingM,
			phases:   map[scenarios.Phase]string{"detection": "90.0 M", "containment": "100.0 S", "eradication": "n/a "},
			statuses: map[string]Status{"a": StatusMissed, "b": StatusLate},
		},
		{
			name:   "a cap never raises a rating",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det, critical: true}, {id: "b", phase: det, weight: "3"}}, nil),
			events: events(endAt(60 * m)),
			score:  "0.0", rating: RatingU,
		},
		{
			name:   "exactly 85 is P (17 of 20)",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det, weight: "17"}, {id: "b", phase: det, weight: "3"}}, nil),
			events: events(take("a", 1*m), endAt(60*m)),
			score:  "85.0", rating: RatingP,
		},
		{
			name:   "exactly 85 with decimal weights (1.7 of 2)",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det, weight: "1.7"}, {id: "b", phase: det, weight: "0.3"}}, nil),
			events: events(take("a", 1*m), endAt(60*m)),
			score:  "85.0", rating: RatingP,
		},
		{
			name:   "just under 85 is S though it rounds to 85.0",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det, weight: "8499"}, {id: "b", phase: det, weight: "1501"}}, nil),
			events: events(take("a", 1*m), endAt(60*m)),
			score:  "85.0", rating: RatingS,
		},
		{
			name:   "exactly 65 is S, exactly 40 is M",
			s:      buildScenario(t, []scenarios.Phase{scenarios.Detection, scenarios.Containment}, "", []exp{{id: "a", phase: det, weight: "13"}, {id: "b", phase: det, weight: "7"}, {id: "c", phase: cont, weight: "2"}, {id: "d", phase: cont, weight: "3"}}, nil),
			events: events(take("a", 1*m), take("c", 1*m), endAt(60*m)),
			score:  "60.0", rating: RatingM,
			phases: map[scenarios.Phase]string{"detection": "65.0 S", "containment": "40.0 M"},
		},
		{
			name:   "rounding half away from zero: 6.25 → 6.3",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det, weight: "1"}, {id: "b", phase: det, weight: "15"}}, nil),
			events: events(take("a", 1*m), endAt(60*m)),
			score:  "6.3", rating: RatingU,
		},
		{
			name:   "rounding half away from zero: 72.35 → 72.4 (not binary 72.3)",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det, weight: "0.7235"}, {id: "b", phase: det, weight: "0.2765"}}, nil),
			events: events(take("a", 1*m), endAt(60*m)),
			score:  "72.4", rating: RatingS,
		},
		{
			name:   "rounding: 72.25 → 72.3 (not half-even 72.2)",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det, weight: "0.7225"}, {id: "b", phase: det, weight: "0.2775"}}, nil),
			events: events(take("a", 1*m), endAt(60*m)),
			score:  "72.3", rating: RatingS,
		},
		{
			name:   "rounding: 2 of 3 → 66.7",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det, weight: "2"}, {id: "b", phase: det}}, nil),
			events: events(take("a", 1*m), endAt(60*m)),
			score:  "66.7", rating: RatingS,
		},
		{
			name:   "null overall when nothing is applicable",
			s:      buildScenario(t, nil, "", []exp{{id: "b", phase: cont, after: "spread"}}, []harm{{id: "wipe", phase: erad}}, "spread"),
			events: events(take("wipe", 1*m), skip("spread", 10*m), endAt(60*m)),
			score:  "n/a", rating: RatingNone,
			statuses: map[string]Status{"b": StatusNotApplicable, "wipe": StatusTaken},
			check: func(t *testing.T, r *Result) {
				if r.Score != nil || r.Exact != nil {
					t.Errorf("score = %v, want nil", r.Score)
				}
			},
		},
		{
			name:   "no end event: provisional at the last event",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det}, {id: "b", phase: det, within: dp(5 * m)}}, nil),
			events: events(take("a", 20*m)),
			score:  "50.0", rating: RatingM, statuses: map[string]Status{"a": StatusMet, "b": StatusMissed},
			check: func(t *testing.T, r *Result) {
				if r.Ended || r.EndedAt != 20*m || *r.Action("a").Deadline != 20*m {
					t.Errorf("ended %v at %v deadline %v; want provisional at 20m", r.Ended, r.EndedAt, *r.Action("a").Deadline)
				}
			},
		},
		{
			name:   "empty session",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det}}, nil),
			events: nil,
			score:  "0.0", rating: RatingU,
			check: func(t *testing.T, r *Result) {
				if r.Ended || r.EndedAt != 0 || len(r.Injects) != 0 {
					t.Errorf("ended %v at %v injects %v", r.Ended, r.EndedAt, r.Injects)
				}
			},
		},
		{
			name:   "events after the end are ignored",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det}}, nil, "late"),
			events: events(endAt(30*m), take("a", 40*m), deliver("late", 40*m)),
			score:  "0.0", rating: RatingU, statuses: map[string]Status{"a": StatusMissed},
			check: func(t *testing.T, r *Result) {
				if !r.Ended || r.EndedAt != 30*m || len(r.Injects) != 0 {
					t.Errorf("ended %v at %v injects %v", r.Ended, r.EndedAt, r.Injects)
				}
			},
		},
		{
			name: "decisions at the end count; free text is not scored",
			s:    buildScenario(t, nil, "", []exp{{id: "a", phase: det}}, nil),
			events: events(sim.Event{Kind: sim.KindDecision, Text: "call the CEO", Phase: scenarios.Preparation, At: 1 * m},
				take("a", 60*m), endAt(60*m)),
			score: "100.0", rating: RatingP,
			check: func(t *testing.T, r *Result) {
				if r.FreeText != 1 || r.Decisions != 1 {
					t.Errorf("free text %d decisions %d", r.FreeText, r.Decisions)
				}
				if p := r.Phase(scenarios.Preparation); p.FirstDecisionAt == nil || *p.FirstDecisionAt != 1*m {
					t.Errorf("preparation first decision = %v, want 1m", p.FirstDecisionAt)
				}
				if p := r.Phase(scenarios.Detection); *p.FirstDecisionAt != 60*m {
					t.Errorf("detection first decision = %v, want 60m", *p.FirstDecisionAt)
				}
			},
		},
		{
			// Rule 10 (format 1.1): only expected actions detect or contain;
			// a neutral detection action or a harmful containment one does not.
			name:   "time to detect and to contain",
			s:      buildScenario(t, nil, "", []exp{{id: "a", phase: det}, {id: "b", phase: cont}}, []harm{{id: "wipe", phase: cont}}),
			events: events(take("distractor", 3*m), take("wipe", 7*m), take("b", 9*m), take("a", 12*m), endAt(60*m)),
			score:  "50.0", rating: RatingM,
			check: func(t *testing.T, r *Result) {
				if r.TimeToDetect == nil || *r.TimeToDetect != 12*m || r.TimeToContain == nil || *r.TimeToContain != 9*m {
					t.Errorf("ttd %v ttc %v; want 12m, 9m", r.TimeToDetect, r.TimeToContain)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Score(tt.s, tt.events)
			if got := r.ScoreText(); got != tt.score {
				t.Errorf("score = %s, want %s", got, tt.score)
			}
			if r.Rating != tt.rating {
				t.Errorf("rating = %q, want %q", r.Rating, tt.rating)
			}
			for p, want := range tt.phases {
				pr := r.Phase(p)
				if pr == nil {
					t.Fatalf("no phase %s", p)
				}
				if got := pr.ScoreText() + " " + string(pr.Rating); strings.TrimSpace(got) != strings.TrimSpace(want) {
					t.Errorf("phase %s = %q, want %q", p, got, want)
				}
			}
			for id, want := range tt.statuses {
				if got := r.Action(id).Status; got != want {
					t.Errorf("status of %s = %s, want %s", id, got, want)
				}
			}
			if len(r.Phases) != len(tt.s.Phases) {
				t.Errorf("%d phases, want %d", len(r.Phases), len(tt.s.Phases))
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

func TestRoundScore(t *testing.T) {
	tests := []struct {
		num, den int64
		want     string
	}{
		{0, 1, "0.0"}, {100, 1, "100.0"}, {725, 10, "72.5"}, {7245, 100, "72.5"}, {7244, 100, "72.4"},
		{625, 100, "6.3"}, {1, 3, "0.3"}, {2, 3, "0.7"}, {200, 3, "66.7"}, {-625, 100, "-6.3"}, {-1, 20, "-0.1"},
		{9995, 100, "100.0"}, {5, 100, "0.1"}, {4999999, 100000, "50.0"},
	}
	for _, tt := range tests {
		if got := FormatScore(big.NewRat(tt.num, tt.den)); got != tt.want {
			t.Errorf("FormatScore(%d/%d) = %s, want %s", tt.num, tt.den, got, tt.want)
		}
	}
	if got := FormatScore(nil); got != "n/a" {
		t.Errorf("FormatScore(nil) = %s", got)
	}
}

func TestInjectsInOrderProcessed(t *testing.T) {
	s := buildScenario(t, nil, "", []exp{{id: "a", phase: det}}, nil, "one", "two", "three")
	r := Score(s, events(deliver("one", 10*m), skip("two", 10*m), deliver("three", 30*m), endAt(30*m)))
	var got []string
	for _, in := range r.Injects {
		got = append(got, in.ID+":"+in.Status+":"+in.At.String()+":"+in.Title)
	}
	want := "one:delivered:10m:Inject one two:skipped:10m:Inject two three:delivered:30m:Inject three"
	if strings.Join(got, " ") != want {
		t.Errorf("injects = %v\nwant %s", got, want)
	}
}

func TestScoreJSON(t *testing.T) {
	s := buildScenario(t, []scenarios.Phase{scenarios.Detection, scenarios.Containment, scenarios.Eradication}, "",
		[]exp{{id: "isolate-hosts", phase: cont, weight: "3", critical: true, within: dp(20 * m), capability: "RS.MI"},
			{id: "triage", phase: det, weight: "4", after: "spread"}},
		[]harm{{id: "reimage-now", phase: erad, penalty: "2"}}, "edr-alert", "spread")
	s.ID = "ransomware-friday"
	r := Score(s, events(deliver("edr-alert", 600), take("isolate-hosts", 900), skip("spread", 2400), take("reimage-now", 2100), endAt(7200)))
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"scenario":"ransomware-friday","ended_at_s":7200,"score":33.3,"rating":"U",` +
		`"phases":[{"phase":"detection","score":null,"rating":null,"weight":0,"credit":0,"penalty":0,"first_decision_at_s":null},` +
		`{"phase":"containment","score":100.0,"rating":"P","weight":3,"credit":3,"penalty":0,"first_decision_at_s":900},` +
		`{"phase":"eradication","score":null,"rating":null,"weight":0,"credit":0,"penalty":2,"first_decision_at_s":2100}],"objectives":[],` +
		`"actions":[{"id":"isolate-hosts","phase":"containment","kind":"expected","status":"met","at_s":900,"deadline_s":1200,"weight":3,"credit":3,"critical":true,"response_time_s":900,"capability":"RS.MI","times":1},` +
		`{"id":"triage","phase":"detection","kind":"expected","status":"not_applicable","at_s":null,"deadline_s":null,"weight":4,"credit":0,"critical":false,"response_time_s":null,"capability":"","times":0},` +
		`{"id":"reimage-now","phase":"eradication","kind":"harmful","status":"taken","at_s":2100,"penalty":2,"times":1}],` +
		`"injects":[{"id":"edr-alert","status":"delivered","at_s":600},{"id":"spread","status":"skipped","at_s":2400}],` +
		`"version":1,"ended":true,"late_credit":0.5,"weight":3,"credit":3,"penalty":2,"time_to_detect_s":null,"time_to_contain_s":900}`
	if string(b) != want {
		t.Errorf("JSON:\n%s\nwant:\n%s", b, want)
	}
	var generic map[string]any
	if err := json.Unmarshal(b, &generic); err != nil {
		t.Fatalf("not valid JSON: %v", err)
	}
}

// Weights have up to 15 decimals (docs/scenario-format.md): the JSON must
// stay valid and exact for every one of them, not only for short decimals.
func TestScoreJSONExactDecimals(t *testing.T) {
	s := buildScenario(t, []scenarios.Phase{scenarios.Detection}, "0.5",
		[]exp{{id: "a", phase: det, weight: "0.0000001", within: dp(5 * m)}, {id: "b", phase: det, weight: "0.123456789012345"}}, nil)
	r := Score(s, events(take("a", 10*m), take("b", 10*m), endAt(60*m)))
	var buf strings.Builder
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Weight, Credit json.Number
		Actions        []struct{ Weight, Credit json.Number }
	}
	d := json.NewDecoder(strings.NewReader(buf.String()))
	d.UseNumber()
	if err := d.Decode(&got); err != nil {
		t.Fatalf("not valid JSON: %v\n%s", err, buf.String())
	}
	want := []string{"0.123456889012345", "0.123456839012345", "0.0000001", "0.00000005"}
	gotS := []string{got.Weight.String(), got.Credit.String(), got.Actions[0].Weight.String(), got.Actions[0].Credit.String()}
	if strings.Join(gotS, " ") != strings.Join(want, " ") {
		t.Errorf("weight, credit, a.weight, a.credit = %v, want %v", gotS, want)
	}
}

// Twenty actions of weight 0.1: 17, 13 and 8 of them met are exactly 85,
// 65 and 40, and earn the higher rating (rule 8), although 0.1 has no exact
// binary form.
func TestScoreTenthWeights(t *testing.T) {
	for _, tt := range []struct {
		met    int
		score  string
		rating Rating
	}{{17, "85.0", RatingP}, {13, "65.0", RatingS}, {8, "40.0", RatingM}, {16, "80.0", RatingS}, {1, "5.0", RatingU}} {
		var exps []exp
		var evs []sim.Event
		for i := range 20 {
			id := fmt.Sprintf("a%d", i)
			exps = append(exps, exp{id: id, phase: det, weight: "0.1"})
			if i < tt.met {
				evs = append(evs, take(id, 1*m))
			}
		}
		s := buildScenario(t, []scenarios.Phase{scenarios.Detection}, "", exps, nil)
		r := Score(s, events(append(evs, endAt(60*m))...))
		if r.ScoreText() != tt.score || r.Rating != tt.rating {
			t.Errorf("%d of 20 × 0.1: %s %s, want %s %s", tt.met, r.ScoreText(), r.Rating, tt.score, tt.rating)
		}
		if p := r.Phase(scenarios.Detection); p.ScoreText() != tt.score || p.Rating != tt.rating {
			t.Errorf("%d of 20 × 0.1, phase: %s %s, want %s %s", tt.met, p.ScoreText(), p.Rating, tt.score, tt.rating)
		}
	}
}

// Rule 9 on the JSON output: 1 of 8 is 12.5, 1 of 16 is 6.25 → 6.3.
func TestScoreJSONRounding(t *testing.T) {
	for _, tt := range []struct {
		met, missed string
		want        string
	}{{"1", "7", `"score":12.5,`}, {"1", "15", `"score":6.3,`}, {"2", "1", `"score":66.7,`}, {"1", "0", `"score":100.0,`}} {
		s := buildScenario(t, []scenarios.Phase{scenarios.Detection}, "",
			[]exp{{id: "a", phase: det, weight: tt.met}, {id: "b", phase: det, weight: tt.missed}}, nil)
		if tt.missed == "0" {
			s.Actions = s.Actions[:1]
			s.BuildIndex()
		}
		b, err := json.Marshal(Score(s, events(take("a", 1*m), endAt(60*m))))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), tt.want) {
			t.Errorf("%s of %s+%s: %s lacks %s", tt.met, tt.met, tt.missed, b, tt.want)
		}
	}
}
