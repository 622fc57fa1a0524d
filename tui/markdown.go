package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/glamour"
	"github.com/ttx-sim/ttx/scenarios"
)

// Markdown is rendered by glamour in commands, never in View: rendering
// costs milliseconds. Results come back as markdownMsg and are cached by
// key and width; until then a screen shows the sanitised source.

type mdKey struct {
	id    string
	width int
}

type markdownMsg struct {
	key mdKey
	out string
}

// mdCache remembers rendered markdown. It is only touched from Update.
type mdCache map[mdKey]string

func (c mdCache) get(id string, width int) (string, bool) {
	s, ok := c[mdKey{id, width}]
	return s, ok
}

// renderMarkdownCmd renders md at width in the background.
func renderMarkdownCmd(style, id string, width int, md string) tea.Cmd {
	return func() tea.Msg {
		return markdownMsg{key: mdKey{id, width}, out: renderMarkdown(style, md, width)}
	}
}

// renderMarkdown renders untrusted markdown for the terminal. The input is
// sanitised first, so glamour never sees an escape sequence from a file;
// if glamour fails the sanitised text is shown as is.
func renderMarkdown(style, md string, width int) string {
	md = scenarios.Sanitize(md)
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(max(width, 10)))
	if err != nil {
		return md
	}
	out, err := r.Render(md)
	if err != nil {
		return md
	}
	return strings.Trim(out, "\n")
}
