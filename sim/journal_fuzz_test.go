package sim

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// FuzzReadJournal feeds arbitrary bytes to the journal reader and replays
// whatever it accepts against the drill scenario. Nothing may panic; what
// is accepted must round-trip; the intact size must end on a line break.
// The seed corpus is in testdata/fuzz/FuzzReadJournal.
func FuzzReadJournal(f *testing.F) {
	s := loadDrill(f)
	header := `{"format":"ttx-journal","version":1,"scenario":"drill","sha256":"` + s.SHA256 + `","created":"2026-11-28T15:00:00Z","ttx":"dev"}` + "\n"
	f.Add([]byte(header))
	f.Add([]byte(header + `{"seq":1,"kind":"delivered","at":600,"inject":"alert"}` + "\n" + `{"seq":2,"kind":"deci`))
	f.Add([]byte(header + `{"seq":1,"kind":"note","at":0,"text":"hi","phase":"detection","wall":"2026-11-28T15:00:00Z"}` + "\n"))
	// The evaluation kinds, before and after the end.
	f.Add([]byte(header + `{"seq":1,"kind":"rating","at":0,"phase":"containment","rating":"M","note":"late","by":"Dana"}` + "\n" +
		`{"seq":2,"kind":"end","at":60}` + "\n" + `{"seq":3,"kind":"observation","at":60,"type":"improvement","text":"slow","cause":"no plan","inject":"alert"}` + "\n" +
		`{"seq":4,"kind":"hotwash","at":60,"type":"strength","text":"calm"}` + "\n" + `{"seq":5,"kind":"feedback","at":60,"item":"realism","score":4,"role":"lead"}` + "\n" +
		`{"seq":6,"kind":"corrective","at":60,"action":"isolate","owner":"SOC","due":"2027-01-31","org":"IT","start":"2026-12-01","status":"open"}` + "\n" +
		`{"seq":7,"kind":"setting","at":60,"org":"Acme","location":"Room 4","facilitator":"Kim"}` + "\n"))
	// CR LF line ends (read with a warning), a key given twice and speeds
	// outside the clock's range (refused).
	f.Add([]byte(strings.TrimSuffix(header, "\n") + "\r\n" + `{"seq":1,"kind":"note","at":0,"text":"hi"}` + "\r\n"))
	f.Add([]byte(header + `{"seq":1,"kind":"note","at":0,"text":"a","text":"b"}` + "\n"))
	f.Add([]byte(header + `{"seq":1,"kind":"note","at":0,"text":"a","T\u0065XT":"b"}` + "\n"))
	f.Add([]byte(header + `{"seq":1,"kind":"speed","at":0,"speed":1e308}` + "\n"))
	f.Add([]byte(header + `{"seq":1,"kind":"speed","at":0,"speed":60}` + "\n" + `{"seq":2,"kind":"speed","at":0,"speed":0.5}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		j, err := ReadJournal("journal.jsonl", bytes.NewReader(data))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "journal.jsonl:") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if j.Size > int64(len(data)) || j.Size == 0 || data[j.Size-1] != '\n' {
			t.Fatalf("intact size %d of %d bytes does not end a line", j.Size, len(data))
		}
		// At most one warning for CR LF line ends (iff an intact line
		// ends in CR) and one for a torn last line (iff the intact part is
		// shorter than the input).
		torn, crlf := 0, 0
		for _, w := range j.Warnings {
			switch {
			case strings.Contains(w, "incomplete last line"):
				torn++
			case strings.Contains(w, "ends in CR LF"):
				crlf++
			default:
				t.Fatalf("unexpected warning %q", w)
			}
		}
		if torn > 1 || crlf > 1 || (torn == 1) != (j.Size < int64(len(data))) || (crlf == 1) != bytes.Contains(data[:j.Size], []byte("\r\n")) {
			t.Fatalf("warnings %q for intact size %d of %d", j.Warnings, j.Size, len(data))
		}
		// Writing the accepted events again must read back the same.
		var buf bytes.Buffer
		if err := marshalLine(&buf, &j.Header); err != nil {
			t.Fatal(err)
		}
		for i := range j.Events {
			if err := marshalLine(&buf, &j.Events[i]); err != nil {
				t.Fatal(err)
			}
		}
		again, err := ReadJournal("journal.jsonl", &buf)
		if err != nil {
			t.Fatalf("re-reading what was accepted: %v", err)
		}
		if !eventsEqual(again.Events, j.Events) {
			t.Fatal("events changed in a write/read round trip")
		}
		e, err := Replay(s, j.Events)
		if err != nil {
			var re *ReplayError
			if !errors.As(err, &re) || re.Seq < 1 || re.Seq > len(j.Events) {
				t.Fatalf("replay error without a valid event number: %v", err)
			}
			return
		}
		if got := e.Events(); !eventsEqual(got, j.Events) {
			t.Fatal("replayed engine holds other events than the journal")
		}
	})
}
