package scenarios

import (
	"errors"
	"strings"
	"testing"
)

func TestParseDecisions(t *testing.T) {
	s, err := Load("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := ParseDecisions("d.yaml", []byte(`decisions:
  - {at: 0, action: triage-alert, role: soc, note: Quick.}
  - {at: 5m, phase: containment}
  - {at: 5m, text: Called legal}
end: 1h
`), s)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Decisions) != 3 || *f.End != Hour || f.Decisions[1].Phase != Containment || f.Decisions[0].Note != "Quick." || f.Decisions[2].Pos != (Pos{Line: 4, Col: 5}) {
		t.Errorf("ParseDecisions = %+v", f)
	}
	if f, err := ParseDecisions("d.yaml", []byte("decisions: []\n"), s); err != nil || f.End != nil || len(f.Decisions) != 0 {
		t.Errorf("empty decisions: %+v, %v", f, err)
	}

	tests := []struct {
		name, src string
		want      []string
	}{
		{"unknown action", "decisions:\n  - {at: 1m, action: isolate-host}\n", []string{`d.yaml:2:22: error: decision action: unknown action "isolate-host" (did you mean "isolate-hosts"?)`}},
		{"unknown role", "decisions:\n  - {at: 1m, text: x, role: ceo}\n", []string{`d.yaml:2:29: error: decision role: unknown role "ceo"`}},
		{"unknown phase", "decisions:\n  - {at: 1m, phase: preparation}\n", []string{`d.yaml:2:21: error: decision phase "preparation" is not one of this scenario's phases`}},
		{"two kinds", "decisions:\n  - {at: 1m, action: isolate-hosts, text: x}\n", []string{"d.yaml:2:5: error: a decision has exactly one of action, text, phase (found 2)"}},
		{"no kind", "decisions:\n  - {at: 1m, note: x}\n", []string{"d.yaml:2:5: error: a decision has exactly one of action, text, phase (found 0)"}},
		{"missing at", "decisions:\n  - {text: x}\n", []string{`d.yaml:2:5: error: decision: missing required key "at"`}},
		{"time goes back", "decisions:\n  - {at: 10m, text: a}\n  - {at: 9m, text: b}\n", []string{"d.yaml:3:10: error: decision at 9m comes before the previous one (10m at line 2)"}},
		{"after end", "end: 30m\ndecisions:\n  - {at: 31m, text: a}\n", []string{"d.yaml:3:10: error: decision at 31m is after the end of the exercise (30m)"}},
		{"after duration", "decisions:\n  - {at: 3h, text: a}\n", []string{"d.yaml:2:10: error: decision at 3h is after the scenario's duration (2h)"}},
		{"end after duration", "end: 3h\ndecisions: []\n", []string{"d.yaml:1:6: error: end 3h is after the scenario's duration (2h)"}},
		{"unknown key", "decision: []\n", []string{`d.yaml:1:1: error: unknown key "decision" in the decisions file (did you mean "decisions"?)`, `d.yaml:1:1: error: decisions file: missing required key "decisions"`}},
		{"not a list", "decisions: {at: 1m}\n", []string{"d.yaml:1:12: error: decisions must be a list, not a mapping"}},
		{"empty", "", []string{"d.yaml:1:1: error: empty file: a decisions file is a YAML mapping with a `decisions:` list"}},
		{"malformed", "decisions: [\n", []string{"error: invalid YAML"}},
		{"several", "decisions:\n  - {at: 1m, action: nope}\n  - {at: 0, text: x}\n", []string{`2:22: error: decision action: unknown action "nope"`, "3:10: error: decision at 0 comes before"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseDecisions("d.yaml", []byte(tt.src), s)
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %v is not Problems", err)
			}
			rest := ps.Error()
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("want %q in\n%v", w, ps)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}
