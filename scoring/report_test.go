package scoring

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./scoring -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs at line %d:\ngot:  %q\nwant: %q\n(run with -update if the change is intended)", name, i+1, g, w)
			}
		}
	}
}

func render(t *testing.T, format Format, sessions ...*Session) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteReport(&buf, format, sessions); err != nil {
		t.Fatalf("WriteReport(%s): %v", format, err)
	}
	return buf.Bytes()
}

func TestBuildReport(t *testing.T) {
	r := BuildReport(fixtureSession(t))
	// triage met (2), isolate late (critical, 1.5 of 3), legal missed (0 of 1),
	// restore met (2); reimage taken (−2): (5.5 − 2) / 8 = 43.75.
	if got := r.Result.ScoreText(); got != "43.8" || r.Result.Rating != RatingM {
		t.Errorf("score %s %s, want 43.8 M", got, r.Result.Rating)
	}
	var gaps []string
	for _, g := range r.Gaps {
		gaps = append(gaps, g.ID+":"+g.Issue)
	}
	want := "isolate-hosts:Critical task late by 4m reimage-now:Harmful action taken call-legal:Missed"
	if strings.Join(gaps, " ") != want {
		t.Errorf("gaps = %v\nwant %s", gaps, want)
	}
	if len(r.TopGaps) != 3 {
		t.Errorf("%d top gaps, want 3", len(r.TopGaps))
	}
	plan := map[string]PlanItem{}
	for _, it := range r.Plan {
		plan[it.ActionID] = it
	}
	if it := plan["isolate-hosts"]; it.Owner != "SOC manager" || it.Due != "2026-12-15" || it.Capability != "RS.MI" {
		t.Errorf("isolate-hosts plan item = %+v; want owner, due and the objective's capability", it)
	}
	if it := plan["reimage-now"]; it.CorrectiveAction != "Do not reimage servers at once: Destroys the evidence the investigation needs." {
		t.Errorf("harmful corrective action = %q", it.CorrectiveAction)
	}
	var tags []string
	for _, e := range r.Timeline {
		tags = append(tags, e.Kind+"/"+e.Tag)
	}
	wantTags := "inject/ decision/met decision/ inject/ phase/ free text/ decision/late skipped/ note/ inject/ decision/harmful decision/met end/"
	if strings.Join(tags, " ") != wantTags {
		t.Errorf("timeline = %v\nwant %s", tags, wantTags)
	}
	var objs []string
	for _, o := range r.Objectives {
		objs = append(objs, o.ID+"="+FormatScore(o.Score)+string(o.Rating)+":"+strings.Repeat("+", o.Met)+"/"+strings.Repeat("+", o.Applicable))
	}
	// isolate-hosts is late and critical (cap S, 50 → M); call-legal missed.
	if got := strings.Join(objs, " "); got != "contain=50.0M:/+ notify=0.0U:/+" {
		t.Errorf("objectives = %s", got)
	}
	if s := r.Phases[0].Strengths; len(s) != 1 || s[0].ID != "triage-alert" {
		t.Errorf("detection strengths = %+v", s)
	}
}

func TestReportGolden(t *testing.T) {
	sess := fixtureSession(t)
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			out := render(t, f, sess)
			if f == FormatHTML {
				checkHTML(t, out)
			}
			golden(t, "report."+string(f), out)
		})
	}
}

func TestTrendGolden(t *testing.T) {
	sessions := trendSessions(t)
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			out := render(t, f, sessions...)
			if f == FormatHTML {
				checkHTML(t, out)
			}
			golden(t, "trend."+string(f), out)
		})
	}
}

// trendSessions are three drills of the fixture scenario, given out of
// order: the team improves containment after the first.
func trendSessions(t testing.TB) []*Session {
	first := fixtureSession(t)
	s := first.Scenario
	second := &Session{Dir: "sessions/second", Scenario: s, Created: fixtureCreated.Add(7 * 24 * time.Hour), Events: events(
		deliver("edr-alert", 10*m), take("triage-alert", 12*m), take("isolate-hosts", 20*m), skip("spread", 45*m),
		deliver("ceo-call", 30*m), deliver("ransom-note", 60*m), take("pay-ransom", 70*m), endAt(2*scenarios.Hour))}
	third := &Session{Dir: "sessions/third", Scenario: s, Created: fixtureCreated.Add(14 * 24 * time.Hour), Events: events(
		deliver("edr-alert", 10*m), take("triage-alert", 12*m), take("isolate-hosts", 15*m), take("call-legal", 16*m),
		deliver("ceo-call", 30*m), skip("spread", 45*m), deliver("ransom-note", 60*m), take("restore-backups", 80*m), endAt(2*scenarios.Hour))}
	return []*Session{third, first, second}
}

func TestBuildTrend(t *testing.T) {
	tr := BuildTrend(trendSessions(t))
	var order []string
	for _, s := range tr.Sessions {
		order = append(order, s.Dir+"="+FormatScore(s.Score)+string(s.Rating))
	}
	if got := strings.Join(order, " "); got != "sessions/2026-11-20-ransomware-friday=43.8M sessions/second=25.0U sessions/third=100.0P" {
		t.Errorf("sessions = %s", got)
	}
	var rec []string
	for _, g := range tr.Recurring {
		rec = append(rec, g.Action+":"+strings.Repeat("x", g.Count)+"/"+strings.Repeat("x", g.Of))
	}
	// call-legal missed twice; restore-backups missed once, isolate late once.
	if got := strings.Join(rec, " "); got != "call-legal:xx/xxx" {
		t.Errorf("recurring = %s", got)
	}
	var fu []string
	for _, f := range tr.FollowUps {
		fu = append(fu, string(f.Phase)+"@"+FormatScore(f.Before)+"->"+optScore(f.After, f.AfterSession > 0)+":"+f.Verdict())
	}
	want := "containment@37.5->75.0:improved eradication@n/a->—:no later score " +
		"containment@75.0->100.0:improved recovery@0.0->100.0:improved"
	if got := strings.Join(fu, " "); got != want {
		t.Errorf("follow-ups = %s\nwant        %s", got, want)
	}
	summary := strings.Join(tr.Summary(), "\n")
	for _, want := range []string{"3 drills of 1 scenario(s), from 2026-11-20 14:00 UTC to 2026-12-04 14:00 UTC.",
		"Overall score 43.8 (M) in the first drill, 100.0 (P) in the last; change +56.2.",
		"Most improved phase: Containment (+62.5).", "Most frequent gap: Bring legal counsel in (Containment), a gap in 2 of 3 drills."} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, summary)
		}
	}
	if strings.Contains(summary, "declined") {
		t.Errorf("no phase declined:\n%s", summary)
	}
	caps := map[string]string{}
	for _, c := range tr.Capabilities {
		caps[c.Name] = firstLast(c)
	}
	if caps["RS.MI"] != "50.0 M → 100.0 P" || caps["RS.CO"] != "0.0 U → 100.0 P" || caps["DE.AE"] != "100.0 P → 100.0 P" {
		t.Errorf("capabilities = %v", caps)
	}
}

func TestWriteReportErrors(t *testing.T) {
	if err := WriteReport(&bytes.Buffer{}, FormatMarkdown, nil); err == nil {
		t.Error("no sessions: want an error")
	}
	if _, err := ParseFormat("pdf"); err == nil || !strings.Contains(err.Error(), "md, html, json or csv") {
		t.Errorf("ParseFormat(pdf) = %v", err)
	}
	for _, s := range []string{"md", "markdown", "HTML", "json", "csv"} {
		if _, err := ParseFormat(s); err != nil {
			t.Errorf("ParseFormat(%s): %v", s, err)
		}
	}
}

func TestReportJSONParses(t *testing.T) {
	for _, sessions := range [][]*Session{{fixtureSession(t)}, trendSessions(t)} {
		var v map[string]any
		if err := json.Unmarshal(render(t, FormatJSON, sessions...), &v); err != nil {
			t.Fatalf("invalid JSON: %v", err)
		}
	}
}

func TestReportCSV(t *testing.T) {
	sess := fixtureSession(t)
	sess.Dir = filepath.Join(t.TempDir(), "sessions", sess.Dir)
	out := render(t, FormatCSV, sess)
	// Spreadsheets: a UTF-8 byte-order mark, and CRLF after every row.
	body, ok := bytes.CutPrefix(out, []byte("\xef\xbb\xbf"))
	if !ok {
		t.Fatalf("no UTF-8 BOM: %q", out[:min(len(out), 8)])
	}
	if n, crlf := bytes.Count(body, []byte("\n")), bytes.Count(body, []byte("\r\n")); n != crlf || n != 4 {
		t.Errorf("%d line ends, %d of them CRLF; want 4 CRLF", n, crlf)
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.LazyQuotes = false
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		if row[2] != "2026-11-20-ransomware-friday" {
			t.Errorf("session column = %q, want the folder's name only", row[2])
		}
	}
	if len(rows) != 4 || strings.Join(rows[0], ",") != strings.Join(planHeader, ",") {
		t.Fatalf("rows = %q", rows)
	}
	if rows[1][3] != "Isolate affected hosts" || rows[1][8] != "SOC manager" || rows[1][9] != "2026-12-15" {
		t.Errorf("first plan row = %q", rows[1])
	}
	if got := rows[1][10:]; strings.Join(got, "|") != "||open" {
		t.Errorf("organisation, start, status of a row without them = %q, want empty, empty, open", got)
	}
}

// TestReportCSVHasTheWholePlanRow: the organisation, start date and status
// the team set reach the CSV, after the columns older sheets read.
func TestReportCSVHasTheWholePlanRow(t *testing.T) {
	sess := fixtureSession(t)
	var action string
	for _, ev := range sess.Events {
		if ev.Kind == sim.KindCorrective {
			action = ev.Action
		}
	}
	if action == "" {
		t.Fatal("the fixture has no corrective row")
	}
	last := sess.Events[len(sess.Events)-1]
	sess.Events = append(sess.Events, sim.Event{Seq: last.Seq + 1, Kind: sim.KindCorrective, At: last.At, Action: action,
		Owner: "Dana", Due: "2027-03-31", Org: "=Acme SOC", Start: "2027-01-04", Status: "in progress"})
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(render(t, FormatCSV, sess), []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		if row[8] == "Dana" {
			if got := strings.Join(row[8:], "|"); got != "Dana|2027-03-31|'=Acme SOC|2027-01-04|in progress" {
				t.Errorf("plan row = %q", got)
			}
			return
		}
	}
	t.Fatalf("no row for Dana in %q", rows)
}
