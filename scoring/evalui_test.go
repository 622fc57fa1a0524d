package scoring

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// TestAARFinalRatingsEveryFormat: every format of the after-action report
// shows, per objective, the rules' suggested rating beside the evaluator's
// final one, its rationale and who set it, and the phase ratings set.
func TestAARFinalRatingsEveryFormat(t *testing.T) {
	html := string(render(t, FormatHTML, evaluatedSession(t)))
	for _, want := range []string{
		`<tr><td>Contain the spread within 30 minutes</td><td>RS.MI</td><td class="num">50.0 <span class="rating r-M">M</span></td>` +
			`<td><span class="rating r-S">S</span></td><td>Dana (lead evaluator)</td><td>Isolation came late but held.</td></tr>`,
		`<tr><td>Meet notification duties</td><td>RS.CO</td><td class="num">0.0 <span class="rating r-U">U</span></td><td>—</td><td>—</td><td>—</td></tr>`,
		`<li>Containment: suggested <span class="rating r-U">U</span>, final <span class="rating r-M">M</span> <span class="tag">(set by Dana (lead evaluator))</span>: Reimaging destroyed evidence.</li>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %s", want)
		}
	}
	// An observation about an inject says which one.
	if want := "<li>The SOC escalated at once. (on the inject “EDR: ransomware behaviour on FS01”) (evaluator)</li>"; !strings.Contains(html, want) {
		t.Errorf("html lacks %s", want)
	}
	var j struct {
		Evaluation struct {
			Capabilities []map[string]any       `json:"capability_analysis"`
			PhaseFinal   map[string]FinalRating `json:"phase_final_ratings"`
		}
	}
	if err := json.Unmarshal(render(t, FormatJSON, evaluatedSession(t)), &j); err != nil {
		t.Fatal(err)
	}
	c := j.Evaluation.Capabilities
	if len(c) != 2 || c[0]["objective"] != "contain" || c[0]["suggested_rating"] != "M" || c[0]["final_rating"] != "S" ||
		c[0]["set_by"] != "Dana (lead evaluator)" || c[0]["rationale"] != "Isolation came late but held." {
		t.Errorf("json capability analysis[0] = %v", c)
	}
	if len(c) == 2 && (c[1]["final_rating"] != nil || c[1]["set_by"] != nil || c[1]["suggested_rating"] != "U") {
		t.Errorf("json capability analysis[1] = %v: no final rating was set", c[1])
	}
	if f := j.Evaluation.PhaseFinal["containment"]; f != (FinalRating{Rating: RatingM, Rationale: "Reimaging destroyed evidence.", By: "Dana (lead evaluator)"}) ||
		len(j.Evaluation.PhaseFinal) != 1 {
		t.Errorf("json phase final ratings = %+v", j.Evaluation.PhaseFinal)
	}
}

// TestAARFinalRatingWithdrawn: the last rating event counts; one without a
// rating withdraws the final rating and the rules' suggestion stands.
func TestAARFinalRatingWithdrawn(t *testing.T) {
	sess := evaluatedSession(t)
	sess.Events = append(sess.Events,
		sim.Event{Kind: sim.KindRating, At: 100 * m, Objective: "contain", By: "Dana"},
		sim.Event{Kind: sim.KindRating, At: 100 * m, Phase: scenarios.Containment, Rating: "P", Note: "On reflection, fine.", By: "Lee"},
	)
	md := string(render(t, FormatMarkdown, sess))
	for _, want := range []string{
		"| Contain the spread within 30 minutes | RS.\u200bMI | 50.0 M | — | — | — |",
		"Phase Containment: suggested U, final **P** (set by Lee: On reflection, fine.)",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Contains(md, "Isolation came late but held.") {
		t.Error("a withdrawn rating's rationale is still shown")
	}
}

// TestAARShowsEditedSetting: the review's setting event replaces the
// journal header's organisation, location and facilitator in every format;
// the last one counts, whole (a field it leaves empty is empty).
func TestAARShowsEditedSetting(t *testing.T) {
	sess := evaluatedSession(t) // header: Acme Logistics, Board room, Leeds, Alex Moreau
	sess.Events = append(sess.Events,
		sim.Event{Kind: sim.KindSetting, At: 100 * m, Org: "Wrong Co", Location: "Nowhere", Facilitator: "Nobody"},
		sim.Event{Kind: sim.KindSetting, At: 100 * m, Org: "Acme Freight Ltd", Facilitator: "Kim <Park> & co"},
	)
	md := string(render(t, FormatMarkdown, sess))
	for _, want := range []string{"| Organisation | Acme Freight Ltd |", "| Location | — |", "| Facilitator | Kim \\<Park\\> \\& co |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	html := string(render(t, FormatHTML, sess))
	for _, want := range []string{"<th>Organisation</th><td>Acme Freight Ltd</td>", "<th>Facilitator</th><td>Kim &lt;Park&gt; &amp; co</td>"} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	for _, old := range []string{"Acme Logistics", "Board room", "Alex Moreau", "Wrong Co", "Nowhere"} {
		if strings.Contains(md, old) || strings.Contains(html, old) {
			t.Errorf("the report still shows %q", old)
		}
	}
	var j struct{ Setting map[string]string }
	if err := json.Unmarshal(render(t, FormatJSON, sess), &j); err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"organisation": "Acme Freight Ltd", "location": "", "facilitator": "Kim <Park> & co"}; !mapsEqual(j.Setting, want) {
		t.Errorf("json setting = %v, want %v", j.Setting, want)
	}
	if sess.Org != "Acme Logistics" {
		t.Errorf("BuildReport changed the caller's session: Org = %q", sess.Org)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestTrendCapabilityUsesFinalRating: a capability's point in the trend
// carries the evaluator's final rating of its objective, not the rules'.
func TestTrendCapabilityUsesFinalRating(t *testing.T) {
	a, b := fixtureSession(t), evaluatedSession(t) // b: objective contain (RS.MI) rated S; the rules say M
	b.Dir, b.Created = "sessions/b", a.Created.Add(24*3600e9)
	tr := BuildTrend([]*Session{a, b})
	found := false
	for _, sr := range tr.Capabilities {
		if sr.ID != "RS.MI" {
			continue
		}
		found = true
		if sr.Points[0].Rating != RatingM || sr.Points[1].Rating != RatingS {
			t.Errorf("RS.MI ratings %s, %s; want M (rules), S (final)", sr.Points[0].Rating, sr.Points[1].Rating)
		}
		if FormatScore(sr.Points[1].Score) != "50.0" {
			t.Errorf("RS.MI score %s: the final rating must not change the score", FormatScore(sr.Points[1].Score))
		}
	}
	if !found {
		t.Fatal("no RS.MI series in the trend")
	}
}

func TestFinalCapabilityRatings(t *testing.T) {
	s := fixtureScenario(t)
	s.Objectives = append(s.Objectives, scenarios.Objective{ID: "contain2", Text: "Keep it contained", Capability: "RS.MI"})
	s.BuildIndex()
	rate := func(obj, r string) sim.Event {
		return sim.Event{Kind: sim.KindRating, Objective: obj, Rating: r, Note: "why"}
	}
	for _, tc := range []struct {
		name   string
		events []sim.Event
		want   string
	}{
		{"none", nil, ""},
		{"one", []sim.Event{rate("contain", "S")}, "RS.MI=S"},
		{"last counts", []sim.Event{rate("contain", "U"), rate("contain", "P")}, "RS.MI=P"},
		{"withdrawn", []sim.Event{rate("contain", "U"), rate("contain", "")}, ""},
		{"lowest of a capability", []sim.Event{rate("contain", "P"), rate("contain2", "M"), rate("notify", "S")}, "RS.CO=S RS.MI=M"},
		{"phase ratings ignored", []sim.Event{{Kind: sim.KindRating, Phase: scenarios.Containment, Rating: "U", Note: "x"}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := finalCapabilityRatings(s, tc.events)
			var got []string
			for _, c := range []string{"RS.CO", "RS.MI"} {
				if r, ok := m[c]; ok {
					got = append(got, c+"="+string(r))
				}
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("got %q, want %q", g, tc.want)
			}
		})
	}
}
