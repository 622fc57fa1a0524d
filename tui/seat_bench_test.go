package tui

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// BenchmarkSeatFanOut50 is the seats' share of an inject's way to fifty
// screens, in one process without SSH: an ad-hoc inject is committed, and
// each of 50 seats (two roles and the wall) takes the event and draws its
// view. It reports the p99 of one seat's sync and draw, and of the whole
// round for all fifty one after the other.
func BenchmarkSeatFanOut50(b *testing.B) {
	sess := newMemSession(b, loadSeats(b))
	seats := make([]*seatDriver, 50)
	for i := range seats {
		role := []string{"soc", "comms", sim.RoleWall}[i%3]
		seats[i] = joined(b, sess, fmt.Sprintf("p%02d", i), role, 120, 36)
	}
	var perSeat, rounds []time.Duration
	n := 0
	for b.Loop() {
		n++
		if _, err := sess.AdHoc(fmt.Sprintf("ad hoc %d", n), strings.Repeat("A line of the inject's body. ", 40), nil); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		for _, d := range seats {
			t0 := time.Now()
			d.seat.Update(eventsMsg{})
			_ = d.seat.View()
			perSeat = append(perSeat, time.Since(t0))
		}
		rounds = append(rounds, time.Since(start))
	}
	b.ReportMetric(p99ms(perSeat), "ms-p99-seat")
	b.ReportMetric(p99ms(rounds), "ms-p99-all-50")
}

// p99ms is the 99th percentile of ts, in milliseconds.
func p99ms(ts []time.Duration) float64 {
	slices.Sort(ts)
	return float64(ts[len(ts)*99/100]) / float64(time.Millisecond)
}

// BenchmarkSeatRecord is a participant's keypress to its acknowledgement
// on their screen: enter in the palette records (in memory here: the
// journal's fsync is the sim benchmarks'), the seat syncs and draws.
func BenchmarkSeatRecord(b *testing.B) {
	sess := newMemSession(b, loadSeats(b))
	d := joined(b, sess, "sam", "soc", 120, 36)
	d.keys("tab", "tab")
	var times []time.Duration
	for b.Loop() {
		t0 := time.Now()
		d.seat.Update(keyMsg("enter"))
		v := d.seat.View()
		times = append(times, time.Since(t0))
		if !strings.Contains(v, "recorded ✓") {
			b.Fatal("no acknowledgement")
		}
	}
	b.ReportMetric(p99ms(times), "ms-p99")
}

// BenchmarkSeatHugeWindow draws a seat and the wall in a 10,000×1,000
// window after a resize: bounded by the drawn maximum, not the window.
func BenchmarkSeatHugeWindow(b *testing.B) {
	for _, role := range []string{"soc", sim.RoleWall} {
		b.Run(role, func(b *testing.B) {
			sess := newMemSession(b, loadSeats(b))
			d := joined(b, sess, "sam", role, 120, 36)
			deliverAll(b, sess)
			d.events()
			w := 9990
			for b.Loop() {
				w = 20010 - w // two widths, so every resize lays out again
				d.send(tea.WindowSizeMsg{Width: w % 10001, Height: 1000})
				_ = d.seat.View()
			}
		})
	}
}

// BenchmarkSeatMemory5000 is what fifty seats hold after a long session:
// 5,000 decisions (DESIGN.md's large case; one in ten a catalogue
// action, the others free text, each with its role and participant, as
// from a seat), every seat syncing and drawing after each hundred. It
// reports the heap the seats retain, per seat (the heap in use with the
// seats, less the heap after they left: the shared session's events are
// not counted), and fails above seatMemBudget.
func BenchmarkSeatMemory5000(b *testing.B) {
	const seatsN, decisions = 50, 5000
	var perSeat float64
	for b.Loop() {
		sess := newMemSession(b, loadSeats(b))
		seats := make([]*seatDriver, seatsN)
		for i := range seats {
			role := []string{"soc", "comms", sim.RoleWall}[i%3]
			seats[i] = joined(b, sess, fmt.Sprintf("p%02d", i), role, 120, 40)
		}
		for n := 1; n <= decisions; n++ {
			d := scenarios.Decision{Text: fmt.Sprintf("Decision %d: isolate the host and tell legal", n), Role: "soc", By: fmt.Sprintf("p%02d", n%seatsN)}
			if n%10 == 0 {
				d = scenarios.Decision{Action: "triage", Role: "soc", By: d.By}
			}
			if _, err := sess.Record(d); err != nil {
				b.Fatal(err)
			}
			if n%100 == 0 {
				for _, d := range seats {
					d.seat.Update(eventsMsg{})
					_ = d.seat.View()
				}
			}
		}
		with := heapInUse()
		for _, d := range seats {
			d.seat.Leave()
		}
		runtime.KeepAlive(seats)
		seats = nil
		perSeat = (with - heapInUse()) / seatsN
		runtime.KeepAlive(sess)
	}
	b.ReportMetric(perSeat/(1<<10), "heap-KiB/seat")
	b.ReportMetric(0, "ns/op")
	if perSeat > seatMemBudget {
		b.Errorf("a seat retains %.0f KiB after %d decisions, more than the budget of %d KiB", perSeat/(1<<10), decisions, seatMemBudget>>10)
	}
}

// seatMemBudget is the most heap one seat may retain after 5,000
// decisions: 50 of them stay well within the seat server's 150 MB.
const seatMemBudget = 768 << 10

// heapInUse is the live heap after a collection, in bytes.
func heapInUse() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc)
}
