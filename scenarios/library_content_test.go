package scenarios

import (
	"bytes"
	"slices"
	"sort"
	"testing"
)

// The content rules of the built-in library (issue 6): every built-in is a
// full exercise, not a sketch. Self-tests are run in cmd/ttx, where the
// scorer can be imported.

func TestLibraryScenariosLint(t *testing.T) {
	for _, s := range mustLibrary(t) {
		for _, p := range Lint(s) {
			t.Errorf("%s", p)
		}
	}
}

func TestLibraryScenariosMeetMinimums(t *testing.T) {
	lib := mustLibrary(t)
	if len(lib) < 6 {
		t.Errorf("library has %d scenarios, want at least 6", len(lib))
	}
	for _, s := range lib {
		t.Run(s.ID, func(t *testing.T) { checkMinimums(t, s) })
	}
}

// minimums is the bar of a built-in: a full exercise (issue 6), or a
// micro-exercise (tag "micro", issue 12: 15 to 30 minutes for small teams
// and lunchtime drills, as the NCSC's Exercise in a Box offers).
type minimums struct {
	minDuration, maxDuration                                        Duration
	injects, channels, conditional, withAttack, roles, nonTechnical int
	actions, harmful, neutral                                       int
}

var (
	fullMinimums  = minimums{60 * Minute, 180 * Minute, 12, 3, 2, 1, 3, 2, 15, 3, 1}
	microMinimums = minimums{15 * Minute, 30 * Minute, 6, 2, 1, 0, 2, 0, 8, 1, 0}
)

func checkMinimums(t *testing.T, s *Scenario) {
	atLeast := func(what string, got, want int) {
		t.Helper()
		if got < want {
			t.Errorf("%s: %d, want at least %d", what, got, want)
		}
	}
	m := fullMinimums
	if slices.Contains(s.Tags, "micro") {
		m = microMinimums
	}
	if s.Duration < m.minDuration || s.Duration > m.maxDuration {
		t.Errorf("duration %s, want %s to %s", s.Duration, m.minDuration, m.maxDuration)
	}

	channels := map[Channel]bool{}
	var conditional, decisionPoints, withAttack int
	for _, in := range s.Injects {
		channels[in.Channel] = true
		if in.When != nil {
			conditional++
		}
		if in.IsDecisionPoint() {
			decisionPoints++
		}
		if len(in.Attack) > 0 {
			withAttack++
		}
	}
	atLeast("injects", len(s.Injects), m.injects)
	atLeast("channels", len(channels), m.channels)
	atLeast("conditional injects", conditional, m.conditional)
	atLeast("decision points", decisionPoints, 1)
	atLeast("injects with ATT&CK ids", withAttack, m.withAttack)
	atLeast("tests", len(s.Tests), 3)

	atLeast("roles", len(s.Roles), m.roles)
	nonTechnical := 0
	for _, r := range s.Roles {
		if slices.Contains([]string{"legal", "comms", "exec", "hr"}, r.ID) {
			nonTechnical++
		}
	}
	atLeast("non-technical roles (legal, comms, exec, hr)", nonTechnical, m.nonTechnical)

	var expected, critical, harmful, neutral, withDeadline int
	for _, a := range s.Actions {
		switch {
		case a.Expected != nil:
			expected++
			if a.Expected.Critical {
				critical++
			}
			if a.Expected.Within != nil {
				withDeadline++
			}
		case a.Harmful != nil:
			harmful++
		default:
			neutral++
		}
	}
	atLeast("actions", len(s.Actions), m.actions)
	atLeast("critical expected actions", critical, 1)
	atLeast("expected actions with a deadline", withDeadline, 1)
	atLeast("harmful actions", harmful, m.harmful)
	atLeast("neutral actions", neutral, m.neutral)

	atLeast("objectives", len(s.Objectives), 1)
	for _, o := range s.Objectives {
		if o.Capability == "" {
			t.Errorf("objective %s has no capability", o.ID)
		}
	}
}

// TestLibraryPacing keeps exercises playable: no half hour without a
// scheduled inject, and never more than two injects due in one minute.
// Every inject counts, conditional or not, so this bounds the worst path;
// the gaps of real paths are checked by playing the self-tests.
func TestLibraryPacing(t *testing.T) {
	for _, s := range mustLibrary(t) {
		times := make([]Duration, 0, len(s.Injects)+2)
		perMinute := map[Duration]int{}
		times = append(times, 0, s.Duration)
		for _, in := range s.Injects {
			times = append(times, in.At)
			perMinute[in.At/Minute]++
		}
		sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
		for i := 1; i < len(times); i++ {
			if gap := times[i] - times[i-1]; gap >= 30*Minute {
				t.Errorf("%s: no inject between %s and %s", s.ID, times[i-1].Clock(), times[i].Clock())
			}
		}
		for m, n := range perMinute {
			if n > 2 {
				t.Errorf("%s: %d injects due in minute %s", s.ID, n, (m * Minute).Clock())
			}
		}
	}
}

// TestReferenceScenarioUsesEveryFeature keeps ransomware-phishing the
// scenario that shows authors every part of the format.
func TestReferenceScenarioUsesEveryFeature(t *testing.T) {
	s, ok := Builtin("ransomware-phishing")
	if !ok {
		t.Fatal("ransomware-phishing is not in the library")
	}
	used := map[string]bool{}
	var walk func(c *Condition)
	walk = func(c *Condition) {
		switch {
		case c.Taken != "":
			used["when taken"] = true
		case c.NotTaken != "":
			used["when not_taken"] = true
		case c.Delivered != "":
			used["when delivered"] = true
		case c.All != nil:
			used["when all"] = true
		case c.Any != nil:
			used["when any"] = true
		case c.Not != nil:
			used["when not"] = true
		}
		for i := range c.All {
			walk(&c.All[i])
		}
		for i := range c.Any {
			walk(&c.Any[i])
		}
		if c.Not != nil {
			walk(c.Not)
		}
	}
	for _, in := range s.Injects {
		used["from"] = used["from"] || in.From != ""
		used["to"] = used["to"] || len(in.To) > 0
		used["inject phase"] = used["inject phase"] || in.Phase != ""
		used["inject attack"] = used["inject attack"] || len(in.Attack) > 0
		used["choices"] = used["choices"] || in.IsDecisionPoint()
		used["facilitator_notes"] = used["facilitator_notes"] || in.FacilitatorNotes != ""
		used["questions"] = used["questions"] || len(in.Questions) > 0
		used["channel "+string(in.Channel)] = true
		used["story_time"] = used["story_time"] || in.StoryTime != ""
		used["consequence"] = used["consequence"] || in.Consequence != nil
		if in.When != nil {
			walk(in.When)
		}
	}
	for _, a := range s.Actions {
		used["action role"] = used["action role"] || a.Role != ""
		used["action description"] = used["action description"] || a.Description != ""
		used[a.Kind()] = true
		used["available_after"] = used["available_after"] || a.AvailableAfter != ""
		if h := a.Harmful; h != nil {
			used["harmful when"] = used["harmful when"] || h.When != nil
			used["harmful objective"] = used["harmful objective"] || h.Objective != ""
		}
		if e := a.Expected; e != nil {
			used["critical"] = used["critical"] || e.Critical
			used["after"] = used["after"] || e.After != ""
			used["within"] = used["within"] || e.Within != nil
			used["objective"] = used["objective"] || e.Objective != ""
			used["capability"] = used["capability"] || e.Capability != ""
			used["weight"] = used["weight"] || e.Weight.String() != "1"
		}
	}
	for _, tt := range s.Tests {
		used["test end"] = used["test end"] || tt.End != nil
		used["expect objectives"] = used["expect objectives"] || len(tt.Expect.Objectives) > 0
		for _, d := range tt.Decisions {
			used["decision text"] = used["decision text"] || d.Text != ""
			used["decision phase"] = used["decision phase"] || d.Phase != ""
			used["decision role"] = used["decision role"] || d.Role != ""
			used["decision note"] = used["decision note"] || d.Note != ""
		}
	}
	used["phases"] = !slices.Equal(s.Phases, AllPhases)
	used["tags"] = len(s.Tags) > 0
	used["scenario attack"] = len(s.Attack) > 0
	used["objectives"] = len(s.Objectives) > 0
	used["late_credit"] = bytes.Contains(s.Source, []byte("late_credit:"))
	used["late_window"] = s.Scoring.LateWindow != nil
	used["jurisdiction"] = s.Jurisdiction != ""
	used["ground_rules"] = len(s.GroundRules) > 0
	used["assumptions"] = len(s.Assumptions) > 0

	want := []string{
		"from", "to", "inject phase", "inject attack", "choices", "facilitator_notes", "questions",
		"when taken", "when not_taken", "when delivered", "when all", "when any", "when not",
		"action role", "action description", "expected", "harmful", "neutral",
		"critical", "after", "within", "objective", "capability", "weight",
		"test end", "decision text", "decision phase", "decision role", "decision note",
		"phases", "tags", "scenario attack", "objectives", "late_credit",
		// format 1.1
		"available_after", "harmful when", "harmful objective", "story_time", "consequence",
		"expect objectives", "late_window", "jurisdiction", "ground_rules", "assumptions",
	}
	for _, c := range AllChannels {
		want = append(want, "channel "+string(c))
	}
	for _, w := range want {
		if !used[w] {
			t.Errorf("ransomware-phishing does not use %s", w)
		}
	}
}

func TestStarterLoadsWithoutProblems(t *testing.T) {
	for _, id := range []string{"my-drill", "x", "a0-b1"} {
		data := Starter(id)
		s, err := Parse("starter.yaml", data)
		if err != nil {
			t.Fatalf("Starter(%q) does not load:\n%v", id, err)
		}
		if s.ID != id {
			t.Errorf("Starter(%q) has id %q", id, s.ID)
		}
		if ps := Lint(s); len(ps) > 0 {
			t.Errorf("Starter(%q) has lint warnings:\n%v", id, ps)
		}
		if bytes.Contains(data, []byte(starterIDPlaceholder)) {
			t.Errorf("Starter(%q) still contains the placeholder", id)
		}
	}
}

func mustLibrary(t *testing.T) []*Scenario {
	t.Helper()
	lib, err := Library()
	if err != nil {
		t.Fatalf("built-in library does not load:\n%v", err)
	}
	return lib
}
