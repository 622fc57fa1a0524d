package main

import (
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
)

func TestTestCommandLibrary(t *testing.T) {
	lib, err := scenarios.Library()
	if err != nil {
		t.Fatal(err)
	}
	if len(lib) == 0 {
		t.Fatal("empty library")
	}
	args := []string{"test"}
	tests := 0
	for _, s := range lib {
		args = append(args, s.ID)
		tests += len(s.Tests)
	}
	code, out, errOut := ttxRun(t, args...)
	if code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
	if n := strings.Count(out, "ok   "); n != tests || strings.Contains(out, "FAIL") {
		t.Errorf("%d ok lines for %d tests:\n%s", n, tests, out)
	}
}

func TestTestCommand(t *testing.T) {
	scored := writeTemp(t, "scored.yaml", scoredScenario)
	noTests := writeTemp(t, "ok.yaml", strings.Replace(validScenario, "tests: [{name: t}]\n", "", 1))
	broken := writeTemp(t, "broken.yaml", brokenScenario)
	tests := []struct {
		name string
		args []string
		code int
		out  []string
		err  []string // on stderr
	}{
		{"a wrong expectation fails with a readable diff", []string{"test", scored}, 1,
			[]string{"ok   scored/right\n", "FAIL scored/wrong: score: got 50.0, want 80.0\n"}, nil},
		{"a scenario without tests", []string{"test", noTests}, 0, []string{"?    ok: no tests\n"}, nil},
		{"a scenario that does not load", []string{"test", broken, noTests}, 1,
			[]string{"FAIL " + broken + ": the scenario does not load\n", "?    ok: no tests\n"}, []string{"broken.yaml:2:5: error:"}},
		{"an unknown built-in", []string{"test", "no-such-scenario"}, 1, []string{"FAIL no-such-scenario"}, []string{"neither a file nor a built-in"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := ttxRun(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.code, out, errOut)
			}
			for _, want := range tt.out {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			for _, want := range tt.err {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			// stdout holds result lines only: ok, FAIL or "?" (no tests).
			for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if line != "" && !strings.HasPrefix(line, "ok   ") && !strings.HasPrefix(line, "FAIL ") && !strings.HasPrefix(line, "?    ") {
					t.Errorf("stdout line %q is not a result line", line)
				}
			}
		})
	}
	if code, _, _ := ttxRun(t, "test"); code != 2 {
		t.Errorf("no argument: exit %d, want 2", code)
	}
}
