package main

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// FuzzEvaluationFile feeds arbitrary YAML to the evaluation file's reader
// and applies what it accepts to a played session's engine: no panic, and
// every entry is either refused with an error or journaled so that the
// session still replays to the same events.
func FuzzEvaluationFile(f *testing.F) {
	f.Add([]byte(evaluation))
	f.Add([]byte("ratings:\n  - {phase: detection, rating: P, rationale: x}\n"))
	f.Add([]byte("feedback:\n  - {part1: {strengths: a}, part2: {realism: 0}}\n"))
	f.Add([]byte("plan:\n  - {action: wipe, start: 2027-01-01, due: 2026-12-31}\n"))
	f.Add([]byte("setting: {organisation: \"\", location: \"Room \\x1b[2J\", facilitator: Kim}\n"))
	s, err := scenarios.Parse("scored.yaml", []byte(scoredScenario))
	if err != nil {
		f.Fatal(err)
	}
	base := sim.NewEngine(s)
	if err := sim.PlayInto(base, []scenarios.Decision{{At: scenarios.Minute, Action: "triage"}}, nil); err != nil {
		f.Fatal(err)
	}
	now := func() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) }
	f.Fuzz(func(t *testing.T, data []byte) {
		var ef evaluationFile
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&ef); err != nil && !errors.Is(err, io.EOF) {
			return
		}
		events, plans := evaluationEvents(&ef)
		if ef.Setting != nil {
			events = append(events, settingEvent(&ef, sim.Setting{Org: "Acme"}))
		}
		e, err := sim.Replay(s, base.Events())
		if err != nil {
			t.Fatal(err)
		}
		e.SetWallClock(now)
		_ = applyEvaluation(e, events, plans) // refused or recorded, never a panic
		again, err := sim.Replay(s, e.Events())
		if err != nil {
			t.Fatalf("the recorded evaluation does not replay: %v", err)
		}
		if len(again.Events()) != len(e.Events()) {
			t.Fatal("replay lost events")
		}
	})
}
