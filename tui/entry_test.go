package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

// TestEntryKey: the one-line text entry of the console and the seat: esc
// cancels, enter submits the trimmed text, both blur; other keys edit,
// and a paste longer than the entry holds is said to be cut.
func TestEntryKey(t *testing.T) {
	runes := func(s string, paste bool) tea.KeyMsg {
		return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: paste}
	}
	for _, tc := range []struct {
		name    string
		value   string
		msg     tea.KeyMsg
		out     entryOutcome
		text    string
		cut     bool
		focused bool
		after   string
	}{
		{"esc cancels", "half typed", tea.KeyMsg{Type: tea.KeyEsc}, entryCancelled, "", false, false, "half typed"},
		{"enter submits trimmed", "  legal  ", tea.KeyMsg{Type: tea.KeyEnter}, entrySubmitted, "legal", false, false, "  legal  "},
		{"enter on nothing", "   ", tea.KeyMsg{Type: tea.KeyEnter}, entrySubmitted, "", false, false, "   "},
		{"a key edits", "ab", runes("c", false), entryEditing, "", false, true, "abc"},
		{"a paste that fits", "ab", runes("cdef", true), entryEditing, "", false, true, "abcdef"},
		{"a paste too long is cut", "ab", runes(strings.Repeat("x", 9), true), entryEditing, "", true, true, "ab" + strings.Repeat("x", 8)},
		{"typing up to the limit is not a cut paste", "ab", runes(strings.Repeat("x", 9), false), entryEditing, "", false, true, "ab" + strings.Repeat("x", 8)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := textinput.New()
			in.CharLimit = 10
			in.SetValue(tc.value)
			in.Focus()
			cut := false
			out, text, _ := entryKey(&in, &cut, tc.msg)
			if out != tc.out || text != tc.text || cut != tc.cut || in.Focused() != tc.focused || in.Value() != tc.after {
				t.Fatalf("got outcome %d text %q cut %v focused %v value %q; want %d %q %v %v %q",
					out, text, cut, in.Focused(), in.Value(), tc.out, tc.text, tc.cut, tc.focused, tc.after)
			}
		})
	}
}
