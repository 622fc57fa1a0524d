package sim

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
)

func TestTeamEventsAreCheckedAndReplay(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(e *Engine) error
		want string // "" accepted; else a part of the error
	}{
		{"join by key", func(e *Engine) error { _, err := e.Join("dana", "lead", ViaKey); return err }, ""},
		{"join the wall", func(e *Engine) error { _, err := e.Join("room", RoleWall, ViaCode); return err }, ""},
		{"join without role", func(e *Engine) error { _, err := e.Join("dana", "", ViaKey); return err }, "needs a role"},
		{"join unknown role", func(e *Engine) error { _, err := e.Join("dana", "ceo", ViaKey); return err }, `unknown role "ceo"`},
		{"join how", func(e *Engine) error { _, err := e.Join("dana", "lead", "password"); return err }, "invalid way in"},
		{"join no name", func(e *Engine) error { _, err := e.Join("  ", "lead", ViaKey); return err }, "empty participant name"},
		{"join long name", func(e *Engine) error { _, err := e.Join(strings.Repeat("n", MaxNameLen+1), "lead", ViaKey); return err }, "too long"},
		{"join control", func(e *Engine) error { _, err := e.Join("a\x1b[2Jb", "lead", ViaKey); return err }, "control character"},
		{"join C1 control", func(e *Engine) error { _, err := e.Join("a\u009bb", "lead", ViaKey); return err }, "control character"},
		{"leave", func(e *Engine) error { _, err := e.Leave("dana", "lead"); return err }, ""},
		{"adhoc everyone", func(e *Engine) error { _, err := e.AdHoc("Press call", "A **reporter** calls.", nil); return err }, ""},
		{"adhoc to roles", func(e *Engine) error { _, err := e.AdHoc("For comms", "", []string{"comms", "lead"}); return err }, ""},
		{"adhoc no title", func(e *Engine) error { _, err := e.AdHoc(" ", "body", nil); return err }, "empty inject title"},
		{"adhoc two lines", func(e *Engine) error { _, err := e.AdHoc("a\nb", "body", nil); return err }, "one line"},
		{"adhoc long title", func(e *Engine) error { _, err := e.AdHoc(strings.Repeat("t", MaxTitleLen+1), "", nil); return err }, "too long"},
		{"adhoc long body", func(e *Engine) error { _, err := e.AdHoc("t", strings.Repeat("b", MaxTextLen+1), nil); return err }, "too long"},
		{"adhoc unknown role", func(e *Engine) error { _, err := e.AdHoc("t", "", []string{"ceo"}); return err }, `unknown role "ceo"`},
		{"adhoc wall", func(e *Engine) error { _, err := e.AdHoc("t", "", []string{RoleWall}); return err }, `unknown role "wall"`},
		{"adhoc empty role", func(e *Engine) error { _, err := e.AdHoc("t", "", []string{""}); return err }, `unknown role ""`},
		{"adhoc twice", func(e *Engine) error { _, err := e.AdHoc("t", "", []string{"lead", "lead"}); return err }, "listed twice"},
		{"extend", func(e *Engine) error { _, err := e.SetLength(90*minute, "the team needs time"); return err }, ""},
		{"shorten", func(e *Engine) error { _, err := e.SetLength(20*minute, "room booked"); return err }, ""},
		{"length before now", func(e *Engine) error { _, err := e.SetLength(5*minute, "r"); return err }, "must be after the current time"},
		{"length same", func(e *Engine) error { _, err := e.SetLength(60*minute, "r"); return err }, "already"},
		{"length too long", func(e *Engine) error { _, err := e.SetLength(MaxLength+1, "r"); return err }, "longer than"},
		{"length no reason", func(e *Engine) error { _, err := e.SetLength(70*minute, ""); return err }, "empty reason"},
		{"decision by", func(e *Engine) error {
			_, err := e.Record(scenarios.Decision{Text: "call legal", Role: "lead", By: "dana"})
			return err
		}, ""},
		{"decision bad by", func(e *Engine) error {
			_, err := e.Record(scenarios.Decision{Text: "x", By: "\x07"})
			return err
		}, "control character"},
		{"note as", func(e *Engine) error { _, err := e.NoteAs("legal is on holiday", "comms", "sam"); return err }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := NewEngine(testScenario())
			if _, err := e.Advance(10 * minute); err != nil {
				t.Fatal(err)
			}
			before := len(e.Events())
			err := tc.do(e)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				r, err := Replay(e.s, e.Events())
				if err != nil {
					t.Fatalf("replay: %v", err)
				}
				assertSameState(t, e, r)
				if r.Length() != e.Length() {
					t.Fatalf("replayed length %s, want %s", r.Length(), e.Length())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
			if len(e.Events()) != before {
				t.Fatal("a refused change left an event")
			}
		})
	}
}

func TestTeamEventsRoundTripThroughTheJournal(t *testing.T) {
	s := loadDrill(t)
	dir := filepath.Join(t.TempDir(), "session")
	sess, err := CreateSession(dir, s, "test")
	if err != nil {
		t.Fatal(err)
	}
	e := sess.Engine
	e.SetWallClock(func() time.Time { return time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) })
	steps := []func() (Event, error){
		func() (Event, error) { return e.Join("Dana Reyes", "lead", ViaKey) },
		func() (Event, error) { return e.Join("projector", RoleWall, ViaCode) },
		func() (Event, error) { return e.AdHoc("Reporter calls", "*Is it true?*", []string{"lead"}) },
		func() (Event, error) {
			return e.Record(scenarios.Decision{Text: "hold statement", Role: "lead", By: "Dana Reyes"})
		},
		func() (Event, error) { return e.NoteAs("statement drafted", "lead", "Dana Reyes") },
		func() (Event, error) { return e.SetLength(s.Duration+15*minute, "extra discussion") },
		func() (Event, error) { return e.Leave("Dana Reyes", "lead") },
	}
	for i, step := range steps {
		if _, err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	if _, err := e.End(e.Now()); err != nil {
		t.Fatal(err)
	}
	// Seats may still join and leave after the end (the feedback form).
	if _, err := e.Join("Dana Reyes", "lead", ViaKey); err != nil {
		t.Fatalf("join after the end: %v", err)
	}
	if err := sess.Close(); err != nil {
		t.Fatal(err)
	}
	re, _, err := OpenSession(dir)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer re.Close()
	got := re.Engine.Events()
	want := e.Events()
	if len(got) != len(want) {
		t.Fatalf("reopened %d events, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Wall == nil || w.Wall == nil || !g.Wall.Equal(*w.Wall) {
			t.Fatalf("event %d: wall time %v, want %v", i+1, g.Wall, w.Wall)
		}
		g.Wall, w.Wall = nil, nil
		if g != w {
			t.Fatalf("event %d reopened as %+v, want %+v", i+1, g, w)
		}
	}
	var dec, note, adhoc, length Event
	for _, ev := range got {
		switch ev.Kind {
		case KindDecision:
			dec = ev
		case KindNote:
			note = ev
		case KindAdHoc:
			adhoc = ev
		case KindLength:
			length = ev
		}
	}
	if dec.By != "Dana Reyes" || dec.Role != "lead" || note.By != "Dana Reyes" {
		t.Fatalf("attribution lost: decision %+v note %+v", dec, note)
	}
	if adhoc.Title != "Reporter calls" || adhoc.Text != "*Is it true?*" || !slices.Equal(adhoc.Recipients(), []string{"lead"}) {
		t.Fatalf("ad-hoc inject %+v", adhoc)
	}
	if length.Length != s.Duration+15*minute || re.Engine.Length() != s.Duration+15*minute || LengthOf(s, got) != re.Engine.Length() {
		t.Fatalf("length %+v, engine %s", length, re.Engine.Length())
	}
	ps := Participants(got)
	if len(ps) != 2 {
		t.Fatalf("participants %+v", ps)
	}
	if p := ps[0]; p.Name != "Dana Reyes" || p.Role != "lead" || p.Via != ViaKey || !p.Connected || p.Joined.IsZero() {
		t.Fatalf("first participant %+v (rejoined after the end: connected)", p)
	}
	if p := ps[1]; p.Role != RoleWall || !p.Connected {
		t.Fatalf("wall %+v", p)
	}
}

func TestParticipants(t *testing.T) {
	ev := func(k Kind, by, role string) Event { return Event{Kind: k, By: by, Role: role, Text: ViaCode} }
	got := Participants([]Event{
		ev(KindJoin, "a", "lead"),
		ev(KindJoin, "b", "comms"),
		ev(KindLeave, "a", "lead"),
		ev(KindJoin, "a", "comms"), // same person, another role: another row
		ev(KindLeave, "c", "lead"), // a leave without a join changes nothing
		ev(KindJoin, "b", "comms"), // two seats under one name
		ev(KindLeave, "b", "comms"),
	})
	want := []struct {
		name, role string
		connected  bool
	}{{"a", "lead", false}, {"b", "comms", true}, {"a", "comms", true}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i, w := range want {
		if got[i].Name != w.name || got[i].Role != w.role || got[i].Connected != w.connected {
			t.Errorf("row %d: %+v, want %+v", i, got[i], w)
		}
	}
}

func TestVisibleTo(t *testing.T) {
	s := testScenario(
		scenarios.Inject{ID: "all", At: 0, Title: "all"},
		scenarios.Inject{ID: "lead-only", At: 0, Title: "l", To: []string{"lead"}},
		scenarios.Inject{ID: "both", At: 0, Title: "b", To: []string{"lead", "comms"}},
	)
	for _, tc := range []struct {
		ev               Event
		lead, comms, wal bool
	}{
		{Event{Kind: KindDelivered, Inject: "all"}, true, true, true},
		{Event{Kind: KindDelivered, Inject: "lead-only"}, true, false, false},
		{Event{Kind: KindDelivered, Inject: "both"}, true, true, false},
		{Event{Kind: KindDelivered, Inject: "gone"}, false, false, false},
		{Event{Kind: KindAdHoc, Title: "t"}, true, true, true},
		{Event{Kind: KindAdHoc, Title: "t", To: "comms"}, false, true, false},
		{Event{Kind: KindDecision, Text: "x"}, true, true, true},
		{Event{Kind: KindJoin}, true, true, true},
		{Event{Kind: KindLength}, true, true, true},
		{Event{Kind: KindSkipped, Inject: "all"}, false, false, false},
		{Event{Kind: KindWithhold, Inject: "all"}, false, false, false},
		{Event{Kind: KindObservation}, false, false, false},
		{Event{Kind: KindRating}, false, false, false},
		{Event{Kind: KindHotWash}, false, false, false},
		{Event{Kind: KindFeedback}, false, false, false},
		{Event{Kind: KindCorrective}, false, false, false},
	} {
		for role, want := range map[string]bool{"lead": tc.lead, "comms": tc.comms, RoleWall: tc.wal} {
			if got := VisibleTo(s, tc.ev, role); got != want {
				t.Errorf("%s %s%s to %s: %v, want %v", tc.ev.Kind, tc.ev.Inject, tc.ev.To, role, got, want)
			}
		}
	}
}

func TestClockSetLengthHoldsWhereItStands(t *testing.T) {
	e := NewEngine(testScenario(inj("late", 65*minute, nil)))
	w := newFakeWall()
	c := NewClock(e, w.now)
	w.add(3 * time.Hour) // far past the end: the clock holds at 60:00
	if _, err := c.Tick(); err != nil {
		t.Fatal(err)
	}
	if !c.TimeUp() {
		t.Fatal("not time up")
	}
	if _, err := c.SetLength(70*minute, "more time"); err != nil {
		t.Fatal(err)
	}
	if c.TimeUp() || c.Now() != 60*minute {
		t.Fatalf("after extending: time up %v at %s, want 60:00 and running on", c.TimeUp(), c.Now().Clock())
	}
	w.add(5 * time.Minute)
	evs, err := c.Tick()
	if err != nil {
		t.Fatal(err)
	}
	if c.Now() != 65*minute || len(evs) != 1 || evs[0].Inject != "late" {
		t.Fatalf("at %s got %v: the inject after the old end is delivered once the exercise is longer", c.Now().Clock(), trace(evs))
	}
	// Shortening below the clock's position stops it at the new end.
	if _, err := c.SetLength(66*minute, "room booked"); err != nil {
		t.Fatal(err)
	}
	w.add(10 * time.Minute)
	if _, err := c.Tick(); err != nil {
		t.Fatal(err)
	}
	if !c.TimeUp() || c.Now() != 66*minute {
		t.Fatalf("after shortening: time up %v at %s", c.TimeUp(), c.Now().Clock())
	}
	if _, err := e.Advance(67 * minute); err == nil {
		t.Fatal("the engine moved past the shortened length")
	}
}
