package scoring

import (
	"math/big"
	"slices"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// Evaluation is the human side of the after-action report, from the
// journal's evaluation events: the evaluator's final ratings beside the
// rules' suggested ones, observations, the hot wash and participant
// feedback. None of it changes the score.
type Evaluation struct {
	Capabilities []CapabilityRow // one per objective, in file order
	PhaseFinal   map[scenarios.Phase]FinalRating
	Observations []Observation // in the order recorded
	HotWash      []HotWashNote // in the order recorded
	Feedback     FeedbackSummary
	Participants []Participant // per role of the scenario, in file order, then unknown roles
}

// FinalRating is the evaluator's rating of an objective or phase.
type FinalRating struct {
	Rating    Rating `json:"rating"`
	Rationale string `json:"rationale"`
	By        string `json:"set_by"` // who set it; "" when not said
}

// CapabilityRow is one line of the capability analysis: an objective, its
// capability, the rules' suggested rating and the evaluator's final one.
type CapabilityRow struct {
	Objective, ObjectiveID, Capability string
	Score                              *big.Rat
	Suggested                          Rating
	Final                              *FinalRating // nil: the suggested rating stands
}

// Rating is the rating that counts: the final one when set, else the
// suggested one.
func (c *CapabilityRow) Rating() Rating {
	if c.Final != nil {
		return c.Final.Rating
	}
	return c.Suggested
}

// Observation is an evaluator's strength or area for improvement.
type Observation struct {
	At         scenarios.Duration `json:"at_s"`
	Type       string             `json:"type"` // "strength" or "improvement"
	Text       string             `json:"text"`
	Cause      string             `json:"cause"` // root cause; "" when not given
	By         string             `json:"by"`
	Inject     string             `json:"inject"`     // inject title, or ""
	Objective  string             `json:"objective"`  // objective text, or ""
	Capability string             `json:"capability"` // the objective's capability, or ""
}

// HotWashNote is what the team said about an objective in the hot wash.
type HotWashNote struct {
	Type      string `json:"type"` // "strength" or "improvement"
	Text      string `json:"text"`
	Objective string `json:"objective"` // objective text, or "" for the exercise as a whole
}

// FeedbackSummary sums up the participant feedback forms.
type FeedbackSummary struct {
	Forms   int             `json:"respondents"` // distinct respondents: each name, and all anonymous ones as one
	Answers []FeedbackText  `json:"part1"`       // Part I, in the order given
	Ratings []FeedbackScore `json:"part2"`       // Part II, in sim.FeedbackItems order, only items rated
}

// FeedbackText is one Part I answer.
type FeedbackText struct {
	Item     string `json:"item"`
	Question string `json:"question"`
	Text     string `json:"text"`
	By       string `json:"by"`   // "" : anonymous
	Role     string `json:"role"` // role name, or ""
}

// FeedbackScore is the average of one Part II statement.
type FeedbackScore struct {
	Item      string  `json:"item"`
	Statement string  `json:"statement"`
	N         int     `json:"answers"`
	Average   float64 `json:"average"`
}

// Participant is a role of the exercise and who played it.
type Participant struct {
	Role      string   `json:"role"`      // role name
	Names     []string `json:"played_by"` // named on feedback forms
	Decisions int      `json:"decisions"` // decisions recorded for the role
	Notes     int      `json:"notes"`
}

// FeedbackQuestions are the feedback items' questions, as the form prints
// them (scoring/pack).
var FeedbackQuestions = map[string]string{
	"strengths":    "The top strengths seen in the exercise",
	"improvements": "The top areas for improvement, and what to do about each",
	"actions":      "What I will do, or ask for, in my role",
	"unseen":       "What the facilitator or evaluators may not have seen",
	"comments":     "Other comments on the exercise's design and conduct",
	"structure":    "The exercise was well structured and organised.",
	"realism":      "The scenario was plausible and realistic.",
	"facilitation": "The facilitator kept the discussion on track and on time.",
	"documents":    "The exercise documents (situation manual, briefing) were useful.",
	"relevance":    "Taking part was appropriate for someone in my role.",
	"participants": "The right people took part, in level and mix of roles.",
	"no-fault":     "The exercise tested our plans and procedures, not individuals.",
}

func buildEvaluation(s *scenarios.Scenario, res *Result, events []sim.Event) *Evaluation {
	ev := &Evaluation{PhaseFinal: map[scenarios.Phase]FinalRating{}}
	objFinal := map[string]FinalRating{}
	scores := map[string]map[string]int{} // item -> named respondent -> score
	anon := map[string][]int{}            // item -> anonymous scores
	named := map[string][]string{}        // role id -> names
	respondents := map[string]bool{}
	decisions, notes := map[string]int{}, map[string]int{}
	objText := func(id string) (string, string) {
		if o, ok := s.Objective(id); ok {
			return o.Text, o.Capability
		}
		return "", ""
	}
	addName := func(role, name string) {
		if name != "" && !slices.Contains(named[role], name) {
			named[role] = append(named[role], name)
		}
	}
	struck := map[int]bool{}
	for _, e := range events {
		if e.Kind == sim.KindStrike {
			struck[e.Ref] = true
		}
	}
	for _, e := range events {
		switch e.Kind {
		case sim.KindDecision, sim.KindPhase:
			if !struck[e.Seq] { // a struck decision counts as never made
				decisions[e.Role]++
			}
		case sim.KindNote:
			notes[e.Role]++
		case sim.KindRating:
			f := FinalRating{Rating: Rating(e.Rating), Rationale: e.Note, By: e.By}
			switch {
			case e.Objective != "" && e.Rating == "":
				delete(objFinal, e.Objective)
			case e.Objective != "":
				objFinal[e.Objective] = f
			case e.Rating == "":
				delete(ev.PhaseFinal, e.Phase)
			default:
				ev.PhaseFinal[e.Phase] = f
			}
		case sim.KindObservation:
			o := Observation{At: e.At, Type: e.Type, Text: e.Text, Cause: e.Cause, By: e.By}
			o.Objective, o.Capability = objText(e.Objective)
			if in, ok := s.Inject(e.Inject); ok {
				o.Inject = in.Title
			}
			ev.Observations = append(ev.Observations, o)
		case sim.KindHotWash:
			text, _ := objText(e.Objective)
			ev.HotWash = append(ev.HotWash, HotWashNote{Type: e.Type, Text: e.Text, Objective: text})
		case sim.KindFeedback:
			respondents[e.By] = true
			addName(e.Role, e.By)
			if sim.FeedbackScored(e.Item) {
				if e.By == "" {
					anon[e.Item] = append(anon[e.Item], e.Score) // every anonymous rating counts
					continue
				}
				if scores[e.Item] == nil {
					scores[e.Item] = map[string]int{}
				}
				scores[e.Item][e.By] = e.Score // a named participant's last rating counts
				continue
			}
			ev.Feedback.Answers = append(ev.Feedback.Answers, FeedbackText{Item: e.Item, Question: FeedbackQuestions[e.Item],
				Text: e.Text, By: e.By, Role: roleName(s, e.Role)})
		}
	}
	ev.Feedback.Forms = len(respondents)
	for _, item := range sim.FeedbackItems {
		all := anon[item]
		for _, v := range scores[item] {
			all = append(all, v)
		}
		if len(all) == 0 {
			continue
		}
		sum := 0
		for _, v := range all {
			sum += v
		}
		ev.Feedback.Ratings = append(ev.Feedback.Ratings, FeedbackScore{Item: item, Statement: FeedbackQuestions[item],
			N: len(all), Average: float64(sum) / float64(len(all))})
	}
	for _, o := range res.Objectives {
		row := CapabilityRow{Objective: o.Text, ObjectiveID: o.ID, Capability: o.Capability, Score: o.Score, Suggested: o.Rating}
		if f, ok := objFinal[o.ID]; ok {
			row.Final = &f
		}
		ev.Capabilities = append(ev.Capabilities, row)
	}
	for _, r := range s.Roles {
		ev.Participants = append(ev.Participants, Participant{Role: r.Name, Names: named[r.ID], Decisions: decisions[r.ID], Notes: notes[r.ID]})
	}
	if decisions[""]+notes[""] > 0 || len(named[""]) > 0 {
		ev.Participants = append(ev.Participants, Participant{Role: "(no role given)", Names: named[""], Decisions: decisions[""], Notes: notes[""]})
	}
	return ev
}

// FinalPhaseRating is the rating of a phase that counts: the evaluator's
// when set, else the rules'.
func (e *Evaluation) FinalPhaseRating(p *PhaseResult) Rating {
	if f, ok := e.PhaseFinal[p.Phase]; ok {
		return f.Rating
	}
	return p.Rating
}

// CapabilitySection is the analysis of one capability: what the rules saw
// (strengths met on time, gaps) and what the evaluators observed, each
// area for improvement with its root cause.
type CapabilitySection struct {
	Capability   string
	Strengths    []string // expected-action labels met on time, and strength observations
	Improvements []Improvement
}

// Improvement is an area for improvement with its root cause ("" when no
// one has said yet).
type Improvement struct {
	Text, Cause, Source string // Source: "rules" or the evaluator's name, or "evaluator"
}

func capabilitySections(r *Report) []CapabilitySection {
	idx := map[string]int{}
	var out []CapabilitySection
	sec := func(c string) *CapabilitySection {
		if c == "" {
			c = "(no capability)"
		}
		i, ok := idx[c]
		if !ok {
			i = len(out)
			idx[c] = i
			out = append(out, CapabilitySection{Capability: c})
		}
		return &out[i]
	}
	for _, o := range r.Scenario.Objectives {
		sec(o.Capability)
	}
	for i := range r.Result.Actions {
		a := &r.Result.Actions[i]
		if a.Kind == KindExpected && a.Status == StatusMet {
			sc := sec(CapabilityOf(r.Scenario, a))
			sc.Strengths = append(sc.Strengths, a.Label)
		}
	}
	for _, it := range r.Plan {
		sc := sec(it.Capability)
		sc.Improvements = append(sc.Improvements, Improvement{Text: it.Issue + ": " + it.Label, Source: "rules"})
	}
	if r.Evaluation != nil {
		for _, o := range r.Evaluation.Observations {
			sc := sec(o.Capability)
			by := o.By
			if by == "" {
				by = "evaluator"
			}
			text := o.Text
			if o.Inject != "" {
				text += " (on the inject “" + o.Inject + "”)"
			}
			if o.Type == "strength" {
				sc.Strengths = append(sc.Strengths, text+" ("+by+")")
				continue
			}
			sc.Improvements = append(sc.Improvements, Improvement{Text: text, Cause: o.Cause, Source: by})
		}
	}
	return slices.DeleteFunc(out, func(c CapabilitySection) bool { return len(c.Strengths) == 0 && len(c.Improvements) == 0 })
}

// From says who gave a feedback answer: "name (role)", the role, or
// "anonymous".
func (f *FeedbackText) From() string {
	switch {
	case f.By != "" && f.Role != "":
		return f.By + " (" + f.Role + ")"
	case f.By != "":
		return f.By
	case f.Role != "":
		return "anonymous (" + f.Role + ")"
	}
	return "anonymous"
}

// StatusText is the item's status, "open" when none was set.
func (it *PlanItem) StatusText() string {
	if it.Status == "" {
		return "open"
	}
	return it.Status
}

// ParticipantNames lists everyone named in the session: participants on
// feedback forms, evaluators, the facilitator.
func (r *Report) ParticipantNames() []string {
	var out []string
	add := func(n string) {
		if n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	if r.Evaluation != nil {
		for _, p := range r.Evaluation.Participants {
			for _, n := range p.Names {
				add(n)
			}
		}
	}
	return out
}

// finalPhaseRatings are the evaluator's final phase ratings in the events
// (the last per phase counts; an empty one withdraws it).
func finalPhaseRatings(events []sim.Event) map[scenarios.Phase]Rating {
	var m map[scenarios.Phase]Rating
	for _, e := range events {
		if e.Kind != sim.KindRating || e.Phase == "" {
			continue
		}
		if m == nil {
			m = map[scenarios.Phase]Rating{}
		}
		if e.Rating == "" {
			delete(m, e.Phase)
			continue
		}
		m[e.Phase] = Rating(e.Rating)
	}
	return m
}

// finalCapabilityRatings are the evaluator's final objective ratings in
// the events (the last per objective counts; an empty one withdraws it),
// by the objectives' capability: where several objectives of one
// capability were rated, the lowest rating counts (the cautious reading).
func finalCapabilityRatings(s *scenarios.Scenario, events []sim.Event) map[string]Rating {
	byObjective := map[string]Rating{}
	for _, e := range events {
		if e.Kind != sim.KindRating || e.Objective == "" {
			continue
		}
		if e.Rating == "" {
			delete(byObjective, e.Objective)
			continue
		}
		byObjective[e.Objective] = Rating(e.Rating)
	}
	var m map[string]Rating
	for _, o := range s.Objectives {
		f, ok := byObjective[o.ID]
		if !ok || o.Capability == "" {
			continue
		}
		if m == nil {
			m = map[string]Rating{}
		}
		if cur, ok := m[o.Capability]; !ok || f.rank() < cur.rank() {
			m[o.Capability] = f
		}
	}
	return m
}

// PhaseFinal is a phase the evaluator rated.
type PhaseFinal struct {
	Phase     scenarios.Phase
	Suggested Rating
	Final     FinalRating
}

// PhaseFinals are the phases the evaluator rated, in life-cycle order.
func (r *Report) PhaseFinals() []PhaseFinal {
	if r.Evaluation == nil {
		return nil
	}
	var out []PhaseFinal
	for _, ph := range r.Phases {
		if f, ok := r.Evaluation.PhaseFinal[ph.Phase]; ok {
			out = append(out, PhaseFinal{ph.Phase, ph.Rating, f})
		}
	}
	return out
}
