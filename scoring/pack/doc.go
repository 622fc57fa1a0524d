// Package pack builds the exercise package of a scenario, the documents a
// facilitator hands out and uses around a tabletop exercise (CISA's
// Tabletop Exercise Packages, HSEEP): the Situation Manual for players, the
// Facilitator and Evaluator Guide, the participant feedback form and the
// sign-in sheet, in Markdown or self-contained HTML that prints to A4. The
// player documents hold nothing a player must not see before play.
package pack

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/ttx-sim/ttx/scoring"
)

// Doc is one document: a title and blocks, rendered to Markdown or HTML.
// All text in it is raw and untrusted; the renderers escape it.
type Doc struct {
	Name     string // file name without extension: "situation-manual"
	Title    string
	Subtitle string
	Blocks   []Block
	Footer   string
}

// Block is one part of a document; Kind says which fields it uses.
type Block struct {
	Kind   string     // "h2", "h3", "p", "note", "ul", "table", "md", "lines", "page"
	Text   string     // h2, h3, p, note, md (Markdown), lines (label)
	Items  []string   // ul
	Head   []string   // table
	Rows   [][]string // table
	Widths []int      // table: column widths in percent, or nil
	Form   bool       // table: rows are blank fields to fill in by hand
	Small  bool       // table: a smaller font, for many columns
	N      int        // lines: how many blank lines
}

func h2(t string) Block               { return Block{Kind: "h2", Text: t} }
func h3(t string) Block               { return Block{Kind: "h3", Text: t} }
func p(t string) Block                { return Block{Kind: "p", Text: t} }
func note(t string) Block             { return Block{Kind: "note", Text: t} }
func ul(items ...string) Block        { return Block{Kind: "ul", Items: items} }
func markdown(t string) Block         { return Block{Kind: "md", Text: t} }
func lines(label string, n int) Block { return Block{Kind: "lines", Text: label, N: n} }
func pageBreak() Block                { return Block{Kind: "page"} }

func table(head []string, widths []int, rows ...[]string) Block {
	return Block{Kind: "table", Head: head, Widths: widths, Rows: rows}
}

// WriteMarkdown renders the document as Markdown.
func (d *Doc) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", scoring.MarkdownLine(d.Title))
	if d.Subtitle != "" {
		fmt.Fprintf(&b, "*%s*\n\n", scoring.MarkdownLine(d.Subtitle))
	}
	for _, bl := range d.Blocks {
		switch bl.Kind {
		case "h2":
			fmt.Fprintf(&b, "## %s\n\n", scoring.MarkdownLine(bl.Text))
		case "h3":
			fmt.Fprintf(&b, "### %s\n\n", scoring.MarkdownLine(bl.Text))
		case "p":
			fmt.Fprintf(&b, "%s\n\n", scoring.MarkdownLine(bl.Text))
		case "note":
			fmt.Fprintf(&b, "*%s*\n\n", scoring.MarkdownLine(bl.Text))
		case "ul":
			for _, it := range bl.Items {
				fmt.Fprintf(&b, "- %s\n", scoring.MarkdownLine(it))
			}
			b.WriteString("\n")
		case "md":
			if strings.TrimSpace(bl.Text) != "" {
				fmt.Fprintf(&b, "%s\n\n", scoring.MarkdownQuote(bl.Text))
			}
		case "lines":
			fmt.Fprintf(&b, "**%s**\n\n", scoring.MarkdownLine(bl.Text))
			for range bl.N {
				b.WriteString("\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\n\n")
			}
		case "table":
			b.WriteString("|")
			head := bl.Head
			if len(head) == 2 && head[0] == "" && head[1] == "" {
				head = []string{"Item", "Details"} // Markdown needs a header row: never an empty one
			}
			for _, h := range head {
				fmt.Fprintf(&b, " %s |", scoring.MarkdownLine(h))
			}
			b.WriteString("\n|" + strings.Repeat("---|", len(bl.Head)) + "\n")
			for _, row := range bl.Rows {
				b.WriteString("|")
				for _, c := range row {
					if c == "" && !bl.Form {
						c = "—"
					}
					fmt.Fprintf(&b, " %s |", scoring.MarkdownLine(c))
				}
				b.WriteString("\n")
			}
			b.WriteString("\n")
		case "page":
			// Markdown has no page break.
		}
	}
	if d.Footer != "" {
		fmt.Fprintf(&b, "---\n\n*%s*\n", scoring.MarkdownLine(d.Footer))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

//go:embed templates
var templateFS embed.FS

var docTmpl = template.Must(template.New("doc.html.tmpl").Funcs(template.FuncMap{
	"md": scoring.BriefingHTML,
	"width": func(ws []int, i int) template.CSS {
		if i < len(ws) && ws[i] > 0 {
			return template.CSS(fmt.Sprintf("width:%d%%", ws[i]))
		}
		return ""
	},
	"seq": func(n int) []int { return make([]int, n) },
	"headed": func(head []string) bool {
		for _, h := range head {
			if h != "" {
				return true
			}
		}
		return false
	},
	"dash": func(s string) string { return cmpOr(s, "—") },
}).ParseFS(templateFS, "templates/doc.html.tmpl"))

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// WriteHTML renders the document as one self-contained HTML file.
func (d *Doc) WriteHTML(w io.Writer) error {
	return scoring.ExecuteHTML(w, docTmpl, struct {
		D   *Doc
		CSS template.CSS
	}{d, scoring.StyleCSS()})
}
