package scoring

import (
	"bytes"
	"html"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

func TestBuildDebrief(t *testing.T) {
	s, err := scenarios.Parse("rev11.yaml", []byte(rev11Scenario+`tests:
  - name: not the ideal, rated S
    decisions: [{at: 5m, action: act}]
    expect: {rating: U}
  - name: ideal, rated P
    decisions: [{at: 5m, action: act}, {at: 6m, action: image}, {at: 7m, action: quick}]
    expect: {rating: P}
`))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := BuildDebrief(&scenarios.Scenario{}, nil); ok {
		t.Fatal("a debrief without an ideal test")
	}
	// The trainee wipes before imaging and never takes quick: spread arrives.
	e, err := sim.Play(s, []scenarios.Decision{{At: 20 * scenarios.Minute, Action: "act"}, {At: 21 * scenarios.Minute, Action: "wipe"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d, ok := BuildDebrief(s, e.Events())
	if !ok {
		t.Fatal("no debrief")
	}
	if d.IdealTest != "ideal" {
		t.Errorf("ideal test %q, want the first rated P", d.IdealTest)
	}
	want := map[string][3]string{ // id: yours, ideal, gap
		"act":   {"late", "met", "true"},
		"quick": {"missed", "met", "true"},
		"wipe":  {"taken", "avoided", "true"},
	}
	if len(d.Rows) != len(want) {
		t.Fatalf("%d rows, want %d", len(d.Rows), len(want))
	}
	for _, r := range d.Rows {
		w := want[r.Yours.ID]
		if string(r.Yours.Status) != w[0] || string(r.Ideal.Status) != w[1] || (r.Gap && w[2] != "true") || (!r.Gap && w[2] == "true") {
			t.Errorf("%s: yours %s, ideal %s, gap %v; want %v", r.Yours.ID, r.Yours.Status, r.Ideal.Status, r.Gap, w)
		}
	}
	if len(d.Consequences) != 1 || d.Consequences[0].Title != "Spread" || !d.Consequences[0].IdealAvoided {
		t.Errorf("consequences %+v, want Spread, avoided by the ideal team", d.Consequences)
	}
}

// The AAR of a practice run carries the same comparison as the debrief;
// a drill that is not practice has none.
func TestReportComparesAPracticeRunWithTheIdeal(t *testing.T) {
	s, err := scenarios.Parse("rev11.yaml", []byte(rev11Scenario+`tests:
  - name: ideal
    decisions: [{at: 5m, action: act}, {at: 6m, action: image}, {at: 7m, action: quick}]
    expect: {rating: P}
`))
	if err != nil {
		t.Fatal(err)
	}
	e, err := sim.Play(s, []scenarios.Decision{{At: 20 * scenarios.Minute, Action: "act"}, {At: 21 * scenarios.Minute, Action: "wipe"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, practice := range []bool{true, false} {
		for _, format := range []Format{FormatMarkdown, FormatHTML} {
			var buf bytes.Buffer
			if err := WriteReport(&buf, format, []*Session{{Scenario: s, Events: e.Events(), Practice: practice}}); err != nil {
				t.Fatal(err)
			}
			out := html.UnescapeString(buf.String())
			has := strings.Contains(out, "Compared with the ideal path")
			if has != practice {
				t.Errorf("practice=%v %s: comparison shown=%v", practice, format, has)
			}
			if !practice {
				continue
			}
			for _, want := range []string{"late at T+00:20:00", "met at T+00:05:00", "taken at T+00:21:00", "Why it is harmful: W.", "Recommendation: R.", "The ideal team avoided it."} {
				if !strings.Contains(out, want) {
					t.Errorf("%s comparison lacks %q", format, want)
				}
			}
		}
	}
}
