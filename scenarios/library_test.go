package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLibraryLoads(t *testing.T) {
	lib, err := Library()
	if err != nil {
		t.Fatalf("built-in library does not load:\n%v", err)
	}
	if len(lib) == 0 {
		t.Fatal("no built-in scenarios")
	}
	for i, s := range lib {
		if i > 0 && lib[i-1].ID >= s.ID {
			t.Errorf("library not sorted by id: %s before %s", lib[i-1].ID, s.ID)
		}
		if got, ok := Builtin(s.ID); !ok || got != s {
			t.Errorf("Builtin(%q) = %v, %v", s.ID, got, ok)
		}
		if s.File != "library/"+s.ID+".yaml" {
			t.Errorf("File = %q", s.File)
		}
	}
	if _, ok := Builtin("no-such-scenario"); ok {
		t.Error("Builtin found a scenario that does not exist")
	}
}

func TestLoadLibraryProblems(t *testing.T) {
	named := func(id string) []byte { return []byte(strings.Replace(minimal, "id: mini", "id: "+id, 1)) }
	tests := []struct {
		name  string
		files fstest.MapFS
		want  string
	}{
		{"broken built-in", fstest.MapFS{"library/a.yaml": {Data: named("a")}, "library/b.yaml": {Data: []byte("ttx: 1\n")}},
			`library/b.yaml:1:1: error: scenario: missing required key "id"`},
		{"id not the file name", fstest.MapFS{"library/a.yaml": {Data: named("b")}},
			`library/a.yaml:2:1: error: built-in scenario id "b" does not match its file name a.yaml`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadLibrary(tt.files)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("loadLibrary error = %v, want %q", err, tt.want)
			}
		})
	}
	lib, err := loadLibrary(fstest.MapFS{"library/b.yaml": {Data: named("b")}, "library/a.yaml": {Data: named("a")}})
	if err != nil || len(lib) != 2 || lib[0].ID != "a" || lib[1].ID != "b" {
		t.Errorf("loadLibrary = %v, %v; want a, b", lib, err)
	}
}

func TestResolve(t *testing.T) {
	lib, err := Library()
	if err != nil {
		t.Fatal(err)
	}
	id := lib[0].ID
	dir := t.TempDir()
	local := filepath.Join(dir, "local.yaml")
	if err := os.WriteFile(local, []byte(minimal), 0o644); err != nil {
		t.Fatal(err)
	}
	// A file in the working directory named like a built-in id wins: the
	// user pointed at something that exists.
	tests := []struct {
		arg, wantID, wantErr string
	}{
		{id, id, ""},
		{local, "mini", ""},
		{filepath.Join(dir, "missing.yaml"), "", "no such file"},
		{"ransomware-phishin", "", `"ransomware-phishin" is neither a file nor a built-in scenario`},
		{"", "", "no scenario given"},
	}
	for _, tt := range tests {
		s, err := Resolve(tt.arg)
		switch {
		case tt.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Resolve(%q) error = %v, want %q", tt.arg, err, tt.wantErr)
			}
		case err != nil:
			t.Errorf("Resolve(%q): %v", tt.arg, err)
		case s.ID != tt.wantID:
			t.Errorf("Resolve(%q) = %s, want %s", tt.arg, s.ID, tt.wantID)
		}
	}
	var ps Problems
	if _, err := Resolve(filepath.Join(dir, "missing.yaml")); !errors.As(err, &ps) {
		t.Errorf("a missing file is not reported as Problems: %v", err)
	}
}
