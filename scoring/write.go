package scoring

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Format is a report format.
type Format string

// The report formats.
const (
	FormatMarkdown Format = "md"
	FormatHTML     Format = "html"
	FormatJSON     Format = "json"
	FormatCSV      Format = "csv"
)

// Formats lists every report format.
var Formats = []Format{FormatMarkdown, FormatHTML, FormatJSON, FormatCSV}

// ParseFormat reads a format name ("md", "html", "json", "csv"; "markdown"
// is accepted for md).
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case FormatMarkdown, FormatHTML, FormatJSON, FormatCSV:
		return f, nil
	case "markdown":
		return FormatMarkdown, nil
	}
	return "", fmt.Errorf("unknown report format %q: use md, html, json or csv", s)
}

// WriteReport writes the report of the sessions in the format: for one
// session its after-action report and improvement plan, for several the
// readiness-gap trend across them.
func WriteReport(w io.Writer, format Format, sessions []*Session) error {
	return WriteReportWith(w, format, sessions, TrendOptions{})
}

// WriteReportWith is WriteReport with the trend's options. A trend whose
// every session is left out as incomplete is an error.
func WriteReportWith(w io.Writer, format Format, sessions []*Session, opt TrendOptions) error {
	type renderer interface {
		WriteMarkdown(io.Writer) error
		WriteHTML(io.Writer) error
		WriteJSON(io.Writer) error
		WriteCSV(io.Writer) error
	}
	var r renderer
	switch len(sessions) {
	case 0:
		return fmt.Errorf("no session to report on")
	case 1:
		r = BuildReport(sessions[0])
	default:
		t := BuildTrendWith(sessions, opt)
		if len(t.Sessions) == 0 {
			return fmt.Errorf("all %d sessions are incomplete (interrupted, or ended before half their duration): use --include-incomplete to compare them anyway", len(sessions))
		}
		r = t
	}
	switch format {
	case FormatMarkdown:
		return r.WriteMarkdown(w)
	case FormatHTML:
		return r.WriteHTML(w)
	case FormatJSON:
		return r.WriteJSON(w)
	case FormatCSV:
		return r.WriteCSV(w)
	}
	return fmt.Errorf("unknown report format %q", format)
}

// WriteFile writes a report to path through write. The report goes to a
// temporary file beside path, is synced, and only then renamed into place,
// so that a reader (or a crash) never sees half a report.
func WriteFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after the rename this fails harmlessly
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
