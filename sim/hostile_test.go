package sim

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
)

// withTimeout runs f and fails the test if it takes longer than d: a read
// that blocks on a FIFO must fail the test, not hang it.
func withTimeout(t *testing.T, d time.Duration, what string, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		t.Fatalf("%s did not answer within %v", what, d)
		return nil
	}
}

// TestSessionFilesMustBeRegular replaces each of a session's files by a
// symlink to a device, a symlink to a good copy elsewhere, a FIFO and a
// folder: opening and reading must refuse at once, naming the file, and
// never read from it.
func TestSessionFilesMustBeRegular(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs or /dev here")
	}
	kinds := []struct {
		name string
		make func(t *testing.T, path string)
		want string
	}{
		{"symlink to /dev/zero", symlinkTo("/dev/zero"), "is a symbolic link"},
		{"symlink to /dev/urandom", symlinkTo("/dev/urandom"), "is a symbolic link"},
		{"symlink to a copy", func(t *testing.T, path string) {
			cp := filepath.Join(t.TempDir(), "copy")
			data, _ := os.ReadFile(path)
			writeFile(t, cp, string(data))
			symlinkTo(cp)(t, path)
		}, "is a symbolic link"},
		{"FIFO", func(t *testing.T, path string) {
			os.Remove(path)
			if err := syscall.Mkfifo(path, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "is a FIFO"},
		{"folder", func(t *testing.T, path string) {
			os.Remove(path)
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
		}, "is a folder"},
	}
	for _, file := range []string{JournalFile, ScenarioFile} {
		for _, k := range kinds {
			t.Run(file+"/"+k.name, func(t *testing.T) {
				dir, _ := playedSession(t)
				path := filepath.Join(dir, file)
				k.make(t, path)
				want := regexp.QuoteMeta(path) + ": " + k.want
				err := withTimeout(t, time.Second, "OpenSession", func() error { _, _, err := OpenSession(dir); return err })
				if err == nil || !regexp.MustCompile(want).MatchString(err.Error()) {
					t.Errorf("OpenSession: %v, want %s", err, want)
				}
				err = withTimeout(t, time.Second, "ReadSession", func() error { _, _, _, _, err := ReadSession(dir); return err })
				if err == nil || !regexp.MustCompile(want).MatchString(err.Error()) {
					t.Errorf("ReadSession: %v, want %s", err, want)
				}
			})
		}
	}
}

func symlinkTo(target string) func(t *testing.T, path string) {
	return func(t *testing.T, path string) {
		os.Remove(path)
		if err := os.Symlink(target, path); err != nil {
			t.Fatal(err)
		}
	}
}

// countingReader is a source of one byte that counts what is read: endless
// as far as the reader should care (it stops at 8 MiB, so that a reader that
// reads it all fails the test rather than the machine).
type countingReader struct {
	b byte
	n int64
}

func (r *countingReader) Read(p []byte) (int, error) {
	if r.n >= 8<<20 {
		return 0, io.EOF
	}
	for i := range p {
		p[i] = r.b
	}
	r.n += int64(len(p))
	return len(p), nil
}

// TestJournalLineLimitWhileReading: an over-long line, complete or torn, is
// an error naming its line, found after reading about MaxJournalLine bytes,
// not the whole input.
func TestJournalLineLimitWhileReading(t *testing.T) {
	s := loadDrill(t)
	header := `{"format":"ttx-journal","version":1,"scenario":"drill","sha256":"` + s.SHA256 + `","created":"2026-11-28T15:00:00Z","ttx":"dev"}` + "\n"
	for _, b := range []byte{0, 'x', ' '} {
		src := &countingReader{b: b}
		_, err := ReadJournal("journal.jsonl", io.MultiReader(strings.NewReader(header), src))
		if err == nil || !strings.Contains(err.Error(), "journal.jsonl:2: line too long") {
			t.Errorf("endless line of %q: %v", b, err)
		}
		if src.n > 2*MaxJournalLine {
			t.Errorf("endless line of %q: read %d bytes before refusing", b, src.n)
		}
	}
	long := strings.Repeat("x", MaxJournalLine+1)
	for name, data := range map[string]string{
		"complete line": header + long + "\n",
		"torn tail":     header + long,
	} {
		if _, err := ReadJournal("journal.jsonl", strings.NewReader(data)); err == nil || !strings.Contains(err.Error(), "journal.jsonl:2: line too long") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The longest line allowed, torn, is still an interrupted write.
	j, err := ReadJournal("journal.jsonl", strings.NewReader(header+strings.Repeat("x", MaxJournalLine)))
	if err != nil || len(j.Warnings) != 1 {
		t.Errorf("torn line of the longest length: %v, warnings %v", err, j)
	}
}

// TestMoreDamageIsAnError covers the reader's and loader's other rejection
// paths, each with a session that is otherwise intact.
func TestMoreDamageIsAnError(t *testing.T) {
	editHeader := func(from, to string) func(t *testing.T, dir string) {
		return editLines(func(lines []string) []string {
			if !strings.Contains(lines[0], from) {
				panic("header has no " + from)
			}
			lines[0] = strings.Replace(lines[0], from, to, 1)
			return lines
		})
	}
	editLine := func(n int, f func(string) string) func(t *testing.T, dir string) {
		return editLines(func(lines []string) []string { lines[n-1] = f(lines[n-1]); return lines })
	}
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string)
		want   string
	}{
		{"line over the limit", editLine(3, func(l string) string { return l + strings.Repeat(" ", MaxJournalLine) }), `journal\.jsonl:3: line too long`},
		{"huge torn tail", func(t *testing.T, dir string) {
			appendFile(t, filepath.Join(dir, JournalFile), strings.Repeat("\x00", MaxJournalLine+1))
		}, `journal\.jsonl:\d+: line too long`},
		{"header of another format", editHeader(`"format":"ttx-journal"`, `"format":"other"`), `journal\.jsonl:1: not a ttx journal \(format "other"\)`},
		{"header names no scenario", editHeader(`"scenario":"drill"`, `"scenario":""`), `journal\.jsonl:1: header names no scenario`},
		{"header sha256 too short", editHeader(`"sha256":"`, `"sha256":"0`), `journal\.jsonl:1: header has an invalid sha256`},
		{"header with trailing data", editLine(1, func(l string) string { return l + ` {"x":1}` }), `journal\.jsonl:1: invalid header: unexpected data after the JSON object`},
		{"event with a second object", editLine(2, func(l string) string { return l + l }), `journal\.jsonl:2: invalid event: unexpected data after the JSON object`},
		{"event with trailing garbage", editLine(2, func(l string) string { return l + `garbage` }), `journal\.jsonl:2: invalid event: unexpected data after the JSON object`},
		{"journal of another scenario", editHeader(`"scenario":"drill"`, `"scenario":"other"`), `journal\.jsonl:1: the journal is for scenario "other", scenario\.yaml is "drill"`},
		// encoding/json keeps the last of two equal keys (matched without
		// regard to case): a line that says two things is damage.
		{"event with a key twice", editLine(3, func(l string) string {
			return strings.Replace(l, `"note":"the alert is real"`, `"note":"a","note":"b"`, 1)
		}), `journal\.jsonl:3: invalid event: the key "note" is given twice`},
		{"event with a key twice in another case", editLine(3, func(l string) string { return strings.Replace(l, `"role":"soc"`, `"role":"soc","Role":"lead"`, 1) }), `journal\.jsonl:3: invalid event: the key "Role" is given twice`},
		{"event with a key twice, escaped", editLine(2, func(l string) string {
			return strings.Replace(l, `"inject":"alert"`, `"inject":"alert","inj\u0065ct":"spread"`, 1)
		}), `journal\.jsonl:2: invalid event: the key "inject" is given twice`},
		{"event with the sequence number twice", editLine(2, func(l string) string { return strings.Replace(l, `{"seq":1,`, `{"seq":1,"seq":1,`, 1) }), `journal\.jsonl:2: invalid event: the key "seq" is given twice`},
		{"header with a key twice", editHeader(`"ttx":"test"`, `"ttx":"test","ttx":"other"`), `journal\.jsonl:1: invalid header: the key "ttx" is given twice`},
		// The clock runs only between MinSpeed and MaxSpeed: ttx never
		// journals another speed.
		{"speed too high", insertSpeed("1e308"), `journal\.jsonl:2: invalid speed 1e\+308: the speed must be between 0\.5 and 60`},
		{"speed too low", insertSpeed("1e-300"), `journal\.jsonl:2: invalid speed 1e-300: the speed must be between 0\.5 and 60`},
		{"speed just over the maximum", insertSpeed("60.5"), `journal\.jsonl:2: invalid speed 60\.5`},
		{"speed just under the minimum", insertSpeed("0.49"), `journal\.jsonl:2: invalid speed 0\.49`},
		{"negative speed", insertSpeed("-2"), `journal\.jsonl:2: invalid speed -2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, _ := playedSession(t)
			tt.damage(t, dir)
			before, _ := os.ReadFile(filepath.Join(dir, JournalFile))
			if _, _, err := OpenSession(dir); err == nil || !regexp.MustCompile(tt.want).MatchString(err.Error()) {
				t.Errorf("OpenSession error = %v, want match for %s", err, tt.want)
			}
			if _, _, _, _, err := ReadSession(dir); err == nil || !regexp.MustCompile(tt.want).MatchString(err.Error()) {
				t.Errorf("ReadSession error = %v, want match for %s", err, tt.want)
			}
			if after, _ := os.ReadFile(filepath.Join(dir, JournalFile)); string(after) != string(before) {
				t.Error("a refused journal was changed on disk")
			}
		})
	}
}

// TestReplayRefusesDecisionBeforeInjectAtSameInstant: the engine processes
// the injects due at t before anything else at t, so a journal with a
// decision at t before the inject due at t is not one it wrote.
func TestReplayRefusesDecisionBeforeInjectAtSameInstant(t *testing.T) {
	s := testScenario(inj("i", 5*minute, nil))
	events := []Event{{Seq: 1, Kind: KindDecision, At: 5 * minute, Text: "early", Phase: scenarios.Detection}}
	_, err := Replay(s, events)
	var re *ReplayError
	if !errors.As(err, &re) || re.Seq != 1 || !strings.Contains(err.Error(), `inject "i" due at T+00:05:00 was not processed`) {
		t.Errorf("Replay = %v", err)
	}
	// One second earlier is fine.
	events[0].At = 5*minute - 1
	if _, err := Replay(s, events); err != nil {
		t.Errorf("a decision just before the inject: %v", err)
	}
}

// insertSpeed returns a damage function that puts a speed event with the
// JSON number v first (at 0) and renumbers the events after it.
func insertSpeed(v string) func(t *testing.T, dir string) {
	return editLines(func(lines []string) []string { return withSpeed(lines, v) })
}

func withSpeed(lines []string, v string) []string {
	out := []string{lines[0], `{"seq":1,"kind":"speed","at":0,"speed":` + v + `,"wall":"2026-11-28T15:00:00Z"}`}
	for i, l := range lines[1:] {
		out = append(out, strings.Replace(l, fmt.Sprintf(`{"seq":%d,`, i+1), fmt.Sprintf(`{"seq":%d,`, i+2), 1))
	}
	return out
}

// TestSpeedsInTheClocksRangeReplay: the ends of the range are speeds ttx
// journals, so they read back.
func TestSpeedsInTheClocksRangeReplay(t *testing.T) {
	for _, v := range []string{"0.5", "60", "1.25"} {
		t.Run(v, func(t *testing.T) {
			dir, _ := playedSession(t)
			insertSpeed(v)(t, dir)
			_, _, events, warnings, err := ReadSession(dir)
			if err != nil || len(warnings) != 0 {
				t.Fatalf("ReadSession: %v, warnings %q", err, warnings)
			}
			if events[0].Kind != KindSpeed || fmt.Sprint(events[0].Speed) != v {
				t.Errorf("first event = %+v", events[0])
			}
		})
	}
}

// TestCRLFJournalIsReadWithAWarning: a journal whose lines end in CR LF
// (edited, or checked out on Windows) reads as the LF one did, with one
// warning naming its first such line; reading leaves the file alone, and
// resuming appends LF lines after the CR LF ones.
func TestCRLFJournalIsReadWithAWarning(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(lines []string) []string
		first int // the line the warning names
	}{
		{"every line", func(lines []string) []string {
			for i := range lines {
				lines[i] += "\r"
			}
			return lines
		}, 1},
		{"one line in the middle", func(lines []string) []string { lines[3] += "\r"; return lines }, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, played := playedSession(t)
			path := filepath.Join(dir, JournalFile)
			editLines(tt.edit)(t, dir)
			before, _ := os.ReadFile(path)
			want := fmt.Sprintf("journal.jsonl:%d: the line ends in CR LF, not LF", tt.first)
			_, _, events, warnings, err := ReadSession(dir)
			if err != nil || len(warnings) != 1 || !strings.Contains(warnings[0], want) {
				t.Fatalf("ReadSession: %v, warnings %q, want one with %q", err, warnings, want)
			}
			if !eventsEqual(events, played.Events()) {
				t.Error("events differ from the LF journal's")
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, before) {
				t.Error("ReadSession changed the journal")
			}

			sess, warnings, err := OpenSession(dir)
			if err != nil || len(warnings) != 1 || !strings.Contains(warnings[0], want) {
				t.Fatalf("OpenSession: %v, warnings %q", err, warnings)
			}
			if _, err := sess.Engine.SetCorrective("isolate", "SOC lead", ""); err != nil {
				t.Fatal(err)
			}
			sess.Close()
			after, _ := os.ReadFile(path)
			if !bytes.HasPrefix(after, before) || bytes.Contains(after[len(before):], []byte("\r")) {
				t.Errorf("resuming did not append one LF line after the journal: %q", after[len(before):])
			}
			_, _, events, warnings, err = ReadSession(dir)
			if err != nil || len(warnings) != 1 || events[len(events)-1].Owner != "SOC lead" {
				t.Errorf("after appending: %v, warnings %q", err, warnings)
			}
		})
	}

	// With a torn last line as well: both are said, and resuming cuts
	// only the torn line.
	dir, played := playedSession(t)
	path := filepath.Join(dir, JournalFile)
	editLines(func(lines []string) []string { lines[1] += "\r"; return lines })(t, dir)
	intact, _ := os.ReadFile(path)
	appendFile(t, path, `{"seq":9,"kind":"no`)
	sess, warnings, err := OpenSession(dir)
	if err != nil || len(warnings) != 2 || !strings.Contains(warnings[0], "journal.jsonl:2: the line ends in CR LF") || !strings.Contains(warnings[1], "incomplete last line") {
		t.Fatalf("OpenSession: %v, warnings %q", err, warnings)
	}
	sess.Close()
	if !eventsEqual(sess.Engine.Events(), played.Events()) {
		t.Error("events differ")
	}
	if now, _ := os.ReadFile(path); !bytes.Equal(now, intact) {
		t.Error("the torn line was not cut exactly")
	}
}

func TestDuplicateKey(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{`{"a":1,"b":2}`, ""},
		{`{}`, ""},
		{` { "a" : 1 , "a" : 2 } `, "a"},
		{`{"a":"\"a\":1","b":{"a":1,"a":2},"c":[{"a":1}]}`, ""}, // keys inside values are not top-level
		{`{"a":[1,{"x":"}"}],"a":2}`, "a"},
		{`{"text":"a","TEXT":"b"}`, "TEXT"},
		{`{"te\u0078t":"a","text":"b"}`, "text"},
		{`{"a\\":1,"a":2}`, ""},
		{`{"\u017feq":1,"seq":2}`, "seq"}, // ſ folds to s, as encoding/json matches it
	}
	for _, tt := range tests {
		got, ok := duplicateKey([]byte(tt.in))
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("duplicateKey(%s) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}
