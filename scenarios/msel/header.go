package msel

import (
	"strings"
	"unicode"
)

// field is the scenario key a column maps to.
type field int

const (
	fNone field = iota
	fID
	fNumber
	fTime
	fStory
	fPhase
	fFrom
	fTo
	fMethod
	fTitle
	fBody
	fExpected
	fPoll
	fQuestions
	fAttack
	fNotes
	fObjective
	fCapability
)

// fieldNames say where a column went, in the summary.
var fieldNames = map[field]string{
	fNone:       "facilitator_notes (as \"Column: value\")",
	fID:         "inject id",
	fTime:       "at",
	fStory:      "story_time",
	fPhase:      "phase",
	fFrom:       "from",
	fTo:         "to (roles)",
	fMethod:     "channel",
	fTitle:      "title",
	fBody:       "body",
	fExpected:   "expected actions (after: the inject)",
	fPoll:       "choices (a decision point, one action per option)",
	fQuestions:  "questions",
	fAttack:     "attack",
	fNotes:      "facilitator_notes",
	fObjective:  "objectives (of the row's expected actions)",
	fCapability: "capability (of the row's objective and expected actions)",
}

// synonyms maps a normalised header (see normHeader) to its field.
var synonyms = map[string]field{}

func init() {
	for f, words := range map[field][]string{
		fID:         {"id", "inject id", "injectid", "source reference", "reference", "ref", "inject ref", "inject reference"},
		fNumber:     {"#", "no", "nr", "number", "event #", "msel #", "inject #", "event no", "event number", "inject number", "inject no", "serial", "seq", "sequence"},
		fTime:       {"scenario time", "event time", "real time", "scheduled time", "time", "inject time", "exercise time", "delivery time", "timing", "relative time", "planned time", "offset", "time offset", "start time", "dependency time"},
		fStory:      {"story time", "date", "day", "story date", "scenario date", "in story time", "in story date", "date time", "storyline time", "simulated time"},
		fPhase:      {"phase", "incident phase", "stage", "ir phase"},
		fFrom:       {"from", "send from", "send from simulated", "sent from", "source", "sender", "simulated sender", "originator", "author"},
		fTo:         {"to", "player", "players", "send to", "send to recipient players", "recipient", "recipients", "target", "targets", "audience", "recipient players", "sent to", "team"},
		fMethod:     {"method", "inject mode", "delivery method", "mode", "channel", "medium", "delivery mode", "inject method", "delivery"},
		fTitle:      {"subject", "title", "inject", "inject title", "event", "event title", "headline", "inject name", "event name"},
		fBody:       {"description", "script", "event description", "description script", "body", "content", "message", "details", "text", "inject description", "inject text"},
		fExpected:   {"expected action", "expected actions", "expected outcome", "expected outcomes", "expected response", "expected player action", "expected player actions", "expected player response"},
		fPoll:       {"poll", "options", "choices", "decision options"},
		fQuestions:  {"questions", "discussion questions", "key questions", "questions for discussion"},
		fAttack:     {"att&ck", "attack", "mitre att&ck", "mitre attack", "technique", "techniques", "att&ck technique", "ttp", "ttps"},
		fNotes:      {"notes", "note", "facilitator notes", "controller notes", "comments notes", "comments", "remarks"},
		fObjective:  {"objective", "objectives", "exercise objective", "exercise objectives"},
		fCapability: {"core capability", "capability", "core capabilities", "capabilities"},
	} {
		for _, w := range words {
			synonyms[normHeader(w)] = f
		}
	}
}

// normHeader folds a header to the letters, digits, # and & it holds, in
// lower case: "SEND FROM\n(SIMULATED)", "Send From (Simulated)" and
// "sendFrom_simulated" are the same header.
func normHeader(h string) string {
	var b strings.Builder
	for _, r := range h {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '#' || r == '&':
			b.WriteRune(r)
		}
	}
	return b.String()
}

// column is one column of the event table.
type column struct {
	header string // as written, on one line
	f      field
}

// headerScan is how many rows may come before the header (title rows).
const headerScan = 30

// findHeader returns the index of the header row, the first of the first
// headerScan rows that names a title or a description column and at least
// one other known column, and its columns. A field named twice maps at its
// first column; the others are kept as notes.
func findHeader(t *table) (int, []column, bool) {
	for i := 0; i < len(t.rows) && i < headerScan; i++ {
		cols := headerColumns(t.rows[i])
		known, text := 0, false
		for _, c := range cols {
			if c.f != fNone {
				known++
			}
			text = text || c.f == fTitle || c.f == fBody
		}
		if text && known >= 2 {
			return i, cols, true
		}
	}
	return 0, nil, false
}

func headerColumns(row []string) []column {
	seen := map[field]bool{}
	cols := make([]column, len(row))
	for j, h := range row {
		c := column{header: strings.Join(strings.Fields(h), " ")}
		if f, ok := synonyms[normHeader(h)]; ok && !seen[f] {
			c.f, seen[f] = f, true
		}
		cols[j] = c
	}
	return cols
}
