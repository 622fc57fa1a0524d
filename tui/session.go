package tui

import (
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// Session is what the TUI needs of one running exercise: the engine, its
// journal and the scorer behind one small surface, so that screens can be
// tested with a fake and the domain packages stay free of the terminal.
// Every method that changes state returns only after the change is durable
// in the session journal; the TUI shows a change only after it returned
// without error.
type Session interface {
	Scenario() *scenarios.Scenario
	// Dir is the session folder (for `ttx resume` and the report paths).
	Dir() string
	// Events returns every event so far, in order (used once, to restore).
	Events() []sim.Event

	Now() scenarios.Duration
	Phase() scenarios.Phase
	// Clock is the session's one real-time clock: it moves the engine on
	// its own; screens read it and ask it to pause, resume, change speed,
	// jump to the next inject and end.
	Clock() *sim.Clock
	// EventsSince returns the events after the first seq (what a screen
	// that has shown seq events lacks).
	EventsSince(seq int) []sim.Event
	// Subscribe wakes a screen on every new event (sim.Engine.Subscribe).
	Subscribe() (<-chan sim.Event, func())
	// NextDue is the due time of the next inject not yet processed.
	NextDue() (scenarios.Duration, bool)
	// OpenDecisionPoints lists the delivered decision-point injects whose
	// choices the team has not answered yet.
	OpenDecisionPoints() []string

	Record(d scenarios.Decision) (sim.Event, error)
	// Note records a note, by role if role is not empty.
	Note(text, role string) (sim.Event, error)
	// NextInject is the next inject to come that is not withheld.
	NextInject() (string, bool)
	// Withhold journals that the facilitator skips an inject to come.
	Withhold(injectID, reason string) (sim.Event, error)
	// Strike journals that the decision or phase event seq counts as
	// never made (sim.Engine.Strike).
	Strike(seq int, reason string) (sim.Event, error)
	// SetCorrectivePlan journals the whole improvement-plan row of an
	// action's gap (sim.Engine.SetCorrectivePlan: dates YYYY-MM-DD, the
	// completion not in the past nor before the start). The last one per
	// action counts, whole.
	SetCorrectivePlan(action string, p sim.Plan) error

	// A facilitated exercise with seats (sim/team.go).
	// NoteAs records a note by role and participant name.
	NoteAs(text, role, by string) (sim.Event, error)
	// Join and Leave journal a participant's seat opening and closing.
	Join(name, role, via string) (sim.Event, error)
	Leave(name, role string) (sim.Event, error)
	// AdHoc journals an inject the facilitator adds during play.
	AdHoc(title, body string, to []string) (sim.Event, error)
	// SetLength extends or shortens the exercise (through the clock, which
	// goes on from where it stands).
	SetLength(d scenarios.Duration, reason string) (sim.Event, error)
	// Evaluate journals an evaluation event: rating, observation, hot
	// wash or feedback (sim.Engine.Evaluate).
	Evaluate(ev sim.Event) (sim.Event, error)

	// Feedback is the coach's one-line comment on a decision event.
	Feedback(decision sim.Event) Feedback
	// Score scores the events so far.
	Score() (Score, error)
	// WriteReports writes the after-action reports into the session folder
	// and returns their paths.
	WriteReports() ([]string, error)
	Close() error
}

// Score is the part of a scoring result the TUI shows. Scores are
// percentages rounded for display; Null marks a score that has no
// applicable expected action.
type Score struct {
	Overall PhaseScore
	Phases  []PhaseScore
	Gaps    []Gap
	// Responses lists response times of actions taken (met or late).
	Responses []Response
	// TimeToDetect and TimeToContain are the scenario times of the first
	// detection and containment actions taken (nil: none).
	TimeToDetect, TimeToContain *scenarios.Duration
	// Objectives is the progress per objective, one line each (coach mode).
	Objectives []string
}

// PhaseScore is a score and its HSEEP rating (P, S, M, U).
type PhaseScore struct {
	Phase  scenarios.Phase // "" for the overall score
	Null   bool
	Value  float64 // unrounded, for bars
	Text   string  // rounded to one decimal, half away from zero
	Rating string
	// Final is the evaluator's final rating of the phase (the ratings
	// screen), "" when the rules' rating stands.
	Final string
}

// Gap is an area for improvement: an expected action missed or late, or a
// harmful action taken.
type Gap struct {
	Action         string // action id
	Label          string
	Phase          scenarios.Phase
	Status         string // "missed", "late" or "taken" (harmful)
	Critical       bool
	Capability     string // the action's, else its objective's: scoring.CapabilityOf
	Recommendation string // the corrective action proposed (for harmful: the why)
	// Plan is the improvement plan's row as the review (or ttx evaluate)
	// set it: the journal's last corrective event for the action, whole;
	// zero when none was set.
	Plan sim.Plan
}

// Response is how long the team took to take an expected action, from its
// anchor, in scenario time.
type Response struct {
	Action   string
	Label    string
	Status   string
	At       scenarios.Duration
	Response scenarios.Duration
}

// Feedback is the coach's comment on one decision; Tone is "good",
// "late", "harmful" or "neutral" and picks the colour of the line.
type Feedback struct {
	Text string
	Tone string
}
