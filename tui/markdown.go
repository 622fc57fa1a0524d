package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/glamour"
	"github.com/ttx-sim/ttx/scenarios"
)

// Markdown is rendered by glamour in commands, never in View: rendering
// costs milliseconds. Results come back as markdownMsg and are cached for
// the width shown; until then a screen shows the sanitised source.

type mdKey struct {
	id    string
	width int
}

type markdownMsg struct {
	key mdKey
	out string
}

// mdCache remembers rendered markdown for one width, the one shown: a
// resize drops the renders for the old width, so that dragging a window
// edge through many widths does not keep a render for each. It is only
// touched from Update.
type mdCache struct {
	width int
	out   map[string]string // by id
}

// setWidth makes width the one cached, dropping renders for another.
func (c *mdCache) setWidth(width int) {
	if width != c.width {
		c.width = width
		clear(c.out)
	}
}

func (c *mdCache) get(id string, width int) (string, bool) {
	if width != c.width {
		return "", false
	}
	s, ok := c.out[id]
	return s, ok
}

// put keeps a render if it is for the width shown, and says whether it did
// (a render for an older width may arrive after a resize).
func (c *mdCache) put(k mdKey, out string) bool {
	if k.width != c.width {
		return false
	}
	if c.out == nil {
		c.out = map[string]string{}
	}
	c.out[k.id] = out
	return true
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
