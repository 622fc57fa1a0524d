package scoring

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// The team side of the after-action report: who took part from a seat, what
// each role owned and did, and how the planned length changed.

// Seat is one participant on one role, from the session's join and leave
// events (sim.Participants).
type Seat struct {
	sim.Participant
	RoleName string // the role's name, or "wall display"
	// Joins counts how often they joined (more than one: they reconnected).
	Joins int
	// LeftAt is the scenario time of their last leave when they were no
	// longer connected at the end of the journal; nil while connected.
	LeftAt *scenarios.Duration
}

// WallName is how the report names the wall role.
const WallName = "wall display"

// RoleRow is one line of the per-role table: the expected actions a role
// owns (the action's `role`) and how they went, and the decisions recorded
// for it. Struck decisions count as never made.
type RoleRow struct {
	ID   string // the role id; "" for what names no role
	Name string // the role's name, or "(no role named)"
	// PlayedBy: the names that joined on the role's seats, then those named
	// on feedback forms for it.
	PlayedBy []string
	// Expected actions owned by the role that applied, and how they went
	// (not applicable ones are left out of Owned).
	Owned, Met, Late, Missed int
	Decisions                int         // decisions recorded for the role
	RecordedBy               []NameCount // who recorded them, in order of first decision
	Notes                    int
}

// NameCount is how many decisions one participant recorded; Name "" is the
// facilitator's console.
type NameCount struct {
	Name string `json:"name"`
	N    int    `json:"decisions"`
}

// Who is the name for display: "console" for the facilitator's console.
func (n NameCount) Who() string {
	if n.Name == "" {
		return "console"
	}
	return n.Name
}

// LengthChange is a change of the planned length by the facilitator.
type LengthChange struct {
	At       scenarios.Duration
	From, To scenarios.Duration
	Reason   string
}

// Verb is "extended" or "shortened".
func (c *LengthChange) Verb() string {
	if c.To < c.From {
		return "shortened"
	}
	return "extended"
}

// Text is the change as one sentence: "Exercise extended to 1h15m: reason".
func (c *LengthChange) Text() string {
	return "Exercise " + c.Verb() + " from " + c.From.String() + " to " + c.To.String() + ": " + c.Reason
}

// buildTeam fills the report's seats, per-role table and length changes.
func (r *Report) buildTeam() {
	s, events := r.Scenario, r.Session.Events
	end := r.Result.EndedAt
	// The report covers events up to the end; joins after it (participants
	// staying for the feedback form) still count as taking part.
	joins, lastLeave := map[[2]string]int{}, map[[2]string]scenarios.Duration{}
	for _, ev := range events {
		k := [2]string{ev.By, ev.Role}
		switch ev.Kind {
		case sim.KindJoin:
			joins[k]++
		case sim.KindLeave:
			lastLeave[k] = ev.At
		}
	}
	for _, p := range sim.Participants(events) {
		st := Seat{Participant: p, RoleName: roleName(s, p.Role), Joins: joins[[2]string{p.Name, p.Role}]}
		if p.Role == sim.RoleWall {
			st.RoleName = WallName
		}
		if !p.Connected {
			at := lastLeave[[2]string{p.Name, p.Role}]
			st.LeftAt = &at
		}
		r.Seats = append(r.Seats, st)
	}

	length := s.Duration
	for _, ev := range events {
		if ev.Kind == sim.KindLength && ev.At <= end {
			r.LengthChanges = append(r.LengthChanges, LengthChange{At: ev.At, From: length, To: ev.Length, Reason: ev.Text})
			length = ev.Length
		}
	}
	r.Length = sim.LengthOf(s, events)

	r.RolesOwnActions = slices.ContainsFunc(s.Actions, func(a scenarios.Action) bool { return a.Role != "" && a.Expected != nil })
	rows := make([]RoleRow, 0, len(s.Roles)+1)
	idx := map[string]int{}
	for _, role := range s.Roles {
		idx[role.ID] = len(rows)
		rows = append(rows, RoleRow{ID: role.ID, Name: role.Name})
	}
	idx[""] = len(rows)
	rows = append(rows, RoleRow{Name: "(no role named)"})
	row := func(id string) *RoleRow {
		i, ok := idx[id]
		if !ok { // a role the scenario no longer has: its own row
			i = len(rows)
			idx[id] = i
			rows = append(rows, RoleRow{ID: id, Name: id})
		}
		return &rows[i]
	}
	addName := func(rr *RoleRow, name string) {
		if name != "" && !slices.Contains(rr.PlayedBy, name) {
			rr.PlayedBy = append(rr.PlayedBy, name)
		}
	}
	for _, st := range r.Seats {
		if st.Role != sim.RoleWall {
			addName(row(st.Role), st.Name)
		}
	}
	for _, ev := range events {
		if ev.Kind == sim.KindFeedback {
			addName(row(ev.Role), ev.By)
		}
	}
	if r.RolesOwnActions {
		for i := range r.Result.Actions {
			a := &r.Result.Actions[i]
			if a.Kind != KindExpected || a.Status == StatusNotApplicable {
				continue
			}
			rr := row(a.Role)
			rr.Owned++
			switch a.Status {
			case StatusMet:
				rr.Met++
			case StatusLate:
				rr.Late++
			case StatusMissed:
				rr.Missed++
			}
		}
	}
	struck := map[int]bool{}
	for _, ev := range events {
		if ev.Kind == sim.KindStrike && ev.At <= end {
			struck[ev.Ref] = true
		}
	}
	for _, ev := range events {
		if ev.Kind == sim.KindDecision && struck[ev.Seq] {
			r.StruckDecisions++
		}
	}
	for _, ev := range sim.Effective(events) { // a struck decision counts as never made
		if ev.At > end {
			continue
		}
		switch ev.Kind {
		case sim.KindDecision:
			rr := row(ev.Role)
			rr.Decisions++
			if i := slices.IndexFunc(rr.RecordedBy, func(n NameCount) bool { return n.Name == ev.By }); i >= 0 {
				rr.RecordedBy[i].N++
			} else {
				rr.RecordedBy = append(rr.RecordedBy, NameCount{Name: ev.By, N: 1})
			}
		case sim.KindNote:
			row(ev.Role).Notes++
		}
	}
	// The catch-all row only when something landed in it.
	r.Roles = slices.DeleteFunc(rows, func(rr RoleRow) bool {
		return rr.ID == "" && rr.Owned == 0 && rr.Decisions == 0 && rr.Notes == 0 && len(rr.PlayedBy) == 0
	})
}

// SeatNames lists the people who took part, each once: the names on seats
// (the wall display's too), then those only named on feedback forms.
func (r *Report) SeatNames() []string {
	var out []string
	for _, st := range r.Seats {
		if !slices.Contains(out, st.Name) {
			out = append(out, st.Name)
		}
	}
	return out
}

// Planned describes the planned length when the facilitator changed it:
// "1h15m (extended from 1h at T+00:40:00: reason)"; with several changes
// the last one's time and reason and how many there were. Without a
// change it is the scenario's duration.
func (r *Report) Planned() string {
	if len(r.LengthChanges) == 0 {
		return r.Length.String()
	}
	last := r.LengthChanges[len(r.LengthChanges)-1]
	all := LengthChange{From: r.Scenario.Duration, To: r.Length}
	out := r.Length.String() + " (" + all.Verb() + " from " + r.Scenario.Duration.String()
	if n := len(r.LengthChanges); n > 1 {
		out += " in " + strconv.Itoa(n) + " changes, the last"
	}
	return out + " at " + last.At.Clock() + ": " + last.Reason + ")"
}

// JoinedWall is when a seat first joined, "YYYY-MM-DD HH:MM UTC", or "—".
func (st *Seat) JoinedWall() string {
	if st.Joined.IsZero() {
		return "—"
	}
	return st.Joined.UTC().Format("2006-01-02 15:04 UTC")
}

// Left is when the seat left, "—" while connected at the end.
func (st *Seat) Left() string {
	if st.LeftAt == nil {
		return "—"
	}
	return st.LeftAt.Clock()
}

// Via says how they got in, in words.
func (st *Seat) ViaText() string {
	switch st.Via {
	case sim.ViaKey:
		return "SSH key"
	case sim.ViaCode:
		return "join code"
	}
	return st.Via
}

func joinedRFC3339(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// Person is someone who took part, with the roles they played.
type Person struct {
	Name  string
	Roles []string // role names
}

// People lists who took part: the names on role seats and on feedback
// forms, each once, with their roles; and separately the names of wall
// displays (a projector is not a participant).
func (r *Report) People() (people []Person, walls []string) {
	add := func(name, role string) {
		i := slices.IndexFunc(people, func(p Person) bool { return p.Name == name })
		if i < 0 {
			people = append(people, Person{Name: name})
			i = len(people) - 1
		}
		if role != "" && !slices.Contains(people[i].Roles, role) {
			people[i].Roles = append(people[i].Roles, role)
		}
	}
	for _, st := range r.Seats {
		if st.Role == sim.RoleWall {
			if !slices.Contains(walls, st.Name) {
				walls = append(walls, st.Name)
			}
			continue
		}
		add(st.Name, st.RoleName)
	}
	for _, ev := range r.Session.Events {
		if ev.Kind == sim.KindFeedback && ev.By != "" {
			add(ev.By, roleName(r.Scenario, ev.Role))
		}
	}
	return people, walls
}

// PeopleText is the overview's participants line: "2: Ana (Incident lead),
// Ben (Legal counsel); wall display: room", or "" when no one is known.
func (r *Report) PeopleText() string {
	people, walls := r.People()
	if len(people) == 0 && len(walls) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(strconv.Itoa(len(people)))
	for i, p := range people {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(p.Name)
		if len(p.Roles) > 0 {
			b.WriteString(" (" + strings.Join(p.Roles, ", ") + ")")
		}
	}
	if len(walls) > 0 {
		b.WriteString("; " + WallName + ": " + strings.Join(walls, ", "))
	}
	return b.String()
}

// RoleText is the seat's role for display: "Incident lead (ir)", or
// "wall display".
func (st *Seat) RoleText() string {
	if st.Role == sim.RoleWall || st.RoleName == st.Role {
		return st.RoleName
	}
	return st.RoleName + " (" + st.Role + ")"
}

// PlayedByText is the names that played the role, "—" for none.
func (rr *RoleRow) PlayedByText() string { return orDash(strings.Join(rr.PlayedBy, ", ")) }

// RecordedByText is who recorded the role's decisions: "Ana (3), console (1)".
func (rr *RoleRow) RecordedByText() string {
	parts := make([]string, len(rr.RecordedBy))
	for i, n := range rr.RecordedBy {
		parts[i] = n.Who() + " (" + strconv.Itoa(n.N) + ")"
	}
	return orDash(strings.Join(parts, ", "))
}

// Who says who recorded a timeline entry: "Incident lead · Ana", the role or
// the name alone, or "".
func (e *TimelineEntry) Who() string {
	switch {
	case e.Role != "" && e.By != "":
		return e.Role + " · " + e.By
	case e.Role != "":
		return e.Role
	}
	return e.By
}

// StruckWhy is the reason a struck entry was struck.
func (e *TimelineEntry) StruckWhy() string { return strings.TrimPrefix(e.Tag, "struck: ") }

// DecisionsText counts the decisions for the overview: "5 from the
// catalogue, 1 free text", and how many were struck.
func (r *Report) DecisionsText() string {
	out := strconv.Itoa(r.Result.Decisions) + " from the catalogue, " + strconv.Itoa(r.Result.FreeText) + " free text"
	if r.StruckDecisions > 0 {
		out += " (" + strconv.Itoa(r.StruckDecisions) + " more struck, not counted)"
	}
	return out
}
