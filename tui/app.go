// Package tui is the ttx exercise console: a Bubble Tea program with a
// scenario picker, a briefing, the console where the drill happens, the
// review of gaps and the results. It talks to the engine, journal and
// scorer only through Session, and never renders untrusted text without
// scenarios.Sanitize.
package tui

import (
	"fmt"
	"log"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/scenarios"
)

// Screen is the screen the app shows.
type Screen int

// The screens, in the order an exercise goes through them.
const (
	ScreenPicker Screen = iota
	ScreenBriefing
	ScreenConsole
	ScreenReview
	ScreenResults
	ScreenError
	ScreenDebrief // coach mode: between the review and the results
	ScreenHotWash // right after play, before the review
	ScreenRatings // the evaluator's final ratings: after the hot wash, before the review
)

func (s Screen) String() string {
	switch s {
	case ScreenPicker:
		return "picker"
	case ScreenBriefing:
		return "briefing"
	case ScreenConsole:
		return "console"
	case ScreenReview:
		return "review"
	case ScreenResults:
		return "results"
	case ScreenError:
		return "error"
	case ScreenDebrief:
		return "debrief"
	case ScreenHotWash:
		return "hot wash"
	case ScreenRatings:
		return "ratings"
	}
	return "unknown"
}

// Options configure the app.
type Options struct {
	// Entries fill the picker. Ignored when Scenario or Resume is set.
	Entries []Entry
	// Scenario opens the app on its briefing.
	Scenario *scenarios.Scenario
	// Resume opens the app on the console of an existing session.
	Resume Session
	// Start creates the session of a new exercise (a new folder under the
	// data directory, with its journal).
	Start func(*scenarios.Scenario) (Session, error)
	// Resumable lists the interrupted sessions the picker offers to
	// continue; Reopen opens one of them (coach: it continues in coach
	// mode), as `ttx resume` does.
	Resumable []Resumable
	Reopen    func(dir string) (sess Session, coach bool, err error)
	Coach     bool
	// Hints (coach mode) nudges the trainee when an open expected action
	// is close to its deadline.
	Hints bool
	Speed float64 // the clock's starting speed; 0 means 1×
	Log   *log.Logger
	// MarkdownStyle overrides the glamour style ("dark", "light", "ascii").
	MarkdownStyle string
	// Seats is the SSH seat server beside the console (--listen), nil
	// without one: the console shows its address, join code and
	// participants.
	Seats *SeatsInfo
}

// sessionMsg brings a newly started session.
type sessionMsg struct {
	sess Session
	err  error
}

// HangupMsg tells the app its terminal is gone (SIGHUP): it leaves the
// session resumable and quits.
type HangupMsg struct{}

// App is the root model: it owns the screens and forwards each message to
// the active one; window sizes go to all.
type App struct {
	c       *common
	opts    Options
	screen  Screen
	picker  *picker
	brief   *briefing
	console *console
	review  *review
	results *results
	debrief *debrief
	hotwash *hotWash
	washed  bool // the hot wash was offered: the ratings come next
	ratings *ratings
	rated   bool       // the ratings were offered: the review comes next
	help    helpScreen // ? on every screen but the console (which has its own)
	err     error
	errBack Screen
	sess    Session

	// early holds the keys typed after enter on the briefing while the
	// session is being created: they are meant for the console, which
	// does not exist yet, and reach it once the session (and so its
	// journal) does.
	early []tea.KeyMsg
}

// New returns the app for the given options.
func New(o Options) *App {
	if o.Speed <= 0 {
		o.Speed = 1
	}
	a := &App{c: newCommon(o), opts: o}
	switch {
	case o.Resume != nil:
		a.sess = o.Resume
		a.console = newConsole(a.c, o.Resume, o.Coach)
		// A resumed exercise starts paused: the team gathers again first.
		a.console.suspend()
		a.screen = ScreenConsole
	case o.Scenario != nil:
		a.brief = newBriefing(a.c, o.Scenario, false)
		a.screen = ScreenBriefing
	default:
		a.picker = newPicker(a.c, o.Entries, o.Resumable, o.Reopen)
		a.screen = ScreenPicker
	}
	return a
}

// Screen is the screen shown now.
func (a *App) Screen() Screen { return a.screen }

// Session is the exercise's session, nil before one started.
func (a *App) Session() Session { return a.sess }

// Init implements tea.Model.
func (a *App) Init() tea.Cmd {
	if a.screen == ScreenConsole {
		return a.console.Init()
	}
	return nil
}

// Update implements tea.Model.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return a, a.setSize(msg.Width, msg.Height)
	case HangupMsg:
		a.c.log.Printf("terminal hung up: pausing and quitting")
		a.leave()
		return a, tea.Quit
	case tea.KeyMsg:
		if msg.Type == tea.KeyRunes && len(msg.Runes) > 1 && !msg.Paste {
			return a, a.burst(msg)
		}
		if key.Matches(msg, a.c.keys.ForceQuit) {
			a.leave()
			return a, tea.Quit
		}
		if a.tooSmall() {
			// Nothing is done blind: the screen is not drawn.
			return a, nil
		}
		if a.screen == ScreenBriefing && a.brief.starting {
			a.early = append(a.early, msg)
			return a, nil
		}
		// The console shows its keys itself, under its header.
		if a.help.open {
			a.help.key(msg, a.c.keys)
			return a, nil
		}
		if a.screen != ScreenConsole && !a.capturesKeys() && key.Matches(msg, a.c.keys.Help) {
			a.help.open = true
			return a, nil
		}
		if a.screen == ScreenError {
			return a, a.onErrorKey(msg)
		}
	case pickedMsg:
		a.brief = newBriefing(a.c, msg.scenario, true)
		a.show(ScreenBriefing)
		return a, a.brief.SetSize(a.c.width, a.c.height)
	case resumedMsg:
		if msg.err != nil {
			a.picker.openFailed()
			return a, a.fail(fmt.Errorf("the session could not be resumed: %w", msg.err), ScreenPicker)
		}
		// As New does with Options.Resume: the console, paused.
		a.sess, a.opts.Coach = msg.sess, msg.coach
		a.c.log.Printf("session resumed from %s", msg.sess.Dir())
		a.console = newConsole(a.c, msg.sess, msg.coach)
		a.console.suspend()
		a.show(ScreenConsole)
		return a, tea.Batch(a.console.SetSize(a.c.width, a.c.height), a.console.Init())
	case backMsg:
		if a.picker != nil {
			a.show(ScreenPicker)
		}
		return a, nil
	case startMsg:
		start := a.opts.Start
		s := msg.scenario
		return a, func() tea.Msg {
			sess, err := start(s)
			return sessionMsg{sess, err}
		}
	case sessionMsg:
		early := a.early
		a.early = nil
		if msg.err != nil {
			a.brief.startFailed()
			return a, a.fail(fmt.Errorf("the session could not be created: %w", msg.err), ScreenBriefing)
		}
		a.sess = msg.sess
		a.c.log.Printf("session started in %s", msg.sess.Dir())
		// The briefing is not shown again: a resize must not render it.
		a.brief = nil
		if a.opts.Speed != 1 {
			if err := msg.sess.Clock().SetSpeed(a.opts.Speed); err != nil {
				a.c.log.Printf("set speed: %v", err)
			}
		}
		a.console = newConsole(a.c, msg.sess, a.opts.Coach)
		a.show(ScreenConsole)
		cmds := []tea.Cmd{a.console.SetSize(a.c.width, a.c.height), a.console.Init()}
		for _, k := range early {
			cmds = append(cmds, a.console.Update(k))
		}
		return a, tea.Batch(cmds...)
	case reviewMsg:
		if !a.washed {
			a.washed = true
			if a.hotwash = newHotWash(a.c, a.sess); a.hotwash != nil {
				a.hotwash.SetSize(a.c.width, a.c.height)
				a.show(ScreenHotWash)
				return a, nil
			}
		}
		if !a.rated {
			a.rated = true
			if a.ratings = newRatings(a.c, a.sess); a.ratings != nil {
				a.ratings.SetSize(a.c.width, a.c.height)
				a.show(ScreenRatings)
				return a, a.ratings.Init()
			}
		}
		if a.review == nil { // back from the ratings: the same review, scored again
			a.review = newReview(a.c, a.sess)
		}
		a.review.SetSize(a.c.width, a.c.height)
		a.show(ScreenReview)
		return a, a.review.Init()
	case hotWashDoneMsg, ratingsDoneMsg:
		return a, func() tea.Msg { return reviewMsg{} }
	case backToRatingsMsg:
		if a.ratings == nil {
			if a.ratings = newRatings(a.c, a.sess); a.ratings == nil {
				return a, nil
			}
		}
		a.ratings.SetSize(a.c.width, a.c.height)
		a.show(ScreenRatings)
		return a, a.ratings.Init()
	case debriefMsg:
		a.debrief = newDebrief(a.c, a.sess)
		a.debrief.SetSize(a.c.width, a.c.height)
		a.show(ScreenDebrief)
		return a, a.debrief.Init()
	case resultsMsg:
		if a.opts.Coach && a.screen == ScreenReview {
			// A trainee sees the ideal path before the results.
			return a, func() tea.Msg { return debriefMsg{} }
		}
		a.results = newResults(a.c, a.sess)
		a.show(ScreenResults)
		return a, a.results.Init()
	}
	return a, a.forward(msg)
}

// burst applies every key of a burst (keys typed or sent faster than the
// terminal is read arrive as one message of several runes), one after the
// other, in order, as if each had come alone. A paste stays whole.
func (a *App) burst(msg tea.KeyMsg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(msg.Runes))
	for _, r := range msg.Runes {
		_, cmd := a.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: msg.Alt})
		cmds = append(cmds, cmd)
	}
	return tea.Sequence(cmds...)
}

// show switches screens, noting it in the debug log.
func (a *App) show(s Screen) {
	a.c.log.Printf("screen %s → %s", a.screen, s)
	a.screen = s
	a.help = helpScreen{}
}

// capturesKeys reports whether a text field of the screen has the focus:
// every key types into it, ? too.
func (a *App) capturesKeys() bool {
	switch a.screen {
	case ScreenPicker:
		return a.picker.capturesKeys()
	case ScreenReview:
		return a.review.editing || a.review.details != nil
	case ScreenHotWash:
		return a.hotwash.editing != ""
	case ScreenRatings:
		r := a.ratings
		return r.obs != nil || r.pending != "" || r.naming
	}
	return false
}

// helpKeys is every key of the screen shown, for ? (the console has its
// own).
func (a *App) helpKeys() [][]key.Binding {
	k := a.c.keys
	always := []key.Binding{k.Help, k.Quit, k.ForceQuit}
	var groups [][]key.Binding
	switch a.screen {
	case ScreenPicker:
		groups = a.picker.helpKeys()
	case ScreenBriefing:
		groups = a.brief.helpKeys()
	case ScreenReview:
		groups = a.review.keyMap().full
	case ScreenHotWash:
		hk := hotWashKeys
		groups = [][]key.Binding{{hk.Up, hk.Down, hk.Strength, hk.Improvement, hk.Continue}}
	case ScreenRatings:
		groups = [][]key.Binding{a.ratings.ownKeys()}
	case ScreenDebrief:
		groups = a.debrief.keyMap().full
	case ScreenResults:
		groups = a.results.keyMap().full
		always = []key.Binding{k.Help, k.ForceQuit}
	case ScreenError:
		groups = [][]key.Binding{{k.Back}}
	}
	return append(groups, always)
}

// The smallest terminal each screen is drawn in (docs/tui.md): below it the
// screen says the terminal is too small instead of overflowing.
const (
	minConsoleWidth, minConsoleHeight = 60, 16
	minScreenWidth, minScreenHeight   = 40, 10
)

// minSize is the smallest terminal screen s is drawn in.
func minSize(s Screen) (int, int) {
	if s == ScreenConsole || s == ScreenReview || s == ScreenRatings {
		return minConsoleWidth, minConsoleHeight
	}
	return minScreenWidth, minScreenHeight
}

// tooSmall reports whether the terminal is smaller than the screen shown
// needs (false before the first window size).
func (a *App) tooSmall() bool {
	w, h := minSize(a.screen)
	return a.c.width > 0 && (a.c.width < w || a.c.height < h)
}

// forward gives a message to the active screen only.
func (a *App) forward(msg tea.Msg) tea.Cmd {
	switch a.screen {
	case ScreenPicker:
		if k, ok := msg.(tea.KeyMsg); ok && !a.picker.capturesKeys() && key.Matches(k, a.c.keys.Quit) {
			return tea.Quit
		}
		return a.picker.Update(msg)
	case ScreenBriefing:
		if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, a.c.keys.Quit) {
			return tea.Quit
		}
		return a.brief.Update(msg)
	case ScreenConsole:
		return a.console.Update(msg)
	case ScreenReview:
		return a.review.Update(msg)
	case ScreenResults:
		return a.results.Update(msg)
	case ScreenDebrief:
		return a.debrief.Update(msg)
	case ScreenHotWash:
		return a.hotwash.Update(msg)
	case ScreenRatings:
		return a.ratings.Update(msg)
	}
	return nil
}

func (a *App) setSize(w, h int) tea.Cmd {
	a.c.width, a.c.height = w, h
	a.c.help.Width = w
	var cmds []tea.Cmd
	if a.picker != nil {
		a.picker.SetSize(w, h)
	}
	if a.brief != nil {
		cmds = append(cmds, a.brief.SetSize(w, h))
	}
	if a.console != nil {
		cmds = append(cmds, a.console.SetSize(w, h))
	}
	if a.review != nil {
		a.review.SetSize(w, h)
	}
	if a.debrief != nil {
		a.debrief.SetSize(w, h)
	}
	if a.hotwash != nil {
		a.hotwash.SetSize(w, h)
	}
	if a.ratings != nil {
		a.ratings.SetSize(w, h)
	}
	return tea.Batch(cmds...)
}

// Leave makes the session resumable: a running clock is paused in the
// journal, so that `ttx resume` finds this very second. The app calls it on
// quit; call it again after the program stopped for any other reason (it
// does nothing the second time).
func (a *App) Leave() { a.leave() }

func (a *App) leave() {
	if a.console != nil {
		a.console.suspend()
	}
}

func (a *App) fail(err error, back Screen) tea.Cmd {
	a.c.log.Printf("error: %v", err)
	a.err, a.errBack, a.screen = err, back, ScreenError
	return nil
}

func (a *App) onErrorKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, a.c.keys.Back):
		a.screen = a.errBack
	case key.Matches(msg, a.c.keys.Quit):
		return tea.Quit
	}
	return nil
}

// View implements tea.Model: the screen shown, never larger than the
// terminal.
func (a *App) View() string {
	w, h := a.c.width, a.c.height
	if w <= 0 || h <= 0 {
		return a.screenView()
	}
	if a.tooSmall() {
		mw, mh := minSize(a.screen)
		return tooSmallView(w, h, mw, mh)
	}
	if a.help.open {
		return a.help.view(a.c.styles, a.helpKeys(), w, h)
	}
	return fitView(a.screenView(), w, h)
}

// tooSmallView says the terminal is too small, within w × h cells.
func tooSmallView(w, h, needW, needH int) string {
	msg := fmt.Sprintf("terminal too small: need %d×%d, have %d×%d (ctrl+c quits)", needW, needH, w, h)
	return fitView(wrapRendered(msg, w), w, h)
}

// fitView cuts a view to h lines of at most w cells: what a screen draws
// never scrolls the terminal or wraps at its edge.
func fitView(v string, w, h int) string {
	lines := strings.Split(v, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, ln := range lines {
		lines[i] = truncate(ln, w)
	}
	return strings.Join(lines, "\n")
}

func (a *App) screenView() string {
	switch a.screen {
	case ScreenPicker:
		return a.picker.View()
	case ScreenBriefing:
		return a.brief.View()
	case ScreenConsole:
		return a.console.View()
	case ScreenReview:
		return a.review.View()
	case ScreenResults:
		return a.results.View()
	case ScreenDebrief:
		return a.debrief.View()
	case ScreenHotWash:
		return a.hotwash.View()
	case ScreenRatings:
		return a.ratings.View()
	case ScreenError:
		return a.errorView()
	}
	return ""
}

func (a *App) errorView() string {
	s := a.c.styles
	k := a.c.keys
	msg := s.Error.Render("Something went wrong") + "\n\n" + scenarios.Sanitize(a.err.Error()) + "\n\n" +
		a.c.shortHelp([]key.Binding{k.Back, k.Help, k.Quit})
	return s.Modal.Width(max(a.c.width-4, 20)).Render(msg)
}
