package scenarios

import (
	"fmt"
	"strings"

	"github.com/ttx-sim/ttx/scenarios/attack"
)

// Lint returns warnings about a loaded scenario: things that load and play
// but are almost certainly not what the author meant. Warnings never block
// a run; `ttx validate --strict` treats them as errors.
func Lint(s *Scenario) Problems {
	l := &linter{s: s}
	never := l.neverDelivered()
	l.anchors(never)
	l.availability(never)
	l.choices()
	l.attack()
	l.deadlines()
	l.objectives()
	l.roles()
	l.phases()
	l.markdown()
	l.placeholders()
	if len(s.Tests) == 0 {
		l.warn(l.keyPos("ttx"), "the scenario has no tests: add a `tests:` entry so that `ttx test` can check its scoring")
	}
	if s.Duration == 0 {
		l.warn(l.keyPos("duration"), "duration is 0: every inject falls due at the start and the exercise ends at once")
	}
	l.probs.Sort()
	return l.probs
}

type linter struct {
	s     *Scenario
	probs Problems
}

func (l *linter) warn(pos Pos, format string, a ...any) {
	l.probs = append(l.probs, Problem{File: l.s.File, Pos: pos, Severity: SeverityWarning, Msg: fmt.Sprintf(format, a...)})
}

// keyPos is the position of a top-level key, or of the file's start.
func (l *linter) keyPos(key string) Pos {
	if p, ok := l.s.keyPos[key]; ok {
		return p
	}
	return Pos{Line: 1, Col: 1}
}

// outcome is what static analysis knows of a condition (or a delivery):
// whether it can be true, and whether it is true whatever the team does.
type outcome struct{ can, must bool }

// neverDelivered finds the injects whose condition can never hold, walking
// injects in the order the engine processes them (time, then file order):
// a condition can only see injects processed before it, and decisions
// strictly before its due time.
func (l *linter) neverDelivered() map[string]bool {
	s := l.s
	done := map[string]outcome{} // injects processed so far
	never := map[string]bool{}
	for _, i := range s.InjectOrder() {
		in := &s.Injects[i]
		out := outcome{can: true, must: true}
		if in.When != nil {
			out = evalStatic(in.When, in.At, done)
		}
		if !out.can {
			never[in.ID] = true
			l.warn(in.When.Pos, "inject %q can never be delivered: its condition cannot hold at %s (it needs an inject that is due later or never delivered, or a decision before time 0)", in.ID, in.At.Clock())
		}
		if _, dup := done[in.ID]; !dup {
			done[in.ID] = out
		}
	}
	return never
}

// evalStatic evaluates a condition due at `at` without knowing the
// decisions: delivered injects come from done (processed earlier).
func evalStatic(c *Condition, at Duration, done map[string]outcome) outcome {
	switch {
	case c.Taken != "":
		return outcome{can: at > 0} // decisions strictly before the due time
	case c.NotTaken != "":
		return outcome{can: true, must: at == 0}
	case c.Delivered != "":
		return done[c.Delivered] // zero outcome: not processed yet, so false
	case c.Not != nil:
		in := evalStatic(c.Not, at, done)
		return outcome{can: !in.must, must: !in.can}
	case len(c.All) > 0:
		out := outcome{can: true, must: true}
		for i := range c.All {
			sub := evalStatic(&c.All[i], at, done)
			out.can, out.must = out.can && sub.can, out.must && sub.must
		}
		return out
	case len(c.Any) > 0:
		var out outcome
		for i := range c.Any {
			sub := evalStatic(&c.Any[i], at, done)
			out.can, out.must = out.can || sub.can, out.must || sub.must
		}
		return out
	}
	return outcome{can: true, must: true}
}

func (l *linter) anchors(never map[string]bool) {
	for _, a := range l.s.Actions {
		if e := a.Expected; e != nil && never[e.After] {
			l.warn(a.Pos, "action %q is anchored to inject %q, which can never be delivered: the action never applies", a.ID, e.After)
		}
	}
}

func (l *linter) deadlines() {
	s := l.s
	for _, a := range s.Actions {
		e := a.Expected
		if e == nil || e.Within == nil {
			continue
		}
		anchor := Duration(0)
		if in, ok := s.Inject(e.After); ok {
			anchor = in.At
		}
		if deadline := anchor + *e.Within; deadline > s.Duration {
			l.warn(a.Pos, "action %q: its deadline %s is past the end of the scenario (%s), so it can never be late", a.ID, deadline.Clock(), s.Duration.Clock())
		}
	}
}

func (l *linter) objectives() {
	served := map[string]bool{}
	for _, a := range l.s.Actions {
		if a.Expected != nil {
			served[a.Expected.Objective] = true
		}
	}
	for _, o := range l.s.Objectives {
		if !served[o.ID] {
			l.warn(o.Pos, "objective %q is served by no expected action, so no score measures it", o.ID)
		}
	}
}

func (l *linter) roles() {
	addressed := map[string]bool{}
	for _, in := range l.s.Injects {
		if len(in.To) == 0 {
			return // an inject for everyone addresses every role
		}
		for _, r := range in.To {
			addressed[r] = true
		}
	}
	for _, r := range l.s.Roles {
		if !addressed[r.ID] {
			l.warn(r.Pos, "role %q receives no inject", r.ID)
		}
	}
}

func (l *linter) phases() {
	s := l.s
	expected := map[Phase]bool{}
	for _, a := range s.Actions {
		if a.Expected != nil {
			expected[a.Phase] = true
		}
	}
	for _, ph := range s.Phases {
		if !expected[ph] {
			pos, ok := s.keyPos["phase:"+string(ph)]
			if !ok {
				pos = l.keyPos("phases")
			}
			l.warn(pos, "phase %q has no expected action: its score will be null", ph)
		}
	}
	for _, in := range s.Injects {
		if in.Phase != "" && !s.HasPhase(in.Phase) {
			l.warn(in.Pos, "inject %q belongs to phase %q, which this scenario does not use", in.ID, in.Phase)
		}
	}
}

// availability checks available_after (format 1.1): an action that waits
// for an inject that never comes can never be taken, and an expected action
// that becomes available only after its deadline can never be on time.
func (l *linter) availability(never map[string]bool) {
	s := l.s
	for _, a := range s.Actions {
		if a.AvailableAfter == "" {
			continue
		}
		if never[a.AvailableAfter] {
			l.warn(a.Pos, "action %q is available only after inject %q, which can never be delivered: the team can never take it", a.ID, a.AvailableAfter)
			continue
		}
		e := a.Expected
		avail, ok := s.Inject(a.AvailableAfter)
		if e == nil || e.Within == nil || !ok {
			continue
		}
		anchor := Duration(0)
		if in, ok := s.Inject(e.After); ok {
			anchor = in.At
		}
		if deadline := anchor + *e.Within; avail.At > deadline {
			l.warn(a.Pos, "action %q becomes available at %s (inject %q), after its deadline %s: it can never be on time", a.ID, avail.At.Clock(), avail.ID, deadline.Clock())
		}
	}
}

// attack checks ATT&CK ids against MITRE's table (Enterprise v18.1, ICS).
func (l *linter) attack() {
	for _, r := range l.s.attackRefs {
		t, ok := attack.Lookup(r.id)
		switch {
		case !ok:
			l.warn(r.pos, "ATT&CK technique %s does not exist (MITRE ATT&CK Enterprise v18.1 and ICS)", r.id)
		case t.Status == attack.Revoked && t.RevokedBy != "":
			l.warn(r.pos, "ATT&CK technique %s (%s) is revoked: use %s instead", r.id, t.Name, attack.Label(t.RevokedBy))
		case t.Status != attack.Active:
			l.warn(r.pos, "ATT&CK technique %s (%s) is %s in ATT&CK, with no replacement: use a current technique", r.id, t.Name, t.Status)
		}
	}
}

// RecommendationPlaceholder starts the recommendation of an expected action
// whose corrective action is still to be written (ttx import writes it).
const RecommendationPlaceholder = "TODO:"

// placeholders warns about recommendations still to be written.
func (l *linter) placeholders() {
	for _, a := range l.s.Actions {
		if a.Expected != nil && strings.HasPrefix(strings.TrimSpace(a.Expected.Recommendation), RecommendationPlaceholder) {
			l.warn(a.Pos, "action %q: the recommendation is still a placeholder (%q): write the corrective action the gap report proposes", a.ID, a.Expected.Recommendation)
		}
	}
}

// choices warns about a decision point's answer that the team is offered
// before the question is asked: its label tells them what is coming, and a
// team that clicks it early answers a question it never heard. An answer
// (a harmful or neutral choice, or an expected one anchored to the point)
// should be available_after the decision point itself, or an earlier inject
// that makes it meaningful; a general action that also answers the point
// (an expected action with its own anchor, such as "reset the account" in a
// contingency point) may be offered before it. Any choice that becomes
// available only after its point cannot be chosen when it opens.
func (l *linter) choices() {
	s := l.s
	for _, in := range s.Injects {
		for _, id := range in.Choices {
			a, ok := s.Action(id)
			if !ok {
				continue
			}
			answer := a.Expected == nil || a.Expected.After == in.ID
			avail, known := s.Inject(a.AvailableAfter)
			switch {
			case (a.AvailableAfter == "" || !known) && answer:
				l.warn(a.Pos, "action %q answers decision point %q but is offered from the start: add `available_after: %s`", a.ID, in.ID, in.ID)
			case known && avail.At > in.At:
				l.warn(a.Pos, "action %q answers decision point %q (at %s) but becomes available only at %s (inject %q): it cannot be chosen when the point opens", a.ID, in.ID, in.At.Clock(), avail.At.Clock(), avail.ID)
			}
		}
	}
}
