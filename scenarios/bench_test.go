package scenarios_test

import (
	"os"
	"path/filepath"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scenarios/scenariotest"
)

// BenchmarkLoadLarge measures Load (read, parse, validate) of the generated
// 2,000-inject, 1,000-action scenario; the budget is 50 ms.
func BenchmarkLoadLarge(b *testing.B) {
	data := scenariotest.Large(2000, 1000)
	path := filepath.Join(b.TempDir(), "large.yaml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := scenarios.Load(path); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadLargeLint is Load plus Lint, what `ttx validate` does.
func BenchmarkLoadLargeLint(b *testing.B) {
	data := scenariotest.Large(2000, 1000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		s, err := scenarios.Parse("large.yaml", data)
		if err != nil {
			b.Fatal(err)
		}
		scenarios.Lint(s)
	}
}

// BenchmarkYAMLDecodeLarge is the floor: a bare yaml.v3 decode of the same
// bytes into `any`, for the ratio reported with BenchmarkLoadLarge.
func BenchmarkYAMLDecodeLarge(b *testing.B) {
	data := scenariotest.Large(2000, 1000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var v any
		if err := yaml.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
	}
}
