package tui

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
	"github.com/ttx-sim/ttx/sim"
)

// TestEvaluationOnDisk plays the drill through a real Bubble Tea program
// into a real session folder with an observation during play, final
// ratings after the hot wash and new exercise details in the review, then
// reads the journal back (replayed), resumes the session, and checks that
// the after-action report in every format shows them.
func TestEvaluationOnDisk(t *testing.T) {
	s := loadDrill(t)
	dir := filepath.Join(t.TempDir(), "drill")
	app := New(Options{
		Scenario: s,
		Start: func(s *scenarios.Scenario) (Session, error) {
			ss, err := sim.CreateSessionWith(dir, s, sim.SessionOptions{TTX: "test", Org: "Acme", Facilitator: "Kim"})
			if err != nil {
				return nil, err
			}
			return NewSession(ss), nil
		},
		MarkdownStyle: "ascii",
	})
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(120, 36))
	wait := func(text string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
			teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	press := func(keys ...string) {
		for _, k := range keys {
			tm.Send(keyMsg(k))
		}
	}
	wait("enter to start the clock")
	press("enter")
	wait("waiting for the first inject")
	press("n")
	wait("A user reports a strange invoice")
	press("o")
	wait("Observation — private")
	press("a")
	tm.Type("Nobody asked who owns the mailbox")
	press("tab")
	tm.Type("no on-call list")
	press("enter")
	wait("Area for improvement saved")
	press("E", "y")
	wait("press enter for the review")
	press("enter")
	wait("Hot wash")
	press("c")
	wait("Ratings —")
	press("m")
	tm.Type("Triage never started")
	press("enter")
	wait("Saved: final M")
	press("u") // the first phase, Detection
	tm.Type("The report was ignored")
	press("enter")
	wait("Saved: final U")
	press("c")
	wait("(d edits)")
	press("d")
	wait("Exercise details")
	press("tab")
	tm.Type("Board room")
	press("enter")
	wait("Saved: the exercise details")
	press("c")
	wait("report.html")
	press("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if err := app.Session().Close(); err != nil {
		t.Fatal(err)
	}

	// The journal reads back and replays (sim.ReadSession replays it).
	sc, hdr, events, warnings, err := sim.ReadSession(dir)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("ReadSession: %v %v", err, warnings)
	}
	var got []string
	for _, ev := range events {
		switch ev.Kind {
		case sim.KindObservation:
			got = append(got, "observation:"+ev.Type+":"+ev.Inject+":"+ev.Text+":"+ev.Cause+":"+ev.By)
		case sim.KindRating:
			got = append(got, "rating:"+ev.Objective+string(ev.Phase)+":"+ev.Rating+":"+ev.Note+":"+ev.By)
		case sim.KindSetting:
			got = append(got, "setting:"+ev.Org+":"+ev.Location+":"+ev.Facilitator)
		}
	}
	want := []string{
		"observation:improvement:phish:Nobody asked who owns the mailbox:no on-call list:Kim",
		"rating:contain:M:Triage never started:Kim",
		"rating:detection:U:The report was ignored:Kim",
		"setting:Acme:Board room:Kim",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("journal:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := sim.Replay(sc, events); err != nil {
		t.Fatalf("replay: %v", err)
	}
	if hdr.Location != "" {
		t.Errorf("the header was rewritten: %+v", hdr)
	}

	// The report written at the results, and every format from the journal.
	md, err := os.ReadFile(filepath.Join(dir, ReportMarkdown))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| Organisation | Acme |", "| Location | Board room |", "| Facilitator | Kim |",
		"| Contain the intrusion before it spreads. | RS.\u200bMI | n/a — | M | Kim | Triage never started |",
		"Phase Detection and analysis: suggested U, final **U** (set by Kim: The report was ignored).",
		"Nobody asked who owns the mailbox"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks %q", want)
		}
	}
	sess := &scoring.Session{Dir: dir, Scenario: sc, Events: events, Org: hdr.Org, Location: hdr.Location, Facilitator: hdr.Facilitator}
	var js bytes.Buffer
	if err := scoring.WriteReport(&js, scoring.FormatJSON, []*scoring.Session{sess}); err != nil {
		t.Fatal(err)
	}
	var j struct {
		Setting    map[string]string
		Evaluation struct {
			Capabilities []map[string]any `json:"capability_analysis"`
		}
	}
	if err := json.Unmarshal(js.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	if j.Setting["location"] != "Board room" || j.Evaluation.Capabilities[0]["final_rating"] != "M" || j.Evaluation.Capabilities[0]["set_by"] != "Kim" {
		t.Errorf("json: %+v", j)
	}

	// Resumed, the session offers what the journal holds.
	ss, _, err := sim.OpenSession(dir)
	if err != nil {
		t.Fatal(err)
	}
	resumed := NewSession(ss)
	defer resumed.Close()
	if st := resumed.(setter).Setting(); st != (Setting{Org: "Acme", Location: "Board room", Facilitator: "Kim"}) {
		t.Errorf("resumed setting = %+v", st)
	}
	rows := ratingRows(resumed)
	if rows[0].final == nil || rows[0].final.Rating != "M" || rows[1].final == nil || rows[1].final.Rating != "U" || rows[2].final != nil {
		t.Errorf("resumed ratings = %+v", rows)
	}
	c := newCommon(Options{})
	if name := c.evaluatorName(resumed); name != "Kim" {
		t.Errorf("resumed evaluator = %q", name)
	}
}
