// Package mdlimit bounds the markdown of scenario files before it is
// rendered (glamour in the console, goldmark in HTML reports). Both
// renderers are fast on ordinary text but some shapes cost them far more
// than their size: deep block quote or list nesting grows glamour's work
// exponentially with depth, and long runs of brackets are quadratic. Limit
// flattens and escapes those shapes, so that the work of a render is bounded
// by the input's size, and says what it changed (for `ttx validate`).
package mdlimit

import (
	"fmt"
	"strings"
)

// The limits. Ordinary scenario text stays far within them.
const (
	// MaxBytes is the longest markdown rendered as markdown; a longer text
	// is shown as plain text.
	MaxBytes = 64 << 10
	// MaxDepth is the deepest nesting of block quotes and list items kept
	// on one line; deeper markers are dropped (the text stays).
	MaxDepth = 8
	// MaxIndent is the widest indentation kept (columns, a tab counting as
	// four): deeper indented lines are moved left to it.
	MaxIndent = 16
	// MaxBrackets is the most square brackets a text may hold and still
	// make links; beyond it every bracket is escaped and shown as written.
	MaxBrackets = 512
	// MaxWord is the longest run of text without a space kept whole (bytes):
	// wrapping a long word costs the renderer time quadratic in its length,
	// so a longer one is broken with a space every MaxWord bytes.
	MaxWord = 512
)

// Result is what Limit made of a text.
type Result struct {
	Text  string // the markdown to render ("" when Plain)
	Plain bool   // too long to render as markdown: show the text as plain text
	// Cuts says what was changed, one phrase each ("block quotes and lists
	// nested 300 deep flattened to 8"); empty when the text is unchanged.
	Cuts []string
}

// Limit bounds md for rendering.
func Limit(md string) Result {
	if len(md) > MaxBytes {
		return Result{Plain: true, Cuts: []string{fmt.Sprintf("%d bytes of markdown, more than %d KiB, shown as plain text", len(md), MaxBytes>>10)}}
	}
	var r Result
	lines := strings.Split(md, "\n")
	deepest, widest := 0, 0
	for i, line := range lines {
		line, w := limitIndent(line)
		widest = max(widest, w)
		line, d := limitDepth(line)
		deepest = max(deepest, d)
		lines[i] = line
	}
	if deepest > MaxDepth {
		r.Cuts = append(r.Cuts, fmt.Sprintf("block quotes and lists nested %d deep flattened to %d", deepest, MaxDepth))
	}
	if widest > MaxIndent {
		r.Cuts = append(r.Cuts, fmt.Sprintf("lines indented %d columns moved left to %d", widest, MaxIndent))
	}
	out := strings.Join(lines, "\n")
	if n := strings.Count(out, "[") + strings.Count(out, "]"); n > MaxBrackets {
		out = escapeBrackets(out)
		r.Cuts = append(r.Cuts, fmt.Sprintf("%d square brackets (more than %d) shown as written, without links", n, MaxBrackets))
	}
	if w := longestWord(out); w > MaxWord {
		out = breakWords(out)
		r.Cuts = append(r.Cuts, fmt.Sprintf("a %d-byte word without spaces broken every %d bytes", w, MaxWord))
	}
	r.Text = out
	return r
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' }

func longestWord(s string) int {
	longest, n := 0, 0
	for i := 0; i < len(s); i++ {
		if isSpace(s[i]) {
			n = 0
			continue
		}
		n++
		longest = max(longest, n)
	}
	return longest
}

// BreakWords puts a space into every word after MaxWord bytes, at a rune
// boundary (in valid UTF-8), for text shown plainly (wrapping it stays
// cheap).
func BreakWords(s string) string {
	if longestWord(s) <= MaxWord {
		return s
	}
	return breakWords(s)
}

func breakWords(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/MaxWord + 1)
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isSpace(c) {
			n = 0
		} else if n >= MaxWord && (c&0xC0 != 0x80 || n >= MaxWord+3) {
			// At a rune's start; a rune is at most 4 bytes, so a run of
			// stray continuation bytes (invalid UTF-8) is broken too.
			b.WriteByte(' ')
			n = 0
		}
		if !isSpace(c) {
			n++
		}
		b.WriteByte(c)
	}
	return b.String()
}

// limitIndent moves a line indented more than MaxIndent columns left to it,
// returning the line's indentation.
func limitIndent(line string) (string, int) {
	col, i := 0, 0
	for ; i < len(line) && (line[i] == ' ' || line[i] == '\t'); i++ {
		if line[i] == '\t' {
			col += 4 - col%4
		} else {
			col++
		}
	}
	if col <= MaxIndent {
		return line, col
	}
	return strings.Repeat(" ", MaxIndent) + line[i:], col
}

// limitDepth drops the block quote and list markers of a line beyond
// MaxDepth, returning how many it had.
func limitDepth(line string) (string, int) {
	depth, keep := 0, -1
	i := 0
	for {
		j := i
		for k := 0; k < 3 && j < len(line) && line[j] == ' '; k++ {
			j++
		}
		n := marker(line[j:])
		if n == 0 {
			break
		}
		depth++
		i = j + n
		if depth == MaxDepth {
			keep = i
		}
	}
	if depth <= MaxDepth {
		return line, depth
	}
	return line[:keep] + strings.TrimLeft(line[i:], " \t"), depth
}

// marker returns the length of the block quote or list marker s starts
// with (and the space after it), or 0.
func marker(s string) int {
	if s == "" {
		return 0
	}
	switch s[0] {
	case '>':
		if len(s) > 1 && s[1] == ' ' {
			return 2
		}
		return 1
	case '-', '*', '+':
		if len(s) == 1 {
			return 1
		}
		if s[1] == ' ' || s[1] == '\t' {
			return 2
		}
		return 0
	}
	d := 0
	for d < len(s) && d < 9 && s[d] >= '0' && s[d] <= '9' {
		d++
	}
	if d > 0 && d < len(s) && (s[d] == '.' || s[d] == ')') {
		if d+1 == len(s) {
			return d + 1
		}
		if s[d+1] == ' ' || s[d+1] == '\t' {
			return d + 2
		}
	}
	return 0
}

// escapeBrackets puts a backslash before every square bracket not already
// escaped.
func escapeBrackets(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	escaped := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c == '[' || c == ']') && !escaped {
			b.WriteByte('\\')
		}
		escaped = c == '\\' && !escaped
		b.WriteByte(c)
	}
	return b.String()
}
