package tui

import (
	"errors"
	"slices"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

func (c *console) onKey(msg tea.KeyMsg) tea.Cmd {
	k := &c.keys
	if c.obs != nil {
		return c.onObserveKey(msg)
	}
	switch c.modal {
	case modalFreeText, modalNote, modalStrike, modalWithhold, modalUndoPhase:
		return c.onInputKey(msg)
	case modalAdHoc:
		return c.onAdHocKey(msg)
	case modalLength:
		return c.onLengthKey(msg)
	case modalQuit:
		switch {
		case key.Matches(msg, k.Yes):
			c.suspend()
			return tea.Quit
		case key.Matches(msg, k.No):
			c.modal = modalNone
		}
		return nil
	case modalEnd:
		switch {
		case key.Matches(msg, k.Yes):
			c.modal = modalNone
			return c.finish("Exercise ended")
		case key.Matches(msg, k.No):
			c.modal = modalNone
		}
		return nil
	case modalTimeUp:
		if key.Matches(msg, k.Confirm) {
			return func() tea.Msg { return reviewMsg{} }
		}
		if key.Matches(msg, k.Quit) {
			return tea.Quit
		}
		return nil
	case modalDecision, modalPhase, modalRole:
		return c.onChoiceKey(msg)
	}
	if c.palette.filtering {
		return c.onFilterKey(msg)
	}
	if c.keyList.open {
		c.keyList.key(msg, *k)
		return nil
	}

	switch {
	case key.Matches(msg, k.Quit):
		c.modal = modalQuit
	case key.Matches(msg, k.Help):
		c.keyList.open = true
	case key.Matches(msg, k.Pause):
		return c.togglePause()
	case key.Matches(msg, k.NextInject):
		return c.jumpToNext()
	case key.Matches(msg, k.Faster):
		c.setSpeed(stepSpeed(c.speed, 1))
	case key.Matches(msg, k.Slower):
		c.setSpeed(stepSpeed(c.speed, -1))
	case key.Matches(msg, k.Focus):
		c.focus = (c.focus + 1) % paneCount
		c.status = ""
	case key.Matches(msg, k.FocusBack):
		c.focus = (c.focus + paneCount - 1) % paneCount
		c.status = ""
	case key.Matches(msg, k.FreeText):
		c.openInput(modalFreeText, "Decision: ", "what the team decided, in its own words")
		return c.focusInput(&c.input)
	case key.Matches(msg, k.Note):
		c.openInput(modalNote, "Note: ", "an observation for the after-action report")
		return c.focusInput(&c.input)
	case key.Matches(msg, k.ChangePhase):
		c.modal = modalPhase
		c.choices = make([]string, len(c.sc.Phases))
		for i, p := range c.sc.Phases {
			c.choices[i] = string(p)
		}
		c.choice = listPane{height: c.palette.list.height}
		c.choice.SetCount(len(c.choices))
		c.choice.Select(c.phaseIndex(c.sess.Phase()))
	case key.Matches(msg, k.PrevPhase):
		c.browsePhase(c.palette.phase - 1)
	case key.Matches(msg, k.NextPhase):
		c.browsePhase(c.palette.phase + 1)
	case key.Matches(msg, k.Filter):
		c.palette.filtering = true
		c.focus = panePalette
		return c.focusInput(&c.palette.filter)
	case key.Matches(msg, k.Decide):
		if len(c.open) > 0 {
			c.openDecision(c.open[0])
		}
	case key.Matches(msg, k.Facilitator):
		return c.togglePanel()
	case key.Matches(msg, k.Coach):
		c.showCoach = !c.showCoach
		c.showPanel = false
		cmd := c.showInject()
		if c.showCoach {
			c.inject.vp.GotoBottom()
		}
		return cmd
	case key.Matches(msg, k.Role):
		c.modal = modalRole
		c.choices = []string{""}
		for _, r := range c.sc.Roles {
			c.choices = append(c.choices, r.ID)
		}
		c.choice = listPane{height: c.palette.list.height}
		c.choice.SetCount(len(c.choices))
		c.choice.Select(max(slices.Index(c.choices, c.role), 0)) // the last role chosen
	case key.Matches(msg, k.Withhold):
		if id, ok := c.sess.NextInject(); ok {
			title := id
			if in, ok := c.sc.Inject(id); ok {
				title = scenarios.SanitizeLine(in.Title)
			}
			c.openInput(modalWithhold, "Skip “"+title+"” (reason): ", "why the team will not get this inject")
			c.withholdID = id
			return c.focusInput(&c.input)
		}
	case key.Matches(msg, k.Strike):
		c.openInput(modalStrike, "Strike (reason): ", "why this entry counts as never made, e.g. recorded twice")
		return c.focusInput(&c.input)
	case key.Matches(msg, k.AdHoc):
		return c.openAdHoc()
	case key.Matches(msg, k.Length):
		return c.openLength()
	case key.Matches(msg, k.UndoPhase):
		return c.openUndoPhase()
	case key.Matches(msg, k.EndEarly):
		c.modal = modalEnd
	case key.Matches(msg, k.Observe):
		return c.openObserve()
	case key.Matches(msg, k.SeatsRecord):
		c.toggleSeatRecording()
	case key.Matches(msg, k.Record):
		return c.onEnter()
	default:
		return c.onMove(msg)
	}
	return nil
}

// onMove moves within the focused pane.
func (c *console) onMove(msg tea.KeyMsg) tea.Cmd {
	k := &c.keys
	delta, ok := k.moveDelta(msg)
	if !ok {
		return nil
	}
	switch c.focus {
	case paneFeed:
		return c.selectInject(clamp(c.feed.list.cursor+delta, 0, len(c.feed.items)-1))
	case paneInject:
		if c.showPanel {
			c.panel.scroll(delta)
			return nil
		}
		c.inject.scroll(delta)
	case panePalette:
		c.palette.list.Move(delta)
		c.status = "" // the status line shows the selected action in full
	case paneLog:
		c.declog.list.Move(delta)
	}
	return nil
}

// onEnter records the palette's selected action; elsewhere it moves the
// focus on to where the next step happens.
func (c *console) onEnter() tea.Cmd {
	switch c.focus {
	case panePalette:
		a := c.palette.selected()
		if a == nil {
			return nil
		}
		return c.record(scenarios.Decision{Action: a.ID})
	case paneFeed:
		c.focus = paneInject
	}
	return nil
}

func (c *console) onFilterKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc:
		c.palette.filter.SetValue("")
		c.palette.filtering = false
		c.palette.filter.Blur()
		c.recomputePalette()
		return nil
	case tea.KeyEnter:
		c.palette.filtering = false
		c.palette.filter.Blur()
		return nil
	case tea.KeyUp, tea.KeyDown:
		return c.onMove(msg)
	}
	return c.palette.Update(msg)
}

func (c *console) openInput(m modal, prompt, placeholder string) {
	c.modal = m
	c.inputCut = false
	c.input.Reset()
	c.input.Prompt = prompt
	c.input.Placeholder = placeholder
}

func (c *console) onInputKey(msg tea.KeyMsg) tea.Cmd {
	out, text, cmd := entryKey(&c.input, &c.inputCut, msg)
	m := c.modal
	switch out {
	case entryCancelled:
		c.modal = modalNone
		c.info("Cancelled.")
	case entrySubmitted:
		c.modal = modalNone
		switch {
		case text == "":
			c.info("Nothing typed, nothing recorded.")
		case m == modalFreeText:
			return c.record(scenarios.Decision{Text: text})
		case m == modalStrike:
			return c.strike(text)
		case m == modalWithhold:
			return c.withhold(text)
		case m == modalUndoPhase:
			return c.undoPhase(text)
		default:
			return c.note(text)
		}
	}
	return cmd
}

func (c *console) onChoiceKey(msg tea.KeyMsg) tea.Cmd {
	k := &c.keys
	switch {
	case key.Matches(msg, k.Up):
		c.choice.Move(-1)
	case key.Matches(msg, k.Down):
		c.choice.Move(1)
	case key.Matches(msg, k.Cancel):
		if c.modal == modalDecision {
			c.deferred[c.decision] = true
			c.info("Decision point left open: press d to answer it.")
		}
		c.modal = modalNone
	case key.Matches(msg, k.Confirm):
		m, choice := c.modal, c.choices[c.choice.cursor]
		c.modal = modalNone
		if m == modalRole {
			c.role = choice
			c.info("Decisions and notes are now recorded for %s.", c.roleName(choice))
			return nil
		}
		if m == modalPhase {
			if scenarios.Phase(choice) == c.sess.Phase() {
				c.info("Already in %s.", phaseName(c.sess.Phase()))
				return nil
			}
			return c.record(scenarios.Decision{Phase: scenarios.Phase(choice)})
		}
		return c.record(scenarios.Decision{Action: choice})
	case key.Matches(msg, k.Pause):
		// The team may want to stop the clock while it discusses.
		return c.togglePause()
	case key.Matches(msg, k.Observe) && c.modal == modalDecision:
		return c.openObserve() // while the team debates; the choice stays open behind it
	case key.Matches(msg, k.Quit):
		c.modal = modalQuit
	}
	return nil
}

// record journals a decision and only then shows it in the log.
func (c *console) record(d scenarios.Decision) tea.Cmd {
	if c.ended {
		return nil
	}
	// The decision is stamped with the clock's time, not the last tick's.
	if _, err := c.clk.Tick(); err != nil {
		c.debugf("tick before recording: %v", err)
	}
	d.Role = c.role
	ev, err := c.sess.Record(d)
	if err != nil {
		c.fail("NOT recorded: %v", err)
		return c.sync()
	}
	c.debugf("recorded event %d (%s) at %s", ev.Seq, ev.Kind, ev.At.Clock())
	cmd := c.sync()
	switch {
	case ev.Kind == sim.KindPhase:
		if i := c.phaseIndex(ev.Phase); i >= 0 {
			c.browsePhase(i)
		}
		c.info("Recorded at %s: the exercise moves to %s.", ev.At.Clock(), phaseName(ev.Phase))
	case c.coach:
		fb := c.sess.Feedback(ev)
		c.info("%s", scenarios.SanitizeLine(fb.Text))
		c.statusStyle = c.toneStyle(fb.Tone)
		c.addCoach(ev.At, c.decisionWhat(ev), scenarios.SanitizeLine(fb.Text), fb.Tone)
	default:
		c.info("Recorded at %s: %s", ev.At.Clock(), c.logLine(ev))
		c.statusStyle = c.styles.Success
	}
	if c.coach {
		cmd = tea.Batch(cmd, c.coachCmd())
	}
	// Answering one decision point may leave another open.
	c.announcePending()
	return cmd
}

// strikable is the log entry selected in the log pane if it can be struck
// (a decision or a phase change not struck yet), else nil.
func (c *console) strikable() *logItem {
	it := c.declog.selected()
	if c.focus != paneLog || it == nil || it.struck || (it.kind != sim.KindDecision && it.kind != sim.KindPhase) {
		return nil
	}
	return it
}

// withhold journals that the next inject is skipped by the facilitator.
func (c *console) withhold(reason string) tea.Cmd {
	ev, err := c.sess.Withhold(c.withholdID, reason)
	if err != nil {
		c.fail("NOT skipped: %v", err)
		return nil
	}
	cmd := c.sync()
	c.readEngine()
	title := ev.Inject
	if in, ok := c.sc.Inject(ev.Inject); ok {
		title = scenarios.SanitizeLine(in.Title)
	}
	c.info("Skipped at %s: “%s” will not be delivered.", ev.At.Clock(), title)
	c.statusStyle = c.styles.Success
	return cmd
}

// strike journals the correction of the selected log entry.
func (c *console) strike(reason string) tea.Cmd {
	it := c.strikable()
	if it == nil {
		return nil
	}
	return c.strikeSeqWith(it.seq, reason, "Struck at %s: it counts as never made.")
}

// undoPhase strikes the phase change u chose: the exercise goes back to
// the phase before it.
func (c *console) undoPhase(reason string) tea.Cmd {
	seq := c.strikeSeq
	cmd := c.strikeSeqWith(seq, reason, "Phase change undone at %s")
	for _, it := range c.declog.items {
		if it.seq == seq && it.struck {
			c.status += ": back to " + phaseName(c.phase) + "."
		}
	}
	return cmd
}

// strikeSeqWith journals the strike of event seq and says done (a format
// with the time).
func (c *console) strikeSeqWith(seq int, reason, done string) tea.Cmd {
	ev, err := c.sess.Strike(seq, reason)
	if err != nil {
		c.fail("NOT struck: %v", err)
		return nil
	}
	cmd := c.sync()
	c.readEngine()
	if i := c.phaseIndex(c.phase); i >= 0 {
		c.browsePhase(i)
	}
	c.recomputePalette()
	c.info(done, ev.At.Clock())
	c.statusStyle = c.styles.Success
	return cmd
}

func (c *console) note(text string) tea.Cmd {
	ev, err := c.sess.Note(text, c.role)
	if err != nil {
		c.fail("Note NOT saved: %v", err)
		return nil
	}
	cmd := c.sync()
	c.info("Note saved at %s.", ev.At.Clock())
	c.statusStyle = c.styles.Success
	return cmd
}

func (c *console) browsePhase(i int) { c.palette.browse(i) }

func (c *console) togglePause() tea.Cmd {
	if c.paused {
		if err := c.clk.Resume(); err != nil {
			c.fail("Could not resume: %v", err)
			return nil
		}
		cmd := c.sync()
		c.info("Clock running.")
		c.refreshNoInject()
		return cmd
	}
	c.pauseClock()
	c.refreshNoInject()
	return nil
}

// refreshNoInject redraws the inject pane's text before the first inject,
// which says whether the clock runs.
func (c *console) refreshNoInject() {
	if _, ok := c.feed.selected(); !ok && !c.showCoach {
		c.refreshInject()
	}
}

func (c *console) setSpeed(x float64) {
	if x == c.speed {
		return
	}
	if err := c.clk.SetSpeed(x); err != nil {
		c.fail("Could not change speed: %v", err)
		return
	}
	c.sync()
	c.info("Speed %s.", speedLabel(x))
}

// jumpToNext moves the clock to the next inject that is delivered (skipped
// ones are passed over silently, as players never see them).
func (c *console) jumpToNext() tea.Cmd {
	_, err := c.clk.Next()
	cmd := c.sync()
	c.secs = c.clk.Seconds()
	switch {
	case errors.Is(err, sim.ErrNoNext):
		c.info("No more injects before the end; E ends the exercise.")
	case err != nil:
		c.fail("The clock could not advance: %v", err)
	}
	return tea.Batch(cmd, c.selectInject(len(c.feed.items)-1))
}

// toggleSeatRecording turns recording from the seats off or on (each
// seat says so). It is a setting of the facilitator's, not an exercise
// event: nothing is journaled, and a resumed session starts from
// --no-seat-recording again.
func (c *console) toggleSeatRecording() {
	si := c.seats
	if si == nil || si.Recording == nil || si.SetRecording == nil {
		return
	}
	on := !si.Recording()
	si.SetRecording(on)
	if on {
		c.info("Seats may record: on. Participants record for their roles from their own terminals.")
	} else {
		c.info("Seats may record: off. Participants follow and discuss; decisions are recorded here (R turns it on).")
	}
	c.statusStyle = c.styles.Success
	c.panel.refresh()
}

// seatsRecording reports whether seats are served and may record; served
// is false without seats.
func (c *console) seatsRecording() (on, served bool) {
	si := c.seats
	if si == nil || si.Recording == nil || si.SetRecording == nil {
		return false, false
	}
	return si.Recording(), true
}

// finish ends the exercise at the clock's time.
func (c *console) finish(why string) tea.Cmd {
	if _, err := c.clk.End(); err != nil {
		c.fail("Could not end the exercise: %v", err)
		return c.sync()
	}
	cmd := c.sync()
	c.tickGen++
	c.secs = float64(c.sess.Now())
	c.modal = modalTimeUp
	c.info("%s at %s", why, c.now().Clock())
	return cmd
}

// syncKeys enables exactly the bindings that do something right now, so
// that the help footer tells the truth.
func (c *console) syncKeys() {
	// The components draw what the console's state says.
	c.palette.focused = c.focus == panePalette
	c.palette.current = c.phase
	c.declog.focused = c.focus == paneLog
	k := &c.keys
	live := !c.ended
	k.Pause.SetEnabled(live)
	k.NextInject.SetEnabled(live && c.hasNext)
	k.Faster.SetEnabled(live && stepSpeed(c.speed, 1) != c.speed)
	k.Slower.SetEnabled(live && stepSpeed(c.speed, -1) != c.speed)
	k.Record.SetEnabled(live && c.focus == panePalette && len(c.palette.idx) > 0)
	k.FreeText.SetEnabled(live)
	k.Note.SetEnabled(true)
	k.ChangePhase.SetEnabled(live && len(c.sc.Phases) > 1)
	k.PrevPhase.SetEnabled(c.palette.phase > 0)
	k.NextPhase.SetEnabled(c.palette.phase < len(c.sc.Phases)-1)
	k.Decide.SetEnabled(live && len(c.open) > 0)
	k.EndEarly.SetEnabled(live)
	k.Strike.SetEnabled(live && c.strikable() != nil)
	k.Role.SetEnabled(live && len(c.sc.Roles) > 0)
	k.Withhold.SetEnabled(live && c.hasNext)
	k.AdHoc.SetEnabled(live)
	k.Length.SetEnabled(live)
	k.UndoPhase.SetEnabled(live && c.lastPhase() != nil)
	_, canObserve := c.sess.(observer)
	k.Observe.SetEnabled(live && canObserve)
	k.Coach.SetEnabled(c.coach)
	switch on, served := c.seatsRecording(); {
	case !served:
		k.SeatsRecord.SetEnabled(false)
		k.SeatsRecord.SetHelp("R", "seat recording (--listen)")
	case on:
		k.SeatsRecord.SetEnabled(live)
		k.SeatsRecord.SetHelp("R", "stop recording from seats")
	default:
		k.SeatsRecord.SetEnabled(live)
		k.SeatsRecord.SetHelp("R", "let seats record")
	}
	if c.showCoach {
		k.Coach.SetHelp("c", "back to the inject")
	} else {
		k.Coach.SetHelp("c", "coach feedback")
	}
	if c.showPanel {
		k.Facilitator.SetHelp("f", "hide the private facilitator view")
	} else {
		k.Facilitator.SetHelp("f", "private facilitator view")
	}
	if c.paused {
		k.Pause.SetHelp("space", "resume")
	} else {
		k.Pause.SetHelp("space", "pause")
	}
}

// helpKeys is the help for the console's current state.
func (c *console) helpKeys() bindings {
	k := c.keys
	switch c.modal {
	case modalQuit, modalEnd:
		return bindings{short: []key.Binding{k.Yes, k.No}}
	case modalFreeText, modalNote, modalStrike, modalWithhold, modalUndoPhase:
		return bindings{short: []key.Binding{k.Confirm, k.Cancel}}
	case modalAdHoc:
		return bindings{short: []key.Binding{k.NextField, k.Send, k.Cancel}}
	case modalLength:
		return bindings{short: []key.Binding{k.Confirm, k.NextField, k.Cancel}}
	case modalDecision, modalPhase, modalRole:
		return bindings{short: []key.Binding{k.Up, k.Down, k.Confirm, k.Cancel, k.Pause}}
	case modalTimeUp:
		k.Confirm.SetHelp("enter", "go to review")
		return bindings{short: []key.Binding{k.Confirm, k.Quit}}
	}
	if c.palette.filtering {
		return bindings{short: []key.Binding{k.Confirm, k.Cancel}}
	}
	// The most needed first: the help bubble cuts the line at the width.
	short := []key.Binding{k.Pause, k.NextInject, k.Help, k.Quit, k.Decide, k.Record, k.Focus, k.FreeText, k.Note, k.ChangePhase}
	// Every key of the console, those that do nothing right now too (the
	// help lists them apart); not those that never apply to this exercise.
	k.Record.SetHelp("enter", "record the action")
	full := [][]key.Binding{
		{k.Pause, k.NextInject, k.Faster, k.Slower, k.EndEarly},
		{k.Focus, k.FocusBack, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Record, k.Filter, k.PrevPhase, k.NextPhase, k.Decide},
		{k.FreeText, k.Note, k.ChangePhase, k.UndoPhase, k.Role, k.SeatsRecord, k.Strike},
		{k.Facilitator, k.Withhold, k.AdHoc, k.Length, k.Observe, k.Coach},
		{k.Help, k.Quit, k.ForceQuit},
	}
	for i := range full {
		full[i] = slices.DeleteFunc(full[i], func(b key.Binding) bool {
			return (!c.coach && b.Help() == k.Coach.Help()) ||
				(len(c.sc.Roles) == 0 && b.Help() == k.Role.Help()) ||
				(len(c.sc.Phases) < 2 && b.Help() == k.ChangePhase.Help())
		})
	}
	return bindings{short: short, full: full}
}

// toneStyle colours a coach line by its tone.
func (c *console) toneStyle(tone string) lipgloss.Style {
	switch tone {
	case "good":
		return c.styles.Success
	case "late":
		return c.styles.Warning
	case "harmful":
		return c.styles.Error
	}
	return c.styles.Status
}
