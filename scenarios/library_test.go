package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
