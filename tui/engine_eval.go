package tui

import (
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

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
