package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

func TestSessionsCommand(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	env := map[string]string{"TTX_DATA_DIR": data}
	if code, out, errs := runMain(t, env, "sessions"); code != 0 || !strings.Contains(out, "No sessions") {
		t.Fatalf("empty: exit %d, %q %q", code, out, errs)
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
	ended := create("a-ended")
	if err := sim.PlayInto(ended.Engine, []scenarios.Decision{{At: scenarios.Minute, Action: "triage"}}, nil); err != nil {
		t.Fatal(err)
	}
	ended.Close()
	interrupted := create("b-interrupted")
	if _, err := interrupted.Engine.Record(scenarios.Decision{At: 2 * scenarios.Minute, Action: "triage"}); err != nil {
		t.Fatal(err)
	}
	interrupted.Close()
	running := create("c-running") // left open: its journal is locked
	defer running.Close()
	os.MkdirAll(filepath.Join(data, "not-a-session"), 0o755)

	code, out, errs := runMain(t, env, "sessions", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Version  int
		Sessions []struct {
			Folder, Scenario, State string
			Started                 *string
			Score                   *float64
			Rating                  *string
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Version != 1 || len(got.Sessions) != 3 {
		t.Fatalf("version %d, %d sessions: %s", got.Version, len(got.Sessions), out)
	}
	want := map[string]string{"a-ended": "ended", "b-interrupted": "interrupted", "c-running": "running"}
	for _, r := range got.Sessions {
		if want[r.Folder] != r.State || r.Scenario != "scored" || r.Started == nil {
			t.Errorf("session %+v, want state %s", r, want[r.Folder])
		}
	}
	if r := got.Sessions[0]; r.Folder != "a-ended" || r.Score == nil || *r.Score != 50 || *r.Rating != "M" {
		t.Errorf("first session %+v, want a-ended scored 50.0 M", r)
	}
	if !strings.Contains(out, `"score": 50.0`) {
		t.Errorf("score not written with one decimal:\n%s", out)
	}

	code, out, _ = runMain(t, env, "sessions")
	if code != 0 || !strings.Contains(out, "FOLDER") || !strings.Contains(out, "b-interrupted  scored") || !strings.Contains(out, "(provisional)") {
		t.Errorf("table: exit %d\n%s", code, out)
	}
	if code, _, _ := runMain(t, env, "sessions", "extra"); code != 2 {
		t.Errorf("extra argument: exit %d, want 2", code)
	}
}
