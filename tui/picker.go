package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/scenarios"
)

// Entry is one line of the scenario picker: a loaded scenario, or a file
// that failed to load together with its error.
//
// A built-in may come as a Listing only (what the line shows, read without
// parsing the file): the picker parses it when it is opened.
type Entry struct {
	Scenario *scenarios.Scenario // nil when Err is set, or when only Listing is known
	Listing  *scenarios.Listing  // a built-in not parsed yet (Scenario nil)
	Source   string              // "built-in" or the file's path
	Err      error
}

// info is what the line shows, from the listing or the loaded scenario.
func (e Entry) info() scenarios.Listing {
	if e.Scenario == nil && e.Listing != nil {
		return *e.Listing
	}
	return scenarios.ListingOf(e.Scenario)
}

func (e Entry) Title() string {
	if e.Err != nil {
		return "⚠ " + scenarios.SanitizeLine(e.Source)
	}
	return scenarios.SanitizeLine(e.info().Title)
}

func (e Entry) Description() string {
	if e.Err != nil {
		first, _, _ := strings.Cut(e.Err.Error(), "\n")
		return "cannot load: " + scenarios.SanitizeLine(first)
	}
	l := e.info()
	return fmt.Sprintf("%s · %s · %d injects · %s", scenarios.SanitizeLine(l.ID), l.Duration, l.Injects,
		scenarios.SanitizeLine(e.Source))
}

func (e Entry) FilterValue() string {
	if e.Err != nil {
		return e.Source
	}
	l := e.info()
	return l.ID + " " + l.Title + " " + strings.Join(l.Tags, " ")
}

// Resumable is an interrupted session (not ended, not open in another ttx)
// that the picker offers to continue: r lists them, enter reopens one
// through Options.Reopen, as `ttx resume DIR` would.
type Resumable struct {
	Dir           string // the session folder
	ScenarioTitle string // the title of the scenario played (sanitised when drawn)
	Started       time.Time
	At            scenarios.Duration // the scenario time it continues at
	Decisions     int                // decisions recorded (not struck)
}

func (r Resumable) Title() string {
	return scenarios.SanitizeLine(r.ScenarioTitle)
}

func (r Resumable) Description() string {
	decisions := fmt.Sprintf("%d decisions", r.Decisions)
	if r.Decisions == 1 {
		decisions = "1 decision"
	}
	parts := []string{"stopped at " + r.At.Clock(), decisions}
	if !r.Started.IsZero() {
		parts = append(parts, "started "+r.Started.UTC().Format("2006-01-02 15:04 UTC"))
	}
	return strings.Join(append(parts, scenarios.SanitizeLine(filepathBase(r.Dir))), " · ")
}

func (r Resumable) FilterValue() string { return filepathBase(r.Dir) + " " + r.ScenarioTitle }

// filepathBase is the last element of a slash- or backslash-separated path.
func filepathBase(p string) string {
	p = strings.TrimRight(p, `/\`)
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// pickedMsg asks the app to show the briefing of a scenario.
type pickedMsg struct{ scenario *scenarios.Scenario }

// resumedMsg brings a session reopened from the picker (Options.Reopen).
type resumedMsg struct {
	sess  Session
	coach bool
	err   error
}

// picker is the first screen: every scenario ttx can play, and (r) the
// interrupted sessions it can continue.
type picker struct {
	*common
	list     list.Model
	sessions list.Model // the interrupted sessions, shown instead of list while resuming
	resuming bool
	opening  bool // a session is being reopened: enter waits for it
	reopen   func(dir string) (Session, bool, error)
	status   string
}

func newPicker(c *common, entries []Entry, resumable []Resumable, reopen func(string) (Session, bool, error)) *picker {
	items := make([]list.Item, len(entries))
	for i, e := range entries {
		items[i] = e
	}
	d := list.NewDefaultDelegate()
	l := list.New(items, d, 0, 0)
	l.Title = "ttx — choose a scenario"
	l.SetStatusBarItemName("scenario", "scenarios")
	l.DisableQuitKeybindings() // q and ctrl+c are the app's
	l.AdditionalShortHelpKeys = func() []key.Binding {
		if len(resumable) > 0 {
			return []key.Binding{c.keys.Start, c.keys.Resume}
		}
		return []key.Binding{c.keys.Start}
	}
	// ? shows every key of the screen: the list's own, then ours.
	l.AdditionalFullHelpKeys = func() []key.Binding {
		ks := l.AdditionalShortHelpKeys()
		return append(ks, c.keys.Quit, c.keys.ForceQuit)
	}
	l.SetShowHelp(true)

	sessItems := make([]list.Item, len(resumable))
	for i, r := range resumable {
		sessItems[i] = r
	}
	sl := list.New(sessItems, list.NewDefaultDelegate(), 0, 0)
	sl.Title = "ttx — resume an interrupted session"
	sl.SetStatusBarItemName("session", "sessions")
	sl.DisableQuitKeybindings()
	open, back := c.keys.Start, c.keys.Back
	open.SetHelp("enter", "resume")
	back.SetHelp("esc", "back to the scenarios")
	sl.AdditionalShortHelpKeys = func() []key.Binding { return []key.Binding{open, back} }
	sl.AdditionalFullHelpKeys = func() []key.Binding {
		again := c.keys.Resume
		again.SetHelp("r", "back to the scenarios")
		return []key.Binding{open, back, again, c.keys.Quit, c.keys.ForceQuit}
	}
	sl.SetShowHelp(true)
	// ? is the app's: it lists every key of the picker.
	l.KeyMap.ShowFullHelp.SetHelp("?", "all keys")
	sl.KeyMap.ShowFullHelp.SetHelp("?", "all keys")
	return &picker{common: c, list: l, sessions: sl, reopen: reopen}
}

// helpKeys is every key of the picker: the list's own, then ours (enter,
// r); the app adds ?, q and ctrl+c.
func (p *picker) helpKeys() [][]key.Binding {
	l := p.active()
	lk := l.KeyMap
	groups := [][]key.Binding{
		{lk.CursorUp, lk.CursorDown, lk.PrevPage, lk.NextPage, lk.GoToStart, lk.GoToEnd},
		{lk.Filter, lk.ClearFilter},
	}
	if l.AdditionalFullHelpKeys != nil {
		groups = append(groups, l.AdditionalFullHelpKeys())
	}
	return groups
}

func (p *picker) SetSize(w, h int) {
	p.list.SetSize(w, max(h-1, 1)) // one line for the status
	p.sessions.SetSize(w, max(h-1, 1))
}

// active is the list on screen.
func (p *picker) active() *list.Model {
	if p.resuming {
		return &p.sessions
	}
	return &p.list
}

// capturesKeys reports whether a text input has focus (the filter).
func (p *picker) capturesKeys() bool { return p.active().FilterState() == list.Filtering }

// openFailed lets the picker reopen a session again after an error.
func (p *picker) openFailed() { p.opening, p.status = false, "" }

// resumeSelected reopens the selected interrupted session.
func (p *picker) resumeSelected() tea.Cmd {
	r, ok := p.sessions.SelectedItem().(Resumable)
	if !ok || p.opening {
		return nil
	}
	if p.reopen == nil {
		p.status = "this ttx cannot resume sessions here: use ttx resume " + scenarios.SanitizeLine(r.Dir)
		return nil
	}
	p.opening, p.status = true, "Resuming "+scenarios.SanitizeLine(filepathBase(r.Dir))+"…"
	reopen := p.reopen
	return func() tea.Msg {
		sess, coach, err := reopen(r.Dir)
		return resumedMsg{sess, coach, err}
	}
}

func (p *picker) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok && !p.capturesKeys() {
		switch {
		case p.resuming && key.Matches(k, p.keys.Start):
			return p.resumeSelected()
		case p.resuming && (key.Matches(k, p.keys.Resume) ||
			key.Matches(k, p.keys.Back) && p.sessions.FilterState() == list.Unfiltered):
			p.resuming, p.status = false, ""
			return nil
		case !p.resuming && len(p.sessions.Items()) > 0 && key.Matches(k, p.keys.Resume):
			p.resuming, p.status = true, ""
			return nil
		}
	}
	if p.resuming {
		var cmd tea.Cmd
		p.sessions, cmd = p.sessions.Update(msg)
		return cmd
	}
	if k, ok := msg.(tea.KeyMsg); ok && !p.capturesKeys() && key.Matches(k, p.keys.Start) {
		e, ok := p.list.SelectedItem().(Entry)
		if !ok {
			return nil
		}
		if e.Err != nil {
			p.status = scenarios.SanitizeLine(e.Err.Error())
			return nil
		}
		if e.Scenario == nil && e.Listing != nil {
			s, ok := scenarios.Builtin(e.Listing.ID)
			if !ok {
				p.status = "cannot load the built-in scenario " + scenarios.SanitizeLine(e.Listing.ID)
				return nil
			}
			e.Scenario = s
		}
		p.status = ""
		return func() tea.Msg { return pickedMsg{e.Scenario} }
	}
	var cmd tea.Cmd
	p.list, cmd = p.list.Update(msg)
	return cmd
}

func (p *picker) View() string {
	status := ""
	switch n := len(p.sessions.Items()); {
	case p.status != "" && p.opening:
		status = p.styles.Status.Render(truncate(p.status, p.width))
	case p.status != "":
		status = p.styles.Error.Render(truncate(p.status, p.width))
	case !p.resuming && n == 1:
		status = p.styles.Status.Render(truncate("1 interrupted session: press r to resume it", p.width))
	case !p.resuming && n > 1:
		status = p.styles.Status.Render(truncate(fmt.Sprintf("%d interrupted sessions: press r to resume one", n), p.width))
	}
	return p.active().View() + "\n" + status
}
