package sim

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/ttx-sim/ttx/scenarios"
)

// ErrEnded is returned by every call that would change a session after its
// end (except SetCorrective, which the review screen uses after the end).
var ErrEnded = errors.New("the exercise has ended")

// MaxTextLen bounds free text, notes, roles, owners and due dates (bytes),
// so that a journal line always stays far below what the reader accepts.
const MaxTextLen = 64 << 10

// SubscriberBuffer is how many events a subscriber may fall behind before
// it is dropped (see Subscribe).
const SubscriberBuffer = 1024

// Engine holds the state of one session: the scenario clock, the injects
// processed so far, the decisions and the phase. Time is always passed in;
// the engine never reads the wall clock to decide anything.
//
// An Engine is safe for concurrent use: one mutex guards all state, and no
// caller code runs under it (subscribers receive events on buffered
// channels).
//
// Every change is made in two steps: the events it produces are planned from
// the current state, written to the journal (when a session is attached),
// and only then applied. So a failed journal write leaves the state as it
// was, and replaying a journal applies exactly the same events.
type Engine struct {
	mu sync.Mutex
	s  *scenarios.Scenario
	// order lists inject indices by due time, then file order: the order in
	// which injects are processed.
	order []int

	now       scenarios.Duration
	phase     scenarios.Phase
	paused    bool
	speed     float64
	ended     bool
	length    scenarios.Duration // planned length set by the facilitator (KindLength); 0: the scenario's
	struck    map[int]bool       // Seq of decision and phase events struck
	withheld  map[int]bool       // inject indices the facilitator skipped before they fell due
	next      int                // position in order of the next inject not processed yet
	events    []Event
	decisions []int // positions in events of decision and phase events

	delivered    []bool // by inject index
	deliveredIDs []string
	skippedIDs   []string
	takenAt      []scenarios.Duration // by action index: first time taken, or -1
	open         []int                // inject indices of open decision points, oldest first

	journal eventWriter      // nil: in memory only
	wall    func() time.Time // nil: events carry no wall time unless given

	subs    map[int]chan Event
	nextSub int
}

// eventWriter makes events durable before they are applied (the journal).
type eventWriter interface {
	write(events []Event) error
}

// NewEngine returns an engine at scenario time 0, in the scenario's first
// phase, running at speed 1, with nothing processed yet. s must be a loaded
// scenario (or one built in Go with BuildIndex called).
func NewEngine(s *scenarios.Scenario) *Engine {
	takenAt := make([]scenarios.Duration, len(s.Actions))
	for i := range takenAt {
		takenAt[i] = -1
	}
	e := &Engine{
		s:         s,
		order:     s.InjectOrder(),
		speed:     1,
		delivered: make([]bool, len(s.Injects)),
		takenAt:   takenAt,
		subs:      map[int]chan Event{},
	}
	if len(s.Phases) > 0 {
		e.phase = s.Phases[0]
	} else {
		e.phase = scenarios.AllPhases[0]
	}
	return e
}

// SetWallClock makes the engine stamp every new event that has no wall time
// with now() (interactive sessions pass time.Now). Wall times are for the
// record only: they never influence scoring or replay. Headless runs leave
// it unset, so that their journals are identical run after run.
func (e *Engine) SetWallClock(now func() time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.wall = now
}

// Scenario returns the scenario being played.
func (e *Engine) Scenario() *scenarios.Scenario { return e.s }

// Now returns the current scenario time.
func (e *Engine) Now() scenarios.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

// Phase returns the phase the exercise is in.
func (e *Engine) Phase() scenarios.Phase {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.phase
}

// Ended reports whether the exercise has ended.
func (e *Engine) Ended() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.ended
}

// Paused reports whether the clock is paused.
func (e *Engine) Paused() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.paused
}

// Speed returns the clock multiplier (1 = real time).
func (e *Engine) Speed() float64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.speed
}

// Events returns a copy of every event so far, in order.
func (e *Engine) Events() []Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.events)
}

// Decisions returns the decision and phase events so far, in order.
func (e *Engine) Decisions() []Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]Event, len(e.decisions))
	for i, pos := range e.decisions {
		out[i] = e.events[pos]
	}
	return out
}

// Delivered returns the ids of the injects delivered so far, in the order
// processed.
func (e *Engine) Delivered() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.deliveredIDs)
}

// Skipped returns the ids of the injects skipped so far (their condition was
// false when they fell due), in the order processed.
func (e *Engine) Skipped() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.skippedIDs)
}

// OpenDecisionPoints returns the delivered decision-point injects no choice
// has answered yet, oldest first.
func (e *Engine) OpenDecisionPoints() []*scenarios.Inject {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]*scenarios.Inject, len(e.open))
	for i, idx := range e.open {
		out[i] = &e.s.Injects[idx]
	}
	return out
}

// NextDue returns the due time of the next inject not processed yet; false
// when none is left or the exercise has ended.
func (e *Engine) NextDue() (scenarios.Duration, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ended || e.next >= len(e.order) {
		return 0, false
	}
	return e.s.Injects[e.order[e.next]].At, true
}

// Advance moves the scenario clock to `to`, processing every inject due at or
// before it (by time, then file order), and returns the new events. An
// inject whose `when` condition is false is skipped. Moving the clock
// without processing an inject writes nothing to the journal.
func (e *Engine) Advance(to scenarios.Duration) ([]Event, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.checkTime(to); err != nil {
		return nil, err
	}
	evs := e.planDue(to)
	if err := e.commit(evs); err != nil {
		return nil, err
	}
	e.now = to
	return evs, nil
}

// Record records d at the current scenario time (d.At is ignored: headless
// callers Advance(d.At) first). d has exactly one of Action, Text and Phase,
// and optionally Role and Note. An action that is a choice of an open
// decision point answers the oldest such point: the event names that inject
// and the point closes.
func (e *Engine) Record(d scenarios.Decision) (Event, error) {
	return e.change(func() (Event, error) { return e.planRecord(d) })
}

// Note records a note (not a decision) at the current scenario time, by role
// if role is not empty.
func (e *Engine) Note(text, role string) (Event, error) {
	return e.change(func() (Event, error) { return e.planNote(text, role) })
}

// Pause records that the clock was paused at wall time wall.
func (e *Engine) Pause(wall time.Time) (Event, error) {
	return e.change(func() (Event, error) { return e.planPause(wall) })
}

// Resume records that the clock was resumed at wall time wall.
func (e *Engine) Resume(wall time.Time) (Event, error) {
	return e.change(func() (Event, error) { return e.planResume(wall) })
}

// SetSpeed records a new clock multiplier x (MinSpeed ≤ x ≤ MaxSpeed, else
// an error wrapping ErrSpeed) at wall time wall. The
// engine does not run a clock itself: front ends turn wall time into
// scenario time with it and call Advance.
func (e *Engine) SetSpeed(x float64, wall time.Time) (Event, error) {
	return e.change(func() (Event, error) { return e.planSpeed(x, wall) })
}

// SetCorrective records the owner and due date (YYYY-MM-DD, or empty) of the
// corrective action for an expected or harmful action's gap. It is allowed
// after the end: the review screen uses it. A later call for the same action
// replaces the earlier one.
func (e *Engine) SetCorrective(actionID, owner, due string) (Event, error) {
	return e.SetCorrectivePlan(actionID, Plan{Owner: owner, Due: due})
}

// End ends the exercise at `at`: injects due at or before it are processed,
// then the end event is recorded. Decisions stamped with `at` are allowed
// before End; nothing but corrective actions is allowed after it.
func (e *Engine) End(at scenarios.Duration) ([]Event, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if err := e.checkTime(at); err != nil {
		return nil, err
	}
	evs := append(e.planDue(at), Event{Kind: KindEnd, At: at})
	if err := e.commit(evs); err != nil {
		return nil, err
	}
	e.now = at
	return evs, nil
}

// Subscribe returns a channel that receives every event after it has been
// made durable, in order, and a function that ends the subscription (it
// closes the channel; calling it again does nothing). The channel is
// buffered (SubscriberBuffer events); the engine never waits for an
// observer: one that falls further behind is dropped, which closes its
// channel early. An observer that sees its channel closed without having
// cancelled should read Events() and subscribe again.
func (e *Engine) Subscribe() (<-chan Event, func()) {
	e.mu.Lock()
	defer e.mu.Unlock()
	id := e.nextSub
	e.nextSub++
	ch := make(chan Event, SubscriberBuffer)
	e.subs[id] = ch
	cancel := func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		if c, ok := e.subs[id]; ok {
			delete(e.subs, id)
			close(c)
		}
	}
	return ch, cancel
}

// reserve makes room for n more events, so that a long headless run does
// not spend its time growing the event list.
func (e *Engine) reserve(n int) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.events = slices.Grow(e.events, n)
	e.decisions = slices.Grow(e.decisions, n)
}

// change runs a single-event change: it first processes injects already due
// at the current time (only possible before the first Advance), so that at
// one instant due injects always come before anything else, then plans,
// commits and returns the event.
func (e *Engine) change(plan func() (Event, error)) (Event, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ended {
		return Event{}, ErrEnded
	}
	return e.changeLocked(plan)
}

// changeAfterEnd is change for the one kind of event allowed after the end.
func (e *Engine) changeAfterEnd(plan func() (Event, error)) (Event, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.changeLocked(plan)
}

func (e *Engine) changeLocked(plan func() (Event, error)) (Event, error) {
	if !e.ended {
		if err := e.commit(e.planDue(e.now)); err != nil {
			return Event{}, err
		}
	}
	ev, err := plan()
	if err != nil {
		return Event{}, err
	}
	evs := []Event{ev}
	if err := e.commit(evs); err != nil {
		return Event{}, err
	}
	return evs[0], nil
}

// checkTime reports whether the clock may move to t.
func (e *Engine) checkTime(t scenarios.Duration) error {
	switch {
	case e.ended:
		return ErrEnded
	case t < e.now:
		return fmt.Errorf("time cannot go backwards: %s is before the current time %s", t.Clock(), e.now.Clock())
	case t > e.lengthLocked():
		return fmt.Errorf("%s is after the end of the exercise (duration %s)", t.Clock(), e.lengthLocked())
	}
	return nil
}

// planDue returns the inject events for every inject due at or before t that
// is not processed yet. Conditions see the decisions recorded so far (all
// stamped before the due time, since due injects are processed first) and
// the injects processed before, including earlier ones of this batch.
func (e *Engine) planDue(t scenarios.Duration) []Event {
	var evs []Event
	var batch map[int]bool // injects delivered earlier in this batch
	for pos := e.next; pos < len(e.order); pos++ {
		idx := e.order[pos]
		in := &e.s.Injects[idx]
		if in.At > t {
			break
		}
		kind := KindSkipped
		if !e.withheld[idx] && (in.When == nil || e.eval(in.When, in.At, batch)) {
			kind = KindDelivered
			if batch == nil {
				batch = map[int]bool{}
			}
			batch[idx] = true
		}
		evs = append(evs, Event{Kind: kind, At: in.At, Inject: in.ID})
	}
	return evs
}

// eval evaluates c for an inject due at `due`: over the decisions recorded
// strictly before it and the injects processed before, including earlier
// ones of this batch.
func (e *Engine) eval(c *scenarios.Condition, due scenarios.Duration, batch map[int]bool) bool {
	return c.Eval(
		func(id string) bool { return e.taken(id, due) },
		func(id string) bool {
			idx := e.s.InjectIndex(id)
			return idx >= 0 && (e.delivered[idx] || batch[idx])
		})
}

// taken reports whether the action was taken strictly before t.
func (e *Engine) taken(actionID string, t scenarios.Duration) bool {
	idx := e.s.ActionIndex(actionID)
	return idx >= 0 && e.takenAt[idx] >= 0 && e.takenAt[idx] < t
}

func (e *Engine) planRecord(d scenarios.Decision) (Event, error) {
	set := 0
	for _, s := range []string{d.Action, d.Text, string(d.Phase)} {
		if s != "" {
			set++
		}
	}
	if set != 1 {
		return Event{}, errors.New("a decision needs exactly one of action, text and phase")
	}
	role, err := e.checkRole(d.Role)
	if err != nil {
		return Event{}, err
	}
	note, err := cleanText("note", d.Note, false)
	if err != nil {
		return Event{}, err
	}
	by, err := cleanBy(d.By)
	if err != nil {
		return Event{}, err
	}
	ev := Event{At: e.now, Role: role, Note: note, By: by}
	switch {
	case d.Action != "":
		idx := e.s.ActionIndex(d.Action)
		if idx < 0 {
			return Event{}, fmt.Errorf("unknown action %q", d.Action)
		}
		if !e.available(idx) {
			return Event{}, &NotAvailableError{Action: d.Action, After: e.s.Actions[idx].AvailableAfter}
		}
		ev.Kind, ev.Action, ev.Phase = KindDecision, d.Action, e.phase
		ev.Inject = e.answers(d.Action)
	case d.Text != "":
		text, err := cleanText("decision text", d.Text, true)
		if err != nil {
			return Event{}, err
		}
		ev.Kind, ev.Text, ev.Phase = KindDecision, text, e.phase
	default:
		if !d.Phase.Valid() {
			return Event{}, fmt.Errorf("unknown phase %q (phases are %s)", d.Phase, scenarios.PhaseList(scenarios.AllPhases))
		}
		if !e.s.HasPhase(d.Phase) {
			return Event{}, fmt.Errorf("phase %q is not used by this scenario (its phases are %s)", d.Phase, scenarios.PhaseList(e.s.Phases))
		}
		ev.Kind, ev.Phase = KindPhase, d.Phase
	}
	return ev, nil
}

// NotAvailableError is the refusal of an action recorded before the inject
// that makes it available (format 1.1, available_after) was delivered.
type NotAvailableError struct {
	Action string // the action id
	After  string // the inject it waits for
}

func (e *NotAvailableError) Error() string {
	return fmt.Sprintf("action %q is not available yet: it becomes available when inject %q is delivered", e.Action, e.After)
}

// Available reports whether the team can take the action now: it exists and
// has no available_after, or that inject has been delivered.
func (e *Engine) Available(actionID string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	idx := e.s.ActionIndex(actionID)
	return idx >= 0 && e.available(idx)
}

func (e *Engine) available(actionIdx int) bool {
	after := e.s.Actions[actionIdx].AvailableAfter
	if after == "" {
		return true
	}
	i := e.s.InjectIndex(after)
	return i >= 0 && e.delivered[i]
}

// answers returns the id of the oldest open decision point that offers the
// action as a choice, or "".
func (e *Engine) answers(actionID string) string {
	for _, idx := range e.open {
		if slices.Contains(e.s.Injects[idx].Choices, actionID) {
			return e.s.Injects[idx].ID
		}
	}
	return ""
}

func (e *Engine) planNote(text, role string) (Event, error) { return e.planNoteAs(text, role, "") }

func (e *Engine) planNoteAs(text, role, by string) (Event, error) {
	role, err := e.checkRole(role)
	if err != nil {
		return Event{}, err
	}
	if by, err = cleanBy(by); err != nil {
		return Event{}, err
	}
	text, err = cleanText("note", text, true)
	if err != nil {
		return Event{}, err
	}
	return Event{Kind: KindNote, At: e.now, Text: text, Phase: e.phase, Role: role, By: by}, nil
}

func (e *Engine) planPause(wall time.Time) (Event, error) {
	if e.paused {
		return Event{}, errors.New("the clock is already paused")
	}
	return Event{Kind: KindPause, At: e.now, Wall: wallPtr(wall)}, nil
}

func (e *Engine) planResume(wall time.Time) (Event, error) {
	if !e.paused {
		return Event{}, errors.New("the clock is not paused")
	}
	return Event{Kind: KindResume, At: e.now, Wall: wallPtr(wall)}, nil
}

func (e *Engine) planSpeed(x float64, wall time.Time) (Event, error) {
	// The clock's range, live and on replay alike: a journal written by
	// ttx never holds another speed.
	if !(x >= MinSpeed && x <= MaxSpeed) {
		return Event{}, fmt.Errorf("invalid speed %v: %w", x, ErrSpeed)
	}
	return Event{Kind: KindSpeed, At: e.now, Speed: x, Wall: wallPtr(wall)}, nil
}

// Plan is one row of the improvement plan as the team sets it: who owns the
// corrective action (the point of contact), the responsible organisation,
// start and completion dates (YYYY-MM-DD) and a status.
type Plan struct {
	Owner, Org, Start, Due, Status string
}

func planOf(ev Event) Plan {
	return Plan{Owner: ev.Owner, Org: ev.Org, Start: ev.Start, Due: ev.Due, Status: ev.Status}
}

// SetCorrectivePlan records the whole improvement-plan row of an action's
// gap, as SetCorrective does for the owner and due date. Dates are
// YYYY-MM-DD; a completion date before today (by the engine's wall clock),
// or before the start date, is refused here, when the team sets it (today
// by the wall clock given to SetWallClock; without one, no date is past); a
// replayed journal is not judged by today's date.
func (e *Engine) SetCorrectivePlan(actionID string, p Plan) (Event, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.wall != nil && isDate(p.Due) {
		if today := e.wall().Format(time.DateOnly); p.Due < today {
			return Event{}, fmt.Errorf("due date %s is in the past (today is %s)", p.Due, today)
		}
	}
	return e.changeLocked(func() (Event, error) { return e.planCorrectivePlan(actionID, p) })
}

func (e *Engine) planCorrectivePlan(actionID string, p Plan) (Event, error) {
	a, ok := e.s.Action(actionID)
	if !ok {
		return Event{}, fmt.Errorf("unknown action %q", actionID)
	}
	if a.Expected == nil && a.Harmful == nil {
		return Event{}, fmt.Errorf("action %q is neither expected nor harmful: it has no corrective action", actionID)
	}
	ev := Event{Kind: KindCorrective, At: e.now, Action: actionID}
	var err error
	for _, f := range []struct {
		name string
		in   string
		out  *string
	}{{"owner", p.Owner, &ev.Owner}, {"organisation", p.Org, &ev.Org}, {"status", p.Status, &ev.Status}} {
		if *f.out, err = cleanText(f.name, f.in, false); err != nil {
			return Event{}, err
		}
	}
	for _, f := range []struct {
		name string
		in   string
		out  *string
	}{{"due", p.Due, &ev.Due}, {"start", p.Start, &ev.Start}} {
		if f.in != "" && !isDate(f.in) {
			return Event{}, fmt.Errorf("invalid %s date %q: use YYYY-MM-DD", f.name, f.in)
		}
		*f.out = f.in
	}
	if ev.Start != "" && ev.Due != "" && ev.Due < ev.Start {
		return Event{}, fmt.Errorf("due date %s is before the start date %s", ev.Due, ev.Start)
	}
	return ev, nil
}

// FeedbackItems are the questions of the participant feedback form an
// answer may be for: Part I in free text, Part II rated 1 to 5
// (scoring/pack prints the same form).
var FeedbackItems = []string{
	"strengths", "improvements", "actions", "unseen", "comments", // Part I
	"structure", "realism", "facilitation", "documents", "relevance", "participants", "no-fault", // Part II
}

// FeedbackScored reports whether a feedback item is rated 1 to 5 (Part II).
func FeedbackScored(item string) bool {
	i := slices.Index(FeedbackItems, item)
	return i >= 5
}

// Evaluate records an evaluation event (KindRating, KindObservation,
// KindHotWash or KindFeedback, or the exercise details, KindSetting) at
// the current time, during play or after the end. Only the fields of its
// kind are kept; they are checked.
func (e *Engine) Evaluate(ev Event) (Event, error) {
	return e.changeAfterEnd(func() (Event, error) { return e.planEvaluation(ev) })
}

func (e *Engine) planEvaluation(in Event) (Event, error) {
	out := Event{Kind: in.Kind, At: e.now}
	var err error
	clean := func(what, text string, required bool) string {
		if err != nil {
			return ""
		}
		var t string
		t, err = cleanText(what, text, required)
		return t
	}
	objective := func() {
		if in.Objective != "" {
			if _, ok := e.s.Objective(in.Objective); !ok && err == nil {
				err = fmt.Errorf("unknown objective %q", in.Objective)
			}
		}
		out.Objective = in.Objective
	}
	kindOfNote := func() {
		if in.Type != "strength" && in.Type != "improvement" && err == nil {
			err = fmt.Errorf("invalid type %q: use strength or improvement", in.Type)
		}
		out.Type = in.Type
	}
	switch in.Kind {
	case KindRating:
		objective()
		if (in.Objective == "") == (in.Phase == "") && err == nil {
			err = errors.New("a rating is for exactly one objective or one phase")
		}
		if in.Phase != "" && !slices.Contains(e.s.Phases, in.Phase) && err == nil {
			err = fmt.Errorf("phase %q is not one of this scenario's phases", in.Phase)
		}
		if in.Rating != "" && !slices.Contains([]string{"P", "S", "M", "U"}, in.Rating) && err == nil {
			err = fmt.Errorf("invalid rating %q: use P, S, M or U", in.Rating)
		}
		out.Phase, out.Rating = in.Phase, in.Rating
		out.Note = clean("rationale", in.Note, in.Rating != "")
		out.By = clean("evaluator", in.By, false)
	case KindObservation:
		kindOfNote()
		objective()
		if in.Inject != "" {
			if _, ok := e.s.Inject(in.Inject); !ok && err == nil {
				err = fmt.Errorf("unknown inject %q", in.Inject)
			}
		}
		out.Inject = in.Inject
		out.Text = clean("observation", in.Text, true)
		out.Cause = clean("root cause", in.Cause, false)
		out.By = clean("evaluator", in.By, false)
	case KindHotWash:
		kindOfNote()
		objective()
		out.Text = clean("hot-wash note", in.Text, true)
	case KindFeedback:
		if !slices.Contains(FeedbackItems, in.Item) {
			return Event{}, fmt.Errorf("unknown feedback item %q: use one of %s", in.Item, strings.Join(FeedbackItems, ", "))
		}
		out.Item = in.Item
		if FeedbackScored(in.Item) {
			if in.Score < 1 || in.Score > 5 {
				return Event{}, fmt.Errorf("feedback %s: rate 1 to 5, not %d", in.Item, in.Score)
			}
			out.Score = in.Score
		} else {
			out.Text = clean("feedback", in.Text, true)
		}
		if out.Role, err = e.checkRole(in.Role); err != nil {
			return Event{}, err
		}
		out.By = clean("name", in.By, false)
	case KindSetting:
		out.Org = clean("organisation", in.Org, false)
		out.Location = clean("location", in.Location, false)
		out.Facilitator = clean("facilitator", in.Facilitator, false)
	default:
		return Event{}, fmt.Errorf("%s is not an evaluation event", in.Kind)
	}
	if err != nil {
		return Event{}, err
	}
	return out, nil
}

// isDate reports whether s is a real calendar date written exactly
// YYYY-MM-DD.
func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return len(s) == len(time.DateOnly) && err == nil
}

func (e *Engine) checkRole(role string) (string, error) {
	if role == "" {
		return "", nil
	}
	if _, ok := e.s.Role(role); !ok {
		return "", fmt.Errorf("unknown role %q", role)
	}
	return role, nil
}

// cleanText makes text valid UTF-8 (so that the journal, which is JSON,
// stores exactly what the engine holds) and checks its length. The limit
// applies to the text as stored: U+FFFD is longer than the byte it
// replaces, and replay checks the stored text again.
func cleanText(what, text string, required bool) (string, error) {
	if required && strings.TrimSpace(text) == "" {
		return "", fmt.Errorf("empty %s", what)
	}
	if len(text) > MaxTextLen {
		// Checked first too, so that a huge text is not copied to be refused.
		return "", fmt.Errorf("%s too long: %d bytes, at most %d", what, len(text), MaxTextLen)
	}
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		if len(text) > MaxTextLen {
			return "", fmt.Errorf("%s too long: %d bytes once invalid UTF-8 is replaced, at most %d", what, len(text), MaxTextLen)
		}
	}
	return text, nil
}

func wallPtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// commit numbers and stamps evs, makes them durable, applies them and
// passes them to subscribers. If the journal write fails nothing changes.
func (e *Engine) commit(evs []Event) error {
	if len(evs) == 0 {
		return nil
	}
	for i := range evs {
		evs[i].Seq = len(e.events) + 1 + i
		if e.wall != nil && evs[i].Wall == nil {
			w := e.wall()
			evs[i].Wall = &w
		}
	}
	if e.journal != nil {
		if err := e.journal.write(evs); err != nil {
			return err
		}
	}
	for _, ev := range evs {
		e.apply(ev)
	}
	for id, ch := range e.subs {
		if !offer(ch, evs) {
			// Never block the engine on a slow observer: drop it.
			delete(e.subs, id)
			close(ch)
		}
	}
	return nil
}

// offer sends evs to ch without waiting; false when the buffer is full.
func offer(ch chan Event, evs []Event) bool {
	for _, ev := range evs {
		select {
		case ch <- ev:
		default:
			return false
		}
	}
	return true
}

// apply changes the state by one event that is known to be valid. It is the
// only place state changes, shared by live play and replay.
func (e *Engine) apply(ev Event) {
	switch ev.Kind {
	case KindDelivered:
		idx := e.order[e.next]
		e.next++
		e.delivered[idx] = true
		e.deliveredIDs = append(e.deliveredIDs, ev.Inject)
		if e.s.Injects[idx].IsDecisionPoint() {
			e.open = append(e.open, idx)
		}
	case KindSkipped:
		e.next++
		e.skippedIDs = append(e.skippedIDs, ev.Inject)
	case KindDecision:
		if ev.Action != "" {
			if idx := e.s.ActionIndex(ev.Action); e.takenAt[idx] < 0 {
				e.takenAt[idx] = ev.At
			}
		}
		if ev.Inject != "" {
			idx := e.s.InjectIndex(ev.Inject)
			e.open = slices.DeleteFunc(e.open, func(i int) bool { return i == idx })
		}
		e.decisions = append(e.decisions, len(e.events))
	case KindPhase:
		e.phase = ev.Phase
		e.decisions = append(e.decisions, len(e.events))
	case KindPause:
		e.paused = true
	case KindResume:
		e.paused = false
	case KindSpeed:
		e.speed = ev.Speed
	case KindEnd:
		e.ended = true
	case KindLength:
		e.length = ev.Length
	case KindStrike:
		e.applyStrike(ev.Ref)
	case KindWithhold:
		if e.withheld == nil {
			e.withheld = map[int]bool{}
		}
		e.withheld[e.s.InjectIndex(ev.Inject)] = true
	}
	if ev.At > e.now {
		e.now = ev.At
	}
	e.events = append(e.events, ev)
}

// EventsSince returns a copy of the events after the first seq ones (every
// event when seq is 0): what a view that has applied seq events lacks.
func (e *Engine) EventsSince(seq int) []Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	if seq < 0 {
		seq = 0
	}
	if seq >= len(e.events) {
		return nil
	}
	return slices.Clone(e.events[seq:])
}

// Strike records a correction: the decision or phase event with sequence
// number seq counts as never made (for scoring, conditions of injects still
// to come, and the phase). It stays in the journal and the report shows it
// struck. A phase change struck is undone: the exercise is back in the
// phase before it. The reason is required.
func (e *Engine) Strike(seq int, reason string) (Event, error) {
	return e.change(func() (Event, error) { return e.planStrike(seq, reason) })
}

func (e *Engine) planStrike(seq int, reason string) (Event, error) {
	if seq < 1 || seq > len(e.events) {
		return Event{}, fmt.Errorf("no event %d to strike", seq)
	}
	target := e.events[seq-1]
	if target.Kind != KindDecision && target.Kind != KindPhase {
		return Event{}, fmt.Errorf("event %d is a %s: only decisions and phase changes can be struck", seq, target.Kind)
	}
	if e.struck[seq] {
		return Event{}, fmt.Errorf("event %d is already struck", seq)
	}
	reason, err := cleanText("reason", reason, true)
	if err != nil {
		return Event{}, err
	}
	return Event{Kind: KindStrike, At: e.now, Ref: seq, Text: reason}, nil
}

// applyStrike takes a struck event out of the effective state: the
// decisions list, the first time its action was taken, the decision point
// it answered (open again) and the phase.
func (e *Engine) applyStrike(seq int) {
	if e.struck == nil {
		e.struck = map[int]bool{}
	}
	e.struck[seq] = true
	pos := seq - 1
	e.decisions = slices.DeleteFunc(e.decisions, func(p int) bool { return p == pos })
	target := e.events[pos]
	if target.Action != "" {
		idx := e.s.ActionIndex(target.Action)
		e.takenAt[idx] = -1
		for _, p := range e.decisions {
			if d := e.events[p]; d.Kind == KindDecision && d.Action == target.Action {
				e.takenAt[idx] = d.At
				break
			}
		}
	}
	if target.Inject != "" && target.Kind == KindDecision {
		answered := false
		for _, p := range e.decisions {
			if e.events[p].Inject == target.Inject {
				answered = true
			}
		}
		if idx := e.s.InjectIndex(target.Inject); !answered && idx >= 0 {
			e.open = append(e.open, idx)
		}
	}
	if target.Kind == KindPhase {
		e.phase = scenarios.AllPhases[0]
		if len(e.s.Phases) > 0 {
			e.phase = e.s.Phases[0]
		}
		for _, p := range e.decisions {
			if d := e.events[p]; d.Kind == KindPhase {
				e.phase = d.Phase
			}
		}
	}
}

// Struck reports whether the event with sequence number seq was struck.
func (e *Engine) Struck(seq int) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.struck[seq]
}

// Effective returns events without the struck decision and phase events
// and without the strikes themselves: the session as scoring sees it (a
// struck decision counts as never taken).
func Effective(events []Event) []Event {
	struck := map[int]bool{}
	for _, ev := range events {
		if ev.Kind == KindStrike {
			struck[ev.Ref] = true
		}
	}
	if len(struck) == 0 {
		return events
	}
	out := make([]Event, 0, len(events))
	for _, ev := range events {
		if ev.Kind != KindStrike && !struck[ev.Seq] {
			out = append(out, ev)
		}
	}
	return out
}

// Withhold records that the facilitator skips an inject that has not been
// processed yet (pacing: the team is overloaded, or it no longer fits): when
// it falls due it is skipped, as if its condition were false. The reason is
// required.
func (e *Engine) Withhold(injectID, reason string) (Event, error) {
	return e.change(func() (Event, error) { return e.planWithhold(injectID, reason) })
}

func (e *Engine) planWithhold(injectID, reason string) (Event, error) {
	idx := e.s.InjectIndex(injectID)
	if idx < 0 {
		return Event{}, fmt.Errorf("unknown inject %q", injectID)
	}
	if e.withheld[idx] {
		return Event{}, fmt.Errorf("inject %q is already withheld", injectID)
	}
	if slices.Index(e.order, idx) < e.next {
		return Event{}, fmt.Errorf("inject %q has already been processed", injectID)
	}
	reason, err := cleanText("reason", reason, true)
	if err != nil {
		return Event{}, err
	}
	return Event{Kind: KindWithhold, At: e.now, Inject: injectID, Text: reason}, nil
}

// NextInject returns the id of the next inject not processed yet that the
// facilitator has not withheld; false when none is left or the exercise has
// ended.
func (e *Engine) NextInject() (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ended {
		return "", false
	}
	for _, idx := range e.order[e.next:] {
		if !e.withheld[idx] {
			return e.s.Injects[idx].ID, true
		}
	}
	return "", false
}
