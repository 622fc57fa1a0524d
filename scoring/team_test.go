package scoring

import (
	"strconv"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// teamScenario has two roles owning expected actions, one expected action
// no one owns, one that applies only after an inject, and a harmful one.
func teamScenario(t *testing.T, owners bool) *scenarios.Scenario {
	s := buildScenario(t, []scenarios.Phase{scenarios.Detection, scenarios.Containment}, "0.5",
		[]exp{
			{id: "a1", phase: "detection", within: dp(10 * m)},
			{id: "a2", phase: "containment", within: dp(20 * m)},
			{id: "b1", phase: "containment"},
			{id: "late-only", phase: "containment", after: "never", within: dp(5 * m)},
			{id: "free", phase: "containment"},
		},
		[]harm{{id: "bad", phase: "containment"}}, "never")
	s.Roles = append(s.Roles, scenarios.Role{ID: "legal", Name: "Legal"})
	// The inject "never" is never delivered in these sessions.
	if owners {
		for i := range s.Actions {
			switch s.Actions[i].ID {
			case "a1", "a2", "late-only":
				s.Actions[i].Role = "ir"
			case "b1", "bad":
				s.Actions[i].Role = "legal"
			}
		}
	}
	s.BuildIndex()
	return s
}

func TestRoleTable(t *testing.T) {
	dec := func(action, role, by string, at scenarios.Duration) sim.Event {
		return sim.Event{Kind: sim.KindDecision, Action: action, Role: role, By: by, At: at}
	}
	strike := func(ref int, at scenarios.Duration) sim.Event {
		return sim.Event{Kind: sim.KindStrike, Ref: ref, Text: "mistake", At: at}
	}
	tests := []struct {
		name   string
		owners bool
		events []sim.Event
		// One "name owned met late missed decisions recorded-by notes" per row.
		want   []string
		struck int
	}{
		{
			name: "owned actions met, late and missed", owners: true,
			events: []sim.Event{
				dec("a1", "ir", "Ana", 5*m),  // met
				dec("a2", "ir", "Ana", 25*m), // late
				{Kind: sim.KindNote, Role: "legal", By: "Ben", Text: "n", At: 26 * m},
				endAt(60 * m), // b1 missed, free missed, late-only not applicable
			},
			want: []string{
				"IR lead 2 1 1 0 2 Ana:2 0",
				"Legal 1 0 0 1 0 - 1",
				"(no role named) 1 0 0 1 0 - 0",
			},
		},
		{
			name: "a struck decision counts as never made", owners: true,
			events: []sim.Event{
				dec("a1", "ir", "Ana", 5*m),
				strike(1, 6*m), // a1 now missed
				dec("b1", "legal", "Ben", 7*m),
				endAt(60 * m),
			},
			want: []string{
				"IR lead 2 0 0 2 0 - 0",
				"Legal 1 1 0 0 1 Ben:1 0",
				"(no role named) 1 0 0 1 0 - 0",
			},
			struck: 1,
		},
		{
			name: "a struck duplicate leaves the first one standing", owners: true,
			events: []sim.Event{
				dec("a1", "ir", "Ana", 5*m),
				dec("a1", "ir", "Ana", 5*m),
				strike(2, 6*m),
				dec("free", "legal", "", 8*m), // the console, for legal, an action nobody owns
				endAt(60 * m),
			},
			want: []string{
				"IR lead 2 1 0 1 1 Ana:1 0",
				"Legal 1 0 0 1 1 console:1 0",
				"(no role named) 1 1 0 0 0 - 0",
			},
			struck: 1,
		},
		{
			name: "who recorded, in order of first decision", owners: true,
			events: []sim.Event{
				dec("a1", "ir", "", 5*m),
				dec("a2", "ir", "Ana", 6*m),
				dec("bad", "ir", "Cy", 7*m),
				sim.Event{Kind: sim.KindDecision, Text: "free text", Role: "ir", By: "Ana", At: 8 * m},
				dec("b1", "", "", 9*m),
				endAt(60 * m),
			},
			want: []string{
				"IR lead 2 2 0 0 4 console:1,Ana:2,Cy:1 0",
				"Legal 1 1 0 0 0 - 0",
				"(no role named) 1 0 0 1 1 console:1 0",
			},
		},
		{
			name: "no owners in the scenario: decisions only", owners: false,
			events: []sim.Event{
				dec("a1", "ir", "Ana", 5*m),
				dec("a2", "", "", 6*m),
				endAt(60 * m),
			},
			want: []string{
				"IR lead 0 0 0 0 1 Ana:1 0",
				"Legal 0 0 0 0 0 - 0",
				"(no role named) 0 0 0 0 1 console:1 0",
			},
		},
		{
			name: "decisions after the end are not counted", owners: true,
			events: []sim.Event{
				endAt(10 * m),
				dec("a1", "ir", "Ana", 11*m),
			},
			want: []string{
				"IR lead 2 0 0 2 0 - 0",
				"Legal 1 0 0 1 0 - 0",
				"(no role named) 1 0 0 1 0 - 0",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := teamScenario(t, tt.owners)
			r := BuildReport(&Session{Scenario: s, Events: events(tt.events...)})
			if r.RolesOwnActions != tt.owners {
				t.Errorf("RolesOwnActions = %v", r.RolesOwnActions)
			}
			var got []string
			for _, rr := range r.Roles {
				var by []string
				for _, n := range rr.RecordedBy {
					by = append(by, n.Who()+":"+strconv.Itoa(n.N))
				}
				if by == nil {
					by = []string{"-"}
				}
				got = append(got, rr.Name+" "+itoaT(rr.Owned, rr.Met, rr.Late, rr.Missed, rr.Decisions)+" "+strings.Join(by, ",")+" "+strconv.Itoa(rr.Notes))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("rows:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if r.StruckDecisions != tt.struck {
				t.Errorf("%d struck, want %d", r.StruckDecisions, tt.struck)
			}
		})
	}
}

// TestRoleTableWithoutOwners: a scenario whose actions name no owner says
// so in one line instead of a column of zeros.
func TestRoleTableWithoutOwners(t *testing.T) {
	s := teamScenario(t, false)
	sess := &Session{Scenario: s, Events: events(take("a1", 5*m), endAt(60*m))}
	md := string(render(t, FormatMarkdown, sess))
	if !strings.Contains(md, noOwnerLine+"\n\n| Role | Played by | Decisions | Recorded by | Notes |") || strings.Contains(md, "| Expected actions | Met |") {
		t.Errorf("markdown by role:\n%s", section(md, "## By role"))
	}
	html := string(render(t, FormatHTML, sess))
	if !strings.Contains(html, "<th>Recorded by</th>") || strings.Contains(html, `<th class="num">Missed</th>`) {
		t.Errorf("html lacks the decisions-only role table")
	}
	sess.Scenario = teamScenario(t, true)
	if md := string(render(t, FormatMarkdown, sess)); !strings.Contains(md, "| Role | Played by | Expected actions | Met | Late | Missed |") {
		t.Errorf("with owners, markdown by role:\n%s", section(md, "## By role"))
	}
}

// section is the part of a Markdown document from heading to the next "## ".
func section(doc, heading string) string {
	i := strings.Index(doc, heading)
	if i < 0 {
		return ""
	}
	rest := doc[i+len(heading):]
	if j := strings.Index(rest, "\n## "); j >= 0 {
		rest = rest[:j]
	}
	return heading + rest
}

// TestLengthChanges: the planned length follows the last change, the
// overview says when it changed, and a shortened exercise is shortened.
func TestLengthChanges(t *testing.T) {
	s := teamScenario(t, true) // 2h
	length := func(d scenarios.Duration, at scenarios.Duration, why string) sim.Event {
		return sim.Event{Kind: sim.KindLength, Length: d, At: at, Text: why}
	}
	r := BuildReport(&Session{Scenario: s, Events: events(length(3*scenarios.Hour, 10*m, "more time"), length(90*m, 20*m, "the room is booked"), endAt(80*m))})
	if r.Length != 90*m || len(r.LengthChanges) != 2 {
		t.Fatalf("length %s, changes %+v", r.Length, r.LengthChanges)
	}
	if got := r.Planned(); got != "1h30m (shortened from 2h in 2 changes, the last at T+00:20:00: the room is booked)" {
		t.Errorf("planned = %q", got)
	}
	if got := r.LengthChanges[0].Text(); got != "Exercise extended from 2h to 3h: more time" {
		t.Errorf("first change = %q", got)
	}
	if got := r.LengthChanges[1].Text(); got != "Exercise shortened from 3h to 1h30m: the room is booked" {
		t.Errorf("second change = %q", got)
	}
	if got := r.DurationPlayed(); got != "1h20m of 1h30m planned" {
		t.Errorf("duration played = %q", got)
	}
	// Without a change, no "Planned length" row.
	if md := string(render(t, FormatMarkdown, &Session{Scenario: s, Events: events(endAt(80 * m))})); strings.Contains(md, "Planned length") {
		t.Error("a planned length row without a change")
	}
	// A trend judges completeness against the length planned at the end:
	// 80 minutes of a drill shortened to 90 is complete, of 3 hours is not.
	if why := Incomplete(s, r.Result); why != "" {
		t.Errorf("shortened drill: Incomplete = %q", why)
	}
	long := events(length(3*scenarios.Hour, 10*m, "more time"), endAt(80*m))
	if why := Incomplete(s, Score(s, long)); why != "ended at 1h20m of 3h planned" {
		t.Errorf("extended drill: Incomplete = %q", why)
	}
}

// TestBriefingTables: a GFM table in a briefing or an inject body (alert
// and log tables) prints as a table, its cells still inert text.
func TestBriefingTables(t *testing.T) {
	got := string(briefingHTML("Data-volume alarm:\n\n| host | volume |\n|---|---:|\n| [FS01](http://evil.example) | 38 GB <script>x</script> |\n"))
	for _, want := range []string{"<table>", "<th>host</th>", "<td>FS01</td>", "38 GB"} {
		if !strings.Contains(got, want) {
			t.Errorf("briefing lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"<a ", "href", "<script"} {
		if strings.Contains(got, bad) {
			t.Errorf("briefing holds %q:\n%s", bad, got)
		}
	}
	checkHTML(t, []byte("<!DOCTYPE html><html><body>"+got+"</body></html>"))
}
