package scoring

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"math/big"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// FuzzScore decodes arbitrary bytes into a session of the fixture scenario
// (any kinds, ids, times and order, including ids the scenario does not
// have) and checks that scoring and every report never panic and that the
// score obeys its invariants.
func FuzzScore(f *testing.F) {
	f.Add([]byte{0, 1, 10, 2, 3, 18, 9, 0, 100})
	f.Add([]byte{2, 1, 44, 2, 3, 70, 2, 5, 90, 9, 0, 100, 2, 1, 120})
	f.Add([]byte{9, 0, 0})
	f.Add([]byte{1, 2, 45, 2, 200, 5, 3, 0, 6, 8, 1, 2})
	s := fixtureScenario(f)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzSession(t, s, data) })
}

// FuzzScoreRevision11 is FuzzScore on a scenario that uses every scoring
// key of format 1.1 (late windows, conditional harms, consequences,
// objectives).
func FuzzScoreRevision11(f *testing.F) {
	f.Add([]byte{2, 0, 15, 2, 2, 6, 2, 3, 5, 0, 5, 30, 9, 0, 60})
	f.Add([]byte{2, 3, 1, 2, 2, 2, 2, 3, 2, 2, 1, 11})
	s, err := scenarios.Parse("rev11.yaml", []byte(rev11Scenario))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzSession(t, s, data) })
}

// fuzzSession decodes data into events of s and checks the invariants.
func fuzzSession(t *testing.T, s *scenarios.Scenario, data []byte) {
	kinds := []sim.Kind{sim.KindDelivered, sim.KindSkipped, sim.KindDecision, sim.KindPhase, sim.KindNote,
		sim.KindPause, sim.KindResume, sim.KindSpeed, sim.KindCorrective, sim.KindEnd,
		sim.KindStrike, sim.KindJoin, sim.KindLeave, sim.KindAdHoc, sim.KindLength, sim.KindWithhold}
	var evs []sim.Event
	for i := 0; i+2 < len(data) && len(evs) < 60; i += 3 {
		ev := sim.Event{Seq: len(evs) + 1, Kind: kinds[int(data[i])%len(kinds)], At: scenarios.Duration(data[i+2]) * scenarios.Minute}
		ref := int(data[i+1])
		switch {
		case ref < len(s.Actions):
			ev.Action = s.Actions[ref].ID
		case ref < len(s.Actions)+len(s.Injects):
			ev.Inject = s.Injects[ref-len(s.Actions)].ID
		case ref%2 == 0:
			ev.Action, ev.Inject = "ghost", "ghost"
		default:
			ev.Text = "free \x1b[2J text"
		}
		if ev.Kind == sim.KindDecision && ev.Inject != "" {
			ev.Action = ""
		}
		ev.Phase = scenarios.AllPhases[ref%len(scenarios.AllPhases)]
		// The team's events: a role (or the wall, or a ghost), a name, a
		// struck event, recipients, a length.
		roles := append([]string{"", sim.RoleWall, "ghost"}, roleIDs(s)...)
		ev.Role, ev.By = roles[ref%len(roles)], []string{"", "Ana", "Ben"}[ref%3]
		switch ev.Kind {
		case sim.KindStrike:
			ev.Ref = ref%(len(evs)+1) + 1
		case sim.KindAdHoc:
			ev.Title, ev.To = "ad hoc", strings.Join(roles[3:3+ref%(len(roles)-2)], ",")
		case sim.KindLength:
			ev.Length = scenarios.Duration(ref) * scenarios.Minute
		case sim.KindJoin:
			ev.Text = []string{sim.ViaKey, sim.ViaCode}[ref%2]
		}
		evs = append(evs, ev)
	}
	r := Score(s, evs)
	if r.Exact != nil {
		if r.Exact.Sign() < 0 || r.Exact.Cmp(big.NewRat(100, 1)) > 0 {
			t.Fatalf("score %s out of [0, 100]", r.Exact.RatString())
		}
		if r.Rating == RatingNone {
			t.Fatal("a score without a rating")
		}
	} else if r.Rating != RatingNone {
		t.Fatal("a rating without a score")
	}
	if len(r.Phases) != len(s.Phases) || len(r.Objectives) != len(s.Objectives) {
		t.Fatalf("%d phases, %d objectives", len(r.Phases), len(r.Objectives))
	}
	for _, o := range r.Objectives {
		if o.Score != nil && (o.Score.Sign() < 0 || o.Score.Cmp(big.NewRat(100, 1)) > 0) {
			t.Fatalf("objective %s score %s out of [0, 100]", o.ID, o.Score.RatString())
		}
	}
	if _, err := json.Marshal(r); err != nil {
		t.Fatal(err)
	}
	sess := &Session{Scenario: s, Events: evs}
	checkRoleTable(t, BuildReport(sess))
	for _, format := range Formats {
		if err := WriteReport(io.Discard, format, []*Session{sess}); err != nil {
			t.Fatal(err)
		}
		if err := WriteReportWith(io.Discard, format, []*Session{sess, sess}, TrendOptions{IncludeIncomplete: true}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range evs {
		if evs[i].Kind == sim.KindDecision {
			if c := Coach(s, evs, evs[i]); strings.ContainsRune(c.Text, 0x1b) {
				t.Fatalf("raw ESC in coach text %q", c.Text)
			}
		}
	}
}

// FuzzEscapers checks the Markdown and CSV escapers on arbitrary text: one
// line, no control characters, no unescaped Markdown markup, no formula.
func FuzzEscapers(f *testing.F) {
	for _, seed := range []string{"plain", hostile, "=1+1", "-2", "a|b\nc", "\xff\xfe", "\r\n", "<a href=x>", "`code`",
		"[a](http://x) ![i](http://x/i.png) <http://x> [r]\n\n[r]: http://x", "<img src=x>\n\n<script>x</script>", "www.example.com"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		m := md(in)
		if strings.ContainsAny(m, "\n\r\x1b") || !utf8.ValidString(m) {
			t.Fatalf("md(%q) = %q", in, m)
		}
		for i := 0; i < len(m); i++ {
			if strings.IndexByte("<>[]`*_|", m[i]) >= 0 {
				if !oddBackslashes(m, i) {
					t.Fatalf("md(%q) = %q: unescaped %q at %d", in, m, m[i], i)
				}
			}
		}
		h := strings.ToLower(string(briefingHTML(in)))
		for _, bad := range []string{"<a ", "<img", "<script", "<iframe", ` href="`, ` src="`} {
			if strings.Contains(h, bad) {
				t.Fatalf("briefingHTML(%q) holds %q: %s", in, bad, h)
			}
		}
		c := csvCell(in)
		if c != "" && strings.ContainsRune("=+-@", rune(c[0])) {
			t.Fatalf("csvCell(%q) = %q starts like a formula", in, c)
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Write([]string{c, "end"}) // a lone empty cell would be an empty line, which readers skip
		w.Flush()
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil || len(rows) != 1 || len(rows[0]) != 2 || rows[0][0] != c {
			t.Fatalf("csvCell(%q) = %q does not round-trip: %v %q", in, c, err, rows)
		}
		b := mdBlock(in)
		for _, line := range strings.Split(b, "\n") {
			if !strings.HasPrefix(line, ">") {
				t.Fatalf("mdBlock(%q) line %q is not quoted", in, line)
			}
			for i := 1; i < len(line); i++ {
				if strings.IndexByte("<>[]|", line[i]) >= 0 && !oddBackslashes(line, i) {
					t.Fatalf("mdBlock(%q) line %q: unescaped %q at %d", in, line, line[i], i)
				}
			}
		}
	})
}

// oddBackslashes reports whether s[i] is escaped: preceded by an odd run of
// backslashes.
func oddBackslashes(s string, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

func roleIDs(s *scenarios.Scenario) []string {
	var ids []string
	for _, r := range s.Roles {
		ids = append(ids, r.ID)
	}
	return ids
}

// checkRoleTable: the per-role table accounts for every applicable
// expected action once (when the scenario names owners) and for every
// decision that stands, and each row's met, late and missed add up.
func checkRoleTable(t *testing.T, r *Report) {
	t.Helper()
	owned, decisions := 0, 0
	for _, rr := range r.Roles {
		if rr.Met+rr.Late+rr.Missed != rr.Owned {
			t.Fatalf("row %s: %d met + %d late + %d missed != %d owned", rr.Name, rr.Met, rr.Late, rr.Missed, rr.Owned)
		}
		n := 0
		for _, by := range rr.RecordedBy {
			n += by.N
		}
		if n != rr.Decisions {
			t.Fatalf("row %s: recorded by %v, %d decisions", rr.Name, rr.RecordedBy, rr.Decisions)
		}
		owned += rr.Owned
		decisions += rr.Decisions
	}
	applicable := 0
	for _, a := range r.Result.Actions {
		if a.Kind == KindExpected && a.Status != StatusNotApplicable {
			applicable++
		}
	}
	if !r.RolesOwnActions {
		applicable = 0
	}
	if owned != applicable {
		t.Fatalf("%d owned actions in the table, %d applicable", owned, applicable)
	}
	if want := r.Result.Decisions + r.Result.FreeText; decisions != want {
		t.Fatalf("%d decisions in the table, the score counts %d", decisions, want)
	}
}
