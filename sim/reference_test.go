package sim

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scenarios/scenariotest"
)

// referenceRun is a deliberately naive reading of the spec's timing rules,
// written apart from the engine: it returns the delivered and skipped
// injects and, per decision, the decision point it answers.
func referenceRun(s *scenarios.Scenario, ds []scenarios.Decision, end scenarios.Duration) (delivered, skipped, answers []string) {
	order := make([]int, len(s.Injects))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return s.Injects[order[a]].At < s.Injects[order[b]].At })
	isDelivered := map[string]bool{}
	var open []string
	var eval func(c *scenarios.Condition, due scenarios.Duration, seen int) bool
	takenBefore := func(action string, due scenarios.Duration, seen int) bool {
		for _, d := range ds[:seen] {
			if d.Action == action && d.At < due {
				return true
			}
		}
		return false
	}
	eval = func(c *scenarios.Condition, due scenarios.Duration, seen int) bool {
		switch {
		case c.Taken != "":
			return takenBefore(c.Taken, due, seen)
		case c.NotTaken != "":
			return !takenBefore(c.NotTaken, due, seen)
		case c.Delivered != "":
			return isDelivered[c.Delivered]
		case c.All != nil:
			for i := range c.All {
				if !eval(&c.All[i], due, seen) {
					return false
				}
			}
			return true
		case c.Any != nil:
			for i := range c.Any {
				if eval(&c.Any[i], due, seen) {
					return true
				}
			}
			return false
		}
		return !eval(c.Not, due, seen)
	}
	next := 0
	processUpTo := func(t scenarios.Duration, seen int) {
		for ; next < len(order) && s.Injects[order[next]].At <= t; next++ {
			in := &s.Injects[order[next]]
			if in.When == nil || eval(in.When, in.At, seen) {
				delivered = append(delivered, in.ID)
				isDelivered[in.ID] = true
				if len(in.Choices) > 0 {
					open = append(open, in.ID)
				}
			} else {
				skipped = append(skipped, in.ID)
			}
		}
	}
	for k, d := range ds {
		processUpTo(d.At, k)
		answer := ""
		if d.Action != "" {
			for i, id := range open {
				in, _ := s.Inject(id)
				if slices.Contains(in.Choices, d.Action) {
					answer = id
					open = slices.Delete(open, i, i+1)
					break
				}
			}
		}
		answers = append(answers, answer)
	}
	processUpTo(end, len(ds))
	return delivered, skipped, answers
}

// TestLargeRunMatchesReference plays the generated large scenario (every
// condition form, decision points) and compares the engine with the
// reference reading of the spec, then checks the replay.
func TestLargeRunMatchesReference(t *testing.T) {
	s, err := scenarios.Parse("large.yaml", scenariotest.Large(300, 120))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 50, 700} {
		ds := scenariotest.LargeDecisions(s, n)
		for _, end := range []scenarios.Duration{s.Duration, s.Duration / 3} {
			var kept []scenarios.Decision
			for _, d := range ds {
				if d.At <= end {
					kept = append(kept, d)
				}
			}
			e, err := Play(s, kept, &end)
			if err != nil {
				t.Fatal(err)
			}
			delivered, skipped, answers := referenceRun(s, kept, end)
			if !slices.Equal(e.Delivered(), delivered) || !slices.Equal(e.Skipped(), skipped) {
				t.Errorf("n=%d end=%s: delivered/skipped differ from the reference", n, end)
			}
			var got []string
			for _, d := range e.Decisions() {
				got = append(got, d.Inject)
			}
			if !slices.Equal(got, answers) && len(kept) > 0 {
				t.Errorf("n=%d end=%s: decision-point answers differ from the reference", n, end)
			}
			if n == 700 && end == s.Duration && !slices.ContainsFunc(answers, func(a string) bool { return a != "" }) {
				t.Errorf("n=%d end=%s: no decision point was answered: the test does not exercise them", n, end)
			}
			if len(skipped) == 0 || len(delivered) == 0 {
				t.Errorf("n=%d end=%s: the run did not exercise both outcomes", n, end)
			}
			r, err := Replay(s, e.Events())
			if err != nil {
				t.Fatal(err)
			}
			assertSameState(t, e, r)
		}
	}
}

// TestLargeHeadlessSessionsAreIdentical writes the large run into two
// sessions: the journals must be byte-identical apart from the creation
// time, and reopening must give the same state.
func TestLargeHeadlessSessionsAreIdentical(t *testing.T) {
	s, err := scenarios.Parse("large.yaml", scenariotest.Large(200, 100))
	if err != nil {
		t.Fatal(err)
	}
	ds := scenariotest.LargeDecisions(s, 300)
	var journals [2][]byte
	created := regexp.MustCompile(`"created":"[^"]*"`)
	for i := range journals {
		dir := filepath.Join(t.TempDir(), "s")
		sess, err := CreateSession(dir, s, "test")
		if err != nil {
			t.Fatal(err)
		}
		if err := PlayInto(sess.Engine, ds, nil); err != nil {
			t.Fatal(err)
		}
		sess.Close()
		data, err := os.ReadFile(filepath.Join(dir, JournalFile))
		if err != nil {
			t.Fatal(err)
		}
		journals[i] = created.ReplaceAll(data, nil)
		again, warnings, err := OpenSession(dir)
		if err != nil || len(warnings) > 0 {
			t.Fatalf("reopen: %v %v", err, warnings)
		}
		assertSameState(t, sess.Engine, again.Engine)
		again.Close()
	}
	if !bytes.Equal(journals[0], journals[1]) {
		t.Error("two headless runs wrote different journals")
	}
}
