package main

import (
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring/pack"
)

// writePackage writes the documents of the package.
func writePackage(dir string, s *scenarios.Scenario, f pack.Format) ([]string, error) {
	return pack.Write(dir, s, f)
}
