package sim

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
)

// fakeWall is a wall clock a test moves by hand.
type fakeWall struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeWall() *fakeWall {
	return &fakeWall{t: time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)}
}

func (f *fakeWall) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeWall) add(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}

func TestClockTurnsWallTimeIntoScenarioTime(t *testing.T) {
	s := testScenario(inj("i5", 5*minute, nil), inj("i30", 30*minute, nil))
	e := NewEngine(s)
	w := newFakeWall()
	c := NewClock(e, w.now)

	w.add(90 * time.Second)
	if _, err := c.Tick(); err != nil {
		t.Fatal(err)
	}
	if e.Now() != 90 || c.Now() != 90 {
		t.Fatalf("engine %d, clock %d, want 90", e.Now(), c.Now())
	}

	// No silent rounding: 1.5× is 1.5×, 7× is 7×, 0.5× is 0.5×.
	for _, tc := range []struct {
		speed float64
		wall  time.Duration
		want  scenarios.Duration
	}{
		{1.5, 20 * time.Second, 30},
		{7, 10 * time.Second, 70},
		{0.5, 10 * time.Second, 5},
		{60, 2 * time.Second, 120},
	} {
		before := e.Now()
		if err := c.SetSpeed(tc.speed); err != nil {
			t.Fatal(err)
		}
		if e.Speed() != tc.speed || c.Speed() != tc.speed {
			t.Fatalf("speed %v: engine %v clock %v", tc.speed, e.Speed(), c.Speed())
		}
		w.add(tc.wall)
		if _, err := c.Tick(); err != nil {
			t.Fatal(err)
		}
		if got := e.Now() - before; got != tc.want {
			t.Fatalf("at %v× for %v the clock moved %d s, want %d", tc.speed, tc.wall, got, tc.want)
		}
	}
	if got := e.Delivered(); len(got) != 1 || got[0] != "i5" {
		t.Fatalf("delivered %v, want [i5]", got)
	}

	for _, bad := range []float64{0, 0.49, 60.5, -1} {
		if err := c.SetSpeed(bad); !errors.Is(err, ErrSpeed) {
			t.Fatalf("speed %v: err = %v, want ErrSpeed", bad, err)
		}
	}

	// Paused, wall time passes and scenario time does not.
	if err := c.SetSpeed(1); err != nil {
		t.Fatal(err)
	}
	at := e.Now()
	if err := c.Pause(); err != nil {
		t.Fatal(err)
	}
	w.add(time.Hour)
	if _, err := c.Tick(); err != nil {
		t.Fatal(err)
	}
	if e.Now() != at || c.Now() != at || c.Running() {
		t.Fatalf("paused clock moved: engine %d clock %d (was %d)", e.Now(), c.Now(), at)
	}
	if err := c.Resume(); err != nil {
		t.Fatal(err)
	}
	w.add(10 * time.Second)
	if c.Now() != at+10 {
		t.Fatalf("resumed clock at %d, want %d", c.Now(), at+10)
	}
}

func TestClockHoldsAtTheEndUntilTheFacilitatorEnds(t *testing.T) {
	e := NewEngine(testScenario())
	w := newFakeWall()
	c := NewClock(e, w.now)
	w.add(3 * time.Hour)
	if _, err := c.Tick(); err != nil {
		t.Fatal(err)
	}
	if !c.TimeUp() || e.Now() != e.s.Duration || e.Ended() {
		t.Fatalf("time up %v, now %d, ended %v", c.TimeUp(), e.Now(), e.Ended())
	}
	// Recording is still allowed at the end, stamped with the duration.
	ev, err := e.Record(scenarios.Decision{Text: "late call"})
	if err != nil || ev.At != e.s.Duration {
		t.Fatalf("record after time up: %v at %d", err, ev.At)
	}
	if _, err := c.End(); err != nil {
		t.Fatal(err)
	}
	if !e.Ended() || c.Running() {
		t.Fatal("End did not end and stop")
	}
	if _, err := c.Tick(); err != nil {
		t.Fatalf("tick after the end: %v", err)
	}
}

func TestClockNextSkipsToTheNextDeliveredInject(t *testing.T) {
	s := testScenario(
		inj("i5", 5*minute, nil),
		inj("skip", 10*minute, &scenarios.Condition{Taken: "a"}),
		inj("i20", 20*minute, nil),
	)
	e := NewEngine(s)
	w := newFakeWall()
	c := NewClock(e, w.now)
	for _, want := range []string{"i5", "i20"} {
		if _, err := c.Next(); err != nil {
			t.Fatal(err)
		}
		got := e.Delivered()
		if got[len(got)-1] != want {
			t.Fatalf("delivered %v, want last %s", got, want)
		}
	}
	if e.Now() != 20*minute || c.Now() != 20*minute {
		t.Fatalf("engine %d clock %d, want 1200", e.Now(), c.Now())
	}
	w.add(5 * time.Second)
	if c.Now() != 20*minute+5 {
		t.Fatalf("the clock does not run on from the inject: %d", c.Now())
	}
	if _, err := c.Next(); !errors.Is(err, ErrNoNext) {
		t.Fatalf("err = %v, want ErrNoNext", err)
	}
}

func TestClockStartsWhereTheEngineIs(t *testing.T) {
	e := NewEngine(testScenario())
	if _, err := e.Advance(10 * minute); err != nil {
		t.Fatal(err)
	}
	if _, err := e.SetSpeed(2.5, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Pause(time.Time{}); err != nil {
		t.Fatal(err)
	}
	w := newFakeWall()
	c := NewClock(e, w.now)
	w.add(time.Minute)
	if c.Now() != 10*minute || c.Running() || c.Speed() != 2.5 {
		t.Fatalf("clock %d running %v speed %v", c.Now(), c.Running(), c.Speed())
	}
	if err := c.Resume(); err != nil {
		t.Fatal(err)
	}
	w.add(4 * time.Second)
	if c.Now() != 10*minute+10 {
		t.Fatalf("clock %d, want 610", c.Now())
	}
}

func TestClockRunDrivesTheEngineForEverySubscriber(t *testing.T) {
	s := testScenario(inj("now", 1, nil))
	e := NewEngine(s)
	a, cancelA := e.Subscribe()
	defer cancelA()
	b, cancelB := e.Subscribe()
	defer cancelB()
	c := NewClock(e, time.Now)
	if err := c.SetSpeed(MaxSpeed); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() { c.Run(stop, time.Millisecond); close(done) }()
	for _, ch := range []<-chan Event{a, b} {
		for {
			ev := <-ch
			if ev.Kind == KindDelivered {
				break
			}
		}
	}
	close(stop)
	<-done
}

func TestEventsSince(t *testing.T) {
	e := NewEngine(testScenario(inj("i1", 1, nil), inj("i2", 2, nil)))
	if _, err := e.Advance(2); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ seq, want int }{{-1, 2}, {0, 2}, {1, 1}, {2, 0}, {9, 0}} {
		got := e.EventsSince(tc.seq)
		if len(got) != tc.want || (len(got) > 0 && got[len(got)-1].Seq != 2) {
			t.Fatalf("EventsSince(%d) = %v", tc.seq, got)
		}
	}
}
