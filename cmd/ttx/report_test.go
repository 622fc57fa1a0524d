package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

func TestReportCommand(t *testing.T) {
	first := typicalSession(t)
	second := playedSession(t, []scenarios.Decision{
		{At: 1 * scenarios.Minute, Action: "triage"}, {At: 6 * scenarios.Minute, Action: "isolate"},
	}, nil)

	code, out, errOut := ttxRun(t, "report", first)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"# After-action report: Scored \\<b\\>drill\\</b\\>", "## Executive summary", "Overall score **50.0**",
		"## Improvement plan", "Isolate at once.", "note: looks real"} {
		if !strings.Contains(out, want) {
			t.Errorf("md report lacks %q", want)
		}
	}

	code, out, _ = ttxRun(t, "report", "--format", "csv", first)
	if code != 0 || !strings.HasPrefix(out, "\ufeffitem,scenario,session,action,") || strings.Count(out, "\n") != 3 {
		t.Errorf("csv: exit %d\n%s", code, out)
	}

	code, out, _ = ttxRun(t, "report", "--format", "json", first, second)
	if code != 0 || !strings.Contains(out, `"report": "trend"`) {
		t.Errorf("trend json: exit %d\n%.300s", code, out)
	}

	path := filepath.Join(t.TempDir(), "aar.html")
	code, out, errOut = ttxRun(t, "report", "--format", "html", "-o", path, first, second)
	if code != 0 || out != "" {
		t.Fatalf("html -o: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := html.Parse(bytes.NewReader(data)); err != nil || !bytes.Contains(data, []byte("Readiness-gap trend: 2 sessions")) {
		t.Errorf("html: %v\n%.300s", err, data)
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*.tmp")); len(matches) != 0 {
		t.Errorf("temporary files left: %v", matches)
	}
}

func TestReportCommandErrors(t *testing.T) {
	good := typicalSession(t)
	tests := []struct {
		name    string
		args    []string
		code    int
		message string
	}{
		{"unknown format", []string{"report", "--format", "pdf", good}, 2, "unknown report format \"pdf\""},
		{"no session", []string{"report"}, 2, "requires at least 1 arg"},
		{"one unreadable session among several", []string{"report", good, filepath.Join(t.TempDir(), "nope")}, 1, "cannot read session"},
		{"output folder missing", []string{"report", "-o", filepath.Join(t.TempDir(), "no", "such", "r.md"), good}, 1, "cannot write"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := ttxRun(t, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.message) || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want %d and %q", code, out, errOut, tt.code, tt.message)
			}
		})
	}
}

// Practice runs (played with --coach) stay out of a trend unless asked.
func TestReportTrendLeavesOutPractice(t *testing.T) {
	s, err := scenarios.Parse("scored.yaml", []byte(scoredScenario))
	if err != nil {
		t.Fatal(err)
	}
	practice := filepath.Join(t.TempDir(), "practice-run")
	ss, err := sim.CreateSessionWith(practice, s, sim.SessionOptions{TTX: "test", Practice: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := sim.PlayInto(ss.Engine, nil, nil); err != nil {
		t.Fatal(err)
	}
	ss.Close()
	a, b := typicalSession(t), typicalSession(t)

	code, out, errOut := ttxRun(t, "report", "--format", "json", a, practice, b)
	if code != 0 || !strings.Contains(errOut, "left out 1 session, played with --coach as practice: practice-run") || strings.Count(out, `"folder":`) != 2 {
		t.Errorf("without --include-practice: exit %d, stderr %q, %d sessions", code, errOut, strings.Count(out, `"folder":`))
	}
	code, out, _ = ttxRun(t, "report", "--format", "json", "--include-practice", a, practice, b)
	if code != 0 || strings.Count(out, `"folder":`) != 3 {
		t.Errorf("with --include-practice: exit %d, %d sessions", code, strings.Count(out, `"folder":`))
	}
	code, _, errOut = ttxRun(t, "report", a, practice)
	if code != 1 || !strings.Contains(errOut, "a trend needs at least 2 drills that are not practice runs") {
		t.Errorf("one real drill and one practice run: exit %d, stderr %q", code, errOut)
	}
	// One session is its own report, practice or not.
	if code, out, _ := ttxRun(t, "report", practice); code != 0 || !strings.Contains(out, "# After-action report") {
		t.Errorf("the practice run's own report: exit %d", code)
	}
}

// TestReportSeatedSession renders the committed session of a seated,
// facilitated exercise (scoring/testdata/seated-session, written by the sim
// API in scoring's TestSeatedFixture): participants, the per-role table,
// struck decisions, the ad-hoc inject, the length change, hot wash and
// feedback reach every format.
func TestReportSeatedSession(t *testing.T) {
	dir := filepath.Join("..", "..", "scoring", "testdata", "seated-session")
	code, out, errOut := ttxRun(t, "report", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"| Duration played | 1h10m of 1h15m planned |",
		"| Planned length | 1h15m (extended from 1h at T+00:45:00: The team asked for time to plan the recovery) |",
		"| Participants | 2: Ana Lima (Incident lead), Ben Okafor (Legal counsel); wall display: room |",
		"| Incident lead | Ana Lima | 2 | 1 | 1 | 0 | 3 | Ana Lima (3) | 1 |",
		"| T+00:10:00 | struck (Wrong seat: legal does not isolate hosts) | ~~Isolate the affected hosts \\[Legal counsel · Ben Okafor\\]~~ |",
		"| T+00:20:00 | ad-hoc inject | The CEO asks for an update — to Incident lead, Communications |",
		"| Ben Okafor | Legal counsel (legal) | join code | 2026-12-01 09:00 UTC | T+00:00:00 | 2 | — |",
		"| Meet notification duties | area for improvement | Nobody owned the press line. |",
		"| The facilitator kept the discussion on track and on time. | 2 | 4.5 |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("md report lacks %q", want)
		}
	}
	code, out, errOut = ttxRun(t, "report", "--format", "html", dir)
	if _, err := html.Parse(strings.NewReader(out)); code != 0 || err != nil {
		t.Fatalf("html: exit %d, %v: %s", code, err, errOut)
	}
	for _, want := range []string{"<h2>By role</h2>", "<s>Isolate the affected hosts</s>", "<td>wall display</td>", "<h2>Appendix C: Hot wash</h2>"} {
		if !strings.Contains(out, want) {
			t.Errorf("html report lacks %q", want)
		}
	}
	code, out, errOut = ttxRun(t, "report", "--format", "json", dir)
	for _, want := range []string{`"planned_length_s": 4500`, `"role": "wall"`, `"decisions_struck": 2`, `"kind": "ad-hoc inject"`} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("json report (exit %d, %s) lacks %q", code, errOut, want)
		}
	}
}
