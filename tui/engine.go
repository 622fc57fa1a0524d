package tui

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
	"github.com/ttx-sim/ttx/sim"
)

// The report files the results screen writes into the session folder.
const (
	ReportMarkdown = "report.md"
	ReportHTML     = "report.html"
)

// engineSession is the Session of a real exercise: a sim.Session (engine
// and journal) and the scorer.
type engineSession struct {
	s     *sim.Session
	e     *sim.Engine
	clock *sim.Clock
	stop  chan struct{}
	done  chan struct{}
}

// NewSession wraps an open sim.Session for the TUI and starts its clock
// (sim.Clock.Run, until Close). Interactive events get wall times, for the
// record.
func NewSession(s *sim.Session) Session {
	s.Engine.SetWallClock(time.Now)
	x := &engineSession{s: s, e: s.Engine, clock: sim.NewClock(s.Engine, time.Now),
		stop: make(chan struct{}), done: make(chan struct{})}
	x.clock.SetCheck(s.Check)
	if len(s.Engine.Events()) > 0 && !s.Engine.Paused() && !s.Engine.Ended() {
		// A resumed exercise starts paused: the team gathers again first.
		// (The process that wrote the journal stopped without pausing.)
		_ = x.clock.Pause()
	}
	go func() {
		defer close(x.done)
		x.clock.Run(x.stop, sim.ClockInterval)
	}()
	return x
}

func (x *engineSession) Scenario() *scenarios.Scenario { return x.s.Scenario }
func (x *engineSession) Dir() string                   { return x.s.Dir }
func (x *engineSession) Events() []sim.Event           { return x.e.Events() }
func (x *engineSession) Now() scenarios.Duration       { return x.e.Now() }
func (x *engineSession) Phase() scenarios.Phase        { return x.e.Phase() }

// Check is sim's Session.Check: nil while the journal can be written.
func (x *engineSession) Check() error { return x.s.Check() }

func (x *engineSession) Clock() *sim.Clock                     { return x.clock }
func (x *engineSession) EventsSince(seq int) []sim.Event       { return x.e.EventsSince(seq) }
func (x *engineSession) Subscribe() (<-chan sim.Event, func()) { return x.e.Subscribe() }

func (x *engineSession) NextDue() (scenarios.Duration, bool) { return x.e.NextDue() }

func (x *engineSession) OpenDecisionPoints() []string {
	open := x.e.OpenDecisionPoints()
	ids := make([]string, len(open))
	for i, in := range open {
		ids[i] = in.ID
	}
	return ids
}

func (x *engineSession) Record(d scenarios.Decision) (sim.Event, error) { return x.e.Record(d) }
func (x *engineSession) NextInject() (string, bool)                     { return x.e.NextInject() }
func (x *engineSession) Withhold(id, reason string) (sim.Event, error) {
	return x.e.Withhold(id, reason)
}
func (x *engineSession) Strike(seq int, reason string) (sim.Event, error) {
	return x.e.Strike(seq, reason)
}
func (x *engineSession) Note(text, role string) (sim.Event, error) { return x.e.Note(text, role) }

func (x *engineSession) SetCorrectivePlan(action string, p sim.Plan) error {
	_, err := x.e.SetCorrectivePlan(action, p)
	return err
}

func (x *engineSession) Feedback(decision sim.Event) Feedback {
	return feedbackOf(x.s.Scenario, x.e.Events(), decision)
}

func (x *engineSession) Score() (Score, error) {
	return scoreOf(x.s.Scenario, x.e.Events()), nil
}

// WriteReports writes the after-action report as Markdown and HTML into the
// session folder. Each file is written whole to a temporary name and then
// renamed, so a crash never leaves half a report.
func (x *engineSession) WriteReports() ([]string, error) {
	rep := scoring.BuildReport(&scoring.Session{
		Dir:      x.s.Dir,
		Scenario: x.s.Scenario,
		Created:  x.s.Header.Created,
		Version:  x.s.Header.TTX,
		Practice: x.s.Header.Practice,
		Events:   x.e.Events(),
		// The header's setting; BuildReport applies the review's changes.
		Org: x.s.Header.Org, Location: x.s.Header.Location, Facilitator: x.s.Header.Facilitator,
	})
	var paths []string
	for _, f := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{ReportMarkdown, rep.WriteMarkdown},
		{ReportHTML, rep.WriteHTML},
	} {
		path := filepath.Join(x.s.Dir, f.name)
		if err := scoring.WriteFile(path, f.write); err != nil {
			return paths, fmt.Errorf("writing %s: %w", path, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// Close stops the clock and closes the session (journal and lock).
func (x *engineSession) Close() error {
	select {
	case <-x.stop:
	default:
		close(x.stop)
	}
	<-x.done
	return x.s.Close()
}
