package scoring

import (
	"html/template"
	"io"
)

// The escaping and styling of the reports, for the documents of sub-packages
// (scoring/pack) that must be as safe and look the same.

// MarkdownLine makes untrusted text one safe line of Markdown: markup
// escaped, autolinks neutralised, control characters made visible.
func MarkdownLine(s string) string { return md(s) }

// MarkdownQuote makes untrusted Markdown a safe block quote.
func MarkdownQuote(s string) string { return mdBlock(s) }

// BriefingHTML renders untrusted Markdown to inert HTML: no raw HTML, no
// links or images (their text stays), headings below the document's own.
func BriefingHTML(s string) template.HTML { return briefingHTML(s) }

// StyleCSS is the reports' style sheet (A4 print, rating badges).
func StyleCSS() template.CSS { return styleCSS }

// ExecuteHTML executes an HTML template and writes its output with every
// control character made visible (html/template leaves ESC alone).
func ExecuteHTML(w io.Writer, t *template.Template, data any) error {
	return executeSanitized(w, t, data)
}
