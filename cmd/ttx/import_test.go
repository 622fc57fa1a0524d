package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const importCSV = "Subject,Time,To,Method,Description,Expected Action\r\n" +
	"Kickoff,T+00:00,All Players,Email,\"First line\r\nsecond line\",\r\n" +
	"EDR alert,T+00:10,SOC Analyst,SIEM,An alert fires,Triage the alert\r\n"

func TestImportWritesAScenarioThatValidates(t *testing.T) {
	in := writeTemp(t, "falcon.csv", importCSV)
	out := filepath.Join(t.TempDir(), "falcon.yaml")
	code, stdout, stderr := ttxRun(t, "import", in, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout %q with -o", stdout)
	}
	for _, want := range []string{"rows read: 2; injects made: 2", `"Expected Action" -> expected actions`, "wrote " + out} {
		if !strings.Contains(stderr, want) {
			t.Errorf("summary lacks %q:\n%s", want, stderr)
		}
	}
	code, stdout, _ = ttxRun(t, "validate", out)
	if code != 0 || !strings.Contains(stdout, "0 errors") || !strings.Contains(stdout, "placeholder") {
		t.Errorf("validate: exit %d\n%s", code, stdout)
	}
	// stdout without -o, and --id.
	code, stdout, _ = ttxRun(t, "import", in, "--id", "drill-2025")
	if code != 0 || !strings.Contains(stdout, "id: \"drill-2025\"\n") {
		t.Errorf("exit %d, stdout:\n%s", code, stdout)
	}
	// -o onto an existing file is refused.
	if code, _, stderr := ttxRun(t, "import", in, "-o", out); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Errorf("overwrite: exit %d, %q", code, stderr)
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	in := writeTemp(t, "falcon.csv", importCSV)
	out := filepath.Join(t.TempDir(), "x.yaml")
	code, stdout, stderr := ttxRun(t, "import", in, "--dry-run", "-o", out)
	if code != 0 || stdout != "" || !strings.Contains(stderr, "injects made: 2") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("--dry-run wrote %s", out)
	}
}

func TestImportErrors(t *testing.T) {
	csv := writeTemp(t, "falcon.csv", importCSV)
	notMSEL := writeTemp(t, "list.csv", "name,price\r\napple,3\r\n")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import", notMSEL}, 1, "not a MSEL"},
		{[]string{"import", filepath.Join(t.TempDir(), "missing.csv")}, 1, "no such file"},
		{[]string{"import", writeTemp(t, "bad.xlsx", "PK\x03\x04garbage")}, 1, "unreadable workbook"},
		{[]string{"import", csv, "--sheet", "MSEL"}, 2, "--sheet applies to XLSX"},
		{[]string{"import", csv, "--id", "Bad Id"}, 2, "invalid scenario id"},
		{[]string{"import"}, 2, "accepts 1 arg"},
	} {
		code, _, stderr := ttxRun(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}
