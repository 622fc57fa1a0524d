package scoring

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// A seated, facilitated session played through the sim API into a real
// session folder: two participants on role seats and the room's wall, who
// record decisions by name; a decision struck; an inject held back and one
// added ad hoc; the exercise extended; a reconnect; feedback, a hot wash
// and a final rating after the end.

var seatedStart = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// seatedFixture is the committed copy of the session that `ttx report` is
// tested on (cmd/ttx); TestSeatedFixture keeps it equal to what
// playSeated writes (-update rewrites it).
const seatedFixture = "testdata/seated-session"

// playSeated plays the seated session into dir and returns the session as
// reports read it, with a fixed creation time.
func playSeated(t *testing.T, dir string) *Session {
	t.Helper()
	src, err := os.ReadFile("testdata/seated.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenarios.Parse("seated.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := sim.CreateSessionWith(dir, s, sim.SessionOptions{TTX: "1.2.0", Org: "Acme Logistics", Location: "Board room, Leeds", Facilitator: "Alex Moreau"})
	if err != nil {
		t.Fatal(err)
	}
	e := sess.Engine
	now := seatedStart
	e.SetWallClock(func() time.Time { return now })
	must := func(ev sim.Event, err error) sim.Event {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return ev
	}
	at := func(d scenarios.Duration) {
		t.Helper()
		now = seatedStart.Add(time.Duration(d) * time.Second)
		if _, err := e.Advance(d); err != nil {
			t.Fatal(err)
		}
	}
	rec := func(d scenarios.Decision) sim.Event { t.Helper(); return must(e.Record(d)) }

	must(e.Join("Ana Lima", "ir", sim.ViaKey))
	must(e.Join("Ben Okafor", "legal", sim.ViaCode))
	must(e.Join("room", sim.RoleWall, sim.ViaCode))
	at(5 * m) // edr-alert
	at(8 * m)
	rec(scenarios.Decision{Action: "triage", Role: "ir", By: "Ana Lima", Note: "The alert looks real"})
	at(9 * m)
	twice := rec(scenarios.Decision{Action: "triage", Role: "ir", By: "Ana Lima"})
	must(e.Strike(twice.Seq, "Recorded twice (double Enter)"))
	at(10 * m)
	wrong := rec(scenarios.Decision{Action: "isolate", Role: "legal", By: "Ben Okafor"})
	must(e.Strike(wrong.Seq, "Wrong seat: legal does not isolate hosts"))
	at(12 * m)
	rec(scenarios.Decision{Text: "Tell staff not to open files on the shared drive", Role: "comms"})
	at(16 * m) // legal-memo at 15m, to legal only
	rec(scenarios.Decision{Action: "call-legal", Role: "legal", By: "Ben Okafor"})
	at(20 * m)
	must(e.AdHoc("The CEO asks for an update", "Five lines, in ten minutes.", []string{"ir", "comms"}))
	at(22 * m)
	must(e.Withhold("press-call", "The team is overloaded"))
	at(25 * m)
	must(e.NoteAs("We need the backup supplier's contact", "ir", "Ana Lima"))
	at(30 * m)
	rec(scenarios.Decision{Action: "isolate", Role: "ir", By: "Ana Lima"})
	at(40 * m) // press-call skipped at 35m
	must(e.Leave("Ben Okafor", "legal"))
	at(42 * m)
	must(e.Join("Ben Okafor", "legal", sim.ViaCode))
	at(45 * m)
	must(e.SetLength(75*m, "The team asked for time to plan the recovery"))
	at(50 * m)
	rec(scenarios.Decision{Action: "reimage"})
	at(55 * m)
	rec(scenarios.Decision{Phase: scenarios.Recovery, Role: "ir", By: "Ana Lima"})
	at(60 * m)
	rec(scenarios.Decision{Action: "restore", Role: "ir", By: "Ana Lima"})
	now = seatedStart.Add(70 * time.Minute)
	if _, err := e.End(70 * m); err != nil {
		t.Fatal(err)
	}
	// After the end: the feedback forms on the seats, the hot wash and the
	// evaluator's rating at the console.
	now = now.Add(5 * time.Minute)
	for _, f := range []sim.Event{
		{Item: "strengths", Text: "Clear roles from the start.", By: "Ana Lima", Role: "ir"},
		{Item: "improvements", Text: "Isolate without waiting for approval.", By: "Ana Lima", Role: "ir"},
		{Item: "realism", Score: 5, By: "Ana Lima", Role: "ir"},
		{Item: "facilitation", Score: 4, By: "Ana Lima", Role: "ir"},
		{Item: "realism", Score: 3, By: "Ben Okafor", Role: "legal"},
		{Item: "facilitation", Score: 5, By: "Ben Okafor", Role: "legal"},
		{Item: "comments", Text: "More time for legal questions."},
		{Item: "realism", Score: 4},
	} {
		f.Kind = sim.KindFeedback
		must(e.Evaluate(f))
	}
	must(e.Evaluate(sim.Event{Kind: sim.KindHotWash, Objective: "contain", Type: "strength", Text: "We trusted the EDR alert."}))
	must(e.Evaluate(sim.Event{Kind: sim.KindHotWash, Objective: "notify", Type: "improvement", Text: "Nobody owned the press line."}))
	must(e.Evaluate(sim.Event{Kind: sim.KindRating, Objective: "contain", Rating: "S", Note: "Isolation came late but held.", By: "Dana Reyes"}))
	must(e.Leave("Ana Lima", "ir"))
	if err := sess.Close(); err != nil {
		t.Fatal(err)
	}
	return readSeated(t, dir)
}

func readSeated(t *testing.T, dir string) *Session {
	t.Helper()
	s, hdr, evs, warnings, err := sim.ReadSession(dir)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("reading %s: %v %v", dir, err, warnings)
	}
	return &Session{Dir: dir, Scenario: s, Created: seatedStart, Version: hdr.TTX, Events: evs,
		Org: hdr.Org, Location: hdr.Location, Facilitator: hdr.Facilitator}
}

func TestSeatedReport(t *testing.T) {
	sess := playSeated(t, filepath.Join(t.TempDir(), "seated-session"))
	r := BuildReport(sess)

	var seats []string
	for _, st := range r.Seats {
		seats = append(seats, st.Name+"/"+st.RoleText()+"/"+st.ViaText()+"/"+st.JoinedWall()+"/"+st.JoinedAt.Clock()+"/"+
			strings.Repeat("+", st.Joins)+"/"+st.Left())
	}
	want := []string{
		"Ana Lima/Incident lead (ir)/SSH key/2026-12-01 09:00 UTC/T+00:00:00/+/T+01:10:00",
		"Ben Okafor/Legal counsel (legal)/join code/2026-12-01 09:00 UTC/T+00:00:00/++/—",
		"room/wall display/join code/2026-12-01 09:00 UTC/T+00:00:00/+/—",
	}
	if !reflect.DeepEqual(seats, want) {
		t.Errorf("seats:\n%s\nwant\n%s", strings.Join(seats, "\n"), strings.Join(want, "\n"))
	}
	if got := r.PeopleText(); got != "2: Ana Lima (Incident lead), Ben Okafor (Legal counsel); wall display: room" {
		t.Errorf("people = %q", got)
	}
	if r.Length != 75*m || r.Planned() != "1h15m (extended from 1h at T+00:45:00: The team asked for time to plan the recovery)" {
		t.Errorf("length %s, planned %q", r.Length, r.Planned())
	}
	if got := r.DurationPlayed(); got != "1h10m of 1h15m planned" {
		t.Errorf("duration played = %q", got)
	}
	var table bytes.Buffer
	if err := WriteTable(&table, sess.Scenario, r.Result); err != nil || !strings.Contains(table.String(), "Played    T+01:10:00 of T+01:15:00 (ended)") {
		t.Errorf("ttx score's table (%v):\n%s", err, table.String())
	}
	if r.StruckDecisions != 2 || r.DecisionsText() != "5 from the catalogue, 1 free text (2 more struck, not counted)" {
		t.Errorf("decisions: %d struck, %q", r.StruckDecisions, r.DecisionsText())
	}

	var roles []string
	for _, rr := range r.Roles {
		roles = append(roles, rr.Name+"|"+rr.PlayedByText()+"|"+itoaT(rr.Owned, rr.Met, rr.Late, rr.Missed, rr.Decisions)+"|"+rr.RecordedByText()+"|"+itoaT(rr.Notes))
	}
	want = []string{
		// triage met, isolate late (deadline 25m, taken 30m); the duplicate
		// triage is struck; restore is nobody's.
		"Incident lead|Ana Lima|2 1 1 0 3|Ana Lima (3)|1",
		// call-legal met, assess-breach missed; the struck isolate is not counted.
		"Legal counsel|Ben Okafor|2 1 0 1 1|Ben Okafor (1)|0",
		"Communications|—|1 0 0 1 1|console (1)|0",
		"(no role named)|—|1 1 0 0 1|console (1)|0",
	}
	if !reflect.DeepEqual(roles, want) {
		t.Errorf("roles:\n%s\nwant\n%s", strings.Join(roles, "\n"), strings.Join(want, "\n"))
	}

	var tl []string
	for _, e := range r.Timeline {
		tl = append(tl, e.At.Clock()+" "+timelineKind(&e)+": "+timelineDetail(&e))
	}
	for _, w := range []string{
		"T+00:08:00 decision (met): Triage the EDR alert [Incident lead · Ana Lima] — note: The alert looks real",
		"T+00:09:00 struck (Recorded twice (double Enter)): Triage the EDR alert [Incident lead · Ana Lima]",
		"T+00:10:00 struck (Wrong seat: legal does not isolate hosts): Isolate the affected hosts [Legal counsel · Ben Okafor]",
		"T+00:12:00 free text: Tell staff not to open files on the shared drive [Communications]",
		"T+00:20:00 ad-hoc inject: The CEO asks for an update — to Incident lead, Communications",
		"T+00:22:00 withheld (skipped by the facilitator: The team is overloaded): A journalist calls",
		"T+00:25:00 note: We need the backup supplier's contact [Incident lead · Ana Lima]",
		"T+00:35:00 inject skipped: A journalist calls — from Local newspaper",
		"T+00:45:00 length: Exercise extended from 1h to 1h15m: The team asked for time to plan the recovery",
		"T+00:50:00 decision (harmful): Reimage the file server at once",
	} {
		if !containsLine(tl, w) {
			t.Errorf("timeline lacks %q\n%s", w, strings.Join(tl, "\n"))
		}
	}
	for _, l := range tl {
		if strings.Contains(l, "join") || strings.Contains(l, "leave") {
			t.Errorf("joins and leaves belong in the participants appendix, not the timeline: %q", l)
		}
	}

	fb := r.Evaluation.Feedback
	if fb.Forms != 3 || len(fb.Answers) != 3 || len(fb.Ratings) != 2 ||
		fb.Ratings[0].Item != "realism" || fb.Ratings[0].N != 3 || fb.Ratings[0].Average != 4 ||
		fb.Ratings[1].Item != "facilitation" || fb.Ratings[1].N != 2 || fb.Ratings[1].Average != 4.5 {
		t.Errorf("feedback = %+v", fb)
	}
	if len(r.Evaluation.HotWash) != 2 || r.Evaluation.Capabilities[0].Final == nil || r.Evaluation.Capabilities[0].Final.By != "Dana Reyes" {
		t.Errorf("hot wash %+v, capabilities %+v", r.Evaluation.HotWash, r.Evaluation.Capabilities)
	}

	for _, f := range []Format{FormatMarkdown, FormatHTML, FormatJSON} {
		t.Run(string(f), func(t *testing.T) {
			out := render(t, f, sess)
			if f == FormatHTML {
				checkHTML(t, out)
			}
			golden(t, "seated."+string(f), out)
		})
	}
}

func itoaT(ns ...int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, " ")
}

func containsLine(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

// TestSeatedJSON: the JSON report's team keys, as docs/reports.md
// describes them.
func TestSeatedJSON(t *testing.T) {
	sess := playSeated(t, filepath.Join(t.TempDir(), "seated-session"))
	var j struct {
		Version        int
		PlannedLengthS int64 `json:"planned_length_s"`
		LengthChanges  []struct {
			AtS    int64 `json:"at_s"`
			FromS  int64 `json:"from_s"`
			ToS    int64 `json:"to_s"`
			Reason string
		} `json:"length_changes"`
		Participants []struct {
			Name, Role, Via string
			RoleName        string `json:"role_name"`
			Joined          *time.Time
			JoinedAtS       int64 `json:"joined_at_s"`
			Joins           int
			Connected       bool
			LeftAtS         *int64 `json:"left_at_s"`
		}
		RolesOwnActions bool `json:"roles_own_actions"`
		Roles           []struct {
			Role, Name                                    string
			PlayedBy                                      []string `json:"played_by"`
			Expected, Met, Late, Missed, Decisions, Notes int
			RecordedBy                                    []NameCount `json:"recorded_by"`
		}
		DecisionsStruck int `json:"decisions_struck"`
		Scenario        struct {
			DurationS int64 `json:"duration_s"`
		}
		Timeline []struct {
			Kind, Text, Role, By, Tag string
			To                        []string
			LengthS                   int64 `json:"length_s"`
		}
	}
	if err := json.Unmarshal(render(t, FormatJSON, sess), &j); err != nil {
		t.Fatal(err)
	}
	if j.Version != JSONVersion || j.PlannedLengthS != 4500 || j.Scenario.DurationS != 3600 || len(j.LengthChanges) != 1 ||
		j.LengthChanges[0].AtS != 2700 || j.LengthChanges[0].FromS != 3600 || j.LengthChanges[0].ToS != 4500 {
		t.Errorf("length: %+v", j)
	}
	if len(j.Participants) != 3 || j.Participants[0].Role != "ir" || j.Participants[0].Via != "key" ||
		j.Participants[0].LeftAtS == nil || *j.Participants[0].LeftAtS != 4200 || j.Participants[1].Joins != 2 ||
		j.Participants[2].Role != "wall" || j.Participants[2].RoleName != "wall display" || !j.Participants[2].Connected ||
		j.Participants[2].Joined == nil || !j.Participants[2].Joined.Equal(seatedStart) {
		t.Errorf("participants: %+v", j.Participants)
	}
	if !j.RolesOwnActions || j.DecisionsStruck != 2 || len(j.Roles) != 4 || j.Roles[1].Role != "legal" || j.Roles[1].Missed != 1 ||
		j.Roles[2].RecordedBy[0].Name != "" || j.Roles[3].Role != "" {
		t.Errorf("roles: %+v", j.Roles)
	}
	var adhoc, length, struck bool
	for _, e := range j.Timeline {
		switch e.Kind {
		case "ad-hoc inject":
			adhoc = reflect.DeepEqual(e.To, []string{"ir", "comms"})
		case "length":
			length = e.LengthS == 4500
		case "struck":
			struck = struck || e.By == "Ben Okafor" && e.Tag == "struck: Wrong seat: legal does not isolate hosts"
		}
	}
	if !adhoc || !length || !struck {
		t.Errorf("timeline: ad-hoc %v, length %v, struck %v", adhoc, length, struck)
	}
}

// TestSeatedFixture keeps the committed session folder that the CLI test
// renders equal to what playSeated writes: the same scenario bytes and the
// same events. -update rewrites it.
func TestSeatedFixture(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "seated-session")
	playSeated(t, dir)
	if *update {
		if err := os.RemoveAll(seatedFixture); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(seatedFixture, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{sim.ScenarioFile, sim.JournalFile} {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if name == sim.JournalFile {
				data = fixHeader(t, data)
			}
			if err := os.WriteFile(filepath.Join(seatedFixture, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	got, want := readSeated(t, dir), readSeated(t, seatedFixture)
	if !reflect.DeepEqual(got.Events, want.Events) || !bytes.Equal(got.Scenario.Source, want.Scenario.Source) {
		t.Errorf("%s is out of date: run go test ./scoring -run TestSeatedFixture -update", seatedFixture)
	}
}

// fixHeader gives the journal header a fixed creation time, so that the
// committed fixture does not change each time it is rewritten.
func fixHeader(t *testing.T, journal []byte) []byte {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(journal))
	sc.Buffer(nil, 1<<20)
	var out bytes.Buffer
	for first := true; sc.Scan(); first = false {
		line := sc.Bytes()
		if first {
			var h sim.Header
			if err := json.Unmarshal(line, &h); err != nil {
				t.Fatal(err)
			}
			h.Created = seatedStart
			b, err := json.Marshal(h)
			if err != nil {
				t.Fatal(err)
			}
			line = b
		}
		out.Write(line)
		out.WriteByte('\n')
	}
	return out.Bytes()
}
