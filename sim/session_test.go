package sim

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
)

func loadDrill(t testing.TB) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Load(filepath.Join("testdata", "drill.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func drillDecisions(t testing.TB, s *scenarios.Scenario) *scenarios.DecisionsFile {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "drill-decisions.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	df, err := scenarios.ParseDecisions("drill-decisions.yaml", data, s)
	if err != nil {
		t.Fatal(err)
	}
	return df
}

// playedSession creates a session in a new folder and plays the drill's
// decisions into it.
func playedSession(t *testing.T) (string, *Engine) {
	t.Helper()
	s := loadDrill(t)
	dir := filepath.Join(t.TempDir(), "session")
	sess, err := CreateSession(dir, s, "test")
	if err != nil {
		t.Fatal(err)
	}
	df := drillDecisions(t, s)
	if err := PlayInto(sess.Engine, df.Decisions, df.End); err != nil {
		t.Fatal(err)
	}
	if err := sess.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, sess.Engine
}

func TestSessionRoundTrip(t *testing.T) {
	s := loadDrill(t)
	dir := filepath.Join(t.TempDir(), "new", "session")
	sess, err := CreateSession(dir, s, "v1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	if src, _ := os.ReadFile(filepath.Join(dir, ScenarioFile)); !bytes.Equal(src, s.Source) {
		t.Error("scenario.yaml is not the scenario's source verbatim")
	}
	e := sess.Engine
	e.SetWallClock(func() time.Time { return time.Date(2026, 11, 28, 16, 0, 0, 0, time.UTC) })
	steps := []func() error{
		func() error { _, err := e.Advance(11 * minute); return err },
		func() error {
			_, err := e.Record(scenarios.Decision{Action: "triage", Role: "soc", Note: "real"})
			return err
		},
		func() error { _, err := e.Pause(time.Date(2026, 11, 28, 16, 1, 0, 0, time.UTC)); return err },
		func() error { _, err := e.Note("coffee break", "lead"); return err },
	}
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	before := e.Events()
	if err := sess.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Record(scenarios.Decision{Action: "isolate"}); !errors.Is(err, ErrSessionClosed) {
		t.Errorf("Record after Close: %v, want ErrSessionClosed", err)
	}

	again, warnings, err := OpenSession(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings: %v", warnings)
	}
	if again.Header.TTX != "v1.2.3" || again.Header.Scenario != "drill" || again.Header.SHA256 != s.SHA256 {
		t.Errorf("header = %+v", again.Header)
	}
	if got := again.Engine.Events(); !eventsEqual(got, before) {
		t.Fatalf("reopened events differ:\n got %v\nwant %v", got, before)
	}
	if !again.Engine.Paused() || again.Engine.Now() != 11*minute {
		t.Errorf("reopened paused=%v now=%v", again.Engine.Paused(), again.Engine.Now())
	}
	if _, err := again.Engine.Resume(time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := again.Engine.End(50 * minute); err != nil {
		t.Fatal(err)
	}
	want := again.Engine.Events()
	if err := again.Close(); err != nil {
		t.Fatal(err)
	}
	_, _, events, _, err := ReadSession(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !eventsEqual(events, want) {
		t.Errorf("ReadSession events differ from the engine's")
	}
}

// eventsEqual compares events including the wall times' values.
func eventsEqual(a, b []Event) bool {
	return slices.EqualFunc(a, b, func(x, y Event) bool {
		if (x.Wall == nil) != (y.Wall == nil) || x.Wall != nil && !x.Wall.Equal(*y.Wall) {
			return false
		}
		x.Wall, y.Wall = nil, nil
		return x == y
	})
}

func TestOpenSessionRecoversFromTornLastLine(t *testing.T) {
	for _, tail := range []string{`{"seq":9,"kind":"deci`, `{"seq":9,"kind":"note","at":5400,"text":"x"}`, "\x00\x00\x00\x00"} {
		t.Run(tail, func(t *testing.T) {
			dir, played := playedSession(t)
			path := filepath.Join(dir, JournalFile)
			intact, _ := os.ReadFile(path)
			appendFile(t, path, tail)

			sess, warnings, err := OpenSession(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(warnings) != 1 || !strings.Contains(warnings[0], "incomplete last line") || !strings.Contains(warnings[0], "journal.jsonl:") {
				t.Errorf("warnings = %q", warnings)
			}
			if !eventsEqual(sess.Engine.Events(), played.Events()) {
				t.Error("events differ after recovery")
			}
			if now, _ := os.ReadFile(path); !bytes.Equal(now, intact) {
				t.Error("the torn line was not cut off the file")
			}
			if _, err := sess.Engine.SetCorrective("isolate", "SOC lead", "2027-01-31"); err != nil {
				t.Fatal(err)
			}
			sess.Close()
			_, _, events, warnings, err := ReadSession(dir)
			if err != nil || len(warnings) != 0 || events[len(events)-1].Owner != "SOC lead" {
				t.Errorf("after appending: %v, warnings %v", err, warnings)
			}
		})
	}
}

func TestReadSessionLeavesTornLineAlone(t *testing.T) {
	dir, _ := playedSession(t)
	path := filepath.Join(dir, JournalFile)
	appendFile(t, path, `{"seq":`)
	before, _ := os.ReadFile(path)
	if _, _, _, warnings, err := ReadSession(dir); err != nil || len(warnings) != 1 {
		t.Fatalf("ReadSession: %v, warnings %v", err, warnings)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("ReadSession changed the journal")
	}
}

func TestDamagedSessionIsAnErrorNamingTheLine(t *testing.T) {
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string)
		want   string // regexp
	}{
		{"garbage in the middle", replaceLine(3, `{"seq":2,"kind":`), `journal\.jsonl:3: invalid event`},
		{"garbage on the last complete line", replaceLine(-1, `not json`), `journal\.jsonl:\d+: invalid event`},
		{"unknown field", replaceLine(2, `{"seq":1,"kind":"delivered","at":600,"inject":"alert","colour":"red"}`), `journal\.jsonl:2: invalid event: .*unknown field`},
		{"event that does not follow", replaceLine(2, `{"seq":1,"kind":"skipped","at":600,"inject":"alert"}`), `journal\.jsonl:2: .*does not follow`},
		{"missing line", deleteLine(4), `journal\.jsonl:4: event has sequence number 4, want 3`},
		{"empty line", replaceLine(4, ``), `journal\.jsonl:4: invalid event`},
		{"unknown kind", replaceLine(2, `{"seq":1,"kind":"explode","at":600}`), `journal\.jsonl:2: unknown event kind "explode"`},
		{"newer format version", replaceLine(1, `{"format":"ttx-journal","version":2,"scenario":"drill","sha256":"`+strings.Repeat("0", 64)+`","created":"2026-11-28T00:00:00Z","ttx":"x"}`), `journal\.jsonl:1: journal format version 2 is not supported`},
		{"not a journal", replaceLine(1, `{"hello":1}`), `journal\.jsonl:1: invalid header`},
		{"torn header", func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, JournalFile), `{"format":"ttx-jou`) }, `journal\.jsonl:1: the header line is incomplete`},
		{"empty journal", func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, JournalFile), ``) }, `empty journal`},
		{"changed scenario", func(t *testing.T, dir string) { appendFile(t, filepath.Join(dir, ScenarioFile), "# edited\n") }, `scenario copy was changed`},
		{"missing journal", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, JournalFile)) }, `not a session folder \(no journal\.jsonl\)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, _ := playedSession(t)
			tt.damage(t, dir)
			_, _, err := OpenSession(dir)
			if err == nil || !regexp.MustCompile(tt.want).MatchString(err.Error()) {
				t.Fatalf("OpenSession error = %v, want match for %s", err, tt.want)
			}
			_, _, _, _, err = ReadSession(dir)
			if err == nil || !regexp.MustCompile(tt.want).MatchString(err.Error()) {
				t.Fatalf("ReadSession error = %v, want match for %s", err, tt.want)
			}
		})
	}
	if _, _, err := OpenSession(filepath.Join(t.TempDir(), "nope")); err == nil || !strings.Contains(err.Error(), "no such session folder") {
		t.Errorf("missing folder: %v", err)
	}
}

func TestCreateSessionNeedsAnEmptyFolder(t *testing.T) {
	s := loadDrill(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "other.txt"), "x")
	if _, err := CreateSession(dir, s, "test"); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("error = %v", err)
	}
	empty := t.TempDir()
	sess, err := CreateSession(empty, s, "test")
	if err != nil {
		t.Fatal(err)
	}
	sess.Close()
}

func TestSessionIsLockedWhileOpen(t *testing.T) {
	dir, _ := playedSession(t)
	first, _, err := OpenSession(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := OpenSession(dir); err == nil || !strings.Contains(err.Error(), "open in another ttx process") {
		t.Errorf("second OpenSession: %v", err)
	}
	if _, _, _, _, err := ReadSession(dir); err != nil {
		t.Errorf("ReadSession of an open session: %v", err)
	}
	first.Close()
	second, _, err := OpenSession(dir)
	if err != nil {
		t.Fatalf("OpenSession after Close: %v", err)
	}
	second.Close()
}

// failingWriter fails every write, like a full disk.
type failingWriter struct{}

func (failingWriter) write([]Event) error { return errors.New("no space left on device") }

func TestFailedJournalWriteChangesNothing(t *testing.T) {
	s := testScenario(inj("i", 5*minute, nil, "x", "y"), inj("j", 30*minute, nil))
	e := NewEngine(s)
	if _, err := e.Advance(6 * minute); err != nil {
		t.Fatal(err)
	}
	before := e.Events()
	e.journal = failingWriter{}
	calls := []func() error{
		func() error { _, err := e.Record(dec(0, "x")); return err },
		func() error { _, err := e.Record(scenarios.Decision{Phase: scenarios.Containment}); return err },
		func() error { _, err := e.Pause(time.Time{}); return err },
		func() error { _, err := e.End(7 * minute); return err },
		func() error { _, err := e.Advance(60 * minute); return err },
	}
	for i, call := range calls {
		if err := call(); err == nil {
			t.Errorf("call %d succeeded with a failing journal", i)
		}
	}
	if !slices.Equal(e.Events(), before) || e.Paused() || e.Ended() || len(e.OpenDecisionPoints()) != 1 || e.Phase() != scenarios.Detection || e.Now() != 6*minute {
		t.Error("state changed although the journal write failed")
	}
}

var createdRe = regexp.MustCompile(`"created":"[^"]*"`)

func TestHeadlessJournalsAreIdentical(t *testing.T) {
	var journals [2][]byte
	for i := range journals {
		dir, _ := playedSession(t)
		data, err := os.ReadFile(filepath.Join(dir, JournalFile))
		if err != nil {
			t.Fatal(err)
		}
		journals[i] = createdRe.ReplaceAll(data, []byte(`"created":""`))
	}
	if !bytes.Equal(journals[0], journals[1]) {
		t.Errorf("journals differ:\n%s\n---\n%s", journals[0], journals[1])
	}
	if !bytes.Contains(journals[0], []byte(`"text":"Call the insurer <now> & tell legal"`)) {
		t.Errorf("journal text is escaped or missing:\n%s", journals[0])
	}
}

func TestDataDir(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"TTX_DATA_DIR": "/d", "XDG_DATA_HOME": "/x", "HOME": "/h"}, "/d"},
		{map[string]string{"XDG_DATA_HOME": "/x", "HOME": "/h"}, "/x/ttx/sessions"},
		{map[string]string{"XDG_DATA_HOME": "relative", "HOME": "/h"}, "/h/.local/share/ttx/sessions"},
		{map[string]string{"HOME": "/h"}, "/h/.local/share/ttx/sessions"},
		{map[string]string{}, ""},
	}
	for _, tt := range tests {
		got, err := DataDir(func(k string) string { return tt.env[k] })
		if got != filepath.FromSlash(tt.want) || (err != nil) != (tt.want == "") {
			t.Errorf("DataDir(%v) = %q, %v; want %q", tt.env, got, err, tt.want)
		}
	}
}

func TestNewSessionDir(t *testing.T) {
	data := filepath.Join(t.TempDir(), "sessions")
	now := time.Date(2026, 11, 28, 17, 4, 5, 0, time.FixedZone("CET", 3600))
	var got []string
	for range 3 {
		dir, err := NewSessionDir(data, "drill", now)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, filepath.Base(dir))
	}
	want := []string{"drill-20261128T160405Z", "drill-20261128T160405Z-2", "drill-20261128T160405Z-3"}
	if !slices.Equal(got, want) {
		t.Errorf("names = %v, want %v", got, want)
	}
	if !slices.IsSorted(got) {
		t.Error("names do not sort in creation order")
	}
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// editLines returns a damage function that edits the journal's lines.
func editLines(edit func(lines []string) []string) func(t *testing.T, dir string) {
	return func(t *testing.T, dir string) {
		path := filepath.Join(dir, JournalFile)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
		writeFile(t, path, strings.Join(edit(lines), "\n")+"\n")
	}
}

// replaceLine replaces 1-based line n (-1: the last line).
func replaceLine(n int, text string) func(t *testing.T, dir string) {
	return editLines(func(lines []string) []string {
		if n < 0 {
			n = len(lines)
		}
		lines[n-1] = text
		return lines
	})
}

func deleteLine(n int) func(t *testing.T, dir string) {
	return editLines(func(lines []string) []string { return slices.Delete(lines, n-1, n) })
}

// TestSessionReaderSharesScenarios checks that sessions of the same scenario
// read with one reader share its parsed contents, each under its own file
// name, and read exactly as ReadSession reads them.
func TestSessionReaderSharesScenarios(t *testing.T) {
	dir1, _ := playedSession(t)
	dir2, _ := playedSession(t)
	var r SessionReader
	s1, _, ev1, _, err := r.Read(dir1)
	if err != nil {
		t.Fatal(err)
	}
	s2, _, ev2, _, err := r.Read(dir2)
	if err != nil {
		t.Fatal(err)
	}
	if &s1.Actions[0] != &s2.Actions[0] {
		t.Error("the second session's scenario was parsed again")
	}
	if want := filepath.Join(dir2, ScenarioFile); s2.File != want {
		t.Errorf("second scenario's File = %q, want %q", s2.File, want)
	}
	alone, _, evAlone, _, err := ReadSession(dir2)
	if err != nil {
		t.Fatal(err)
	}
	if alone.File != s2.File || alone.SHA256 != s2.SHA256 || len(evAlone) != len(ev2) || len(ev1) != len(ev2) {
		t.Errorf("reader and ReadSession disagree: %q/%q, %d/%d events", alone.File, s2.File, len(evAlone), len(ev2))
	}
	// A changed copy is still caught: the hash is checked before the cache.
	if err := os.WriteFile(filepath.Join(dir2, ScenarioFile), append(slices.Clone(alone.Source), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, _, _, err := r.Read(dir2); err == nil || !strings.Contains(err.Error(), "the scenario copy was changed") {
		t.Errorf("changed copy: err = %v", err)
	}
}
