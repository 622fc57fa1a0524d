package scoring

import (
	"bytes"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scenarios/mdlimit"
)

// briefingMarkdown renders a scenario's briefing (untrusted Markdown) to
// HTML for the self-contained report. goldmark's default renderer drops raw
// HTML; the transformer below turns links, images and autolinks into their
// plain text, so the report can never make a request or carry a live link,
// and shifts headings below the report's own.
//
// GFM tables are rendered as tables: inject bodies carry alert and log
// tables (columns of hosts, volumes, findings) that read as rows of pipes
// otherwise.
var briefingMarkdown = goldmark.New(
	goldmark.WithExtensions(extension.Table),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(inertTransformer{}, 100))),
)

type inertTransformer struct{}

func (inertTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var replace []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link, *ast.Image, *ast.AutoLink:
			replace = append(replace, n)
		case *ast.Heading:
			n.Level = min(n.Level+3, 6)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range replace {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		if al, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, n, ast.NewString(al.Label(src)))
			continue
		}
		// Keep the link text (or the image's alt text) in place of the node.
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// briefingHTML renders the briefing within mdlimit's bounds (nesting, size,
// brackets, long words: the work stays proportional to the text); a text
// too large for markdown, or a rendering error, gives the escaped text.
func briefingHTML(md string) template.HTML {
	var buf bytes.Buffer
	clean := scenarios.Sanitize(md)
	lim := mdlimit.Limit(clean)
	if lim.Plain {
		return template.HTML("<pre>" + template.HTMLEscapeString(clean) + "</pre>")
	}
	if err := briefingMarkdown.Convert([]byte(lim.Text), &buf); err != nil {
		return template.HTML(template.HTMLEscapeString(clean))
	}
	return template.HTML(buf.String())
}
