package scoring

import (
	"cmp"
	"fmt"
	"math/big"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scenarios/attack"
	"github.com/ttx-sim/ttx/sim"
)

// Session is one played exercise as reports need it: the scenario exactly
// as played, when and by which ttx it was created, and its events.
type Session struct {
	Dir      string // the session folder, for reference
	Scenario *scenarios.Scenario
	Created  time.Time // zero when unknown
	Version  string    // ttx version that wrote the session
	Practice bool      // a training run (coach mode): trends leave it out unless asked
	Events   []sim.Event
	// The exercise's setting, from the journal header; "" when not given.
	// BuildReport applies the journal's setting events over it.
	Org, Location, Facilitator string
}

// Report is the after-action report and improvement plan of one session
// (the HSEEP AAR/IP shape). It is built once by BuildReport and rendered by
// the Markdown, HTML, JSON and CSV writers; all text in it is raw and
// untrusted, each renderer escapes it for its format.
type Report struct {
	Session  *Session
	Scenario *scenarios.Scenario
	Result   *Result

	Phases   []PhaseSection
	TopGaps  []Gap // the three most serious gaps
	Gaps     []Gap // every gap, most serious first
	Timeline []TimelineEntry
	Plan     []PlanItem
	// Objectives has one entry per scenario objective, in file order.
	Objectives []ObjectiveResult
	// Consequences are the outcome costs the team incurred (format 1.1):
	// each delivered inject with a consequence, in the order delivered.
	Consequences []ConsequenceItem
	// Debrief compares a practice run (played with --coach) with the
	// scenario's ideal self-test; nil for other drills, or without one.
	Debrief *Debrief
	// Evaluation is the evaluators' and participants' part: final ratings,
	// observations, hot wash, feedback, participants.
	Evaluation *Evaluation
	// ByCapability is the analysis per capability: strengths, areas for
	// improvement and their root causes.
	ByCapability []CapabilitySection

	// The team (scoring/team.go).
	Seats []Seat // who joined from a seat, in order of first join
	// Roles is the per-role table: the scenario's roles in file order, then
	// a row for what names no role, when anything does.
	Roles []RoleRow
	// RolesOwnActions: some expected action of the scenario names the role
	// that owns it; without, the per-role table counts decisions only.
	RolesOwnActions bool
	Length          scenarios.Duration // the planned length at the end (sim.LengthOf)
	LengthChanges   []LengthChange     // in the order made, up to the end
	StruckDecisions int                // decisions struck (they count as never made)
}

// ConsequenceItem is one consequence the team triggered.
type ConsequenceItem struct {
	At        scenarios.Duration
	Inject    string // inject id
	Title     string // inject title
	Phase     scenarios.Phase
	Why       string
	Penalty   scenarios.Number
	Objective string // objective text, or ""
}

// PhaseSection is the analysis of one phase.
type PhaseSection struct {
	*PhaseResult
	Strengths    []ActionResult // expected actions met on time
	Improvements []Gap          // missed, late, harmful — file order
}

// Gap is an area for improvement: an expected action missed or late, or a
// harmful action taken.
type Gap struct {
	ActionResult
	Lost *big.Rat // points lost: weight − credit, or the penalty
	// Issue is a one-line statement of the gap ("Missed", "Late by 12m",
	// "Harmful action taken"); the action label follows it in renderings.
	Issue string
}

// Serious reports whether the gap is a critical task missed or late.
func (g *Gap) Serious() bool { return severityClass(g) > 0 }

// TimelineEntry is one line of the exercise timeline.
type TimelineEntry struct {
	At   scenarios.Duration
	Kind string // "inject", "skipped", "withheld", "ad-hoc inject", "decision", "free text", "phase", "note", "length", "struck", "end"
	Text string // inject title, action label, free text, phase, note
	From string // inject sender
	// StoryTime is the inject's in-story date and time (format 1.1), or "".
	StoryTime string
	Role      string // who decided (role name when known)
	By        string // the participant who recorded it from a seat; "" the facilitator's console
	Note      string // rationale of a decision
	// To names the recipients of an ad-hoc inject (role names; "everyone"),
	// ToIDs their role ids (none: everyone).
	To    string
	ToIDs []string
	// Length is, for a length change, the new planned length.
	Length scenarios.Duration
	// Tag qualifies a decision as scored: "met", "late", "harmful",
	// "not applicable", "repeat", or "" for neutral and free text.
	Tag string
}

// PlanItem is one row of the improvement plan.
type PlanItem struct {
	ActionID         string
	Kind             string // KindExpected or KindHarmful
	Label            string
	Phase            scenarios.Phase
	Capability       string
	Issue            string // "Missed", "Late by 12m", "Harmful action taken"
	CorrectiveAction string // the recommendation, or what to avoid and why
	Owner            string // the point of contact, from the journal's corrective events; "" when unassigned
	Due              string // the completion date, YYYY-MM-DD, or ""
	Org              string // the responsible organisation, or ""
	Start            string // YYYY-MM-DD, or ""
	Status           string // "" when not set: shown as "open"
}

// Heading is the item in a few words: the expected action's label, or for a
// harmful action "Do not …", so that a list of corrective actions never
// reads as an instruction to do harm.
func (it *PlanItem) Heading() string {
	if it.Kind == KindHarmful {
		return "Do not " + lowerFirst(it.Label)
	}
	return it.Label
}

// BuildReport scores the session and builds its after-action report.
func BuildReport(sess *Session) *Report {
	// The header's setting, as the review may have changed it since.
	if st := sim.SettingOf(sim.Setting{Org: sess.Org, Location: sess.Location, Facilitator: sess.Facilitator}, sess.Events); st.Org != sess.Org ||
		st.Location != sess.Location || st.Facilitator != sess.Facilitator {
		cp := *sess
		cp.Org, cp.Location, cp.Facilitator = st.Org, st.Location, st.Facilitator
		sess = &cp
	}
	rep := buildGaps(sess)
	rep.Timeline = timeline(sess.Scenario, sess.Events, rep.Result)
	rep.Objectives = rep.Result.Objectives
	rep.Evaluation = buildEvaluation(sess.Scenario, rep.Result, sess.Events)
	rep.ByCapability = capabilitySections(rep)
	rep.buildTeam()
	if sess.Practice {
		rep.Debrief, _ = BuildDebrief(sess.Scenario, sess.Events)
	}
	for _, ir := range rep.Result.Injects {
		if c := ir.Consequence; c != nil {
			in, _ := sess.Scenario.Inject(ir.ID)
			item := ConsequenceItem{At: ir.At, Inject: ir.ID, Title: ir.Title, Phase: in.Phase, Why: c.Why, Penalty: c.Penalty}
			if o, ok := sess.Scenario.Objective(c.Objective); ok {
				item.Objective = o.Text
			}
			rep.Consequences = append(rep.Consequences, item)
		}
	}
	return rep
}

// Techniques lists the scenario's ATT&CK techniques, its own then its
// injects' in file order, each once, as "T1566 Phishing".
func (r *Report) Techniques() []string {
	seen := map[string]bool{}
	var out []string
	add := func(ids []string) {
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				out = append(out, attack.Label(id))
			}
		}
	}
	add(r.Scenario.Attack)
	for i := range r.Scenario.Injects {
		add(r.Scenario.Injects[i].Attack)
	}
	return out
}

// buildGaps builds the parts of a report a trend needs: the score, the gaps
// and the improvement plan, but not the timeline or the objectives, which
// would only cost time and memory over many sessions.
func buildGaps(sess *Session) *Report {
	s := sess.Scenario
	res := Score(s, sess.Events)
	rep := &Report{Session: sess, Scenario: s, Result: res}

	owners := correctives(sess.Events)
	for i := range res.Actions {
		a := &res.Actions[i]
		if !a.IsGap() {
			continue
		}
		g := Gap{ActionResult: *a, Lost: lostPoints(a), Issue: issue(a)}
		rep.Gaps = append(rep.Gaps, g)
		item := PlanItem{ActionID: a.ID, Kind: a.Kind, Label: a.Label, Phase: a.Phase, Capability: CapabilityOf(s, a), Issue: g.Issue}
		if a.Kind == KindHarmful {
			item.CorrectiveAction = "Do not " + lowerFirst(a.Label) + ": " + a.Why
		} else {
			item.CorrectiveAction = a.Recommendation
		}
		if c, ok := owners[a.ID]; ok {
			item.Owner, item.Due, item.Org, item.Start, item.Status = c.Owner, c.Due, c.Org, c.Start, c.Status
		}
		rep.Plan = append(rep.Plan, item)
	}

	for i := range res.Phases {
		sec := PhaseSection{PhaseResult: &res.Phases[i]}
		for j := range res.Actions {
			a := &res.Actions[j]
			if a.Phase == sec.Phase && a.Kind == KindExpected && a.Status == StatusMet {
				sec.Strengths = append(sec.Strengths, *a)
			}
		}
		for _, g := range rep.Gaps {
			if g.Phase == sec.Phase {
				sec.Improvements = append(sec.Improvements, g)
			}
		}
		rep.Phases = append(rep.Phases, sec)
	}

	// Most serious first: critical tasks missed, then critical late, then
	// by points lost; file order breaks ties.
	slices.SortStableFunc(rep.Gaps, func(a, b Gap) int {
		return cmp.Or(
			cmp.Compare(severityClass(&b), severityClass(&a)),
			b.Lost.Cmp(a.Lost),
		)
	})
	rep.TopGaps = rep.Gaps[:min(3, len(rep.Gaps))]
	return rep
}

func severityClass(g *Gap) int {
	switch {
	case g.Critical && g.Status == StatusMissed:
		return 2
	case g.Critical && g.Status == StatusLate:
		return 1
	}
	return 0
}

func lostPoints(a *ActionResult) *big.Rat {
	if a.Kind == KindHarmful {
		return a.Penalty.Rat()
	}
	return new(big.Rat).Sub(a.Weight.Rat(), a.Credit.Rat())
}

func issue(a *ActionResult) string {
	switch a.Status {
	case StatusMissed:
		if a.Critical {
			return "Critical task missed"
		}
		return "Missed"
	case StatusLate:
		late := *a.At - *a.Deadline
		if a.Critical {
			return "Critical task late by " + late.String()
		}
		return "Late by " + late.String()
	case StatusTaken:
		return "Harmful action taken"
	}
	return string(a.Status)
}

// CapabilityOf is the action's capability, or that of its objective: the
// capability a gap is filed under in the improvement plan and in trends.
func CapabilityOf(s *scenarios.Scenario, a *ActionResult) string {
	if a.Capability != "" {
		return a.Capability
	}
	if a.Objective != "" {
		if o, ok := s.Objective(a.Objective); ok {
			return o.Capability
		}
	}
	return ""
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if len(r) > 1 && strings.ToUpper(string(r[1])) == string(r[1]) {
		return s // an acronym ("EDR …"): keep it
	}
	return strings.ToLower(string(r[0])) + string(r[1:])
}

// correctives returns the last owner and due date set for each action.
func correctives(events []sim.Event) map[string]sim.Event {
	m := make(map[string]sim.Event)
	for _, ev := range events {
		if ev.Kind == sim.KindCorrective && ev.Action != "" {
			m[ev.Action] = ev
		}
	}
	return m
}

func timeline(s *scenarios.Scenario, events []sim.Event, res *Result) []TimelineEntry {
	status := make(map[string]Status, len(res.Actions))
	for _, a := range res.Actions {
		status[a.ID] = a.Status
	}
	seen := make(map[string]bool)
	struck := make(map[int]string) // Seq of a struck event: the reason
	for _, ev := range events {
		if ev.Kind == sim.KindStrike {
			struck[ev.Ref] = ev.Text
		}
	}
	var out []TimelineEntry
	length := s.Duration
	for _, ev := range events {
		if ev.At > res.EndedAt {
			continue
		}
		if why, ok := struck[ev.Seq]; ok {
			// Shown, struck: it counts as never made.
			e := TimelineEntry{At: ev.At, Role: roleName(s, ev.Role), By: ev.By, Note: ev.Note, Kind: "struck", Tag: "struck: " + why}
			switch {
			case ev.Kind == sim.KindPhase:
				e.Text = "Moved to " + PhaseTitle(ev.Phase)
			case ev.Action != "":
				e.Text = ev.Action
				if a, ok := s.Action(ev.Action); ok {
					e.Text = a.Label
				}
			default:
				e.Text = ev.Text
			}
			out = append(out, e)
			continue
		}
		e := TimelineEntry{At: ev.At, Role: roleName(s, ev.Role), By: ev.By, Note: ev.Note}
		switch ev.Kind {
		case sim.KindDelivered, sim.KindSkipped:
			e.Kind, e.Text = "inject", ev.Inject
			if in, ok := s.Inject(ev.Inject); ok {
				e.Text, e.From, e.StoryTime = in.Title, in.From, in.StoryTime
				if in.Consequence != nil && ev.Kind == sim.KindDelivered {
					e.Tag = "consequence, penalty " + in.Consequence.Penalty.String()
				}
			}
			if ev.Kind == sim.KindSkipped {
				e.Kind, e.Tag = "skipped", ""
			}
		case sim.KindDecision:
			if ev.Action == "" {
				e.Kind, e.Text = "free text", ev.Text
				break
			}
			e.Kind, e.Text = "decision", ev.Action
			if a, ok := s.Action(ev.Action); ok {
				e.Text = a.Label
			}
			e.Tag = decisionTag(status[ev.Action], seen[ev.Action])
			seen[ev.Action] = true
		case sim.KindPhase:
			e.Kind, e.Text = "phase", "Moved to "+PhaseTitle(ev.Phase)
		case sim.KindNote:
			e.Kind, e.Text = "note", ev.Text
		case sim.KindWithhold:
			e.Kind, e.Text, e.Tag = "withheld", ev.Inject, "skipped by the facilitator: "+ev.Text
			if in, ok := s.Inject(ev.Inject); ok {
				e.Text = in.Title
			}
		case sim.KindAdHoc:
			e.Kind, e.Text, e.To, e.ToIDs = "ad-hoc inject", ev.Title, recipientNames(s, ev.Recipients()), ev.Recipients()
		case sim.KindLength:
			c := LengthChange{At: ev.At, From: length, To: ev.Length, Reason: ev.Text}
			e.Kind, e.Text, e.Length = "length", c.Text(), ev.Length
			length = ev.Length
		case sim.KindEnd:
			e.Kind, e.Text = "end", "Exercise ended"
		default:
			continue
		}
		out = append(out, e)
	}
	return out
}

func decisionTag(st Status, repeat bool) string {
	switch {
	case st == StatusTaken && repeat:
		return "harmful, repeat"
	case st == StatusTaken:
		return "harmful"
	case st == "":
		return ""
	case repeat:
		return "repeat"
	case st == StatusNotApplicable:
		return "not applicable"
	}
	return string(st)
}

// recipientNames names an ad-hoc inject's recipients: role names joined
// by ", ", or "everyone".
func recipientNames(s *scenarios.Scenario, ids []string) string {
	if len(ids) == 0 {
		return "everyone"
	}
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = roleName(s, id)
	}
	return strings.Join(names, ", ")
}

func roleName(s *scenarios.Scenario, id string) string {
	if id == "" {
		return ""
	}
	if r, ok := s.Role(id); ok {
		return r.Name
	}
	return id
}

// PhaseTitle is the display name of a phase.
func PhaseTitle(p scenarios.Phase) string {
	switch p {
	case scenarios.Preparation:
		return "Preparation"
	case scenarios.Detection:
		return "Detection and analysis"
	case scenarios.Containment:
		return "Containment"
	case scenarios.Eradication:
		return "Eradication"
	case scenarios.Recovery:
		return "Recovery"
	case scenarios.PostIncident:
		return "Post-incident activity"
	}
	return string(p)
}

// Folder is the name of the session folder ("ransomware-20261128T152400Z"):
// the session's stable key in reports, without the local path.
func (s *Session) Folder() string {
	if s.Dir == "" {
		return ""
	}
	return filepath.Base(filepath.Clean(s.Dir))
}

// Title is the report's title.
func (r *Report) Title() string { return "After-action report: " + r.Scenario.Title }

// DatePlayed is the session's creation date, "YYYY-MM-DD HH:MM UTC", or
// "unknown".
func (s *Session) DatePlayed() string {
	if s.Created.IsZero() {
		return "unknown"
	}
	return s.Created.UTC().Format("2006-01-02 15:04 UTC")
}

// DurationPlayed describes the scenario time played, e.g. "1h30m of 2h".
func (r *Report) DurationPlayed() string {
	d := fmt.Sprintf("%s of %s planned", r.Result.EndedAt, sim.LengthOf(r.Scenario, r.Session.Events))
	if !r.Result.Ended {
		d += " (not ended: provisional)"
	}
	return d
}

// optClock formats an optional time as a scenario clock, "—" when nil.
func optClock(d *scenarios.Duration) string {
	if d == nil {
		return "—"
	}
	return d.Clock()
}
