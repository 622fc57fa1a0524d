package tui

import (
	"io"
	"log"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/ttx-sim/ttx/sim"
)

// common is the context every screen embeds: styles, keys, the terminal
// size and the debug log. It is created once by New and shared by pointer.
type common struct {
	styles  Styles
	keys    KeyMap
	help    help.Model
	log     *log.Logger
	mdStyle string // glamour standard style: "dark", "light" or "ascii"
	// mdProfile is the colour profile markdown is rendered for (mdLook).
	mdProfile termenv.Profile
	width     int
	height    int

	// ticker schedules clock ticks (tea.Tick); tests replace it to drive
	// the clock with messages of their own.
	ticker func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
	// watcher waits for the engine's next events (waitEvents); tests
	// replace it and send eventsMsg or tickMsg themselves.
	watcher func(<-chan sim.Event) tea.Cmd
	// blink lets text inputs blink their cursor (off in tests, where a
	// blink would be a message arriving at a random moment).
	blink bool
	// hints: coach mode nudges open expected actions near their deadline.
	hints bool
	// seats is how participants join (--listen), nil without seats.
	seats *SeatsInfo
	// evaluator is the name ratings and observations were last recorded
	// under in this program (evaluatorName); evaluatorRead: the journal
	// and the setting were read for it once.
	evaluator     string
	evaluatorRead bool
	// helpMemo is the last shortHelp line and what it was made for.
	helpMemo struct{ key, view string }
}

// newInput returns a text input; its cursor blinks unless blinking is off.
func (c *common) newInput() textinput.Model {
	ti := textinput.New()
	if !c.blink {
		ti.Cursor.SetMode(cursor.CursorStatic)
	}
	return ti
}

// entryOutcome is what a key did to a one-line text entry.
type entryOutcome int

const (
	entryEditing   entryOutcome = iota // the text changed, or the cursor moved
	entryCancelled                     // esc: nothing is kept
	entrySubmitted                     // enter: the text, trimmed (maybe empty)
)

// entryKey applies a key to a one-line text entry: esc cancels and enter
// submits its trimmed text (both take the focus away); any other key edits
// it, and a paste longer than the entry holds sets *cut, so that the screen
// can say the text was cut instead of cutting it silently.
func entryKey(in *textinput.Model, cut *bool, msg tea.KeyMsg) (entryOutcome, string, tea.Cmd) {
	switch msg.Type {
	case tea.KeyEsc:
		in.Blur()
		return entryCancelled, "", nil
	case tea.KeyEnter:
		in.Blur()
		return entrySubmitted, strings.TrimSpace(in.Value()), nil
	}
	if msg.Paste && len([]rune(in.Value()))+len(msg.Runes) > in.CharLimit {
		*cut = true
	}
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	return entryEditing, "", cmd
}

// focusOnly gives inputs[i] the focus and takes it from the others (a
// form's fields; i out of range blurs them all).
func (c *common) focusOnly(inputs []textinput.Model, i int) tea.Cmd {
	var cmd tea.Cmd
	for j := range inputs {
		if j == i {
			cmd = c.focusInput(&inputs[j])
		} else {
			inputs[j].Blur()
		}
	}
	return cmd
}

// focusInput gives a text input the focus.
func (c *common) focusInput(ti *textinput.Model) tea.Cmd {
	cmd := ti.Focus()
	if !c.blink {
		return nil
	}
	return cmd
}

func newCommon(o Options) *common {
	logger := o.Log
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	h := help.New()
	h.ShortSeparator = " · "
	mdStyle := "ascii"
	if lipgloss.ColorProfile() != termenv.Ascii {
		mdStyle = "light"
		if lipgloss.HasDarkBackground() {
			mdStyle = "dark"
		}
	}
	// Markdown in the colours the terminal can show; a style given by the
	// caller (the tests) keeps glamour's true colour.
	mdProfile := lipgloss.ColorProfile()
	if o.MarkdownStyle != "" {
		mdStyle, mdProfile = o.MarkdownStyle, termenv.TrueColor
	}
	return &common{
		styles:    DefaultStyles(),
		keys:      DefaultKeyMap(),
		help:      h,
		log:       logger,
		mdStyle:   mdStyle,
		mdProfile: mdProfile,
		ticker:    tea.Tick,
		watcher:   waitEvents,
		blink:     true,
		hints:     o.Hints,
		seats:     o.Seats,
	}
}

// shortHelp is the one-line help for bindings, never wider than the
// terminal (the help bubble may overflow by one item near the edge). The
// last line made is kept and given again while the bindings' help and the
// widths are the same: it is drawn on every frame of every screen, and
// fifty seats draw on one machine.
func (c *common) shortHelp(b []key.Binding) string {
	var k strings.Builder
	k.WriteString(strconv.Itoa(c.width) + " " + strconv.Itoa(c.help.Width) + "\x00")
	for _, kb := range b {
		if kb.Enabled() {
			h := kb.Help()
			k.WriteString(h.Key)
			k.WriteByte(0)
			k.WriteString(h.Desc)
			k.WriteByte(1)
		}
	}
	if c.helpMemo.key == k.String() && c.helpMemo.view != "" {
		return c.helpMemo.view
	}
	v := truncate(c.help.ShortHelpView(b), c.width)
	c.helpMemo.key, c.helpMemo.view = k.String(), v
	return v
}

// withFooter puts the footer lines at the bottom of the terminal, below
// content.
func (c *common) withFooter(content string, footer ...string) string {
	used := strings.Count(content, "\n") + 1 + len(footer)
	return content + strings.Repeat("\n", max(c.height-used, 0)) + "\n" + strings.Join(footer, "\n")
}

// truncate cuts s to at most width cells, with an ellipsis when cut.
func truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if lipgloss.Width(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// padRight pads s with spaces to exactly width cells (cutting it if longer).
func padRight(s string, width int) string {
	w := ansi.StringWidth(s)
	if w > width {
		s = ansi.Truncate(s, width, "…")
		w = ansi.StringWidth(s)
	}
	if w < width {
		s += strings.Repeat(" ", width-w)
	}
	return s
}

// clamp bounds v to [lo, hi].
func clamp(v, lo, hi int) int {
	if v > hi {
		v = hi
	}
	if v < lo {
		v = lo
	}
	return v
}
