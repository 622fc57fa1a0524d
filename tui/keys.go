package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// KeyMap holds every key binding of the TUI, with its help text. Screens
// enable and disable bindings as their state changes (a disabled binding
// neither matches nor shows in help) instead of branching around keys.
type KeyMap struct {
	// Everywhere.
	Quit      key.Binding
	ForceQuit key.Binding
	Help      key.Binding

	// Moving in lists and panes.
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding

	// Picker and briefing.
	Start  key.Binding
	Back   key.Binding
	Resume key.Binding // picker: the interrupted sessions

	// Console.
	Pause       key.Binding
	NextInject  key.Binding
	Faster      key.Binding
	Slower      key.Binding
	Focus       key.Binding
	FocusBack   key.Binding
	Record      key.Binding
	FreeText    key.Binding
	Note        key.Binding
	ChangePhase key.Binding
	PrevPhase   key.Binding
	NextPhase   key.Binding
	Filter      key.Binding
	Decide      key.Binding
	Facilitator key.Binding
	Coach       key.Binding
	EndEarly    key.Binding
	Strike      key.Binding
	Role        key.Binding
	Withhold    key.Binding
	AdHoc       key.Binding
	Length      key.Binding
	UndoPhase   key.Binding
	Send        key.Binding // sends a dialog from any field
	Observe     key.Binding
	SeatsRecord key.Binding // turns recording from the seats off and on

	// Dialogs and forms.
	Confirm   key.Binding
	Yes       key.Binding
	No        key.Binding
	Cancel    key.Binding
	NextField key.Binding

	// Review and results.
	Edit     key.Binding
	Continue key.Binding
}

// DefaultKeyMap returns the key bindings documented in docs/tui.md.
func DefaultKeyMap() KeyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return KeyMap{
		Quit:      b("q", "quit", "q"),
		ForceQuit: b("ctrl+c", "quit now (session is saved)", "ctrl+c"),
		Help:      b("?", "all keys", "?"),

		Up:       b("↑/k", "up", "up", "k"),
		Down:     b("↓/j", "down", "down", "j"),
		PageUp:   b("pgup", "page up", "pgup"),
		PageDown: b("pgdn", "page down", "pgdown"),
		Top:      b("home/g", "first", "home", "g"),
		Bottom:   b("end/G", "last", "end", "G"),

		Start:  b("enter", "start", "enter"),
		Back:   b("esc", "back", "esc"),
		Resume: b("r", "resume a session", "r"),

		Pause:       b("space", "pause/resume", " "),
		NextInject:  b("n", "next inject now", "n"),
		Faster:      b("+", "faster", "+", "="),
		Slower:      b("-", "slower", "-"),
		Focus:       b("tab", "next pane", "tab"),
		FocusBack:   b("shift+tab", "previous pane", "shift+tab"),
		Record:      b("enter", "record", "enter"),
		FreeText:    b("t", "free-text decision", "t"),
		Note:        b("e", "note", "e"),
		ChangePhase: b("p", "change phase", "p"),
		PrevPhase:   b("[", "previous phase's actions", "["),
		NextPhase:   b("]", "next phase's actions", "]"),
		Filter:      b("/", "filter actions", "/"),
		Decide:      b("d", "answer decision point", "d"),
		Facilitator: b("f", "facilitator notes", "f"),
		Coach:       b("c", "coach feedback", "c"),
		EndEarly:    b("E", "end exercise", "E"),
		Role:        b("r", "record for a role", "r"),
		Withhold:    b("S", "skip next inject", "S"),
		AdHoc:       b("A", "add an inject now", "A"),
		Length:      b("L", "change the length", "L"),
		UndoPhase:   b("u", "undo phase change", "u"),
		Send:        b("ctrl+s", "send", "ctrl+s"),
		Observe:     b("o", "observation (private)", "o"),
		Strike:      b("x", "strike a logged decision", "x"),
		SeatsRecord: b("R", "seats record on/off", "R"),

		Confirm:   b("enter", "confirm", "enter"),
		Yes:       b("y", "yes", "y", "Y"),
		No:        b("n/esc", "no", "n", "N", "esc"),
		Cancel:    b("esc", "cancel", "esc"),
		NextField: b("tab", "next field", "tab", "shift+tab"),

		Edit:     b("enter", "edit the plan", "enter"),
		Continue: b("c", "continue to results", "c"),
	}
}

// bindings is a help.KeyMap made of two fixed lists.
type bindings struct {
	short []key.Binding
	full  [][]key.Binding
}

func (b bindings) ShortHelp() []key.Binding  { return b.short }
func (b bindings) FullHelp() [][]key.Binding { return b.full }

// moveDelta is how far a movement key moves a list's cursor or a pane's
// scroll: a row, a page of ten, or to either end; false for other keys.
func (k *KeyMap) moveDelta(msg tea.KeyMsg) (int, bool) {
	switch {
	case key.Matches(msg, k.Up):
		return -1, true
	case key.Matches(msg, k.Down):
		return 1, true
	case key.Matches(msg, k.PageUp):
		return -10, true
	case key.Matches(msg, k.PageDown):
		return 10, true
	case key.Matches(msg, k.Top):
		return -1 << 30, true
	case key.Matches(msg, k.Bottom):
		return 1 << 30, true
	}
	return 0, false
}
