package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// complete runs cobra's hidden completion command, as the shell scripts of
// `ttx completion SHELL` do, and returns the candidates (without their
// descriptions) and the directive.
func complete(t *testing.T, env map[string]string, args ...string) ([]string, cobra.ShellCompDirective) {
	t.Helper()
	code, out, errs := runMain(t, env, append([]string{"__complete"}, args...)...)
	if code != 0 {
		t.Fatalf("__complete %q: exit %d, stderr %q", args, code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	last := lines[len(lines)-1]
	var d int
	if _, err := fmt.Sscanf(last, ":%d", &d); err != nil {
		t.Fatalf("__complete %q: no directive line in\n%s", args, out)
	}
	var got []string
	for _, l := range lines[:len(lines)-1] {
		c, _, _ := strings.Cut(l, "\t")
		got = append(got, c)
	}
	return got, cobra.ShellCompDirective(d)
}

func libraryIDs(t *testing.T, prefix string) []string {
	t.Helper()
	lib, err := scenarios.LibraryListing()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, l := range lib {
		if strings.HasPrefix(l.ID, prefix) {
			ids = append(ids, l.ID)
		}
	}
	if len(ids) == 0 {
		t.Fatalf("no built-in id starts with %q", prefix)
	}
	return ids
}

func TestCompleteScenarioIDs(t *testing.T) {
	all := libraryIDs(t, "")
	for _, cmd := range []string{"play", "pack", "run", "validate", "test"} {
		got, d := complete(t, nil, cmd, "")
		for _, id := range all {
			if !slices.Contains(got, id) {
				t.Errorf("%s: %s not offered in %q", cmd, id, got)
			}
		}
		if d&cobra.ShellCompDirectiveNoFileComp == 0 {
			t.Errorf("%s: directive %d lets the shell add every file", cmd, d)
		}
	}
	// Descriptions are the titles, one line each.
	_, out, _ := runMain(t, nil, "__complete", "play", "ransomware-phishing")
	if !strings.HasPrefix(out, "ransomware-phishing\tFriday night lockout") {
		t.Errorf("no title with the id:\n%s", out)
	}

	got, _ := complete(t, nil, "play", "ra")
	if want := libraryIDs(t, "ra"); !slices.Equal(got, want) {
		t.Errorf("play ra: %q, want %q", got, want)
	}
	// One SCENARIO for play, several for validate and test.
	if got, _ := complete(t, nil, "play", "ransomware-phishing", ""); len(got) != 0 {
		t.Errorf("play after its scenario: %q, want nothing", got)
	}
	if got, _ := complete(t, nil, "test", "ransomware-phishing", "bec"); !slices.Equal(got, libraryIDs(t, "bec")) {
		t.Errorf("test, second scenario: %q", got)
	}
}

func TestCompleteScenarioFiles(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"drill.yaml", "other.YML", "notes.txt", ".hidden.yaml"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "more"), 0o755); err != nil {
		t.Fatal(err)
	}
	prefix := dir + string(filepath.Separator)
	got, _ := complete(t, nil, "validate", prefix)
	want := []string{prefix + "drill.yaml", prefix + "more/", prefix + "other.YML"}
	if !slices.Equal(got, want) {
		t.Errorf("validate %s: %q, want %q", prefix, got, want)
	}
	got, _ = complete(t, nil, "validate", prefix+".")
	if !slices.Equal(got, []string{prefix + ".hidden.yaml"}) {
		t.Errorf("a leading dot: %q, want the hidden file", got)
	}
	// A lone folder: no space after it, to go on typing inside.
	got, d := complete(t, nil, "play", prefix+"mo")
	if !slices.Equal(got, []string{prefix + "more/"}) || d&cobra.ShellCompDirectiveNoSpace == 0 {
		t.Errorf("play %smo: %q directive %d, want the folder and no space", prefix, got, d)
	}
	if got, _ := complete(t, nil, "play", filepath.Join(dir, "missing")+"/"); len(got) != 0 {
		t.Errorf("a missing folder: %q", got)
	}
}

func TestCompleteSessionFolders(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	env := map[string]string{"TTX_DATA_DIR": data}
	// No data folder yet: the shell completes folders.
	if got, d := complete(t, env, "resume", ""); len(got) != 0 || d != cobra.ShellCompDirectiveFilterDirs {
		t.Errorf("no data folder: %q directive %d", got, d)
	}
	s, err := scenarios.Parse("scored.yaml", []byte(scoredScenario))
	if err != nil {
		t.Fatal(err)
	}
	create := func(name string) *sim.Session {
		ss, err := sim.CreateSession(filepath.Join(data, name), s, "test")
		if err != nil {
			t.Fatal(err)
		}
		return ss
	}
	ended := create("scored-ended")
	if err := sim.PlayInto(ended.Engine, nil, nil); err != nil {
		t.Fatal(err)
	}
	ended.Close()
	create("scored-interrupted").Close()
	create("other-interrupted").Close()
	os.MkdirAll(filepath.Join(data, "scored-not-a-session"), 0o755)
	os.WriteFile(filepath.Join(data, "scored-file"), nil, 0o644)

	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"score", ""}, []string{"other-interrupted", "scored-ended", "scored-interrupted"}},
		{[]string{"score", "sc"}, []string{"scored-ended", "scored-interrupted"}},
		{[]string{"evaluate", "sc"}, []string{"scored-ended", "scored-interrupted"}},
		{[]string{"resume", ""}, []string{"other-interrupted", "scored-interrupted"}}, // not the ended one
		{[]string{"report", "scored-ended", "sc"}, []string{"scored-interrupted"}},    // not twice
		{[]string{"score", "scored-ended", ""}, nil},                                  // one SESSION
	}
	for _, tt := range tests {
		got, d := complete(t, env, tt.args...)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: %q, want %q", tt.args, got, tt.want)
		}
		if len(tt.want) > 0 && d != cobra.ShellCompDirectiveNoFileComp {
			t.Errorf("%q: directive %d", tt.args, d)
		}
	}
	// A path, or a name no session has, is the shell's folder completion.
	for _, word := range []string{"./", "/tmp/x", "zzz"} {
		if got, d := complete(t, env, "report", word); len(got) != 0 || d != cobra.ShellCompDirectiveFilterDirs {
			t.Errorf("report %q: %q directive %d, want folder completion", word, got, d)
		}
	}
	// evaluate's second argument is its observations FILE.
	if got, d := complete(t, env, "evaluate", "scored-ended", ""); len(got) != 0 || d != cobra.ShellCompDirectiveDefault {
		t.Errorf("evaluate FILE: %q directive %d", got, d)
	}
}

func TestCompleteFlagValues(t *testing.T) {
	tests := []struct {
		args []string
		want []string
		d    cobra.ShellCompDirective
	}{
		{[]string{"report", "--format", ""}, []string{"md", "html", "json", "csv"}, cobra.ShellCompDirectiveNoFileComp},
		{[]string{"pack", "x", "--format", ""}, []string{"html", "md"}, cobra.ShellCompDirectiveNoFileComp},
		{[]string{"play", "--coach", ""}, nil, 0}, // --coach takes no separate value: the next word is the scenario
		{[]string{"play", "--coach="}, []string{"feedback", "hints"}, cobra.ShellCompDirectiveNoFileComp},
		{[]string{"run", "x", "--decisions", ""}, []string{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt},
		{[]string{"run", "x", "--session", ""}, nil, cobra.ShellCompDirectiveFilterDirs},
		{[]string{"--dir", ""}, nil, cobra.ShellCompDirectiveFilterDirs},
	}
	for _, tt := range tests {
		got, d := complete(t, nil, tt.args...)
		if tt.want == nil && tt.d == 0 {
			if slices.Contains(got, "feedback") {
				t.Errorf("%q: %q offers a value to a flag that takes none", tt.args, got)
			}
			continue
		}
		if !slices.Equal(got, tt.want) || d != tt.d {
			t.Errorf("%q: %q directive %d, want %q directive %d", tt.args, got, d, tt.want, tt.d)
		}
	}
}

// The scripts for every shell cobra knows are written.
func TestCompletionScripts(t *testing.T) {
	for shell, marker := range map[string]string{"bash": "__start_ttx", "zsh": "#compdef ttx", "fish": "complete -c ttx", "powershell": "Register-ArgumentCompleter"} {
		code, out, errs := runMain(t, nil, "completion", shell)
		if code != 0 || errs != "" || !strings.Contains(out, marker) {
			t.Errorf("completion %s: exit %d, stderr %q, script lacks %q", shell, code, errs, marker)
		}
	}
}

// A TAB must answer at once: completing a scenario lists the library from
// its index (no scenario parsed), a session reads no scenario.
func BenchmarkCompletePlay(b *testing.B) {
	sio := &IO{In: strings.NewReader(""), Out: discard{}, Err: discard{}, Getenv: func(string) string { return "" }}
	for b.Loop() {
		if code := Main([]string{"__complete", "play", ""}, sio); code != 0 {
			b.Fatal(code)
		}
	}
}

func BenchmarkCompleteResume100Sessions(b *testing.B) {
	data := b.TempDir()
	s, err := scenarios.Parse("scored.yaml", []byte(scoredScenario))
	if err != nil {
		b.Fatal(err)
	}
	for i := range 100 {
		ss, err := sim.CreateSession(filepath.Join(data, fmt.Sprintf("scored-%03d", i)), s, "test")
		if err != nil {
			b.Fatal(err)
		}
		for m := range 20 {
			if _, err := ss.Engine.Record(scenarios.Decision{At: scenarios.Duration(m) * scenarios.Minute, Action: "triage"}); err != nil {
				b.Fatal(err)
			}
		}
		ss.Close()
	}
	sio := &IO{In: strings.NewReader(""), Out: discard{}, Err: discard{}, Getenv: func(k string) string {
		if k == "TTX_DATA_DIR" {
			return data
		}
		return ""
	}}
	for b.Loop() {
		if code := Main([]string{"__complete", "resume", ""}, sio); code != 0 {
			b.Fatal(code)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// Names that would break the one-candidate-a-line protocol, or reach the
// terminal as escapes, are never offered.
func TestCompleteSkipsControlCharacters(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"ok.yaml", "two\nlines.yaml", "tab\there.yaml", "esc\x1b[31m.yaml"} {
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Skipf("this file system refuses %q: %v", name, err)
		}
	}
	got, _ := complete(t, nil, "validate", dir+"/")
	if !slices.Equal(got, []string{dir + "/ok.yaml"}) {
		t.Errorf("got %q, want only ok.yaml", got)
	}
	data := t.TempDir()
	for _, name := range []string{"good", "bad\nname"} {
		if err := os.MkdirAll(filepath.Join(data, name), 0o755); err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(data, name, sim.JournalFile), nil, 0o644)
	}
	if got, _ := complete(t, map[string]string{"TTX_DATA_DIR": data}, "score", ""); !slices.Equal(got, []string{"good"}) {
		t.Errorf("sessions: %q, want only good", got)
	}
}

// Whatever word the shell asks about, completion answers with one
// directive line and candidates without control characters, and never
// fails.
func FuzzComplete(f *testing.F) {
	for _, seed := range []string{"", "ra", "./", "../", "~/", "/", "scenarios/", "\x00", "a\nb", ".", "-", "--format", "é"} {
		f.Add("play", seed)
		f.Add("report", seed)
	}
	f.Add("resume", "x")
	data := f.TempDir()
	f.Fuzz(func(t *testing.T, cmd, word string) {
		if strings.ContainsRune(cmd+word, 0) {
			return // no argument of a process holds a NUL
		}
		code, out, errs := runMain(t, map[string]string{"TTX_DATA_DIR": data}, "__complete", cmd, word)
		if code != 0 || strings.Contains(errs, "internal error") {
			t.Fatalf("__complete %q %q: exit %d, stderr %q", cmd, word, code, errs)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if !strings.HasPrefix(lines[len(lines)-1], ":") {
			t.Fatalf("no directive line last:\n%q", out)
		}
		for _, l := range lines[:len(lines)-1] {
			cand, desc, _ := strings.Cut(l, "\t")
			if !completable(cand) || strings.ContainsAny(desc, "\t\x1b") {
				t.Errorf("candidate %q", l)
			}
		}
	})
}
