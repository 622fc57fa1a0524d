package msel

import (
	"fmt"
	"io"
	"strings"
)

// Write prints the summary for a person: what was read, where each column
// went, the rows skipped and the warnings.
func (s *Summary) Write(w io.Writer) {
	where := string(s.Format)
	if s.Sheet != "" {
		where += fmt.Sprintf(", sheet %q", s.Sheet)
	}
	fmt.Fprintf(w, "import: %s (%s), header on row %d\n", s.File, where, s.HeaderRow)
	fmt.Fprintf(w, "  rows read: %d; injects made: %d; roles: %d; expected actions: %d; decision points: %d\n",
		s.Rows, s.Injects, s.Roles, s.Expected, s.Decisions)
	fmt.Fprintln(w, "  columns:")
	width := 0
	for _, c := range s.Columns {
		width = max(width, len(fmt.Sprintf("%q", c.Header)))
	}
	for _, c := range s.Columns {
		fmt.Fprintf(w, "    %-*s -> %s\n", width, fmt.Sprintf("%q", c.Header), c.To)
	}
	if s.Spacing != "" {
		fmt.Fprintf(w, "  %s\n", s.Spacing)
	}
	if s.Blank > 0 {
		rows := "rows"
		if s.Blank == 1 {
			rows = "row"
		}
		fmt.Fprintf(w, "  skipped: %d blank %s\n", s.Blank, rows)
	}
	for _, k := range s.Skipped {
		fmt.Fprintf(w, "  skipped: row %d: %s\n", k.Row, k.Why)
	}
	for _, warn := range s.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", warn)
	}
}

// String is the summary as Write prints it.
func (s *Summary) String() string {
	var b strings.Builder
	s.Write(&b)
	return b.String()
}
