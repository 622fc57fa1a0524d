package tui

import "github.com/ttx-sim/ttx/sim"

// HotWash journals a hot-wash note (hotWasher).
func (x *engineSession) HotWash(objective, typ, text string) error {
	_, err := x.e.Evaluate(sim.Event{Kind: sim.KindHotWash, Objective: objective, Type: typ, Text: text})
	return err
}
