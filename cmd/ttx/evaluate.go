package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// evaluationFile is the YAML file `ttx evaluate` reads: what the evaluators,
// the facilitator (hot wash) and the participants (feedback) recorded on
// paper or elsewhere, and the improvement plan's rows.
type evaluationFile struct {
	By      string `yaml:"by"` // the evaluator, for ratings and observations that name none
	Ratings []struct {
		Objective string `yaml:"objective"`
		Phase     string `yaml:"phase"`
		Rating    string `yaml:"rating"`
		Rationale string `yaml:"rationale"`
		By        string `yaml:"by"`
	} `yaml:"ratings"`
	Observations []struct {
		Type      string `yaml:"type"`
		Text      string `yaml:"text"`
		Cause     string `yaml:"cause"`
		Inject    string `yaml:"inject"`
		Objective string `yaml:"objective"`
		By        string `yaml:"by"`
	} `yaml:"observations"`
	HotWash []struct {
		Objective    string   `yaml:"objective"`
		Strengths    []string `yaml:"strengths"`
		Improvements []string `yaml:"improvements"`
	} `yaml:"hotwash"`
	Feedback []struct {
		Name  string            `yaml:"name"` // empty: anonymous
		Role  string            `yaml:"role"`
		Part1 map[string]string `yaml:"part1"`
		Part2 map[string]int    `yaml:"part2"`
	} `yaml:"feedback"`
	// Setting changes the exercise details the journal header recorded; a
	// key left out keeps its value.
	Setting *struct {
		Organisation *string `yaml:"organisation"`
		Location     *string `yaml:"location"`
		Facilitator  *string `yaml:"facilitator"`
	} `yaml:"setting"`
	Plan []struct {
		Action       string `yaml:"action"`
		Organisation string `yaml:"organisation"`
		Contact      string `yaml:"contact"`
		Start        string `yaml:"start"`
		Due          string `yaml:"due"`
		Status       string `yaml:"status"`
	} `yaml:"plan"`
}

func newEvaluateCmd(sio *IO) *cobra.Command {
	return &cobra.Command{
		Use:   "evaluate SESSION FILE",
		Short: "Record the evaluation of a session: final ratings, observations, hot wash, feedback, plan",
		Long: "Appends to SESSION's journal what FILE (YAML) holds: the evaluators' final\n" +
			"P/S/M/U per objective or phase with a rationale (ratings), their strengths and\n" +
			"areas for improvement with root causes (observations), what the team said in\n" +
			"the hot wash (hotwash), the participant feedback forms (feedback: part1 free\n" +
			"text, part2 ratings 1-5, name optional), improvement-plan rows (plan:\n" +
			"organisation, contact, start, due, status), and the exercise details (setting:\n" +
			"organisation, location, facilitator). The after-action report shows them;\n" +
			"the score does not change. Everything is checked first: on any problem nothing\n" +
			"is recorded. See docs/reports.md for the file's keys.",
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error { return runEvaluate(sio, args[0], args[1], time.Now) },
	}
}

func runEvaluate(sio *IO, dir, file string, now func() time.Time) error {
	bad := func(format string, a ...any) error {
		return &exitError{code: exitBad, msg: scenarios.SanitizeLine(fmt.Sprintf(format, a...))}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return bad("cannot read %s: %v", file, unwrapPathError(err))
	}
	var f evaluationFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return bad("%s: %v", file, err)
	}
	events, plans := evaluationEvents(&f)
	dir = sessionPath(sio, dir)
	sess, warnings, err := sim.OpenSession(dir)
	if err != nil {
		return bad("cannot open session %s: %v", dir, err)
	}
	defer sess.Close()
	printWarnings(sio, warnings)
	sess.Engine.SetWallClock(now)
	if f.Setting != nil {
		events = append(events, settingEvent(&f, sim.SettingOf(sess.Header.Setting(), sess.Engine.Events())))
	}

	// A dry run on a copy first, so that a bad entry records nothing.
	trial, err := sim.Replay(sess.Scenario, sess.Engine.Events())
	if err != nil {
		return bad("%s: %v", dir, err)
	}
	trial.SetWallClock(now)
	if err := applyEvaluation(trial, events, plans); err != nil {
		return bad("%s: %v (nothing recorded)", file, err)
	}
	if err := applyEvaluation(sess.Engine, events, plans); err != nil {
		return bad("%s: %v", file, err)
	}
	fmt.Fprintf(sio.Out, "recorded %d evaluation entries and %d plan rows in %s\n", len(events), len(plans), scenarios.SanitizeLine(dir))
	return nil
}

type planRow struct {
	action string
	plan   sim.Plan
}

func evaluationEvents(f *evaluationFile) ([]sim.Event, []planRow) {
	var evs []sim.Event
	or := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	for _, r := range f.Ratings {
		evs = append(evs, sim.Event{Kind: sim.KindRating, Objective: r.Objective, Phase: scenarios.Phase(r.Phase), Rating: r.Rating,
			Note: r.Rationale, By: or(r.By, f.By)})
	}
	for _, o := range f.Observations {
		evs = append(evs, sim.Event{Kind: sim.KindObservation, Type: o.Type, Text: o.Text, Cause: o.Cause, Inject: o.Inject,
			Objective: o.Objective, By: or(o.By, f.By)})
	}
	for _, h := range f.HotWash {
		for _, t := range h.Strengths {
			evs = append(evs, sim.Event{Kind: sim.KindHotWash, Type: "strength", Objective: h.Objective, Text: t})
		}
		for _, t := range h.Improvements {
			evs = append(evs, sim.Event{Kind: sim.KindHotWash, Type: "improvement", Objective: h.Objective, Text: t})
		}
	}
	for _, fb := range f.Feedback {
		for _, item := range sim.FeedbackItems { // in the form's order, whatever the file's
			if t, ok := fb.Part1[item]; ok {
				evs = append(evs, sim.Event{Kind: sim.KindFeedback, Item: item, Text: t, By: fb.Name, Role: fb.Role})
			}
			if sc, ok := fb.Part2[item]; ok {
				evs = append(evs, sim.Event{Kind: sim.KindFeedback, Item: item, Score: sc, By: fb.Name, Role: fb.Role})
			}
		}
		for item := range fb.Part1 {
			if !isFeedbackItem(item) || sim.FeedbackScored(item) {
				evs = append(evs, sim.Event{Kind: sim.KindFeedback, Item: "part1." + item}) // refused with the item's name
			}
		}
		for item := range fb.Part2 {
			if !isFeedbackItem(item) || !sim.FeedbackScored(item) {
				evs = append(evs, sim.Event{Kind: sim.KindFeedback, Item: "part2." + item})
			}
		}
	}
	var plans []planRow
	for _, p := range f.Plan {
		plans = append(plans, planRow{p.Action, sim.Plan{Owner: p.Contact, Org: p.Organisation, Start: p.Start, Due: p.Due, Status: p.Status}})
	}
	return evs, plans
}

// settingEvent is the setting event of the file's setting: the current
// details, with the keys the file gives replaced.
func settingEvent(f *evaluationFile, cur sim.Setting) sim.Event {
	for _, k := range []struct {
		in  *string
		out *string
	}{{f.Setting.Organisation, &cur.Org}, {f.Setting.Location, &cur.Location}, {f.Setting.Facilitator, &cur.Facilitator}} {
		if k.in != nil {
			*k.out = *k.in
		}
	}
	return sim.Event{Kind: sim.KindSetting, Org: cur.Org, Location: cur.Location, Facilitator: cur.Facilitator}
}

func isFeedbackItem(item string) bool {
	for _, it := range sim.FeedbackItems {
		if it == item {
			return true
		}
	}
	return false
}

func applyEvaluation(e *sim.Engine, events []sim.Event, plans []planRow) error {
	for i, ev := range events {
		if _, err := e.Evaluate(ev); err != nil {
			return fmt.Errorf("%s %d: %v", ev.Kind, i+1, err)
		}
	}
	for i, p := range plans {
		if _, err := e.SetCorrectivePlan(p.action, p.plan); err != nil {
			return fmt.Errorf("plan %d (%s): %v", i+1, p.action, err)
		}
	}
	return nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
