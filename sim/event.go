// Package sim is the ttx engine: the scenario clock, inject scheduling and
// conditions, decisions and phases, the crash-safe session journal, replay
// and headless runs. It never reads the wall clock to decide anything:
// scenario time is always passed in, so the same inputs give the same result.
package sim

import (
	"time"

	"github.com/ttx-sim/ttx/scenarios"
)

// Kind names what an Event records. The values are written to journals and
// are part of the journal format (docs/journal-format.md): never rename one.
type Kind string

// The event kinds.
const (
	KindDelivered  Kind = "delivered"  // an inject fell due and its condition held
	KindSkipped    Kind = "skipped"    // an inject fell due and its condition was false
	KindDecision   Kind = "decision"   // the team took a catalogue action or wrote a free-text decision
	KindPhase      Kind = "phase"      // the team moved the exercise to another phase
	KindNote       Kind = "note"       // a facilitator or player note, not a decision
	KindPause      Kind = "pause"      // the clock was paused (wall time in Wall)
	KindResume     Kind = "resume"     // the clock was resumed
	KindSpeed      Kind = "speed"      // the clock speed changed (Speed)
	KindCorrective Kind = "corrective" // an owner and due date for a corrective action (review screen)
	KindEnd        Kind = "end"        // the exercise ended at At
	KindWithhold   Kind = "withhold"   // the facilitator skips an inject not processed yet (Inject), Text the reason: it is skipped when due
	KindStrike     Kind = "strike"     // a correction: the decision or phase event Ref counts as never made; Text the reason
	KindAdHoc      Kind = "adhoc"      // the facilitator added an inject during play: Title, Text the body, To the recipients
	KindLength     Kind = "length"     // the facilitator extended or shortened the exercise: Length the new planned length, Text the reason

	// A facilitated exercise with seats (docs/journal-format.md).
	KindJoin  Kind = "join"  // a participant joined from a seat: By the name, Role a role id or "wall", Text "key" or "code"
	KindLeave Kind = "leave" // a participant's seat closed: By, Role

	// The evaluation (docs/journal-format.md): allowed during play and
	// after the end, never scored, shown in the after-action report.
	KindRating      Kind = "rating"      // the evaluator's final P/S/M/U for an objective (Objective) or a phase (Phase), Note the rationale
	KindObservation Kind = "observation" // an evaluator's observation: Type strength or improvement, Text, linked to Inject or Objective, Cause the root cause
	KindHotWash     Kind = "hotwash"     // what the team said in the hot wash about an objective: Type strength or improvement, Text
	KindFeedback    Kind = "feedback"    // one answer of a participant feedback form: Item, Text (Part I) or Score 1-5 (Part II); By empty: anonymous

	// KindSetting changes the exercise's details (Org, Location,
	// Facilitator) that the journal header recorded: the last one counts,
	// whole. Allowed during play and after the end, never scored.
	KindSetting Kind = "setting"
)

// Event is one state change of a session, in the order it happened. A
// session is exactly its ordered list of events; the journal stores one per
// line and replaying them rebuilds the engine.
type Event struct {
	Seq  int                `json:"seq"`  // 1-based position in the session
	Kind Kind               `json:"kind"` // what happened
	At   scenarios.Duration `json:"at"`   // scenario time, seconds

	Inject string          `json:"inject,omitempty"` // delivered, skipped; for a decision: the decision point it answers, if any
	Action string          `json:"action,omitempty"` // decision: catalogue action id; corrective: the action whose gap it corrects
	Text   string          `json:"text,omitempty"`   // decision: free text; note: the note
	Phase  scenarios.Phase `json:"phase,omitempty"`  // phase: the new phase; decision, note: the phase the exercise was in
	Role   string          `json:"role,omitempty"`   // who decided (role id), if given; join, leave: the seat's role
	Note   string          `json:"note,omitempty"`   // rationale attached to a decision

	Speed float64 `json:"speed,omitempty"` // speed: the new clock multiplier
	Owner string  `json:"owner,omitempty"` // corrective: who owns it
	Due   string  `json:"due,omitempty"`   // corrective: due date, YYYY-MM-DD

	// Corrective: the rest of the improvement plan's row.
	Org    string `json:"org,omitempty"`    // the responsible organisation
	Start  string `json:"start,omitempty"`  // start date, YYYY-MM-DD
	Status string `json:"status,omitempty"` // free text: "open", "in progress", "done"…

	// The evaluation kinds.
	Objective string `json:"objective,omitempty"` // rating, observation, hotwash: the objective id
	Rating    string `json:"rating,omitempty"`    // rating: P, S, M or U ("" withdraws the final rating)
	Type      string `json:"type,omitempty"`      // observation, hotwash: "strength" or "improvement"
	Cause     string `json:"cause,omitempty"`     // observation: the root cause
	By        string `json:"by,omitempty"`        // rating, observation, feedback: who (free text); decision, phase, note, join, leave: the participant's name on a seat
	Item      string `json:"item,omitempty"`      // feedback: which question (FeedbackItems)
	Score     int    `json:"score,omitempty"`     // feedback: a Part II rating, 1 to 5

	// Setting (with Org): the exercise's location and facilitator.
	Location    string `json:"location,omitempty"`
	Facilitator string `json:"facilitator,omitempty"`

	// Wall is the wall-clock time the event was recorded, for the record
	// only (pause/resume/speed, and every event in interactive use); it
	// never influences scoring or replay.
	Wall *time.Time `json:"wall,omitempty"`

	// Ad-hoc injects and length changes.
	Title  string             `json:"title,omitempty"`  // adhoc: the inject's title
	To     string             `json:"to,omitempty"`     // adhoc: comma-separated role ids it is addressed to ("" everyone)
	Length scenarios.Duration `json:"length,omitempty"` // length: the new planned length, seconds

	// Ref is, for a strike, the Seq of the decision or phase event struck.
	Ref int `json:"ref,omitempty"`
}
