package msel

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ttx-sim/ttx/scenarios"
)

// library returns every built-in scenario.
func library(t testing.TB) []*scenarios.Scenario {
	t.Helper()
	lib, err := scenarios.Library()
	if err != nil {
		t.Fatal(err)
	}
	if len(lib) == 0 {
		t.Fatal("empty library")
	}
	return lib
}

// writtenRows is what each writer wrote for s, read back with a plain CSV
// reader and with excelize.
func writtenRows(t *testing.T, s *scenarios.Scenario) (csvRows, xlsxRows [][]string) {
	t.Helper()
	var b bytes.Buffer
	if err := WriteCSV(&b, s); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b.Bytes(), []byte("\r\n")) {
		t.Error("CSV does not end its lines with CRLF")
	}
	r := csv.NewReader(&b)
	csvRows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV written does not read back: %v", err)
	}
	b.Reset()
	if err := WriteXLSX(&b, s); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatalf("XLSX written does not open: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "MSEL" {
		t.Errorf("sheets = %q, want [MSEL]", got)
	}
	xlsxRows, err = f.GetRows("MSEL")
	if err != nil {
		t.Fatal(err)
	}
	return csvRows, xlsxRows
}

func TestWriteOneRowPerInject(t *testing.T) {
	for _, s := range library(t) {
		t.Run(s.ID, func(t *testing.T) {
			csvRows, xlsxRows := writtenRows(t, s)
			for name, rows := range map[string][][]string{"csv": csvRows, "xlsx": xlsxRows} {
				if len(rows) != len(s.Injects)+1 {
					t.Fatalf("%s: %d rows, want a header and %d injects", name, len(rows), len(s.Injects))
				}
				if got := strings.Join(rows[0], ","); got != strings.Join(Columns, ",") {
					t.Errorf("%s header = %s", name, got)
				}
				col := func(row []string, name string) string {
					for i, c := range Columns {
						if c == name && i < len(row) {
							return row[i]
						}
					}
					return ""
				}
				for i, j := range s.InjectOrder() {
					in := s.Injects[j]
					row := rows[i+1]
					if got := col(row, "ID"); got != in.ID {
						t.Errorf("%s row %d: ID %q, want %q", name, i+1, got, in.ID)
					}
					if got := col(row, "Scenario Time"); got != in.At.Clock() {
						t.Errorf("%s row %d: time %q, want %q", name, i+1, got, in.At.Clock())
					}
					if got, want := strings.TrimPrefix(col(row, "Subject"), "'"), in.Title; got != want {
						t.Errorf("%s row %d: subject %q, want %q", name, i+1, got, want)
					}
					if got := col(row, "Story Time"); got != in.StoryTime {
						t.Errorf("%s row %d: story time %q, want %q", name, i+1, got, in.StoryTime)
					}
					if len(in.To) == 0 && col(row, "To") != everyone {
						t.Errorf("%s row %d: To %q for an inject to everyone", name, i+1, col(row, "To"))
					}
					if len(in.To) > 0 {
						r, _ := s.Role(in.To[0])
						if !strings.Contains(col(row, "To"), r.Name) {
							t.Errorf("%s row %d: To %q does not name %q", name, i+1, col(row, "To"), r.Name)
						}
					}
				}
			}
		})
	}
}

func TestWriteDefusesFormulasInCSVOnly(t *testing.T) {
	s := &scenarios.Scenario{
		ID: "f", Roles: []scenarios.Role{{ID: "a", Name: "A"}},
		Actions: []scenarios.Action{{ID: "x", Label: "=cmd|' /C calc'!A0", Phase: scenarios.Detection, Expected: &scenarios.Expected{After: "i"}}},
		Injects: []scenarios.Inject{{ID: "i", Title: "@SUM(1)", Body: "- one\n- two", Channel: scenarios.ChannelEmail}},
	}
	s.BuildIndex()
	csvRows, xlsxRows := writtenRows(t, s)
	for i, want := range map[string]string{"Subject": "@SUM(1)", "Description": "- one\n- two", "Expected Action": "=cmd|' /C calc'!A0", "Method": "Email"} {
		j := indexOf(Columns, i)
		if got := csvRows[1][j]; strings.ContainsAny(want[:1], formulaStarts) && got != "'"+want || !strings.ContainsAny(want[:1], formulaStarts) && got != want {
			t.Errorf("CSV %s = %q, want %q behind an apostrophe where it starts a formula", i, got, want)
		}
		if got := xlsxRows[1][j]; got != want {
			t.Errorf("XLSX %s = %q, want %q", i, got, want)
		}
	}
}

func TestWriteXLSXRefusesOverlongCell(t *testing.T) {
	s := &scenarios.Scenario{ID: "f", Injects: []scenarios.Inject{{ID: "i", Title: "t", Body: strings.Repeat("x", excelize.TotalCellChars+1)}}}
	s.BuildIndex()
	err := WriteXLSX(&bytes.Buffer{}, s)
	if err == nil || !strings.Contains(err.Error(), "Description") {
		t.Fatalf("err = %v, want the overlong Description named", err)
	}
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}
