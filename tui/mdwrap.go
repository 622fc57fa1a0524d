package tui

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// Inject bodies are evidence: an address, a hash or a domain must read
// exactly as written. Glamour wraps at ".", "-", "," and "+" (so
// "brenner-metall.co" could become "brenner-" / "metall.co"), drops the
// quote bar of a wrapped quote line, and moves the links of a table cell
// into "[1]" footnotes under the table. So the console has glamour lay out
// the markdown without wrapping it (WordWrap 0), with table links inline,
// and wraps the result itself (wrapRendered): at spaces only, each
// continuation under its own indentation, quote bars and list indent kept.
// A word longer than the whole line is the only thing ever broken.
//
// For that the source is prepared first (prepareMarkdown): the lines of a
// paragraph are joined (glamour without wrapping keeps the source's line
// breaks), bare e-mail addresses are kept as text (as links glamour would
// print them twice, the second time as "mailto:…"; the "@" is written as
// an entity, which glamour prints as "@"), and a table too wide
// for the pane becomes a list, one item per row, so that no cell is
// squeezed into breaking its words.

// mdParser parses markdown the way glamour does (GFM), but without
// linkify: bare addresses stay text, where prepareMarkdown can find them.
var mdParser = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList))

// emailRe is a bare e-mail address.
var emailRe = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+`)

type mdEdit struct {
	start, stop int
	repl        string
}

// prepareMarkdown rewrites sanitised, bounded markdown for a render
// without wrapping, at most width cells wide (see above).
func prepareMarkdown(md string, width int) string {
	src := []byte(md)
	doc := mdParser.Parser().Parse(text.NewReader(src))
	var edits []mdEdit
	var tables [][2]int // source ranges replaced whole
	_ = gast.Walk(doc, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		if !entering {
			return gast.WalkContinue, nil
		}
		switch n.Kind() {
		case east.KindTable:
			if e, ok := tableAsList(n, src, width); ok {
				edits = append(edits, e)
				tables = append(tables, [2]int{e.start, e.stop})
				return gast.WalkSkipChildren, nil
			}
		case gast.KindParagraph, gast.KindTextBlock, gast.KindHeading:
			edits = append(edits, joinLines(n.Lines(), src)...)
		case gast.KindText:
			if n.Parent() != nil && n.Parent().Kind() == gast.KindCodeSpan {
				return gast.WalkContinue, nil
			}
			seg := n.(*gast.Text).Segment
			for _, m := range emailRe.FindAllIndex(src[seg.Start:seg.Stop], -1) {
				at := seg.Start + m[0] + strings.IndexByte(string(src[seg.Start+m[0]:seg.Start+m[1]]), '@')
				edits = append(edits, mdEdit{at, at + 1, "&#64;"})
			}
		case gast.KindCodeSpan, gast.KindCodeBlock, gast.KindFencedCodeBlock, gast.KindHTMLBlock, gast.KindRawHTML:
			if n.Kind() == gast.KindCodeSpan {
				return gast.WalkContinue, nil // its text is skipped above
			}
			return gast.WalkSkipChildren, nil
		}
		return gast.WalkContinue, nil
	})
	if len(edits) == 0 {
		return md
	}
	edits = slices.DeleteFunc(edits, func(e mdEdit) bool {
		for _, r := range tables {
			if e.start >= r[0] && e.stop <= r[1] && (e.start != r[0] || e.stop != r[1]) {
				return true
			}
		}
		return false
	})
	slices.SortStableFunc(edits, func(a, b mdEdit) int { return a.start - b.start })
	var b strings.Builder
	b.Grow(len(md) + len(edits))
	pos := 0
	for _, e := range edits {
		if e.start < pos { // overlapping: keep the first
			continue
		}
		b.Write(src[pos:e.start])
		b.WriteString(e.repl)
		pos = e.stop
	}
	b.Write(src[pos:])
	return b.String()
}

// joinLines puts the lines of a paragraph on one line, except at a hard
// line break (two spaces or a backslash at the end of a line).
func joinLines(lines *text.Segments, src []byte) []mdEdit {
	var out []mdEdit
	for i := 0; i+1 < lines.Len(); i++ {
		cur, next := lines.At(i), lines.At(i+1)
		end := cur.Stop
		for end > cur.Start && (src[end-1] == '\n' || src[end-1] == '\r') {
			end--
		}
		line := src[cur.Start:end]
		if len(line) == 0 || strings.HasSuffix(string(line), "  ") || strings.HasSuffix(string(line), `\`) {
			continue
		}
		// Trailing blanks go too: one space joins the lines.
		for end > cur.Start && (src[end-1] == ' ' || src[end-1] == '\t') {
			end--
		}
		if next.Start < end {
			continue
		}
		out = append(out, mdEdit{end, next.Start, " "})
	}
	return out
}

// tableAsList is the edit that replaces a top-level table wider than width
// by a list with an item per row; ok is false for a table that fits (or one
// inside a quote or a list, left as it is).
func tableAsList(n gast.Node, src []byte, width int) (mdEdit, bool) {
	if n.Parent() == nil || n.Parent().Kind() != gast.KindDocument {
		return mdEdit{}, false
	}
	var rows [][]string
	var cols []int // widest cell per column
	first, last := -1, -1
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		var row []string
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			cell := ""
			if c.Lines().Len() > 0 {
				seg := c.Lines().At(0)
				cell = string(src[seg.Start:seg.Stop])
				if first < 0 {
					first = seg.Start
				}
				last = seg.Stop
			}
			cell = strings.TrimSpace(cell)
			i := len(row)
			if i >= len(cols) {
				cols = append(cols, 0)
			}
			cols[i] = max(cols[i], ansi.StringWidth(cell))
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	if first < 0 || len(rows) < 2 {
		return mdEdit{}, false
	}
	// What glamour draws: the document's margin, then per column a space,
	// the cell and a space, with a bar between columns.
	natural := 2 + len(cols) - 1
	for _, w := range cols {
		natural += w + 2
	}
	if natural <= width {
		return mdEdit{}, false
	}
	start := strings.LastIndexByte(string(src[:first]), '\n') + 1
	stop := len(src)
	if i := strings.IndexByte(string(src[last:]), '\n'); i >= 0 {
		stop = last + i
	}
	header, body := rows[0], rows[1:]
	var b strings.Builder
	b.WriteString("\n")
	for _, row := range body {
		var parts []string
		for i, cell := range row {
			if cell == "" {
				continue
			}
			switch {
			case i == 0:
				parts = append(parts, "**"+cell+"**")
			case len(header) == 2 || i >= len(header) || header[i] == "":
				parts = append(parts, cell)
			default:
				parts = append(parts, header[i]+": "+cell)
			}
		}
		sep := " · "
		if len(header) == 2 {
			sep = ": "
		}
		b.WriteString("- " + emailRe.ReplaceAllStringFunc(strings.Join(parts, sep), escapeAt) + "\n")
	}
	b.WriteString("\n")
	return mdEdit{start, stop, b.String()}, true
}

// escapeAt writes an address's "@" as an entity: linkify does not see an
// address, glamour prints an "@".
func escapeAt(addr string) string { return strings.Replace(addr, "@", "&#64;", 1) }

// mailtoRe is the "mailto:" glamour prints after an address it linked.
var mailtoRe = regexp.MustCompile(` ?((?:\x1b\[[0-9;]*m)*) ?mailto:[^\s\x1b]+`)

// dropMailto removes the " mailto:addr" glamour prints after addr.
func dropMailto(s string) string {
	if !strings.Contains(s, "mailto:") {
		return s
	}
	return mailtoRe.ReplaceAllStringFunc(s, func(m string) string {
		// Keep the escape codes, drop the text.
		sub := mailtoRe.FindStringSubmatch(m)
		return sub[1]
	})
}

// wrapRendered wraps glamour's unwrapped output to width cells (see the top
// of this file).
func wrapRendered(s string, width int) string {
	width = max(width, 8)
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	for _, ln := range lines {
		ln = strings.TrimRight(ln, " ")
		if ansi.StringWidth(ln) <= width {
			out = append(out, ln)
			continue
		}
		out = append(out, wrapAtSpaces(ln, width)...)
	}
	return strings.Join(out, "\n")
}

// listMarker is a list item's marker as glamour draws it.
var listMarker = regexp.MustCompile(`^(?:•|\d+\.|\[[ x✓]\]) `)

// linePrefix is how many cells of a plain line are indentation, quote bars
// or a list marker, and what a continuation line starts with instead.
func linePrefix(plain string) (int, string) {
	i := 0
	var cont strings.Builder
	for {
		switch {
		case strings.HasPrefix(plain[i:], " "):
			cont.WriteByte(' ')
			i++
			continue
		case strings.HasPrefix(plain[i:], "│"):
			cont.WriteString("│")
			i += len("│")
			continue
		case strings.HasPrefix(plain[i:], "| "):
			cont.WriteString("|")
			i++
			continue
		}
		break
	}
	if m := listMarker.FindString(plain[i:]); m != "" {
		cont.WriteString(strings.Repeat(" ", ansi.StringWidth(m)))
		i += len(m)
	} else if i >= 4 && strings.TrimLeft(cont.String(), " ") == "" {
		// A code block's line (or a deeper paragraph): its continuation
		// is indented further, as a folded mail header is.
		cont.WriteString("  ")
	}
	return ansi.StringWidth(plain[:i]), cont.String()
}

// shallow is a continuation prefix cut to its quote bars and the
// document's margin: what is left for a word too long for the full indent.
func shallow(cont string) string {
	if i := strings.LastIndexAny(cont, "│|"); i >= 0 {
		_, size := utf8.DecodeRuneInString(cont[i:])
		return cont[:i+size] + " "
	}
	return cont[:min(len(cont), 2)]
}

// wrapAtSpaces wraps one line that is wider than width at its spaces.
func wrapAtSpaces(ln string, width int) []string {
	pw, cont := linePrefix(ansi.Strip(ln))
	if pw > width-8 {
		pw, cont = 0, ""
	}
	// A deep indent leaves the continuation lines half the width.
	if ansi.StringWidth(cont) > width/2 {
		cont = ansi.Truncate(cont, width/2, "")
	}
	return fillLines(ansi.Cut(ln, 0, pw), cont, ansi.TruncateLeft(ln, pw, ""), width)
}

// fillLines fills lines of width cells with the words of rest, the first
// line after first, the others after cont; a word is broken only when it
// is longer than a whole line.
func fillLines(first, cont, rest string, width int) []string {
	avail := width - ansi.StringWidth(first)
	var out []string
	var cur strings.Builder
	curW := 0
	flush := func() {
		prefix := cont
		if len(out) == 0 {
			prefix = first
		}
		out = append(out, prefix+cur.String())
		cur.Reset()
		curW = 0
		avail = width - ansi.StringWidth(cont)
	}
	for _, word := range strings.Split(rest, " ") {
		w := ansi.StringWidth(word)
		if curW > 0 && curW+1+w <= avail {
			cur.WriteByte(' ')
			cur.WriteString(word)
			curW += 1 + w
			continue
		}
		if curW > 0 || (w == 0 && cur.Len() > 0) {
			flush()
		}
		if w <= avail {
			cur.WriteString(word)
			curW = w
			continue
		}
		if short := shallow(cont); len(out) > 0 && w <= width-ansi.StringWidth(short) {
			// Too long under a deep indent: a line of its own, indented
			// less, rather than broken.
			out[len(out)-1] = strings.TrimRight(out[len(out)-1], " ")
			out = append(out, short+word)
			continue
		}
		// Longer than a whole line: the one case a word is broken.
		for avail > 0 && ansi.StringWidth(word) > avail {
			cur.WriteString(ansi.Cut(word, 0, avail))
			word = ansi.TruncateLeft(word, avail, "")
			flush()
		}
		cur.WriteString(word)
		curW = ansi.StringWidth(word)
	}
	if cur.Len() > 0 || len(out) == 0 {
		flush()
	}
	return out
}
