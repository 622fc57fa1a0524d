package scoring

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// evaluatedSession is the fixture with the evaluation an auditor asks for:
// the setting, final ratings with rationale, observations with root
// causes, the hot wash, feedback from a named and an anonymous participant,
// and a whole improvement-plan row.
func evaluatedSession(t testing.TB) *Session {
	sess := fixtureSession(t)
	sess.Org, sess.Location, sess.Facilitator = "Acme Logistics", "Board room, Leeds", "Alex Moreau"
	end := 100 * m
	sess.Events = append(sess.Events,
		sim.Event{Kind: sim.KindRating, At: end, Objective: "contain", Rating: "S", Note: "Isolation came late but held.", By: "Dana (lead evaluator)"},
		sim.Event{Kind: sim.KindRating, At: end, Phase: scenarios.Containment, Rating: "M", Note: "Reimaging destroyed evidence.", By: "Dana (lead evaluator)"},
		sim.Event{Kind: sim.KindObservation, At: end, Type: "improvement", Objective: "notify", Text: "Nobody knew who calls legal.", Cause: "No on-call legal contact in the plan.", By: "Dana (lead evaluator)"},
		sim.Event{Kind: sim.KindObservation, At: end, Type: "strength", Inject: "edr-alert", Objective: "contain", Text: "The SOC escalated at once."},
		sim.Event{Kind: sim.KindHotWash, At: end, Type: "strength", Objective: "contain", Text: "We trusted the EDR alert."},
		sim.Event{Kind: sim.KindHotWash, At: end, Type: "improvement", Objective: "notify", Text: "We forgot legal entirely."},
		sim.Event{Kind: sim.KindFeedback, At: end, Item: "strengths", Text: "Clear roles on the bridge.", By: "Sam Ortiz", Role: "ir"},
		sim.Event{Kind: sim.KindFeedback, At: end, Item: "realism", Score: 5, By: "Sam Ortiz", Role: "ir"},
		sim.Event{Kind: sim.KindFeedback, At: end, Item: "realism", Score: 3, Role: "comms"},
		sim.Event{Kind: sim.KindFeedback, At: end, Item: "improvements", Text: "Practise the press line.", Role: "comms"},
		sim.Event{Kind: sim.KindCorrective, At: end, Action: "call-legal", Owner: "Jo Lee", Org: "Legal", Start: "2026-12-01", Due: "2027-01-31", Status: "in progress"},
	)
	return sess
}

func TestAARWithEvaluation(t *testing.T) {
	r := BuildReport(evaluatedSession(t))
	ev := r.Evaluation
	var caps []string
	for _, c := range ev.Capabilities {
		f := "-"
		if c.Final != nil {
			f = string(c.Final.Rating) + " by " + c.Final.By
		}
		caps = append(caps, c.ObjectiveID+":"+string(c.Suggested)+"->"+f)
	}
	if got := strings.Join(caps, " "); got != "contain:M->S by Dana (lead evaluator) notify:U->-" {
		t.Errorf("capability analysis = %s", got)
	}
	if fb := ev.Feedback; fb.Forms != 2 || len(fb.Ratings) != 1 || fb.Ratings[0].Average != 4 || len(fb.Answers) != 2 {
		t.Errorf("feedback = %+v", fb)
	}
	if p := ev.Participants[0]; p.Role != "Incident lead" || strings.Join(p.Names, ",") != "Sam Ortiz" || p.Decisions != 2 {
		t.Errorf("participants[0] = %+v", p)
	}
	var rs *CapabilitySection
	for i := range r.ByCapability {
		if r.ByCapability[i].Capability == "RS.CO" {
			rs = &r.ByCapability[i]
		}
	}
	if rs == nil || len(rs.Improvements) != 2 || rs.Improvements[1].Cause != "No on-call legal contact in the plan." {
		t.Errorf("RS.CO analysis = %+v", rs)
	}

	md := string(render(t, FormatMarkdown, evaluatedSession(t)))
	for _, want := range []string{
		"| Organisation | Acme Logistics |", "| Location | Board room, Leeds |", "| Facilitator | Alex Moreau |",
		"| Participants | 1: Sam Ortiz (Incident lead) |",
		"## Capability analysis", "| Contain the spread within 30 minutes | RS.\u200bMI | 50.0 M | S | Dana (lead evaluator) | Isolation came late but held. |",
		"Phase Containment: suggested U, final **M** (set by Dana (lead evaluator): Reimaging destroyed evidence.)",
		"## Analysis by capability", "| Nobody knew who calls legal. | No on-call legal contact in the plan. | Dana (lead evaluator) |",
		"| Responsible organisation | Point of contact | Start | Completion | Status |",
		"| Legal | Jo Lee | 2026-12-01 | 2027-01-31 | in progress |",
		"## Appendix A: Timeline", "## By role", "| Incident lead | Sam Ortiz | 2 | 1 | 1 | 0 | 2 | console (2) | 0 |", "## Appendix B: Participants",
		"## Appendix C: Hot wash", "| Meet notification duties | area for improvement | We forgot legal entirely. |",
		"## Appendix D: Participant feedback", "| The scenario was plausible and realistic. | 2 | 4.0 |",
		"| Practise the press line. | anonymous (Communications) |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	html := string(render(t, FormatHTML, evaluatedSession(t)))
	checkHTML(t, []byte(html))
	for _, want := range []string{"<th>Organisation</th><td>Acme Logistics</td>", "<h2>Capability analysis</h2>", "Isolation came late but held.",
		"<h2>Appendix C: Hot wash</h2>", "We trusted the EDR alert.", "<td>in progress</td>", "<h2>Appendix D: Participant feedback</h2>"} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	var j struct {
		Setting    map[string]string
		Evaluation struct {
			Capabilities []map[string]any `json:"capability_analysis"`
			Feedback     struct {
				Respondents int
			}
		}
		Plan []map[string]string `json:"improvement_plan"`
	}
	if err := json.Unmarshal(render(t, FormatJSON, evaluatedSession(t)), &j); err != nil {
		t.Fatal(err)
	}
	if j.Setting["organisation"] != "Acme Logistics" || j.Evaluation.Capabilities[0]["final_rating"] != "S" ||
		j.Evaluation.Capabilities[0]["suggested_rating"] != "M" || j.Evaluation.Feedback.Respondents != 2 {
		t.Errorf("json = %+v", j)
	}
	for _, it := range j.Plan {
		if it["action"] == "call-legal" && (it["organisation"] != "Legal" || it["start"] != "2026-12-01" || it["status"] != "in progress") {
			t.Errorf("plan row = %v", it)
		}
	}
}

// TestTrendUsesFinalRating: a phase's final rating replaces the rules' in
// the trend.
func TestTrendUsesFinalRating(t *testing.T) {
	a, b := fixtureSession(t), evaluatedSession(t)
	b.Dir, b.Created = "sessions/b", a.Created.Add(24*3600e9)
	tr := BuildTrend([]*Session{a, b})
	for _, sr := range tr.Phases {
		if sr.ID == string(scenarios.Containment) {
			if sr.Points[0].Rating != RatingU || sr.Points[1].Rating != RatingM {
				t.Errorf("containment ratings %s, %s; want U (rules), M (final)", sr.Points[0].Rating, sr.Points[1].Rating)
			}
		}
	}
}

// TestScoresByPhaseShowTheFinalRating: where the evaluator rated a phase,
// the "Scores by phase" table has a Final column beside the rules'
// rating ("—" for the phases not rated); without a phase rating the table
// is as before (report.md's golden).
func TestScoresByPhaseShowTheFinalRating(t *testing.T) {
	md := string(render(t, FormatMarkdown, evaluatedSession(t)))
	golden(t, "evaluated.md", []byte(md)) // the whole report of an evaluated session
	table := section(md, "## Scores by phase")
	for _, want := range []string{
		"| Phase | Score | Rating | Final | Weight | Credit | Penalty | First decision |\n|---|---:|:---:|:---:|---:|---:|---:|---|\n",
		"| Detection and analysis | 100.0 | P | — | 2 | 2 | 0 | T+00:18:00 |",
		"| Containment | 37.5 | U | **M** | 4 | 1.5 | 0 | T+00:33:00 |",
		"| Eradication | n/a | — | — | 0 | 0 | 2 | T+01:10:00 |",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("scores by phase lack %q:\n%s", want, table)
		}
	}
	html := string(render(t, FormatHTML, evaluatedSession(t)))
	table = between(html, "<h2>Scores by phase</h2>", "</table>")
	for _, want := range []string{
		"<th>Rating</th><th>Final</th><th class=\"num\">Weight</th>",
		`<td>Detection and analysis</td><td class="num">100.0</td><td><span class="rating r-P">P</span></td><td>—</td>`,
		`<td>Containment</td><td class="num">37.5</td><td><span class="rating r-U">U</span></td><td><span class="rating r-M">M</span></td>`,
	} {
		if !strings.Contains(table, want) {
			t.Errorf("html scores by phase lack %q:\n%s", want, table)
		}
	}

	// Without a phase rating (an objective's only): no Final column.
	sess := evaluatedSession(t)
	sess.Events = slices.DeleteFunc(sess.Events, func(ev sim.Event) bool { return ev.Kind == sim.KindRating && ev.Phase != "" })
	for _, f := range []Format{FormatMarkdown, FormatHTML} {
		out := string(render(t, f, sess))
		if strings.Contains(out, "| Final | Weight") || strings.Contains(out, "<th>Final</th><th class=\"num\">Weight") || strings.Contains(out, "| — | 2 | 2 | 0 |") {
			t.Errorf("%s: a Final column without a phase rating", f)
		}
	}
}

// between is s from the first from to the first to after it.
func between(s, from, to string) string {
	_, after, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	before, _, _ := strings.Cut(after, to)
	return before
}
