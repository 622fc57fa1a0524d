package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring"
	"github.com/ttx-sim/ttx/sim"
)

// tickInterval is how often the console redraws the clock. The clock
// itself (sim.Clock) runs on its own, whatever the screens do.
const tickInterval = 250 * time.Millisecond

// speeds are the clock multipliers + and - step through; a speed given with
// --speed between them is kept exactly, and + and - go to the next one.
var speeds = []float64{0.5, 1, 2, 5, 10, 20, 30, 60}

// pane is a part of the console that can have the focus.
type pane int

const (
	paneFeed pane = iota
	paneInject
	panePalette
	paneLog
	paneCount
)

func (p pane) String() string {
	return [...]string{"feed", "inject", "actions", "log"}[p]
}

// modal is a console state that takes the keys before anything else.
type modal int

const (
	modalNone      modal = iota
	modalQuit            // confirm quitting
	modalEnd             // confirm ending the exercise early
	modalFreeText        // typing a free-text decision
	modalNote            // typing a note
	modalDecision        // a decision point asks for one of its choices
	modalPhase           // choosing the phase to move to
	modalTimeUp          // the exercise has ended; enter goes to review
	modalStrike          // typing the reason a decision is struck
	modalRole            // choosing the role decisions are recorded for
	modalWithhold        // typing the reason the next inject is skipped
	modalAdHoc           // the ad-hoc inject dialog
	modalLength          // the dialog that extends or shortens the exercise
	modalUndoPhase       // typing the reason the last phase change is undone
)

func (m modal) String() string {
	return [...]string{"none", "quit", "end", "free-text", "note", "decision", "phase", "time-up", "strike", "role", "withhold", "ad-hoc", "length", "undo-phase"}[m]
}

// tickMsg redraws the clock. gen tells a live tick loop from a stopped
// one.
type tickMsg struct {
	gen int
}

// eventsMsg says the engine has new events (from the clock, a seat or this
// screen): the console reads what it lacks with EventsSince. closed: the
// subscription was dropped and must be renewed.
type eventsMsg struct{ closed bool }

// reviewMsg asks the app to move from the console to the review.
type reviewMsg struct{}

// console is the exercise screen.
type console struct {
	*common
	keys  KeyMap // a copy: the console enables and disables its bindings
	sess  Session
	sc    *scenarios.Scenario
	coach bool

	clk     *sim.Clock
	secs    float64 // scenario seconds shown, read from the clock on ticks
	speed   float64
	paused  bool
	ended   bool
	tickGen int
	applied int                // events shown so far (the last one's Seq)
	timeUp  bool               // the clock reached the planned length; recording goes on until E
	length  scenarios.Duration // the planned length now: the scenario's, or the facilitator's (KindLength)
	role    string             // the role decisions and notes are recorded for (r), "" for the team
	// withholdID is the inject S is about to skip.
	withholdID string
	sub        <-chan sim.Event
	unsub      func()

	// The components the console is composed of (component.go).
	header  *clockHeader
	feed    *feedPane
	inject  *injectPane
	palette *palettePane
	declog  *decisionLog
	// panel is the facilitator's private view (f), in place of the inject.
	panel     *facilitatorPanel
	showPanel bool

	focus    pane
	modal    modal
	input    textinput.Model
	inputCut bool     // a paste into input was longer than it holds
	choices  []string // decision point's action ids, or phase ids
	choice   listPane
	decision string          // the decision point's inject id
	deferred map[string]bool // decision points the team put off with esc: d reopens them
	keyList  helpScreen      // ? lists every key
	// The pacing dialogs (pacing.go), nil when closed, and the phase event
	// u is about to strike.
	adhoc     *adHocForm
	lenForm   *lengthForm
	strikeSeq int
	obs       *observeForm // the observation dialog (o), nil when closed

	status      string
	statusStyle lipgloss.Style
	score       *Score

	// Coach mode: the feedback kept in order, the pane that shows it, the
	// running score it was computed from, the hints given (coach.go).
	coachItems []coachItem
	showCoach  bool
	soFar      *scoring.SoFar
	hints      bool
	hinted     map[string]bool
	coachMin   scenarios.Duration // the scenario minute the last score was for

	// What the engine says, read again in Update when events change it,
	// so that View, run on every frame, never takes the engine's lock.
	phase   scenarios.Phase
	open    []string // unanswered decision points (inject ids)
	hasNext bool     // an inject is still to come

	layout consoleLayout
	frames [paneCount][2]frame // per pane: unfocused, focused
}

func newConsole(c *common, sess Session, coach bool) *console {
	k := c.keys
	con := &console{
		common:   c,
		keys:     k,
		sess:     sess,
		sc:       sess.Scenario(),
		clk:      sess.Clock(),
		length:   sess.Scenario().Duration,
		speed:    1,
		coach:    coach,
		hints:    coach && c.hints,
		hinted:   map[string]bool{},
		deferred: map[string]bool{},
		input:    c.newInput(),
	}
	sc := con.sc
	con.header = newClockHeader(c, sc)
	con.header.facilitating = true
	con.feed = newFeedPane(c, sc)
	con.inject = newInjectPane(c, sc)
	con.palette = newPalettePane(c, sc)
	con.declog = newDecisionLog(c, sc)
	con.panel = newFacilitatorPanel(c, sc, c.seats)
	con.input.CharLimit = sim.MaxTextLen // what the journal takes
	con.statusStyle = c.styles.Status
	con.restore()
	if coach {
		con.restoreCoach(sess.Events())
	}
	con.recomputePalette()
	con.syncKeys()
	if c.seats != nil && con.status == "" {
		con.info("Seats are open: participants join with %s, join code %s (f shows who is connected).",
			c.seats.JoinCommand(), scenarios.SanitizeLine(c.seats.JoinCode))
		if on, served := con.seatsRecording(); served && !on {
			con.status += " Seats may record: off (R turns it on)."
		}
	}
	return con
}

// stepSpeed is the speed + (dir 1) or - (dir -1) moves to from x: the
// next one of speeds, or x itself at either end.
func stepSpeed(x float64, dir int) float64 {
	if dir > 0 {
		if i := slices.IndexFunc(speeds, func(s float64) bool { return s > x }); i >= 0 {
			return speeds[i]
		}
		return x
	}
	for i := len(speeds) - 1; i >= 0; i-- {
		if speeds[i] < x {
			return speeds[i]
		}
	}
	return x
}

// restore rebuilds the screen from the session's events: a new session has
// none; a resumed one gets its clock, phase, feed, log, speed and pause
// state back exactly.
func (c *console) restore() {
	c.paused = false
	for _, ev := range c.sess.EventsSince(0) {
		c.apply(ev, true)
	}
	c.secs = c.clk.Seconds()
	c.readEngine()
	if i := c.phaseIndex(c.phase); i >= 0 {
		c.palette.phase = i
	}
	c.feed.list.SetCount(len(c.feed.items))
	c.declog.list.SetCount(len(c.declog.items))
}

// readEngine reads again what the view shows of the engine's state; it is
// called whenever the engine returned events.
func (c *console) readEngine() {
	c.phase = c.sess.Phase()
	c.open = c.sess.OpenDecisionPoints()
	_, c.hasNext = c.sess.NextDue()
}

// apply records one event in the screen's state.
func (c *console) apply(ev sim.Event, restoring bool) {
	c.applied = max(c.applied, ev.Seq)
	switch ev.Kind {
	case sim.KindDelivered:
		if i := c.sc.InjectIndex(ev.Inject); i >= 0 {
			c.feed.add(feedItem{inject: i, at: ev.At, seen: restoring})
			c.palette.delivered[i] = true
		}
	case sim.KindDecision:
		if ev.Action != "" {
			c.palette.taken[ev.Action] = true
		}
		c.declog.add(ev)
	case sim.KindPhase, sim.KindNote, sim.KindWithhold:
		c.declog.add(ev)
	case sim.KindAdHoc:
		c.feed.add(feedItem{inject: -1, adhoc: adHocInject(ev), at: ev.At, seen: restoring})
		c.declog.add(ev)
	case sim.KindLength:
		c.length = ev.Length
		c.declog.add(ev)
	case sim.KindStrike:
		c.declog.add(ev)
		taken := c.palette.taken
		for a := range taken { // taken again only by a decision not struck
			taken[a] = false
		}
		for _, it := range c.declog.items {
			if it.action != "" && !it.struck {
				taken[it.action] = true
			}
		}
	case sim.KindPause:
		c.paused = true
	case sim.KindResume:
		c.paused = false
	case sim.KindSpeed:
		c.speed = ev.Speed
	case sim.KindEnd:
		c.ended = true
	}
}

// logLine is the decision log's line for an event (decisionLog.line).
func (c *console) logLine(ev sim.Event) string { return c.declog.line(ev) }

// roleName is a role's name, sanitised; "the team" for no role.
func (c *console) roleName(role string) string { return roleName(c.sc, role) }

func (c *console) actionLabel(id string) string { return actionLabel(c.sc, id) }

func (c *console) phaseIndex(p scenarios.Phase) int { return slices.Index(c.sc.Phases, p) }

// Init starts watching the engine and redrawing the clock, or opens the
// time-up dialog for an ended session.
func (c *console) Init() tea.Cmd {
	if c.ended {
		c.modal = modalTimeUp
		c.syncKeys()
		return nil
	}
	cmd := c.selectInject(len(c.feed.items) - 1)
	c.announcePending()
	if c.coach {
		cmd = tea.Batch(cmd, c.coachCmd()) // a resumed session has a score already
	}
	return tea.Batch(cmd, c.watch(), c.startTicking())
}

// watch waits for the engine's next events (a subscription made once).
func (c *console) watch() tea.Cmd {
	if c.sub == nil {
		c.sub, c.unsub = c.sess.Subscribe()
	}
	return c.watcher(c.sub)
}

// waitEvents is the command that waits on a subscription; it takes every
// event already there at once, so a burst wakes the screen once.
func waitEvents(ch <-chan sim.Event) tea.Cmd {
	return func() tea.Msg {
		if _, ok := <-ch; !ok {
			return eventsMsg{closed: true}
		}
		for {
			select {
			case _, ok := <-ch:
				if !ok {
					return eventsMsg{closed: true}
				}
			default:
				return eventsMsg{}
			}
		}
	}
}

func (c *console) onEvents(msg eventsMsg) tea.Cmd {
	if msg.closed {
		c.sub = nil // dropped for falling behind: subscribe again
	}
	cmd := c.sync()
	if c.ended {
		c.stopWatching()
		return cmd
	}
	return tea.Batch(cmd, c.watch())
}

func (c *console) stopWatching() {
	if c.unsub != nil {
		c.unsub()
		c.unsub, c.sub = nil, nil
	}
}

func (c *console) startTicking() tea.Cmd {
	c.tickGen++
	if c.ended {
		return nil
	}
	return c.tick()
}

func (c *console) tick() tea.Cmd {
	gen := c.tickGen
	return c.ticker(tickInterval, func(time.Time) tea.Msg { return tickMsg{gen: gen} })
}

// suspend leaves the session resumable: the clock is paused in the journal
// so that `ttx resume` finds exactly this moment.
func (c *console) suspend() {
	if c.ended || c.paused {
		return
	}
	if err := c.clk.Pause(); err != nil {
		c.debugf("pause on quit: %v", err)
		return
	}
	c.sync()
}

func (c *console) debugf(format string, a ...any) { c.common.log.Printf(format, a...) }

// now is the clock shown, in whole scenario seconds.
func (c *console) now() scenarios.Duration {
	return min(scenarios.Duration(c.secs), c.length)
}

// SetSize lays the console out for a terminal of w×h cells.
func (c *console) SetSize(w, h int) tea.Cmd {
	c.layout = computeLayout(c.styles, w, h)
	l := c.layout
	for p, b := range [paneCount]box{paneFeed: l.feed, paneInject: l.inject, panePalette: l.palette, paneLog: l.log} {
		c.frames[p] = [2]frame{newFrame(c.styles.Pane, b), newFrame(c.styles.PaneFocused, b)}
	}
	c.header.SetSize(w, 1)
	c.feed.SetSize(l.feed.innerW, l.feed.innerH)
	c.palette.SetSize(l.palette.innerW, l.palette.innerH)
	c.choice.SetHeight(l.palette.innerH - 2) // title and question lines
	c.declog.SetSize(l.log.innerW, l.log.innerH)
	c.inject.SetSize(l.inject.innerW, l.inject.innerH)
	c.panel.SetSize(l.inject.innerW, l.inject.innerH)
	c.input.Width = max(w-20, 10)
	c.help.Width = w
	c.sizeForms()
	return c.showInject()
}

// Update handles one message; it returns a command to run, if any.
func (c *console) Update(msg tea.Msg) tea.Cmd {
	defer c.syncKeys()
	switch msg := msg.(type) {
	case tickMsg:
		return c.onTick(msg)
	case eventsMsg:
		return c.onEvents(msg)
	case markdownMsg:
		// Each render goes to the pane that asked for it.
		if strings.HasPrefix(msg.key.id, "notes:") {
			return c.panel.Update(msg)
		}
		return c.inject.Update(msg)
	case panelMsg:
		return c.panel.Update(msg)
	case coachMsg:
		c.onCoach(msg)
		return nil
	case tea.KeyMsg:
		return c.onKey(msg)
	}
	return nil
}

func (c *console) onTick(msg tickMsg) tea.Cmd {
	if msg.gen != c.tickGen || c.ended {
		return nil
	}
	cmd := c.sync()
	c.secs = c.clk.Seconds()
	c.panel.setNow(c.now())
	err := c.clk.Err()
	if ch, ok := c.sess.(interface{ Check() error }); ok && err == nil {
		err = ch.Check() // said at once, even before the clock next moves
	}
	switch {
	case errors.Is(err, sim.ErrJournalGone):
		c.fail("NOTHING IS BEING SAVED: %v. Nothing more is recorded (clock stopped).", err)
		// Stopped here only: a pause cannot be journalled either.
		c.paused = true
		c.tickGen++
		return cmd
	case err != nil:
		c.fail("The clock could not advance: %v", err)
	}
	if c.clk.TimeUp() && !c.timeUp {
		// The clock holds at the planned length; the team may still record
		// (late calls, a hot wash) until the facilitator ends it with E.
		c.timeUp = true
		c.info("TIME IS UP at %s: recording goes on until you end the exercise with E.", c.length.Clock())
		c.statusStyle = c.styles.Warning
	} else if c.timeUp && !c.clk.TimeUp() {
		c.timeUp = false // the exercise was extended: the clock runs again
	}
	if m := c.sess.Now() / scenarios.Minute; c.coach && m != c.coachMin {
		// Deadlines pass with the clock: the running score and the hints
		// are brought up to date once a scenario minute.
		c.coachMin = m
		cmd = tea.Batch(cmd, c.coachCmd())
	}
	return tea.Batch(cmd, c.tick())
}

// sync shows the events the screen lacks, whoever caused them (the clock,
// a seat, this screen).
func (c *console) sync() tea.Cmd {
	evs := c.sess.EventsSince(c.applied)
	if len(evs) == 0 {
		return nil
	}
	c.readEngine()
	following := c.feed.following()
	delivered, unlocked := 0, 0
	logged := len(c.declog.items)
	for _, ev := range evs {
		before := len(c.feed.items)
		c.apply(ev, false)
		c.secs = max(c.secs, float64(ev.At))
		if len(c.feed.items) > before {
			delivered++
			in := c.feed.injectOf(c.feed.items[len(c.feed.items)-1])
			c.info("New inject at %s: %s", ev.At.Clock(), scenarios.SanitizeLine(in.Title))
			unlocked += c.unlockedBy(in.ID)
		}
	}
	if len(c.declog.items) != logged {
		c.declog.list.SetCount(len(c.declog.items))
	}
	var panelCmd tea.Cmd
	if c.showPanel {
		c.panel.setNow(c.now())
		panelCmd = c.panel.compute(c.sess.Events(), c.now(), c.phase)
	}
	if delivered == 0 {
		return panelCmd
	}
	if unlocked > 0 {
		c.recomputePalette()
		noun := "actions"
		if unlocked == 1 {
			noun = "action"
		}
		c.status += fmt.Sprintf(" · %d new %s available", unlocked, noun)
	}
	c.feed.list.SetCount(len(c.feed.items))
	var cmd tea.Cmd
	if following {
		cmd = c.selectInject(len(c.feed.items) - 1)
	}
	c.announcePending()
	return tea.Batch(cmd, panelCmd)
}

// announcePending opens the prompt of an unanswered decision point, unless
// the team is busy with another dialog (then `d` opens it later).
func (c *console) announcePending() {
	if c.modal != modalNone || c.palette.filtering {
		return
	}
	for _, id := range c.open {
		if !c.deferred[id] {
			c.openDecision(id)
			return
		}
	}
}

func (c *console) openDecision(injectID string) {
	in, ok := c.sc.Inject(injectID)
	if !ok {
		return
	}
	c.modal = modalDecision
	c.decision = injectID
	c.choices = in.Choices
	c.choice = listPane{height: c.palette.list.height}
	c.choice.SetCount(len(c.choices))
	if i := c.feedIndexOf(injectID); i >= 0 {
		c.selectInject(i)
	}
}

func (c *console) feedIndexOf(injectID string) int {
	return c.feed.indexOf(c.sc.InjectIndex(injectID))
}

// selectInject shows feed entry i in the inject pane and marks it seen.
func (c *console) selectInject(i int) tea.Cmd {
	if !c.feed.Select(i) {
		return nil
	}
	c.inject.vp.GotoTop()
	return c.showInject()
}

// togglePanel shows or hides the facilitator's private panel in place of
// the inject pane.
func (c *console) togglePanel() tea.Cmd {
	c.showPanel = !c.showPanel
	if !c.showPanel {
		return nil
	}
	c.showCoach = false
	c.panel.setNow(c.now())
	return tea.Batch(c.panel.compute(c.sess.Events(), c.now(), c.phase), c.showInject())
}

// showInject fills the inject pane, asking for markdown renders it lacks.
func (c *console) showInject() tea.Cmd {
	var cmd tea.Cmd
	if it, ok := c.feed.selected(); ok {
		cmd = c.inject.request(c.feed.injectOf(it))
		if c.showPanel {
			cmd = tea.Batch(cmd, c.panel.setInject(c.feed.injectOf(it)))
		}
	}
	c.refreshInject()
	return cmd
}

// refreshInject composes the inject pane from what is rendered so far.
func (c *console) refreshInject() {
	if c.showCoach {
		c.inject.showText(c.coachContent())
		return
	}
	it, ok := c.feed.selected()
	if !ok {
		c.inject.showText(c.styles.Muted.Render(c.noInjectYet()))
		return
	}
	c.inject.show(c.feed.injectOf(it), it.at)
}

// noInjectYet is the inject pane before the first inject: it says what the
// clock is doing, as the header does (a resumed session opens paused).
func (c *console) noInjectYet() string {
	switch {
	case c.ended:
		return "No inject was delivered."
	case c.paused:
		return "No inject yet. The clock is paused: space resumes it, n jumps to the next inject."
	}
	return "No inject yet. The clock is running: space pauses, n jumps to the next inject."
}

// recomputePalette lists the actions of the browsed phase that match the
// filter.
func (c *console) recomputePalette() { c.palette.recompute() }

// unlockedBy counts the actions that the delivery of inject id made available.
func (c *console) unlockedBy(id string) int {
	n := 0
	for i := range c.sc.Actions {
		if c.sc.Actions[i].AvailableAfter == id {
			n++
		}
	}
	return n
}

func (c *console) info(format string, a ...any) {
	c.status = fmt.Sprintf(format, a...)
	c.statusStyle = c.styles.Status
}

func (c *console) fail(format string, a ...any) {
	c.status = fmt.Sprintf(format, a...)
	c.statusStyle = c.styles.Error
	c.debugf("error: "+format, a...)
}

func (c *console) pauseClock() {
	if c.paused {
		return
	}
	if err := c.clk.Pause(); err != nil {
		c.fail("Could not pause: %v", err)
		return
	}
	c.sync()
	c.secs = c.clk.Seconds()
}
