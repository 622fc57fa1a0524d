package tui

import (
	"github.com/charmbracelet/lipgloss"
)

// Styles holds every style the TUI draws with. It is built once, when the
// program starts, and shared by all screens: no screen creates a style in
// View. Colours are adaptive (light and dark terminals). Where the colour
// profile has no colours (NO_COLOR, a dumb terminal, the tests) lipgloss
// drops every attribute, reverse video and bold included: states such as
// PAUSED must stand out by their text alone (capitals and a glyph, "‖
// PAUSED", "TIME IS UP"; the wall frames them).
type Styles struct {
	HeaderTitle lipgloss.Style
	Clock       lipgloss.Style
	Paused      lipgloss.Style
	Running     lipgloss.Style
	TimeUp      lipgloss.Style

	Pane        lipgloss.Style // an unfocused pane: border and padding
	PaneFocused lipgloss.Style // the pane that receives keys
	PaneTitle   lipgloss.Style

	RowSelected lipgloss.Style
	New         lipgloss.Style // the marker of an inject not yet looked at
	Muted       lipgloss.Style
	Question    lipgloss.Style
	Facilitator lipgloss.Style

	Status  lipgloss.Style
	Error   lipgloss.Style
	Success lipgloss.Style
	Warning lipgloss.Style

	Modal      lipgloss.Style
	ModalTitle lipgloss.Style

	BarFull  lipgloss.Style
	BarEmpty lipgloss.Style
	Rating   lipgloss.Style
}

var (
	colorAccent  = lipgloss.AdaptiveColor{Light: "#1F5FAD", Dark: "#7AB8FF"}
	colorMuted   = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#9A9A9A"}
	colorBorder  = lipgloss.AdaptiveColor{Light: "#B0B0B0", Dark: "#4A4A4A"}
	colorFocus   = lipgloss.AdaptiveColor{Light: "#1F5FAD", Dark: "#7AB8FF"}
	colorWarn    = lipgloss.AdaptiveColor{Light: "#8A5A00", Dark: "#FFC857"}
	colorError   = lipgloss.AdaptiveColor{Light: "#B00020", Dark: "#FF6B6B"}
	colorOK      = lipgloss.AdaptiveColor{Light: "#1B7F3B", Dark: "#6BD68A"}
	colorNew     = lipgloss.AdaptiveColor{Light: "#B35C00", Dark: "#FFA94D"}
	colorSelBg   = lipgloss.AdaptiveColor{Light: "#DCE8F7", Dark: "#23395B"}
	colorPauseBg = lipgloss.AdaptiveColor{Light: "#B00020", Dark: "#FF6B6B"}
	colorPauseFg = lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#000000"}
)

// DefaultStyles returns the styles of the TUI, for the process's own
// terminal (lipgloss's default renderer).
func DefaultStyles() Styles { return StylesFor(lipgloss.DefaultRenderer()) }

// StylesFor returns the styles of the TUI drawn by r: a seat over SSH draws
// with its own connection's renderer (colour profile and background), never
// the process's.
func StylesFor(r *lipgloss.Renderer) Styles {
	if r == nil {
		r = lipgloss.DefaultRenderer()
	}
	var s Styles
	s.HeaderTitle = r.NewStyle().Bold(true).Foreground(colorAccent)
	s.Clock = r.NewStyle().Bold(true)
	s.Paused = r.NewStyle().Bold(true).Reverse(true).Foreground(colorPauseBg).Background(colorPauseFg)
	s.Running = r.NewStyle().Foreground(colorOK)
	s.TimeUp = r.NewStyle().Bold(true).Reverse(true).Foreground(colorWarn)

	border := lipgloss.RoundedBorder()
	s.Pane = r.NewStyle().Border(border).BorderForeground(colorBorder).Padding(0, 1)
	s.PaneFocused = s.Pane.BorderForeground(colorFocus)
	s.PaneTitle = r.NewStyle().Bold(true)

	s.RowSelected = r.NewStyle().Bold(true).Background(colorSelBg)
	s.New = r.NewStyle().Bold(true).Foreground(colorNew)
	s.Muted = r.NewStyle().Foreground(colorMuted)
	s.Question = r.NewStyle().Italic(true)
	s.Facilitator = r.NewStyle().Foreground(colorWarn)

	s.Status = r.NewStyle().Foreground(colorMuted)
	s.Error = r.NewStyle().Bold(true).Foreground(colorError)
	s.Success = r.NewStyle().Foreground(colorOK)
	s.Warning = r.NewStyle().Foreground(colorWarn)

	s.Modal = r.NewStyle().Border(lipgloss.DoubleBorder()).BorderForeground(colorFocus).Padding(0, 1)
	s.ModalTitle = r.NewStyle().Bold(true)

	s.BarFull = r.NewStyle().Foreground(colorAccent)
	s.BarEmpty = r.NewStyle().Foreground(colorBorder)
	s.Rating = r.NewStyle().Bold(true)
	return s
}
