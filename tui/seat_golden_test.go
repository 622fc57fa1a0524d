package tui

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/ttx-sim/ttx/sim"
)

// TestSeatGolden holds the seat's screens at fixed sizes, without
// colours. Refresh them with: go test ./tui -run TestSeatGolden -update
func TestSeatGolden(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {160, 48}} {
		w, h := sz[0], sz[1]
		t.Run(fmt.Sprintf("picker_%dx%d", w, h), func(t *testing.T) {
			d := newSeatDriver(t, newMemSession(t, loadSeats(t)), "comms", "comms", w, h)
			checkSeatView(t, d.view(), w, h)
			golden.RequireEqual(t, []byte(d.view()))
		})
		t.Run(fmt.Sprintf("participant_%dx%d", w, h), func(t *testing.T) {
			sess := newMemSession(t, loadSeats(t))
			d := joined(t, sess, "Sam Ortiz", "soc", w, h)
			deliverAll(t, sess)
			if _, err := sess.Record(scenariosDecision("", "Brief the CEO at 10:00", "comms", "")); err != nil {
				t.Fatal(err)
			}
			d.events()
			d.keys("tab", "tab", "enter")          // triage, from the palette
			d.keys("shift+tab", "shift+tab", "up") // the ransom note
			if err := sess.clk.Pause(); err != nil {
				t.Fatal(err)
			}
			d.events()
			checkSeatView(t, d.view(), w, h)
			golden.RequireEqual(t, []byte(d.view()))
		})
		t.Run(fmt.Sprintf("wall_%dx%d", w, h), func(t *testing.T) {
			sess := newMemSession(t, loadSeats(t))
			d := joined(t, sess, "projector", sim.RoleWall, w, h)
			for range 3 {
				if _, err := sess.clk.Next(); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := sess.Record(scenariosDecision("isolate", "", "soc", "Sam Ortiz")); err != nil {
				t.Fatal(err)
			}
			if _, err := sess.NoteAs("We call the insurer before anything else, as the policy requires it in writing.", "comms", "Kim"); err != nil {
				t.Fatal(err)
			}
			d.events()
			checkSeatView(t, d.view(), w, h)
			golden.RequireEqual(t, []byte(d.view()))
		})
		t.Run(fmt.Sprintf("feedback_%dx%d", w, h), func(t *testing.T) {
			sess := newMemSession(t, loadSeats(t))
			d := joined(t, sess, "Sam Ortiz", "soc", w, h)
			if _, err := sess.clk.End(); err != nil {
				t.Fatal(err)
			}
			d.events()
			d.keys("enter")
			d.typeText("Clear roles on the bridge")
			d.keys("enter", "down", "down", "down", "down", "4")
			checkSeatView(t, d.view(), w, h)
			golden.RequireEqual(t, []byte(d.view()))
		})
	}
}

// TestSeatProgram runs two seats and the wall as real Bubble Tea programs
// on one real session: the clock and the engine's events reach every
// seat by themselves; a decision from one seat reaches the others.
func TestSeatProgram(t *testing.T) {
	s := loadSeats(t)
	ss, err := sim.CreateSession(filepath.Join(t.TempDir(), "session"), s, "test")
	if err != nil {
		t.Fatal(err)
	}
	sess := NewSession(ss)
	defer sess.Close()
	if err := sess.Clock().SetSpeed(sim.MaxSpeed); err != nil {
		t.Fatal(err)
	}
	open := func(name string) *teatest.TestModel {
		m := NewSeat(SeatOptions{Session: sess, Name: name, Role: name, Via: sim.ViaCode, Renderer: asciiRenderer()})
		return teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 36))
	}
	wait := func(tm *teatest.TestModel, text string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
			teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	soc, comms, wall := open("soc"), open("comms"), open("wall")
	for _, tm := range []*teatest.TestModel{soc, comms, wall} {
		wait(tm, "Which role do you play?")
		tm.Send(keyMsg("enter"))
	}
	// At 60× the phishing report (5m) comes in 5 s, to the SOC only.
	wait(soc, "SOC-ONLY phishing report")
	soc.Send(keyMsg("t"))
	soc.Type("xyzzy")
	soc.Send(keyMsg("enter"))
	wait(soc, "recorded ✓")
	wait(comms, "xyzzy")
	wait(wall, "xyzzy")
	comms.Send(keyMsg("q"))
	comms.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	soc.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	soc.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	wall.Send(keyMsg("q"))
	wall.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
	var seen []string
	for _, ev := range sess.Events() {
		switch ev.Kind {
		case sim.KindJoin, sim.KindLeave:
			seen = append(seen, string(ev.Kind)+":"+ev.By)
		case sim.KindDelivered:
			if ev.Inject == "journalist" {
				seen = append(seen, "journalist")
			}
		}
	}
	got := strings.Join(seen, " ")
	for _, w := range []string{"join:soc", "join:comms", "join:wall", "leave:comms", "leave:soc", "leave:wall"} {
		if !strings.Contains(got, w) {
			t.Errorf("journal lacks %s: %s", w, got)
		}
	}
}
