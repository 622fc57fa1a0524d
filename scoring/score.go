// Package scoring scores a session against its scenario (the normative
// rules of spec/scenario-format.md), runs scenario self-tests, and builds
// after-action reports, improvement plans and readiness-gap trends with
// renderers for Markdown, HTML, JSON and CSV.
//
// Scoring is a pure function of the scenario and the session's events:
// the same inputs always give the same result, and nothing here reads the
// wall clock or touches a terminal.
package scoring

import (
	"math/big"
	"slices"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// Rating is an HSEEP performance rating: P (performed without challenges),
// S (with some challenges), M (with major challenges), U (unable to be
// performed). The empty Rating stands for null: nothing to rate.
type Rating string

// The ratings, best first.
const (
	RatingNone Rating = ""
	RatingP    Rating = "P"
	RatingS    Rating = "S"
	RatingM    Rating = "M"
	RatingU    Rating = "U"
)

// Description is the HSEEP wording of the rating.
func (r Rating) Description() string {
	switch r {
	case RatingP:
		return "performed without challenges"
	case RatingS:
		return "performed with some challenges"
	case RatingM:
		return "performed with major challenges"
	case RatingU:
		return "unable to be performed"
	}
	return "not rated"
}

// rank orders ratings so that a cap is a minimum: higher is better.
func (r Rating) rank() int {
	switch r {
	case RatingP:
		return 4
	case RatingS:
		return 3
	case RatingM:
		return 2
	case RatingU:
		return 1
	}
	return 0
}

// Status is the outcome of one expected or harmful action.
type Status string

// The statuses of spec/scenario-format.md, Scoring rules 3 and 5.
const (
	StatusMet           Status = "met"
	StatusLate          Status = "late"
	StatusMissed        Status = "missed"
	StatusNotApplicable Status = "not_applicable"
	StatusTaken         Status = "taken"
	StatusHarmless      Status = "harmless" // format 1.1: taken, but never while its `when` held
	StatusAvoided       Status = "avoided"
)

// Action kinds as they appear in results.
const (
	KindExpected = "expected"
	KindHarmful  = "harmful"
)

// Result is the score of one session.
type Result struct {
	Scenario string
	EndedAt  scenarios.Duration // the time of the end event, or of the last event while still running
	Ended    bool               // false: the session has no end event and the score is provisional
	// Length is the length planned at the end (sim.LengthOf): the
	// scenario's duration, or the last length the facilitator set.
	Length scenarios.Duration

	// Score is the overall score, unrounded (nil: null). Exact holds the
	// same value exactly; round it with FormatScore or RoundScore for output.
	Score  *float64
	Exact  *big.Rat
	Rating Rating

	LateCredit scenarios.Number
	Weight     scenarios.Number // Σ weight of applicable expected actions
	Credit     scenarios.Number // Σ credit
	Penalty    scenarios.Number // Σ penalty of harmful actions taken and consequences delivered

	Phases     []PhaseResult     // every phase of the scenario, in order
	Objectives []ObjectiveResult // every objective of the scenario, in file order
	Actions    []ActionResult    // every expected and harmful action, in file order
	Injects    []InjectResult    // every inject that fell due at or before the end, in the order processed

	// TimeToDetect and TimeToContain are the times of the first decision
	// taking an expected detection / containment action (nil: none taken).
	TimeToDetect  *scenarios.Duration
	TimeToContain *scenarios.Duration
	// Decisions counts catalogue decisions, FreeText free-text ones.
	Decisions int
	FreeText  int
}

// PhaseResult is the score of one phase.
type PhaseResult struct {
	Phase   scenarios.Phase
	Score   *float64 // unrounded; nil: no applicable expected action
	Exact   *big.Rat
	Rating  Rating
	Weight  scenarios.Number
	Credit  scenarios.Number
	Penalty scenarios.Number
	// FirstDecisionAt is the time of the first decision in this phase: a
	// catalogue decision counts in its action's phase, a free-text one in
	// the phase the exercise was in.
	FirstDecisionAt *scenarios.Duration
}

// ActionResult is the outcome of one expected or harmful action.
type ActionResult struct {
	ID    string
	Label string
	Phase scenarios.Phase
	Role  string
	Kind  string // KindExpected or KindHarmful
	// Status: met, late, missed, not_applicable (expected); taken,
	// harmless, avoided (harmful).
	Status Status
	// At is the first time taken (nil: never); for a harmful action taken
	// while its `when` held, the first such time.
	At    *scenarios.Duration
	Times int // how often it was taken

	// Expected actions only.
	Deadline       *scenarios.Duration // nil: not applicable
	AnchorAt       *scenarios.Duration // delivery time of the `after` inject, if delivered
	ResponseTime   *scenarios.Duration // met or late: time from the anchor (0 without one) to the first take; 0 if taken before the anchor
	Weight         scenarios.Number
	Credit         scenarios.Number
	Critical       bool
	Capability     string
	Objective      string
	Recommendation string

	// Harmful actions only.
	Penalty scenarios.Number
	Why     string
	// HarmObjective is the objective a harmful action counts against.
	HarmObjective string
}

// IsGap reports whether the action is a gap: an expected action missed or
// late, or a harmful action taken.
func (a *ActionResult) IsGap() bool {
	return a.Status == StatusMissed || a.Status == StatusLate || a.Status == StatusTaken
}

// InjectResult is what happened to one inject that fell due.
type InjectResult struct {
	ID     string
	Title  string
	Status string // "delivered" or "skipped"
	At     scenarios.Duration
	// Consequence is the inject's consequence when it was delivered (its
	// penalty is charged), else nil.
	Consequence *scenarios.Consequence
}

// ObjectiveResult is how well the team did on one exercise objective: the
// scoring formula over the applicable expected actions that serve it, the
// harmful actions taken and the consequences delivered that name it.
type ObjectiveResult struct {
	ID, Text, Capability string
	Score                *big.Rat // nil: no applicable expected action serves it
	Rating               Rating
	Weight               scenarios.Number
	Credit               scenarios.Number
	Penalty              scenarios.Number
	Met, Applicable      int // expected actions met on time, of those applicable
}

// ScoreText is the objective score rounded for display, "n/a" when null.
func (o *ObjectiveResult) ScoreText() string { return FormatScore(o.Score) }

var (
	ratHundred = big.NewRat(100, 1)
	ratP       = big.NewRat(85, 1)
	ratS       = big.NewRat(65, 1)
	ratM       = big.NewRat(40, 1)
	defaultLC  = big.NewRat(1, 2)
)

// accumulator sums one scope (a phase, an objective or the whole scenario).
type accumulator struct {
	weight, credit, penalty big.Rat
	applicable              int
	capMissed, capLate      bool // a critical action missed / late in scope
}

// addResult adds one action's outcome: an applicable expected action's
// weight and credit, a harmful action's penalty when taken.
func (a *accumulator) addResult(r *ActionResult) {
	switch {
	case r.Kind == KindExpected && r.Status != StatusNotApplicable:
		a.applicable++
		a.weight.Add(&a.weight, r.Weight.Rat())
		a.credit.Add(&a.credit, r.Credit.Rat())
		if r.Critical {
			a.capMissed = a.capMissed || r.Status == StatusMissed
			a.capLate = a.capLate || r.Status == StatusLate
		}
	case r.Kind == KindHarmful && r.Status == StatusTaken:
		a.penalty.Add(&a.penalty, r.Penalty.Rat())
	}
}

// charge adds a penalty that is not an action's: a delivered consequence.
func (a *accumulator) charge(penalty *big.Rat) { a.penalty.Add(&a.penalty, penalty) }

// score applies rules 6–8: nil when nothing applicable, else
// 100 × max(0, (credit − penalty) / weight), and the capped rating.
func (a *accumulator) score() (*big.Rat, Rating) {
	if a.applicable == 0 || a.weight.Sign() == 0 {
		return nil, RatingNone
	}
	x := new(big.Rat).Sub(&a.credit, &a.penalty)
	if x.Sign() < 0 {
		x.SetInt64(0)
	}
	x.Quo(x, &a.weight)
	x.Mul(x, ratHundred)
	rating := RatingU
	switch {
	case x.Cmp(ratP) >= 0:
		rating = RatingP
	case x.Cmp(ratS) >= 0:
		rating = RatingS
	case x.Cmp(ratM) >= 0:
		rating = RatingM
	}
	if a.capMissed && rating.rank() > RatingM.rank() {
		rating = RatingM
	}
	if a.capLate && rating.rank() > RatingS.rank() {
		rating = RatingS
	}
	return x, rating
}

// Score scores a session: the scenario it played and its events in order.
// The end is the time of the first end event; a session without one is
// scored provisionally as if it ended at its last event (Result.Ended is
// false). Events after the end are ignored.
func Score(s *scenarios.Scenario, events []sim.Event) *Result {
	events = sim.Effective(events) // a struck decision counts as never taken
	end, ended := sessionEnd(events)
	res := &Result{Scenario: s.ID, EndedAt: end, Ended: ended, Length: sim.LengthOf(s, events)}

	lateCredit := lateCreditOf(s)
	res.LateCredit = ratNumber(lateCredit)

	phaseIdx := make(map[scenarios.Phase]int, len(s.Phases))
	for i, p := range s.Phases {
		phaseIdx[p] = i
	}
	firstInPhase := make([]*scenarios.Duration, len(s.Phases))
	notePhase := func(p scenarios.Phase, at scenarios.Duration) {
		if i, ok := phaseIdx[p]; ok && firstInPhase[i] == nil {
			firstInPhase[i] = durPtr(at)
		}
	}

	// What the record holds so far, as a harmful action's `when` sees it:
	// the decisions earlier in the record and the injects processed.
	delivered := make(map[string]scenarios.Duration)
	firstTake := make([]scenarios.Duration, len(s.Actions))
	times := make([]int, len(s.Actions))
	// harmAt is, per harmful action, the first time it was taken while its
	// `when` held (-1: never).
	harmAt := make([]scenarios.Duration, len(s.Actions))
	for i := range harmAt {
		harmAt[i] = -1
	}
	taken := func(id string) bool {
		i := s.ActionIndex(id)
		return i >= 0 && times[i] > 0
	}
	wasDelivered := func(id string) bool { _, ok := delivered[id]; return ok }

	for i := range events {
		ev := &events[i]
		if ev.At > end {
			continue
		}
		switch ev.Kind {
		case sim.KindDelivered, sim.KindSkipped:
			ir := InjectResult{ID: ev.Inject, Status: "skipped", At: ev.At}
			in, known := s.Inject(ev.Inject)
			if known {
				ir.Title = in.Title
			}
			if ev.Kind == sim.KindDelivered {
				ir.Status = "delivered"
				if _, seen := delivered[ev.Inject]; !seen {
					delivered[ev.Inject] = ev.At
					if known && in.Consequence != nil {
						ir.Consequence = in.Consequence
					}
				}
			}
			res.Injects = append(res.Injects, ir)
		case sim.KindDecision:
			if ev.Action == "" {
				res.FreeText++
				notePhase(ev.Phase, ev.At)
				continue
			}
			res.Decisions++
			ai := s.ActionIndex(ev.Action)
			if ai < 0 {
				continue // not in the catalogue: the engine never records one
			}
			a := &s.Actions[ai]
			if h := a.Harmful; h != nil && harmAt[ai] < 0 && (h.When == nil || h.When.Eval(taken, wasDelivered)) {
				harmAt[ai] = ev.At
			}
			if times[ai] == 0 {
				firstTake[ai] = ev.At
			}
			times[ai]++
			notePhase(a.Phase, ev.At)
			if a.Expected != nil && a.Phase == scenarios.Detection && res.TimeToDetect == nil {
				res.TimeToDetect = durPtr(ev.At)
			}
			if a.Expected != nil && a.Phase == scenarios.Containment && res.TimeToContain == nil {
				res.TimeToContain = durPtr(ev.At)
			}
		}
	}

	for i := range s.Actions {
		a := &s.Actions[i]
		if a.Expected == nil && a.Harmful == nil {
			continue
		}
		r := ActionResult{ID: a.ID, Label: a.Label, Phase: a.Phase, Role: a.Role, Times: times[i]}
		if times[i] > 0 {
			r.At = durPtr(firstTake[i])
		}
		if e := a.Expected; e != nil {
			scoreExpected(&r, e, delivered, end, e.Weight.Rat(), lateCredit, lateWindowOf(s, e))
		} else {
			h := a.Harmful
			r.Kind = KindHarmful
			r.Why = h.Why
			r.Penalty = h.Penalty
			r.HarmObjective = h.Objective
			switch {
			case harmAt[i] >= 0:
				r.Status = StatusTaken
				r.At = durPtr(harmAt[i])
			case times[i] > 0:
				r.Status = StatusHarmless
			default:
				r.Status = StatusAvoided
			}
		}
		res.Actions = append(res.Actions, r)
	}
	res.aggregate(s, func(*ActionResult) bool { return true })
	for i := range res.Phases {
		res.Phases[i].FirstDecisionAt = firstInPhase[i]
	}
	return res
}

// aggregate applies rules 6–8 to the outcomes in res.Actions and res.Injects:
// the scores and ratings of every phase, every objective and the whole
// scenario, over the actions that counts accepts (Score: all of them; the
// running score leaves the open ones out), the harmful actions taken and
// the consequences delivered.
func (res *Result) aggregate(s *scenarios.Scenario, counts func(*ActionResult) bool) {
	phaseAcc := make([]accumulator, len(s.Phases))
	objAcc := make([]accumulator, len(s.Objectives))
	objMet := make([]int, len(s.Objectives))
	var total accumulator
	phase := func(p scenarios.Phase) *accumulator {
		if i := slices.Index(s.Phases, p); i >= 0 {
			return &phaseAcc[i]
		}
		return nil
	}
	for i := range res.Actions {
		r := &res.Actions[i]
		if !counts(r) {
			continue
		}
		objective := r.Objective
		if r.Kind == KindHarmful {
			objective = r.HarmObjective
		}
		accs := []*accumulator{&total, phase(r.Phase)}
		if oi := s.ObjectiveIndex(objective); oi >= 0 {
			accs = append(accs, &objAcc[oi])
			if r.Status == StatusMet {
				objMet[oi]++
			}
		}
		for _, acc := range accs {
			if acc != nil {
				acc.addResult(r)
			}
		}
	}
	// Consequences (format 1.1, rule 6): each delivered one costs its
	// penalty once, in the inject's phase and against its objective.
	for _, ir := range res.Injects {
		c := ir.Consequence
		if c == nil {
			continue
		}
		in, _ := s.Inject(ir.ID)
		p := c.Penalty.Rat()
		total.charge(p)
		if acc := phase(in.Phase); acc != nil {
			acc.charge(p)
		}
		if oi := s.ObjectiveIndex(c.Objective); oi >= 0 {
			objAcc[oi].charge(p)
		}
	}

	if len(res.Phases) != len(s.Phases) {
		res.Phases = make([]PhaseResult, len(s.Phases))
	}
	for i, p := range s.Phases {
		acc := &phaseAcc[i]
		x, rating := acc.score()
		ph := &res.Phases[i]
		ph.Phase, ph.Exact, ph.Score, ph.Rating = p, x, ratFloat(x), rating
		ph.Weight, ph.Credit, ph.Penalty = ratNumber(&acc.weight), ratNumber(&acc.credit), ratNumber(&acc.penalty)
	}
	res.Objectives = make([]ObjectiveResult, len(s.Objectives))
	for i, o := range s.Objectives {
		acc := &objAcc[i]
		x, rating := acc.score()
		res.Objectives[i] = ObjectiveResult{
			ID: o.ID, Text: o.Text, Capability: o.Capability, Score: x, Rating: rating,
			Weight: ratNumber(&acc.weight), Credit: ratNumber(&acc.credit), Penalty: ratNumber(&acc.penalty),
			Met: objMet[i], Applicable: acc.applicable,
		}
	}
	res.Exact, res.Rating = total.score()
	res.Score = ratFloat(res.Exact)
	res.Weight, res.Credit, res.Penalty = ratNumber(&total.weight), ratNumber(&total.credit), ratNumber(&total.penalty)
}

// lateCreditOf is the share of its weight a late expected action earns:
// the scenario's scoring.late_credit, or one half when it sets none.
func lateCreditOf(s *scenarios.Scenario) *big.Rat {
	if s.Scoring.LateCredit != (scenarios.Number{}) {
		return s.Scoring.LateCredit.Rat()
	}
	return defaultLC
}

// lateWindowOf is the late window of an expected action: its own, else the
// scenario's; nil: none.
func lateWindowOf(s *scenarios.Scenario, e *scenarios.Expected) *scenarios.Duration {
	if e.LateWindow != nil {
		return e.LateWindow
	}
	return s.Scoring.LateWindow
}

// scoreExpected fills in the outcome of an expected action (rules 1–4) and
// returns its credit.
func scoreExpected(r *ActionResult, e *scenarios.Expected, delivered map[string]scenarios.Duration, end scenarios.Duration, weight, lateCredit *big.Rat, window *scenarios.Duration) *big.Rat {
	r.Kind = KindExpected
	r.Weight = ratNumber(weight)
	r.Critical = e.Critical
	r.Capability = e.Capability
	r.Objective = e.Objective
	r.Recommendation = e.Recommendation

	var anchor scenarios.Duration
	if e.After != "" {
		at, ok := delivered[e.After]
		if !ok {
			r.Status = StatusNotApplicable
			r.Credit = ratNumber(new(big.Rat))
			return new(big.Rat)
		}
		anchor = at
		r.AnchorAt = durPtr(at)
	}
	deadline := end
	if e.Within != nil {
		deadline = anchor + *e.Within
	}
	r.Deadline = durPtr(deadline)

	credit := new(big.Rat)
	switch {
	case r.At == nil:
		r.Status = StatusMissed
	case *r.At <= deadline:
		r.Status = StatusMet
		credit.Set(weight)
	default:
		r.Status = StatusLate
		credit = lateCreditFor(weight, lateCredit, *r.At-deadline, window)
	}
	if r.At != nil {
		r.ResponseTime = durPtr(max(0, *r.At-anchor))
	}
	r.Credit = ratNumber(credit)
	return credit
}

// lateCreditFor is rule 4's credit of an action `late` past its deadline:
// weight × late_credit without a window; with a window W, weight × (1 −
// (1 − late_credit) × min(late, W) / W).
func lateCreditFor(weight, lateCredit *big.Rat, late scenarios.Duration, window *scenarios.Duration) *big.Rat {
	if window == nil || *window <= 0 {
		return new(big.Rat).Mul(weight, lateCredit)
	}
	share := new(big.Rat).SetFrac64(int64(min(late, *window)), int64(*window)) // min(L, W) / W
	loss := new(big.Rat).Sub(big.NewRat(1, 1), lateCredit)
	share.Mul(share, loss)
	share.Sub(big.NewRat(1, 1), share)
	return share.Mul(share, weight)
}

// sessionEnd returns the time of the first end event, or the latest event
// time of a session still running.
func sessionEnd(events []sim.Event) (scenarios.Duration, bool) {
	var last scenarios.Duration
	for i := range events {
		if events[i].Kind == sim.KindEnd {
			return events[i].At, true
		}
		last = max(last, events[i].At)
	}
	return last, false
}

func durPtr(d scenarios.Duration) *scenarios.Duration { return &d }

func ratFloat(x *big.Rat) *float64 {
	if x == nil {
		return nil
	}
	f, _ := x.Float64()
	return &f
}

// ratNumber converts an exact rational to a scenarios.Number. The scores of
// a scenario are sums and products of its decimals, so the value is exact.
func ratNumber(x *big.Rat) scenarios.Number {
	n, _ := scenarios.NewNumber(x.RatString())
	return n
}

// RoundScore rounds an exact score to tenths, half away from zero (rule 9),
// and returns the number of tenths: 72.45 → 725.
func RoundScore(x *big.Rat) int64 {
	// tenths = ⌊(20·|num| + den) / (2·den)⌋, with the sign of x.
	num := new(big.Int).Mul(x.Num(), big.NewInt(10))
	neg := num.Sign() < 0
	num.Abs(num)
	den := x.Denom()
	num.Mul(num, big.NewInt(2)).Add(num, den)
	num.Quo(num, new(big.Int).Mul(den, big.NewInt(2)))
	t := num.Int64()
	if neg {
		t = -t
	}
	return t
}

// FormatScore formats an exact score rounded to one decimal ("72.5",
// "100.0"); a null score is "n/a".
func FormatScore(x *big.Rat) string {
	if x == nil {
		return "n/a"
	}
	return formatTenths(RoundScore(x))
}

func formatTenths(t int64) string {
	sign := ""
	if t < 0 {
		sign, t = "-", -t
	}
	return sign + big.NewInt(t/10).String() + "." + string(rune('0'+t%10))
}

// ScoreText is the overall score rounded for display, "n/a" when null.
func (r *Result) ScoreText() string { return FormatScore(r.Exact) }

// ScoreText is the phase score rounded for display, "n/a" when null.
func (p *PhaseResult) ScoreText() string { return FormatScore(p.Exact) }

// Phase returns the result of phase p, or nil when the scenario does not use it.
func (r *Result) Phase(p scenarios.Phase) *PhaseResult {
	for i := range r.Phases {
		if r.Phases[i].Phase == p {
			return &r.Phases[i]
		}
	}
	return nil
}

// Action returns the result of the expected or harmful action id, or nil.
func (r *Result) Action(id string) *ActionResult {
	for i := range r.Actions {
		if r.Actions[i].ID == id {
			return &r.Actions[i]
		}
	}
	return nil
}
