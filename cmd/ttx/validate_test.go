package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// ttxRun runs Main in-process, with an empty environment, and returns its
// exit code and outputs.
func ttxRun(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	return runMain(t, nil, args...)
}

const validScenario = `ttx: 1
id: ok
title: OK
summary: S.
duration: 1h
roles: [{id: lead, name: Lead}]
actions:
  - {id: act, label: Act, phase: detection, expected: {recommendation: R.}}
injects:
  - {id: start, at: 0, title: Start}
phases: [detection]
tests: [{name: t}]
`

// brokenScenario has several distinct mistakes on known lines.
const brokenScenario = `ttx: 1
id: Broken_Id
title: Broken
summary: S.
duration: 1h
roles: [{id: lead, name: Lead}]
actions:
  - {id: act, label: Act, phase: detection, expected: {recommendation: R.}}
  - {id: act2, label: Act, phase: detecton, harmful: {penalty: 1}}
injects:
  - {id: start, at: 2h, title: Start, chanel: email}
  - {id: next, at: 1m, title: Next, when: {taken: nope}}
`

// warnScenario loads but has a lint warning (no tests).
const warnScenario = `ttx: 1
id: warn
title: Warn
summary: S.
duration: 1h
phases: [detection]
roles: [{id: lead, name: Lead}]
actions:
  - {id: act, label: Act, phase: detection, expected: {recommendation: R.}}
injects:
  - {id: start, at: 0, title: Start}
`

func TestValidate(t *testing.T) {
	valid := writeTemp(t, "valid.yaml", validScenario)
	broken := writeTemp(t, "broken.yaml", brokenScenario)
	warn := writeTemp(t, "warn.yaml", warnScenario)
	// 5 MiB: the message gives the file's real size, not what was read.
	big := writeTemp(t, "big.yaml", validScenario+"# "+strings.Repeat("x", 5<<20)+"\n")
	bigSize := len(validScenario) + 2 + 5<<20 + 1
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  []string // line beginnings expected on stdout, in order
		wantErr  string
	}{
		{"valid", []string{"validate", valid}, 0, []string{"1 file: 0 files invalid, 0 errors, 0 warnings"}, ""},
		{"broken", []string{"validate", broken}, 1, []string{
			broken + `:2:5: error: id "Broken_Id" is not a valid id`,
			broken + `:9:35: error: action "act2": phase "detecton" is not a phase; the phases are preparation, detection, containment, eradication, recovery, post-incident (did you mean "detection"?)`,
			broken + `:9:54: error: action "act2": harmful: missing required key "why"`,
			broken + `:11:21: error: inject "start": at 2h is after the scenario's duration (1h)`,
			broken + `:11:39: error: unknown key "chanel" in inject (did you mean "channel"?)`,
			broken + `:12:51: error: inject "next": when: taken: unknown action "nope"`,
			"1 file: 1 file invalid, 6 errors, 0 warnings",
		}, ""},
		{"warning only", []string{"validate", warn}, 0, []string{
			warn + ":1:1: warning: the scenario has no tests", "1 file: 0 files invalid, 0 errors, 1 warning"}, ""},
		{"strict", []string{"validate", "--strict", warn}, 1, []string{
			warn + ":1:1: error: the scenario has no tests", "1 file: 1 file invalid, 1 error, 0 warnings"}, ""},
		{"several files", []string{"validate", valid, broken, warn}, 1, []string{"3 files: 1 file invalid, 6 errors, 1 warning"}, ""},
		{"valid and invalid", []string{"validate", valid, broken}, 1, []string{broken + ":2:5: error:", "2 files: 1 file invalid, 6 errors, 0 warnings"}, ""},
		{"too large", []string{"validate", big, valid}, 1, []string{
			fmt.Sprintf("%s: error: file is %d bytes, larger than the 4 MiB limit", big, bigSize), "2 files: 1 file invalid, 1 error, 0 warnings"}, ""},
		{"directory", []string{"validate", filepath.Dir(valid)}, 1, []string{filepath.Dir(valid) + ": error: is a directory, not a scenario file"}, ""},
		{"missing file", []string{"validate", "/no/such/file.yaml"}, 1, []string{"/no/such/file.yaml: error: no such file"}, ""},
		{"built-in id", []string{"validate", "ransomware-phishing"}, 0, []string{"1 file: 0 files invalid, 0 errors, 0 warnings"}, ""},
		{"neither a file nor a built-in", []string{"validate", "no-such-scenario"}, 1, []string{"no-such-scenario: error: scenario \"no-such-scenario\" is neither a file nor a built-in"}, ""},
		{"no argument", []string{"validate"}, 2, nil, "requires at least 1 arg"},
		{"unknown flag", []string{"validate", "--bogus", valid}, 2, nil, "unknown flag: --bogus"},
		{"unknown command", []string{"validat", valid}, 2, nil, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := ttxRun(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.wantCode, out, errOut)
			}
			rest := out
			for _, w := range tt.wantOut {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("want line %q in stdout:\n%s", w, out)
				}
				rest = rest[i+len(w):]
			}
			if !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("stderr %q does not contain %q", errOut, tt.wantErr)
			}
			if strings.Contains(out+errOut, "goroutine") {
				t.Errorf("stack trace printed:\n%s%s", out, errOut)
			}
		})
	}
}

func TestList(t *testing.T) {
	code, out, errOut := ttxRun(t, "list")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "ID ") || !strings.Contains(lines[0], "TITLE") || !strings.HasSuffix(lines[0], "TAGS") {
		t.Fatalf("no header:\n%s", out)
	}
	// Columns are aligned: every row has its title where the header has TITLE.
	col := strings.Index(lines[0], "TITLE")
	for _, l := range lines[1:] {
		if len(l) <= col || l[col-1] != ' ' || l[col] == ' ' {
			t.Errorf("row not aligned with the header:\n%s\n%s", lines[0], l)
		}
	}
	if !strings.Contains(out, "ransomware-phishing ") || !strings.Contains(out, "detection,containment") {
		t.Errorf("list lacks the ransomware scenario or its phases:\n%s", out)
	}
	if code, _, errOut := ttxRun(t, "list", "extra"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("list with an argument: exit %d, stderr %q", code, errOut)
	}
}

func TestCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Plain", "Plain"},
		{"a\tb\nc", "a b c"},
		{"\x1b]0;pwned\x07", "␛]0;pwned␇"},
		{"", "-"},
	}
	for _, tt := range tests {
		if got := cell(tt.in); got != tt.want {
			t.Errorf("cell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSchemaCommand(t *testing.T) {
	code, out, _ := ttxRun(t, "schema")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var schema map[string]any
	if err := json.Unmarshal([]byte(out), &schema); err != nil {
		t.Fatalf("schema output is not JSON: %v", err)
	}
	if schema["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %v", schema["$schema"])
	}
	if code, _, _ := ttxRun(t, "schema", "x"); code != 2 {
		t.Errorf("schema with an argument: exit %d, want 2", code)
	}
}
