package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

const runScenario = "../../sim/testdata/drill.yaml"

func writeTemp(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runMain(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, &IO{In: strings.NewReader(""), Out: &out, Err: &errb, Getenv: func(k string) string { return env[k] }})
	return code, out.String(), errb.String()
}

func TestRunWritesTheSession(t *testing.T) {
	decisions := writeTemp(t, "d.yaml", "decisions:\n  - at: 12m\n    action: triage\n  - at: 20m\n    action: isolate\nend: 1h\n")
	dir := filepath.Join(t.TempDir(), "s1")
	code, out, errs := runMain(t, nil, "run", runScenario, "--decisions", decisions, "--session", dir)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if out != dir+"\n" {
		t.Errorf("stdout = %q, want the session folder", out)
	}
	s, h, events, warnings, err := sim.ReadSession(dir)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("ReadSession: %v %v", err, warnings)
	}
	if s.ID != "drill" || h.TTX != version {
		t.Errorf("scenario %q, header %+v", s.ID, h)
	}
	last := events[len(events)-1]
	if last.Kind != sim.KindEnd || last.At != 3600 {
		t.Errorf("last event = %+v, want the end at 1h", last)
	}
}

func TestRunDefaultsToTheDataDirectory(t *testing.T) {
	decisions := writeTemp(t, "d.yaml", "decisions: []\n")
	data := filepath.Join(t.TempDir(), "data")
	code, out, errs := runMain(t, map[string]string{"TTX_DATA_DIR": data}, "run", runScenario, "--decisions", decisions)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	dir := strings.TrimSuffix(out, "\n")
	if filepath.Dir(dir) != data || !regexp.MustCompile(`^drill-\d{8}T\d{6}Z$`).MatchString(filepath.Base(dir)) {
		t.Errorf("session folder = %q, want drill-<time> under %s", dir, data)
	}
	if _, _, _, _, err := sim.ReadSession(dir); err != nil {
		t.Error(err)
	}
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		name      string
		decisions string // file content; "" means no --decisions flag
		args      []string
		code      int
		stderr    string // regexp
	}{
		{"unknown action", "decisions:\n  - at: 1m\n    action: triage\n  - at: 2m\n    action: nuke\n", nil, 1, `d\.yaml:5:\d+: error: .*nuke`},
		{"decision after end", "decisions:\n  - at: 50m\n    action: triage\nend: 40m\n", nil, 1, `d\.yaml:2:\d+: error: .*`},
		{"times going back", "decisions:\n  - at: 30m\n    action: triage\n  - at: 20m\n    action: isolate\n", nil, 1, `d\.yaml:4:\d+: error: `},
		{"text the engine refuses", "decisions:\n  - at: 1m\n    action: triage\n  - at: 2m\n    text: " + strings.Repeat("x", sim.MaxTextLen+1) + "\n", nil, 1, `d\.yaml:4:\d+: error: decision text too long`},
		{"not yaml", "decisions: [\n", nil, 1, `d\.yaml:\d+(:\d+)?: error: `},
		{"missing decisions flag", "", nil, 2, `--decisions`},
		{"missing scenario", "decisions: []\n", []string{"run", "nope.yaml"}, 1, `nope\.yaml: error: no such file`},
		{"no argument", "decisions: []\n", []string{"run"}, 2, `accepts 1 arg`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if args == nil {
				args = []string{"run", runScenario}
			}
			if tt.decisions != "" {
				args = append(args, "--decisions", writeTemp(t, "d.yaml", tt.decisions))
			}
			data := filepath.Join(t.TempDir(), "data")
			code, out, errs := runMain(t, map[string]string{"TTX_DATA_DIR": data}, args...)
			if code != tt.code || !regexp.MustCompile(tt.stderr).MatchString(errs) {
				t.Errorf("exit %d, stderr %q; want exit %d and stderr matching %s", code, errs, tt.code, tt.stderr)
			}
			if out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
			if strings.Contains(errs, "goroutine") {
				t.Error("stack trace on stderr")
			}
			if _, err := os.Stat(data); err == nil {
				t.Error("a failed run left a session behind")
			}
		})
	}
}

func TestRunRefusesANonEmptySessionFolder(t *testing.T) {
	decisions := writeTemp(t, "d.yaml", "decisions: []\n")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := runMain(t, nil, "run", runScenario, "--decisions", decisions, "--session", dir)
	if code != 1 || !strings.Contains(errs, "not empty") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

func TestRunABuiltInScenario(t *testing.T) {
	decisions := writeTemp(t, "d.yaml", "decisions: []\nend: 30m\n")
	dir := filepath.Join(t.TempDir(), "s")
	code, _, errs := runMain(t, nil, "run", "ransomware-phishing", "--decisions", decisions, "--session", dir)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	s, _, _, _, err := sim.ReadSession(dir)
	if err != nil {
		t.Fatal(err)
	}
	builtin, _ := scenarios.Builtin("ransomware-phishing")
	if !bytes.Equal(s.Source, builtin.Source) {
		t.Error("the session's scenario.yaml is not the built-in's source")
	}
}
