package scoring

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"
	"unicode/utf8"

	"github.com/ttx-sim/ttx/scenarios"
)

// The JSON report: the same sections as the Markdown one, with the score
// object of the spec under "score". encoding/json escapes <, > and & and
// every control character, so untrusted text cannot become markup or a
// terminal escape in a consumer that prints it.

type jsonReport struct {
	Report          string            `json:"report"` // "after-action"
	Version         int               `json:"version"`
	Scenario        jsonScenarioInfo  `json:"scenario"`
	Session         jsonSessionInfo   `json:"session"`
	Score           *Result           `json:"score"`
	DurationPlayedS int64             `json:"duration_played_s"`
	TopGaps         []string          `json:"top_gaps"`
	Phases          []jsonPhaseReport `json:"phases"`
	Timeline        []jsonTimeline    `json:"timeline"`
	Plan            []jsonPlanItem    `json:"improvement_plan"`
	Objectives      []jsonObjective   `json:"objectives"`
	Consequences    []jsonConsequence `json:"consequences"`
	Setting         jsonSetting       `json:"setting"`
	Evaluation      *jsonEvaluation   `json:"evaluation,omitempty"`

	// The team (docs/reports.md).
	PlannedLengthS  int64              `json:"planned_length_s"`
	LengthChanges   []jsonLengthChange `json:"length_changes"`
	Participants    []jsonSeat         `json:"participants"`
	RolesOwnActions bool               `json:"roles_own_actions"`
	Roles           []jsonRoleRow      `json:"roles"`
	DecisionsStruck int                `json:"decisions_struck"`
}

type jsonLengthChange struct {
	At     int64  `json:"at_s"`
	From   int64  `json:"from_s"`
	To     int64  `json:"to_s"`
	Reason string `json:"reason"`
}

type jsonSeat struct {
	Name      string      `json:"name"`
	Role      string      `json:"role"` // a role id or "wall"
	RoleName  string      `json:"role_name"`
	Via       string      `json:"via"` // "key" or "code"
	Joined    *time.Time  `json:"joined"`
	JoinedAt  int64       `json:"joined_at_s"`
	Joins     int         `json:"joins"`
	Connected bool        `json:"connected"`
	LeftAt    jsonSeconds `json:"left_at_s"`
}

type jsonRoleRow struct {
	Role       string      `json:"role"` // "" for what names no role
	Name       string      `json:"name"`
	PlayedBy   []string    `json:"played_by"`
	Expected   int         `json:"expected"`
	Met        int         `json:"met"`
	Late       int         `json:"late"`
	Missed     int         `json:"missed"`
	Decisions  int         `json:"decisions"`
	RecordedBy []NameCount `json:"recorded_by"`
	Notes      int         `json:"notes"`
}

type jsonConsequence struct {
	At      int64           `json:"at_s"`
	Inject  string          `json:"inject"`
	Title   string          `json:"title"`
	Phase   scenarios.Phase `json:"phase"`
	Why     string          `json:"why"`
	Penalty jsonNumber      `json:"penalty"`
}

type jsonObjective struct {
	ID         string     `json:"id"`
	Capability string     `json:"capability"`
	Score      jsonScore  `json:"score"`
	Rating     jsonRating `json:"rating"`
	Met        int        `json:"met"`
	Applicable int        `json:"applicable"`
}

type jsonScenarioInfo struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	SHA256    string   `json:"sha256,omitempty"`
	DurationS int64    `json:"duration_s"`
	Roles     []string `json:"roles"`
}

type jsonSessionInfo struct {
	Folder     string     `json:"folder,omitempty"`
	Created    *time.Time `json:"created"`
	TTXVersion string     `json:"ttx_version,omitempty"`
}

type jsonPhaseReport struct {
	Phase        scenarios.Phase `json:"phase"`
	Score        jsonScore       `json:"score"`
	Rating       jsonRating      `json:"rating"`
	Strengths    []string        `json:"strengths"`
	Improvements []jsonGap       `json:"improvements"`
}

type jsonGap struct {
	ID             string `json:"id"`
	Label          string `json:"label"`
	Status         Status `json:"status"`
	Issue          string `json:"issue"`
	Critical       bool   `json:"critical"`
	Recommendation string `json:"recommendation,omitempty"`
	Why            string `json:"why,omitempty"`
}

type jsonTimeline struct {
	AtS  int64  `json:"at_s"`
	Kind string `json:"kind"`
	Text string `json:"text"`
	From string `json:"from,omitempty"`
	Role string `json:"role,omitempty"`
	Note string `json:"note,omitempty"`
	Tag  string `json:"tag,omitempty"`
	By   string `json:"by,omitempty"`
	// An ad-hoc inject's recipients (role ids); empty: everyone.
	To      []string `json:"to,omitempty"`
	LengthS int64    `json:"length_s,omitempty"`
}

type jsonPlanItem struct {
	Action           string          `json:"action"`
	Label            string          `json:"label"`
	Phase            scenarios.Phase `json:"phase"`
	Capability       string          `json:"capability"`
	Issue            string          `json:"issue"`
	CorrectiveAction string          `json:"corrective_action"`
	Owner            string          `json:"owner"` // the point of contact
	Due              string          `json:"due"`   // the completion date
	Org              string          `json:"organisation"`
	Start            string          `json:"start"`
	Status           string          `json:"status"`
}

type jsonSetting struct {
	Org         string `json:"organisation"`
	Location    string `json:"location"`
	Facilitator string `json:"facilitator"`
}

type jsonCapability struct {
	Objective  string     `json:"objective"`
	Capability string     `json:"capability"`
	Score      jsonScore  `json:"score"`
	Suggested  jsonRating `json:"suggested_rating"`
	Final      jsonRating `json:"final_rating"`
	By         string     `json:"set_by,omitempty"`
	Rationale  string     `json:"rationale,omitempty"`
}

type jsonEvaluation struct {
	Capabilities []jsonCapability       `json:"capability_analysis"`
	PhaseFinal   map[string]FinalRating `json:"phase_final_ratings"`
	Observations []Observation          `json:"observations"`
	HotWash      []HotWashNote          `json:"hot_wash"`
	Feedback     FeedbackSummary        `json:"feedback"`
	Participants []Participant          `json:"participants"`
}

func (r *Report) jsonValue() jsonReport {
	s := r.Scenario
	out := jsonReport{
		Report: "after-action", Version: JSONVersion,
		Scenario: jsonScenarioInfo{ID: s.ID, Title: s.Title, SHA256: s.SHA256,
			DurationS: int64(s.Duration), Roles: []string{}},
		Session:         jsonSessionInfo{Folder: r.Session.Folder(), TTXVersion: r.Session.Version},
		Score:           r.Result,
		DurationPlayedS: int64(r.Result.EndedAt),
		TopGaps:         []string{},
		Phases:          []jsonPhaseReport{},
		Timeline:        []jsonTimeline{},
		Objectives:      []jsonObjective{},
		Consequences:    []jsonConsequence{},
	}
	for _, c := range r.Consequences {
		out.Consequences = append(out.Consequences, jsonConsequence{At: int64(c.At), Inject: c.Inject, Title: c.Title,
			Phase: c.Phase, Why: c.Why, Penalty: jsonNumber(c.Penalty)})
	}
	for _, o := range r.Objectives {
		out.Objectives = append(out.Objectives, jsonObjective{ID: o.ID, Capability: o.Capability, Score: jsonScore{o.Score},
			Rating: jsonRating(o.Rating), Met: o.Met, Applicable: o.Applicable})
	}
	if !r.Session.Created.IsZero() {
		c := r.Session.Created.UTC()
		out.Session.Created = &c
	}
	for _, role := range s.Roles {
		out.Scenario.Roles = append(out.Scenario.Roles, role.Name)
	}
	for _, g := range r.TopGaps {
		out.TopGaps = append(out.TopGaps, g.ID)
	}
	for _, ph := range r.Phases {
		jp := jsonPhaseReport{Phase: ph.Phase, Score: jsonScore{ph.Exact}, Rating: jsonRating(ph.Rating),
			Strengths: []string{}, Improvements: []jsonGap{}}
		for _, a := range ph.Strengths {
			jp.Strengths = append(jp.Strengths, a.ID)
		}
		for _, g := range ph.Improvements {
			jp.Improvements = append(jp.Improvements, jsonGap{ID: g.ID, Label: g.Label, Status: g.Status, Issue: g.Issue,
				Critical: g.Critical, Recommendation: g.Recommendation, Why: g.Why})
		}
		out.Phases = append(out.Phases, jp)
	}
	for _, e := range r.Timeline {
		out.Timeline = append(out.Timeline, jsonTimeline{AtS: int64(e.At), Kind: e.Kind, Text: e.Text, From: e.From,
			Role: e.Role, Note: e.Note, Tag: e.Tag, By: e.By, To: e.ToIDs, LengthS: int64(e.Length)})
	}
	out.PlannedLengthS, out.RolesOwnActions, out.DecisionsStruck = int64(r.Length), r.RolesOwnActions, r.StruckDecisions
	out.LengthChanges, out.Participants, out.Roles = []jsonLengthChange{}, []jsonSeat{}, []jsonRoleRow{}
	for _, c := range r.LengthChanges {
		out.LengthChanges = append(out.LengthChanges, jsonLengthChange{At: int64(c.At), From: int64(c.From), To: int64(c.To), Reason: c.Reason})
	}
	for _, st := range r.Seats {
		out.Participants = append(out.Participants, jsonSeat{Name: st.Name, Role: st.Role, RoleName: st.RoleName, Via: st.Via,
			Joined: joinedRFC3339(st.Joined), JoinedAt: int64(st.JoinedAt), Joins: st.Joins, Connected: st.Connected, LeftAt: jsonSeconds{st.LeftAt}})
	}
	for _, rr := range r.Roles {
		out.Roles = append(out.Roles, jsonRoleRow{Role: rr.ID, Name: rr.Name, PlayedBy: append([]string{}, rr.PlayedBy...),
			Expected: rr.Owned, Met: rr.Met, Late: rr.Late, Missed: rr.Missed, Decisions: rr.Decisions,
			RecordedBy: append([]NameCount{}, rr.RecordedBy...), Notes: rr.Notes})
	}
	out.Plan = r.planJSON()
	out.Setting = jsonSetting{Org: r.Session.Org, Location: r.Session.Location, Facilitator: r.Session.Facilitator}
	if ev := r.Evaluation; ev != nil {
		je := &jsonEvaluation{PhaseFinal: map[string]FinalRating{}, Observations: append([]Observation{}, ev.Observations...),
			HotWash: append([]HotWashNote{}, ev.HotWash...), Feedback: ev.Feedback, Participants: append([]Participant{}, ev.Participants...),
			Capabilities: []jsonCapability{}}
		if je.Feedback.Answers == nil {
			je.Feedback.Answers = []FeedbackText{}
		}
		if je.Feedback.Ratings == nil {
			je.Feedback.Ratings = []FeedbackScore{}
		}
		for p, f := range ev.PhaseFinal {
			je.PhaseFinal[string(p)] = f
		}
		for _, c := range ev.Capabilities {
			jc := jsonCapability{Objective: c.ObjectiveID, Capability: c.Capability, Score: jsonScore{c.Score}, Suggested: jsonRating(c.Suggested)}
			if c.Final != nil {
				jc.Final, jc.By, jc.Rationale = jsonRating(c.Final.Rating), c.Final.By, c.Final.Rationale
			}
			je.Capabilities = append(je.Capabilities, jc)
		}
		out.Evaluation = je
	}
	return out
}

// planJSON is the improvement plan as JSON rows, never nil.
func (r *Report) planJSON() []jsonPlanItem {
	plan := make([]jsonPlanItem, 0, len(r.Plan))
	for _, it := range r.Plan {
		plan = append(plan, jsonPlanItem{Action: it.ActionID, Label: it.Label, Phase: it.Phase, Capability: it.Capability,
			Issue: it.Issue, CorrectiveAction: it.CorrectiveAction, Owner: it.Owner, Due: it.Due,
			Org: it.Org, Start: it.Start, Status: it.StatusText()})
	}
	return plan
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	return writeIndented(w, r.jsonValue())
}

func writeIndented(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeJSONControls(buf.Bytes()))
	return err
}

// escapeJSONControls rewrites the characters encoding/json leaves raw but a
// terminal may obey or that hide text — C1 controls, bidirectional
// overrides and the invisible characters of scenarios.Hidden — as \u
// escapes. Outside strings JSON is ASCII, so every such rune is inside a
// string and the result decodes to the same value.
func escapeJSONControls(b []byte) []byte {
	if !bytes.ContainsFunc(b, isTerminalControl) {
		return b
	}
	out := make([]byte, 0, len(b)+64)
	for _, r := range string(b) {
		if isTerminalControl(r) {
			out = fmt.Appendf(out, "\\u%04x", r)
			continue
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

func isTerminalControl(r rune) bool {
	return r >= 0x80 && r <= 0x9f || scenarios.Hidden(r)
}
