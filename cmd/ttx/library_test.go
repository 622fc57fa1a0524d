package main

import (
	"slices"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
	"github.com/ttx-sim/ttx/sim"
)

// TestLibrarySelfTests holds every built-in to issue 6: its self-tests pass,
// one of them is an ideal team rated P, one a team rated below P, and one
// plays into a consequence branch (a conditional inject the ideal team
// never sees).
func TestLibrarySelfTests(t *testing.T) {
	lib, err := scenarios.Library()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range lib {
		t.Run(s.ID, func(t *testing.T) {
			for _, r := range scoring.RunTests(s) {
				if !r.Pass {
					t.Errorf("test %q fails: %s", r.Name, r.Diff)
				}
			}
			var ideal *scoring.Result
			var belowP []*scoring.Result
			for i := range s.Tests {
				tt := &s.Tests[i]
				e, err := sim.Play(s, tt.Decisions, tt.End)
				if err != nil {
					t.Fatalf("test %q does not play: %v", tt.Name, err)
				}
				r := scoring.Score(s, e.Events())
				checkPathPacing(t, tt.Name, r)
				switch {
				case r.Rating == scoring.RatingP && tt.End == nil && ideal == nil:
					ideal = r
				case r.Rating != scoring.RatingP:
					belowP = append(belowP, r)
				}
			}
			if ideal == nil {
				t.Fatal("no self-test of a full-length ideal team rated P")
			}
			if len(belowP) < 2 {
				t.Errorf("%d self-tests rated below P, want a typical team and a consequence branch", len(belowP))
			}
			idealSaw := delivered(ideal)
			consequence := false
			for _, r := range belowP {
				for _, id := range delivered(r) {
					if in, _ := s.Inject(id); in.When != nil && !slices.Contains(idealSaw, id) {
						consequence = true
					}
				}
			}
			if !consequence {
				t.Error("no self-test below P reaches a conditional inject the ideal team avoids")
			}
		})
	}
}

// maxQuietStretch is the longest a played path may go without a delivered
// inject ("no dead half hours", with a margin).
const maxQuietStretch = 20 * scenarios.Minute

// checkPathPacing checks the injects a team actually saw on one path: the
// gaps between deliveries (from the start to the end), not the schedule.
func checkPathPacing(t *testing.T, test string, r *scoring.Result) {
	t.Helper()
	last := scenarios.Duration(0)
	for _, in := range append(r.Injects, scoring.InjectResult{Status: "delivered", At: r.EndedAt}) {
		if in.Status != "delivered" {
			continue
		}
		if in.At-last > maxQuietStretch {
			t.Errorf("test %q: no inject between %s and %s", test, last.Clock(), in.At.Clock())
		}
		last = in.At
	}
}

func delivered(r *scoring.Result) []string {
	var ids []string
	for _, in := range r.Injects {
		if in.Status == "delivered" {
			ids = append(ids, in.ID)
		}
	}
	return ids
}
