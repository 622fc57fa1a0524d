package scenarios

// DecisionsFile is a headless run's input (spec/cli.md): the decisions to
// play, in time order, and optionally when the facilitator ends the exercise.
type DecisionsFile struct {
	Decisions []Decision
	End       *Duration // nil: the exercise runs to the scenario's duration
}

// ParseDecisions parses a decisions file and checks it against s: every
// action, role and phase exists, each decision has exactly one of action,
// text and phase, times never go back, and nothing is after `end` or after
// the scenario's duration. The error, if any, is a Problems.
func ParseDecisions(name string, data []byte, s *Scenario) (*DecisionsFile, error) {
	p := &parser{file: name, emptyMsg: "empty file: a decisions file is a YAML mapping with a `decisions:` list"}
	root := p.document(data)
	if root == nil {
		return nil, p.result()
	}
	f := &DecisionsFile{}
	m := p.mapping(root, "the decisions file", decisionsFileKeys)
	if m != nil {
		p.require(m, "decisions file", "decisions")
		lim := decisionLimits{phases: s.Phases, end: s.Duration, endKnown: true, endWhat: "the scenario's duration"}
		if v := m.get("end"); v != nil {
			if end, ok := p.duration(v, "end"); ok {
				if end > s.Duration {
					p.errorf(v, "end %s is after the scenario's duration (%s)", end, s.Duration)
				}
				f.End = &end
				lim.end, lim.endWhat = end, "the end of the exercise"
			}
		}
		if v := m.get("decisions"); v != nil {
			f.Decisions = p.decisions(v, "decisions", lim)
		}
	}
	p.resolve(s)
	if err := p.result(); err != nil {
		return nil, err
	}
	return f, nil
}
