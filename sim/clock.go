package sim

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
)

// The clock speeds a facilitator may set (× real time). Any value between
// them is allowed exactly as given: nothing is rounded.
const (
	MinSpeed = 0.5
	MaxSpeed = 60
)

// ClockInterval is how often Run moves the engine.
const ClockInterval = 250 * time.Millisecond

// Clock is the one owner of real-time pacing of a session: it turns wall
// time into scenario time (at the journaled speed, stopped while paused)
// and moves the engine. Every view watches the engine (Subscribe) and reads
// the clock; none of them drives it.
//
// When scenario time reaches the exercise's duration the clock holds there
// (TimeUp): the engine is not ended by the clock; the facilitator ends it.
//
// A Clock is safe for concurrent use. Its lock is taken before the
// engine's, never the other way round.
type Clock struct {
	mu  sync.Mutex
	e   *Engine
	now func() time.Time

	running bool
	anchor  time.Time // wall time at which pos was exact, while running
	pos     float64   // scenario seconds at anchor (or now, while paused)
	speed   float64
	err     error // the last failure of Tick, until the next success
	check   func() error
}

// SetCheck makes every move of the clock call check first and stop there
// on its error (the TUI passes Session.Check, so that a deleted session
// folder stops the clock and is said).
func (c *Clock) SetCheck(check func() error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.check = check
}

// NewClock returns the clock of e, reading wall time from now (time.Now
// in use; tests pass a fake). It starts where the engine is: at its time,
// speed and pause state, so a resumed session's clock continues exactly.
func NewClock(e *Engine, now func() time.Time) *Clock {
	c := &Clock{e: e, now: now}
	c.pos = float64(e.Now())
	c.speed = e.Speed()
	c.running = !e.Paused() && !e.Ended()
	c.anchor = now()
	return c
}

// Engine returns the engine the clock drives.
func (c *Clock) Engine() *Engine { return c.e }

// Seconds returns the scenario time now, with the fraction the wall clock
// adds, never past the duration.
func (c *Clock) Seconds() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seconds(c.now())
}

func (c *Clock) seconds(wall time.Time) float64 {
	pos := c.pos
	if c.running {
		pos += wall.Sub(c.anchor).Seconds() * c.speed
	}
	return math.Min(math.Max(pos, 0), float64(c.e.Length()))
}

// Now is Seconds in whole scenario seconds.
func (c *Clock) Now() scenarios.Duration { return scenarios.Duration(c.Seconds()) }

// TimeUp reports whether scenario time has reached the duration (the clock
// holds there until the facilitator ends the exercise).
func (c *Clock) TimeUp() bool { return c.Seconds() >= float64(c.e.Length()) }

// Running reports whether the clock moves (not paused, not ended).
func (c *Clock) Running() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.running
}

// Speed returns the clock's multiplier.
func (c *Clock) Speed() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.speed
}

// Err returns the last failure of Tick (a journal write that failed), or
// nil once a later Tick succeeded.
func (c *Clock) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// Tick moves the engine to the scenario time of now and returns the events
// that produced (injects that fell due).
func (c *Clock) Tick() ([]Event, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tick(c.now())
}

func (c *Clock) tick(wall time.Time) ([]Event, error) {
	if c.e.Ended() {
		c.running = false
		return nil, nil
	}
	t := scenarios.Duration(c.seconds(wall))
	if t <= c.e.Now() {
		return nil, nil
	}
	if c.check != nil {
		if err := c.check(); err != nil {
			c.err = err
			return nil, err
		}
	}
	evs, err := c.e.Advance(t)
	c.err = err
	return evs, err
}

// Pause moves the engine to now, then journals the pause.
func (c *Clock) Pause() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := c.now()
	if _, err := c.tick(wall); err != nil {
		return err
	}
	if _, err := c.e.Pause(wall); err != nil {
		return err
	}
	c.pos, c.running = c.seconds(wall), false
	return nil
}

// Resume journals the resumption and starts the clock from where it was.
func (c *Clock) Resume() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := c.now()
	if _, err := c.e.Resume(wall); err != nil {
		return err
	}
	c.pos = math.Max(c.pos, float64(c.e.Now()))
	c.anchor, c.running = wall, true
	return nil
}

// ErrSpeed is wrapped by SetSpeed's error for a speed out of range.
var ErrSpeed = fmt.Errorf("the speed must be between %g and %g", float64(MinSpeed), float64(MaxSpeed))

// SetSpeed moves the engine to now at the old speed, journals the new one
// and goes on at x, exactly (MinSpeed ≤ x ≤ MaxSpeed).
func (c *Clock) SetSpeed(x float64) error {
	if !(x >= MinSpeed && x <= MaxSpeed) {
		return fmt.Errorf("%w, not %v", ErrSpeed, x)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := c.now()
	if _, err := c.tick(wall); err != nil {
		return err
	}
	if _, err := c.e.SetSpeed(x, wall); err != nil {
		return err
	}
	c.pos, c.anchor, c.speed = c.seconds(wall), wall, x
	return nil
}

// ErrNoNext is returned by Next when no inject is left to deliver before
// the end.
var ErrNoNext = errors.New("no more injects before the end")

// Next moves the clock to the next inject that is delivered (skipped ones
// are passed over, as players never see them) and returns the events.
func (c *Clock) Next() ([]Event, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Event
	for {
		next, ok := c.e.NextDue()
		if !ok || next > c.e.Length() {
			if len(out) > 0 {
				return out, nil
			}
			return nil, ErrNoNext
		}
		evs, err := c.e.Advance(max(next, c.e.Now()))
		if err != nil {
			return out, err
		}
		out = append(out, evs...)
		wall := c.now()
		c.pos, c.anchor = math.Max(c.seconds(wall), float64(next)), wall
		for _, ev := range evs {
			if ev.Kind == KindDelivered {
				return out, nil
			}
		}
	}
}

// SetLength journals a new planned length (Engine.SetLength) and holds the
// clock where it stands: time spent at TIME IS UP before an extension does
// not count, so the clock goes on from the old end, not from where it would
// have been.
func (c *Clock) SetLength(d scenarios.Duration, reason string) (Event, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	wall := c.now()
	pos := c.seconds(wall)
	ev, err := c.e.SetLength(d, reason)
	if err != nil {
		return Event{}, err
	}
	c.pos, c.anchor = math.Min(pos, float64(d)), wall
	return ev, nil
}

// End ends the exercise at the clock's time and stops the clock.
func (c *Clock) End() ([]Event, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	at := scenarios.Duration(c.seconds(c.now()))
	at = max(at, c.e.Now())
	evs, err := c.e.End(at)
	if err != nil {
		return nil, err
	}
	c.pos, c.running = float64(at), false
	return evs, nil
}

// Run ticks the clock every interval until stop is closed. Failures are
// kept for Err (the views show them); the clock goes on trying.
func (c *Clock) Run(stop <-chan struct{}, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			if _, err := c.Tick(); errors.Is(err, ErrEnded) {
				return
			}
		}
	}
}
