package tui

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scenarios/mdlimit"
)

// Markdown is rendered by glamour in commands, never in View: rendering
// costs milliseconds. Results come back as markdownMsg and are cached for
// the width shown; until then a screen shows the sanitised source.

// mdLook is how a screen's markdown is drawn: a glamour standard style
// ("dark", "light", "ascii") and the colour profile of the terminal it is
// drawn on. Glamour renders for true colour unless told the profile: a
// seat on a 16-colour terminal would get 256-colour codes, one without
// colours (NO_COLOR, TERM=dumb) escape codes it cannot show. The zero
// profile is true colour.
type mdLook struct {
	style   string
	profile termenv.Profile
}

// mdLook is the look of the markdown this context draws.
func (c *common) mdLook() mdLook { return mdLook{style: c.mdStyle, profile: c.mdProfile} }

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
func renderMarkdownCmd(look mdLook, id string, width int, md string) tea.Cmd {
	return func() tea.Msg {
		return markdownMsg{key: mdKey{id, width}, out: renderMarkdown(look, md, width)}
	}
}

// renderBudget is how long a render may take before the sanitised plain
// text is shown instead. After mdlimit.Limit a render of the largest text it
// lets through takes well under a second; the budget is the backstop.
const renderBudget = 2 * time.Second

// renderSlots bounds the glamour renders running at once: a render past its
// budget keeps its goroutine until it ends (glamour cannot be cancelled), so
// without a bound renders could pile up. A render that finds no free slot
// within the budget falls back to plain text too.
var renderSlots = make(chan struct{}, 2)

// renderMarkdown renders untrusted markdown for the terminal, within a
// budget: the input is sanitised (so glamour never sees an escape sequence
// from a file), bounded by mdlimit (nesting, size, brackets, long words),
// and rendered in at most renderBudget; a text too large for markdown, a
// render that fails or runs out of time shows as plain text (plainText).
// The seats screens use it too.
func renderMarkdown(look mdLook, md string, width int) string {
	return renderWithin(look, md, width, renderBudget)
}

func renderWithin(look mdLook, md string, width int, budget time.Duration) string {
	lim := mdlimit.Limit(scenarios.Sanitize(md))
	if lim.Plain {
		return plainText(md)
	}
	deadline := time.NewTimer(budget)
	defer deadline.Stop()
	select {
	case renderSlots <- struct{}{}:
	case <-deadline.C:
		return plainText(md)
	}
	done := make(chan string, 1)
	go func() {
		defer func() { <-renderSlots }()
		done <- glamourRender(look, lim.Text, width)
	}()
	select {
	case out := <-done:
		if out == "" && lim.Text != "" {
			return plainText(md)
		}
		return out
	case <-deadline.C:
		return plainText(md)
	}
}

// glamourRender renders bounded, sanitised markdown; "" if glamour fails.
// Glamour lays it out without wrapping; wrapRendered wraps it, never inside
// a word (mdwrap.go). Its colours are those look.profile can show.
func glamourRender(look mdLook, md string, width int) string {
	width = max(width, 10)
	if look.profile == termenv.Ascii {
		// Glamour's other styles write bold and italics even then.
		look.style = "ascii"
	}
	opts := []glamour.TermRendererOption{glamour.WithStandardStyle(look.style), glamour.WithWordWrap(0),
		glamour.WithInlineTableLinks(true), glamour.WithColorProfile(look.profile)}
	if look.profile == termenv.ANSI {
		// Code blocks are highlighted by chroma, in 256 colours unless told.
		opts = append(opts, glamour.WithChromaFormatter("terminal16"))
	}
	r, err := glamour.NewTermRenderer(opts...)
	if err != nil {
		return ""
	}
	// The document's margins: two cells on either side.
	out, err := r.Render(prepareMarkdown(md, width-2))
	if err != nil {
		return ""
	}
	return trimBlankLines(wrapRendered(dropMailto(strings.Trim(out, "\n")), width-2))
}

// trimBlankLines drops the blank lines (the margin's spaces, escape codes)
// at the start and the end of a render.
func trimBlankLines(s string) string {
	lines := strings.Split(s, "\n")
	blank := func(ln string) bool { return strings.TrimSpace(ansi.Strip(ln)) == "" }
	for len(lines) > 1 && blank(lines[0]) {
		lines = lines[1:]
	}
	for len(lines) > 1 && blank(lines[len(lines)-1]) {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// plainMax is the most of a text shown plain (bytes): wrapping it on the UI
// loop stays within a few milliseconds.
const plainMax = 16 << 10

// plainText is markdown shown as it is written: sanitised, with words
// longer than mdlimit.MaxWord broken so that wrapping it stays cheap, and
// cut after plainMax with a line saying how much is not shown (the file and
// the reports keep it whole). It is what a screen shows until a render
// arrives, and when one cannot be had.
func plainText(md string) string {
	s := scenarios.Sanitize(md)
	more := ""
	if len(s) > plainMax {
		cut := plainMax
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		more = fmt.Sprintf("\n\n[… %d more bytes not shown here: the text is longer than %d KiB]", len(s)-cut, plainMax>>10)
		s = s[:cut]
	}
	return mdlimit.BreakWords(s) + more
}
