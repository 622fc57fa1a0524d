package tui

import (
	"fmt"
	"io"
	"log"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// SeatOptions configure one participant's seat: the screen a participant
// sees in their own terminal (tui/seats serves one per SSH connection).
type SeatOptions struct {
	Session Session // the one shared session
	// Name is the participant's name (the SSH user name): untrusted, it is
	// sanitised and shortened before it is drawn or journaled.
	Name string
	// Role is preselected in the role picker: a role id when the SSH user
	// name equals one, else "".
	Role string
	// Via is how the participant got in: "key" or "code".
	Via string
	// Renderer draws this seat (its colour profile and background); nil is
	// lipgloss's default renderer.
	Renderer      *lipgloss.Renderer
	Width, Height int
	// ReadOnly: the facilitator turned recording from seats off.
	ReadOnly bool
	// Log receives debug lines; nil discards them.
	Log *log.Logger
}

// SeatReadOnlyMsg turns recording from a seat off (true) or on again while
// it is connected (tui/seats sends it when the facilitator changes it).
type SeatReadOnlyMsg bool

// The sizes a seat draws within. Below the minimum a seat says the
// terminal is too small; above the maximum it draws in the top-left
// seatMaxWidth×seatMaxHeight cells, so that a 10,000-column window costs
// no more than a large one.
const (
	seatMinWidth  = 40
	seatMinHeight = 12
	seatMaxWidth  = 500
	seatMaxHeight = 200
)

// seatNameMax is the most runes of a participant's name kept (and never
// more than sim.MaxNameLen bytes).
const seatNameMax = 40

// seatScreen is what a seat shows.
type seatScreen int

const (
	seatPicking  seatScreen = iota // choosing a role or the wall
	seatPlaying                    // the participant view
	seatWall                       // the room's projector
	seatFeedback                   // the participant feedback form, after the end
	seatGone                       // the participant left
)

func (s seatScreen) String() string {
	return [...]string{"role picker", "participant", "wall", "feedback", "left"}[s]
}

// seatModal is a participant-view state that takes the keys first.
type seatModal int

const (
	seatModalNone seatModal = iota
	seatModalFreeText
	seatModalNote
	seatModalFilter
	seatModalHelp
)

func (m seatModal) String() string {
	return [...]string{"none", "free-text", "note", "filter", "help"}[m]
}

// seat is one participant's screen: the role picker, then the
// participant view (role-filtered, without facilitator content) or the
// wall, then the feedback form. It only reads the shared session and asks
// it for changes; the session's clock and events drive it exactly as they
// drive the console.
type seat struct {
	c    *common
	r    *lipgloss.Renderer
	keys KeyMap
	sess Session
	sc   *scenarios.Scenario
	clk  *sim.Clock

	name     string // sanitised, one line, at most seatNameMax runes
	via      string
	role     string // the role played (a role id or sim.RoleWall), once joined
	readOnly bool
	screen   seatScreen
	joined   bool
	leave    sync.Once

	// The role picker: the scenario's roles in file order, then the wall.
	choices []string
	pick    listPane

	// What the session's events say, read in Update only.
	applied int
	secs    float64
	speed   float64
	paused  bool
	ended   bool
	timeUp  bool
	length  scenarios.Duration
	phase   scenarios.Phase

	// The components the seat is composed of, shared with the console:
	// each shows only what the seat gives it (the events its role may see).
	header  *clockHeader
	feed    *feedPane
	inject  *injectPane
	palette *palettePane
	dlog    *decisionLog

	focus    pane
	modal    seatModal
	keyList  helpScreen // ? lists every key (modal seatModalHelp)
	input    textinput.Model
	inputCut bool

	status      string
	statusStyle lipgloss.Style

	sub     <-chan sim.Event
	unsub   func()
	tickGen int

	// Sizes: the terminal's, and the part drawn (capped).
	termW, termH int
	layout       consoleLayout
	single       bool // narrow and short: only the focused pane shows
	frames       [paneCount][2]frame
	wall         wallLayout

	form *feedbackForm
}

// NewSeat returns the seat of one participant on the shared session.
func NewSeat(o SeatOptions) tea.Model {
	r := o.Renderer
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	s := &seat{
		c:        newSeatCommon(r, o.Log),
		r:        r,
		sess:     o.Session,
		sc:       o.Session.Scenario(),
		clk:      o.Session.Clock(),
		name:     seatName(o.Name),
		via:      o.Via,
		readOnly: o.ReadOnly,
		speed:    1,
	}
	s.keys = seatKeyMap(s.c.keys)
	s.length = s.sc.Duration
	s.statusStyle = s.c.styles.Status
	s.input = s.newInput()
	s.input.CharLimit = sim.MaxTextLen
	s.header = newClockHeader(s.c, s.sc)
	s.feed = newFeedPane(s.c, s.sc)
	s.inject = newInjectPane(s.c, s.sc)
	s.inject.wrap = r.NewStyle()
	s.inject.choices = true
	s.dlog = newDecisionLog(s.c, s.sc)
	s.dlog.keep = seatLogKeep
	s.palette = newPalettePane(s.c, s.sc)
	s.palette.playerSafe = true
	s.resetFilter()
	for _, role := range s.sc.Roles {
		s.choices = append(s.choices, role.ID)
	}
	s.choices = append(s.choices, sim.RoleWall)
	s.pick.SetCount(len(s.choices))
	for i, id := range s.choices {
		if o.Role != "" && id == o.Role {
			s.pick.Select(i)
		}
	}
	if o.Width > 0 || o.Height > 0 {
		s.setSize(o.Width, o.Height)
	}
	return s
}

// newSeatCommon is the context of one seat: styles, help and markdown
// style from the seat's own renderer.
func newSeatCommon(r *lipgloss.Renderer, logger *log.Logger) *common {
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	h := help.New()
	h.ShortSeparator = " · "
	key := r.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#909090", Dark: "#626262"})
	desc := r.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#B2B2B2", Dark: "#4A4A4A"})
	sep := r.NewStyle().Foreground(lipgloss.AdaptiveColor{Light: "#DDDADA", Dark: "#3C3C3C"})
	h.Styles = help.Styles{ShortKey: key, ShortDesc: desc, ShortSeparator: sep, Ellipsis: sep, FullKey: key, FullDesc: desc, FullSeparator: sep}
	return &common{
		styles:    StylesFor(r),
		keys:      DefaultKeyMap(),
		help:      h,
		log:       logger,
		mdStyle:   markdownStyleFor(r),
		mdProfile: r.ColorProfile(),
		ticker:    tea.Tick,
		watcher:   waitEvents,
		blink:     true,
	}
}

// markdownStyleFor is the glamour style for a renderer: plain ASCII when
// it has no colours, else light or dark after its background.
func markdownStyleFor(r *lipgloss.Renderer) string {
	if r.ColorProfile() == termenv.Ascii {
		return "ascii"
	}
	if r.HasDarkBackground() {
		return "dark"
	}
	return "light"
}

// newInput is a text input drawn with the seat's renderer.
func (s *seat) newInput() textinput.Model {
	ti := s.c.newInput()
	ti.PromptStyle = s.r.NewStyle()
	ti.TextStyle = s.r.NewStyle()
	ti.PlaceholderStyle = s.r.NewStyle().Foreground(colorMuted)
	ti.CompletionStyle = ti.PlaceholderStyle
	ti.Cursor.Style = s.r.NewStyle()
	ti.Cursor.TextStyle = s.r.NewStyle()
	return ti
}

// resetFilter gives the palette a filter drawn with the seat's renderer
// (tests make it again without a blinking cursor).
func (s *seat) resetFilter() {
	s.palette.filter = s.newInput()
	s.palette.filter.Prompt = "/ "
	s.palette.filter.Placeholder = "filter actions"
}

// seatName is an SSH user name made safe to draw and journal: one line,
// sanitised, at most seatNameMax runes, never empty.
func seatName(name string) string {
	if name = shortName(name); name == "" {
		name = "participant"
	}
	return name
}

// shortName is a name as a seat draws it: one line, sanitised, at most
// seatNameMax runes ("" stays "").
func shortName(name string) string {
	name = strings.TrimSpace(scenarios.SanitizeLine(name))
	if r := []rune(name); len(r) > seatNameMax || len(name) > sim.MaxNameLen {
		// Cut to the runes that fit in the journal's limit with the "…".
		n := 0
		for i, c := range r {
			if i == seatNameMax-1 || n+len(string(c)) > sim.MaxNameLen-len("…") {
				r = r[:i]
				break
			}
			n += len(string(c))
		}
		name = string(r) + "…"
	}
	return name
}

// Init implements tea.Model: the picker waits for a choice.
func (s *seat) Init() tea.Cmd { return nil }

// Leave journals that the participant left, once: the seat calls it on q,
// ctrl+c and a hang-up. Call it from outside only after the seat's program
// has stopped (it is not safe beside Update).
func (s *seat) Leave() {
	s.leave.Do(func() {
		s.stopWatching()
		s.tickGen++
		if !s.joined {
			return
		}
		if _, err := s.sess.Leave(s.name, s.role); err != nil {
			s.c.log.Printf("seat %s: leave: %v", s.name, err)
		}
	})
}

// Update implements tea.Model.
func (s *seat) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return s, s.setSize(msg.Width, msg.Height)
	case HangupMsg:
		return s, s.quit()
	case SeatReadOnlyMsg:
		s.readOnly = bool(msg)
		if s.readOnly {
			s.warn("The facilitator turned recording from seats off: you can still follow and discuss.")
		} else {
			s.info("The facilitator turned recording from seats on again.")
		}
		return s, nil
	case tickMsg:
		return s, s.onTick(msg)
	case eventsMsg:
		return s, s.onEvents(msg)
	case markdownMsg:
		return s, s.inject.Update(msg)
	case tea.KeyMsg:
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
			return s, s.burst(msg)
		}
		if key.Matches(msg, s.keys.ForceQuit) {
			return s, s.quit()
		}
		return s, s.onKey(msg)
	}
	return s, nil
}

// burst applies every key of a burst in order, as if each came alone
// (as App.burst does); a paste stays whole.
func (s *seat) burst(msg tea.KeyMsg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(msg.Runes))
	for _, r := range msg.Runes {
		_, cmd := s.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt})
		cmds = append(cmds, cmd)
	}
	return tea.Sequence(cmds...)
}

// quit leaves the exercise: nothing is asked, a seat may leave any time.
func (s *seat) quit() tea.Cmd {
	s.Leave()
	s.screen = seatGone
	return tea.Quit
}

// join journals the participant's arrival in role and opens their view.
func (s *seat) join(role string) tea.Cmd {
	if _, err := s.sess.Join(s.name, role, s.via); err != nil {
		s.fail("Could not join: %s", scenarios.SanitizeLine(err.Error()))
		return nil
	}
	s.joined, s.role = true, role
	s.screen = seatPlaying
	if role == sim.RoleWall {
		s.screen = seatWall
	}
	s.info("Welcome, %s.", s.name)
	s.restore()
	cmd := s.setSize(s.termW, s.termH)
	if s.ended {
		s.openFeedback()
		return cmd
	}
	return tea.Batch(cmd, s.selectItem(len(s.feed.items)-1), s.watch(), s.startTicking())
}

// restore applies every event so far.
func (s *seat) restore() {
	for _, ev := range s.sess.EventsSince(0) {
		s.apply(ev, true)
	}
	s.secs = max(s.clk.Seconds(), float64(s.sess.Now()))
	s.timeUp = s.clk.TimeUp()
	s.phase = s.sess.Phase()
	if i := s.phaseIndex(s.phase); i >= 0 {
		s.palette.phase = i
	}
	s.palette.recompute()
	s.feed.list.SetCount(len(s.feed.items))
	s.dlog.list.SetCount(len(s.dlog.items))
}

// visible reports whether this seat's role may see ev (sim.VisibleTo).
func (s *seat) visible(ev sim.Event) bool { return sim.VisibleTo(s.sc, ev, s.role) }

// apply records one event in the seat's state, if its role may see it:
// the feed, the palette and the log are given only those.
func (s *seat) apply(ev sim.Event, restoring bool) {
	s.applied = max(s.applied, ev.Seq)
	if !s.visible(ev) {
		return
	}
	switch ev.Kind {
	case sim.KindDelivered:
		if i := s.sc.InjectIndex(ev.Inject); i >= 0 {
			s.feed.add(feedItem{inject: i, at: ev.At, seen: restoring})
			s.palette.delivered[i] = true
		}
	case sim.KindAdHoc:
		s.feed.add(feedItem{inject: -1, adhoc: adHocInject(ev), at: ev.At, seen: restoring})
		s.dlog.add(ev)
	case sim.KindDecision:
		if ev.Action != "" {
			s.palette.taken[ev.Action] = true
		}
		s.dlog.add(ev)
	case sim.KindPhase:
		s.dlog.add(ev)
		if i := s.phaseIndex(ev.Phase); i >= 0 {
			s.palette.phase = i
		}
	case sim.KindNote:
		s.dlog.add(ev)
	case sim.KindStrike:
		s.dlog.add(ev)
		clear(s.palette.taken) // taken again only by a decision not struck
		s.dlog.taken(func(a string) { s.palette.taken[a] = true })
	case sim.KindPause:
		s.paused = true
	case sim.KindResume:
		s.paused = false
	case sim.KindSpeed:
		s.speed = ev.Speed
	case sim.KindLength:
		s.length = ev.Length
		s.dlog.add(ev)
	case sim.KindEnd:
		s.ended = true
	}
}

// logLine is the decision log's line for an event: who (role and name),
// then what; sanitised, without the time.
func (s *seat) logLine(ev sim.Event) string { return s.dlog.line(ev) }

func (s *seat) roleName(role string) string {
	if role == sim.RoleWall {
		return "wall"
	}
	return roleName(s.sc, role)
}

func (s *seat) phaseIndex(p scenarios.Phase) int { return slices.Index(s.sc.Phases, p) }

// watch waits for the session's next events.
func (s *seat) watch() tea.Cmd {
	if s.sub == nil {
		s.sub, s.unsub = s.sess.Subscribe()
	}
	return s.c.watcher(s.sub)
}

func (s *seat) stopWatching() {
	if s.unsub != nil {
		s.unsub()
		s.unsub, s.sub = nil, nil
	}
}

func (s *seat) onEvents(msg eventsMsg) tea.Cmd {
	if s.screen == seatGone {
		return nil
	}
	if msg.closed {
		s.sub = nil // dropped for falling behind: subscribe again
	}
	cmd := s.sync()
	if s.ended {
		s.stopWatching()
		return cmd
	}
	return tea.Batch(cmd, s.watch())
}

func (s *seat) startTicking() tea.Cmd {
	s.tickGen++
	return s.tick()
}

func (s *seat) tick() tea.Cmd {
	gen := s.tickGen
	return s.c.ticker(tickInterval, func(time.Time) tea.Msg { return tickMsg{gen: gen} })
}

// onTick redraws the clock; the session's clock moves on its own.
func (s *seat) onTick(msg tickMsg) tea.Cmd {
	if msg.gen != s.tickGen || s.ended || s.screen == seatGone {
		return nil
	}
	cmd := s.sync()
	s.secs = s.clk.Seconds()
	s.timeUp = s.clk.TimeUp()
	if s.ended {
		return cmd
	}
	return tea.Batch(cmd, s.tick())
}

// sync shows the events the seat lacks, whoever caused them.
func (s *seat) sync() tea.Cmd {
	evs := s.sess.EventsSince(s.applied)
	if len(evs) == 0 {
		return nil
	}
	following := s.feed.following()
	fed, logged, wasEnded := len(s.feed.items), s.dlog.total(), s.ended
	phase := s.palette.phase
	for _, ev := range evs {
		s.apply(ev, false)
		s.secs = max(s.secs, float64(ev.At))
	}
	s.phase = s.sess.Phase()
	if s.dlog.total() != logged {
		s.dlog.list.SetCount(len(s.dlog.items))
		if s.screen == seatWall && !s.tooSmall() {
			s.fitWall() // the log takes the lines it needs
		}
	}
	var cmd tea.Cmd
	if n := len(s.feed.items); n > fed {
		s.palette.recompute()
		s.feed.list.SetCount(n)
		it := s.feed.items[n-1]
		s.info("New inject at %s: %s", it.at.Clock(), scenarios.SanitizeLine(s.feed.injectOf(it).Title))
		if following || s.screen == seatWall {
			cmd = s.selectItem(n - 1)
		}
	} else if phase != s.palette.phase {
		s.palette.recompute()
	}
	if s.ended && !wasEnded {
		s.tickGen++
		s.secs = float64(s.sess.Now())
		if s.screen == seatPlaying {
			s.openFeedback()
		}
	}
	return cmd
}

// now is the clock shown, in whole scenario seconds.
func (s *seat) now() scenarios.Duration {
	return min(scenarios.Duration(s.secs), s.length)
}

// selectItem shows feed entry i and marks it seen.
func (s *seat) selectItem(i int) tea.Cmd {
	if !s.feed.Select(i) {
		return nil
	}
	s.inject.scroll(-1 << 30)
	return s.showInject()
}

// showInject fills the inject pane, asking for the render it lacks.
func (s *seat) showInject() tea.Cmd {
	it, ok := s.feed.selected()
	if !ok {
		s.inject.showText(s.c.styles.Muted.Render("No inject yet: the facilitator's clock is running."))
		return nil
	}
	in := s.feed.injectOf(it)
	cmd := s.inject.request(in)
	s.inject.show(in, it.at)
	return cmd
}

// refusal says why the seat cannot record now, or "".
func (s *seat) refusal() string {
	switch {
	case s.ended:
		return "NOT recorded: the exercise has ended. f opens the feedback form."
	case s.readOnly:
		return "NOT recorded: the facilitator has turned recording from seats off. Say it to the room instead."
	}
	return ""
}

// record journals a decision by this participant and acknowledges it only
// once the session returned without error (it is on disk then).
func (s *seat) record(d scenarios.Decision) tea.Cmd {
	if why := s.refusal(); why != "" {
		s.fail("%s", why)
		return nil
	}
	// Stamped with the clock's time, not the last tick's.
	if _, err := s.clk.Tick(); err != nil {
		s.c.log.Printf("seat %s: tick before recording: %v", s.name, err)
	}
	d.Role, d.By = s.role, s.name
	ev, err := s.sess.Record(d)
	if err != nil {
		s.fail("NOT recorded: %s", scenarios.SanitizeLine(err.Error()))
		return s.sync()
	}
	cmd := s.sync()
	s.ok("recorded ✓ at %s: %s", ev.At.Clock(), s.logLine(ev))
	return cmd
}

// note journals a note by this participant.
func (s *seat) note(text string) tea.Cmd {
	if why := s.refusal(); why != "" {
		s.fail("%s", strings.Replace(why, "recorded", "saved", 1))
		return nil
	}
	ev, err := s.sess.NoteAs(text, s.role, s.name)
	if err != nil {
		s.fail("Note NOT saved: %s", scenarios.SanitizeLine(err.Error()))
		return s.sync()
	}
	cmd := s.sync()
	s.ok("note saved ✓ at %s", ev.At.Clock())
	return cmd
}

func (s *seat) browsePhase(i int) {
	if len(s.sc.Phases) > 0 {
		s.palette.browse(i)
	}
}

func (s *seat) info(format string, a ...any) {
	s.status = fmt.Sprintf(format, a...)
	s.statusStyle = s.c.styles.Status
}

func (s *seat) ok(format string, a ...any) {
	s.status = fmt.Sprintf(format, a...)
	s.statusStyle = s.c.styles.Success
}

func (s *seat) warn(format string, a ...any) {
	s.status = fmt.Sprintf(format, a...)
	s.statusStyle = s.c.styles.Warning
}

func (s *seat) fail(format string, a ...any) {
	s.status = fmt.Sprintf(format, a...)
	s.statusStyle = s.c.styles.Error
	s.c.log.Printf("seat %s: "+format, append([]any{s.name}, a...)...)
}
