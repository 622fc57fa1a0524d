package scoring

import (
	"io"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scenarios/scenariotest"
	"github.com/ttx-sim/ttx/sim"
)

// largeSession plays the generated large scenario (2,000 injects, 1,000
// actions) with 5,000 decisions: the budget case of DESIGN.md.
func largeSession(b *testing.B) (*scenarios.Scenario, []sim.Event) {
	b.Helper()
	s, err := scenarios.Parse("large.yaml", scenariotest.Large(2000, 1000))
	if err != nil {
		b.Fatal(err)
	}
	e, err := sim.Play(s, scenariotest.LargeDecisions(s, 5000), nil)
	if err != nil {
		b.Fatal(err)
	}
	return s, e.Events()
}

// BenchmarkScoreLarge is held to < 10 ms per Score.
func BenchmarkScoreLarge(b *testing.B) {
	s, events := largeSession(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if r := Score(s, events); r.Exact == nil {
			b.Fatal("null score")
		}
	}
}

// BenchmarkCoachLarge is the coach line for the last decision of a long
// session (the TUI calls it once per decision).
func BenchmarkCoachLarge(b *testing.B) {
	s, events := largeSession(b)
	var last sim.Event
	for _, ev := range events {
		if ev.Kind == sim.KindDecision && ev.Action != "" {
			last = ev
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Coach(s, events, last)
	}
}

// BenchmarkReportLarge renders the after-action report of the large session.
func BenchmarkReportLarge(b *testing.B) {
	s, events := largeSession(b)
	sess := []*Session{{Scenario: s, Events: events}}
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := WriteReport(io.Discard, f, sess); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTrend1000 is held to < 2 s: the trend report over 1,000
// sessions of the library's reference scenario, played with its own tests'
// decisions in turn.
func BenchmarkTrend1000(b *testing.B) {
	s, ok := scenarios.Builtin("ransomware-phishing")
	if !ok || len(s.Tests) == 0 {
		b.Skip("the reference scenario is not in the library")
	}
	sessions := make([]*Session, 1000)
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range sessions {
		tc := &s.Tests[i%len(s.Tests)]
		e, err := sim.Play(s, tc.Decisions, tc.End)
		if err != nil {
			b.Fatal(err)
		}
		sessions[i] = &Session{Dir: "s", Scenario: s, Created: start.Add(time.Duration(i) * 24 * time.Hour), Events: e.Events()}
	}
	for _, f := range Formats {
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := WriteReport(io.Discard, f, sessions); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
