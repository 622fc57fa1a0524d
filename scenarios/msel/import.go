package msel

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/ttx-sim/ttx/scenarios"
)

// Options are the choices of `ttx import`.
type Options struct {
	Sheet string // XLSX: read this sheet; "": the first with an event table
	ID    string // the scenario id; "": from the file name
}

// ErrSheetNotXLSX is returned for Options.Sheet with a file that is no workbook.
var ErrSheetNotXLSX = errors.New("--sheet applies to XLSX workbooks only")

// Result is an imported scenario and what the import did.
type Result struct {
	YAML     []byte              // the scenario file
	Scenario *scenarios.Scenario // YAML, loaded
	Summary  Summary
}

// Summary is what Import mapped, for the person who imports.
type Summary struct {
	File      string
	Format    Format
	Sheet     string // "" for CSV and JSON
	HeaderRow int    // 1-based
	Rows      int    // rows after the header, blank ones included
	Injects   int
	Roles     int
	Expected  int // expected actions made
	Decisions int // decision points made
	Columns   []ColumnMap
	Skipped   []Skip
	Blank     int // blank rows skipped
	Warnings  []string
	Spacing   string // how rows without times were placed, when there is no time column
}

// ColumnMap says where one source column went.
type ColumnMap struct{ Header, To string }

// Skip is a row that made no inject.
type Skip struct {
	Row int
	Why string
}

// spacing is how far apart injects are placed when the file has no time column.
const spacing = 5 * scenarios.Minute

// Import reads a MSEL (CSV, XLSX or T3SF JSON, told apart by content) and
// returns the scenario it makes. name is the file's name, for messages and
// the default id. The scenario loads without errors (it is loaded before it
// is returned); its warnings are the reviewer's to-do list.
func Import(name string, data []byte, o Options) (*Result, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("%s: the file has %d bytes, more than the %d a MSEL import reads", name, len(data), MaxFileSize)
	}
	format, err := sniff(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if o.Sheet != "" && format != FormatXLSX {
		return nil, ErrSheetNotXLSX
	}
	var tables []*table
	var sheets []string
	switch format {
	case FormatXLSX:
		tables, sheets, err = readXLSX(data, o.Sheet)
		if err == nil && o.Sheet != "" && len(tables) == 0 {
			err = fmt.Errorf("the workbook has no sheet %q; its sheets: %s", o.Sheet, quoteList(sheets))
		}
	case FormatJSON:
		var t *table
		t, err = readJSON(data)
		tables = []*table{t}
	default:
		var t *table
		t, err = readCSV(data)
		tables = []*table{t}
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	for _, t := range tables {
		h, cols, ok := findHeader(t)
		if !ok {
			continue
		}
		res, err := build(name, format, t, h, cols, o)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		return res, nil
	}
	what := "no header row with a Subject/Title or Description column and one more known column (Time, To, From, …)"
	switch {
	case format == FormatXLSX && o.Sheet != "":
		return nil, fmt.Errorf("%s: not a MSEL: sheet %q has %s in its first %d rows", name, o.Sheet, what, headerScan)
	case format == FormatXLSX:
		return nil, fmt.Errorf("%s: not a MSEL: no sheet has an event table (%s in the first %d rows); sheets: %s", name, what, headerScan, quoteList(sheets))
	case format == FormatJSON:
		return nil, fmt.Errorf("%s: not a MSEL: the objects have no Subject or Script key and one more known key (Real Time, Player, From, …)", name)
	}
	return nil, fmt.Errorf("%s: not a MSEL: %s in the first %d rows", name, what, headerScan)
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	if len(q) == 0 {
		return "none"
	}
	return strings.Join(q, ", ")
}

// builder collects the scenario while the rows are read.
type builder struct {
	sum          *Summary
	file         scenarioFile
	roleIdx      map[string]int // role id → index
	actionIDs    *ids
	injectIDs    *ids
	objectives   map[string]string // objective text → id
	objectiveIDs *ids
	phase        scenarios.Phase // the last phase a row mapped to
}

// build maps the table t, whose header is row h, to a scenario.
func build(name string, format Format, t *table, h int, cols []column, o Options) (*Result, error) {
	sum := Summary{File: name, Format: format, Sheet: t.name, HeaderRow: h + 1}
	b := &builder{sum: &sum, roleIdx: map[string]int{}, actionIDs: newIDs(), injectIDs: newIDs(), objectives: map[string]string{}, objectiveIDs: newIDs()}
	has := map[field]int{}
	for j, c := range cols {
		if c.f != fNone {
			has[c.f] = j
		}
	}
	_, hasID := has[fID]
	for _, c := range cols {
		if c.header == "" {
			continue
		}
		to := fieldNames[c.f]
		if c.f == fNumber {
			to = "inject id"
			if hasID {
				to = fieldNames[fNone]
			}
		}
		sum.Columns = append(sum.Columns, ColumnMap{Header: c.header, To: to})
	}
	timeCol, hasTime := has[fTime]
	hhmmOffset := false
	if hasTime {
		for _, row := range t.rows[h+1:] {
			if timeCol < len(row) {
				if m := reHHMM.FindStringSubmatch(strings.TrimSpace(row[timeCol])); m != nil {
					hhmmOffset = m[1] == "0" || m[1] == "00"
					break
				}
			}
		}
	} else {
		sum.Spacing = fmt.Sprintf("no time column: injects placed %s apart, in file order", spacing)
	}

	var prevAt scenarios.Duration
	var base, prevClock, days int64
	haveBase, haveClock := false, false
	for r := h + 1; r < len(t.rows); r++ {
		row := t.rows[r]
		rowNo := r + 1 // 1-based, as a spreadsheet numbers rows
		cell := func(f field) string {
			if j, ok := has[f]; ok && j < len(row) {
				return row[j]
			}
			return ""
		}
		sum.Rows++
		if slices.IndexFunc(row, func(c string) bool { return c != "" }) < 0 {
			sum.Blank++
			continue
		}
		title, body := cell(fTitle), cell(fBody)
		if title == "" && body == "" {
			sum.Skipped = append(sum.Skipped, Skip{rowNo, "no title or description"})
			continue
		}
		if isHeaderAgain(row, cols) {
			sum.Skipped = append(sum.Skipped, Skip{rowNo, "the header repeated"})
			continue
		}
		// The time.
		at := prevAt
		if !hasTime {
			if len(b.file.Injects) > 0 {
				at = prevAt + spacing
			}
		} else if v := cell(fTime); v != "" {
			sec, kind, err := parseTime(v, t.serial, hhmmOffset)
			switch {
			case err != nil:
				sum.Warnings = append(sum.Warnings, fmt.Sprintf("row %d, column %q: %v; imported at the previous row's time (%s)", rowNo, cols[timeCol].header, err, prevAt.Clock()))
			default:
				if kind == clock {
					if haveClock && sec+days*86400 < prevClock {
						days++
					}
					sec += days * 86400
					prevClock, haveClock = sec, true
				}
				var abs int64 = sec
				if kind != offset {
					if !haveBase {
						base, haveBase = sec, true
					}
					abs = sec - base
				}
				if scenarios.Duration(abs) < prevAt {
					sum.Warnings = append(sum.Warnings, fmt.Sprintf("row %d, column %q: %q is before the previous row's time; imported at %s", rowNo, cols[timeCol].header, v, prevAt.Clock()))
				} else {
					at = scenarios.Duration(abs)
				}
			}
		}
		prevAt = at
		b.row(row, cols, has, hasID, at)
	}
	if len(b.file.Injects) == 0 {
		return nil, fmt.Errorf("not a MSEL: the event table (header on row %d) has no row with a title or a description", h+1)
	}
	b.finish(name, t, h, o)
	data, err := b.file.marshal()
	if err != nil {
		return nil, err
	}
	if len(data) > scenarios.MaxFileSize {
		return nil, fmt.Errorf("the scenario would have %d bytes, more than a scenario file may (%d): split the MSEL", len(data), scenarios.MaxFileSize)
	}
	s, err := scenarios.Parse(b.file.ID+".yaml", data)
	if err != nil {
		return nil, fmt.Errorf("internal error: the imported scenario does not load (please report this with the file): %v", err)
	}
	sum.Injects = len(b.file.Injects)
	sum.Roles = len(b.file.Roles)
	return &Result{YAML: data, Scenario: s, Summary: sum}, nil
}

// isHeaderAgain reports whether row repeats the header (tables pasted one
// under the other).
func isHeaderAgain(row []string, cols []column) bool {
	same := 0
	for j, c := range cols {
		if c.f != fNone && j < len(row) && normHeader(row[j]) == normHeader(c.header) {
			same++
		}
	}
	return same >= 2
}

var (
	reAttack = regexp.MustCompile(`^T\d{4}(\.\d{3})?$`)
	reBullet = regexp.MustCompile(`^\s*(?:[-*•·‣–]|\d{1,3}[.)]|[a-z][.)])\s+`)
)

// lines splits a cell into its non-empty lines, without list bullets.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(reBullet.ReplaceAllString(l, ""))
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}

// row adds the inject of one event row.
func (b *builder) row(row []string, cols []column, has map[field]int, hasID bool, at scenarios.Duration) {
	cell := func(f field) string {
		if j, ok := has[f]; ok && j < len(row) {
			return row[j]
		}
		return ""
	}
	var notes []string
	keep := func(header, v string) { notes = append(notes, header+": "+v) }
	in := injectFile{At: at.String(), Title: oneLine(cell(fTitle)), Body: cell(fBody), From: oneLine(cell(fFrom)), StoryTime: oneLine(cell(fStory))}
	if in.Title == "" {
		in.Title = firstWords(in.Body)
	}
	// The id: the ID column, else the # column, else the title.
	idSrc := cell(fID)
	if !hasID {
		idSrc = cell(fNumber)
		if idSrc != "" && strings.Trim(idSrc, "0123456789") == "" {
			idSrc = "inject-" + idSrc
		}
	}
	if slug(idSrc) == "" {
		idSrc = in.Title
	}
	in.ID = b.injectIDs.unique(slugOr(idSrc, "inject"))
	// Recipients.
	for _, name := range splitNames(cell(fTo)) {
		if isEveryone(name) {
			in.To = nil
			break
		}
		id := b.role(name)
		if !slices.Contains(in.To, id) {
			in.To = append(in.To, id)
		}
	}
	if m := cell(fMethod); m != "" {
		ch, ok := channel(m)
		if ch != scenarios.ChannelOther {
			in.Channel = string(ch)
		}
		if !ok {
			keep(cols[has[fMethod]].header, m)
		}
	}
	if p := cell(fPhase); p != "" {
		if ph, ok := phaseOf(p); ok {
			in.Phase = string(ph)
			b.phase = ph
		} else {
			keep(cols[has[fPhase]].header, p)
		}
	}
	if a := cell(fAttack); a != "" {
		ids := strings.FieldsFunc(a, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '/' })
		ok := len(ids) > 0
		for _, id := range ids {
			ok = ok && reAttack.MatchString(strings.ToUpper(id))
		}
		if ok {
			for _, id := range ids {
				in.Attack = append(in.Attack, strings.ToUpper(id))
			}
		} else {
			keep(cols[has[fAttack]].header, a)
		}
	}
	in.Questions = lines(cell(fQuestions))
	// Objective and capability of the row's expected actions.
	objective, capability := oneLine(cell(fObjective)), oneLine(cell(fCapability))
	objID := ""
	if objective != "" {
		var ok bool
		if objID, ok = b.objectives[objective]; !ok {
			objID = b.objectiveIDs.unique(slugOr(objective, "objective"))
			b.objectives[objective] = objID
			b.file.Objectives = append(b.file.Objectives, objectiveFile{ID: objID, Text: objective, Capability: capability})
		}
	}
	phase := b.actionPhase()
	var role string
	if len(in.To) > 0 {
		role = in.To[0]
	}
	for _, label := range lines(cell(fExpected)) {
		id := b.actionIDs.unique(slugOr(label, "action"))
		b.file.Actions = append(b.file.Actions, actionFile{ID: id, Label: label, Phase: string(phase), Role: role,
			Expected: &expectedFile{After: in.ID, Objective: objID, Capability: capability, Recommendation: recommendationPlaceholder}})
		b.sum.Expected++
	}
	if p := cell(fPoll); p != "" {
		var options []string
		for _, opt := range strings.Split(p, "|") {
			if opt = oneLine(opt); opt != "" {
				options = append(options, opt)
			}
		}
		if len(options) >= 2 {
			for _, opt := range options {
				id := b.actionIDs.unique(slugOr(in.ID+"-"+opt, "choice"))
				b.file.Actions = append(b.file.Actions, actionFile{ID: id, Label: opt, Phase: string(phase), Role: role, AvailableAfter: in.ID})
				in.Choices = append(in.Choices, id)
			}
			b.sum.Decisions++
		} else {
			keep(cols[has[fPoll]].header, p)
		}
	}
	// Notes: the Notes column, then every column that maps to nothing.
	var text []string
	if n := cell(fNotes); n != "" {
		text = append(text, n)
	}
	for j, c := range cols {
		if j >= len(row) || row[j] == "" {
			continue
		}
		if c.f == fNone || c.f == fNumber && hasID {
			header := c.header
			if header == "" {
				header = fmt.Sprintf("Column %d", j+1)
			}
			keep(header, row[j])
		}
	}
	text = append(text, notes...)
	in.Notes = strings.Join(text, "\n")
	b.file.Injects = append(b.file.Injects, in)
}

// recommendationPlaceholder is the recommendation of an imported expected
// action; `ttx validate` warns about it until someone writes one.
const recommendationPlaceholder = scenarios.RecommendationPlaceholder + " write the corrective action the gap report proposes when this is missed or late"

// actionPhase is the phase of the actions a row makes: the last phase a
// row mapped to, else detection.
func (b *builder) actionPhase() scenarios.Phase {
	if b.phase != "" {
		return b.phase
	}
	return scenarios.Detection
}

// role returns the id of the role named name, adding it the first time.
func (b *builder) role(name string) string {
	id := slugOr(name, "role")
	if _, ok := b.roleIdx[id]; !ok {
		b.roleIdx[id] = len(b.file.Roles)
		b.file.Roles = append(b.file.Roles, roleFile{ID: id, Name: name})
	}
	return id
}

// finish fills the top level.
func (b *builder) finish(name string, t *table, h int, o Options) {
	f := &b.file
	f.TTX = scenarios.FormatVersion
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	f.ID = o.ID
	if f.ID == "" {
		f.ID = slugOr(base, "imported-msel")
	}
	f.Title = base
	for _, row := range t.rows[:h] { // a title row above the header
		if i := slices.IndexFunc(row, func(c string) bool { return c != "" }); i >= 0 {
			f.Title = oneLine(row[i])
			break
		}
	}
	where := string(b.sum.Format)
	if b.sum.Sheet != "" {
		where += fmt.Sprintf(", sheet %q", b.sum.Sheet)
	}
	f.Summary = fmt.Sprintf("Imported from the MSEL %s (%s). Write here the briefing read to the players before the start.\n", filepath.Base(name), where)
	last := scenarios.Duration(0)
	for _, in := range f.Injects {
		d, _ := scenarios.ParseDuration(in.At)
		last = max(last, d)
	}
	// The planned length: 15 minutes after the last inject, in quarter hours.
	dur := (last + 15*scenarios.Minute + 15*scenarios.Minute - 1) / (15 * scenarios.Minute) * (15 * scenarios.Minute)
	f.Duration = dur.String()
	if len(f.Roles) == 0 {
		f.Roles = []roleFile{{ID: "players", Name: "Players", Description: "Everyone who plays: the MSEL names no recipients."}}
	}
	if len(f.Actions) == 0 {
		f.Actions = []actionFile{{ID: "record-decision", Label: "Record a decision (the MSEL lists no expected actions)", Phase: string(scenarios.Detection)}}
	}
	// Actions must be in the phases list; keep the default (all six).
}

// splitNames splits a recipients cell at ; , and line breaks.
func splitNames(s string) []string {
	var out []string
	for _, n := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == '\n' }) {
		if n = oneLine(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

func isEveryone(name string) bool {
	switch normHeader(name) {
	case "allparticipants", "allplayers", "all", "everyone", "everybody", "allteams", "allroles", "allstaff":
		return true
	}
	return false
}

// channel maps a delivery method to a channel; ok is false when the words
// name none (the method is then kept in the notes).
func channel(m string) (scenarios.Channel, bool) {
	words := strings.FieldsFunc(strings.ToLower(m), func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') })
	join := strings.Join(words, " ")
	for _, w := range words {
		switch w {
		case "email", "mail", "e", "outlook", "inbox", "letter":
			return scenarios.ChannelEmail, true
		case "phone", "telephone", "call", "radio", "voice", "voicemail", "hotline", "cell":
			return scenarios.ChannelPhone, true
		case "chat", "slack", "teams", "sms", "text", "im", "whatsapp", "signal", "message", "messaging":
			return scenarios.ChannelChat, true
		case "alert", "siem", "edr", "alarm", "monitoring", "soc", "xdr", "ids":
			return scenarios.ChannelAlert, true
		case "ticket", "jira", "servicenow", "helpdesk", "itsm":
			return scenarios.ChannelTicket, true
		case "news", "media", "press", "tv", "social", "twitter", "website", "newspaper", "broadcast":
			return scenarios.ChannelNews, true
		case "report", "document", "memo", "briefing", "handout", "paper", "brief", "sitrep":
			return scenarios.ChannelReport, true
		case "other", "verbal", "person", "facilitator", "spoken":
			return scenarios.ChannelOther, true
		}
	}
	if strings.Contains(join, "face to face") || strings.Contains(join, "e mail") {
		if strings.Contains(join, "e mail") {
			return scenarios.ChannelEmail, true
		}
		return scenarios.ChannelOther, true
	}
	return scenarios.ChannelOther, false
}

// phaseOf maps the words of a phase cell to a ttx phase: the first word
// that names one ("Containment, Eradication & Recovery" is containment).
func phaseOf(p string) (scenarios.Phase, bool) {
	words := strings.FieldsFunc(strings.ToLower(p), func(r rune) bool { return !(r >= 'a' && r <= 'z') })
	for i, w := range words {
		switch {
		case strings.HasPrefix(w, "prepar"):
			return scenarios.Preparation, true
		case strings.HasPrefix(w, "detect"), strings.HasPrefix(w, "identif"), w == "analysis", w == "triage":
			return scenarios.Detection, true
		case strings.HasPrefix(w, "contain"):
			return scenarios.Containment, true
		case strings.HasPrefix(w, "eradicat"):
			return scenarios.Eradication, true
		case strings.HasPrefix(w, "recover"), strings.HasPrefix(w, "restor"):
			return scenarios.Recovery, true
		case w == "post" && i+1 < len(words) && words[i+1] == "incident", w == "postincident", w == "lessons", w == "aar":
			return scenarios.PostIncident, true
		}
	}
	return "", false
}

// slug makes an id of s: lower-case letters and digits, dashes between
// words, at most 48 characters ("" when nothing is left).
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if b.Len() >= 48 {
			break
		}
	}
	return strings.Trim(truncate(b.String(), 48), "-")
}

func slugOr(s, fallback string) string {
	if v := slug(s); v != "" {
		return v
	}
	return fallback
}

func truncate(s string, n int) string {
	if len(s) > n {
		return strings.TrimRight(s[:n], "-")
	}
	return s
}

// ids hands out unique ids: id, then id-2, id-3… for the same base.
type ids struct {
	seen map[string]bool
	next map[string]int // base → the next suffix to try
}

func newIDs() *ids { return &ids{seen: map[string]bool{}, next: map[string]int{}} }

// unique returns id, or the first id-N not yet handed out, and marks it.
func (u *ids) unique(id string) string {
	out := id
	n := max(u.next[id], 2)
	for u.seen[out] {
		out = fmt.Sprintf("%s-%d", truncate(id, 58), n)
		n++
	}
	u.next[id] = n
	u.seen[out] = true
	return out
}

// firstWords is a title made of the start of a body.
func firstWords(body string) string {
	t := oneLine(body)
	if r := []rune(t); len(r) > 80 {
		return string(r[:77]) + "…"
	}
	return t
}
