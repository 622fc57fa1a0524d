//go:build race

package tui

// raceEnabled: the race detector slows every step five to ten times, so
// timing bounds are not checked under it.
const raceEnabled = true
