// Package scenarios defines the ttx scenario format (version 1): its types,
// the loader that turns YAML into a validated Scenario with line:col errors,
// the linter, the JSON Schema and the embedded built-in library.
//
// A loaded Scenario is immutable: nothing outside this package changes it,
// so one value may be shared by every front end of a session.
package scenarios

import (
	"cmp"
	"math/big"
	"slices"
	"strings"
)

// FormatVersion is the only value of the top-level `ttx` key this loader reads.
const FormatVersion = 1

// MaxFileSize is the largest scenario file the loader reads (4 MiB).
const MaxFileSize = 4 << 20

// Phase is an incident-response phase id (NIST SP 800-61 / SANS).
type Phase string

// The six phases, in life-cycle order.
const (
	Preparation  Phase = "preparation"
	Detection    Phase = "detection"
	Containment  Phase = "containment"
	Eradication  Phase = "eradication"
	Recovery     Phase = "recovery"
	PostIncident Phase = "post-incident"
)

// AllPhases lists every phase in the only order a scenario may use them.
var AllPhases = []Phase{Preparation, Detection, Containment, Eradication, Recovery, PostIncident}

// Valid reports whether p is one of the six phase ids.
func (p Phase) Valid() bool { return slices.Contains(AllPhases, p) }

// Channel is how an inject reaches the players.
type Channel string

// The inject channels; ChannelOther is the default.
const (
	ChannelEmail  Channel = "email"
	ChannelPhone  Channel = "phone"
	ChannelChat   Channel = "chat"
	ChannelAlert  Channel = "alert"
	ChannelTicket Channel = "ticket"
	ChannelNews   Channel = "news"
	ChannelReport Channel = "report"
	ChannelOther  Channel = "other"
)

// AllChannels lists every channel value.
var AllChannels = []Channel{ChannelEmail, ChannelPhone, ChannelChat, ChannelAlert, ChannelTicket, ChannelNews, ChannelReport, ChannelOther}

// Pos is a position in a scenario file: 1-based line and column of the YAML
// node a value came from. The zero Pos means "no position" (built in Go).
type Pos struct {
	Line int
	Col  int
}

// Scenario is one loaded, validated scenario. References between its parts
// (roles, actions, injects, objectives) are known to resolve.
type Scenario struct {
	Version    int
	ID         string
	Title      string
	Summary    string // markdown
	Duration   Duration
	Tags       []string
	Attack     []string
	Roles      []Role
	Phases     []Phase // never empty after loading: defaults to AllPhases
	Objectives []Objective
	Actions    []Action
	Injects    []Inject
	Scoring    Scoring
	Tests      []Test

	// Jurisdiction, GroundRules and Assumptions (format 1.1) are shown in
	// the briefing and the exercise package; they do not affect scoring.
	Jurisdiction string
	GroundRules  []string
	Assumptions  []string

	// File is the name the scenario was loaded from (a path, or
	// "library/<id>.yaml" for built-ins).
	File string
	// Source is the exact bytes that were parsed; SHA256 is their hex digest.
	// A session stores Source verbatim so that reports stay reproducible.
	Source []byte
	SHA256 string

	// keyPos holds positions the linter reports at: top-level keys by
	// name, and "phase:<id>" for each entry of the phases list.
	keyPos map[string]Pos

	// attackRefs are the ATT&CK ids of the file with their positions, for
	// the linter.
	attackRefs []attackRef

	roleIdx      map[string]int
	objectiveIdx map[string]int
	actionIdx    map[string]int
	injectIdx    map[string]int
}

// attackRef is one ATT&CK id written in the file.
type attackRef struct {
	id  string
	pos Pos
}

// Role is someone who plays.
type Role struct {
	ID          string
	Name        string
	Description string
	Pos         Pos
}

// Objective is an exercise objective in the HSEEP sense.
type Objective struct {
	ID         string
	Text       string
	Capability string // e.g. a NIST CSF 2.0 category such as "RS.MI"
	Pos        Pos
}

// Scoring holds the scenario's scoring settings.
type Scoring struct {
	LateCredit Number // in [0,1]; default 0.5
	// LateWindow (format 1.1): late credit falls linearly from the full
	// weight at the deadline to LateCredit at deadline + LateWindow. nil:
	// a late action earns LateCredit at once, as in format 1.0.
	LateWindow *Duration
}

// Action is an entry of the action catalogue. At most one of Expected and
// Harmful is set; with neither, the action is a neutral distractor.
type Action struct {
	ID          string
	Label       string
	Phase       Phase
	Role        string // optional role id
	Description string // markdown
	Expected    *Expected
	Harmful     *Harmful
	// AvailableAfter (format 1.1) is the inject whose delivery makes the
	// action exist for the team: before it, the action is not offered and
	// recording it is an error. "": available from the start.
	AvailableAfter string
	Pos            Pos
}

// Kind is "expected", "harmful" or "neutral".
func (a *Action) Kind() string {
	switch {
	case a.Expected != nil:
		return "expected"
	case a.Harmful != nil:
		return "harmful"
	}
	return "neutral"
}

// Expected marks an action the scenario expects the team to take.
type Expected struct {
	Weight         Number // > 0; default 1
	Critical       bool
	After          string    // anchor inject id, or ""
	Within         *Duration // deadline from the anchor; nil: the end of the exercise
	Objective      string    // objective id, or ""
	Capability     string
	Recommendation string
	LateWindow     *Duration // overrides Scoring.LateWindow; nil: the scenario's
}

// Harmful marks an action that costs the team points when taken.
type Harmful struct {
	Penalty Number // > 0; default 1
	Why     string
	// When (format 1.1): the action is harmful only when this holds at the
	// moment it is taken; nil: always.
	When *Condition
	// Objective (format 1.1) is the objective the harm counts against, or "".
	Objective string
}

// Consequence (format 1.1) makes an inject the cost of what the team did or
// failed to do: its penalty is charged once when the inject is delivered, in
// the inject's phase.
type Consequence struct {
	Penalty   Number // > 0; default 1
	Why       string
	Objective string // objective id, or ""
}

// Inject is one scripted event of the MSEL.
type Inject struct {
	ID               string
	At               Duration
	Title            string
	Body             string // markdown
	From             string
	To               []string // role ids; empty: everyone
	Channel          Channel  // ChannelOther when not given
	Phase            Phase    // "" when not given
	Attack           []string
	When             *Condition // nil: always delivered
	Choices          []string   // action ids; non-empty makes this a decision point
	FacilitatorNotes string     // markdown, never shown to players
	Questions        []string
	StoryTime        string       // format 1.1: in-story date and time, shown with the inject
	Consequence      *Consequence // format 1.1: nil unless the inject is an outcome cost
	Pos              Pos
}

// IsDecisionPoint reports whether the inject asks the team to pick one of its choices.
func (in *Inject) IsDecisionPoint() bool { return len(in.Choices) > 0 }

// Condition decides whether an inject is delivered. Exactly one field is set.
type Condition struct {
	Taken     string // action id
	NotTaken  string // action id
	Delivered string // inject id
	All       []Condition
	Any       []Condition
	Not       *Condition
	Pos       Pos
}

// Decision is one thing the team decided. Exactly one of Action, Text and
// Phase is set.
type Decision struct {
	At     Duration
	Action string // catalogue action id
	Text   string // free text, recorded but not scored
	Phase  Phase  // move the exercise to this phase
	Role   string
	Note   string
	// By is the participant who recorded it from a seat (never read from a
	// scenario or decisions file: seats set it).
	By  string
	Pos Pos
}

// Test is a scenario self-test run by `ttx test`.
type Test struct {
	Name      string
	Decisions []Decision
	End       *Duration // nil: the exercise runs to Duration
	Expect    Expect
	Pos       Pos
}

// Expect lists what a test checks; nil / empty fields are not checked.
type Expect struct {
	Score  *ExpectedScore
	Rating *ExpectedRating
	Phases map[Phase]ExpectedScore // a phase absent from the map is not checked
	// Objectives (format 1.1): objective id → score; absent: not checked.
	Objectives map[string]ExpectedScore
	Statuses   map[string]string // action id → status
	Delivered  []string
	Skipped    []string
	Pos        Pos
}

// ExpectedScore is an expected score: Null, or Value compared after
// rounding to one decimal.
type ExpectedScore struct {
	Null  bool
	Value float64
}

// ExpectedRating is an expected rating: Null, or one of "P", "S", "M", "U".
type ExpectedRating struct {
	Null  bool
	Value string
}

// Number is a non-negative decimal from a scenario file, kept exact so that
// scoring boundaries hold (17 of 20 weight is exactly 85%).
type Number struct{ r *big.Rat }

// NewNumber returns the exact value of a decimal string such as "0.5".
func NewNumber(s string) (Number, bool) {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return Number{}, false
	}
	return Number{r: r}, true
}

// IntNumber returns the Number n.
func IntNumber(n int64) Number { return Number{r: new(big.Rat).SetInt64(n)} }

// Rat returns a fresh copy of the exact value (0 for the zero Number).
func (n Number) Rat() *big.Rat {
	if n.r == nil {
		return new(big.Rat)
	}
	return new(big.Rat).Set(n.r)
}

// Float64 returns the nearest float64.
func (n Number) Float64() float64 {
	if n.r == nil {
		return 0
	}
	f, _ := n.r.Float64()
	return f
}

// String formats the number as the shortest exact decimal ("0.5", "3",
// "0.0000001"). Numbers from a scenario, and their sums and products, always
// have one; any other value (a late-window credit such as 5/3) is written
// with 4 decimals, rounded: "1.6667".
func (n Number) String() string {
	if n.r == nil {
		return "0"
	}
	if n.r.IsInt() {
		return n.r.Num().String()
	}
	digits, exact := n.r.FloatPrec()
	if !exact {
		digits = 4
	}
	s := strings.TrimRight(n.r.FloatString(digits), "0")
	return strings.TrimSuffix(s, ".")
}

// Role returns the role with that id.
func (s *Scenario) Role(id string) (*Role, bool) { return lookup(s.Roles, s.roleIdx, id) }

// Objective returns the objective with that id.
func (s *Scenario) Objective(id string) (*Objective, bool) {
	return lookup(s.Objectives, s.objectiveIdx, id)
}

// Action returns the action with that id.
func (s *Scenario) Action(id string) (*Action, bool) { return lookup(s.Actions, s.actionIdx, id) }

// Inject returns the inject with that id.
func (s *Scenario) Inject(id string) (*Inject, bool) { return lookup(s.Injects, s.injectIdx, id) }

// ActionIndex returns the position of the action in Actions, or -1.
func (s *Scenario) ActionIndex(id string) int { return index(s.actionIdx, id) }

// ObjectiveIndex returns the position of the objective in Objectives, or -1
// ("" is never an objective).
func (s *Scenario) ObjectiveIndex(id string) int { return index(s.objectiveIdx, id) }

// InjectIndex returns the position of the inject in Injects, or -1.
func (s *Scenario) InjectIndex(id string) int { return index(s.injectIdx, id) }

// InjectOrder returns the indices of Injects in the order the engine
// processes them: by due time, then file order. The linter reasons in the
// same order, so both must take it from here.
func (s *Scenario) InjectOrder() []int {
	order := make([]int, len(s.Injects))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(s.Injects[a].At, s.Injects[b].At) })
	return order
}

// HasPhase reports whether the scenario uses phase p.
func (s *Scenario) HasPhase(p Phase) bool { return slices.Contains(s.Phases, p) }

// BuildIndex (re)computes the id lookups. The loader calls it; code that
// builds a Scenario by hand (tests, generators) must call it before use.
func (s *Scenario) BuildIndex() {
	s.roleIdx = indexBy(s.Roles, func(r *Role) string { return r.ID })
	s.objectiveIdx = indexBy(s.Objectives, func(o *Objective) string { return o.ID })
	s.actionIdx = indexBy(s.Actions, func(a *Action) string { return a.ID })
	s.injectIdx = indexBy(s.Injects, func(in *Inject) string { return in.ID })
}

func indexBy[T any](items []T, id func(*T) string) map[string]int {
	m := make(map[string]int, len(items))
	for i := range items {
		if k := id(&items[i]); k != "" {
			if _, dup := m[k]; !dup {
				m[k] = i
			}
		}
	}
	return m
}

func lookup[T any](items []T, idx map[string]int, id string) (*T, bool) {
	i, ok := idx[id]
	if !ok {
		return nil, false
	}
	return &items[i], true
}

func index(idx map[string]int, id string) int {
	if i, ok := idx[id]; ok {
		return i
	}
	return -1
}

// Eval evaluates the condition with taken and delivered telling whether an
// action has been taken and an inject delivered, in whatever sense the
// caller's rule gives them (an inject's due time, a harmful action's
// decision). A condition built in Go with no key set is true.
func (c *Condition) Eval(taken, delivered func(id string) bool) bool {
	switch {
	case c.Taken != "":
		return taken(c.Taken)
	case c.NotTaken != "":
		return !taken(c.NotTaken)
	case c.Delivered != "":
		return delivered(c.Delivered)
	case c.All != nil:
		for i := range c.All {
			if !c.All[i].Eval(taken, delivered) {
				return false
			}
		}
		return true
	case c.Any != nil:
		for i := range c.Any {
			if c.Any[i].Eval(taken, delivered) {
				return true
			}
		}
		return false
	case c.Not != nil:
		return !c.Not.Eval(taken, delivered)
	}
	return true
}
