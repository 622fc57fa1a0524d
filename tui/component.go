package tui

import tea "github.com/charmbracelet/bubbletea"

// component is the contract of the parts screens are composed of (the
// clock header, the feed, the inject pane, the palette, the decision log,
// the facilitator panel), after soft-serve's pkg/ui/common: each embeds the
// shared *common (styles, keys, debug log), is told its size once per
// window size with SetSize, takes the messages meant for it in Update and
// draws itself in View, which only joins strings. A pane component's size
// is the size inside its frame: the screen that composes it draws the
// frame and the focus marker.
//
// The header, feed, inject pane and decision log are shared with the
// participant seat: they never show facilitator-only content (the inject
// pane has no facilitator notes; the header's private marker and score are
// set by the console only; the log shows only the events its owner gives
// it). The facilitator panel is the console's alone.
type component interface {
	SetSize(width, height int)
	Update(msg tea.Msg) tea.Cmd
	View() string
}

var (
	_ component = (*clockHeader)(nil)
	_ component = (*feedPane)(nil)
	_ component = (*injectPane)(nil)
	_ component = (*palettePane)(nil)
	_ component = (*decisionLog)(nil)
	_ component = (*facilitatorPanel)(nil)
)
