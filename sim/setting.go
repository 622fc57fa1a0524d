package sim

// Setting is the exercise's organisation, location and facilitator, for the
// after-action report's overview. The journal header records them when the
// session is created (ttx play/run --org, --location, --facilitator); a
// KindSetting event changes them afterwards (the review screen): the
// journal stays append-only, and the header is never rewritten.
type Setting struct {
	Org, Location, Facilitator string
}

// Setting is the setting the header recorded.
func (h Header) Setting() Setting {
	return Setting{Org: h.Org, Location: h.Location, Facilitator: h.Facilitator}
}

// SettingOf is the setting after events: base (the header's) unless a
// KindSetting event changed it; the last one counts, whole (a field it
// leaves empty is empty).
func SettingOf(base Setting, events []Event) Setting {
	for _, ev := range events {
		if ev.Kind == KindSetting {
			base = Setting{Org: ev.Org, Location: ev.Location, Facilitator: ev.Facilitator}
		}
	}
	return base
}

// SetSetting records new exercise details (KindSetting), during play or
// after the end. Each field is free text, at most MaxTextLen bytes; an
// empty one clears it.
func (e *Engine) SetSetting(s Setting) (Event, error) {
	return e.Evaluate(Event{Kind: KindSetting, Org: s.Org, Location: s.Location, Facilitator: s.Facilitator})
}
