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
		{"weight huge exponent", "      recommendation: R.\n", "      recommendation: R.\n      weight: 1e100\n", []string{`15:15: action "act": expected.weight: write "1e100" as a decimal number`}},
		{"weight hex", "      recommendation: R.\n", "      recommendation: R.\n      weight: 0x10\n", []string{`15:15: action "act": expected.weight: write "0x10" as a decimal number`}},
		{"weight negative", "      recommendation: R.\n", "      recommendation: R.\n      weight: -1\n", []string{"15:15: action \"act\": expected.weight must be greater than 0"}},
		{"weight quoted", "      recommendation: R.\n", "      recommendation: R.\n      weight: \"2\"\n", []string{"15:15: action \"act\": expected.weight must be a number, not a string"}},
		{"critical not a bool", "      recommendation: R.\n", "      recommendation: R.\n      critical: yes\n", []string{"15:17: action \"act\": expected.critical must be true or false, not a string"}},
		{"unknown objective", "      recommendation: R.\n", "      recommendation: R.\n      objective: speed\n", []string{`15:18: action "act": expected.objective: unknown objective "speed"`}},
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
		{"late credit negative", "", "scoring: {late_credit: -0.1}\n", []string{"19:24: scoring.late_credit must be between 0 and 1"}},
		{"phases empty", "", "phases: []\n", []string{"19:9: phases must not be empty"}},
		{"choices empty", "    title: Start\n", "    title: Start\n    choices: []\n", []string{"19:14: inject \"start\": a decision point needs at least 2 choices"}},
		{"choices twice", "    title: Start\n", "    title: Start\n    choices: [act, act]\n", []string{`19:20: inject "start": choice "act" is listed twice`}},
		{"choices unknown", "    title: Start\n", "    title: Start\n    choices: [act, nope]\n", []string{`19:20: inject "start": choices: unknown action "nope"`}},
		{"negative zero", "duration: 1h", "duration: -0s", []string{`5:11: duration: invalid duration "-0s": must not be negative`}},
		{"days", "duration: 1h", "duration: 1d", []string{`5:11: duration: invalid duration "1d"`}},
		{"float zero", "at: 0", "at: 0.0", []string{"17:9: inject \"start\": at: 0.0 has no unit"}},
		{"ninety", "at: 0", "at: 90", []string{"17:9: inject \"start\": at: 90 has no unit"}},
		{"numeric id", "id: mini", "id: 2024", []string{`2:5: id must be a string, not a number: write it in quotes ("2024")`}},
		{"numeric reference", "    title: Start\n", "    title: Start\n    to: [7]\n", []string{`19:10: inject "start": to must be a string, not a number`}},
		{"channel not a string", "    title: Start\n", "    title: Start\n    channel: 1\n", []string{`19:14: inject "start": channel must be a string, not a number`}},
		{"quoted version", "ttx: 1", "ttx: \"1\"", []string{"1:6: ttx must be the number 1 (the format version), not a string"}},
		{"empty version", "ttx: 1", "ttx:", []string{"1:5: ttx must be the number 1 (the format version), not empty (null)"}},
		{"merge key", "    name: Lead\n", "    name: Lead\n    <<: {description: D}\n", []string{"9:5: YAML merge keys (<<) are not supported"}},
		{"float version", "ttx: 1", "ttx: 1.0", []string{`1:6: ttx: this ttx reads format version 1; the file says "1.0"`}},
		{"null title", "title: Mini", "title:", []string{"3:7: title must not be empty"}},
		{"tagged title", "title: Mini", "title: !!binary aGVsbG8=", []string{"3:8: title must be a string, not a value tagged !!binary"}},
		{"custom tag", "    name: Lead\n", "    name: !who Lead\n", []string{`8:11: role "lead": name must be a string, not a value tagged !who`}},
		{"uppercase id", "  - id: act\n", "  - id: Act\n", []string{`10:9: action id "Act" is not a valid id`}},
		{"leading dash id", "  - id: start\n", "  - id: -start\n", []string{`16:9: inject id "-start" is not a valid id`}},
		{"65 character id", "  - id: lead\n", "  - id: " + strings.Repeat("r", 65) + "\n", []string{`7:9: role id "rrrrr`, "is not a valid id"}},
		{"duplicate role", "    name: Lead\n", "    name: Lead\n  - id: lead\n    name: Again\n", []string{`9:9: duplicate role id "lead" (first defined at line 7)`}},
		{"condition empty", "    title: Start\n", "    title: Start\n    when: {}\n", []string{"19:11: inject \"start\": when: a condition has exactly one of taken, not_taken, delivered, all, any, not (found 0)"}},
		{"condition unknown key", "    title: Start\n", "    title: Start\n    when: {tkaen: act}\n", []string{`19:12: unknown key "tkaen" in condition (did you mean "taken"?)`}},
		{"empty any", "    title: Start\n", "    title: Start\n    when: {any: []}\n", []string{"19:17: inject \"start\": when: any needs at least one condition"}},
		{"condition unknown inject", "    title: Start\n", "    title: Start\n    when: {all: [{delivered: nope}]}\n", []string{`19:30: inject "start": when: delivered: unknown inject "nope"`}},
		{"ATT&CK sub-technique digits", "", "attack: [T1566.01, t1566, T15660]\n", []string{`19:10: attack "T1566.01"`, `19:20: attack "t1566"`, `19:27: attack "T15660"`}},
		{"unknown nested key", "    name: Lead\n", "    name: Lead\n    nmae: Lead\n", []string{`9:5: unknown key "nmae" in role (did you mean "name"?)`}},
		{"wrong type", "title: Mini", "title: [a]", []string{"3:8: title must be a string, not a list"}},
		{"empty title", "title: Mini", "title: \"\"", []string{"3:8: title must not be empty"}},
		{"duplicate key", "", "title: Again\n", []string{`19:1: the scenario: key "title" given twice (first at line 3)`}},
		{"no roles", "roles:\n  - id: lead\n    name: Lead\n", "roles: []\n", []string{"6:8: roles must list at least one role"}},
		{"test decision both", "", "tests:\n  - name: t\n    decisions:\n      - {at: 1m, action: act, text: x}\n", []string{"22:9: a decision has exactly one of action, text, phase (found 2)"}},
		{"test decisions out of order", "", "tests:\n  - name: t\n    decisions:\n      - {at: 2m, action: act}\n      - {at: 1m, text: x}\n", []string{"23:14: decision at 1m comes before the previous one (2m at line 22)"}},
		{"test decision none", "", "tests:\n  - name: t\n    decisions:\n      - {at: 1m}\n", []string{"22:9: a decision has exactly one of action, text, phase (found 0)"}},
		{"test decision unknown action", "", "tests:\n  - name: t\n    decisions:\n      - {at: 1m, action: atc}\n", []string{`22:26: decision action: unknown action "atc" (did you mean "act"?)`}},
		{"test decision after duration", "", "tests:\n  - name: t\n    decisions:\n      - {at: 61m, action: act}\n", []string{"22:14: decision at 1h1m is after the scenario's duration (1h)"}},
		{"test end after duration", "", "tests:\n  - name: t\n    end: 2h\n", []string{`21:10: test "t": end 2h is after the scenario's duration (1h)`}},
		{"test expect names", "", "tests:\n  - name: t\n    expect:\n      rating: X\n      phases: {detect: 1}\n      statuses: {nope: met}\n      skipped: [nope]\n", []string{
			`22:15: test "t": expect.rating "X" must be P, S, M, U or null`,
			`23:16: test "t": expect.phases key "detect" is not a phase`,
			`24:18: test "t": expect.statuses: unknown action "nope"`,
			`25:17: test "t": expect.skipped: unknown inject "nope"`}},
		{"test decision after end", "", "tests:\n  - name: t\n    end: 10m\n    decisions:\n      - {at: 20m, action: act}\n", []string{"23:14: decision at 20m is after the test's end (10m)"}},
		{"test expect", "", "tests:\n  - name: t\n    expect:\n      rating: A\n      statuses: {act: taken}\n      delivered: [nope]\n      phases: {recovery: 120}\n", []string{
			`22:15: test "t": expect.rating "A" must be P, S, M, U or null`,
			`23:23: expect.statuses: "taken" is not a status of the expected action "act"`,
			`24:19: test "t": expect.delivered: unknown inject "nope"`,
			`25:26: test "t": expect.phases.recovery must be between 0 and 100`}},
		{"several at once", "title: Mini\n", "title: [3]\ncolour: red\n", []string{"3:8: title must be a string, not a list", `4:1: unknown key "colour"`}},
		{"alias copies the anchored value", "title: Mini\nsummary: S.\n", "title: &t [Mini]\nsummary: *t\n", []string{"3:8: title must be a string, not a list", "4:10: summary must be a string, not a list"}},
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
	bomb := "ttx: 1\na: &a [x, x, x, x, x, x, x, x, x]\n"
	for i, c := range "bcdefg" {
		bomb += fmt.Sprintf("%c: &%c [%s]\n", c, c, strings.Repeat("*"+string("abcdefg"[i])+", ", 8)+"*"+string("abcdefg"[i]))
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "f.yaml:1:1: error: empty file"},
		{"comment only", []byte("# nothing\n"), "f.yaml:1:1: error: empty file"},
		{"scalar", []byte("hello"), "f.yaml:1:1: error: the scenario must be a mapping, not a string"},
		{"too large", make([]byte, MaxFileSize+1), "f.yaml: error: file is 4194305 bytes, larger than the 4 MiB limit"},
		{"crlf error", []byte(strings.ReplaceAll(edit(t, "id: mini", "id: Mini"), "\n", "\r\n")), "f.yaml:2:5: error: id \"Mini\" is not a valid id"},
		{"bom then control character", []byte("\ufeffttx: 1\x07\n"), "f.yaml:1:7: error: control character U+0007"},
		{"bom error", []byte("\ufeff" + edit(t, "ttx: 1", "ttx: 2")), "f.yaml:1:6: error: ttx: this ttx reads format version 1"},
		{"not utf8", []byte("ttx: 1\ntitle: caf\xe9\n"), "f.yaml:2:11: error: invalid UTF-8 (byte 0xe9)"},
		{"utf16", []byte("\xff\xfet\x00"), "f.yaml:1:1: error: invalid UTF-8"},
		{"control char", []byte("ttx: 1\ntitle: a\x1b[2J\n"), "f.yaml:2:9: error: control character U+001B"},
		{"alias bomb", []byte(bomb), "error: YAML aliases in this file expand to more than 100000 values"},
		{"deep flow nesting", []byte(strings.Repeat("[", 20000)), "invalid YAML"},
		{"deep block nesting", []byte(deepBlock(2000)), "error:"},
		{"alias without anchor", []byte("ttx: 1\nsummary: *foo\n"), "f.yaml:2:10: error: YAML alias *foo names no anchor"},
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
	if err := os.WriteFile(big, make([]byte, 5<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, want string }{
		{dir, dir + ": error: is a directory, not a scenario file"},
		{filepath.Join(dir, "nope.yaml"), "nope.yaml: error: no such file"},
		{big, "big.yaml: error: file is 5242880 bytes, larger than the 4 MiB limit"},
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

// TestParseAccepts lists files the spec allows, each with what it must load
// as: the loader may not refuse any of them.
func TestParseAccepts(t *testing.T) {
	const more = "  - id: act2\n    label: Act2\n    phase: detection\ninjects:\n"
	withAct2 := func(src string) string { return strings.Replace(src, "injects:\n", more, 1) }
	tests := []struct {
		name, old, new string
		prep           func(string) string // optional rewrite of the whole file
		got            func(*Scenario) any
		want           any
	}{
		{name: "required keys only", prep: func(string) string {
			return "ttx: 1\nid: m\ntitle: T\nsummary: S\nduration: 0\nroles: [{id: r, name: R}]\nactions: [{id: a, label: A, phase: detection}]\ninjects: [{id: i, at: 0, title: I}]\n"
		}, got: func(s *Scenario) any { return s.Actions[0].Kind() }, want: "neutral"},
		{name: "phases subset", new: "phases: [detection, recovery]\n", got: func(s *Scenario) any { return s.Phases }, want: []Phase{Detection, Recovery}},
		{name: "90m", old: "duration: 1h", new: "duration: 90m", got: func(s *Scenario) any { return s.Duration }, want: 90 * Minute},
		{name: "1h30m", old: "duration: 1h", new: "duration: 1h30m", got: func(s *Scenario) any { return s.Duration }, want: 90 * Minute},
		{name: "45s", old: "duration: 1h", new: "duration: 45s", got: func(s *Scenario) any { return s.Duration }, want: 45 * Second},
		{name: "1.5h", old: "duration: 1h", new: "duration: 1.5h", got: func(s *Scenario) any { return s.Duration }, want: 90 * Minute},
		{name: "integer 0", old: "duration: 1h", new: "duration: 0", got: func(s *Scenario) any { return s.Duration }, want: Duration(0)},
		{name: "integer -0", old: "duration: 1h", new: "duration: -0", got: func(s *Scenario) any { return s.Duration }, want: Duration(0)},
		{name: "string 0", old: "duration: 1h", new: `duration: "0"`, got: func(s *Scenario) any { return s.Duration }, want: Duration(0)},
		{name: "0s", old: "duration: 1h", new: "duration: 0s", got: func(s *Scenario) any { return s.Duration }, want: Duration(0)},
		{name: "2h0m0s", old: "duration: 1h", new: "duration: 2h0m0s", got: func(s *Scenario) any { return s.Duration }, want: 2 * Hour},
		{name: "at equals duration", old: "at: 0", new: "at: 1h", got: func(s *Scenario) any { return s.Injects[0].At }, want: Hour},
		{name: "late credit 0", new: "scoring: {late_credit: 0}\n", got: func(s *Scenario) any { return s.Scoring.LateCredit.String() }, want: "0"},
		{name: "late credit 1", new: "scoring: {late_credit: 1}\n", got: func(s *Scenario) any { return s.Scoring.LateCredit.String() }, want: "1"},
		{name: "late credit 0.25", new: "scoring: {late_credit: 0.25}\n", got: func(s *Scenario) any { return s.Scoring.LateCredit.String() }, want: "0.25"},
		{name: "late credit .5", new: "scoring: {late_credit: .5}\n", got: func(s *Scenario) any { return s.Scoring.LateCredit.String() }, want: "0.5"},
		{name: "late credit exponent", new: "scoring: {late_credit: 25e-2}\n", got: func(s *Scenario) any { return s.Scoring.LateCredit.String() }, want: "0.25"},
		{name: "weight 0.5", old: "      recommendation: R.\n", new: "      recommendation: R.\n      weight: 0.5\n", got: func(s *Scenario) any { return s.Actions[0].Expected.Weight.String() }, want: "0.5"},
		{name: "weight 2", old: "      recommendation: R.\n", new: "      recommendation: R.\n      weight: 2\n", got: func(s *Scenario) any { return s.Actions[0].Expected.Weight.String() }, want: "2"},
		{name: "weight 1e1", old: "      recommendation: R.\n", new: "      recommendation: R.\n      weight: 1e1\n", got: func(s *Scenario) any { return s.Actions[0].Expected.Weight.String() }, want: "10"},
		{name: "critical true", old: "      recommendation: R.\n", new: "      recommendation: R.\n      critical: true\n", got: func(s *Scenario) any { return s.Actions[0].Expected.Critical }, want: true},
		{name: "critical false", old: "      recommendation: R.\n", new: "      recommendation: R.\n      critical: false\n", got: func(s *Scenario) any { return s.Actions[0].Expected.Critical }, want: false},
		{name: "within without after", old: "      recommendation: R.\n", new: "      recommendation: R.\n      within: 10m\n", got: func(s *Scenario) any { return *s.Actions[0].Expected.Within }, want: 10 * Minute},
		{name: "attack ids", new: "attack: [T1566, T1566.001]\n", got: func(s *Scenario) any { return s.Attack }, want: []string{"T1566", "T1566.001"}},
		{name: "every channel", prep: func(src string) string {
			var b strings.Builder
			for _, ch := range AllChannels {
				fmt.Fprintf(&b, "  - {id: in-%s, at: 1m, title: T, channel: %s}\n", ch, ch)
			}
			return src + b.String()
		}, got: func(s *Scenario) any { return len(s.Injects) }, want: 9},
		{name: "taken", prep: withAct2, old: "    title: Start\n", new: "    title: Start\n    when: {taken: act}\n", got: func(s *Scenario) any { return s.Injects[0].When.Taken }, want: "act"},
		{name: "not_taken", prep: withAct2, old: "    title: Start\n", new: "    title: Start\n    when: {not_taken: act}\n", got: func(s *Scenario) any { return s.Injects[0].When.NotTaken }, want: "act"},
		{name: "delivered", prep: withAct2, old: "    title: Start\n", new: "    title: Start\n    when: {delivered: start}\n", got: func(s *Scenario) any { return s.Injects[0].When.Delivered }, want: "start"},
		{name: "all", prep: withAct2, old: "    title: Start\n", new: "    title: Start\n    when: {all: [{taken: act}, {taken: act2}]}\n", got: func(s *Scenario) any { return len(s.Injects[0].When.All) }, want: 2},
		{name: "any", prep: withAct2, old: "    title: Start\n", new: "    title: Start\n    when: {any: [{taken: act}]}\n", got: func(s *Scenario) any { return len(s.Injects[0].When.Any) }, want: 1},
		{name: "nested", prep: withAct2, old: "    title: Start\n", new: "    title: Start\n    when: {all: [{any: [{not: {delivered: start}}, {not_taken: act2}]}]}\n",
			got: func(s *Scenario) any { return s.Injects[0].When.All[0].Any[0].Not.Delivered }, want: "start"},
		{name: "same id in two lists", old: "  - id: start\n", new: "  - id: act\n", got: func(s *Scenario) any { return s.Injects[0].ID }, want: "act"},
		{name: "decision times equal and at the end", new: "tests:\n  - name: t\n    end: 1h\n    decisions:\n      - {at: 1h, action: act}\n      - {at: 1h, text: x}\n",
			got: func(s *Scenario) any { return len(s.Tests[0].Decisions) }, want: 2},
		{name: "ratings", new: "tests:\n  - {name: p, expect: {rating: P}}\n  - {name: s, expect: {rating: S}}\n  - {name: m, expect: {rating: M}}\n  - {name: u, expect: {rating: U}}\n  - {name: n, expect: {rating: null}}\n",
			got: func(s *Scenario) any {
				return s.Tests[3].Expect.Rating.Value + fmt.Sprint(s.Tests[4].Expect.Rating.Null)
			}, want: "Utrue"},
		// Free text accepts any plain scalar, as the text it is written as.
		{name: "title 2024", old: "title: Mini", new: "title: 2024", got: func(s *Scenario) any { return s.Title }, want: "2024"},
		{name: "title 1.50", old: "title: Mini", new: "title: 1.50", got: func(s *Scenario) any { return s.Title }, want: "1.50"},
		{name: "title date", old: "title: Mini", new: "title: 2024-03-01", got: func(s *Scenario) any { return s.Title }, want: "2024-03-01"},
		{name: "name true", old: "    name: Lead\n", new: "    name: true\n", got: func(s *Scenario) any { return s.Roles[0].Name }, want: "true"},
		{name: "from 911", old: "    title: Start\n", new: "    title: Start\n    from: 911\n    questions: [42]\n", got: func(s *Scenario) any { return s.Injects[0].From + s.Injects[0].Questions[0] }, want: "91142"},
		{name: "tags 2024", new: "tags: [2024, cloud]\n", got: func(s *Scenario) any { return s.Tags }, want: []string{"2024", "cloud"}},
		{name: "empty description", old: "    name: Lead\n", new: "    name: Lead\n    description:\n", got: func(s *Scenario) any { return s.Roles[0].Description }, want: ""},
		{name: "numeric decision text", new: "tests:\n  - name: 7\n    decisions:\n      - {at: 1m, text: 42, note: 1.0}\n",
			got: func(s *Scenario) any {
				return s.Tests[0].Name + s.Tests[0].Decisions[0].Text + s.Tests[0].Decisions[0].Note
			}, want: "7421.0"},
		// Encodings and YAML styles.
		{name: "anchor and alias reuse a list", old: "    title: Start\n", new: "    title: Start\n    to: &crew [lead]\n  - {id: next, at: 1m, title: Next, to: *crew}\n",
			got: func(s *Scenario) any { return s.Injects[1].To }, want: []string{"lead"}},
		{name: "byte order mark", prep: func(src string) string { return "\ufeff" + src }, got: func(s *Scenario) any { return s.ID }, want: "mini"},
		{name: "CRLF", old: "summary: S.", new: "summary: |\n  a\n  b", prep: func(src string) string { return strings.ReplaceAll(src, "\n", "\r\n") },
			got: func(s *Scenario) any { return s.Summary }, want: "a\nb\n"},
		{name: "comments", old: "title: Mini", new: "# the title\ntitle: Mini # inline", got: func(s *Scenario) any { return s.Title }, want: "Mini"},
		{name: "flow style", prep: func(string) string {
			return `{ttx: 1, id: m, title: T, summary: S, duration: 1h, roles: [{id: r, name: R}], actions: [{id: a, label: A, phase: detection, expected: {recommendation: R}}], injects: [{id: i, at: 0, title: I}]}`
		}, got: func(s *Scenario) any { return s.Actions[0].Expected.Recommendation }, want: "R"},
		{name: "block scalars", old: "    title: Start\n", new: "    title: Start\n    body: >\n      Folded\n      text.\n    facilitator_notes: |-\n      Kept\n      lines\n",
			got: func(s *Scenario) any { return s.Injects[0].Body + s.Injects[0].FacilitatorNotes }, want: "Folded text.\nKept\nlines"},
		{name: "unicode", old: "title: Mini", new: "title: Übung – 演習 🚨", got: func(s *Scenario) any { return s.Title }, want: "Übung – 演習 🚨"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := minimal
			if tt.prep != nil {
				src = tt.prep(src)
			}
			if tt.old != "" || tt.new != "" {
				if tt.old == "" {
					src += tt.new
				} else {
					if !strings.Contains(src, tt.old) {
						t.Fatalf("no %q in the file", tt.old)
					}
					src = strings.Replace(src, tt.old, tt.new, 1)
				}
			}
			s, err := Parse("f.yaml", []byte(src))
			if err != nil {
				t.Fatalf("rejected:\n%v\n%s", err, src)
			}
			if got := tt.got(s); fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
