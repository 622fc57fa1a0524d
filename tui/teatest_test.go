package tui

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
	"github.com/ttx-sim/ttx/sim"
)

// TestWholeExercise plays the drill from the picker to the results through
// a real Bubble Tea program, with keystrokes only, into a real session
// folder, and then checks the journal and the score on disk.
func TestWholeExercise(t *testing.T) {
	s := loadDrill(t)
	dataDir := t.TempDir()
	var sessDir string
	app := New(Options{
		Entries: []Entry{{Scenario: s, Source: "testdata/drill.yaml"}},
		Start: func(s *scenarios.Scenario) (Session, error) {
			dir, err := sim.NewSessionDir(dataDir, s.ID, time.Now())
			if err != nil {
				return nil, err
			}
			ss, err := sim.CreateSession(dir, s, "test")
			if err != nil {
				return nil, err
			}
			sessDir = dir
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

	wait("choose a scenario")
	press("enter")
	wait("enter to start the clock")
	press("enter")
	wait("waiting for the first inject")
	press("n")
	wait("A user reports a strange invoice")
	press("tab", "tab", "enter") // triage, from the detection palette
	wait("Recorded at T+00:05:00")
	press("n") // the EDR alert: a decision point
	wait("DECISION: choose one")
	press("enter") // isolate
	wait("Decision log (2)")
	press("e")
	tm.Type("Good call")
	press("enter")
	wait("Note saved")
	press("E", "y")
	wait("press enter for the review")
	press("enter")
	wait("Hot wash")
	press("a")
	tm.Type("We waited for approval")
	press("enter")
	wait("− We waited for approval")
	press("c")
	wait("Ratings —") // the evaluator's screen: nothing to change here
	press("c")
	wait("Enter plans a corrective action")
	press("enter")
	tm.Type("Dana")
	press("tab", "tab", "tab") // organisation, start: left as they are
	due := time.Now().AddDate(1, 0, 0).Format(time.DateOnly)
	tm.Type(due)
	press("enter")
	wait("Saved: Dana owns")
	press("c")
	wait("report.html")
	press("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	if err := app.Session().Close(); err != nil {
		t.Fatal(err)
	}

	sc, _, events, warnings, err := sim.ReadSession(sessDir)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("ReadSession: %v %v", err, warnings)
	}
	var got []string
	for _, ev := range events {
		switch ev.Kind {
		case sim.KindDecision:
			got = append(got, ev.Action+"@"+ev.At.String())
		case sim.KindNote:
			got = append(got, "note:"+ev.Text)
		case sim.KindCorrective:
			got = append(got, "corrective:"+ev.Action+":"+ev.Owner+":"+ev.Due)
		case sim.KindEnd:
			got = append(got, "end")
		case sim.KindHotWash:
			got = append(got, "hotwash:"+ev.Objective+":"+ev.Type+":"+ev.Text)
		}
	}
	want := []string{"triage@5m", "isolate@15m", "note:Good call", "end", "hotwash:contain:improvement:We waited for approval", "corrective:declare:Dana:" + due}
	if len(got) != len(want) {
		t.Fatalf("journal = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("journal = %v, want %v", got, want)
		}
	}
	res := scoring.Score(sc, events)
	if res.ScoreText() == "n/a" || !res.Ended {
		t.Fatalf("score = %s, ended = %v", res.ScoreText(), res.Ended)
	}
	for _, f := range []string{ReportMarkdown, ReportHTML} {
		if fi, err := os.Stat(filepath.Join(sessDir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("report %s: %v", f, err)
		}
	}
	final, ok := tm.FinalModel(t).(*App)
	if !ok || final.results == nil {
		t.Fatal("the program did not end on the results")
	}
	if shown := final.results.score.Overall.Text; shown != res.ScoreText() {
		t.Fatalf("results showed %s, the session scores %s", shown, res.ScoreText())
	}
}
