package sim

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
)

// The events of a facilitated exercise with a team: who joined from a seat,
// the injects the facilitator adds during play, and changes to the planned
// length (docs/journal-format.md).

// RoleWall is the role of a seat that only displays the exercise (the
// room's projector): it sees what is addressed to everyone and records
// nothing.
const RoleWall = "wall"

// MaxNameLen bounds a participant's name (bytes). SSH user names are
// chosen by whoever connects; the seat server cuts longer ones.
const MaxNameLen = 64

// MaxTitleLen bounds the title of an ad-hoc inject (bytes).
const MaxTitleLen = 200

// MaxLength is the longest planned length an exercise can be given.
const MaxLength = scenarios.Duration(24 * 60 * 60)

// Ways a participant got in (KindJoin's Text).
const (
	ViaKey  = "key"  // a public key listed in the authorized keys
	ViaCode = "code" // the join code shown on the facilitator's console
)

// NoteAs records a note by role and the participant named by ("" for the
// facilitator's console).
func (e *Engine) NoteAs(text, role, by string) (Event, error) {
	return e.change(func() (Event, error) { return e.planNoteAs(text, role, by) })
}

// Join records that a participant joined the exercise from a seat, playing
// role (a scenario role id or RoleWall), having got in via ViaKey or
// ViaCode. It is allowed after the end (participants fill in the feedback
// form then).
func (e *Engine) Join(name, role, via string) (Event, error) {
	return e.changeAfterEnd(func() (Event, error) { return e.planSeat(KindJoin, name, role, via) })
}

// Leave records that a participant's seat closed (they quit or their
// connection dropped). It is allowed after the end.
func (e *Engine) Leave(name, role string) (Event, error) {
	return e.changeAfterEnd(func() (Event, error) { return e.planSeat(KindLeave, name, role, "") })
}

func (e *Engine) planSeat(kind Kind, name, role, via string) (Event, error) {
	name, err := cleanName(name)
	if err != nil {
		return Event{}, err
	}
	if role != RoleWall {
		if role == "" {
			return Event{}, errors.New("a participant needs a role (a scenario role or wall)")
		}
		if role, err = e.checkRole(role); err != nil {
			return Event{}, err
		}
	}
	ev := Event{Kind: kind, At: e.now, By: name, Role: role}
	if kind == KindJoin {
		if via != ViaKey && via != ViaCode {
			return Event{}, fmt.Errorf("invalid way in %q: use %s or %s", via, ViaKey, ViaCode)
		}
		ev.Text = via
	}
	return ev, nil
}

// cleanName checks a participant's name: required, valid UTF-8, at most
// MaxNameLen bytes, no control characters.
func cleanName(name string) (string, error) {
	if strings.TrimSpace(name) == "" {
		return "", errors.New("empty participant name")
	}
	if len(name) > MaxNameLen {
		return "", fmt.Errorf("participant name too long: %d bytes, at most %d", len(name), MaxNameLen)
	}
	for _, r := range strings.ToValidUTF8(name, "\uFFFD") {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return "", fmt.Errorf("participant name %q has a control character", name)
		}
	}
	return strings.ToValidUTF8(name, "\uFFFD"), nil
}

// cleanBy checks the optional participant name of a decision or note.
func cleanBy(by string) (string, error) {
	if by == "" {
		return "", nil
	}
	return cleanName(by)
}

// AdHoc records an inject the facilitator adds during play: its title, its
// body (markdown) and the role ids it is addressed to (none: everyone).
func (e *Engine) AdHoc(title, body string, to []string) (Event, error) {
	for _, r := range to {
		if r == "" || strings.Contains(r, ",") {
			return Event{}, fmt.Errorf("unknown role %q", r)
		}
	}
	return e.change(func() (Event, error) { return e.planAdHoc(title, body, strings.Join(to, ",")) })
}

func (e *Engine) planAdHoc(title, body, to string) (Event, error) {
	title, err := cleanText("inject title", title, true)
	if err != nil {
		return Event{}, err
	}
	if len(title) > MaxTitleLen {
		return Event{}, fmt.Errorf("inject title too long: %d bytes, at most %d", len(title), MaxTitleLen)
	}
	if strings.ContainsAny(title, "\n\r") {
		return Event{}, errors.New("an inject title is one line")
	}
	if body, err = cleanText("inject body", body, false); err != nil {
		return Event{}, err
	}
	var roles []string
	for _, r := range splitRoles(to) {
		if _, err := e.checkRole(r); err != nil || r == "" {
			return Event{}, fmt.Errorf("unknown role %q", r)
		}
		if slices.Contains(roles, r) {
			return Event{}, fmt.Errorf("role %q is listed twice", r)
		}
		roles = append(roles, r)
	}
	return Event{Kind: KindAdHoc, At: e.now, Title: title, Text: body, To: strings.Join(roles, ","), Phase: e.phase}, nil
}

func splitRoles(to string) []string {
	if to == "" {
		return nil
	}
	return strings.Split(to, ",")
}

// Recipients returns the role ids an ad-hoc inject is addressed to (none:
// everyone).
func (ev Event) Recipients() []string { return splitRoles(ev.To) }

// SetLength records that the facilitator extends or shortens the exercise:
// d is the new planned length (after the current time, at most MaxLength),
// reason why (required). The clock's TIME IS UP follows it.
func (e *Engine) SetLength(d scenarios.Duration, reason string) (Event, error) {
	return e.change(func() (Event, error) { return e.planLength(d, reason) })
}

func (e *Engine) planLength(d scenarios.Duration, reason string) (Event, error) {
	switch {
	case d <= e.now:
		return Event{}, fmt.Errorf("the new length %s must be after the current time %s", d.Clock(), e.now.Clock())
	case d > MaxLength:
		return Event{}, fmt.Errorf("the new length %s is longer than %s", d.Clock(), MaxLength.Clock())
	case d == e.lengthLocked():
		return Event{}, fmt.Errorf("the exercise is already %s long", d.Clock())
	}
	reason, err := cleanText("reason", reason, true)
	if err != nil {
		return Event{}, err
	}
	return Event{Kind: KindLength, At: e.now, Length: d, Text: reason}, nil
}

// Length returns the planned length of the exercise now: the scenario's
// duration, or the last length the facilitator set.
func (e *Engine) Length() scenarios.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.lengthLocked()
}

func (e *Engine) lengthLocked() scenarios.Duration {
	if e.length > 0 {
		return e.length
	}
	return e.s.Duration
}

// LengthOf returns the planned length of a session from its events: the
// scenario's duration, or the last length event's.
func LengthOf(s *scenarios.Scenario, events []Event) scenarios.Duration {
	d := s.Duration
	for _, ev := range events {
		if ev.Kind == KindLength {
			d = ev.Length
		}
	}
	return d
}

// Participant is one person on one role, from the session's join and leave
// events.
type Participant struct {
	Name     string
	Role     string // a scenario role id or RoleWall
	Via      string // ViaKey or ViaCode, from the first join
	Joined   time.Time
	JoinedAt scenarios.Duration // scenario time of the first join
	// Connected: more joins than leaves so far.
	Connected bool
	joins     int
}

// Participants returns one row per participant name and role, in the order
// they first joined.
func Participants(events []Event) []Participant {
	var out []Participant
	find := func(name, role string) int {
		return slices.IndexFunc(out, func(p Participant) bool { return p.Name == name && p.Role == role })
	}
	for _, ev := range events {
		switch ev.Kind {
		case KindJoin:
			i := find(ev.By, ev.Role)
			if i < 0 {
				p := Participant{Name: ev.By, Role: ev.Role, Via: ev.Text, JoinedAt: ev.At}
				if ev.Wall != nil {
					p.Joined = *ev.Wall
				}
				out = append(out, p)
				i = len(out) - 1
			}
			out[i].joins++
		case KindLeave:
			if i := find(ev.By, ev.Role); i >= 0 && out[i].joins > 0 {
				out[i].joins--
			}
		}
	}
	for i := range out {
		out[i].Connected = out[i].joins > 0
	}
	return out
}

// VisibleTo reports whether a seat playing role may see ev. A delivered
// inject or an ad-hoc one is visible when it has no recipients or lists
// role (the wall sees only what is addressed to everyone). The team's
// decisions, notes, phase changes, strikes, the clock and the participants
// are visible to every seat; what is the facilitator's or the evaluator's
// (withheld and skipped injects, ratings, observations, hot wash, feedback,
// the improvement plan) is not.
func VisibleTo(s *scenarios.Scenario, ev Event, role string) bool {
	switch ev.Kind {
	case KindDelivered:
		in, ok := s.Inject(ev.Inject)
		return ok && addressed(in.To, role)
	case KindAdHoc:
		return addressed(ev.Recipients(), role)
	case KindDecision, KindPhase, KindNote, KindStrike, KindPause, KindResume, KindSpeed, KindEnd,
		KindLength, KindJoin, KindLeave:
		return true
	}
	return false
}

func addressed(to []string, role string) bool {
	return len(to) == 0 || (role != RoleWall && slices.Contains(to, role))
}
