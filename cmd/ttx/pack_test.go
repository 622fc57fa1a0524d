package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPackCommand(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pkg")
	code, out, errs := runMain(t, nil, "pack", "ransomware-phishing", "-o", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, name := range []string{"situation-manual.html", "facilitator-guide.html", "feedback-form.html", "sign-in.html", "msel.csv", "msel.xlsx"} {
		p := filepath.Join(dir, name)
		if !strings.Contains(out, p+"\n") {
			t.Errorf("stdout does not name %s:\n%s", p, out)
		}
		b, err := os.ReadFile(p)
		switch {
		case err != nil:
			t.Errorf("%s: %v", p, err)
		case strings.HasSuffix(name, ".html") && !strings.HasPrefix(string(b), "<!DOCTYPE html>"):
			t.Errorf("%s is not HTML", p)
		case name == "msel.xlsx" && !strings.HasPrefix(string(b), "PK"):
			t.Errorf("%s is not a workbook", p)
		case name == "msel.csv" && strings.Count(string(b), "\r\n") < 10:
			t.Errorf("%s: %d rows", p, strings.Count(string(b), "\r\n"))
		}
	}
	md := filepath.Join(t.TempDir(), "md")
	if code, _, errs := runMain(t, nil, "pack", "bec-wire-fraud", "-o", md, "--format", "md"); code != 0 {
		t.Fatalf("md: exit %d: %s", code, errs)
	}
	if b, err := os.ReadFile(filepath.Join(md, "situation-manual.md")); err != nil || !strings.HasPrefix(string(b), "# Situation Manual: ") {
		t.Errorf("md situation manual: %v %.60q", err, b)
	}

	// The default folder is ./ID-package.
	wd, _ := os.Getwd()
	tmp := t.TempDir()
	if err := os.Chdir(tmp); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	if code, _, errs := runMain(t, nil, "pack", "cloud-key-leak"); code != 0 {
		t.Fatalf("default folder: exit %d: %s", code, errs)
	}
	if _, err := os.Stat(filepath.Join(tmp, "cloud-key-leak-package", "sign-in.html")); err != nil {
		t.Error(err)
	}

	for _, tc := range []struct {
		args []string
		code int
	}{
		{[]string{"pack"}, 2},
		{[]string{"pack", "ransomware-phishing", "--format", "pdf"}, 2},
		{[]string{"pack", "no-such-scenario"}, 1},
	} {
		if code, _, _ := runMain(t, nil, tc.args...); code != tc.code {
			t.Errorf("%v: exit %d, want %d", tc.args, code, tc.code)
		}
	}
}
