package seats

import (
	"bytes"
	"io"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
	"github.com/ttx-sim/ttx/tui"
)

// TestConsoleTogglesSeatRecording: the facilitator's console, a real
// Bubble Tea program given the server as its SeatsInfo (as `ttx play
// --listen` does), turns recording from the seats off with R: a connected
// seat says so and its decision is refused; R again and the seat records.
func TestConsoleTogglesSeatRecording(t *testing.T) {
	sess := newSession(t)
	ts := startServer(t, sess, nil, withModel(tui.NewSeat))
	app := tui.New(tui.Options{Scenario: sess.Scenario(), MarkdownStyle: "ascii",
		Start: func(*scenarios.Scenario) (tui.Session, error) { return sess, nil },
		Seats: &tui.SeatsInfo{Addr: ts.addr, JoinCode: ts.JoinCode(), Participants: ts.Participants,
			Recording: ts.Recording, SetRecording: ts.SetRecording}})
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(120, 36))
	var out []byte
	seen := 0
	console := func(text string) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; {
			b, err := io.ReadAll(tm.Output())
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, b...)
			if i := bytes.Index(out[seen:], []byte(text)); i >= 0 {
				seen += i + len(text)
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the console did not draw %q in 10 s:\n%s", text, out[seen:])
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	key := func(r rune) { tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}) }
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter}) // briefing → console
	console("Seats are open")

	c := joinWithCode(t, ts, "soc", 120, 40)
	m := realDriver.join(c)

	key('R')
	console("Seats may record: off")
	if ts.Recording() {
		t.Fatal("R left the server recording")
	}
	m = c.must(m, "turned recording from seats off")
	c.send("t")
	m = c.must(m, "NOT recorded: the facilitator has turned recording from seats off")

	key('R')
	console("Seats may record: on")
	m = c.must(m, "turned recording from seats on again")
	c.send("tBack on\r")
	c.must(m, "“Back on”")
	if ds := kinds(sess.Events(), sim.KindDecision); len(ds) != 1 || ds[0].Text != "Back on" || ds[0].By != "soc" {
		t.Fatalf("decisions: %+v", ds)
	}

	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}
