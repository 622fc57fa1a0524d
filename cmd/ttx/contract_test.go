package main

import (
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExitCodesContract pins the exit codes and streams of spec/cli.md:
// 0 success, 1 the thing checked is bad, 2 wrong usage; results on
// stdout, diagnostics on stderr, never a Go stack trace.
func TestExitCodesContract(t *testing.T) {
	bad := writeTemp(t, "bad.yaml", "ttx: 1\nid: Bad\n")
	decisions := writeTemp(t, "d.yaml", "decisions: []\n")
	failing := filepath.Join("testdata", "contract", "selftest-failing.yaml")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // substring; "" means stdout must be empty
		stderr string // substring; "" means stderr must be empty
	}{
		{"list", []string{"list"}, 0, "ransomware-phishing", ""},
		{"schema", []string{"schema"}, 0, `"$schema"`, ""},
		{"unknown command", []string{"bogus"}, 2, "", `unknown command "bogus"`},
		{"unknown flag", []string{"score", "--bogus", "x"}, 2, "", "unknown flag: --bogus"},
		{"mistyped command", []string{"plya"}, 2, "", `ttx: unknown command "plya" for "ttx"; did you mean "play"?` + "\nRun 'ttx --help' for usage.\n"},
		{"mistyped command: the closest only", []string{"lst"}, 2, "", `unknown command "lst" for "ttx"; did you mean "list"?`},
		{"mistyped command: a prefix", []string{"sess"}, 2, "", `did you mean "sessions"?`},
		{"mistyped flag", []string{"play", "--coahc"}, 2, "", "unknown flag: --coahc; did you mean --coach?"},
		{"mistyped flag with a value", []string{"run", "x", "--decision=d.yaml"}, 2, "", "unknown flag: --decision; did you mean --decisions?"},
		{"mistyped flag of ttx alone", []string{"--spede", "2"}, 2, "", "unknown flag: --spede; did you mean --speed?"},
		{"mistyped shell", []string{"completion", "bashh"}, 2, "", `unknown command "bashh" for "ttx completion"; did you mean "bash"?`},
		{"mistyped help topic", []string{"help", "reprot"}, 2, "", `unknown help topic "reprot"; did you mean "report"?`},
		{"missing argument", []string{"score"}, 2, "", "accepts 1 arg"},
		{"missing --decisions", []string{"run", runScenario}, 2, "", "--decisions FILE flag is required"},
		{"invalid scenario: validate", []string{"validate", bad}, 1, "error:", ""},
		{"invalid scenario: run", []string{"run", bad, "--decisions", decisions}, 1, "", "error:"},
		{"invalid scenario: test", []string{"test", bad}, 1, "the scenario does not load", "error:"},
		{"failing test", []string{"test", failing}, 1, "FAIL contract-failing/", ""},
		{"unreadable session", []string{"score", filepath.Join(t.TempDir(), "none")}, 1, "", "cannot read session"},
		{"help", []string{"help"}, 0, "Usage:", ""},
		{"help on a command", []string{"help", "run"}, 0, "--decisions", ""},
		{"help on an unknown topic", []string{"help", "bogus"}, 2, "", `unknown help topic "bogus"`},
		{"help on an unknown subtopic", []string{"help", "run", "bogus"}, 2, "", `unknown help topic "run bogus"`},
		{"completion for a shell", []string{"completion", "bash"}, 0, "bash completion", ""},
		{"completion for an unknown shell", []string{"completion", "bogus"}, 2, "", `unknown command "bogus"`},
		{"completion with an extra argument", []string{"completion", "bash", "extra"}, 2, "", `unknown command "extra"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := ttxRun(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			checkStream(t, "stdout", out, tt.stdout)
			checkStream(t, "stderr", errOut, tt.stderr)
			if strings.Contains(out+errOut, "goroutine ") {
				t.Errorf("stack trace printed:\n%s%s", out, errOut)
			}
		})
	}
}

// A name far from every command or flag gets no suggestion.
func TestNoSuggestionForFarNames(t *testing.T) {
	for _, args := range [][]string{{"bogus"}, {"score", "--zzzzzz", "x"}, {"completion", "bogus"}, {"help", "xyzzy"}} {
		code, _, errOut := ttxRun(t, args...)
		if code != 2 || strings.Contains(errOut, "did you mean") {
			t.Errorf("%q: exit %d, stderr %q: want exit 2 and no suggestion", args, code, errOut)
		}
	}
}

func TestSuggestionDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"play", "play", 0}, {"plya", "play", 2}, {"lst", "list", 1}, {"", "abc", 3},
		{"kitten", "sitting", 3}, {"évaluer", "evaluer", 1}, {"abc", "", 3},
	}
	for _, tt := range tests {
		if got := levenshtein(tt.a, tt.b); got != tt.want {
			t.Errorf("levenshtein(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if got := closest("lst", []string{"test", "list"}); len(got) != 1 || got[0] != "list" {
		t.Errorf("closest(lst) = %q, want [list]", got)
	}
	if got := closest("p", []string{"play", "pack"}); len(got) != 2 {
		t.Errorf("closest(p) = %q, want both prefixes", got)
	}
}

func checkStream(t *testing.T, name, got, want string) {
	t.Helper()
	if want == "" && got != "" {
		t.Errorf("%s should be empty, got:\n%s", name, got)
	}
	if !strings.Contains(got, want) {
		t.Errorf("%s lacks %q:\n%s", name, want, got)
	}
}

// TestScoreJSONContract plays the fixtures of testdata/contract with `ttx
// run` and checks `ttx score --json` against objects computed by hand from
// spec/scenario-format.md (Scoring and Score output). The expected files
// hold only the spec's keys; every one of them must be present in the
// output with that value (numbers compared exactly, null as null).
func TestScoreJSONContract(t *testing.T) {
	tests := []struct{ scenario, decisions, want string }{
		// Anchors never delivered, deadlines from the anchor and from 0, met
		// exactly at the deadline, taken before the anchor, a harmful action
		// taken twice in a phase with no expected action, null phases, a
		// decision at the duration, same-instant ordering, neutral actions
		// left out.
		{"rules.yaml", "rules.decisions.yaml", "rules.score.json"},
		// An early end: injects due at the end processed, later ones not
		// listed, a decision at the end counted, late_credit 0.
		{"ending.yaml", "ending.decisions.yaml", "ending.score.json"},
		// Exact thresholds with decimal weights, critical caps per phase.
		{"thresholds.yaml", "thresholds-late.decisions.yaml", "thresholds-late.score.json"},
		{"thresholds.yaml", "thresholds-missed.decisions.yaml", "thresholds-missed.score.json"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "session")
			fixture := func(name string) string { return filepath.Join("testdata", "contract", name) }
			code, out, errs := runMain(t, nil, "run", fixture(tt.scenario), "--decisions", fixture(tt.decisions), "--session", dir)
			if code != 0 || out != dir+"\n" || errs != "" {
				t.Fatalf("ttx run: exit %d, stdout %q (want the session folder), stderr %q", code, out, errs)
			}
			code, out, errs = runMain(t, nil, "score", "--json", dir)
			if code != 0 || errs != "" {
				t.Fatalf("ttx score --json: exit %d, stderr %q", code, errs)
			}
			wantText, err := os.ReadFile(fixture(tt.want))
			if err != nil {
				t.Fatal(err)
			}
			jsonContains(t, "$", decodeJSON(t, string(wantText)), decodeJSON(t, out))
		})
	}
}

func decodeJSON(t *testing.T, text string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, text)
	}
	if d.More() {
		t.Fatalf("more than one JSON value:\n%s", text)
	}
	return v
}

// jsonContains reports every place where got lacks a key of want or holds
// another value. Lists must have the same length and order.
func jsonContains(t *testing.T, path string, want, got any) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			t.Errorf("%s: got %s, want an object", path, jsonText(got))
			return
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				t.Errorf("%s: key %q missing", path, k)
				continue
			}
			jsonContains(t, path+"."+k, wv, gv)
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			t.Errorf("%s: got %s, want %d items %s", path, jsonText(got), len(w), jsonText(want))
			return
		}
		for i := range w {
			jsonContains(t, fmt.Sprintf("%s[%d]", path, i), w[i], g[i])
		}
	case json.Number:
		g, ok := got.(json.Number)
		wr, _ := new(big.Rat).SetString(w.String())
		if !ok {
			t.Errorf("%s: got %s, want the number %s", path, jsonText(got), w)
			return
		}
		if gr, ok := new(big.Rat).SetString(g.String()); !ok || gr.Cmp(wr) != 0 {
			t.Errorf("%s: got %s, want %s", path, g, w)
		}
	default: // string, bool, nil
		if want != got {
			t.Errorf("%s: got %s, want %s", path, jsonText(got), jsonText(want))
		}
	}
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestSelfTestContract runs `ttx test` on the self-test fixtures: null
// expectations, a test's end, same-instant ordering, and readable failures.
func TestSelfTestContract(t *testing.T) {
	tests := []struct {
		file string
		code int
		out  string // exactly
	}{
		{"selftest-null.yaml", 0, "ok   contract-null/all null\n"},
		{"selftest-end.yaml", 0, "ok   contract-test-end/end honoured\n" +
			"ok   contract-test-end/no decisions, ended at 0\n" +
			"ok   contract-test-end/after-end not due\n"},
		{"selftest-same-instant.yaml", 0, "ok   contract-same-instant/same instant does not see the decision\n" +
			"ok   contract-same-instant/one second earlier does\n" +
			"ok   contract-same-instant/inject at the end sees decisions before the end only\n"},
		{"selftest-failing.yaml", 1, "FAIL contract-failing/wrong null expectation fails: score: got null, want 0.0\n" +
			"FAIL contract-failing/wrong rating: rating: got U, want P\n" +
			"FAIL contract-failing/wrong phase null: phase detection: got 0.0, want null\n"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			code, out, errs := runMain(t, nil, "test", filepath.Join("testdata", "contract", tt.file))
			if code != tt.code || out != tt.out || errs != "" {
				t.Errorf("exit %d (want %d), stderr %q, stdout:\n%s\nwant:\n%s", code, tt.code, errs, out, tt.out)
			}
		})
	}
}

// TestNoStackTraceEvenOnAPanic: a bug that panics in a command still ends
// with a message and exit 1, not a Go stack trace.
func TestNoStackTraceEvenOnAPanic(t *testing.T) {
	var out, errb strings.Builder
	sio := &IO{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(string) string { panic("boom") }}
	decisions := writeTemp(t, "d.yaml", "decisions: []\n")
	code := Main([]string{"run", runScenario, "--decisions", decisions}, sio)
	if code != exitBad || !strings.HasPrefix(errb.String(), "ttx: internal error: boom\n") || strings.Contains(errb.String(), "goroutine") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

// TestSessionByNameContract: score, report and resume all take the bare
// name of a session in the data directory, as `ttx run` prints it.
func TestSessionByNameContract(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	env := map[string]string{"TTX_DATA_DIR": data}
	decisions := writeTemp(t, "d.yaml", "decisions: []\n")
	code, out, errs := runMain(t, env, "run", runScenario, "--decisions", decisions)
	if code != 0 {
		t.Fatalf("run: exit %d, %s", code, errs)
	}
	name := filepath.Base(strings.TrimSpace(out))
	for _, args := range [][]string{{"score", name}, {"score", "--json", name}, {"report", name}} {
		if code, _, errs := runMain(t, env, args...); code != 0 {
			t.Errorf("%v: exit %d, stderr %q", args, code, errs)
		}
	}
	// Found, so resume stops only because a test has no terminal.
	if code, _, errs := runMain(t, env, "resume", name); code != exitUsage || !strings.Contains(errs, "interactive terminal") {
		t.Errorf("resume %s: exit %d, stderr %q; want the no-terminal usage error", name, code, errs)
	}
	if code, _, errs := runMain(t, env, "resume", "no-such-session"); code != exitBad || !strings.Contains(errs, "cannot resume") {
		t.Errorf("resume of a missing session: exit %d, stderr %q", code, errs)
	}
}

// TestErrorMessagesAreSanitized checks that no command lets a control
// character from its arguments reach stderr: every message goes through
// Main, which neutralises them once for all commands.
func TestErrorMessagesAreSanitized(t *testing.T) {
	hostile := filepath.Join(t.TempDir(), "x\x1b]0;pwned\x07")
	if err := os.MkdirAll(hostile, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(hostile, "other"), []byte("not a session"), 0o644); err != nil {
		t.Fatal(err)
	}
	decisions := writeTemp(t, "d.yaml", "decisions: []\n")
	for _, args := range [][]string{
		{"resume", hostile},
		{"play", hostile + ".yaml"},
		{"score", hostile},
		{"report", hostile},
		{"run", runScenario, "--decisions", hostile},
		{"run", runScenario, "--decisions", decisions, "--session", hostile},
		{"score", "--\x1b[2J"},
	} {
		code, _, errOut := ttxRun(t, args...)
		if code == 0 {
			t.Errorf("%q: exit 0", args)
		}
		if strings.ContainsAny(errOut, "\x1b\x07") {
			t.Errorf("%q: stderr has a control character: %q", args, errOut)
		}
	}
}
