package sim

import (
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
)

func TestStrikeCountsAsNeverMadeAndReplays(t *testing.T) {
	s := testScenario(
		inj("dp", 1*minute, nil, "x", "y"),
		inj("if-a", 30*minute, &scenarios.Condition{Taken: "a"}),
	)
	e := NewEngine(s)
	if _, err := e.Advance(2 * minute); err != nil {
		t.Fatal(err)
	}
	a, err := e.Record(scenarios.Decision{Action: "a", Role: "lead"})
	if err != nil {
		t.Fatal(err)
	}
	x, err := e.Record(scenarios.Decision{Action: "x"}) // answers dp
	if err != nil {
		t.Fatal(err)
	}
	ph, err := e.Record(scenarios.Decision{Phase: scenarios.Containment})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		seq    int
		reason string
		want   string
	}{
		{99, "r", "no event 99"},
		{1, "r", "only decisions and phase changes"},
		{a.Seq, " ", "empty reason"},
	} {
		if _, err := e.Strike(tc.seq, tc.reason); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Fatalf("strike %d %q: err %v, want %q", tc.seq, tc.reason, err, tc.want)
		}
	}
	for _, ev := range []Event{a, x, ph} {
		if _, err := e.Strike(ev.Seq, "recorded twice by mistake"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.Strike(a.Seq, "again"); err == nil {
		t.Fatal("a decision was struck twice")
	}
	if len(e.Decisions()) != 0 {
		t.Fatalf("decisions after strikes: %v", e.Decisions())
	}
	if e.Phase() != scenarios.Detection {
		t.Fatalf("phase after the undo: %s", e.Phase())
	}
	if open := e.OpenDecisionPoints(); len(open) != 1 || open[0].ID != "dp" {
		t.Fatalf("the struck answer leaves dp open: %v", open)
	}
	// A struck action is not taken for the conditions of injects to come.
	if _, err := e.End(40 * minute); err != nil {
		t.Fatal(err)
	}
	if sk := e.Skipped(); len(sk) != 1 || sk[0] != "if-a" {
		t.Fatalf("skipped %v, want [if-a]", sk)
	}
	r, err := Replay(s, e.Events())
	if err != nil {
		t.Fatal(err)
	}
	assertSameState(t, e, r)
	if !r.Struck(a.Seq) || r.Struck(1) {
		t.Fatal("replay lost the strikes")
	}
	eff := Effective(e.Events())
	for _, ev := range eff {
		if ev.Kind == KindStrike || ev.Kind == KindDecision || ev.Kind == KindPhase {
			t.Fatalf("Effective kept %+v", ev)
		}
	}
	// A strike that does not follow (the reason changed) is refused on replay.
	evs := e.Events()
	for i := range evs {
		if evs[i].Kind == KindStrike {
			evs[i].Ref = 1
			break
		}
	}
	if _, err := Replay(s, evs); err == nil {
		t.Fatal("a strike of an inject replayed")
	}
}

func TestWithheldInjectIsSkippedAndReplays(t *testing.T) {
	s := testScenario(inj("i5", 5*minute, nil), inj("i10", 10*minute, nil), inj("after", 20*minute, &scenarios.Condition{Delivered: "i10"}))
	e := NewEngine(s)
	if _, err := e.Advance(6 * minute); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ id, reason, want string }{
		{"nope", "r", "unknown inject"},
		{"i5", "r", "already been processed"},
		{"i10", "", "empty reason"},
	} {
		if _, err := e.Withhold(tc.id, tc.reason); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Fatalf("withhold %s: %v, want %q", tc.id, err, tc.want)
		}
	}
	if _, err := e.Withhold("i10", "the team is overloaded"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Withhold("i10", "again"); err == nil {
		t.Fatal("withheld twice")
	}
	if _, err := e.End(30 * minute); err != nil {
		t.Fatal(err)
	}
	if d := e.Delivered(); len(d) != 1 || d[0] != "i5" {
		t.Fatalf("delivered %v, want [i5]", d)
	}
	r, err := Replay(s, e.Events())
	if err != nil {
		t.Fatal(err)
	}
	assertSameState(t, e, r)
}

// Strikes and withheld injects are written to the journal and read back:
// the session reopens (resume) and replays.
func TestStrikeAndWithholdRoundTripThroughTheJournal(t *testing.T) {
	s := loadDrill(t)
	dir := t.TempDir() + "/session"
	ss, err := CreateSession(dir, s, "test")
	if err != nil {
		t.Fatal(err)
	}
	e := ss.Engine
	if _, err := e.Advance(1); err != nil {
		t.Fatal(err)
	}
	ev, err := e.Record(scenarios.Decision{Text: "twice"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Strike(ev.Seq, "double enter"); err != nil {
		t.Fatal(err)
	}
	next, ok := e.NextInject()
	if !ok {
		t.Fatal("no inject to come")
	}
	if _, err := e.Withhold(next, "not needed"); err != nil {
		t.Fatal(err)
	}
	want := e.Events()
	if err := ss.Close(); err != nil {
		t.Fatal(err)
	}
	re, _, err := OpenSession(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer re.Close()
	if !eventsEqual(re.Engine.Events(), want) || !re.Engine.Struck(ev.Seq) {
		t.Fatalf("reopened: %+v", re.Engine.Events())
	}
	if n, _ := re.Engine.NextInject(); n == next {
		t.Fatal("the withheld inject is still next after reopening")
	}
}
