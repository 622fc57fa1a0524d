package scenarios

// Lint returns warnings about a loaded scenario.
func Lint(s *Scenario) Problems { return nil }
