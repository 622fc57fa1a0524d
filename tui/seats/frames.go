package seats

import (
	"slices"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// seatFrame is the shortest time between two renders of one seat.
const seatFrame = time.Second / 30

// frameLimiter draws a seat's model at most once a seatFrame: bubbletea
// asks for a model's View after every message, and with many seats every
// event reaches every seat (fifty decisions recorded at once are 2,500
// Views), on the facilitator's machine. A message that comes when no
// frame is pending is drawn at once, and so is every keypress (a keypress
// is acknowledged without delay); the other messages that follow within
// the frame are drawn together at its end. Every message still reaches the model at once and in order:
// only drawing is held.
type frameLimiter struct {
	inner   tea.Model
	frame   time.Duration
	view    string
	drawn   bool // view is the inner model's View for its state now
	pending bool // a frameMsg is on its way
	onInit  func()
}

type frameMsg struct{ l *frameLimiter }

func limitFrames(m tea.Model, frame time.Duration) *frameLimiter {
	return &frameLimiter{inner: m, frame: frame}
}

// Init calls onInit, if set: the program runs.
func (f *frameLimiter) Init() tea.Cmd {
	if f.onInit != nil {
		f.onInit()
	}
	return f.inner.Init()
}

func (f *frameLimiter) tick() tea.Cmd {
	f.pending = true
	return tea.Tick(f.frame, func(time.Time) tea.Msg { return frameMsg{f} })
}

func (f *frameLimiter) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(frameMsg); ok && m.l == f {
		f.pending = false
		if f.drawn {
			return f, nil // nothing came during the frame
		}
		f.draw()
		return f, f.tick()
	}
	if k, ok := msg.(tea.KeyMsg); ok && len(k.Runes) > 0 {
		// bubbletea hands every program the same slice for some keys (a
		// space is one package-wide []rune{' '}), and bubbles' text input
		// sanitises a key's runes in place: with many seats typing at
		// once in one process, each gets its own copy.
		k.Runes = slices.Clone(k.Runes)
		msg = k
	}
	m, cmd := f.inner.Update(msg)
	f.inner = m
	f.drawn = false
	if _, key := msg.(tea.KeyMsg); key && f.pending {
		// The participant's own keys are answered at once, frame or not
		// (a person types a few keys a second; the events of fifty seats
		// are what the frame holds back).
		f.draw()
		return f, cmd
	}
	if f.pending {
		return f, cmd // drawn at the frame's end
	}
	f.draw()
	return f, tea.Batch(cmd, f.tick())
}

func (f *frameLimiter) draw() {
	f.view = f.inner.View()
	f.drawn = true
}

func (f *frameLimiter) View() string {
	if f.view == "" && !f.drawn {
		f.draw() // the first frame, before any message
	}
	return f.view
}
