package msel

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Limits on what a reader reads, so that no file (a zip bomb, a sheet of a
// million empty rows) costs more than a MSEL needs.
const (
	MaxFileSize  = 32 << 20 // bytes of the file itself
	maxUnzipped  = 64 << 20 // bytes a workbook may unpack to, all parts together
	maxRows      = 100_000  // rows of one table, blank ones included
	maxColumns   = 256      // cells of one row
	maxCellBytes = 64 << 10 // bytes of one cell
)

// table is one grid of text cells: a CSV file, a sheet, a T3SF array.
type table struct {
	name string     // the sheet's name; "" for CSV and JSON
	rows [][]string // cleaned cells
	// serial: a bare number in a time cell is a spreadsheet time value
	// (a day fraction), as in XLSX; otherwise it counts minutes.
	serial bool
}

// Format names what kind of file a MSEL came in.
type Format string

// The formats Import reads.
const (
	FormatCSV  Format = "CSV"
	FormatXLSX Format = "XLSX"
	FormatJSON Format = "T3SF JSON"
)

// sniff tells the format from the first bytes.
func sniff(data []byte) (Format, error) {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return FormatXLSX, nil
	}
	if bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		return "", errors.New("this is an Excel 97-2003 (.xls) workbook or another OLE file: save it as .xlsx (or CSV) and import that")
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(data, bom), " \t\r\n")
	if len(t) > 0 && (t[0] == '[' || t[0] == '{') {
		return FormatJSON, nil
	}
	return FormatCSV, nil
}

var bom = []byte("\xEF\xBB\xBF")

// clean makes a cell safe text: valid UTF-8, no carriage returns, no
// control characters but newline and tab, no surrounding space, at most
// maxCellBytes.
func clean(s string) string {
	if len(s) > maxCellBytes {
		s = s[:maxCellBytes]
	}
	ok := utf8.ValidString(s)
	for i := 0; ok && i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\n' && c != '\t' || c == 0x7f {
			ok = false
		}
	}
	if !ok {
		s = strings.ToValidUTF8(s, "\uFFFD")
		s = strings.Map(func(r rune) rune {
			switch {
			case r == '\r':
				return -1
			case r == '\n' || r == '\t':
				return r
			case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == 0xFEFF || r == 0xFFFE || r == 0xFFFF:
				return ' '
			}
			return r
		}, s)
	}
	return strings.TrimSpace(s)
}

// readCSV reads a CSV file in any common dialect: a UTF-8 byte order mark
// is dropped, the delimiter is the most frequent of , ; and tab outside
// quotes in the first lines, CRLF and quoted line breaks are read as one
// cell. A cell the writer defused (an apostrophe before = + - @) gets its
// apostrophe back off.
func readCSV(data []byte) (*table, error) {
	data = bytes.TrimPrefix(data, bom)
	if !utf8.Valid(data[:min(len(data), 64<<10)]) {
		return nil, errors.New("not a MSEL: the file is neither an XLSX workbook, a T3SF JSON file nor UTF-8 text (CSV)")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delimiter(data)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = false
	t := &table{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("line %d: %v", pe.Line, pe.Err)
			}
			return nil, err
		}
		if len(t.rows) >= maxRows {
			return nil, fmt.Errorf("more than %d rows: far more than a MSEL has, refused", maxRows)
		}
		if len(rec) > maxColumns {
			rec = rec[:maxColumns]
		}
		row := make([]string, len(rec))
		for i, c := range rec {
			c = clean(c)
			if len(c) > 1 && c[0] == '\'' && strings.ContainsRune(formulaStarts, rune(c[1])) {
				c = c[1:]
			}
			row[i] = c
		}
		t.rows = append(t.rows, row)
	}
	return t, nil
}

// delimiter picks , ; or tab: the one seen most often outside quotes in
// the first 8 KiB (a comma on a tie).
func delimiter(data []byte) rune {
	counts := map[byte]int{}
	quoted := false
	for _, c := range data[:min(len(data), 8<<10)] {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ';' || c == '\t'):
			counts[c]++
		}
	}
	best := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}

// readXLSX reads every sheet of a workbook (or only the one named),
// bounded: the parts may unpack to maxUnzipped bytes at most, and each sheet
// is read to maxRows rows of maxColumns cells. Cells are read as the
// spreadsheet shows them (a time formatted h:mm AM/PM reads "7:29 PM"); a
// time value without a format reads as its day fraction.
func readXLSX(data []byte, only string) (tables []*table, sheets []string, err error) {
	defer func() {
		// excelize is not written for hostile input: a malformed part
		// must be an unreadable workbook, not a crash.
		if r := recover(); r != nil {
			tables, err = nil, fmt.Errorf("unreadable workbook: %v", r)
		}
	}()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    maxUnzipped,
		UnzipXMLSizeLimit: maxUnzipped, // keep parts in memory: no temporary files
	})
	if err != nil {
		return nil, nil, fmt.Errorf("unreadable workbook: %v", err)
	}
	defer f.Close()
	sheets = f.GetSheetList()
	for _, name := range sheets {
		if only != "" && name != only {
			continue
		}
		t, err := readSheet(f, name)
		if err != nil {
			return nil, sheets, fmt.Errorf("sheet %q: %v", name, err)
		}
		tables = append(tables, t)
	}
	return tables, sheets, nil
}

func readSheet(f *excelize.File, name string) (*table, error) {
	rows, err := f.Rows(name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	t := &table{name: name, serial: true}
	for rows.Next() {
		if len(t.rows) >= maxRows {
			return nil, fmt.Errorf("more than %d rows: far more than a MSEL has, refused", maxRows)
		}
		cols, err := rows.Columns()
		if err != nil {
			return nil, err
		}
		if len(cols) > maxColumns {
			cols = cols[:maxColumns]
		}
		row := make([]string, len(cols))
		for i, c := range cols {
			row[i] = clean(c)
		}
		t.rows = append(t.rows, row)
	}
	return t, rows.Error()
}

// readJSON reads a T3SF MSEL: an array of objects whose keys are the
// columns (in any order: the first object's order, then new keys as they
// appear). Values may be strings, numbers, booleans or null.
func readJSON(data []byte) (*table, error) {
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimPrefix(data, bom)))
	dec.UseNumber()
	notMSEL := errors.New("not a MSEL: a T3SF JSON file is an array of objects, one per inject, such as [{\"#\": 1, \"Real Time\": \"07:29 PM\", \"Subject\": \"…\", \"Script\": \"…\"}]")
	if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
		if err != nil && tok == nil {
			return nil, fmt.Errorf("invalid JSON: %v", err)
		}
		return nil, notMSEL
	}
	var header []string
	col := map[string]int{}
	var objects [][]string
	for dec.More() {
		if len(objects) >= maxRows {
			return nil, fmt.Errorf("more than %d injects: far more than a MSEL has, refused", maxRows)
		}
		if tok, err := dec.Token(); err != nil {
			return nil, fmt.Errorf("invalid JSON: %v", err)
		} else if tok != json.Delim('{') {
			return nil, notMSEL
		}
		row := make([]string, len(header))
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return nil, fmt.Errorf("invalid JSON: %v", err)
			}
			key, _ := tok.(string)
			var v any
			if err := dec.Decode(&v); err != nil {
				return nil, fmt.Errorf("invalid JSON: %v", err)
			}
			i, ok := col[key]
			if !ok {
				if len(header) >= maxColumns {
					continue
				}
				i = len(header)
				col[key] = i
				header = append(header, clean(key))
			}
			for len(row) <= i {
				row = append(row, "")
			}
			row[i] = clean(jsonText(v))
		}
		if _, err := dec.Token(); err != nil {
			return nil, fmt.Errorf("invalid JSON: %v", err)
		}
		objects = append(objects, row)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("invalid JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("invalid JSON: more after the array")
	}
	return &table{rows: append([][]string{header}, objects...)}, nil
}

// jsonText is the cell text of a JSON value.
func jsonText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = jsonText(x)
		}
		return strings.Join(parts, " | ")
	}
	b, _ := json.Marshal(v)
	return string(b)
}
