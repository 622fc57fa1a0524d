package sim

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scenarios/scenariotest"
)

func largeScenario(b *testing.B) (*scenarios.Scenario, []scenarios.Decision) {
	b.Helper()
	s, err := scenarios.Parse("large.yaml", scenariotest.Large(2000, 1000))
	if err != nil {
		b.Fatal(err)
	}
	return s, scenariotest.LargeDecisions(s, 5000)
}

// BenchmarkPlayLarge is the engine's budget: a headless run of 2,000
// injects, 1,000 actions and 5,000 decisions, without journal, < 20 ms.
func BenchmarkPlayLarge(b *testing.B) {
	s, ds := largeScenario(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Play(s, ds, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReplayLarge replays the journal events of the large run, which
// is what reopening a session costs.
func BenchmarkReplayLarge(b *testing.B) {
	s, ds := largeScenario(b)
	e, err := Play(s, ds, nil)
	if err != nil {
		b.Fatal(err)
	}
	events := e.Events()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Replay(s, events); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkJournalRecord measures Record with a session attached: the
// append and fsync of one journal line per decision, as in interactive
// use. It reports the median and 99th percentile latency.
func BenchmarkJournalRecord(b *testing.B) {
	s := loadDrill(b)
	sess, err := CreateSession(filepath.Join(b.TempDir(), "session"), s, "bench")
	if err != nil {
		b.Fatal(err)
	}
	defer sess.Close()
	sess.Engine.SetWallClock(time.Now)
	var latencies []time.Duration
	i := 0
	for b.Loop() {
		i++
		start := time.Now()
		if _, err := sess.Engine.Record(scenarios.Decision{Text: fmt.Sprintf("decision %d", i), Role: "soc", Note: "because"}); err != nil {
			b.Fatal(err)
		}
		latencies = append(latencies, time.Since(start))
	}
	slices.Sort(latencies)
	b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds()), "median-µs")
	b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkReadJournalLarge reads the journal of the large run (about
// 8,000 lines) from memory: the parsing and checking that every score,
// report and resume pays before replaying.
func BenchmarkReadJournalLarge(b *testing.B) {
	s, ds := largeScenario(b)
	e, err := Play(s, ds, nil)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	h := Header{Format: JournalFormat, Version: JournalVersion, Scenario: s.ID, SHA256: s.SHA256, Created: time.Unix(0, 0).UTC(), TTX: "bench"}
	if err := marshalLine(&buf, &h); err != nil {
		b.Fatal(err)
	}
	events := e.Events()
	for i := range events {
		if err := marshalLine(&buf, &events[i]); err != nil {
			b.Fatal(err)
		}
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		j, err := ReadJournal("journal.jsonl", bytes.NewReader(data))
		if err != nil || len(j.Events) != len(events) {
			b.Fatal(err)
		}
	}
}
