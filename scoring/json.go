package scoring

import (
	"encoding/json"
	"io"
	"math/big"
	"strconv"

	"github.com/ttx-sim/ttx/scenarios"
)

// The JSON form of a Result is the "Score output" object of
// spec/scenario-format.md: its keys in its order, then extra keys. Scores
// are rounded to one decimal and always written with it ("100.0"); weights,
// credits and penalties are exact decimals; null stands for "none".

// JSONVersion is the version of every JSON object ttx writes (the score,
// the after-action report, the trend, the session list), in its "version"
// key: it grows when a key changes meaning or goes away, not when keys are
// added (docs/reports.md).
const JSONVersion = 1

type jsonScore struct{ x *big.Rat }

func (s jsonScore) MarshalJSON() ([]byte, error) {
	if s.x == nil {
		return []byte("null"), nil
	}
	return []byte(FormatScore(s.x)), nil
}

type jsonNumber scenarios.Number

func (n jsonNumber) MarshalJSON() ([]byte, error) {
	return []byte(scenarios.Number(n).String()), nil
}

type jsonRating Rating

func (r jsonRating) MarshalJSON() ([]byte, error) {
	if r == "" {
		return []byte("null"), nil
	}
	return []byte(strconv.Quote(string(r))), nil
}

type jsonSeconds struct{ d *scenarios.Duration }

func (s jsonSeconds) MarshalJSON() ([]byte, error) {
	if s.d == nil {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, int64(*s.d), 10), nil
}

type jsonResult struct {
	Scenario   string               `json:"scenario"`
	EndedAt    int64                `json:"ended_at_s"`
	Score      jsonScore            `json:"score"`
	Rating     jsonRating           `json:"rating"`
	Phases     []jsonPhase          `json:"phases"`
	Objectives []jsonScoreObjective `json:"objectives"`
	Actions    []jsonAction         `json:"actions"`
	Injects    []jsonInject         `json:"injects"`

	Version       int         `json:"version"`
	Ended         bool        `json:"ended"`
	LateCredit    jsonNumber  `json:"late_credit"`
	Weight        jsonNumber  `json:"weight"`
	Credit        jsonNumber  `json:"credit"`
	Penalty       jsonNumber  `json:"penalty"`
	TimeToDetect  jsonSeconds `json:"time_to_detect_s"`
	TimeToContain jsonSeconds `json:"time_to_contain_s"`
}

type jsonPhase struct {
	Phase           scenarios.Phase `json:"phase"`
	Score           jsonScore       `json:"score"`
	Rating          jsonRating      `json:"rating"`
	Weight          jsonNumber      `json:"weight"`
	Credit          jsonNumber      `json:"credit"`
	Penalty         jsonNumber      `json:"penalty"`
	FirstDecisionAt jsonSeconds     `json:"first_decision_at_s"`
}

type jsonScoreObjective struct {
	Objective  string     `json:"objective"`
	Capability string     `json:"capability"`
	Score      jsonScore  `json:"score"`
	Rating     jsonRating `json:"rating"`
	Weight     jsonNumber `json:"weight"`
	Credit     jsonNumber `json:"credit"`
	Penalty    jsonNumber `json:"penalty"`
}

// jsonAction has the keys of both kinds; the ones of the other kind are
// left out, as in the spec's example.
type jsonAction struct {
	ID           string          `json:"id"`
	Phase        scenarios.Phase `json:"phase"`
	Kind         string          `json:"kind"`
	Status       Status          `json:"status"`
	At           jsonSeconds     `json:"at_s"`
	Deadline     *jsonSeconds    `json:"deadline_s,omitempty"`
	Weight       *jsonNumber     `json:"weight,omitempty"`
	Credit       *jsonNumber     `json:"credit,omitempty"`
	Critical     *bool           `json:"critical,omitempty"`
	Penalty      *jsonNumber     `json:"penalty,omitempty"`
	ResponseTime *jsonSeconds    `json:"response_time_s,omitempty"`
	Capability   *string         `json:"capability,omitempty"`
	Times        int             `json:"times"`
}

type jsonInject struct {
	ID      string      `json:"id"`
	Status  string      `json:"status"`
	At      int64       `json:"at_s"`
	Penalty *jsonNumber `json:"penalty,omitempty"` // a delivered consequence only
}

// MarshalJSON writes the "Score output" object of spec/scenario-format.md.
func (r *Result) MarshalJSON() ([]byte, error) {
	out := jsonResult{
		Scenario: r.Scenario, EndedAt: int64(r.EndedAt),
		Score: jsonScore{r.Exact}, Rating: jsonRating(r.Rating),
		Phases:     make([]jsonPhase, 0, len(r.Phases)),
		Objectives: make([]jsonScoreObjective, 0, len(r.Objectives)),
		Actions:    make([]jsonAction, 0, len(r.Actions)),
		Injects:    make([]jsonInject, 0, len(r.Injects)),
		Version:    JSONVersion, Ended: r.Ended, LateCredit: jsonNumber(r.LateCredit),
		Weight: jsonNumber(r.Weight), Credit: jsonNumber(r.Credit), Penalty: jsonNumber(r.Penalty),
		TimeToDetect: jsonSeconds{r.TimeToDetect}, TimeToContain: jsonSeconds{r.TimeToContain},
	}
	for _, p := range r.Phases {
		out.Phases = append(out.Phases, jsonPhase{
			Phase: p.Phase, Score: jsonScore{p.Exact}, Rating: jsonRating(p.Rating),
			Weight: jsonNumber(p.Weight), Credit: jsonNumber(p.Credit), Penalty: jsonNumber(p.Penalty),
			FirstDecisionAt: jsonSeconds{p.FirstDecisionAt},
		})
	}
	for _, o := range r.Objectives {
		out.Objectives = append(out.Objectives, jsonScoreObjective{
			Objective: o.ID, Capability: o.Capability, Score: jsonScore{o.Score}, Rating: jsonRating(o.Rating),
			Weight: jsonNumber(o.Weight), Credit: jsonNumber(o.Credit), Penalty: jsonNumber(o.Penalty),
		})
	}
	for i := range r.Actions {
		a := &r.Actions[i]
		ja := jsonAction{ID: a.ID, Phase: a.Phase, Kind: a.Kind, Status: a.Status, At: jsonSeconds{a.At}, Times: a.Times}
		if a.Kind == KindExpected {
			w, c, crit, capability := jsonNumber(a.Weight), jsonNumber(a.Credit), a.Critical, a.Capability
			ja.Deadline, ja.Weight, ja.Credit, ja.Critical = &jsonSeconds{a.Deadline}, &w, &c, &crit
			ja.ResponseTime, ja.Capability = &jsonSeconds{a.ResponseTime}, &capability
		} else {
			p := jsonNumber(a.Penalty)
			ja.Penalty = &p
		}
		out.Actions = append(out.Actions, ja)
	}
	for _, in := range r.Injects {
		ji := jsonInject{ID: in.ID, Status: in.Status, At: int64(in.At)}
		if in.Consequence != nil {
			p := jsonNumber(in.Consequence.Penalty)
			ji.Penalty = &p
		}
		out.Injects = append(out.Injects, ji)
	}
	return json.Marshal(out)
}

// WriteJSON writes the result as indented JSON followed by a newline.
func (r *Result) WriteJSON(w io.Writer) error { return writeIndented(w, r) }
