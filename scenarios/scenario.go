package scenarios

import (
	"cmp"
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"
)

// refKind is the kind of thing an id refers to.
type refKind int

const (
	refRole refKind = iota
	refObjective
	refAction
	refInject
	numRefKinds
)

func (k refKind) String() string {
	return [...]string{"role", "objective", "action", "inject"}[k]
}

// ref is a reference to an id, resolved once every list is known (lists
// refer to each other in both directions).
type ref struct {
	kind refKind
	id   string
	node *yaml.Node
	what string
}

// statusCheck is an `expect.statuses` entry, checked against the kind of
// its action once actions are known.
type statusCheck struct {
	action, status string
	node           *yaml.Node
}

// ref reads an id reference and records it for resolve.
func (p *parser) ref(kind refKind, n *yaml.Node, what string) string {
	id, ok := p.str(n, what)
	if ok {
		p.refs = append(p.refs, ref{kind: kind, id: id, node: n, what: what})
	}
	return id
}

// resolve reports every recorded reference that names no id of s, whose
// index must be built.
func (p *parser) resolve(s *Scenario) {
	var ids [numRefKinds][]string // for suggestions, listed when first needed
	for _, r := range p.refs {
		if _, ok := s.idIndex(r.kind)[r.id]; ok {
			continue
		}
		if ids[r.kind] == nil {
			ids[r.kind] = s.ids(r.kind)
		}
		p.errorf(r.node, "%s: unknown %s %q%s", r.what, r.kind, r.id, p.didYouMean(r.id, ids[r.kind]))
	}
}

// idIndex returns the index of the ids of one kind.
func (s *Scenario) idIndex(k refKind) map[string]int {
	return [numRefKinds]map[string]int{s.roleIdx, s.objectiveIdx, s.actionIdx, s.injectIdx}[k]
}

// ids lists the ids of one kind in file order, each once.
func (s *Scenario) ids(k refKind) []string {
	idx := s.idIndex(k)
	out := make([]string, 0, len(idx))
	for id := range idx {
		out = append(out, id)
	}
	slices.SortFunc(out, func(a, b string) int { return cmp.Compare(idx[a], idx[b]) })
	return out
}

// statusesFor lists the statuses scoring can give an action of that kind.
var statusesFor = map[string][]string{
	"expected": {"met", "late", "missed", "not_applicable"},
	"harmful":  {"taken", "harmless", "avoided"},
}

func (p *parser) checkStatuses(s *Scenario) {
	kinds := make(map[string]string, len(s.Actions))
	for i := range s.Actions {
		kinds[s.Actions[i].ID] = s.Actions[i].Kind()
	}
	for _, c := range p.statuses {
		kind, ok := kinds[c.action]
		if !ok {
			continue // reported by resolve
		}
		valid := statusesFor[kind]
		switch {
		case valid == nil:
			p.errorf(c.node, "expect.statuses: action %q is neither expected nor harmful, so it has no status", c.action)
		case !slices.Contains(valid, c.status):
			p.errorf(c.node, "expect.statuses: %q is not a status of the %s action %q; use one of %v", c.status, kind, c.action, valid)
		}
	}
}

// named returns `what "id"` when the id is known, for messages.
func named(what, id string) string {
	if id == "" {
		return what
	}
	return fmt.Sprintf("%s %q", what, id)
}

// scenario walks the top-level mapping. Keys are read in dependency order
// (duration and phases first); problems are sorted by position at the end.
func (p *parser) scenario(root *yaml.Node) *Scenario {
	s := &Scenario{Phases: AllPhases, keyPos: map[string]Pos{}}
	s.Scoring.LateCredit, _ = NewNumber("0.5")
	m := p.mapping(root, "the scenario", topKeys)
	if m == nil {
		return s
	}
	p.require(m, "scenario", "ttx", "id", "title", "summary", "duration", "roles", "actions", "injects")
	for i, n := range m.keys {
		if n != nil {
			s.keyPos[topKeys[i]] = nodePos(n)
		}
	}

	if n := m.get("ttx"); n != nil {
		var v int
		switch tag := n.ShortTag(); {
		case n.Kind == yaml.ScalarNode && (tag == "!!int" || tag == "!!float"):
			if tag != "!!int" || n.Decode(&v) != nil || v != 1 {
				p.errorf(n, "ttx: this ttx reads format version 1; the file says %q", n.Value)
			}
		case n.Kind == yaml.ScalarNode && tag == "!!str":
			p.errorf(n, "ttx must be the number 1 (the format version), not a string: remove the quotes")
		default:
			p.errorf(n, "ttx must be the number 1 (the format version), not %s", describe(n))
		}
		s.Version = FormatVersion
	}
	if n := m.get("id"); n != nil {
		s.ID = p.slug(n, "id")
	}
	if n := m.get("title"); n != nil {
		s.Title = p.text(n, "title")
	}
	if n := m.get("summary"); n != nil {
		s.Summary = p.text(n, "summary")
	}
	durationKnown := false
	if n := m.get("duration"); n != nil {
		s.Duration, durationKnown = p.duration(n, "duration")
	}
	if n := m.get("tags"); n != nil {
		s.Tags = p.strings(n, "tags")
	}
	if n := m.get("attack"); n != nil {
		s.Attack = p.attack(n)
	}
	if n := m.get("phases"); n != nil {
		s.Phases = p.phases(n, s)
	}
	if n := m.get("roles"); n != nil {
		s.Roles = p.roles(n)
	}
	if n := m.get("objectives"); n != nil {
		s.Objectives = p.objectives(n)
	}
	if n := m.get("actions"); n != nil {
		s.Actions = p.actions(n, s.Phases)
	}
	if n := m.get("injects"); n != nil {
		s.Injects = p.injects(n, s.Duration, durationKnown)
	}
	if n := m.get("scoring"); n != nil {
		if sm := p.mapping(n, "scoring", scoringKeys); sm != nil {
			if v := sm.get("late_credit"); v != nil {
				lc, ok := p.number(v, "scoring.late_credit")
				if ok && (lc.Rat().Sign() < 0 || lc.Rat().Cmp(IntNumber(1).Rat()) > 0) {
					p.errorf(v, "scoring.late_credit must be between 0 and 1")
				}
				if ok {
					s.Scoring.LateCredit = lc
				}
			}
			if v := sm.get("late_window"); v != nil {
				s.Scoring.LateWindow = p.lateWindow(v, "scoring.late_window")
			}
		}
	}
	if n := m.get("jurisdiction"); n != nil {
		s.Jurisdiction, _ = p.prose(n, "jurisdiction")
	}
	if n := m.get("ground_rules"); n != nil {
		s.GroundRules = p.strings(n, "ground_rules")
	}
	if n := m.get("assumptions"); n != nil {
		s.Assumptions = p.strings(n, "assumptions")
	}
	if n := m.get("tests"); n != nil {
		s.Tests = p.tests(n, s, durationKnown)
	}
	return s
}

func (p *parser) phases(n *yaml.Node, s *Scenario) []Phase {
	items := p.list(n, "phases")
	if n.Kind != yaml.SequenceNode {
		return AllPhases
	}
	if len(items) == 0 {
		p.errorf(n, "phases must not be empty; leave it out to use all six phases")
		return AllPhases
	}
	var out []Phase
	last := -1
	for _, item := range items {
		ph := p.phase(item, "phases entry", nil)
		i := slices.Index(AllPhases, ph)
		if i < 0 {
			continue
		}
		switch {
		case slices.Contains(out, ph):
			p.errorf(item, "phase %q is listed twice", ph)
			continue
		case i < last:
			p.errorf(item, "phase %q is out of order: phases follow the life cycle %s", ph, PhaseList(AllPhases))
		}
		last = max(last, i)
		out = append(out, ph)
		s.keyPos["phase:"+string(ph)] = nodePos(item)
	}
	if len(out) == 0 {
		return AllPhases
	}
	return out
}

func (p *parser) roles(n *yaml.Node) []Role {
	items := p.list(n, "roles")
	if len(items) == 0 && n.Kind == yaml.SequenceNode {
		p.errorf(n, "roles must list at least one role")
	}
	u := &uniqueIDs{what: "role"}
	out := make([]Role, 0, len(items))
	for _, item := range items {
		r := Role{Pos: nodePos(item)}
		m := p.mapping(item, "role", roleKeys)
		if m == nil {
			continue
		}
		if v := m.get("id"); v != nil {
			r.ID = p.slug(v, "role id")
			p.unique(u, r.ID, v)
		}
		what := named("role", r.ID)
		p.require(m, what, "id", "name")
		if v := m.get("name"); v != nil {
			r.Name = p.text(v, what+": name")
		}
		if v := m.get("description"); v != nil {
			r.Description, _ = p.prose(v, what+": description")
		}
		out = append(out, r)
	}
	return out
}

func (p *parser) objectives(n *yaml.Node) []Objective {
	items := p.list(n, "objectives")
	u := &uniqueIDs{what: "objective"}
	out := make([]Objective, 0, len(items))
	for _, item := range items {
		o := Objective{Pos: nodePos(item)}
		m := p.mapping(item, "objective", objectiveKeys)
		if m == nil {
			continue
		}
		if v := m.get("id"); v != nil {
			o.ID = p.slug(v, "objective id")
			p.unique(u, o.ID, v)
		}
		what := named("objective", o.ID)
		p.require(m, what, "id", "text")
		if v := m.get("text"); v != nil {
			o.Text = p.text(v, what+": text")
		}
		if v := m.get("capability"); v != nil {
			o.Capability, _ = p.prose(v, what+": capability")
		}
		out = append(out, o)
	}
	return out
}

func (p *parser) actions(n *yaml.Node, phases []Phase) []Action {
	items := p.list(n, "actions")
	if len(items) == 0 && n.Kind == yaml.SequenceNode {
		p.errorf(n, "actions must list at least one action")
	}
	u := &uniqueIDs{what: "action"}
	out := make([]Action, 0, len(items))
	for _, item := range items {
		a := Action{Pos: nodePos(item)}
		m := p.mapping(item, "action", actionKeys)
		if m == nil {
			continue
		}
		if v := m.get("id"); v != nil {
			a.ID = p.slug(v, "action id")
			p.unique(u, a.ID, v)
		}
		what := named("action", a.ID)
		p.require(m, what, "id", "label", "phase")
		if v := m.get("label"); v != nil {
			a.Label = p.text(v, what+": label")
		}
		if v := m.get("phase"); v != nil {
			a.Phase = p.phase(v, what+": phase", phases)
		}
		if v := m.get("role"); v != nil {
			a.Role = p.ref(refRole, v, what+": role")
		}
		if v := m.get("description"); v != nil {
			a.Description, _ = p.prose(v, what+": description")
		}
		if v := m.get("expected"); v != nil {
			a.Expected = p.expected(v, what)
		}
		if v := m.get("harmful"); v != nil {
			if a.Expected != nil {
				p.errorf(m.key("harmful"), "%s is both expected and harmful; keep one of the two", what)
			}
			a.Harmful = p.harmful(v, what)
		}
		if v := m.get("available_after"); v != nil {
			a.AvailableAfter = p.ref(refInject, v, what+": available_after")
		}
		out = append(out, a)
	}
	return out
}

func (p *parser) expected(n *yaml.Node, owner string) *Expected {
	what := owner + ": expected"
	e := &Expected{Weight: IntNumber(1)}
	m := p.mapping(n, what, expectedKeys)
	if m == nil {
		return e
	}
	p.require(m, what, "recommendation")
	if v := m.get("weight"); v != nil {
		e.Weight = p.positive(v, what+".weight")
	}
	if v := m.get("critical"); v != nil {
		e.Critical = p.boolean(v, what+".critical")
	}
	if v := m.get("after"); v != nil {
		e.After = p.ref(refInject, v, what+".after")
	}
	if v := m.get("within"); v != nil {
		if d, ok := p.duration(v, what+".within"); ok {
			e.Within = &d
		}
	}
	if v := m.get("objective"); v != nil {
		e.Objective = p.ref(refObjective, v, what+".objective")
	}
	if v := m.get("capability"); v != nil {
		e.Capability, _ = p.prose(v, what+".capability")
	}
	if v := m.get("recommendation"); v != nil {
		e.Recommendation = p.text(v, what+".recommendation")
	}
	if v := m.get("late_window"); v != nil {
		e.LateWindow = p.lateWindow(v, what+".late_window")
	}
	return e
}

// lateWindow reads a late window: a duration; 0 means no window (a late
// action earns late_credit at once, as without the key).
func (p *parser) lateWindow(n *yaml.Node, what string) *Duration {
	d, ok := p.duration(n, what)
	if !ok || d == 0 {
		return nil
	}
	return &d
}

func (p *parser) harmful(n *yaml.Node, owner string) *Harmful {
	what := owner + ": harmful"
	h := &Harmful{Penalty: IntNumber(1)}
	m := p.mapping(n, what, harmfulKeys)
	if m == nil {
		return h
	}
	p.require(m, what, "why")
	if v := m.get("penalty"); v != nil {
		h.Penalty = p.positive(v, what+".penalty")
	}
	if v := m.get("why"); v != nil {
		h.Why = p.text(v, what+".why")
	}
	if v := m.get("when"); v != nil {
		h.When = p.condition(v, what+".when", 0)
	}
	if v := m.get("objective"); v != nil {
		h.Objective = p.ref(refObjective, v, what+".objective")
	}
	return h
}

func (p *parser) consequence(n *yaml.Node, owner string) *Consequence {
	what := owner + ": consequence"
	c := &Consequence{Penalty: IntNumber(1)}
	m := p.mapping(n, what, consequenceKeys)
	if m == nil {
		return c
	}
	p.require(m, what, "why")
	if v := m.get("penalty"); v != nil {
		c.Penalty = p.positive(v, what+".penalty")
	}
	if v := m.get("why"); v != nil {
		c.Why = p.text(v, what+".why")
	}
	if v := m.get("objective"); v != nil {
		c.Objective = p.ref(refObjective, v, what+".objective")
	}
	return c
}

func (p *parser) injects(n *yaml.Node, duration Duration, durationKnown bool) []Inject {
	items := p.list(n, "injects")
	if len(items) == 0 && n.Kind == yaml.SequenceNode {
		p.errorf(n, "injects must list at least one inject")
	}
	u := &uniqueIDs{what: "inject"}
	out := make([]Inject, 0, len(items))
	for _, item := range items {
		in := Inject{Pos: nodePos(item), Channel: ChannelOther}
		m := p.mapping(item, "inject", injectKeys)
		if m == nil {
			continue
		}
		if v := m.get("id"); v != nil {
			in.ID = p.slug(v, "inject id")
			p.unique(u, in.ID, v)
		}
		what := named("inject", in.ID)
		p.require(m, what, "id", "at", "title")
		if v := m.get("at"); v != nil {
			at, ok := p.duration(v, what+": at")
			if ok && durationKnown && at > duration {
				p.errorf(v, "%s: at %s is after the scenario's duration (%s)", what, at, duration)
			}
			in.At = at
		}
		if v := m.get("title"); v != nil {
			in.Title = p.text(v, what+": title")
		}
		if v := m.get("body"); v != nil {
			in.Body, _ = p.prose(v, what+": body")
		}
		if v := m.get("from"); v != nil {
			in.From, _ = p.prose(v, what+": from")
		}
		if v := m.get("to"); v != nil {
			for _, r := range p.list(v, what+": to") {
				in.To = append(in.To, p.ref(refRole, r, what+": to"))
			}
		}
		if v := m.get("channel"); v != nil {
			if c, ok := p.str(v, what+": channel"); ok {
				in.Channel = Channel(c)
				if !slices.Contains(AllChannels, in.Channel) {
					names := stringsOf(AllChannels)
					p.errorf(v, "%s: channel %q is not one of %v%s", what, c, names, p.didYouMean(c, names))
				}
			}
		}
		if v := m.get("phase"); v != nil {
			in.Phase = p.phase(v, what+": phase", nil)
		}
		if v := m.get("attack"); v != nil {
			in.Attack = p.attack(v)
		}
		if v := m.get("when"); v != nil {
			in.When = p.condition(v, what+": when", 0)
		}
		if v := m.get("choices"); v != nil {
			items := p.list(v, what+": choices")
			if v.Kind == yaml.SequenceNode && len(items) < 2 {
				p.errorf(v, "%s: a decision point needs at least 2 choices", what)
			}
			seen := make(map[string]bool, len(items))
			for _, c := range items {
				id := p.ref(refAction, c, what+": choices")
				if seen[id] {
					p.errorf(c, "%s: choice %q is listed twice", what, id)
				}
				seen[id] = true
				in.Choices = append(in.Choices, id)
			}
		}
		if v := m.get("facilitator_notes"); v != nil {
			in.FacilitatorNotes, _ = p.prose(v, what+": facilitator_notes")
		}
		if v := m.get("questions"); v != nil {
			in.Questions = p.strings(v, what+": questions")
		}
		if v := m.get("story_time"); v != nil {
			in.StoryTime, _ = p.prose(v, what+": story_time")
		}
		if v := m.get("consequence"); v != nil {
			in.Consequence = p.consequence(v, what)
			if m.get("phase") == nil {
				p.errorf(m.key("consequence"), "%s has a consequence but no phase: give it the phase its penalty is charged in", what)
			}
		}
		out = append(out, in)
	}
	return out
}

// condition reads a condition; nil when it is too broken to use.
func (p *parser) condition(n *yaml.Node, what string, depth int) *Condition {
	if depth >= maxConditionDepth {
		p.errorf(n, "%s: conditions nest more than %d levels deep", what, maxConditionDepth)
		return nil
	}
	m := p.mapping(n, "condition", conditionKeys)
	if m == nil {
		return nil
	}
	c := &Condition{Pos: nodePos(n)}
	if m.count != 1 {
		if m.count > 1 || len(n.Content) == 0 {
			p.errorf(n, "%s: a condition has exactly one of taken, not_taken, delivered, all, any, not (found %d)", what, m.count)
		}
		if m.count == 0 {
			return nil
		}
	}
	for _, key := range conditionKeys {
		v := m.get(key)
		if v == nil {
			continue
		}
		switch key {
		case "taken":
			c.Taken = p.ref(refAction, v, what+": taken")
		case "not_taken":
			c.NotTaken = p.ref(refAction, v, what+": not_taken")
		case "delivered":
			c.Delivered = p.ref(refInject, v, what+": delivered")
		case "all", "any":
			items := p.list(v, what+": "+key)
			if len(items) == 0 && v.Kind == yaml.SequenceNode {
				p.errorf(v, "%s: %s needs at least one condition", what, key)
			}
			for _, item := range items {
				if sub := p.condition(item, what, depth+1); sub != nil {
					if key == "all" {
						c.All = append(c.All, *sub)
					} else {
						c.Any = append(c.Any, *sub)
					}
				}
			}
		case "not":
			c.Not = p.condition(v, what, depth+1)
		}
	}
	return c
}

func (p *parser) tests(n *yaml.Node, s *Scenario, durationKnown bool) []Test {
	items := p.list(n, "tests")
	out := make([]Test, 0, len(items))
	for _, item := range items {
		t := Test{Pos: nodePos(item)}
		m := p.mapping(item, "test", testKeys)
		if m == nil {
			continue
		}
		p.require(m, "test", "name")
		what := "test"
		if v := m.get("name"); v != nil {
			t.Name = p.text(v, "test name")
			what = named("test", t.Name)
		}
		lim := decisionLimits{phases: s.Phases, end: s.Duration, endKnown: durationKnown, endWhat: "the scenario's duration"}
		if v := m.get("end"); v != nil {
			end, ok := p.duration(v, what+": end")
			if ok {
				if durationKnown && end > s.Duration {
					p.errorf(v, "%s: end %s is after the scenario's duration (%s)", what, end, s.Duration)
				}
				t.End = &end
				lim.end, lim.endKnown, lim.endWhat = end, true, "the test's end"
			}
		}
		if v := m.get("decisions"); v != nil {
			t.Decisions = p.decisions(v, what+": decisions", lim)
		}
		if v := m.get("expect"); v != nil {
			t.Expect = p.expect(v, what+": expect", s.Phases)
		}
		out = append(out, t)
	}
	return out
}

func (p *parser) expect(n *yaml.Node, what string, phases []Phase) Expect {
	e := Expect{Pos: nodePos(n)}
	m := p.mapping(n, what, expectKeys)
	if m == nil {
		return e
	}
	if v := m.get("score"); v != nil {
		e.Score = p.expectedScore(v, what+".score")
	}
	if v := m.get("rating"); v != nil {
		e.Rating = &ExpectedRating{}
		if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
			e.Rating.Null = true
		} else if r, ok := p.str(v, what+".rating"); ok {
			if !slices.Contains([]string{"P", "S", "M", "U"}, r) {
				p.errorf(v, "%s.rating %q must be P, S, M, U or null", what, r)
			}
			e.Rating.Value = r
		}
	}
	if v := m.get("phases"); v != nil {
		if v.Kind != yaml.MappingNode {
			p.errorf(v, "%s.phases must be a mapping of phase to score, not %s", what, describe(v))
		} else {
			e.Phases = map[Phase]ExpectedScore{}
			for i := 0; i+1 < len(v.Content); i += 2 {
				k, val := v.Content[i], v.Content[i+1]
				ph := p.phase(k, what+".phases key", phases)
				if _, dup := e.Phases[ph]; dup {
					p.errorf(k, "%s.phases: phase %q given twice", what, ph)
				}
				if sc := p.expectedScore(val, what+".phases."+string(ph)); sc != nil {
					e.Phases[ph] = *sc
				}
			}
		}
	}
	if v := m.get("objectives"); v != nil {
		if v.Kind != yaml.MappingNode {
			p.errorf(v, "%s.objectives must be a mapping of objective id to score, not %s", what, describe(v))
		} else {
			e.Objectives = map[string]ExpectedScore{}
			for i := 0; i+1 < len(v.Content); i += 2 {
				k, val := v.Content[i], v.Content[i+1]
				id := p.ref(refObjective, k, what+".objectives")
				if _, dup := e.Objectives[id]; dup {
					p.errorf(k, "%s.objectives: objective %q given twice", what, id)
				}
				if sc := p.expectedScore(val, what+".objectives."+id); sc != nil {
					e.Objectives[id] = *sc
				}
			}
		}
	}
	if v := m.get("statuses"); v != nil {
		if v.Kind != yaml.MappingNode {
			p.errorf(v, "%s.statuses must be a mapping of action id to status, not %s", what, describe(v))
		} else {
			e.Statuses = map[string]string{}
			for i := 0; i+1 < len(v.Content); i += 2 {
				k, val := v.Content[i], v.Content[i+1]
				id := p.ref(refAction, k, what+".statuses")
				if _, dup := e.Statuses[id]; dup {
					p.errorf(k, "%s.statuses: action %q given twice", what, id)
				}
				if st, ok := p.str(val, what+".statuses."+id); ok {
					e.Statuses[id] = st
					p.statuses = append(p.statuses, statusCheck{action: id, status: st, node: val})
				}
			}
		}
	}
	for _, key := range []string{"delivered", "skipped"} {
		v := m.get(key)
		if v == nil {
			continue
		}
		var ids []string
		for _, item := range p.list(v, what+"."+key) {
			ids = append(ids, p.ref(refInject, item, what+"."+key))
		}
		if key == "delivered" {
			e.Delivered = ids
		} else {
			e.Skipped = ids
		}
	}
	return e
}

// expectedScore reads a score in [0,100] or null.
func (p *parser) expectedScore(n *yaml.Node, what string) *ExpectedScore {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return &ExpectedScore{Null: true}
	}
	num, ok := p.number(n, what)
	if !ok {
		return nil
	}
	f := num.Float64()
	if f < 0 || f > 100 {
		p.errorf(n, "%s must be between 0 and 100, or null", what)
	}
	return &ExpectedScore{Value: f}
}

// decisionLimits is what a list of decisions is checked against.
type decisionLimits struct {
	phases   []Phase
	end      Duration // no decision may be later
	endKnown bool
	endWhat  string // "the scenario's duration", "the test's end", …
}

func (p *parser) decisions(n *yaml.Node, what string, lim decisionLimits) []Decision {
	items := p.list(n, what)
	out := make([]Decision, 0, len(items))
	var prev *Decision // the last decision read, for the time-order check
	for _, item := range items {
		d := Decision{Pos: nodePos(item)}
		m := p.mapping(item, "decision", decisionKeys)
		if m == nil {
			continue
		}
		p.require(m, "decision", "at")
		if v := m.get("at"); v != nil {
			at, ok := p.duration(v, "decision at")
			if ok {
				d.At = at
				switch {
				case prev != nil && at < prev.At:
					p.errorf(v, "decision at %s comes before the previous one (%s at line %d): decisions must be in time order", at, prev.At, prev.Pos.Line)
				case lim.endKnown && at > lim.end:
					p.errorf(v, "decision at %s is after %s (%s)", at, lim.endWhat, lim.end)
				}
			}
		}
		kinds := 0
		if v := m.get("action"); v != nil {
			kinds++
			d.Action = p.ref(refAction, v, "decision action")
		}
		if v := m.get("text"); v != nil {
			kinds++
			d.Text = p.text(v, "decision text")
		}
		if v := m.get("phase"); v != nil {
			kinds++
			d.Phase = p.phase(v, "decision phase", lim.phases)
		}
		if kinds != 1 {
			p.errorf(item, "a decision has exactly one of action, text, phase (found %d)", kinds)
		}
		if v := m.get("role"); v != nil {
			d.Role = p.ref(refRole, v, "decision role")
		}
		if v := m.get("note"); v != nil {
			d.Note, _ = p.prose(v, "decision note")
		}
		out = append(out, d)
		prev = &d
	}
	return out
}
