package scoring

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
)

// Trend is the readiness-gap trend across several sessions, of the same
// scenario or of different ones: scores per phase and per capability over
// time, gaps that recur, and whether the phases touched by corrective
// actions improved afterwards.
type Trend struct {
	Sessions     []TrendSession // oldest first
	Reports      []*Report      // each session's score, gaps and plan (no timeline), same order
	Overall      Series         // the overall score of each session
	Phases       []Series       // every phase any session used, in life-cycle order
	Capabilities []Series       // every capability any expected action names, sorted
	Recurring    []RecurringGap // gaps in at least two sessions, most frequent first
	FollowUps    []FollowUp     // per session and phase with corrective actions
	LeftOut      []LeftOut      // sessions left out as incomplete, oldest first
}

// TrendSession is one session in a trend.
type TrendSession struct {
	N        int // 1-based, in time order
	Dir      string
	Folder   string    // the session folder's name
	Created  time.Time // zero when unknown
	Date     string    // DatePlayed
	Scenario string    // scenario id
	Title    string
	Score    *big.Rat
	Rating   Rating
	Ended    bool
	Gaps     int
}

// Series is one score over the sessions: Points[i] belongs to Sessions[i].
type Series struct {
	ID     string // "overall", a phase id or a capability
	Name   string // for display
	Points []Point
}

// Point is a score in one session; Score is nil when the session did not
// score this phase or capability.
type Point struct {
	Score  *big.Rat
	Rating Rating
}

// RecurringGap is an action that was a gap in Count of the Of sessions
// where it applied.
type RecurringGap struct {
	Scenario       string
	Action         string
	Label          string
	Phase          scenarios.Phase
	Kind           string
	Count, Of      int
	Missed, Late   int
	Taken          int
	Recommendation string // or, for a harmful action, why it is harmful
}

// FollowUp says whether a phase that got corrective actions in one session
// scored better in the next session of the same scenario that scored that
// phase.
type FollowUp struct {
	Session      int // TrendSession.N
	Phase        scenarios.Phase
	Actions      []string // the corrective actions (plan items) in that phase: the label, or "Do not …" for a harmful action
	ActionIDs    []string // their action ids, same order
	Assigned     int      // how many of them have an owner
	Before       *big.Rat
	AfterSession int // 0: no later session of the same scenario scored this phase
	After        *big.Rat
}

// Verdict is "improved", "not improved" or "no later score" (no later
// session scored the phase).
func (f *FollowUp) Verdict() string {
	switch {
	case f.AfterSession == 0:
		return "no later score"
	case f.Before == nil || f.After.Cmp(f.Before) > 0:
		return "improved"
	}
	return "not improved"
}

// TrendOptions choose what a trend compares.
type TrendOptions struct {
	// IncludeIncomplete keeps sessions that were interrupted (never ended)
	// or ended before half their planned duration; by default they are left
	// out, since a drill abandoned after eight minutes says nothing about
	// readiness.
	IncludeIncomplete bool
}

// LeftOut is a session a trend left out, and why.
type LeftOut struct {
	Folder, Scenario, Reason string
}

// Incomplete says why a session is too incomplete for a trend ("" when it
// is not): interrupted (no end), or ended before half its planned length
// (the scenario's duration, or the length the facilitator last set).
func Incomplete(s *scenarios.Scenario, res *Result) string {
	length := res.Length
	if length == 0 {
		length = s.Duration
	}
	switch {
	case !res.Ended:
		return "interrupted (not ended)"
	case res.EndedAt*2 < length:
		return fmt.Sprintf("ended at %s of %s planned", res.EndedAt, length)
	}
	return ""
}

// BuildTrend builds the readiness-gap trend of the sessions with the
// default options.
func BuildTrend(sessions []*Session) *Trend { return BuildTrendWith(sessions, TrendOptions{}) }

// BuildTrendWith builds the readiness-gap trend of the sessions, ordered by
// creation time (sessions of unknown date keep their given order, first).
func BuildTrendWith(sessions []*Session, opt TrendOptions) *Trend {
	sorted := slices.Clone(sessions)
	slices.SortStableFunc(sorted, func(a, b *Session) int { return a.Created.Compare(b.Created) })

	t := &Trend{}
	kept := sorted[:0:0]
	var reports []*Report
	for _, sess := range sorted {
		r := buildGaps(sess)
		if why := Incomplete(sess.Scenario, r.Result); why != "" && !opt.IncludeIncomplete {
			t.LeftOut = append(t.LeftOut, LeftOut{Folder: sess.Folder(), Scenario: sess.Scenario.ID, Reason: why})
			continue
		}
		kept = append(kept, sess)
		reports = append(reports, r)
	}
	sorted = kept
	phaseUsed := make(map[scenarios.Phase]bool)
	capIdx := make(map[string]int)
	var capNames []string
	capScores := make([]map[string]*accumulator, len(sorted))
	for i, sess := range sorted {
		r := reports[i]
		t.Reports = append(t.Reports, r)
		t.Sessions = append(t.Sessions, TrendSession{
			N: i + 1, Dir: sess.Dir, Folder: sess.Folder(), Created: sess.Created, Date: sess.DatePlayed(), Scenario: sess.Scenario.ID, Title: sess.Scenario.Title,
			Score: r.Result.Exact, Rating: r.Result.Rating, Ended: r.Result.Ended, Gaps: len(r.Gaps),
		})
		for _, p := range r.Result.Phases {
			phaseUsed[p.Phase] = true
		}
		capScores[i] = make(map[string]*accumulator)
		for j := range r.Result.Actions {
			a := &r.Result.Actions[j]
			name := CapabilityOf(sess.Scenario, a)
			if a.Kind != KindExpected || name == "" {
				continue
			}
			if _, ok := capIdx[name]; !ok {
				capIdx[name] = len(capNames)
				capNames = append(capNames, name)
			}
			acc := capScores[i][name]
			if acc == nil {
				acc = &accumulator{}
				capScores[i][name] = acc
			}
			acc.addResult(a)
		}
	}

	t.Overall.ID, t.Overall.Name = "overall", "Overall"
	for _, r := range t.Reports {
		t.Overall.Points = append(t.Overall.Points, Point{r.Result.Exact, r.Result.Rating})
	}
	for _, p := range scenarios.AllPhases {
		if !phaseUsed[p] {
			continue
		}
		sr := Series{ID: string(p), Name: PhaseTitle(p)}
		for _, r := range t.Reports {
			var pt Point
			if pr := r.Result.Phase(p); pr != nil {
				pt = Point{pr.Exact, pr.Rating}
				if f, ok := finalPhaseRatings(r.Session.Events)[p]; ok {
					pt.Rating = f // the evaluator's final rating counts
				}
			}
			sr.Points = append(sr.Points, pt)
		}
		t.Phases = append(t.Phases, sr)
	}
	slices.Sort(capNames)
	capFinal := make([]map[string]Rating, len(t.Reports))
	for i, r := range t.Reports {
		capFinal[i] = finalCapabilityRatings(r.Scenario, r.Session.Events)
	}
	for _, name := range capNames {
		sr := Series{ID: name, Name: name}
		for i := range t.Reports {
			var pt Point
			if acc := capScores[i][name]; acc != nil {
				pt.Score, pt.Rating = acc.score()
				if f, ok := capFinal[i][name]; ok {
					pt.Rating = f // the evaluator's final rating counts
				}
			}
			sr.Points = append(sr.Points, pt)
		}
		t.Capabilities = append(t.Capabilities, sr)
	}
	t.Recurring = recurring(t.Reports)
	t.FollowUps = followUps(t.Reports)
	return t
}

func recurring(reports []*Report) []RecurringGap {
	type key struct{ scenario, action string }
	idx := make(map[key]int)
	var all []RecurringGap
	for _, r := range reports {
		for _, a := range r.Result.Actions {
			if a.Status == StatusNotApplicable {
				continue
			}
			k := key{r.Scenario.ID, a.ID}
			i, ok := idx[k]
			if !ok {
				i = len(all)
				idx[k] = i
				advice := a.Recommendation
				if a.Kind == KindHarmful {
					advice = a.Why
				}
				all = append(all, RecurringGap{Scenario: k.scenario, Action: a.ID, Label: a.Label, Phase: a.Phase, Kind: a.Kind, Recommendation: advice})
			}
			g := &all[i]
			g.Of++
			switch a.Status {
			case StatusMissed:
				g.Missed++
			case StatusLate:
				g.Late++
			case StatusTaken:
				g.Taken++
			}
			g.Count = g.Missed + g.Late + g.Taken
		}
	}
	out := slices.DeleteFunc(all, func(g RecurringGap) bool { return g.Count < 2 })
	slices.SortStableFunc(out, func(a, b RecurringGap) int {
		// Most often first, then the larger share of sessions.
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(b.Count*a.Of, a.Count*b.Of))
	})
	return out
}

func followUps(reports []*Report) []FollowUp {
	var out []FollowUp
	for i, r := range reports {
		for _, ph := range r.Phases {
			var f FollowUp
			for _, it := range r.Plan {
				if it.Phase == ph.Phase {
					f.Actions = append(f.Actions, it.Heading())
					f.ActionIDs = append(f.ActionIDs, it.ActionID)
					if it.Owner != "" {
						f.Assigned++
					}
				}
			}
			if len(f.Actions) == 0 {
				continue
			}
			f.Session, f.Phase, f.Before = i+1, ph.Phase, ph.Exact
			for j := i + 1; j < len(reports); j++ {
				if reports[j].Scenario.ID != r.Scenario.ID {
					continue // like with like: the same drill played again
				}
				if later := reports[j].Result.Phase(ph.Phase); later != nil && later.Exact != nil {
					f.AfterSession, f.After = j+1, later.Exact
					break
				}
			}
			out = append(out, f)
		}
	}
	return out
}

// Title is the trend report's title.
func (t *Trend) Title() string {
	return fmt.Sprintf("Readiness-gap trend: %d sessions", len(t.Sessions))
}

// scoredEnds returns the indices of the first and last scored points of
// the series, -1 and -1 when none is scored.
func (s *Series) scoredEnds() (first, last int) {
	first, last = -1, -1
	for i, p := range s.Points {
		if p.Score == nil {
			continue
		}
		if first < 0 {
			first = i
		}
		last = i
	}
	return first, last
}

// ends returns the first and last scored scores of the series, and whether
// there are two scored sessions to compare.
func (s *Series) ends() (first, last *big.Rat, ok bool) {
	i, j := s.scoredEnds()
	if i < 0 || i == j {
		return nil, nil, false
	}
	return s.Points[i].Score, s.Points[j].Score, true
}

// Change is the score of a series in its last scored session minus its
// first, and whether there were two scored sessions to compare.
func (s *Series) Change() (*big.Rat, bool) {
	first, last, ok := s.ends()
	if !ok {
		return nil, false
	}
	return new(big.Rat).Sub(last, first), true
}

// ChangeText formats the change from the first to the last scored session
// with its sign ("+12.5", "-3.0", "0.0"; "n/a" with fewer than two). It is
// the difference of the rounded scores, so that it matches the scores shown.
func (s *Series) ChangeText() string {
	first, last, ok := s.ends()
	if !ok {
		return "n/a"
	}
	t := RoundScore(last) - RoundScore(first)
	if t > 0 {
		return "+" + formatTenths(t)
	}
	return formatTenths(t)
}

// Summary is the trend in a few plain sentences, for the top of the
// report: the span of drills, the overall change, the phases that changed
// most, and the most frequent gap. The text holds scenario labels: escape
// it for the output format.
func (t *Trend) Summary() []string {
	n := len(t.Sessions)
	if n == 0 {
		return nil
	}
	scenarioIDs := make(map[string]bool)
	for _, s := range t.Sessions {
		scenarioIDs[s.Scenario] = true
	}
	out := []string{fmt.Sprintf("%d drills of %d scenario(s), from %s to %s.", n, len(scenarioIDs), t.Sessions[0].Date, t.Sessions[n-1].Date)}
	first, last := t.Overall.Points[0], t.Overall.Points[n-1]
	out = append(out, fmt.Sprintf("Overall score %s (%s) in the first drill, %s (%s) in the last; change %s.",
		FormatScore(first.Score), ratingDash(first.Rating), FormatScore(last.Score), ratingDash(last.Rating), t.Overall.ChangeText()))
	if len(scenarioIDs) > 1 {
		out = append(out, "The drills played different scenarios: scores across them compare different exercises; corrective actions are judged only against a later drill of the same scenario.")
	}
	if len(t.LeftOut) > 0 {
		out = append(out, fmt.Sprintf("%d incomplete session(s) left out.", len(t.LeftOut)))
	}
	var best, worst *Series
	var bestChange, worstChange *big.Rat
	for i := range t.Phases {
		c, ok := t.Phases[i].Change()
		if !ok {
			continue
		}
		if bestChange == nil || c.Cmp(bestChange) > 0 {
			best, bestChange = &t.Phases[i], c
		}
		if worstChange == nil || c.Cmp(worstChange) < 0 {
			worst, worstChange = &t.Phases[i], c
		}
	}
	if best != nil && bestChange.Sign() > 0 {
		out = append(out, fmt.Sprintf("Most improved phase: %s (%s).", best.Name, best.ChangeText()))
	}
	if worst != nil && worstChange.Sign() < 0 {
		out = append(out, fmt.Sprintf("Phase that declined most: %s (%s).", worst.Name, worst.ChangeText()))
	}
	if len(t.Recurring) > 0 {
		g := t.Recurring[0]
		out = append(out, fmt.Sprintf("Most frequent gap: %s (%s), a gap in %d of %d drills.", g.Label, PhaseTitle(g.Phase), g.Count, g.Of))
	} else {
		out = append(out, "No gap recurred in two or more drills.")
	}
	return out
}
