package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// scoredScenario has two phases, a critical anchored action, a harmful one
// and a test whose expectation is deliberately wrong.
const scoredScenario = `ttx: 1
id: scored
title: Scored <b>drill</b>
summary: A drill.
duration: 1h
roles: [{id: lead, name: Lead}]
phases: [detection, containment]
actions:
  - {id: triage, label: Triage, phase: detection, expected: {weight: 2, within: 10m, recommendation: Triage faster.}}
  - {id: isolate, label: Isolate, phase: containment, expected: {weight: 2, critical: true, after: alert, within: 5m, recommendation: Isolate at once.}}
  - {id: wipe, label: Wipe disks, phase: containment, harmful: {penalty: 1, why: Destroys evidence.}}
injects:
  - {id: alert, at: 5m, title: EDR alert}
tests:
  - name: right
    decisions: [{at: 1m, action: triage}, {at: 20m, action: isolate}]
    expect: {score: 75, rating: S, phases: {detection: 100, containment: 50}, statuses: {isolate: late, wipe: avoided}, delivered: [alert]}
  - name: wrong
    decisions: [{at: 1m, action: triage}]
    expect: {score: 80}
`

// playedSession plays scoredScenario into a new session folder.
func playedSession(t *testing.T, decisions []scenarios.Decision, end *scenarios.Duration) string {
	t.Helper()
	s, err := scenarios.Parse("scored.yaml", []byte(scoredScenario))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "session")
	ss, err := sim.CreateSession(dir, s, "test")
	if err != nil {
		t.Fatal(err)
	}
	defer ss.Close()
	if err := sim.PlayInto(ss.Engine, decisions, end); err != nil {
		t.Fatal(err)
	}
	return dir
}

func typicalSession(t *testing.T) string {
	return playedSession(t, []scenarios.Decision{
		{At: 1 * scenarios.Minute, Action: "triage", Note: "looks real"},
		{At: 20 * scenarios.Minute, Action: "isolate"},
		{At: 21 * scenarios.Minute, Action: "wipe"},
	}, nil)
}

func TestScoreCommand(t *testing.T) {
	dir := typicalSession(t)
	code, out, errOut := ttxRun(t, "score", dir)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	// (2 + 1 − 1) / 4 = 50: M; containment (1 − 1) / 2 = 0.
	for _, want := range []string{"Score     50.0  M", "Detection and analysis  100.0", "Containment", "0.0", "Critical task late by 10m: Isolate",
		"Harmful action taken: Wipe disks", "Why it is harmful: Destroys evidence.", "Scored <b>drill</b>"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	code, out, _ = ttxRun(t, "score", "--json", dir)
	if code != 0 {
		t.Fatalf("--json: exit %d", code)
	}
	var got struct {
		Scenario string  `json:"scenario"`
		EndedAt  int     `json:"ended_at_s"`
		Score    float64 `json:"score"`
		Rating   string  `json:"rating"`
		Phases   []struct {
			Phase string   `json:"phase"`
			Score *float64 `json:"score"`
		} `json:"phases"`
		Actions []map[string]any `json:"actions"`
		Injects []map[string]any `json:"injects"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.Scenario != "scored" || got.EndedAt != 3600 || got.Score != 50 || got.Rating != "M" || len(got.Phases) != 2 ||
		len(got.Actions) != 3 || len(got.Injects) != 1 {
		t.Errorf("JSON = %+v", got)
	}
	if !strings.HasPrefix(out, "{\n  \"scenario\": \"scored\",\n  \"ended_at_s\": 3600,\n  \"score\": 50.0,") {
		t.Errorf("JSON does not start with the spec's keys in order:\n%s", out[:min(len(out), 200)])
	}
}

func TestScoreFindsSessionsInTheDataDir(t *testing.T) {
	dir := typicalSession(t)
	var out, errOut strings.Builder
	getenv := func(k string) string {
		if k == "TTX_DATA_DIR" {
			return filepath.Dir(dir)
		}
		return ""
	}
	code := Main([]string{"score", filepath.Base(dir)}, &IO{In: strings.NewReader(""), Out: &out, Err: &errOut, Getenv: getenv})
	if code != 0 || !strings.Contains(out.String(), "Score     50.0  M") {
		t.Errorf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
}

func TestScoreCommandErrors(t *testing.T) {
	broken := typicalSession(t)
	journal := filepath.Join(broken, sim.JournalFile)
	data, err := os.ReadFile(journal)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	lines[2] = "{not json\x1b[2J}\n"
	if err := os.WriteFile(journal, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		code    int
		message string
	}{
		{"missing session", []string{"score", filepath.Join(t.TempDir(), "nope")}, 1, "cannot read session"},
		{"damaged journal", []string{"score", broken}, 1, "cannot read session"},
		{"no argument", []string{"score"}, 2, "accepts 1 arg"},
		{"unknown flag", []string{"score", "--xml", broken}, 2, "unknown flag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := ttxRun(t, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.message) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.message)
			}
			if out != "" || strings.Contains(errOut, "\x1b") || strings.Contains(errOut, "goroutine") {
				t.Errorf("stdout %q, stderr %q", out, errOut)
			}
		})
	}
}
