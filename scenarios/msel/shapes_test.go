package msel

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ttx-sim/ttx/scenarios"
)

// The shapes of real MSELs, written for these tests (see the issue): each
// imports into a scenario that loads, with one inject per event row, in
// order, times never going back, and every cell kept somewhere.

// t3sfRows is a T3SF MSEL: Real Time clock times, Date the in-story time.
var t3sfRows = [][]string{
	{"#", "Real Time", "Player", "Date", "Subject", "From", "Script", "Photo", "Picture Name", "Profile", "Poll"},
	{"1", "07:29 PM", "All Players", "Monday 9:30 AM", "Strange pop-ups", "Helpdesk", "Three users report pop-ups asking for their password.", "", "", "https://example.org/p/helpdesk.png", ""},
	{"2", "07:41 PM", "SOC", "Monday 9:42 AM", "EDR: credential dumping", "EDR console", "lsass access on FIN-WS-12.", "https://example.org/edr.png", "edr.png", "", ""},
	{"3", "07:55 PM", "Legal", "Monday 10:30 AM", "Journalist calls", "Reporter, Daily Ledger", "A reporter asks whether customer data was stolen.", "", "", "", "Comment now|Decline to comment|Refer to the statement"},
	{"4", "11:50 PM", "SOC; Legal", "Tuesday 8:00 AM", "Ransom note", "Attacker", "Files on the share are renamed .lck.", "", "", "", ""},
	{"5", "12:10 AM", "All Participants", "Tuesday 8:20 AM", "Backups", "IT", "The backup server is unreachable.", "", "", "", ""},
}

func t3sfJSON() []byte {
	var b strings.Builder
	b.WriteString("[\n")
	for i, row := range t3sfRows[1:] {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString("  {")
		// Key order varies between objects; # is a number.
		order := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
		if i%2 == 1 {
			order = []int{4, 6, 0, 10, 9, 8, 7, 5, 3, 2, 1}
		}
		for k, j := range order {
			if k > 0 {
				b.WriteString(", ")
			}
			v := fmt.Sprintf("%q", row[j])
			if j == 0 {
				v = row[j]
			}
			fmt.Fprintf(&b, "%q: %s", t3sfRows[0][j], v)
		}
		b.WriteString("}")
	}
	b.WriteString("\n]\n")
	return []byte(b.String())
}

// workbook builds an XLSX with excelize: sheets in order, each a grid of
// cells; a cell of type float64 is written as a number with the given
// number format (0: none).
type sheet struct {
	name    string
	rows    [][]any
	numFmt  string
	timeCol int // 1-based column whose numbers get numFmt
}

func workbook(t testing.TB, sheets ...sheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			t.Fatal(err)
		}
		style := 0
		if sh.numFmt != "" {
			var err error
			if style, err = f.NewStyle(&excelize.Style{CustomNumFmt: &sh.numFmt}); err != nil {
				t.Fatal(err)
			}
		}
		for r, row := range sh.rows {
			for c, v := range row {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellValue(sh.name, ref, v); err != nil {
					t.Fatal(err)
				}
				if _, ok := v.(float64); ok && style != 0 && c+1 == sh.timeCol {
					if err := f.SetCellStyle(sh.name, ref, ref, style); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// t3sfSheet is the T3SF table with Real Time as day fractions.
func t3sfSheet(numFmt string) sheet {
	sh := sheet{name: "MSEL", numFmt: numFmt, timeCol: 2}
	for i, row := range t3sfRows {
		cells := make([]any, len(row))
		for j, v := range row {
			cells[j] = v
		}
		if i > 0 {
			sec, _, err := parseTime(row[1], false, false)
			if err != nil {
				panic(err)
			}
			cells[1] = float64(sec) / 86400
		}
		sh.rows = append(sh.rows, cells)
	}
	return sh
}

var hseepHeader = []any{"EVENT #", "EVENT\nTIME", "EVENT TYPE", "SUBJECT", "INJECT\nMODE", "SEND FROM\n(SIMULATED)",
	"INJECTED BY\n(RESPONSIBLE CONTROLLER)", "SEND TO\n(RECIPIENT PLAYERS)", "EVENT DESCRIPTION", "EXPECTED\nOUTCOMES",
	"QUESTIONS/\nCOMMENTS", "IMPLEMENTER/\nNARRATIVE", "Notes"}

func hseepSheet(name, day string) sheet {
	return sheet{name: name, rows: [][]any{
		{"Regional Water Authority Cyber TTX"},
		{"Master Scenario Events List — " + day},
		{},
		hseepHeader,
		{"1", "09:00", "Contextual", "STARTEX", "Verbal", "Lead controller", "Lead controller", "All Players", "The exercise begins; the SCADA vendor has announced a critical advisory.", "", "", "Read aloud", ""},
		{"2", "09:15", "Expected action", "HMI values frozen", "Phone", "Plant operator", "Controller B", "Operations; IT Security", "Operators see frozen tank levels on the HMI.", "Operations switches to manual readings\nIT Security isolates the HMI network", "Who declares the incident?", "", "Watch for escalation"},
		{},
		{"3", "", "Contextual", "Vendor email", "Email", "SCADA vendor", "Controller A", "IT Security", "The vendor asks for remote access to diagnose.", "IT Security refuses unvetted remote access", "", "", ""},
		{"4", "10:05", "Expected action", "Press enquiry", "Phone", "Local radio", "Controller B", "Public Information Officer", "A radio station asks about discoloured water.", "PIO issues a holding statement", "Is the public at risk?", "Calls come in every 10 minutes", ""},
	}}
}

var noTimeHeader = []any{"MSEL #", "Day", "TITLE", "SEND TO", "SENT FROM", "CONTROLLER", "METHOD", "TYPE", "DESCRIPTION/SCRIPT", "EXPECTED ACTION", "Comments/Notes"}

func noTimeSheet() sheet {
	rows := [][]any{noTimeHeader}
	add := func(r []any) {
		rows = append(rows, r, []any{}, []any{}, []any{"", "", "", "", "", "", "", "", "", "", ""})
	}
	add([]any{"1", "Day 1", "Phishing wave", "Security Team", "Staff", "C1", "Email", "Inject", "Dozens of staff forward a suspicious invoice email.", "Block the sender domain", ""})
	add([]any{"2", "Day 1", "Account takeover", "Security Team, IT", "Helpdesk", "C1", "Ticket", "Inject", "A finance user's mailbox sends the invoice internally.", "Reset the account and revoke sessions", "Key inject"})
	add([]any{"3", "Day 2", "Regulator letter", "Legal", "Data protection authority", "C2", "Letter", "Inject", "The regulator asks for a report within 72 hours.", "", ""})
	return sheet{name: "MSEL", rows: rows}
}

var toolHeader = []string{"SourceReference", "Phase", "ScheduledTime", "Title", "Description", "Source", "Target", "DeliveryMethod", "ExpectedAction", "Priority", "ResponsibleController", "LocationName", "Notes"}

var toolRows = [][]string{
	toolHeader,
	{"INJ-001", "Detection & Analysis", "09:10", "SIEM alert", "Impossible travel for a privileged account.", "SIEM", "SOC", "Alert", "Open an incident ticket", "High", "Ctrl-1", "Main room", ""},
	{"INJ-002", "Containment, Eradication & Recovery", "09:40", "Disable account", "The account is still active.", "IAM team", "SOC", "Chat", "Disable the account", "High", "Ctrl-1", "Main room", "Watch the handover"},
	{"INJ-003", "Wrap-up", "10:20", "Hot wash", "Discuss what went well.", "Facilitator", "All Players", "In person", "", "Low", "Ctrl-2", "Room B", ""},
}

// inlineWorkbook writes an XLSX by hand whose cells are inline strings
// (t="inlineStr"), as some tools export, with no shared strings part.
func inlineWorkbook(t testing.TB, rows [][]string) []byte {
	t.Helper()
	var sheetXML strings.Builder
	sheetXML.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for r, row := range rows {
		fmt.Fprintf(&sheetXML, `<row r="%d">`, r+1)
		for c, v := range row {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			fmt.Fprintf(&sheetXML, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, html.EscapeString(v))
		}
		sheetXML.WriteString(`</row>`)
	}
	sheetXML.WriteString(`</sheetData></worksheet>`)
	parts := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Export" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   sheetXML.String(),
	}
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(parts[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// imported checks what every import must hold and returns the result.
func imported(t *testing.T, name string, data []byte, o Options, titles []string) *Result {
	t.Helper()
	res, err := Import(name, data, o)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	s := res.Scenario
	for _, p := range scenarios.Lint(s) {
		if p.Severity == scenarios.SeverityError {
			t.Errorf("lint error: %s", p)
		}
	}
	if len(s.Injects) != len(titles) {
		t.Fatalf("%d injects, want %d (one per event row)\nsummary:\n%s", len(s.Injects), len(titles), res.Summary.String())
	}
	var prev scenarios.Duration
	for i, in := range s.Injects {
		if in.Title != titles[i] {
			t.Errorf("inject %d: title %q, want %q", i, in.Title, titles[i])
		}
		if in.At < prev {
			t.Errorf("inject %d (%s) at %s, before the previous one at %s", i, in.ID, in.At.Clock(), prev.Clock())
		}
		prev = in.At
	}
	return res
}

// kept checks that every text appears in the scenario file.
func kept(t *testing.T, res *Result, texts ...string) {
	t.Helper()
	var yamlText strings.Builder
	s := res.Scenario
	for _, r := range s.Roles {
		yamlText.WriteString(r.Name + "\n")
	}
	for _, a := range s.Actions {
		yamlText.WriteString(a.Label + "\n")
	}
	for _, o := range s.Objectives {
		yamlText.WriteString(o.Text + "\n")
	}
	for _, in := range s.Injects {
		yamlText.WriteString(strings.Join([]string{in.Title, in.Body, in.From, in.StoryTime, in.FacilitatorNotes, strings.Join(in.Questions, "\n")}, "\n") + "\n")
	}
	all := yamlText.String()
	for _, x := range texts {
		if x != "" && !strings.Contains(all, x) {
			t.Errorf("lost: %q", x)
		}
	}
}

func columnOf(rows [][]string, j int) []string {
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[j])
	}
	return out
}

func TestImportT3SF(t *testing.T) {
	titles := columnOf(t3sfRows, 4)
	check := func(t *testing.T, res *Result) {
		s := res.Scenario
		// Clock times relative to the first; 12:10 AM is the next day.
		want := []string{"T+00:00:00", "T+00:12:00", "T+00:26:00", "T+04:21:00", "T+04:41:00"}
		for i, in := range s.Injects {
			if in.At.Clock() != want[i] {
				t.Errorf("inject %d at %s, want %s", i, in.At.Clock(), want[i])
			}
		}
		if s.Injects[0].StoryTime != "Monday 9:30 AM" || len(s.Injects[0].To) != 0 || len(s.Injects[4].To) != 0 {
			t.Errorf("first inject: story %q, to %q", s.Injects[0].StoryTime, s.Injects[0].To)
		}
		if got := strings.Join(s.Injects[3].To, ","); got != "soc,legal" {
			t.Errorf("to = %q", got)
		}
		dp := s.Injects[2]
		if len(dp.Choices) != 3 {
			t.Fatalf("poll: choices %q", dp.Choices)
		}
		a, _ := s.Action(dp.Choices[1])
		if a.Label != "Decline to comment" || a.AvailableAfter != dp.ID {
			t.Errorf("choice %+v", a)
		}
		var texts []string
		for _, r := range t3sfRows[1:] {
			texts = append(texts, r[3], r[4], r[5], r[6], r[7], r[8], r[9])
		}
		kept(t, res, texts...)
		kept(t, res, "Profile: https://example.org/p/helpdesk.png", "Picture Name: edr.png")
	}
	t.Run("json", func(t *testing.T) {
		res := imported(t, "t3sf.json", t3sfJSON(), Options{}, titles)
		check(t, res)
		if res.Summary.Format != FormatJSON {
			t.Errorf("format %s", res.Summary.Format)
		}
	})
	t.Run("xlsx day fractions with a time format", func(t *testing.T) {
		check(t, imported(t, "t3sf.xlsx", workbook(t, t3sfSheet("h:mm AM/PM")), Options{}, titles))
	})
	t.Run("xlsx bare day fractions", func(t *testing.T) {
		check(t, imported(t, "t3sf.xlsx", workbook(t, t3sfSheet("")), Options{}, titles))
	})
}

func TestImportHSEEPWorkbook(t *testing.T) {
	data := workbook(t,
		sheet{name: "Instructions", rows: [][]any{{"How to use this MSEL"}, {"Fill one row per inject."}}},
		hseepSheet("MSEL Day 1", "Day 1"),
		hseepSheet("MSEL Day 2", "Day 2"))
	titles := []string{"STARTEX", "HMI values frozen", "Vendor email", "Press enquiry"}
	res := imported(t, "water.xlsx", data, Options{}, titles)
	s := res.Scenario
	if res.Summary.Sheet != "MSEL Day 1" || res.Summary.HeaderRow != 4 || s.Title != "Regional Water Authority Cyber TTX" {
		t.Errorf("sheet %q, header row %d, title %q", res.Summary.Sheet, res.Summary.HeaderRow, s.Title)
	}
	if s.Injects[2].At != s.Injects[1].At || s.Injects[3].At != 65*scenarios.Minute {
		t.Errorf("times %s %s %s", s.Injects[1].At.Clock(), s.Injects[2].At.Clock(), s.Injects[3].At.Clock())
	}
	if s.Injects[1].Channel != scenarios.ChannelPhone || s.Injects[2].Channel != scenarios.ChannelEmail || s.Injects[0].Channel != scenarios.ChannelOther {
		t.Errorf("channels %q %q %q", s.Injects[0].Channel, s.Injects[1].Channel, s.Injects[2].Channel)
	}
	var expected []string
	for _, a := range s.Actions {
		if a.Expected != nil {
			expected = append(expected, a.Expected.After+": "+a.Label)
		}
	}
	if got := strings.Join(expected, "|"); got != "inject-2: Operations switches to manual readings|inject-2: IT Security isolates the HMI network|inject-3: IT Security refuses unvetted remote access|inject-4: PIO issues a holding statement" {
		t.Errorf("expected actions %s", got)
	}
	kept(t, res, "EVENT TYPE: Expected action", "INJECTED BY (RESPONSIBLE CONTROLLER): Controller B", "QUESTIONS/ COMMENTS: Who declares the incident?",
		"IMPLEMENTER/ NARRATIVE: Calls come in every 10 minutes", "Watch for escalation", "Public Information Officer")
	if res.Summary.Blank != 1 {
		t.Errorf("blank rows %d, want 1", res.Summary.Blank)
	}

	res = imported(t, "water.xlsx", data, Options{Sheet: "MSEL Day 2"}, titles)
	if res.Summary.Sheet != "MSEL Day 2" {
		t.Errorf("--sheet read %q", res.Summary.Sheet)
	}
	_, err := Import("water.xlsx", data, Options{Sheet: "Day 3"})
	if err == nil || !strings.Contains(err.Error(), `no sheet "Day 3"; its sheets: "Instructions", "MSEL Day 1", "MSEL Day 2"`) {
		t.Errorf("missing sheet: %v", err)
	}
	_, err = Import("water.xlsx", data, Options{Sheet: "Instructions"})
	if err == nil || !strings.Contains(err.Error(), "not a MSEL") {
		t.Errorf("sheet without a table: %v", err)
	}
	_, err = Import("notes.xlsx", workbook(t, sheet{name: "A", rows: [][]any{{"x"}}}, sheet{name: "B"}), Options{})
	if err == nil || !strings.Contains(err.Error(), `sheets: "A", "B"`) {
		t.Errorf("no event table: %v", err)
	}
}

func TestImportNoTimeColumn(t *testing.T) {
	res := imported(t, "phish.xlsx", workbook(t, noTimeSheet()), Options{}, []string{"Phishing wave", "Account takeover", "Regulator letter"})
	s := res.Scenario
	for i, in := range s.Injects {
		if in.At != scenarios.Duration(i)*spacing {
			t.Errorf("inject %d at %s, want %s", i, in.At.Clock(), (scenarios.Duration(i) * spacing).Clock())
		}
	}
	if s.Injects[2].StoryTime != "Day 2" || s.Injects[1].ID != "inject-2" || s.Injects[2].Channel != scenarios.ChannelEmail {
		t.Errorf("inject 3: %+v", s.Injects[2])
	}
	if res.Summary.Blank != 9 || res.Summary.Spacing == "" {
		t.Errorf("blank %d, spacing %q", res.Summary.Blank, res.Summary.Spacing)
	}
	kept(t, res, "CONTROLLER: C1", "TYPE: Inject", "Key inject", "Security Team", "IT", "Data protection authority")
}

func TestImportToolExportInlineStrings(t *testing.T) {
	res := imported(t, "export.xlsx", inlineWorkbook(t, toolRows), Options{}, columnOf(toolRows, 3))
	s := res.Scenario
	ids := []string{s.Injects[0].ID, s.Injects[1].ID, s.Injects[2].ID}
	if strings.Join(ids, ",") != "inj-001,inj-002,inj-003" {
		t.Errorf("ids %q", ids)
	}
	if s.Injects[0].Phase != scenarios.Detection || s.Injects[1].Phase != scenarios.Containment || s.Injects[2].Phase != "" {
		t.Errorf("phases %q %q %q", s.Injects[0].Phase, s.Injects[1].Phase, s.Injects[2].Phase)
	}
	if s.Injects[1].At != 30*scenarios.Minute || s.Injects[0].Channel != scenarios.ChannelAlert || s.Injects[1].Channel != scenarios.ChannelChat {
		t.Errorf("inject 2: %s %s", s.Injects[1].At.Clock(), s.Injects[1].Channel)
	}
	kept(t, res, "Phase: Wrap-up", "Priority: High", "ResponsibleController: Ctrl-2", "LocationName: Room B", "Watch the handover", "IAM team")
}

func TestImportCSVDialects(t *testing.T) {
	body := "Exercise Falcon\n\nSubject;Time;To;Description\n\"Kick;off\";T+00:00;All Players;\"two\nlines\"\nAlert;+90m;SOC;EDR fires\n"
	for name, data := range map[string]string{
		"semicolon":      body,
		"semicolon CRLF": "\xEF\xBB\xBF" + strings.ReplaceAll(body, "\n", "\r\n"),
		"tab":            strings.ReplaceAll(strings.ReplaceAll(body, ";", "\t"), "Kick\toff", "Kick;off"),
		"comma":          strings.ReplaceAll(strings.ReplaceAll(body, ";", ","), "Kick,off", "Kick;off"),
	} {
		t.Run(name, func(t *testing.T) {
			res := imported(t, "falcon.csv", []byte(data), Options{}, []string{"Kick;off", "Alert"})
			s := res.Scenario
			if s.Injects[0].Body != "two\nlines" || s.Injects[1].At != 90*scenarios.Minute || s.Title != "Exercise Falcon" {
				t.Errorf("body %q, at %s, title %q", s.Injects[0].Body, s.Injects[1].At.Clock(), s.Title)
			}
		})
	}
}

func TestImportUnreadableTimeFollowsThePrevious(t *testing.T) {
	data := "Subject,Time\nA,T+00:10\nB,soon\nC,\nD,T+00:05\nE,T+00:30\n"
	res := imported(t, "x.csv", []byte(data), Options{}, []string{"A", "B", "C", "D", "E"})
	want := []scenarios.Duration{600, 600, 600, 600, 1800}
	for i, in := range res.Scenario.Injects {
		if in.At != want[i] {
			t.Errorf("%s at %s, want %s", in.Title, in.At.Clock(), want[i].Clock())
		}
	}
	w := res.Summary.Warnings
	if len(w) != 2 || !strings.Contains(w[0], `row 3, column "Time": cannot read "soon"`) || !strings.Contains(w[1], `row 5, column "Time": "T+00:05" is before`) {
		t.Errorf("warnings %q", w)
	}
}

func TestImportNotAMSEL(t *testing.T) {
	for name, data := range map[string]string{
		"csv":         "name,price\napple,3\n",
		"json object": `{"name": "x"}`,
		"json array":  `[{"name": "x"}]`,
		"xls":         "\xD0\xCF\x11\xE0rest",
		"binary":      "\x00\x01\x02\xff\xfe",
		"zip":         "PK\x03\x04junk",
		"header only": "Subject,Time\n,\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Import("f", []byte(data), Options{})
			if err == nil {
				t.Fatal("no error")
			}
			if msg := err.Error(); !strings.Contains(msg, "not a MSEL") && !strings.Contains(msg, "unreadable workbook") && !strings.Contains(msg, "save it as .xlsx") {
				t.Errorf("error %q does not say what was expected", msg)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	for _, tc := range []struct {
		in         string
		serial     bool
		hhmmOffset bool
		sec        int64
		kind       timeKind
	}{
		{"T+01:30", false, false, 5400, offset},
		{"T+01:30:15", false, false, 5415, offset},
		{"+90m", false, false, 5400, offset},
		{"1h30m", false, false, 5400, offset},
		{"90 min", false, false, 5400, offset},
		{"1:30", false, true, 5400, offset},
		{"11:00", false, false, 39600, clock},
		{"07:29 PM", false, false, 19*3600 + 29*60, clock},
		{"12:10 am", false, false, 600, clock},
		{"7pm", false, false, 19 * 3600, clock},
		{"0.8125", true, false, 70200, clock},
		{"45000.5", true, false, 45000*86400 + 43200, timeline},
		{"15", false, false, 900, offset},
		{"J+1 H+2 M-5", false, false, 86400 + 7200 - 300, timeline},
		{"J 09h00", false, false, 9 * 3600, timeline},
		{"J+2 14h30", false, false, 2*86400 + 14*3600 + 1800, timeline},
	} {
		sec, kind, err := parseTime(tc.in, tc.serial, tc.hhmmOffset)
		if err != nil || sec != tc.sec || kind != tc.kind {
			t.Errorf("parseTime(%q) = %d, %d, %v; want %d, %d", tc.in, sec, kind, err, tc.sec, tc.kind)
		}
	}
	for _, bad := range []string{"soon", "25:00", "13 pm", "T+", "-5m"} {
		if _, _, err := parseTime(bad, false, false); err == nil {
			t.Errorf("parseTime(%q): no error", bad)
		}
	}
}

func TestImportObjectivesAndCapabilities(t *testing.T) {
	data := "Subject,Time,To,Expected Action,Objective,Core Capability\n" +
		"A,T+00:00,SOC,Triage,Detect early,DE.AE\n" +
		"B,T+00:10,SOC,\"Isolate\nReset\",Contain fast,RS.MI\n" +
		"C,T+00:20,SOC,Report,Detect early,\n"
	res := imported(t, "o.csv", []byte(data), Options{}, []string{"A", "B", "C"})
	s := res.Scenario
	if len(s.Objectives) != 2 || s.Objectives[0].ID != "detect-early" || s.Objectives[0].Capability != "DE.AE" || s.Objectives[1].Text != "Contain fast" {
		t.Fatalf("objectives %+v", s.Objectives)
	}
	for id, want := range map[string]string{"triage": "detect-early", "isolate": "contain-fast", "reset": "contain-fast", "report": "detect-early"} {
		a, ok := s.Action(id)
		if !ok || a.Expected == nil || a.Expected.Objective != want || a.Role != "soc" {
			t.Errorf("action %s: %+v", id, a)
		}
	}
	if a, _ := s.Action("isolate"); a.Expected.Capability != "RS.MI" || a.Expected.After != "b" {
		t.Errorf("isolate: %+v", a.Expected)
	}
}
