package scenarios

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// minimal is the smallest valid scenario; cases append to or edit it.
const minimal = `ttx: 1
id: mini
title: Mini
summary: S.
duration: 1h
roles:
  - id: lead
    name: Lead
actions:
  - id: act
    label: Act
    phase: detection
    expected:
      recommendation: R.
injects:
  - id: start
    at: 0
    title: Start
`

func TestLoadValid(t *testing.T) {
	s, err := Load("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", s.ID, "phish-to-ransom"},
		{"duration", s.Duration, 2 * Hour},
		{"phases", len(s.Phases), 5},
		{"first phase", s.Phases[0], Detection},
		{"late credit", s.Scoring.LateCredit.String(), "0.25"},
		{"weight", s.Actions[0].Expected.Weight.String(), "2"},
		{"default weight", s.Actions[4].Expected.Weight.String(), "1"},
		{"fraction weight", s.Actions[5].Expected.Weight.String(), "0.5"},
		{"within", *s.Actions[0].Expected.Within, 15 * Minute},
		{"critical", s.Actions[1].Expected.Critical, true},
		{"penalty", s.Actions[2].Harmful.Penalty.String(), "2"},
		{"neutral", s.Actions[3].Kind(), "neutral"},
		{"default channel", s.Injects[1].Channel, ChannelOther},
		{"channel", s.Injects[0].Channel, ChannelAlert},
		{"inject pos", s.Injects[1].Pos, Pos{Line: 77, Col: 5}},
		{"choices", len(s.Injects[2].Choices), 2},
		{"condition", s.Injects[2].When.Any[1].Not.Taken, "isolate-hosts"},
		{"test end", *s.Tests[0].End, 90 * Minute},
		{"test decisions", len(s.Tests[0].Decisions), 4},
		{"decision phase", s.Tests[0].Decisions[1].Phase, Containment},
		{"expect score null", s.Tests[0].Expect.Score.Null, true},
		{"expect phase", s.Tests[0].Expect.Phases[Detection].Value, 100.0},
		{"expect status", s.Tests[0].Expect.Statuses["isolate-hosts"], "met"},
		{"file", s.File, "testdata/valid.yaml"},
		{"sha", len(s.SHA256), 64},
		{"index", s.InjectIndex("ransom-note"), 2},
	}
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if a, ok := s.Action("isolate-hosts"); !ok || a.Label != "Isolate affected hosts" {
		t.Errorf("Action lookup = %v, %v", a, ok)
	}
}

func TestParseDefaults(t *testing.T) {
	s, err := Parse("mini.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Phases) != 6 || s.Scoring.LateCredit.String() != "0.5" || s.Actions[0].Expected.Weight.String() != "1" {
		t.Errorf("defaults not filled: phases %v, late credit %s, weight %s", s.Phases, s.Scoring.LateCredit, s.Actions[0].Expected.Weight)
	}
}

// edit replaces old by new in minimal (old must occur) or appends new when
// old is empty.
func edit(t *testing.T, old, new string) string {
	t.Helper()
	if old == "" {
		return minimal + new
	}
	if !strings.Contains(minimal, old) {
		t.Fatalf("minimal scenario has no %q", old)
	}
	return strings.Replace(minimal, old, new, 1)
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []string // "line:col: substring", in order
	}{
		{"unknown top key", "", "titel: x\n", []string{`19:1: unknown key "titel" in the scenario`}},
		{"did you mean", "title: Mini", "titl: Mini", []string{`1:1: scenario: missing required key "title"`, `3:1: unknown key "titl" in the scenario (did you mean "title"?)`}},
		{"version", "ttx: 1", "ttx: 2", []string{"1:6: ttx: this ttx reads format version 1"}},
		{"bad slug", "id: mini", "id: Mini_1", []string{`2:5: id "Mini_1" is not a valid id`}},
		{"duration unit", "duration: 1h", "duration: 60", []string{"5:11: duration: 60 has no unit"}},
		{"negative duration", "duration: 1h", "duration: -1h", []string{"5:11: duration: invalid duration \"-1h\": must not be negative"}},
		{"ms unit", "duration: 1h", "duration: 100ms", []string{"5:11: duration: invalid duration"}},
		{"fraction of second", "duration: 1h", "duration: 1.5s", []string{"whole seconds"}},
		{"at after duration", "at: 0", "at: 2h", []string{`17:9: inject "start": at 2h is after`}},
		{"phase typo", "phase: detection", "phase: detecton", []string{`12:12: action "act": phase "detecton" is not a phase; the phases are preparation, detection, containment, eradication, recovery, post-incident (did you mean "detection"?)`}},
		{"phase not used", "", "phases: [containment]\n", []string{`12:12: action "act": phase "detection" is not one of this scenario's phases (containment)`}},
		{"phases out of order", "", "phases: [containment, detection]\n", []string{`19:23: phase "detection" is out of order`}},
		{"phases twice", "", "phases: [detection, detection]\n", []string{`19:21: phase "detection" is listed twice`}},
		{"missing recommendation", "      recommendation: R.\n", "      weight: 2\n", []string{`14:7: action "act": expected: missing required key "recommendation"`}},
		{"weight zero", "      recommendation: R.\n", "      recommendation: R.\n      weight: 0\n", []string{"15:15: action \"act\": expected.weight must be greater than 0"}},
		{"weight exponent", "      recommendation: R.\n", "      recommendation: R.\n      weight: 1e9\n", []string{"plain decimal"}},
		{"expected and harmful", "      recommendation: R.\n", "      recommendation: R.\n    harmful: {why: W}\n", []string{`15:5: action "act" is both expected and harmful`}},
		{"harmful without why", "    expected:\n      recommendation: R.\n", "    harmful: {penalty: 2}\n", []string{`13:14: action "act": harmful: missing required key "why"`}},
		{"dangling after", "      recommendation: R.\n", "      recommendation: R.\n      after: strat\n", []string{`15:14: action "act": expected.after: unknown inject "strat" (did you mean "start"?)`}},
		{"dangling role", "    phase: detection\n", "    phase: detection\n    role: led\n", []string{`13:11: action "act": role: unknown role "led" (did you mean "lead"?)`}},
		{"duplicate id", "", "  - id: start\n    at: 1m\n    title: Again\n", []string{`19:9: duplicate inject id "start" (first defined at line 16)`}},
		{"one choice", "    title: Start\n", "    title: Start\n    choices: [act]\n", []string{"19:14: inject \"start\": a decision point needs at least 2 choices"}},
		{"condition two keys", "    title: Start\n", "    title: Start\n    when: {taken: act, delivered: start}\n", []string{"19:11: inject \"start\": when: a condition has exactly one of"}},
		{"condition unknown action", "    title: Start\n", "    title: Start\n    when: {not: {taken: nope}}\n", []string{`19:25: inject "start": when: taken: unknown action "nope"`}},
		{"empty all", "    title: Start\n", "    title: Start\n    when: {all: []}\n", []string{"19:17: inject \"start\": when: all needs at least one condition"}},
		{"channel", "    title: Start\n", "    title: Start\n    channel: mail\n", []string{`19:14: inject "start": channel "mail" is not one of`}},
		{"attack pattern", "", "attack: [T15]\n", []string{`19:10: attack "T15" is not a MITRE ATT&CK technique id`}},
		{"late credit", "", "scoring: {late_credit: 1.5}\n", []string{"19:24: scoring.late_credit must be between 0 and 1"}},
		{"wrong type", "title: Mini", "title: [a]", []string{"3:8: title must be a string, not a list"}},
		{"empty title", "title: Mini", "title: \"\"", []string{"3:8: title must not be empty"}},
		{"duplicate key", "", "title: Again\n", []string{`19:1: the scenario: key "title" given twice (first at line 3)`}},
		{"no roles", "roles:\n  - id: lead\n    name: Lead\n", "roles: []\n", []string{"6:8: roles must list at least one role"}},
		{"test decision both", "", "tests:\n  - name: t\n    decisions:\n      - {at: 1m, action: act, text: x}\n", []string{"22:9: a decision has exactly one of action, text, phase (found 2)"}},
		{"test decisions out of order", "", "tests:\n  - name: t\n    decisions:\n      - {at: 2m, action: act}\n      - {at: 1m, text: x}\n", []string{"23:14: decision at 1m comes before the previous one (2m at line 22)"}},
		{"test decision after end", "", "tests:\n  - name: t\n    end: 10m\n    decisions:\n      - {at: 20m, action: act}\n", []string{"23:14: decision at 20m is after the test's end (10m)"}},
		{"test expect", "", "tests:\n  - name: t\n    expect:\n      rating: A\n      statuses: {act: taken}\n      delivered: [nope]\n      phases: {recovery: 120}\n", []string{
			`22:15: test "t": expect.rating "A" must be P, S, M, U or null`,
			`23:23: expect.statuses: "taken" is not a status of the expected action "act"`,
			`24:19: test "t": expect.delivered: unknown inject "nope"`,
			`25:26: test "t": expect.phases.recovery must be between 0 and 100`}},
		{"several at once", "title: Mini\n", "title: 3\ncolour: red\n", []string{"3:8: title must be a string, not a number", `4:1: unknown key "colour"`}},
		{"anchor", "title: Mini", "title: &t Mini", []string{"3:8: YAML anchors (&t) are not supported"}},
		{"alias", "title: Mini\nsummary: S.\n", "title: &t Mini\nsummary: *t\n", []string{"3:8: YAML anchors (&t) are not supported", "4:10: YAML aliases (*t) are not supported"}},
		{"malformed yaml", "title: Mini", "title: [Mini", []string{"invalid YAML"}},
		{"second document", "", "---\nttx: 1\n", []string{"20:1: a scenario file holds one YAML document"}},
		{"not a mapping", "ttx: 1\n", "- ttx: 1\n", []string{"invalid YAML"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(edit(t, tt.old, tt.new)))
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %v is not Problems", err)
			}
			got := ps.Error()
			// Every wanted problem appears, in order, in the output.
			rest := got
			for _, w := range tt.want {
				if m := lineColRe.FindStringIndex(w); m != nil {
					w = w[:m[1]] + "error: " + w[m[1]:]
				}
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("want %q in\n%s", w, got)
				}
				rest = rest[i+len(w):]
			}
			for _, p := range ps {
				if p.Pos.Line < 1 || p.File != "f.yaml" || p.Severity != SeverityError {
					t.Errorf("bad problem %+v", p)
				}
			}
		})
	}
}

var lineColRe = regexp.MustCompile(`^[0-9]+:[0-9]+: `)

func TestParseHostile(t *testing.T) {
	bomb := "ttx: 1\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "f.yaml:1:1: error: empty file"},
		{"comment only", []byte("# nothing\n"), "f.yaml:1:1: error: empty file"},
		{"scalar", []byte("hello"), "f.yaml:1:1: error: the scenario must be a mapping, not a string"},
		{"too large", make([]byte, MaxFileSize+1), "f.yaml: error: file is 4194305 bytes, larger than the 4 MiB limit"},
		{"not utf8", []byte("ttx: 1\ntitle: caf\xe9\n"), "f.yaml:2:11: error: invalid UTF-8 (byte 0xe9)"},
		{"utf16", []byte("\xff\xfet\x00"), "f.yaml:1:1: error: invalid UTF-8"},
		{"control char", []byte("ttx: 1\ntitle: a\x1b[2J\n"), "f.yaml:2:9: error: control character U+001B"},
		{"alias bomb", []byte(bomb), "f.yaml:2:4: error: YAML anchors (&a) are not supported"},
		{"deep flow nesting", []byte(strings.Repeat("[", 20000)), "invalid YAML"},
		{"deep block nesting", []byte(deepBlock(2000)), "error:"},
		{"alias without anchor", []byte("ttx: 1\nsummary: *foo\n"), "f.yaml:2:10: error: YAML aliases (*foo) are not supported"},
		{"unclosed flow list", []byte("ttx: 1\nid: x\ntitle: [Mini\nsummary: s\n"), "f.yaml:3:1: error: invalid YAML near this line: did not find expected ',' or ']'"},
		{"too much structure", []byte("tags: [" + strings.Repeat("a,", maxStructure) + "a]\n"), "f.yaml:1:600005: error: the file has more than 300000 lines and separators"},
		{"nested block sequences", []byte("tags:\n" + strings.Repeat("- - - - - - - - - - - - - - - - - - - - a\n", maxStructure/20)), "more than 300000 lines and separators"},
		{"many unknown keys", []byte(strings.Repeat("k: 1\n", 2000)), "f.yaml:1000:1: error: too many errors; stopped after 1000"},
		{"deep conditions", []byte(edit(t, "    title: Start\n", "    title: Start\n    when: "+strings.Repeat("{not: ", 40)+"{taken: act}"+strings.Repeat("}", 40)+"\n")), "conditions nest more than 32 levels deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", tt.data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func deepBlock(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat(" ", i))
		b.WriteString("a:\n")
	}
	return b.String()
}

func TestLoadFileProblems(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, make([]byte, MaxFileSize+10), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		{dir, dir + ": error: is a directory, not a scenario file"},
		{filepath.Join(dir, "nope.yaml"), "nope.yaml: error: no such file"},
		{big, "big.yaml: error: file is 4194305 bytes, larger than the 4 MiB limit"},
	}
	for _, tt := range tests {
		_, err := Load(tt.path)
		var ps Problems
		if !errors.As(err, &ps) || !strings.Contains(ps.Error(), tt.want) {
			t.Errorf("Load(%s) = %v, want %q", tt.path, err, tt.want)
		}
	}
}

func TestProblemString(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{File: "a.yaml", Pos: Pos{3, 7}, Msg: "bad"}, "a.yaml:3:7: error: bad"},
		{Problem{File: "a.yaml", Pos: Pos{3, 7}, Severity: SeverityWarning, Msg: "meh"}, "a.yaml:3:7: warning: meh"},
		{Problem{File: "a.yaml", Msg: "gone"}, "a.yaml: error: gone"},
		{Problem{File: "a\x1b.yaml", Pos: Pos{1, 1}, Msg: "x\ny"}, "a␛.yaml:1:1: error: x y"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
	ps := Problems{{File: "a", Pos: Pos{5, 1}}, {File: "a", Pos: Pos{2, 9}, Severity: SeverityWarning}, {File: "a", Pos: Pos{2, 3}}}
	ps.Sort()
	if ps[0].Pos != (Pos{2, 3}) || ps[2].Pos != (Pos{5, 1}) {
		t.Errorf("Sort = %v", ps)
	}
}

func TestDocumentMarkers(t *testing.T) {
	tests := []struct {
		name, src string
		wantErr   string // "" for valid
	}{
		{"leading marker", "---\n" + minimal, ""},
		{"directive and marker", "%YAML 1.1\n---\n" + minimal, ""},
		{"comment then marker", "# a scenario\n--- # start\n" + minimal, ""},
		{"end marker", minimal + "...\n", ""},
		{"dashes inside a block scalar", strings.Replace(minimal, "summary: S.", "summary: |\n  a\n  ---\n  b", 1), ""},
		{"second document", minimal + "---\nttx: 1\n", "a scenario file holds one YAML document"},
		{"empty second document", minimal + "---\n", ""},
		{"marker then second", "---\n" + minimal + "--- \nx: 1\n", "a scenario file holds one YAML document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tt.src))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("error %v, want %q", err, tt.wantErr)
			}
		})
	}
}
