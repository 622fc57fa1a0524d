package sim

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
)

const minute = scenarios.Minute

// testScenario is a small scenario built in Go: roles lead and comms,
// phases detection..recovery, actions a, b, c (expected), h (harmful),
// n (neutral), x and y (choices), and the given injects.
func testScenario(injects ...scenarios.Inject) *scenarios.Scenario {
	s := &scenarios.Scenario{
		Version:  1,
		ID:       "test",
		Title:    "Test",
		Duration: 60 * minute,
		Roles:    []scenarios.Role{{ID: "lead", Name: "Lead"}, {ID: "comms", Name: "Comms"}},
		Phases:   []scenarios.Phase{scenarios.Detection, scenarios.Containment, scenarios.Eradication, scenarios.Recovery},
		Injects:  injects,
	}
	exp := func() *scenarios.Expected {
		return &scenarios.Expected{Weight: scenarios.IntNumber(1), Recommendation: "do it"}
	}
	s.Actions = []scenarios.Action{
		{ID: "a", Label: "A", Phase: scenarios.Detection, Expected: exp()},
		{ID: "b", Label: "B", Phase: scenarios.Containment, Expected: exp()},
		{ID: "c", Label: "C", Phase: scenarios.Recovery, Expected: exp()},
		{ID: "h", Label: "H", Phase: scenarios.Containment, Harmful: &scenarios.Harmful{Penalty: scenarios.IntNumber(1), Why: "bad"}},
		{ID: "n", Label: "N", Phase: scenarios.Detection},
		{ID: "x", Label: "X", Phase: scenarios.Containment, Expected: exp()},
		{ID: "y", Label: "Y", Phase: scenarios.Containment},
	}
	if len(s.Injects) == 0 {
		s.Injects = []scenarios.Inject{{ID: "start", At: 0, Title: "Start"}}
	}
	s.BuildIndex()
	return s
}

func inj(id string, at scenarios.Duration, when *scenarios.Condition, choices ...string) scenarios.Inject {
	return scenarios.Inject{ID: id, At: at, Title: id, When: when, Choices: choices}
}

func dec(at scenarios.Duration, action string) scenarios.Decision {
	return scenarios.Decision{At: at, Action: action}
}

func endAt(d scenarios.Duration) *scenarios.Duration { return &d }

// trace is a compact form of a session's events for comparisons.
func trace(evs []Event) []string {
	out := make([]string, len(evs))
	for i, ev := range evs {
		s := fmt.Sprintf("%d %s", ev.At, ev.Kind)
		for _, v := range []string{ev.Inject, ev.Action, ev.Text, string(ev.Phase)} {
			if v != "" {
				s += " " + v
			}
		}
		out[i] = s
	}
	return out
}

func TestPlayTimingAndConditions(t *testing.T) {
	taken := func(a string) *scenarios.Condition { return &scenarios.Condition{Taken: a} }
	notTaken := func(a string) *scenarios.Condition { return &scenarios.Condition{NotTaken: a} }
	delivered := func(i string) *scenarios.Condition { return &scenarios.Condition{Delivered: i} }
	tests := []struct {
		name      string
		injects   []scenarios.Inject
		decisions []scenarios.Decision
		end       *scenarios.Duration
		delivered []string
		skipped   []string
		trace     []string // checked when not nil
	}{
		{
			name:      "injects in time order, then file order",
			injects:   []scenarios.Inject{inj("late", 20*minute, nil), inj("first", 10*minute, nil), inj("second", 10*minute, nil), inj("zero", 0, nil)},
			delivered: []string{"zero", "first", "second", "late"},
			trace:     []string{"0 delivered zero", "600 delivered first", "600 delivered second", "1200 delivered late", "3600 end"},
		},
		{
			name:      "taken sees a decision strictly before the due time",
			injects:   []scenarios.Inject{inj("i", 10*minute, taken("a"))},
			decisions: []scenarios.Decision{dec(10*minute-1, "a")},
			delivered: []string{"i"},
		},
		{
			name:      "taken does not see a decision stamped at the due time",
			injects:   []scenarios.Inject{inj("i", 10*minute, taken("a"))},
			decisions: []scenarios.Decision{dec(10*minute, "a")},
			skipped:   []string{"i"},
			trace:     []string{"600 skipped i", "600 decision a detection", "3600 end"},
		},
		{
			name:      "due injects come before decisions at the same instant",
			injects:   []scenarios.Inject{inj("i", 5*minute, nil), inj("j", 5*minute, nil)},
			decisions: []scenarios.Decision{dec(5*minute, "a")},
			delivered: []string{"i", "j"},
			trace:     []string{"300 delivered i", "300 delivered j", "300 decision a detection", "3600 end"},
		},
		{
			name:      "decision at time zero comes after injects due at zero",
			injects:   []scenarios.Inject{inj("i", 0, notTaken("a"))},
			decisions: []scenarios.Decision{dec(0, "a")},
			delivered: []string{"i"},
			trace:     []string{"0 delivered i", "0 decision a detection", "3600 end"},
		},
		{
			name:      "not_taken",
			injects:   []scenarios.Inject{inj("if-a", 10*minute, notTaken("a")), inj("if-b", 10*minute, notTaken("b"))},
			decisions: []scenarios.Decision{dec(1*minute, "a")},
			delivered: []string{"if-b"},
			skipped:   []string{"if-a"},
		},
		{
			name:      "delivered sees injects processed earlier",
			injects:   []scenarios.Inject{inj("gate", 5*minute, taken("a")), inj("then", 6*minute, delivered("gate")), inj("else", 6*minute, &scenarios.Condition{Not: delivered("gate")})},
			decisions: []scenarios.Decision{dec(1*minute, "a")},
			delivered: []string{"gate", "then"},
			skipped:   []string{"else"},
		},
		{
			name:      "delivered is false for a skipped inject",
			injects:   []scenarios.Inject{inj("gate", 5*minute, taken("a")), inj("then", 6*minute, delivered("gate"))},
			skipped:   []string{"gate", "then"},
			delivered: nil,
		},
		{
			name:      "delivered at the same instant follows file order",
			injects:   []scenarios.Inject{inj("before", 5*minute, delivered("base")), inj("base", 5*minute, nil), inj("after", 5*minute, delivered("base"))},
			delivered: []string{"base", "after"},
			skipped:   []string{"before"},
		},
		{
			name: "all and any",
			injects: []scenarios.Inject{
				inj("all-yes", 10*minute, &scenarios.Condition{All: []scenarios.Condition{{Taken: "a"}, {Taken: "b"}}}),
				inj("all-no", 10*minute, &scenarios.Condition{All: []scenarios.Condition{{Taken: "a"}, {Taken: "c"}}}),
				inj("any-yes", 10*minute, &scenarios.Condition{Any: []scenarios.Condition{{Taken: "c"}, {Taken: "b"}}}),
				inj("any-no", 10*minute, &scenarios.Condition{Any: []scenarios.Condition{{Taken: "c"}, {Taken: "h"}}}),
				inj("not-not", 10*minute, &scenarios.Condition{Not: &scenarios.Condition{Not: taken("a")}}),
			},
			decisions: []scenarios.Decision{dec(1*minute, "a"), dec(2*minute, "b")},
			delivered: []string{"all-yes", "any-yes", "not-not"},
			skipped:   []string{"all-no", "any-no"},
		},
		{
			name:      "early end processes injects due at the end and no later",
			injects:   []scenarios.Inject{inj("i", 10*minute, nil), inj("at-end", 30*minute, nil), inj("after", 30*minute+1, nil)},
			decisions: []scenarios.Decision{dec(30*minute, "a")},
			end:       endAt(30 * minute),
			delivered: []string{"i", "at-end"},
			trace:     []string{"600 delivered i", "1800 delivered at-end", "1800 decision a detection", "1800 end"},
		},
		{
			name:      "an inject due exactly at the duration is processed",
			injects:   []scenarios.Inject{inj("last", 60*minute, nil)},
			delivered: []string{"last"},
			trace:     []string{"3600 delivered last", "3600 end"},
		},
		{
			name:      "decision point answered by a choice",
			injects:   []scenarios.Inject{inj("dp", 5*minute, nil, "x", "y")},
			decisions: []scenarios.Decision{dec(6*minute, "a"), dec(7*minute, "y"), dec(8*minute, "x")},
			delivered: []string{"dp"},
			trace:     []string{"300 delivered dp", "360 decision a detection", "420 decision dp y detection", "480 decision x detection", "3600 end"},
		},
		{
			name:      "a choice taken before the decision point does not answer it",
			injects:   []scenarios.Inject{inj("dp", 5*minute, nil, "x", "y")},
			decisions: []scenarios.Decision{dec(5*minute-1, "x"), dec(5*minute, "x")},
			delivered: []string{"dp"},
			trace:     []string{"299 decision x detection", "300 delivered dp", "300 decision dp x detection", "3600 end"},
		},
		{
			name:      "the oldest open decision point is answered first",
			injects:   []scenarios.Inject{inj("dp1", 5*minute, nil, "x", "y"), inj("dp2", 6*minute, nil, "y", "x")},
			decisions: []scenarios.Decision{dec(7*minute, "x"), dec(8*minute, "x")},
			delivered: []string{"dp1", "dp2"},
			trace:     []string{"300 delivered dp1", "360 delivered dp2", "420 decision dp1 x detection", "480 decision dp2 x detection", "3600 end"},
		},
		{
			name:    "phase changes and free text",
			injects: []scenarios.Inject{inj("i", 0, nil)},
			decisions: []scenarios.Decision{
				{At: 1, Text: "call legal"}, {At: 2, Phase: scenarios.Containment}, {At: 2, Action: "a"}, {At: 3, Phase: scenarios.Detection},
			},
			delivered: []string{"i"},
			trace:     []string{"0 delivered i", "1 decision call legal detection", "2 phase containment", "2 decision a containment", "3 phase detection", "3600 end"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testScenario(tt.injects...)
			e, err := Play(s, tt.decisions, tt.end)
			if err != nil {
				t.Fatal(err)
			}
			if got := e.Delivered(); !slices.Equal(got, tt.delivered) {
				t.Errorf("delivered = %v, want %v", got, tt.delivered)
			}
			if got := e.Skipped(); !slices.Equal(got, tt.skipped) {
				t.Errorf("skipped = %v, want %v", got, tt.skipped)
			}
			if tt.trace != nil {
				if got := trace(e.Events()); !slices.Equal(got, tt.trace) {
					t.Errorf("events:\n got %q\nwant %q", got, tt.trace)
				}
			}
			if !e.Ended() {
				t.Error("not ended after Play")
			}
			// Replaying the events must rebuild the same state.
			r, err := Replay(s, e.Events())
			if err != nil {
				t.Fatalf("replay: %v", err)
			}
			assertSameState(t, e, r)
		})
	}
}

func assertSameState(t *testing.T, want, got *Engine) {
	t.Helper()
	if !slices.Equal(got.Events(), want.Events()) {
		t.Errorf("replayed events differ")
	}
	if !slices.Equal(got.Delivered(), want.Delivered()) || !slices.Equal(got.Skipped(), want.Skipped()) {
		t.Errorf("replayed delivered/skipped = %v/%v, want %v/%v", got.Delivered(), got.Skipped(), want.Delivered(), want.Skipped())
	}
	if got.Phase() != want.Phase() || got.Ended() != want.Ended() || got.Paused() != want.Paused() || got.Speed() != want.Speed() {
		t.Errorf("replayed phase/ended/paused/speed differ")
	}
	ids := func(ins []*scenarios.Inject) []string {
		out := make([]string, len(ins))
		for i, in := range ins {
			out[i] = in.ID
		}
		return out
	}
	if !slices.Equal(ids(got.OpenDecisionPoints()), ids(want.OpenDecisionPoints())) {
		t.Errorf("replayed open decision points differ")
	}
	if !slices.Equal(got.Decisions(), want.Decisions()) {
		t.Errorf("replayed decisions differ")
	}
}

func TestEngineErrors(t *testing.T) {
	s := testScenario(inj("i", 10*minute, nil))
	tests := []struct {
		name string
		do   func(e *Engine) error
		want string
	}{
		{"unknown action", func(e *Engine) error { _, err := e.Record(dec(0, "nope")); return err }, `unknown action "nope"`},
		{"unknown phase", func(e *Engine) error {
			_, err := e.Record(scenarios.Decision{Phase: "triage"})
			return err
		}, `unknown phase "triage"`},
		{"phase not in scenario", func(e *Engine) error {
			_, err := e.Record(scenarios.Decision{Phase: scenarios.PostIncident})
			return err
		}, `phase "post-incident" is not used by this scenario`},
		{"unknown role", func(e *Engine) error {
			_, err := e.Record(scenarios.Decision{Action: "a", Role: "ciso"})
			return err
		}, `unknown role "ciso"`},
		{"two of action, text, phase", func(e *Engine) error {
			_, err := e.Record(scenarios.Decision{Action: "a", Text: "and more"})
			return err
		}, "exactly one of action, text and phase"},
		{"none of action, text, phase", func(e *Engine) error { _, err := e.Record(scenarios.Decision{Note: "hm"}); return err }, "exactly one of"},
		{"blank text", func(e *Engine) error { _, err := e.Record(scenarios.Decision{Text: "  "}); return err }, "empty decision text"},
		{"text too long", func(e *Engine) error {
			_, err := e.Record(scenarios.Decision{Text: strings.Repeat("x", MaxTextLen+1)})
			return err
		}, "too long"},
		{"empty note", func(e *Engine) error { _, err := e.Note("", ""); return err }, "empty note"},
		{"advance backwards", func(e *Engine) error {
			if _, err := e.Advance(5 * minute); err != nil {
				return err
			}
			_, err := e.Advance(4 * minute)
			return err
		}, "time cannot go backwards"},
		{"advance past the duration", func(e *Engine) error { _, err := e.Advance(61 * minute); return err }, "after the end of the exercise"},
		{"record after end", func(e *Engine) error {
			if _, err := e.End(20 * minute); err != nil {
				return err
			}
			_, err := e.Record(dec(0, "a"))
			return err
		}, ErrEnded.Error()},
		{"advance after end", func(e *Engine) error {
			if _, err := e.End(20 * minute); err != nil {
				return err
			}
			_, err := e.Advance(30 * minute)
			return err
		}, ErrEnded.Error()},
		{"end twice", func(e *Engine) error {
			if _, err := e.End(20 * minute); err != nil {
				return err
			}
			_, err := e.End(20 * minute)
			return err
		}, ErrEnded.Error()},
		{"pause twice", func(e *Engine) error {
			if _, err := e.Pause(time.Time{}); err != nil {
				return err
			}
			_, err := e.Pause(time.Time{})
			return err
		}, "already paused"},
		{"resume when running", func(e *Engine) error { _, err := e.Resume(time.Time{}); return err }, "not paused"},
		{"zero speed", func(e *Engine) error { _, err := e.SetSpeed(0, time.Time{}); return err }, "invalid speed"},
		// The clock's range, as on replay (TestMoreDamageIsAnError).
		{"speed under the clock's range", func(e *Engine) error { _, err := e.SetSpeed(0.49, time.Time{}); return err }, "invalid speed 0.49: the speed must be between 0.5 and 60"},
		{"speed over the clock's range", func(e *Engine) error { _, err := e.SetSpeed(60.01, time.Time{}); return err }, "invalid speed 60.01: the speed must be between 0.5 and 60"},
		{"huge speed", func(e *Engine) error { _, err := e.SetSpeed(1e308, time.Time{}); return err }, "invalid speed 1e+308"},
		{"NaN speed", func(e *Engine) error { _, err := e.SetSpeed(math.NaN(), time.Time{}); return err }, "invalid speed NaN"},
		{"corrective for unknown action", func(e *Engine) error { _, err := e.SetCorrective("zz", "bob", ""); return err }, `unknown action "zz"`},
		{"corrective for neutral action", func(e *Engine) error { _, err := e.SetCorrective("n", "bob", ""); return err }, "neither expected nor harmful"},
		{"corrective with bad date", func(e *Engine) error { _, err := e.SetCorrective("a", "bob", "2026-13-01"); return err }, "invalid due date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewEngine(s)
			err := tt.do(e)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestPlayErrors(t *testing.T) {
	s := testScenario(inj("i", 10*minute, nil))
	tests := []struct {
		name      string
		decisions []scenarios.Decision
		end       *scenarios.Duration
		index     int // of the failing decision; -1: not a decision's fault
		want      string
	}{
		{"time going back", []scenarios.Decision{dec(5*minute, "a"), dec(4*minute, "b")}, nil, 1, "time order"},
		{"after the end", []scenarios.Decision{dec(5*minute, "a"), dec(31*minute, "b")}, endAt(30 * minute), 1, "after the end"},
		{"after the duration", []scenarios.Decision{dec(61*minute, "a")}, nil, 0, "after the end"},
		{"unknown action", []scenarios.Decision{dec(1, "a"), dec(2, "zz")}, nil, 1, `unknown action "zz"`},
		{"end after the duration", nil, endAt(61 * minute), -1, "after the scenario's duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Play(s, tt.decisions, tt.end)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want one containing %q", err, tt.want)
			}
			var de *DecisionError
			if got := errors.As(err, &de); got != (tt.index >= 0) || got && de.Index != tt.index {
				t.Errorf("error %v: DecisionError %v, want index %d", err, got, tt.index)
			}
		})
	}
}

func TestEngineQueries(t *testing.T) {
	s := testScenario(inj("dp", 5*minute, nil, "x", "y"), inj("later", 20*minute, nil))
	e := NewEngine(s)
	if d, ok := e.NextDue(); !ok || d != 5*minute {
		t.Fatalf("NextDue = %v %v, want 5m", d, ok)
	}
	evs, err := e.Advance(10 * minute)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].Inject != "dp" || e.Now() != 10*minute {
		t.Fatalf("Advance returned %v, now %v", trace(evs), e.Now())
	}
	if d, ok := e.NextDue(); !ok || d != 20*minute {
		t.Errorf("NextDue = %v %v, want 20m", d, ok)
	}
	if open := e.OpenDecisionPoints(); len(open) != 1 || open[0].ID != "dp" {
		t.Fatalf("open decision points = %v", open)
	}
	ev, err := e.Record(scenarios.Decision{At: 999, Action: "x", Role: "lead", Note: "why"})
	if err != nil {
		t.Fatal(err)
	}
	want := Event{Seq: 2, Kind: KindDecision, At: 10 * minute, Inject: "dp", Action: "x", Phase: scenarios.Detection, Role: "lead", Note: "why"}
	if ev != want {
		t.Errorf("Record = %+v, want %+v", ev, want)
	}
	if open := e.OpenDecisionPoints(); len(open) != 0 {
		t.Errorf("open decision points after answer = %v", open)
	}
	// The clock moves without an inject falling due: a later event at that
	// time must still replay.
	if _, err := e.Advance(12 * minute); err != nil {
		t.Fatal(err)
	}
	if ev, err := e.SetCorrective("b", "IT", ""); err != nil || ev.At != 12*minute {
		t.Fatalf("SetCorrective: %+v %v", ev, err)
	}
	wall := time.Date(2026, 11, 28, 15, 0, 0, 0, time.UTC)
	if _, err := e.Pause(wall); err != nil || !e.Paused() {
		t.Fatalf("Pause: %v, paused %v", err, e.Paused())
	}
	if _, err := e.Resume(wall.Add(time.Minute)); err != nil || e.Paused() {
		t.Fatalf("Resume: %v, paused %v", err, e.Paused())
	}
	if ev, err := e.SetSpeed(4, wall); err != nil || e.Speed() != 4 || ev.Speed != 4 || !ev.Wall.Equal(wall) {
		t.Fatalf("SetSpeed: %+v %v", ev, err)
	}
	if ev, err := e.Note("legal is on the call", "comms"); err != nil || ev.Text != "legal is on the call" || ev.Phase != scenarios.Detection {
		t.Fatalf("Note: %+v %v", ev, err)
	}
	if _, err := e.End(15 * minute); err != nil {
		t.Fatal(err)
	}
	if _, ok := e.NextDue(); ok {
		t.Error("NextDue after end reports an inject")
	}
	if ev, err := e.SetCorrective("a", "SOC lead", "2026-12-31"); err != nil || ev.At != 15*minute || ev.Owner != "SOC lead" {
		t.Fatalf("SetCorrective after end: %+v %v", ev, err)
	}
	if got := len(e.Decisions()); got != 1 {
		t.Errorf("decisions = %d, want 1", got)
	}
	r, err := Replay(s, e.Events())
	if err != nil {
		t.Fatal(err)
	}
	assertSameState(t, e, r)
}

func TestReplayRejectsEventsThatDoNotFollow(t *testing.T) {
	s := testScenario(inj("i", 5*minute, &scenarios.Condition{Taken: "a"}), inj("j", 10*minute, nil))
	e, err := Play(s, []scenarios.Decision{dec(1*minute, "a"), dec(6*minute, "b")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	good := e.Events() // a, i delivered, b, j delivered, end
	tests := []struct {
		name   string
		change func(evs []Event) []Event
		seq    int
	}{
		{"skipped instead of delivered", func(evs []Event) []Event { evs[1].Kind = KindSkipped; return evs }, 2},
		{"wrong inject", func(evs []Event) []Event { evs[1].Inject = "j"; return evs }, 2},
		{"decision moved before an inject it follows", func(evs []Event) []Event {
			evs[1], evs[2] = evs[2], evs[1]
			evs[1].Seq, evs[2].Seq = 2, 3
			return evs
		}, 2},
		{"unknown action", func(evs []Event) []Event { evs[0].Action = "zz"; return evs }, 1},
		{"gap in sequence numbers", func(evs []Event) []Event { evs[3].Seq = 7; return evs }, 4},
		{"unknown kind", func(evs []Event) []Event { evs[2].Kind = "teleport"; return evs }, 3},
		{"event after end", func(evs []Event) []Event {
			return append(evs, Event{Seq: len(evs) + 1, Kind: KindNote, At: 60 * minute, Text: "late"})
		}, 6},
		{"time going back", func(evs []Event) []Event { evs[2].At = 30; return evs }, 3},
		{"decision phase does not match", func(evs []Event) []Event { evs[2].Phase = scenarios.Recovery; return evs }, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Replay(s, tt.change(slices.Clone(good)))
			var re *ReplayError
			if !errors.As(err, &re) || re.Seq != tt.seq {
				t.Fatalf("Replay error = %v, want a ReplayError at event %d", err, tt.seq)
			}
		})
	}
}

func TestSubscribe(t *testing.T) {
	s := testScenario(inj("i", 1, nil), inj("j", 2, nil))
	e := NewEngine(s)
	ch, cancel := e.Subscribe()
	slow, _ := e.Subscribe() // never read: must be dropped, not block
	for i := range SubscriberBuffer + 10 {
		if _, err := e.Note(fmt.Sprint("note ", i), ""); err != nil {
			t.Fatal(err)
		}
		<-ch
	}
	cancel()
	cancel() // a second cancel does nothing
	if _, ok := <-ch; ok {
		t.Error("channel still open after cancel")
	}
	n := 0
	for range slow {
		n++
	}
	if n != SubscriberBuffer {
		t.Errorf("slow subscriber got %d events before being dropped, want %d", n, SubscriberBuffer)
	}
}

// TestConcurrentUse drives one engine from several goroutines while
// observers watch; run with -race. Every observer must see every event in
// the engine's order.
func TestConcurrentUse(t *testing.T) {
	var injects []scenarios.Inject
	for i := range 50 {
		injects = append(injects, inj(fmt.Sprint("i", i), scenarios.Duration(i*60), nil))
	}
	s := testScenario(injects...)
	e := NewEngine(s)
	const observers = 3
	got := make([][]Event, observers)
	var watchers sync.WaitGroup
	cancels := make([]func(), observers)
	for o := range observers {
		ch, cancel := e.Subscribe()
		cancels[o] = cancel
		watchers.Add(1)
		go func() {
			defer watchers.Done()
			for ev := range ch {
				got[o] = append(got[o], ev)
			}
		}()
	}
	var drivers sync.WaitGroup
	for g := range 4 {
		drivers.Add(1)
		go func() {
			defer drivers.Done()
			for i := range 50 {
				_, _ = e.Advance(scenarios.Duration(i * 60))
				_, _ = e.Record(scenarios.Decision{Text: fmt.Sprintf("g%d-%d", g, i)})
				_ = e.Now()
				_ = e.OpenDecisionPoints()
			}
		}()
	}
	drivers.Wait()
	for _, c := range cancels {
		c()
	}
	watchers.Wait()
	all := e.Events()
	if len(e.Decisions()) != 200 {
		t.Errorf("decisions = %d, want 200", len(e.Decisions()))
	}
	for o := range observers {
		if !slices.Equal(got[o], all) {
			t.Errorf("observer %d saw %d events, engine has %d (or a different order)", o, len(got[o]), len(all))
		}
	}
	if _, err := Replay(s, all); err != nil {
		t.Errorf("replay of a concurrent session: %v", err)
	}
}

func TestPlayIsDeterministic(t *testing.T) {
	s := testScenario(inj("i", 5*minute, &scenarios.Condition{Taken: "a"}), inj("dp", 6*minute, nil, "x", "y"))
	ds := []scenarios.Decision{dec(1*minute, "a"), dec(6*minute, "x"), {At: 7 * minute, Text: "free"}}
	e1, err1 := Play(s, ds, nil)
	e2, err2 := Play(s, ds, nil)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if !slices.Equal(e1.Events(), e2.Events()) {
		t.Error("two runs with the same inputs differ")
	}
}

// Every single-event change first processes the injects due at the current
// time, so that the journal keeps due injects before anything else at that
// instant, and the events replay.
func TestChangesBeforeTheFirstAdvanceComeAfterDueInjects(t *testing.T) {
	calls := map[string]func(e *Engine) (Event, error){
		"record":     func(e *Engine) (Event, error) { return e.Record(dec(0, "x")) },
		"note":       func(e *Engine) (Event, error) { return e.Note("n", "") },
		"pause":      func(e *Engine) (Event, error) { return e.Pause(time.Time{}) },
		"speed":      func(e *Engine) (Event, error) { return e.SetSpeed(2, time.Time{}) },
		"corrective": func(e *Engine) (Event, error) { return e.SetCorrective("a", "me", "") },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			s := testScenario(inj("dp", 0, nil, "x", "y"))
			e := NewEngine(s)
			ev, err := call(e)
			if err != nil {
				t.Fatal(err)
			}
			if got := trace(e.Events()); len(got) != 2 || got[0] != "0 delivered dp" || ev.Seq != 2 {
				t.Errorf("events = %q, returned seq %d", got, ev.Seq)
			}
			if name == "record" && ev.Inject != "dp" {
				t.Errorf("decision at the decision point's instant does not answer it: %+v", ev)
			}
			if _, err := Replay(s, e.Events()); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestTextAtTheLimitReplays: text the engine accepts must replay. Invalid
// UTF-8 grows when it is replaced by U+FFFD (1 byte becomes 3), so the
// length limit holds for the text as stored, not as typed.
func TestTextAtTheLimitReplays(t *testing.T) {
	s := testScenario()
	over := strings.Repeat("x", MaxTextLen-1) + "\xff" // MaxTextLen bytes typed, MaxTextLen+2 stored
	for _, tc := range []struct {
		name   string
		record func(e *Engine) (Event, error)
	}{
		{"decision text", func(e *Engine) (Event, error) { return e.Record(scenarios.Decision{Text: over}) }},
		{"decision note", func(e *Engine) (Event, error) { return e.Record(scenarios.Decision{Action: "a", Note: over}) }},
		{"note", func(e *Engine) (Event, error) { return e.Note(over, "") }},
		{"owner", func(e *Engine) (Event, error) { return e.SetCorrective("a", over, "") }},
	} {
		if _, err := tc.record(NewEngine(s)); err == nil || !strings.Contains(err.Error(), "too long") {
			t.Errorf("%s: err = %v, want too long", tc.name, err)
		}
	}

	// Text still within the limit once valid is kept, and replays.
	fits := strings.Repeat("x", MaxTextLen-3) + "\xff"
	e := NewEngine(s)
	if _, err := e.Record(scenarios.Decision{Text: fits, Note: fits}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Note(fits, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.SetCorrective("a", fits, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := Replay(s, e.Events()); err != nil {
		t.Fatalf("replay: %v", err)
	}
}
