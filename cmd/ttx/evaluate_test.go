package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/sim"
)

const evaluation = `by: Dana (lead evaluator)
ratings:
  - {phase: containment, rating: M, rationale: Isolation came 15 minutes late.}
observations:
  - {type: improvement, inject: alert, text: Nobody owned the bridge., cause: No incident lead on call.}
hotwash:
  - strengths: [We trusted the alert.]
    improvements: [We waited for approval to isolate.]
feedback:
  - {name: Sam Ortiz, role: lead, part1: {strengths: Clear roles.}, part2: {realism: 4, structure: 5}}
  - {part2: {realism: 2}}
plan:
  - {action: isolate, organisation: IT security, contact: SOC manager, start: 2026-12-02, due: 2099-01-31, status: in progress}
`

func TestEvaluateCommand(t *testing.T) {
	dir := typicalSession(t)
	file := writeTemp(t, "eval.yaml", evaluation)
	now := func() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) }
	var out, errs bytes.Buffer
	sio := &IO{In: strings.NewReader(""), Out: &out, Err: &errs, Getenv: func(string) string { return "" }}
	if err := runEvaluate(sio, dir, file, now); err != nil {
		t.Fatalf("%v %s", err, errs.String())
	}
	if !strings.Contains(out.String(), "recorded 8 evaluation entries and 1 plan rows") {
		t.Errorf("stdout %q", out.String())
	}
	code, md, errOut := ttxRun(t, "report", dir)
	if code != 0 {
		t.Fatalf("report: %d %s", code, errOut)
	}
	for _, want := range []string{"final **M** (set by Dana (lead evaluator): Isolation came 15 minutes late.)",
		"| Nobody owned the bridge. (on the inject “EDR alert”) | No incident lead on call. | Dana (lead evaluator) |",
		"| IT security | SOC manager | 2026-12-02 | 2099-01-31 | in progress |", "We waited for approval to isolate.",
		"| Lead | Sam Ortiz |", "| The scenario was plausible and realistic. | 2 | 3.0 |", "2 respondent(s)."} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}

	// A past due date (or any bad entry) records nothing.
	before, _ := os.ReadFile(filepath.Join(dir, sim.JournalFile))
	for _, bad := range []string{
		"plan:\n  - {action: isolate, due: 2020-01-01}\n",
		"ratings:\n  - {objective: nope, rating: P, rationale: x}\n",
		"feedback:\n  - {part2: {realism: 9}}\n",
		"feedback:\n  - {part1: {mood: great}}\n",
		"ratngs: []\n",
	} {
		err := runEvaluate(sio, dir, writeTemp(t, "bad.yaml", bad), now)
		if err == nil {
			t.Errorf("%q: accepted", bad)
		}
		after, _ := os.ReadFile(filepath.Join(dir, sim.JournalFile))
		if string(after) != string(before) {
			t.Fatalf("%q: the journal changed", bad)
		}
	}
	if err := runEvaluate(sio, dir, writeTemp(t, "past.yaml", "plan:\n  - {action: isolate, due: 2020-01-01}\n"), now); err == nil ||
		!strings.Contains(err.Error(), "in the past") {
		t.Errorf("past due date: %v", err)
	}
	if code, _, _ := runMain(t, nil, "evaluate", dir); code != 2 {
		t.Errorf("one argument: exit %d, want 2", code)
	}
}

func TestRunRecordsTheSetting(t *testing.T) {
	decisions := writeTemp(t, "d.yaml", "decisions: []\n")
	dir := filepath.Join(t.TempDir(), "s")
	code, _, errs := runMain(t, nil, "run", runScenario, "--decisions", decisions, "--session", dir,
		"--org", "Acme Logistics", "--location", "Leeds", "--facilitator", "Alex Moreau")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	_, h, _, _, err := sim.ReadSession(dir)
	if err != nil || h.Org != "Acme Logistics" || h.Location != "Leeds" || h.Facilitator != "Alex Moreau" {
		t.Fatalf("header %+v, %v", h, err)
	}
	_, md, _ := ttxRun(t, "report", dir)
	for _, want := range []string{"| Organisation | Acme Logistics |", "| Location | Leeds |", "| Facilitator | Alex Moreau |"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
}

// TestEvaluateSetting: the file's setting changes the exercise details the
// header recorded; a key left out keeps its value; the report shows them.
func TestEvaluateSetting(t *testing.T) {
	decisions := writeTemp(t, "d.yaml", "decisions: []\n")
	dir := filepath.Join(t.TempDir(), "s")
	if code, _, errs := runMain(t, nil, "run", runScenario, "--decisions", decisions, "--session", dir,
		"--org", "Acme Logistics", "--location", "Leeds", "--facilitator", "Alex Moreau"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errs)
	}
	var out, errs bytes.Buffer
	sio := &IO{In: strings.NewReader(""), Out: &out, Err: &errs, Getenv: func(string) string { return "" }}
	now := func() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) }
	file := writeTemp(t, "eval.yaml", "setting:\n  location: Board room, Leeds\n  facilitator: \"\"\n")
	if err := runEvaluate(sio, dir, file, now); err != nil {
		t.Fatalf("%v %s", err, errs.String())
	}
	_, h, events, _, err := sim.ReadSession(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := sim.SettingOf(h.Setting(), events); got != (sim.Setting{Org: "Acme Logistics", Location: "Board room, Leeds"}) {
		t.Errorf("setting = %+v", got)
	}
	_, md, _ := ttxRun(t, "report", dir)
	for _, want := range []string{"| Organisation | Acme Logistics |", "| Location | Board room, Leeds |", "| Facilitator | — |"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// A bad entry beside it records nothing, the setting neither.
	before, _ := os.ReadFile(filepath.Join(dir, sim.JournalFile))
	bad := writeTemp(t, "bad.yaml", "setting: {organisation: Other}\nratings:\n  - {objective: nope, rating: P, rationale: x}\n")
	if err := runEvaluate(sio, dir, bad, now); err == nil {
		t.Error("a bad rating was accepted")
	}
	if after, _ := os.ReadFile(filepath.Join(dir, sim.JournalFile)); string(after) != string(before) {
		t.Error("the journal changed")
	}
}
