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
	s *sim.Session
	e *sim.Engine
}

// NewSession wraps an open sim.Session for the TUI. Interactive events get
// wall times, for the record.
func NewSession(s *sim.Session) Session {
	s.Engine.SetWallClock(time.Now)
	return &engineSession{s: s, e: s.Engine}
}

func (x *engineSession) Scenario() *scenarios.Scenario { return x.s.Scenario }
func (x *engineSession) Dir() string                   { return x.s.Dir }
func (x *engineSession) Events() []sim.Event           { return x.e.Events() }
func (x *engineSession) Now() scenarios.Duration       { return x.e.Now() }
func (x *engineSession) Phase() scenarios.Phase        { return x.e.Phase() }

// Check is sim's Session.Check: nil while the journal can be written.
func (x *engineSession) Check() error { return x.s.Check() }

// Advance checks first that the journal is still the session's (sim's
// Session.Check), so that a deleted session folder stops the clock and is
// said on the next tick.
func (x *engineSession) Advance(to scenarios.Duration) ([]sim.Event, error) {
	if err := x.s.Check(); err != nil {
		return nil, err
	}
	return x.e.Advance(to)
}

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
func (x *engineSession) Note(text string) (sim.Event, error)            { return x.e.Note(text, "") }

func (x *engineSession) Pause() error {
	_, err := x.e.Pause(time.Now())
	return err
}

func (x *engineSession) Resume() error {
	_, err := x.e.Resume(time.Now())
	return err
}

func (x *engineSession) SetSpeed(speed float64) error {
	_, err := x.e.SetSpeed(speed, time.Now())
	return err
}

func (x *engineSession) End(at scenarios.Duration) ([]sim.Event, error) { return x.e.End(at) }

func (x *engineSession) SetCorrective(action, owner, due string) error {
	_, err := x.e.SetCorrective(action, owner, due)
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

func (x *engineSession) Close() error { return x.s.Close() }
