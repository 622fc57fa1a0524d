package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
)

// TestNewWritesAScenarioThatPassesItsTests is the contract of `ttx new`:
// the file loads, lints clean and passes its own tests.
func TestNewWritesAScenarioThatPassesItsTests(t *testing.T) {
	path := filepath.Join(t.TempDir(), "drill.yaml")
	code, out, errOut := ttxRun(t, "new", "phishing-drill", "-o", path)
	if code != 0 {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	if !strings.Contains(out, "wrote "+path) {
		t.Errorf("stdout does not name the file: %q", out)
	}
	s, err := scenarios.Load(path)
	if err != nil {
		t.Fatalf("the starter does not load:\n%v", err)
	}
	if s.ID != "phishing-drill" {
		t.Errorf("id = %q", s.ID)
	}
	if ps := scenarios.Lint(s); len(ps) > 0 {
		t.Errorf("lint warnings:\n%v", ps)
	}
	results := scoring.RunTests(s)
	if len(results) == 0 {
		t.Fatal("the starter has no tests")
	}
	for _, r := range results {
		if !r.Pass {
			t.Errorf("starter test %q fails: %s", r.Name, r.Diff)
		}
	}

	// The commands a user runs next agree.
	if code, out, errOut := ttxRun(t, "validate", "--strict", path); code != 0 {
		t.Errorf("ttx validate --strict: exit %d: %s%s", code, out, errOut)
	}
	if code, out, errOut := ttxRun(t, "test", path); code != 0 || strings.Contains(out, "FAIL") {
		t.Errorf("ttx test: exit %d: %s%s", code, out, errOut)
	}
}

func TestNewToStdout(t *testing.T) {
	code, out, errOut := ttxRun(t, "new", "my-drill")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if out != string(scenarios.Starter("my-drill")) {
		t.Error("stdout is not the starter scenario")
	}
	if _, err := scenarios.Parse("stdout", []byte(out)); err != nil {
		t.Errorf("stdout does not load: %v", err)
	}
}

func TestNewErrors(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "taken.yaml")
	if err := os.WriteFile(existing, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		code    int
		wantErr string
	}{
		{"upper case id", []string{"new", "My-Drill"}, exitUsage, `invalid scenario id "My-Drill"`},
		{"leading dash", []string{"new", "-x"}, exitUsage, "unknown shorthand flag"},
		{"underscore", []string{"new", "my_drill"}, exitUsage, "invalid scenario id"},
		{"too long", []string{"new", strings.Repeat("a", 65)}, exitUsage, "invalid scenario id"},
		{"escape sequence", []string{"new", "a\x1b[31m"}, exitUsage, "invalid scenario id"},
		{"no id", []string{"new"}, exitUsage, "accepts 1 arg"},
		{"two ids", []string{"new", "a", "b"}, exitUsage, "accepts 1 arg"},
		{"existing file", []string{"new", "drill", "-o", existing}, exitBad, "already exists"},
		{"missing directory", []string{"new", "drill", "-o", filepath.Join(dir, "nope", "x.yaml")}, exitBad, "cannot create"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := ttxRun(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errOut)
			}
			if !strings.Contains(errOut, tt.wantErr) {
				t.Errorf("stderr %q does not contain %q", errOut, tt.wantErr)
			}
			if strings.Contains(errOut, "\x1b") {
				t.Errorf("stderr carries an escape sequence: %q", errOut)
			}
			if out != "" {
				t.Errorf("stdout not empty on error: %q", out)
			}
		})
	}
	if got, _ := os.ReadFile(existing); string(got) != "keep me" {
		t.Errorf("the existing file was changed: %q", got)
	}
}
