package scenarios

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// rev11 uses every key that format revision 1.1 adds.
const rev11 = `ttx: 1
id: rev11
title: Revision 1.1
summary: S.
duration: 1h
jurisdiction: "EU (GDPR, NIS2); Germany"
ground_rules: [no-fault, "phones on silent"]
assumptions:
  - the clock is compressed
scoring: {late_credit: 0.5, late_window: 10m}
roles:
  - id: lead
    name: Lead
objectives:
  - id: contain
    text: Contain.
actions:
  - id: image
    label: Image the host
    phase: containment
    expected: {recommendation: R., within: 5m, after: alert, late_window: 2m, objective: contain}
  - id: wipe
    label: Wipe the host
    phase: containment
    available_after: alert
    harmful: {why: W., penalty: 2, when: {not_taken: image}, objective: contain}
injects:
  - id: alert
    at: 5m
    title: Alert
    story_time: Saturday 09:10
  - id: spread
    at: 30m
    title: It spread
    phase: containment
    when: {not_taken: image}
    consequence: {penalty: 3, why: The host was never contained., objective: contain}
tests:
  - name: t
    decisions: [{at: 6m, action: image}]
    expect:
      objectives: {contain: 100}
      statuses: {wipe: avoided}
`

func TestParseRevision11(t *testing.T) {
	s, err := Parse("rev11.yaml", []byte(rev11))
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"jurisdiction", s.Jurisdiction, "EU (GDPR, NIS2); Germany"},
		{"ground rules", s.GroundRules, []string{"no-fault", "phones on silent"}},
		{"assumptions", s.Assumptions, []string{"the clock is compressed"}},
		{"scenario late window", *s.Scoring.LateWindow, 10 * Minute},
		{"action late window", *s.Actions[0].Expected.LateWindow, 2 * Minute},
		{"available after", s.Actions[1].AvailableAfter, "alert"},
		{"harmful when", s.Actions[1].Harmful.When.NotTaken, "image"},
		{"harmful objective", s.Actions[1].Harmful.Objective, "contain"},
		{"story time", s.Injects[0].StoryTime, "Saturday 09:10"},
		{"no consequence", s.Injects[0].Consequence == nil, true},
		{"consequence penalty", s.Injects[1].Consequence.Penalty.String(), "3"},
		{"consequence why", s.Injects[1].Consequence.Why, "The host was never contained."},
		{"consequence objective", s.Injects[1].Consequence.Objective, "contain"},
		{"expect objectives", s.Tests[0].Expect.Objectives["contain"].Value, 100.0},
		{"harmful status", s.Tests[0].Expect.Statuses["wipe"], "avoided"},
	}
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestParseRevision11Defaults(t *testing.T) {
	src := strings.Replace(rev11, "    consequence: {penalty: 3, why: The host was never contained., objective: contain}\n", "    consequence: {why: Spread.}\n", 1)
	src = strings.Replace(src, "scoring: {late_credit: 0.5, late_window: 10m}", "scoring: {late_window: 0}", 1)
	s, err := Parse("rev11.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Injects[1].Consequence.Penalty.String(); got != "1" {
		t.Errorf("default consequence penalty = %s, want 1", got)
	}
	if s.Scoring.LateWindow != nil {
		t.Errorf("late_window 0 = %v, want no window", *s.Scoring.LateWindow)
	}
}

func TestParseRevision11Errors(t *testing.T) {
	tests := []struct {
		name, old, new, want string
	}{
		{"available_after unknown", "available_after: alert", "available_after: alrt", `25:22: error: action "wipe": available_after: unknown inject "alrt" (did you mean "alert"?)`},
		{"available_after not a string", "available_after: alert", "available_after: [alert]", `25:22: error: action "wipe": available_after must be a string, not a list`},
		{"consequence without phase", "    phase: containment\n    when: {not_taken: image}\n", "    when: {not_taken: image}\n", `36:5: error: inject "spread" has a consequence but no phase`},
		{"consequence without why", "why: The host was never contained., ", "", `37:18: error: inject "spread": consequence: missing required key "why"`},
		{"consequence zero penalty", "penalty: 3, why: The", "penalty: 0, why: The", `37:28: error: inject "spread": consequence.penalty must be greater than 0`},
		{"consequence unknown key", "penalty: 3, why: The", "cost: 3, why: The", `unknown key "cost" in inject "spread": consequence`},
		{"consequence objective", "contained., objective: contain}", "contained., objective: contian}", `unknown objective "contian"`},
		{"harmful when", "when: {not_taken: image}, objective", "when: {not_taken: imag}, objective", `unknown action "imag"`},
		{"harmful when shape", "when: {not_taken: image}, objective", "when: {nope: image}, objective", `unknown key "nope" in condition`},
		{"harmful objective", "image}, objective: contain}", "image}, objective: contan}", `action "wipe": harmful.objective: unknown objective "contan"`},
		{"late window unit", "late_window: 10m", "late_window: 10", `10:42: error: scoring.late_window: 10 has no unit`},
		{"action late window", "late_window: 2m", "late_window: -2m", `action "image": expected.late_window: invalid duration`},
		{"expect objectives unknown", "objectives: {contain: 100}", "objectives: {contan: 100}", `unknown objective "contan"`},
		{"expect objectives range", "objectives: {contain: 100}", "objectives: {contain: 101}", `objectives.contain must be between 0 and 100`},
		{"expect objectives shape", "objectives: {contain: 100}", "objectives: [contain]", `objectives must be a mapping of objective id to score`},
		{"harmless status of expected", "statuses: {wipe: avoided}", "statuses: {image: harmless}", `"harmless" is not a status of the expected action "image"`},
		{"jurisdiction list", `jurisdiction: "EU (GDPR, NIS2); Germany"`, "jurisdiction: [EU]", `jurisdiction must be a string, not a list`},
		{"ground rules scalar", `ground_rules: [no-fault, "phones on silent"]`, "ground_rules: no-fault", `ground_rules must be a list, not a string`},
		{"story time list", "story_time: Saturday 09:10", "story_time: [Saturday]", `inject "alert": story_time must be a string, not a list`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(rev11, tt.old) {
				t.Fatalf("rev11 lacks %q", tt.old)
			}
			_, err := Parse("f.yaml", []byte(strings.Replace(rev11, tt.old, tt.new, 1)))
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %v is not Problems", err)
			}
			if !strings.Contains(ps.Error(), tt.want) {
				t.Fatalf("want %q in\n%s", tt.want, ps.Error())
			}
		})
	}
}

// A file without the 1.1 keys loads with none of them set.
func TestParseWithoutRevision11Keys(t *testing.T) {
	s, err := Parse("m.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if s.Scoring.LateWindow != nil || s.Actions[0].AvailableAfter != "" || s.Actions[0].Expected.LateWindow != nil ||
		s.Injects[0].Consequence != nil || s.Injects[0].StoryTime != "" || s.Jurisdiction != "" || s.GroundRules != nil || s.Assumptions != nil {
		t.Errorf("1.1 fields set on a 1.0 file: %+v", s)
	}
}
