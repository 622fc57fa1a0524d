package main

import (
	"strings"
	"testing"
)

// TestExitCodesContract pins the exit codes and streams of spec/cli.md:
// 0 success, 1 the thing checked is bad, 2 wrong usage; results on
// stdout, diagnostics on stderr, never a Go stack trace.
func TestExitCodesContract(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // substring; "" means stdout must be empty
		stderr string // substring; "" means stderr must be empty
	}{
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

func checkStream(t *testing.T, name, got, want string) {
	t.Helper()
	if want == "" && got != "" {
		t.Errorf("%s should be empty, got:\n%s", name, got)
	}
	if !strings.Contains(got, want) {
		t.Errorf("%s lacks %q:\n%s", name, want, got)
	}
}
