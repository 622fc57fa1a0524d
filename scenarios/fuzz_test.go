package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// checkProblems fails unless err is nil or a Problems whose every entry is
// an error in file with a position.
func checkProblems(t *testing.T, file string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error is %T, not Problems: %v", err, err)
	}
	if len(ps) == 0 {
		t.Fatal("empty Problems returned as an error")
	}
	for _, p := range ps {
		if p.Pos.Line < 1 || p.Pos.Col < 1 || p.File != file || p.Severity != SeverityError || p.Msg == "" {
			t.Fatalf("problem without position or message: %+v", p)
		}
	}
}

func addSeeds(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte(lintBase))
	f.Add([]byte(rev11))
	paths, _ := filepath.Glob("library/*.yaml")
	paths = append(paths, "testdata/valid.yaml")
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
}

func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("f.yaml", data)
		checkProblems(t, "f.yaml", err)
		if err != nil {
			return
		}
		// A loaded scenario keeps its promises: references resolve, and
		// the linter copes with whatever loaded.
		for _, in := range s.Injects {
			for _, c := range in.Choices {
				if _, ok := s.Action(c); !ok {
					t.Fatalf("choice %q does not resolve", c)
				}
			}
			if in.At > s.Duration {
				t.Fatalf("inject %q at %s after the duration", in.ID, in.At)
			}
		}
		for _, a := range s.Actions {
			if !s.HasPhase(a.Phase) {
				t.Fatalf("action %q in an unused phase", a.ID)
			}
			if a.Expected != nil && a.Harmful != nil {
				t.Fatalf("action %q is both expected and harmful", a.ID)
			}
		}
		for _, p := range Lint(s) {
			if p.Severity != SeverityWarning {
				t.Fatalf("lint returned a non-warning: %v", p)
			}
		}
	})
}

func FuzzParseDecisions(f *testing.F) {
	s, err := Load("testdata/valid.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte("decisions:\n  - {at: 0, action: triage-alert, role: soc}\n  - {at: 5m, phase: containment}\nend: 1h\n"))
	f.Add([]byte("decisions: []\n"))
	f.Add([]byte("decisions:\n  - at: 10m\n    text: Called legal\n    note: Because.\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		df, err := ParseDecisions("d.yaml", data, s)
		checkProblems(t, "d.yaml", err)
		if err != nil {
			return
		}
		end := s.Duration
		if df.End != nil {
			end = *df.End
		}
		for i, d := range df.Decisions {
			if d.At > end || i > 0 && d.At < df.Decisions[i-1].At {
				t.Fatalf("decision %d at %s out of order or after %s", i, d.At, end)
			}
			if d.Action != "" {
				if _, ok := s.Action(d.Action); !ok {
					t.Fatalf("unknown action %q accepted", d.Action)
				}
			}
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"0", "90m", "1h30m", "45s", "1.5h", "-1h", "1ms", "", "+5m", "9999999999h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			return
		}
		if d < 0 {
			t.Fatalf("ParseDuration(%q) = %d, negative", s, d)
		}
		// What String prints parses back to the same value.
		if back, err := ParseDuration(d.String()); err != nil || back != d {
			t.Fatalf("ParseDuration(%q) = %d; String %q parses to %d, %v", s, d, d.String(), back, err)
		}
	})
}
