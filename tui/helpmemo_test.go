package tui

import (
	"testing"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
)

// shortHelp keeps its last line only while that line would be the same:
// the same bindings' help, enabled or not, at the same widths.
func TestShortHelpMemo(t *testing.T) {
	c := &common{help: help.New(), width: 80}
	a := key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "first"))
	b := key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "second"))
	fresh := func(bs ...key.Binding) string { return truncate(c.help.ShortHelpView(bs), c.width) }
	check := func(what string, bs ...key.Binding) {
		t.Helper()
		if got, want := c.shortHelp(bs), fresh(bs...); got != want {
			t.Fatalf("%s: %q, want %q", what, got, want)
		}
	}
	check("first", a, b)
	check("again", a, b)
	b.SetHelp("b", "changed")
	check("a binding's help changed", a, b)
	b.SetEnabled(false)
	check("a binding disabled", a, b)
	b.SetEnabled(true)
	check("enabled again", a, b)
	check("other bindings", b)
	c.width = 12
	check("narrower", a, b)
	c.help.Width = 5
	check("help width", a, b)
}
