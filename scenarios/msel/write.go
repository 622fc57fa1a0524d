package msel

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/ttx-sim/ttx/scenarios"
)

// Columns are the header of the MSEL that WriteCSV and WriteXLSX write, in
// order. Every one of them is a header the importer maps back (see
// docs/importing.md), so importing what the writer wrote gives back the
// same injects.
var Columns = []string{
	"#", "ID", "Scenario Time", "Story Time", "Phase", "From", "To", "Method",
	"Subject", "Description", "Expected Action", "Poll", "Condition", "Questions",
	"ATT&CK", "Notes",
}

// everyone is what the To column says of an inject for every role.
const everyone = "All Participants"

// rows returns the MSEL of s as text rows, one per inject in the order the
// engine processes them (by time, then file order: a MSEL's times never go
// back), after the header. Expected actions are listed with the inject they are
// anchored to (those without an anchor with the first inject), one label per
// line; a decision point's choices go to Poll, separated by " | ".
func rows(s *scenarios.Scenario) [][]string {
	anchored := map[string][]string{}
	var loose []string
	for i := range s.Actions {
		a := &s.Actions[i]
		if a.Expected == nil {
			continue
		}
		if a.Expected.After == "" {
			loose = append(loose, oneLine(a.Label))
		} else {
			anchored[a.Expected.After] = append(anchored[a.Expected.After], oneLine(a.Label))
		}
	}
	out := make([][]string, 0, len(s.Injects))
	for n, i := range s.InjectOrder() {
		in := &s.Injects[i]
		expected := anchored[in.ID]
		if n == 0 {
			expected = append(loose, expected...)
		}
		to := everyone
		if len(in.To) > 0 {
			names := make([]string, len(in.To))
			for j, id := range in.To {
				names[j] = id
				if r, ok := s.Role(id); ok {
					names[j] = r.Name
				}
			}
			to = strings.Join(names, "; ")
		}
		var poll []string
		for _, id := range in.Choices {
			label := id
			if a, ok := s.Action(id); ok {
				label = a.Label
			}
			poll = append(poll, strings.ReplaceAll(oneLine(label), "|", "/"))
		}
		out = append(out, []string{
			fmt.Sprint(n + 1),
			in.ID,
			in.At.Clock(),
			in.StoryTime,
			string(in.Phase),
			in.From,
			to,
			methodName(in.Channel),
			in.Title,
			in.Body,
			strings.Join(expected, "\n"),
			strings.Join(poll, " | "),
			conditionText(in.When),
			strings.Join(in.Questions, "\n"),
			strings.Join(in.Attack, ", "),
			in.FacilitatorNotes,
		})
	}
	return out
}

// oneLine joins the lines of s with spaces: a cell that lists one entry per
// line must not split an entry.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// methodName is the Method cell for a channel: its name, capitalised.
func methodName(c scenarios.Channel) string {
	if c == "" {
		c = scenarios.ChannelOther
	}
	return strings.ToUpper(string(c[:1])) + string(c[1:])
}

// conditionText writes a condition in the words of the scenario format
// ("taken: isolate-hosts", "all: [taken: a, not_taken: b]").
func conditionText(c *scenarios.Condition) string {
	if c == nil {
		return ""
	}
	list := func(key string, cs []scenarios.Condition) string {
		parts := make([]string, len(cs))
		for i := range cs {
			parts[i] = conditionText(&cs[i])
		}
		return key + ": [" + strings.Join(parts, ", ") + "]"
	}
	switch {
	case c.Taken != "":
		return "taken: " + c.Taken
	case c.NotTaken != "":
		return "not_taken: " + c.NotTaken
	case c.Delivered != "":
		return "delivered: " + c.Delivered
	case c.All != nil:
		return list("all", c.All)
	case c.Any != nil:
		return list("any", c.Any)
	case c.Not != nil:
		return "not: " + conditionText(c.Not)
	}
	return ""
}

// defuse quotes a cell that a spreadsheet would read as a formula (one that
// starts with = + - @, a tab or a carriage return: a markdown list does) by
// prefixing an apostrophe, as spreadsheets do themselves; the importer takes
// it off again.
func defuse(v string) string {
	if v != "" && strings.ContainsRune(formulaStarts, rune(v[0])) {
		return "'" + v
	}
	return v
}

// formulaStarts are the first characters that make a CSV cell a formula.
const formulaStarts = "=+-@\t\r"

// WriteCSV writes the MSEL of s as CSV (comma-separated, CRLF line ends as
// RFC 4180 and spreadsheets expect), one row per inject after the header. A
// cell that would start a formula gets an apostrophe in front (see defuse).
func WriteCSV(w io.Writer, s *scenarios.Scenario) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(Columns); err != nil {
		return err
	}
	for _, r := range rows(s) {
		for i, v := range r {
			r[i] = defuse(v)
		}
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes the MSEL of s as an XLSX workbook with one sheet, "MSEL":
// a bold header row, then one row per inject. Every cell is text, so a
// spreadsheet shows the times as written (T+00:10:00). A value longer than
// a cell holds (32,767 characters) is an error, not cut.
func WriteXLSX(w io.Writer, s *scenarios.Scenario) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	const sheet = "MSEL"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	body, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, width := range columnWidths {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	cells := func(r []string, style int) []any {
		out := make([]any, len(r))
		for i, v := range r {
			out[i] = excelize.Cell{StyleID: style, Value: v}
		}
		return out
	}
	if err := sw.SetRow("A1", cells(Columns, head)); err != nil {
		return err
	}
	for i, r := range rows(s) {
		for j, v := range r {
			if n := utf8.RuneCountInString(v); n > excelize.TotalCellChars {
				return fmt.Errorf("inject %s: %s has %d characters, more than a spreadsheet cell holds (%d)", r[1], Columns[j], n, excelize.TotalCellChars)
			}
		}
		ref, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, cells(r, body)); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// columnWidths are the widths of Columns in the workbook, in characters.
var columnWidths = []float64{5, 18, 13, 16, 13, 18, 24, 9, 36, 60, 40, 30, 24, 40, 14, 40}
