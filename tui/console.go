package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scenarios/attack"
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
	modalNone     modal = iota
	modalQuit           // confirm quitting
	modalEnd            // confirm ending the exercise early
	modalFreeText       // typing a free-text decision
	modalNote           // typing a note
	modalDecision       // a decision point asks for one of its choices
	modalPhase          // choosing the phase to move to
	modalTimeUp         // the exercise has ended; enter goes to review
	modalStrike         // typing the reason a decision is struck
	modalRole           // choosing the role decisions are recorded for
	modalWithhold       // typing the reason the next inject is skipped
)

func (m modal) String() string {
	return [...]string{"none", "quit", "end", "free-text", "note", "decision", "phase", "time-up", "strike", "role", "withhold"}[m]
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

type feedItem struct {
	inject int // index in Scenario.Injects
	at     scenarios.Duration
	seen   bool
}

type logItem struct {
	at     scenarios.Duration
	line   string // sanitised, without the time
	seq    int    // the event's Seq
	kind   sim.Kind
	action string // a catalogue action's id
	struck bool
}

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
	applied int    // events shown so far (the last one's Seq)
	timeUp  bool   // the clock reached the planned length; recording goes on until E
	role    string // the role decisions and notes are recorded for (r), "" for the team
	// withholdID is the inject S is about to skip.
	withholdID string
	sub        <-chan sim.Event
	unsub      func()

	feed      []feedItem
	feedList  listPane
	vp        viewport.Model
	rendered  mdCache
	showNotes bool

	palettePhase int // index in sc.Phases
	filter       textinput.Model
	filtering    bool
	paletteIdx   []int // actions shown: indices in sc.Actions
	paletteList  listPane
	taken        map[string]bool
	delivered    []bool // by inject index: the palette offers only available actions

	log     []logItem
	logList listPane

	wrap     lipgloss.Style // wraps the inject text to the pane
	focus    pane
	modal    modal
	input    textinput.Model
	inputCut bool     // a paste into input was longer than it holds
	choices  []string // decision point's action ids, or phase ids
	choice   listPane
	decision string          // the decision point's inject id
	deferred map[string]bool // decision points the team put off with esc: d reopens them
	fullHelp bool

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

	layout      consoleLayout
	frames      [paneCount][2]frame // per pane: unfocused, focused
	injectLines []string            // the inject pane's content, split once
}

func newConsole(c *common, sess Session, coach bool) *console {
	k := c.keys
	con := &console{
		common:    c,
		keys:      k,
		sess:      sess,
		sc:        sess.Scenario(),
		clk:       sess.Clock(),
		speed:     1,
		coach:     coach,
		vp:        viewport.New(0, 0),
		taken:     map[string]bool{},
		hints:     coach && c.hints,
		hinted:    map[string]bool{},
		delivered: make([]bool, len(sess.Scenario().Injects)),
		deferred:  map[string]bool{},
		filter:    c.newInput(),
		wrap:      lipgloss.NewStyle(),
		input:     c.newInput(),
	}
	con.logList.follow = true
	con.feedList.follow = true
	con.filter.Prompt = "/ "
	con.filter.Placeholder = "filter actions"
	con.input.CharLimit = sim.MaxTextLen // what the journal takes
	con.statusStyle = c.styles.Status
	con.restore()
	if coach {
		con.restoreCoach(sess.Events())
	}
	con.recomputePalette()
	con.syncKeys()
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
		c.palettePhase = i
	}
	c.feedList.SetCount(len(c.feed))
	c.logList.SetCount(len(c.log))
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
			c.feed = append(c.feed, feedItem{inject: i, at: ev.At, seen: restoring})
			c.delivered[i] = true
		}
	case sim.KindDecision:
		if ev.Action != "" {
			c.taken[ev.Action] = true
		}
		c.log = append(c.log, logItem{at: ev.At, line: c.logLine(ev), seq: ev.Seq, kind: ev.Kind, action: ev.Action})
	case sim.KindPhase, sim.KindNote:
		c.log = append(c.log, logItem{at: ev.At, line: c.logLine(ev), seq: ev.Seq, kind: ev.Kind})
	case sim.KindStrike:
		for i := range c.log {
			if c.log[i].seq == ev.Ref {
				c.log[i].struck = true
				c.log[i].line = "✗ " + c.log[i].line + " — STRUCK: " + scenarios.SanitizeLine(ev.Text)
			}
		}
		for a := range c.taken { // taken again only by a decision not struck
			c.taken[a] = false
		}
		for _, it := range c.log {
			if it.action != "" && !it.struck {
				c.taken[it.action] = true
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

// logLine is the decision log's line for a decision, phase or note
// event, sanitised, without the time.
func (c *console) logLine(ev sim.Event) string {
	var line string
	switch {
	case ev.Kind == sim.KindNote:
		return c.rolePrefix(ev.Role) + "✎ " + scenarios.SanitizeLine(ev.Text)
	case ev.Kind == sim.KindPhase:
		line = "→ phase: " + phaseName(ev.Phase)
	case ev.Action != "":
		line = c.actionLabel(ev.Action)
	default:
		line = "“" + scenarios.SanitizeLine(ev.Text) + "”"
	}
	if ev.Note != "" {
		line += " — " + scenarios.SanitizeLine(ev.Note)
	}
	return c.rolePrefix(ev.Role) + line
}

// rolePrefix is "[Role name] " for an attributed entry, "" otherwise.
func (c *console) rolePrefix(role string) string {
	if role == "" {
		return ""
	}
	return "[" + c.roleName(role) + "] "
}

// roleName is a role's name, sanitised; "the team" for no role.
func (c *console) roleName(role string) string {
	if role == "" {
		return "the team"
	}
	if r, ok := c.sc.Role(role); ok {
		return scenarios.SanitizeLine(r.Name)
	}
	return scenarios.SanitizeLine(role)
}

func (c *console) actionLabel(id string) string {
	if a, ok := c.sc.Action(id); ok {
		return scenarios.SanitizeLine(a.Label)
	}
	return scenarios.SanitizeLine(id)
}

func (c *console) phaseIndex(p scenarios.Phase) int {
	for i, q := range c.sc.Phases {
		if q == p {
			return i
		}
	}
	return -1
}

// Init starts watching the engine and redrawing the clock, or opens the
// time-up dialog for an ended session.
func (c *console) Init() tea.Cmd {
	if c.ended {
		c.modal = modalTimeUp
		c.syncKeys()
		return nil
	}
	cmd := c.selectInject(len(c.feed) - 1)
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
	return min(scenarios.Duration(c.secs), c.sc.Duration)
}

// SetSize lays the console out for a terminal of w×h cells.
func (c *console) SetSize(w, h int) tea.Cmd {
	c.layout = computeLayout(c.styles, w, h)
	l := c.layout
	for p, b := range [paneCount]box{paneFeed: l.feed, paneInject: l.inject, panePalette: l.palette, paneLog: l.log} {
		c.frames[p] = [2]frame{newFrame(c.styles.Pane, b), newFrame(c.styles.PaneFocused, b)}
	}
	c.feedList.SetHeight(l.feed.innerH - 1)       // the pane title takes a line
	c.paletteList.SetHeight(l.palette.innerH - 2) // title and filter lines
	c.choice.SetHeight(l.palette.innerH - 2)
	c.logList.SetHeight(l.log.innerH - 1)
	c.vp.Width, c.vp.Height = l.inject.innerW, max(l.inject.innerH-1, 1) // less the title
	c.rendered.setWidth(c.vp.Width)
	c.filter.Width = max(l.palette.innerW-4, 1)
	c.input.Width = max(w-20, 10)
	c.help.Width = w
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
		if c.rendered.put(msg.key, msg.out) {
			c.refreshInject()
		}
		return nil
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
		c.info("TIME IS UP at %s: recording goes on until you end the exercise with E.", c.sc.Duration.Clock())
		c.statusStyle = c.styles.Warning
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
	following := len(c.feed) == 0 || c.feedList.cursor == len(c.feed)-1
	delivered, unlocked := 0, 0
	logged := len(c.log)
	for _, ev := range evs {
		before := len(c.feed)
		c.apply(ev, false)
		c.secs = max(c.secs, float64(ev.At))
		if len(c.feed) > before {
			delivered++
			in := &c.sc.Injects[c.feed[len(c.feed)-1].inject]
			c.info("New inject at %s: %s", ev.At.Clock(), scenarios.SanitizeLine(in.Title))
			unlocked += c.unlockedBy(in.ID)
		}
	}
	if len(c.log) != logged {
		c.logList.SetCount(len(c.log))
	}
	if delivered == 0 {
		return nil
	}
	if unlocked > 0 {
		c.recomputePalette()
		noun := "actions"
		if unlocked == 1 {
			noun = "action"
		}
		c.status += fmt.Sprintf(" · %d new %s available", unlocked, noun)
	}
	c.feedList.SetCount(len(c.feed))
	var cmd tea.Cmd
	if following {
		cmd = c.selectInject(len(c.feed) - 1)
	}
	c.announcePending()
	return cmd
}

// announcePending opens the prompt of an unanswered decision point, unless
// the team is busy with another dialog (then `d` opens it later).
func (c *console) announcePending() {
	if c.modal != modalNone || c.filtering {
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
	c.choice = listPane{height: c.paletteList.height}
	c.choice.SetCount(len(c.choices))
	if i := c.feedIndexOf(injectID); i >= 0 {
		c.selectInject(i)
	}
}

func (c *console) feedIndexOf(injectID string) int {
	idx := c.sc.InjectIndex(injectID)
	for i := len(c.feed) - 1; i >= 0; i-- {
		if c.feed[i].inject == idx {
			return i
		}
	}
	return -1
}

// selectInject shows feed entry i in the inject pane and marks it seen.
func (c *console) selectInject(i int) tea.Cmd {
	if i < 0 || i >= len(c.feed) {
		return nil
	}
	c.feedList.Select(i)
	c.feed[i].seen = true
	c.vp.GotoTop()
	return c.showInject()
}

// showInject fills the inject pane, asking for markdown renders it lacks.
func (c *console) showInject() tea.Cmd {
	if len(c.feed) == 0 || c.vp.Width <= 0 {
		c.refreshInject()
		return nil
	}
	in := &c.sc.Injects[c.feed[c.feedList.cursor].inject]
	var cmds []tea.Cmd
	if _, ok := c.rendered.get("body:"+in.ID, c.vp.Width); !ok && in.Body != "" {
		cmds = append(cmds, renderMarkdownCmd(c.mdStyle, "body:"+in.ID, c.vp.Width, in.Body))
	}
	if _, ok := c.rendered.get("notes:"+in.ID, c.vp.Width); !ok && c.showNotes && in.FacilitatorNotes != "" {
		cmds = append(cmds, renderMarkdownCmd(c.mdStyle, "notes:"+in.ID, c.vp.Width, in.FacilitatorNotes))
	}
	c.refreshInject()
	return tea.Batch(cmds...)
}

// refreshInject composes the inject pane from what is rendered so far.
func (c *console) refreshInject() {
	if c.showCoach {
		c.setInjectContent(c.coachContent())
		return
	}
	if len(c.feed) == 0 {
		c.setInjectContent(c.styles.Muted.Render("No inject yet. The clock is running: space pauses, n jumps to the next inject."))
		return
	}
	it := c.feed[c.feedList.cursor]
	in := &c.sc.Injects[it.inject]
	s := c.styles
	var b strings.Builder
	b.WriteString(s.PaneTitle.Render(scenarios.SanitizeLine(in.Title)))
	b.WriteString("\n")
	meta := []string{it.at.Clock(), string(in.Channel)}
	if in.StoryTime != "" {
		meta = append(meta, scenarios.SanitizeLine(in.StoryTime))
	}
	if in.From != "" {
		meta = append(meta, "from "+scenarios.SanitizeLine(in.From))
	}
	if len(in.To) > 0 {
		names := make([]string, len(in.To))
		for i, r := range in.To {
			names[i] = r
			if role, ok := c.sc.Role(r); ok {
				names[i] = role.Name
			}
		}
		meta = append(meta, "to "+scenarios.SanitizeLine(strings.Join(names, ", ")))
	}
	if in.IsDecisionPoint() {
		meta = append(meta, "DECISION POINT")
	}
	b.WriteString(s.Muted.Render(scenarios.SanitizeLine(strings.Join(meta, " · "))))
	b.WriteString("\n\n")
	if in.Body != "" {
		body, ok := c.rendered.get("body:"+in.ID, c.vp.Width)
		if !ok {
			body = plainText(in.Body)
		}
		b.WriteString(body)
		b.WriteString("\n")
	}
	if len(in.Questions) > 0 {
		b.WriteString("\n")
		b.WriteString(s.PaneTitle.Render("Discussion questions"))
		b.WriteString("\n")
		for i, q := range in.Questions {
			b.WriteString(s.Question.Render(fmt.Sprintf("%d. %s", i+1, scenarios.SanitizeLine(q))))
			b.WriteString("\n")
		}
	}
	if c.showNotes && (in.FacilitatorNotes != "" || len(in.Attack) > 0) {
		b.WriteString("\n")
		b.WriteString(s.Facilitator.Render("FACILITATOR ONLY"))
		b.WriteString("\n")
		if len(in.Attack) > 0 {
			labels := make([]string, len(in.Attack))
			for i, id := range in.Attack {
				labels[i] = attack.Label(id)
			}
			b.WriteString(s.Muted.Render(scenarios.SanitizeLine("ATT&CK: " + strings.Join(labels, ", "))))
			b.WriteString("\n")
		}
		notes, ok := c.rendered.get("notes:"+in.ID, c.vp.Width)
		if !ok {
			notes = plainText(in.FacilitatorNotes)
		}
		b.WriteString(notes)
	}
	c.setInjectContent(strings.TrimRight(b.String(), "\n"))
}

// setInjectContent wraps the inject pane's text to its width once, here,
// so that View only picks the visible lines.
func (c *console) setInjectContent(s string) {
	s = c.wrap.Width(max(c.vp.Width, 1)).Render(s)
	c.vp.SetContent(s)
	c.injectLines = strings.Split(s, "\n")
}

// recomputePalette lists the actions of the browsed phase that match the
// filter.
func (c *console) recomputePalette() {
	c.paletteIdx = c.paletteIdx[:0]
	if len(c.sc.Phases) == 0 {
		return
	}
	phase := c.sc.Phases[c.palettePhase]
	needle := strings.ToLower(strings.TrimSpace(c.filter.Value()))
	for i := range c.sc.Actions {
		a := &c.sc.Actions[i]
		if a.Phase != phase || !c.available(a) {
			continue
		}
		if needle != "" && !strings.Contains(strings.ToLower(a.Label), needle) && !strings.Contains(a.ID, needle) {
			continue
		}
		c.paletteIdx = append(c.paletteIdx, i)
	}
	c.paletteList.SetCount(len(c.paletteIdx))
}

// available reports whether the team can take the action now (format 1.1,
// available_after): the palette never offers one that is not.
func (c *console) available(a *scenarios.Action) bool {
	if a.AvailableAfter == "" {
		return true
	}
	i := c.sc.InjectIndex(a.AvailableAfter)
	return i >= 0 && c.delivered[i]
}

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
