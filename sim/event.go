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
	Role   string          `json:"role,omitempty"`   // who decided (role id), if given
	Note   string          `json:"note,omitempty"`   // rationale attached to a decision

	Speed float64 `json:"speed,omitempty"` // speed: the new clock multiplier
	Owner string  `json:"owner,omitempty"` // corrective: who owns it
	Due   string  `json:"due,omitempty"`   // corrective: due date, YYYY-MM-DD

	// Wall is the wall-clock time the event was recorded, for the record
	// only (pause/resume/speed, and every event in interactive use); it
	// never influences scoring or replay.
	Wall *time.Time `json:"wall,omitempty"`
}
