package tui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scenarios/mdlimit"
)

// indicatorRe finds the words of a text that hold an indicator: letters or
// digits joined by dots, dashes, @, colons or slashes (a domain, an
// address, a URL, an IP address, a path, a file name, a hash with dashes,
// a defanged domain such as cdn-updates[.]info).
var indicatorRe = regexp.MustCompile(`[A-Za-z0-9]+(?:[.\-@:/%=+\[\]]+[A-Za-z0-9]+)+`)

// renderedLines is a render as plain lines: glamour's, without the time
// budget (on a busy machine a render past it would fall back to the plain
// text and the test would check that instead).
func renderedLines(style, md string, width int) []string {
	lim := mdlimit.Limit(scenarios.Sanitize(md))
	return strings.Split(ansi.Strip(glamourRender(mdLook{style: style}, lim.Text, width)), "\n")
}

// TestInjectBodiesKeepIndicatorsWhole renders every inject body and
// facilitator note of the library at the inject pane's widths (80×24 to
// 200×60) in both styles: no line is wider than the pane, and every
// indicator that fits on a line is on one line, whole, as written.
func TestInjectBodiesKeepIndicatorsWhole(t *testing.T) {
	lib, err := scenarios.Library()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, s := range lib {
		for _, in := range s.Injects {
			for _, md := range []string{in.Body, in.FacilitatorNotes} {
				if md == "" {
					continue
				}
				for _, width := range []int{34, 46, 58, 71, 78} {
					for _, style := range []string{"ascii", "dark"} {
						lines := renderedLines(style, md, width)
						for _, ln := range lines {
							if w := ansi.StringWidth(ln); w > width {
								t.Errorf("%s/%s at %d (%s): a line of %d cells: %q", s.ID, in.ID, width, style, w, ln)
							}
						}
						src := scenarios.Sanitize(md)
						for _, m := range indicatorRe.FindAllStringIndex(src, -1) {
							tok := src[m[0]:m[1]]
							// The word it is in, which is what must fit.
							start := strings.LastIndexAny(src[:m[0]], " \n") + 1
							stop := len(src)
							if i := strings.IndexAny(src[m[1]:], " \n"); i >= 0 {
								stop = m[1] + i
							}
							if ansi.StringWidth(src[start:stop]) > width-8 {
								continue
							}
							checked++
							found := false
							for _, ln := range lines {
								if strings.Contains(ln, tok) {
									found = true
									break
								}
							}
							if !found {
								t.Errorf("%s/%s at %d (%s): %q is not whole on any line:\n%s", s.ID, in.ID, width, style, tok, strings.Join(lines, "\n"))
							}
						}
					}
				}
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d indicators checked: the test would prove little", checked)
	}
}

// TestTableLinksStayInTheirCell is the BEC payment table: the look-alike
// address stays in its row, beside "(not .de)", at every width, and no
// "[1]" footnote appears under the table.
func TestTableLinksStayInTheirCell(t *testing.T) {
	s, ok := scenarios.Builtin("bec-wire-fraud")
	if !ok {
		t.Fatal("no bec-wire-fraud")
	}
	in, ok := s.Inject("payment-record")
	if !ok {
		t.Fatal("no payment-record inject")
	}
	footnote := regexp.MustCompile(`^\s*\[\d+\]:`)
	for _, width := range []int{46, 58, 78, 120} {
		for _, style := range []string{"ascii", "dark"} {
			lines := renderedLines(style, in.Body, width)
			row := -1
			for i, ln := range lines {
				if footnote.MatchString(ln) {
					t.Errorf("at %d (%s): a footnote: %q", width, style, ln)
				}
				if strings.Contains(ln, "change requested") {
					row = i
				}
			}
			if row < 0 {
				t.Fatalf("at %d (%s): no row 'change requested by':\n%s", width, style, strings.Join(lines, "\n"))
			}
			// The row, and its continuation lines up to the next row.
			cell := strings.Join(strings.Fields(strings.Join(lines[row:min(row+3, len(lines))], " ")), " ")
			if !strings.Contains(cell, "accounts@brenner-metall.co (not .de)") {
				t.Errorf("at %d (%s): the address left its row:\n%s", width, style, strings.Join(lines, "\n"))
			}
			if n := strings.Count(strings.Join(lines, "\n"), "mailto:"); n > 0 {
				t.Errorf("at %d (%s): %d mailto: links printed", width, style, n)
			}
		}
	}
}

// TestWrappedQuoteKeepsItsBar: every line of a wrapped block quote starts
// with the quote bar, however narrow the pane.
func TestWrappedQuoteKeepsItsBar(t *testing.T) {
	md := "Before.\n\n> I processed the Brenner payment because the CFO approved it by email,\n> like always. People are saying I will be fired. Also: I clicked that\n> DocuSign link too, from ilse.brandt.brenner@outlook.com.\n\nAfter."
	for _, style := range []string{"ascii", "dark"} {
		bar := "│"
		if style == "ascii" {
			bar = "|"
		}
		for width := 20; width <= 90; width++ {
			lines := renderedLines(style, md, width)
			for _, ln := range lines {
				trimmed := strings.TrimSpace(ln)
				switch {
				case trimmed == "", strings.HasPrefix(trimmed, "Before"), strings.HasPrefix(trimmed, "After"):
				case !strings.HasPrefix(trimmed, bar):
					t.Fatalf("%s at %d: a quote line without its bar: %q\n%s", style, width, ln, strings.Join(lines, "\n"))
				}
			}
			if !strings.Contains(strings.Join(lines, "\n"), "ilse.brandt.brenner@outlook.com") && width >= 40 {
				t.Errorf("%s at %d: the address was broken:\n%s", style, width, strings.Join(lines, "\n"))
			}
		}
	}
}

// TestAddressesArePrintedOnce: glamour prints a linked address twice (the
// second time as mailto:); the console prints it once.
func TestAddressesArePrintedOnce(t *testing.T) {
	for _, md := range []string{
		"Reply to accounts@brenner-metall.co today.",
		"Reply to <accounts@brenner-metall.co> today.",
		"- item: accounts@brenner-metall.co",
		"| a | b |\n|---|---|\n| from | accounts@brenner-metall.co |",
	} {
		for _, style := range []string{"ascii", "dark"} {
			out := strings.Join(renderedLines(style, md, 80), "\n")
			if n := strings.Count(out, "brenner-metall.co"); n != 1 {
				t.Errorf("%q (%s): the address is printed %d times:\n%s", md, style, n, out)
			}
		}
	}
}

// TestParagraphsAreReflowed: the source's line breaks inside a paragraph
// are not kept (no ragged single words), a hard line break is.
func TestParagraphsAreReflowed(t *testing.T) {
	md := "The proxy blocked 41\noutbound\nconnection attempts to the domain.\n\nFirst line  \nsecond line"
	lines := renderedLines("ascii", md, 80)
	want := []string{"  The proxy blocked 41 outbound connection attempts to the domain.", "", "  First line", "  second line"}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
}

// TestWrapLineBreaksOnlyAtSpaces: table-driven cases of the wrapper.
func TestWrapLineBreaksOnlyAtSpaces(t *testing.T) {
	cases := []struct {
		in    string
		width int
		want  string
	}{
		{"  alpha beta gamma delta", 13, "  alpha beta\n  gamma delta"},
		{"  | quoted text that wraps", 14, "  | quoted\n  | text that\n  | wraps"},
		{"  • a list item that wraps", 14, "  • a list\n    item that\n    wraps"},
		{"    Return-Path: <accounts@brenner-metall.co>", 36, "    Return-Path:\n      <accounts@brenner-metall.co>"},
		{"  see cdn-updates.info/a-b now", 22, "  see\n  cdn-updates.info/a-b\n  now"},
		{"                        - download hxxps://cdn-rd-update[.]com/u.bin", 44, "                        - download\n  hxxps://cdn-rd-update[.]com/u.bin"},
		{"  | | quoted 0123456789012345678901234567890", 40, "  | | quoted\n  | | 0123456789012345678901234567890"},
		{"  0123456789abcdef0123", 12, "  0123456789\n  abcdef0123"},
	}
	for _, tc := range cases {
		if got := wrapRendered(tc.in, tc.width); got != tc.want {
			t.Errorf("wrapRendered(%q, %d) =\n%s\nwant\n%s", tc.in, tc.width, got, tc.want)
		}
	}
}

// FuzzWrapRendered: the wrapper never makes a line wider than the width
// (8 or more), never loses or adds a character other than spaces, and
// breaks a word only when it is longer than a line.
func FuzzWrapRendered(f *testing.F) {
	f.Add("  alpha beta gamma cdn-updates.info", 12)
	f.Add("    From: <a@b.co> x", 9)
	f.Add("  • item with a long word 0123456789012345678901234", 10)
	f.Fuzz(func(t *testing.T, s string, width int) {
		if width < 8 || width > 300 || strings.ContainsAny(s, "|│\x1b") {
			return
		}
		s = scenarios.SanitizeLine(s)
		out := wrapRendered(s, width)
		for _, ln := range strings.Split(out, "\n") {
			if w := ansi.StringWidth(ln); w > width {
				t.Fatalf("line of %d cells at width %d: %q", w, width, ln)
			}
		}
		strip := func(x string) string { return strings.Join(strings.Fields(x), "") }
		if strip(out) != strip(strings.ReplaceAll(s, "\n", " ")) {
			t.Fatalf("text changed:\n%q\n%q", s, out)
		}
	})
}

// FuzzGlamourRender: any markdown a scenario may hold, prepared, laid out
// and wrapped: no panic, no line wider than the pane (10 cells or more),
// and no escape byte in the ascii style.
func FuzzGlamourRender(f *testing.F) {
	f.Add("| a | b |\n|---|---|\n| accounts@brenner-metall.co | x |", 30)
	f.Add("> quoted\n> line two with cdn-updates.info\n\n- item\n  continued", 20)
	f.Add("```\nFrom: <a@b.co>\n```\n\npara  \nbreak", 12)
	f.Add("<a@b.co> and [link](https://x.example/a-b) `code`", 15)
	f.Fuzz(func(t *testing.T, md string, width int) {
		if width < 10 || width > 300 || len(md) > 4096 {
			return
		}
		lim := mdlimit.Limit(scenarios.Sanitize(md))
		if lim.Plain {
			return
		}
		out := glamourRender(mdLook{style: "ascii"}, lim.Text, width)
		if strings.ContainsRune(out, 0x1b) {
			t.Fatalf("an escape byte in the ascii render: %q", out)
		}
		for _, ln := range strings.Split(out, "\n") {
			if w := ansi.StringWidth(ln); w > width {
				t.Fatalf("a line of %d cells at width %d: %q", w, width, ln)
			}
		}
	})
}
