package seats

import (
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// counting is a model that counts its messages and its Views.
type counting struct{ msgs, views int }

func (c *counting) Init() tea.Cmd { return nil }
func (c *counting) Update(tea.Msg) (tea.Model, tea.Cmd) {
	c.msgs++
	return c, nil
}
func (c *counting) View() string {
	c.views++
	return fmt.Sprintf("after %d", c.msgs)
}

type someMsg struct{}

func TestFrameLimiterDrawsABurstOnce(t *testing.T) {
	inner := &counting{}
	f := limitFrames(inner, seatFrame)
	if v := f.View(); v != "after 0" {
		t.Fatalf("first frame %q", v)
	}
	// The first message is drawn at once.
	_, cmd := f.Update(someMsg{})
	if cmd == nil || f.View() != "after 1" || inner.views != 2 {
		t.Fatalf("first message: view %q, %d views, cmd %v", f.View(), inner.views, cmd)
	}
	// The burst after it reaches the model, and is drawn at the frame's end.
	for range 99 {
		f.Update(someMsg{})
	}
	if inner.msgs != 100 || inner.views != 2 || f.View() != "after 1" {
		t.Fatalf("during the frame: %d messages, %d views, view %q", inner.msgs, inner.views, f.View())
	}
	_, cmd = f.Update(frameMsg{f})
	if f.View() != "after 100" || inner.views != 3 || cmd == nil {
		t.Fatalf("at the frame's end: view %q, %d views, cmd %v", f.View(), inner.views, cmd)
	}
	// A frame with nothing new draws nothing and schedules nothing.
	_, cmd = f.Update(frameMsg{f})
	if inner.views != 3 || cmd != nil {
		t.Fatalf("an idle frame: %d views, cmd %v", inner.views, cmd)
	}
	// Then the next message is drawn at once again.
	f.Update(someMsg{})
	if f.View() != "after 101" || inner.views != 4 {
		t.Fatalf("after an idle frame: view %q, %d views", f.View(), inner.views)
	}
	// A keypress during a frame is drawn at once.
	f.Update(someMsg{})
	views := inner.views
	f.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x")})
	if inner.views != views+1 || f.View() != fmt.Sprintf("after %d", inner.msgs) {
		t.Fatalf("a keypress in a frame: %d views (was %d), view %q", inner.views, views, f.View())
	}
	// Another limiter's frame is a message like any other.
	other := limitFrames(&counting{}, seatFrame)
	f.Update(frameMsg{other})
	if inner.msgs != 104 {
		t.Fatalf("another limiter's frame did not reach the model: %d", inner.msgs)
	}
}

// mutating overwrites a key's runes, as bubbles' text input sanitising
// them in place does.
type mutating struct{ counting }

func (m *mutating) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && len(k.Runes) > 0 {
		k.Runes[0] = 'x'
	}
	return m, nil
}

// TestFrameLimiterCopiesKeyRunes: a seat gets its own copy of a key's
// runes (bubbletea shares one slice for a space among all programs).
func TestFrameLimiterCopiesKeyRunes(t *testing.T) {
	shared := []rune{' '}
	f := limitFrames(&mutating{}, seatFrame)
	f.Update(tea.KeyMsg{Type: tea.KeySpace, Runes: shared})
	if shared[0] != ' ' {
		t.Fatalf("the seat wrote into the shared runes: %q", string(shared))
	}
}
