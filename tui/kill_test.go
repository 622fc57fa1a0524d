package tui

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

const killChildEnv = "TTX_TUI_KILL_CHILD"

// TestKillMidExerciseAndResume runs an exercise in a child process through
// the App (keystrokes → console → engine → journal), kills it with SIGKILL
// after a random number of acknowledged decisions, and resumes the session
// the way `ttx resume` does: every decision the console showed must be in
// the resumed console's log.
func TestKillMidExerciseAndResume(t *testing.T) {
	if os.Getenv(killChildEnv) != "" {
		t.Skip("in the child")
	}
	rounds := 6
	if testing.Short() {
		rounds = 2
	}
	for round := range rounds {
		dir := filepath.Join(t.TempDir(), "session")
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$")
		cmd.Env = append(os.Environ(), killChildEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		killAfter := 1 + rand.IntN(40)
		var acked []string
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if text, ok := strings.CutPrefix(sc.Text(), "ack "); ok {
				acked = append(acked, text)
				if len(acked) == killAfter {
					if err := cmd.Process.Kill(); err != nil {
						t.Fatal(err)
					}
					break
				}
			}
		}
		_ = cmd.Wait()
		if len(acked) < killAfter {
			t.Fatalf("round %d: the child stopped after %d acknowledgements", round, len(acked))
		}

		ss, _, err := sim.OpenSession(dir)
		if err != nil {
			t.Fatalf("round %d: reopening after kill: %v", round, err)
		}
		app := New(Options{Resume: NewSession(ss), MarkdownStyle: "ascii"})
		d := newDriver(t, app, 120, 36)
		logText := make(map[string]bool)
		for _, it := range d.app.console.declog.items {
			logText[it.line] = true
		}
		for _, a := range acked {
			if !logText["“"+a+"”"] {
				t.Fatalf("round %d: acknowledged %q lost after kill at ack %d", round, a, killAfter)
			}
		}
		// Nothing invented: the log is exactly the child's decisions 0, 1, …
		// in order (it may hold more than the parent read before the kill
		// landed, never anything else).
		for i, it := range d.app.console.declog.items {
			if want := fmt.Sprintf("“decision %d”", i); it.line != want {
				t.Fatalf("round %d: log line %d is %q, want %q", round, i, it.line, want)
			}
		}
		if !d.app.console.paused {
			t.Fatalf("round %d: a resumed session must open paused", round)
		}
		if err := ss.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestKillChild is the child of TestKillMidExerciseAndResume: it records
// free-text decisions through the console until it is killed, printing
// "ack TEXT" once each shows in the decision log.
func TestKillChild(t *testing.T) {
	dir := os.Getenv(killChildEnv)
	if dir == "" {
		t.Skip("only run as the child of TestKillMidExerciseAndResume")
	}
	app := New(Options{
		Scenario: loadDrill(t),
		Start: func(s *scenarios.Scenario) (Session, error) {
			ss, err := sim.CreateSession(dir, s, "test")
			if err != nil {
				return nil, err
			}
			return NewSession(ss), nil
		},
		MarkdownStyle: "ascii",
	})
	d := newDriver(t, app, 120, 36)
	d.keys("enter")
	for i := 0; i < 100000; i++ {
		if i%7 == 3 {
			d.keys("n", "esc") // move the clock on; leave decision points open
		}
		text := fmt.Sprintf("decision %d", i)
		before := len(app.console.declog.items)
		d.keys("t")
		d.typeText(text)
		d.keys("enter")
		log := app.console.declog.items
		if len(log) != before+1 || log[len(log)-1].line != "“"+text+"”" {
			t.Fatalf("decision %d not shown: %s", i, app.console.status)
		}
		fmt.Printf("ack %s\n", text)
	}
}
