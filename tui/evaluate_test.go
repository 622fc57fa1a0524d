package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
	"github.com/ttx-sim/ttx/sim"
)

// evalSession is a memSession that journals the evaluation as the engine's
// session does: the hot wash, observations, ratings and the setting.
type evalSession struct {
	*memSession
	header sim.Setting // what the journal header would hold
}

func (x evalSession) HotWash(objective, typ, text string) error {
	_, err := x.e.Evaluate(sim.Event{Kind: sim.KindHotWash, Objective: objective, Type: typ, Text: text})
	return err
}

func (x evalSession) Observe(o Observation) error {
	_, err := x.e.Evaluate(sim.Event{Kind: sim.KindObservation, Type: o.Type, Text: o.Text, Inject: o.Inject,
		Objective: o.Objective, Cause: o.Cause, By: o.By})
	return err
}

func (x evalSession) Rate(objective string, phase scenarios.Phase, rating, rationale, by string) error {
	_, err := x.e.Evaluate(sim.Event{Kind: sim.KindRating, Objective: objective, Phase: phase, Rating: rating, Note: rationale, By: by})
	return err
}

func (x evalSession) Setting() Setting { return sim.SettingOf(x.header, x.e.Events()) }

func (x evalSession) SetSetting(st Setting) error {
	_, err := x.e.SetSetting(st)
	return err
}

func newEvalDriver(t testing.TB, w, h int, header sim.Setting) (*driver, evalSession) {
	t.Helper()
	sess := evalSession{newMemSession(t, loadDrill(t)), header}
	app := New(Options{Scenario: sess.Scenario(), Start: func(*scenarios.Scenario) (Session, error) { return sess, nil }, MarkdownStyle: "ascii"})
	d := newDriver(t, app, w, h)
	d.keys("enter")
	if app.Screen() != ScreenConsole {
		t.Fatalf("screen = %v, want console", app.Screen())
	}
	return d, sess
}

// erase presses backspace n times.
func erase(d *driver, n int) {
	for range n {
		d.send(tea.KeyMsg{Type: tea.KeyBackspace})
	}
}

// ofKind lists the session's events of one kind.
func ofKind(sess Session, k sim.Kind) []sim.Event {
	var out []sim.Event
	for _, ev := range sess.Events() {
		if ev.Kind == k {
			out = append(out, ev)
		}
	}
	return out
}

// toRatings plays the drill to the ratings screen: the phish inject,
// triage on time, the end, through the hot wash.
func toRatings(t *testing.T, d *driver) {
	t.Helper()
	d.keys("n", "tab", "tab", "enter", "E", "y", "enter")
	if d.app.Screen() != ScreenHotWash {
		t.Fatalf("screen = %v, want the hot wash", d.app.Screen())
	}
	d.keys("c")
	if d.app.Screen() != ScreenRatings {
		t.Fatalf("screen = %v, want the ratings after the hot wash", d.app.Screen())
	}
}

func TestObservationDialog(t *testing.T) {
	d, sess := newEvalDriver(t, 120, 36, sim.Setting{Facilitator: "Kim"})
	d.keys("n") // the phish inject, selected in the feed
	d.keys("o")
	v := d.app.View()
	for _, want := range []string{"Observation — private", "(•) Area for improvement", "▸ Inject: A user reports a strange invoice",
		"Objective: Contain the intrusion before it spreads.", "The exercise as a whole", "By      Kim"} {
		if !strings.Contains(v, want) {
			t.Errorf("dialog lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "Decision log") {
		t.Error("the dialog leaves the panes visible behind it")
	}
	d.keys("esc")
	if d.app.console.obs != nil || len(ofKind(sess, sim.KindObservation)) != 0 {
		t.Fatal("esc did not cancel, or journaled something")
	}

	// s picks a strength and moves on to the text; enter with no text is refused.
	d.keys("o", "s", "enter")
	if !strings.Contains(d.app.View(), "Type the observation first") || len(ofKind(sess, sim.KindObservation)) != 0 {
		t.Fatal("an empty observation was not refused")
	}
	d.typeText("Triage started within a minute")
	d.keys("tab")
	d.typeText("practised runbook")
	d.keys("enter")
	obs := ofKind(sess, sim.KindObservation)
	if len(obs) != 1 {
		t.Fatalf("%d observations journaled, want 1", len(obs))
	}
	if o := obs[0]; o.Type != "strength" || o.Text != "Triage started within a minute" || o.Inject != "phish" || o.Objective != "" ||
		o.Cause != "practised runbook" || o.By != "Kim" || o.At != 5*scenarios.Minute {
		t.Errorf("observation = %+v", o)
	}
	v = d.app.View()
	if !strings.Contains(v, "Strength saved at T+00:05:00") {
		t.Errorf("no confirmation on the status line:\n%s", v)
	}
	if strings.Contains(v, "Triage started") {
		t.Error("the observation shows on the console's panes: it is private")
	}

	// About an objective, typed as an area for improvement, by another evaluator.
	d.keys("o", "tab", "down") // type field → about: the objective
	d.keys("tab")
	d.typeText("Nobody owned isolation")
	d.keys("tab", "tab") // past the cause, to the name
	erase(d, len("Kim"))
	d.typeText("Dana")
	d.keys("enter")
	obs = ofKind(sess, sim.KindObservation)
	if len(obs) != 2 {
		t.Fatalf("%d observations journaled, want 2", len(obs))
	}
	if o := obs[1]; o.Type != "improvement" || o.Objective != "contain" || o.Inject != "" || o.Cause != "" || o.By != "Dana" {
		t.Errorf("second observation = %+v", o)
	}
	// The name typed last is remembered.
	d.keys("o")
	if !strings.Contains(d.app.View(), "By      Dana") {
		t.Errorf("the evaluator's name is not remembered:\n%s", d.app.View())
	}
}

// TestObservationNeedsASessionThatJournalsIt: a session that cannot
// journal observations offers neither the key nor the dialog.
func TestObservationNeedsASessionThatJournalsIt(t *testing.T) {
	d, _ := newConsoleDriver(t, false, 120, 36)
	d.keys("n", "o")
	if d.app.console.obs != nil {
		t.Fatal("the dialog opened on a session that cannot journal it")
	}
	d, _ = newEvalDriver(t, 120, 36, sim.Setting{})
	d.keys("?")
	if !strings.Contains(d.app.View(), "observation (private)") {
		t.Errorf("the full help does not list o:\n%s", d.app.View())
	}
}

func TestRatingsScreen(t *testing.T) {
	d, sess := newEvalDriver(t, 120, 36, sim.Setting{Facilitator: "Kim"})
	toRatings(t, d)
	res := scoring.Score(sess.Scenario(), sess.Events())
	r := d.app.ratings
	if len(r.rows) != 1+len(sess.Scenario().Phases) {
		t.Fatalf("%d rows, want the objective and %d phases", len(r.rows), len(sess.Scenario().Phases))
	}
	// The suggested ratings are the score's.
	if o := res.Objectives[0]; r.rows[0].objective != "contain" || r.rows[0].suggested != ratingOrDash(o.Rating) || r.rows[0].score != o.ScoreText() {
		t.Errorf("objective row = %+v, score says %s %s", r.rows[0], o.ScoreText(), o.Rating)
	}
	for i, p := range sess.Scenario().Phases {
		row, pr := r.rows[1+i], res.Phase(p)
		if row.phase != p || pr == nil || row.suggested != ratingOrDash(pr.Rating) || row.score != pr.ScoreText() {
			t.Errorf("phase row %d = %+v, score says %+v", i, row, pr)
		}
	}
	v := d.app.View()
	for _, want := range []string{"Ratings — Lab drill", "Evaluator: Kim", "Phase: Detection", "66.7      S      —", "the rules' rating stands"} {
		if !strings.Contains(v, want) {
			t.Errorf("ratings screen lacks %q:\n%s", want, v)
		}
	}

	// A final rating needs its rationale.
	d.keys("u", "enter")
	if !strings.Contains(d.app.View(), "needs its rationale") || len(ofKind(sess, sim.KindRating)) != 0 {
		t.Fatal("a rating without a rationale was not refused")
	}
	d.keys("esc")
	d.keys("s")
	d.typeText("Isolation was quick once approved")
	d.keys("enter") // saved; the cursor moves on to the first phase
	d.keys("n")
	erase(d, len("Kim"))
	d.typeText("Dana")
	d.keys("enter", "M")
	d.typeText("Triage was on time but shallow")
	d.keys("enter")
	d.keys("up", "up", "w") // withdraw the objective's
	rs := ofKind(sess, sim.KindRating)
	want := []string{
		"contain//S/Isolation was quick once approved/Kim",
		"/detection/M/Triage was on time but shallow/Dana",
		"contain////Dana",
	}
	var got []string
	for _, ev := range rs {
		got = append(got, strings.Join([]string{ev.Objective, string(ev.Phase), ev.Rating, ev.Note, ev.By}, "/"))
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("journaled\n %v\nwant\n %v", got, want)
	}
	v = d.app.View()
	for _, want := range []string{"M set by Dana: Triage was on time but shallow", "Withdrawn: the rules' — stands"} {
		if !strings.Contains(v, want) {
			t.Errorf("ratings screen lacks %q:\n%s", want, v)
		}
	}
	// What the screen shows is what the report will say.
	if rows := ratingRows(sess); rows[0].final != nil || rows[1].final == nil || rows[1].final.Rating != "M" {
		t.Errorf("rows from the journal = %+v %+v", rows[0], rows[1])
	}
	d.keys("w") // nothing to withdraw: nothing journaled
	if len(ofKind(sess, sim.KindRating)) != 3 {
		t.Error("withdrawing a rating not set journaled something")
	}
	d.keys("c")
	if d.app.Screen() != ScreenReview {
		t.Fatalf("screen = %v after c, want the review", d.app.Screen())
	}
}

func TestReviewExerciseDetails(t *testing.T) {
	d, sess := newEvalDriver(t, 120, 36, sim.Setting{Org: "Acme", Facilitator: "Kim"})
	toRatings(t, d)
	d.keys("c")
	if !strings.Contains(d.app.View(), "Organisation: Acme · Location: — · Facilitator: Kim  (d edits)") {
		t.Fatalf("the review does not show the exercise details:\n%s", d.app.View())
	}
	d.keys("d", "tab")
	d.typeText("Room 4")
	d.keys("esc")
	if len(ofKind(sess, sim.KindSetting)) != 0 || !strings.Contains(d.app.View(), "Location: —") {
		t.Fatal("esc saved the details")
	}
	d.keys("d")
	d.typeText(" Freight")
	d.keys("tab")
	d.typeText("Room 4")
	d.keys("enter")
	st := ofKind(sess, sim.KindSetting)
	if len(st) != 1 || st[0].Org != "Acme Freight" || st[0].Location != "Room 4" || st[0].Facilitator != "Kim" {
		t.Fatalf("setting events = %+v", st)
	}
	if v := d.app.View(); !strings.Contains(v, "Organisation: Acme Freight · Location: Room 4 · Facilitator: Kim") {
		t.Errorf("the review does not show the new details:\n%s", v)
	}
	// The review's gaps keys still work after.
	d.keys("enter")
	if !d.app.review.editing {
		t.Error("enter no longer edits the gap after the details form")
	}
}

// TestEvaluationGolden: the observation dialog, the ratings screen and the
// review's details form, at both golden sizes.
func TestEvaluationGolden(t *testing.T) {
	for _, sz := range goldenSizes {
		w, h := sz[0], sz[1]
		t.Run(fmt.Sprintf("observe_%dx%d", w, h), func(t *testing.T) {
			d, _ := newEvalDriver(t, w, h, sim.Setting{Facilitator: "Kim"})
			d.keys("n", "o", "a")
			d.typeText("Nobody asked who owns the mailbox")
			d.keys("tab")
			d.typeText("no on-call list")
			checkView(t, d, w, h)
			golden.RequireEqual(t, []byte(d.app.View()))
		})
		t.Run(fmt.Sprintf("ratings_%dx%d", w, h), func(t *testing.T) {
			d, _ := newEvalDriver(t, w, h, sim.Setting{Facilitator: "Kim"})
			toRatings(t, d)
			d.keys("s")
			d.typeText("Contained once the lead approved")
			d.keys("enter", "m")
			d.typeText("Triage on time, but the lead was not told")
			checkView(t, d, w, h)
			golden.RequireEqual(t, []byte(d.app.View()))
		})
		t.Run(fmt.Sprintf("ratings_set_%dx%d", w, h), func(t *testing.T) {
			d, _ := newEvalDriver(t, w, h, sim.Setting{})
			toRatings(t, d)
			d.keys("down", "down", "down", "s")
			d.typeText("Restore was not in scope of this drill")
			d.keys("enter")
			checkView(t, d, w, h)
			golden.RequireEqual(t, []byte(d.app.View()))
		})
		// The review after the ratings: its help line offers r back.
		t.Run(fmt.Sprintf("review_%dx%d", w, h), func(t *testing.T) {
			d, _ := newEvalDriver(t, w, h, sim.Setting{Org: "Acme Logistics", Facilitator: "Kim"})
			toRatings(t, d)
			d.keys("c")
			checkView(t, d, w, h)
			golden.RequireEqual(t, []byte(d.app.View()))
		})
		t.Run(fmt.Sprintf("details_%dx%d", w, h), func(t *testing.T) {
			d, _ := newEvalDriver(t, w, h, sim.Setting{Org: "Acme Logistics", Facilitator: "Kim"})
			toRatings(t, d)
			d.keys("c", "d", "tab")
			d.typeText("Board room, Leeds")
			checkView(t, d, w, h)
			golden.RequireEqual(t, []byte(d.app.View()))
		})
	}
}

// TestEvaluationHostileText: names and details typed or given on the
// command line are drawn sanitised on every evaluation screen.
func TestEvaluationHostileText(t *testing.T) {
	d, _ := newEvalDriver(t, 120, 36, sim.Setting{Org: "\x1b[2JAcme", Location: "\u202eRoom", Facilitator: "Kim\x1b]52;c;AAAA\a"})
	views := []string{}
	step := func(keys ...string) {
		d.keys(keys...)
		views = append(views, d.app.View())
	}
	step("n", "o")
	d.typeText("seen \x1b[H")
	step("tab")
	step("enter")
	step("E", "y", "enter", "c")
	step("s")
	d.typeText("why \x1b[31m")
	step("enter")
	step("c")
	step("d")
	if d.app.Screen() != ScreenReview || d.app.review.details == nil || len(ofKind(d.app.Session(), sim.KindObservation)) != 1 ||
		len(ofKind(d.app.Session(), sim.KindRating)) != 1 {
		t.Fatalf("the test did not go through every screen: on %v", d.app.Screen())
	}
	for i, v := range views {
		if strings.ContainsAny(v, "\x1b\x07\u202e") {
			t.Errorf("view %d contains a raw control character:\n%q", i, v)
		}
	}
}

// FuzzEvaluationKeys plays arbitrary keys, typed text included, through
// the observation dialog, the hot wash, the ratings screen and the review's
// details form: no panic, every view fits 80×24 and carries no raw escape.
func FuzzEvaluationKeys(f *testing.F) {
	f.Add([]byte("n\x00\x01seen\x1b[2J\x04\x02\x0a\x0b\x0a\x0b\x0cs why\x04\x0c\x0d\x02Acme\x04"))
	f.Add([]byte("n\x00\x02\x07\x08\x03\x04\x0a\x0b\x0a\x0b\x0c\x0c\x0cw\x0d\x0d\x0d\x0d"))
	keys := []string{"o", "tab", "enter", "shift+tab", "esc", "up", "down", "space", "n", "E", "y", "c", "w", "d", "s", "m"}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > 300 {
			in = in[:300]
		}
		d, _ := newEvalDriver(t, 80, 24, sim.Setting{Org: "Acme \x1b[2J", Facilitator: "Kim"})
		for _, b := range in {
			if d.quit {
				break
			}
			switch {
			case int(b) < len(keys):
				d.keys(keys[b])
			case b == 'q':
				continue // quitting ends the run early; tested elsewhere
			default:
				d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{rune(b)}})
			}
			v := d.app.View()
			if strings.ContainsAny(v, "\x1b\x07") {
				t.Fatalf("raw control byte in view:\n%q", v)
			}
			lines := strings.Split(v, "\n")
			if len(lines) > 24 {
				t.Fatalf("view has %d lines", len(lines))
			}
			for _, ln := range lines {
				if displayWidth(ln) > 80 {
					t.Fatalf("line %d cells wide: %q", displayWidth(ln), ln)
				}
			}
		}
	})
}

// TestObservationInFacilitatorPanel: an observation saved with o shows at
// once in the facilitator's private panel (f), and only there.
func TestObservationInFacilitatorPanel(t *testing.T) {
	d, _ := newEvalDriver(t, 120, 36, sim.Setting{Facilitator: "Kim"})
	d.keys("n", "f")
	if v := d.app.View(); !strings.Contains(v, "Evaluator observations (0)") {
		t.Fatalf("no observations section in the panel:\n%s", v)
	}
	d.keys("o", "s")
	d.typeText("Quick triage")
	d.keys("enter")
	if v := d.app.View(); !strings.Contains(v, "Evaluator observations (1)") || !strings.Contains(v, "strength: Quick triage — Kim") {
		t.Errorf("the panel does not show the new observation:\n%s", v)
	}
	d.keys("f")
	if strings.Contains(d.app.View(), "Quick triage") {
		t.Error("the observation shows with the panel hidden")
	}
}

// TestObservationAfterPlay: o on the ratings screen records an observation
// after the end, about the selected objective, stamped with the end time.
func TestObservationAfterPlay(t *testing.T) {
	d, sess := newEvalDriver(t, 120, 36, sim.Setting{Facilitator: "Kim"})
	toRatings(t, d)
	d.keys("o")
	v := d.app.View()
	if !strings.Contains(v, "▸ Objective: Contain the intrusion") || strings.Contains(v, "Inject:") {
		t.Fatalf("the dialog is not about the selected objective:\n%s", v)
	}
	d.keys("a")
	d.typeText("Isolation waited for a manager")
	d.keys("enter")
	obs := ofKind(sess, sim.KindObservation)
	if len(obs) != 1 || obs[0].Objective != "contain" || obs[0].Type != "improvement" || obs[0].At != 5*scenarios.Minute || obs[0].By != "Kim" {
		t.Fatalf("observations = %+v", obs)
	}
	if v := d.app.View(); !strings.Contains(v, "Area for improvement saved") || !strings.Contains(v, "Ratings — ") {
		t.Errorf("not back on the ratings screen with a confirmation:\n%s", v)
	}
	if _, err := sim.Replay(sess.Scenario(), sess.Events()); err != nil {
		t.Errorf("an observation after the end does not replay: %v", err)
	}
}

// TestResultsShowFinalPhaseRating: the results screen shows the
// evaluator's final phase rating beside the rules'.
func TestResultsShowFinalPhaseRating(t *testing.T) {
	d, sess := newEvalDriver(t, 120, 36, sim.Setting{})
	sess.reports = []string{sess.dir + "/report.md"}
	toRatings(t, d)
	d.keys("down", "m")
	d.typeText("Triage was shallow")
	d.keys("enter", "c", "c")
	if d.app.Screen() != ScreenResults {
		t.Fatalf("screen = %v, want results", d.app.Screen())
	}
	v := d.app.View()
	var detection, recovery string
	for _, ln := range strings.Split(v, "\n") {
		switch {
		case strings.HasPrefix(ln, "Detection"):
			detection = ln
		case strings.HasPrefix(ln, "Recovery"):
			recovery = ln
		}
	}
	if !strings.HasSuffix(detection, "66.7 S · final M") || strings.Contains(recovery, "final") {
		t.Errorf("results:\n%s", v)
	}
}

// TestEvaluationLongLists: on a library scenario with seven objectives of
// long text, the observation dialog's list says it scrolls, and the
// ratings screen shows the selected objective whole on its status line.
func TestEvaluationLongLists(t *testing.T) {
	s, err := scenarios.Resolve("ransomware-phishing")
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Objectives) < 5 {
		t.Fatalf("the scenario has %d objectives: the test needs more than the list shows", len(s.Objectives))
	}
	sess := evalSession{newMemSession(t, s), sim.Setting{}}
	app := New(Options{Scenario: s, Start: func(*scenarios.Scenario) (Session, error) { return sess, nil }, MarkdownStyle: "ascii"})
	d := newDriver(t, app, 100, 32)
	d.keys("enter", "n", "o")
	v := d.app.View()
	if !strings.Contains(v, " ↓ ║") || strings.Contains(v, " ↑ ║") {
		t.Errorf("the top of the list does not say more is below:\n%s", v)
	}
	d.keys("tab")
	for range len(s.Objectives) + 1 {
		d.keys("down")
	}
	v = d.app.View()
	if !strings.Contains(v, "▸ The exercise as a whole") || !strings.Contains(v, " ↑ ║") || strings.Contains(v, " ↓ ║") {
		t.Errorf("the end of the list does not say more is above:\n%s", v)
	}
	d.keys("esc", "E", "y", "enter", "c")
	if app.Screen() != ScreenRatings {
		t.Fatalf("screen = %v", app.Screen())
	}
	lines := strings.Split(app.View(), "\n")
	status := lines[len(lines)-2]
	want := "▸ " + s.Objectives[0].Text + " (" + s.Objectives[0].Capability + ")"
	if status != want {
		t.Errorf("status line %q, want the whole label %q", status, want)
	}
	if !strings.Contains(app.View(), "…") {
		t.Error("no label is cut in the list: the test shows nothing")
	}
}

// BenchmarkEvaluationScreens: on the large console (2,000 injects, 1,000
// actions, 5,000 decisions), opening the observation dialog (it reads the
// journal for the evaluator's name), a key and a frame in it, and building
// the ratings screen's rows (a whole report, off the UI loop).
func BenchmarkEvaluationScreens(b *testing.B) {
	d, sess := largeConsole(b)
	es := evalSession{sess, sim.Setting{Facilitator: "Kim"}}
	d.app.console.sess = es
	d.app.console.syncKeys()
	if d.app.console.modal != modalDecision {
		b.Fatalf("modal %v: the benchmark means to open the dialog over a decision point", d.app.console.modal)
	}
	b.Run("observe-open", func(b *testing.B) {
		for b.Loop() {
			d.app.console.obs = nil
			d.send(keyMsg("o"))
			if d.app.console.obs == nil {
				b.Fatalf("o did not open the dialog: modal %v, ended %v, observe enabled %v", d.app.console.modal, d.app.console.ended, d.app.console.keys.Observe.Enabled())
			}
		}
	})
	b.Run("observe-key-view", func(b *testing.B) {
		d.send(keyMsg("tab")) // on to the text
		keys := []tea.KeyMsg{keyMsg("x"), {Type: tea.KeyBackspace}}
		for i := 0; b.Loop(); i++ {
			d.send(keys[i%2])
			_ = d.app.View()
		}
	})
	b.Run("rating-rows", func(b *testing.B) {
		for b.Loop() {
			_ = ratingRows(es)
		}
	})
}

// TestObservationDuringDecisionPoint: o works while a decision point waits
// for the team's choice, and the choice is still open after.
func TestObservationDuringDecisionPoint(t *testing.T) {
	d, sess := newEvalDriver(t, 120, 36, sim.Setting{})
	d.keys("n", "n") // the EDR alert opens its choices
	if d.app.console.modal != modalDecision {
		t.Fatalf("modal = %v, want the decision point", d.app.console.modal)
	}
	d.keys("o")
	if v := d.app.View(); !strings.Contains(v, "▸ Inject: EDR alert on FIN-WS-042") {
		t.Fatalf("the dialog is not about the decision point's inject:\n%s", v)
	}
	d.keys("a")
	d.typeText("They argue about who may isolate")
	d.keys("enter")
	if obs := ofKind(sess, sim.KindObservation); len(obs) != 1 || obs[0].Inject != "edr" {
		t.Fatalf("observations = %+v", obs)
	}
	if d.app.console.modal != modalDecision {
		t.Fatalf("modal = %v after the observation, want the decision point still open", d.app.console.modal)
	}
	d.keys("enter") // the first choice: isolate
	if dec := decisions(sess); len(dec) != 1 || dec[0].Action != "isolate" || dec[0].Inject != "edr" {
		t.Errorf("decisions = %+v", dec)
	}
}

// TestEvaluationPasteCut: a paste longer than the journal takes is cut,
// and says so, in the observation dialog and the rationale.
func TestEvaluationPasteCut(t *testing.T) {
	long := []rune(strings.Repeat("a", sim.MaxTextLen+100))
	d, sess := newEvalDriver(t, 120, 36, sim.Setting{})
	d.keys("n", "o", "s")
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: long, Paste: true})
	if v := d.app.View(); !strings.Contains(v, fmt.Sprintf("Paste cut to %d characters.", sim.MaxTextLen)) {
		t.Errorf("the dialog does not say the paste was cut:\n%s", v)
	}
	d.keys("enter")
	obs := ofKind(sess, sim.KindObservation)
	if len(obs) != 1 {
		t.Fatalf("%d observations journaled, want 1", len(obs))
	}
	if len(obs[0].Text) != sim.MaxTextLen {
		t.Fatalf("observation of %d bytes journaled, want the %d kept", len(obs[0].Text), sim.MaxTextLen)
	}
	toRatings(t, d)
	d.keys("s")
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: long, Paste: true})
	if v := d.app.View(); !strings.Contains(v, fmt.Sprintf("Paste cut to %d characters.", sim.MaxTextLen)) {
		t.Errorf("the ratings screen does not say the paste was cut:\n%s", v)
	}
}

// TestReviewBackToRatings: r on the review returns to the ratings screen
// (a rating can be changed after the improvement plan is looked at), which
// shows what was journaled; c goes on to the same review again, its cursor
// and owners kept. A session that cannot journal ratings has no r.
func TestReviewBackToRatings(t *testing.T) {
	d, sess := newEvalDriver(t, 120, 36, sim.Setting{})
	d.keys("n", "E", "y", "enter", "c") // the phish inject, nothing done: gaps
	if d.app.Screen() != ScreenRatings {
		t.Fatalf("screen = %v, want the ratings", d.app.Screen())
	}
	d.keys("s")
	d.typeText("Calm under pressure")
	d.keys("enter", "c")
	if d.app.Screen() != ScreenReview || len(d.app.review.gaps) < 2 {
		t.Fatalf("screen = %v with %d gaps, want the review with two or more", d.app.Screen(), len(d.app.review.gaps))
	}
	if v := d.app.View(); !strings.Contains(v, "r back to the ratings") {
		t.Errorf("the review's help line does not offer r:\n%s", v)
	}
	d.keys("down", "enter")
	d.typeText("SOC lead")
	d.keys("enter") // saved; the cursor moves on
	cursor := d.app.review.list.cursor

	d.keys("r")
	if d.app.Screen() != ScreenRatings {
		t.Fatalf("screen = %v after r, want the ratings", d.app.Screen())
	}
	if v := d.app.View(); !strings.Contains(v, "S set by") && !strings.Contains(v, "Calm under pressure") {
		t.Errorf("the ratings screen does not show the rating set before:\n%s", v)
	}
	d.keys("up", "up", "up", "up", "m")
	d.typeText("On reflection, slow")
	d.keys("enter")
	if rs := ofKind(sess, sim.KindRating); len(rs) != 2 || rs[1].Rating != "M" || rs[1].Objective != "contain" {
		t.Fatalf("ratings journaled: %+v", rs)
	}
	d.keys("c")
	if d.app.Screen() != ScreenReview {
		t.Fatalf("screen = %v, want the review again", d.app.Screen())
	}
	if r := d.app.review; r.list.cursor != cursor || r.gaps[1].Plan.Owner != "SOC lead" {
		t.Errorf("review again: cursor %d (was %d), owner %q", r.list.cursor, cursor, r.gaps[1].Plan.Owner)
	}

	// Without ratings (a session that cannot journal them) r does nothing
	// and is not offered.
	dc, _ := newConsoleDriver(t, false, 120, 36)
	dc.keys("n", "E", "y", "enter")
	if dc.app.Screen() != ScreenReview {
		t.Fatalf("screen = %v, want the review", dc.app.Screen())
	}
	dc.keys("r")
	if dc.app.Screen() != ScreenReview || strings.Contains(dc.app.View(), "back to the ratings") {
		t.Errorf("a session without ratings: screen %v after r, view:\n%s", dc.app.Screen(), dc.app.View())
	}
}
