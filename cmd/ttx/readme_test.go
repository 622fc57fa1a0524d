package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeTour runs the headless part of the README's tour as written, so
// that the README and the example decisions file stay true.
func TestReadmeTour(t *testing.T) {
	env := map[string]string{"TTX_DATA_DIR": filepath.Join(t.TempDir(), "data")}
	code, out, errs := runMain(t, env, "run", "ransomware-phishing", "--decisions", "../../docs/examples/ransomware-typical-team.yaml")
	if code != 0 {
		t.Fatalf("ttx run: exit %d, stderr %q", code, errs)
	}
	session := strings.TrimSpace(out)

	code, out, errs = runMain(t, env, "score", session)
	if code != 0 || !strings.Contains(out, "62.1  M") {
		t.Fatalf("ttx score: exit %d, stderr %q, stdout:\n%s", code, errs, out)
	}
	for _, format := range []string{"html", "csv"} {
		file := filepath.Join(t.TempDir(), "report."+format)
		if code, _, errs := runMain(t, env, "report", session, "--format", format, "-o", file); code != 0 {
			t.Errorf("ttx report --format %s: exit %d, stderr %q", format, code, errs)
		}
	}
	if code, out, errs := runMain(t, env, "report", session, session); code != 0 || !strings.Contains(out, "Readiness-gap trend") {
		t.Errorf("trend report: exit %d, stderr %q, stdout starts %.80q", code, errs, out)
	}
}
