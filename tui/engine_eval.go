package tui

import (
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// The evaluation surfaces of a Session. Each is optional: a session that
// cannot journal one (a fake, a remote view) is simply not offered the
// screen or the key. The engine's session has them all.

// Observation is an evaluator's observation as the console records it.
type Observation struct {
	Type      string // "strength" or "improvement"
	Text      string
	Inject    string // the inject it is about (id), or ""
	Objective string // the objective it is about (id), or ""
	Cause     string // root cause, optional
	By        string // the evaluator, optional
}

// observer is a session that can journal an evaluator's observation
// (sim.KindObservation).
type observer interface {
	Observe(o Observation) error
}

// rater is a session that can journal the evaluator's final rating of an
// objective or a phase (sim.KindRating); rating "" withdraws it.
type rater interface {
	Rate(objective string, phase scenarios.Phase, rating, rationale, by string) error
}

// Setting is the exercise's organisation, location and facilitator, as the
// after-action report's overview shows them.
type Setting = sim.Setting

// setter is a session whose exercise details can be read and changed
// (the journal header's, then the last sim.KindSetting event).
type setter interface {
	Setting() Setting
	SetSetting(Setting) error
}

// HotWash journals a hot-wash note (hotWasher).
func (x *engineSession) HotWash(objective, typ, text string) error {
	_, err := x.e.Evaluate(sim.Event{Kind: sim.KindHotWash, Objective: objective, Type: typ, Text: text})
	return err
}

func (x *engineSession) Evaluate(ev sim.Event) (sim.Event, error) { return x.e.Evaluate(ev) }

func (x *engineSession) NoteAs(text, role, by string) (sim.Event, error) {
	return x.e.NoteAs(text, role, by)
}
func (x *engineSession) Join(name, role, via string) (sim.Event, error) {
	return x.e.Join(name, role, via)
}
func (x *engineSession) Leave(name, role string) (sim.Event, error) { return x.e.Leave(name, role) }
func (x *engineSession) AdHoc(title, body string, to []string) (sim.Event, error) {
	return x.e.AdHoc(title, body, to)
}
func (x *engineSession) SetLength(d scenarios.Duration, reason string) (sim.Event, error) {
	return x.clock.SetLength(d, reason)
}

// Observe journals an observation (observer).
func (x *engineSession) Observe(o Observation) error {
	_, err := x.e.Evaluate(sim.Event{Kind: sim.KindObservation, Type: o.Type, Text: o.Text, Inject: o.Inject,
		Objective: o.Objective, Cause: o.Cause, By: o.By})
	return err
}

// Rate journals a final rating (rater).
func (x *engineSession) Rate(objective string, phase scenarios.Phase, rating, rationale, by string) error {
	_, err := x.e.Evaluate(sim.Event{Kind: sim.KindRating, Objective: objective, Phase: phase, Rating: rating, Note: rationale, By: by})
	return err
}

// Setting is the exercise's setting now (setter).
func (x *engineSession) Setting() Setting {
	return sim.SettingOf(x.s.Header.Setting(), x.e.Events())
}

// SetSetting journals new exercise details (setter).
func (x *engineSession) SetSetting(st Setting) error {
	_, err := x.e.SetSetting(st)
	return err
}

// evaluatorName is the name ratings and observations are recorded under:
// the one typed last in this program, else the last evaluator named in
// the journal, else the exercise's facilitator (read once: the journal of
// a long session is large).
func (c *common) evaluatorName(sess Session) string {
	if c.evaluator != "" || c.evaluatorRead {
		return c.evaluator
	}
	c.evaluatorRead = true
	evs := sess.Events()
	for i := len(evs) - 1; i >= 0; i-- {
		if ev := evs[i]; (ev.Kind == sim.KindRating || ev.Kind == sim.KindObservation) && ev.By != "" {
			c.evaluator = ev.By
			return c.evaluator
		}
	}
	if st, ok := sess.(setter); ok {
		c.evaluator = st.Setting().Facilitator
	}
	return c.evaluator
}
