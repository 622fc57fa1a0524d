package sim

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// Journal format identifiers (docs/journal-format.md).
const (
	JournalFormat  = "ttx-journal"
	JournalVersion = 1
)

// MaxJournalLine is the longest journal line the reader accepts (bytes). The
// engine's text limits keep every line it writes far below it.
const MaxJournalLine = 1 << 20

// Header is the first line of a journal.
type Header struct {
	Format   string    `json:"format"`   // always JournalFormat
	Version  int       `json:"version"`  // JournalVersion
	Scenario string    `json:"scenario"` // scenario id
	SHA256   string    `json:"sha256"`   // hex sha256 of scenario.yaml
	Created  time.Time `json:"created"`  // wall time the session was created
	TTX      string    `json:"ttx"`      // version of ttx that created it
	// Practice marks a training run (played with --coach): trend reports
	// leave it out unless asked. Absent in older journals: not practice.
	Practice bool `json:"practice,omitempty"`
	// The exercise's setting, for the after-action report's overview
	// (ttx play/run --org, --location, --facilitator). Absent: not given.
	Org         string `json:"org,omitempty"`
	Location    string `json:"location,omitempty"`
	Facilitator string `json:"facilitator,omitempty"`
}

// Journal is the content of a journal file as read: its header, its events
// and what was recovered from.
type Journal struct {
	Header Header
	Events []Event
	// Warnings lists what was recovered from (a torn last line) and what
	// was read leniently (lines ending in CR LF).
	Warnings []string
	// Size is the length of the intact part of the file: everything after it
	// (a torn last line) is to be truncated away before appending.
	Size int64

	read int64 // bytes read: Size plus a torn last line
}

// ReadJournal reads a journal. name is used in messages ("name:line: …").
// A last line without its newline is a torn write (the process or machine
// died while appending it, so it was never acknowledged): it is dropped with
// a warning. Any other damage is an error naming the line. Lines are read
// through MaxJournalLine: a longer line, a torn one included (no ttx write is
// that long, so it is damage, not an interrupted append), is an error as
// soon as its first MaxJournalLine+1 bytes are read, so a huge or endless
// file costs no more than that.
//
// ttx ends every line with LF alone. Lines ending in CR LF (the file went
// through an editor or a Windows checkout) are read as if they ended in LF,
// with one warning naming the first such line; the file is left as it is.
func ReadJournal(name string, r io.Reader) (*Journal, error) {
	j := &Journal{}
	br := bufio.NewReaderSize(r, 64<<10)
	var buf []byte
	crlf := false
	for line := 1; ; line++ {
		text, complete, err := readLine(br, &buf)
		if err != nil {
			if errors.Is(err, errLineTooLong) {
				return nil, fmt.Errorf("%s:%d: line too long (more than %d bytes)", name, line, MaxJournalLine)
			}
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if !complete {
			switch {
			case len(text) > 0 && line == 1:
				return nil, fmt.Errorf("%s:1: the header line is incomplete", name)
			case line == 1:
				return nil, fmt.Errorf("%s: empty journal (no header line)", name)
			case len(text) > 0:
				j.Warnings = append(j.Warnings, fmt.Sprintf("%s:%d: incomplete last line (%d bytes, an interrupted write) dropped", name, line, len(text)))
				j.read = j.Size + int64(len(text))
			default:
				j.read = j.Size
			}
			return j, nil
		}
		n := int64(len(text)) + 1
		if len(text) > 0 && text[len(text)-1] == '\r' {
			text = text[:len(text)-1]
			if !crlf {
				crlf = true
				j.Warnings = append(j.Warnings, fmt.Sprintf("%s:%d: the line ends in CR LF, not LF (the file was edited or converted): read as if it ended in LF", name, line))
			}
		}
		if err := j.parseLine(name, line, text); err != nil {
			return nil, err
		}
		j.Size += n
	}
}

// errLineTooLong is readLine's error for a line over MaxJournalLine.
var errLineTooLong = errors.New("line too long")

// readLine reads one line into *buf, without its newline; complete is false
// at the end of the input (text is then what follows the last newline).
func readLine(br *bufio.Reader, buf *[]byte) (text []byte, complete bool, err error) {
	*buf = (*buf)[:0]
	for {
		chunk, err := br.ReadSlice('\n')
		if len(*buf)+len(chunk) > MaxJournalLine+1 || len(*buf)+len(chunk) == MaxJournalLine+1 && err != nil {
			return nil, false, errLineTooLong
		}
		*buf = append(*buf, chunk...)
		switch {
		case err == nil:
			return (*buf)[:len(*buf)-1], true, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return *buf, false, nil
		default:
			return nil, false, err
		}
	}
}

// parseLine checks one complete line (1-based) and adds it to j.
func (j *Journal) parseLine(name string, line int, text []byte) error {
	if line == 1 {
		if err := decodeStrict(text, &j.Header); err != nil {
			return fmt.Errorf("%s:1: invalid header: %v", name, err)
		}
		if err := j.Header.check(); err != nil {
			return fmt.Errorf("%s:1: %v", name, err)
		}
		return nil
	}
	var ev Event
	if err := decodeStrict(text, &ev); err != nil {
		return fmt.Errorf("%s:%d: invalid event: %v", name, line, err)
	}
	if ev.Seq != line-1 {
		return fmt.Errorf("%s:%d: event has sequence number %d, want %d", name, line, ev.Seq, line-1)
	}
	if !ev.Kind.valid() {
		return fmt.Errorf("%s:%d: unknown event kind %q", name, line, ev.Kind)
	}
	j.Events = append(j.Events, ev)
	return nil
}

func (h *Header) check() error {
	switch {
	case h.Format != JournalFormat:
		return fmt.Errorf("not a ttx journal (format %q)", h.Format)
	case h.Version != JournalVersion:
		return fmt.Errorf("journal format version %d is not supported (this ttx reads version %d)", h.Version, JournalVersion)
	case h.Scenario == "":
		return errors.New("header names no scenario")
	case len(h.SHA256) != 64:
		return fmt.Errorf("header has an invalid sha256 %q", h.SHA256)
	}
	return nil
}

func (k Kind) valid() bool {
	switch k {
	case KindDelivered, KindSkipped, KindDecision, KindPhase, KindNote, KindPause, KindResume, KindSpeed, KindCorrective, KindEnd,
		KindRating, KindObservation, KindHotWash, KindFeedback, KindStrike, KindWithhold,
		KindAdHoc, KindLength, KindJoin, KindLeave, KindSetting:
		return true
	}
	return false
}

// decodeStrict decodes one JSON object, rejecting unknown fields, a key
// given twice and anything after the object.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("unexpected data after the JSON object")
	}
	if key, ok := duplicateKey(data); ok {
		return fmt.Errorf("the key %q is given twice", key)
	}
	return nil
}

// duplicateKey returns a key that occurs twice among the top-level keys of
// data, one valid JSON object (decodeStrict has decoded it). encoding/json
// would keep the last value silently; it also matches keys to fields
// without regard to case, so "text" and "Text" are the same key here too.
func duplicateKey(data []byte) (string, bool) {
	var seen [40][]byte // more keys than Event has fields: unknown fields are refused before
	n := 0
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return "", false
	}
	i++
	for {
		i = skipSpace(data, i)
		if i >= len(data) || data[i] != '"' {
			return "", false // '}': the end of the object
		}
		end := stringEnd(data, i)
		key := data[i+1 : end-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			var s string
			if json.Unmarshal(data[i:end], &s) == nil {
				key = []byte(s)
			}
		}
		for _, k := range seen[:n] {
			if bytes.EqualFold(k, key) {
				return string(key), true
			}
		}
		if n < len(seen) {
			seen[n] = key
			n++
		}
		i = skipValue(data, end)
		if i >= len(data) || data[i] != ',' {
			return "", false
		}
		i++
	}
}

// skipSpace returns the index of the first byte from i that is not JSON
// white space.
func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index just after the JSON string starting at i.
func stringEnd(data []byte, i int) int {
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(data)
}

// skipValue skips the ':' after a key and the value after it, returning the
// index of the ',' or '}' that follows.
func skipValue(data []byte, i int) int {
	depth := 0
	for ; i < len(data); i++ {
		switch data[i] {
		case '"':
			i = stringEnd(data, i) - 1
		case '{', '[':
			depth++
		case ']':
			depth--
		case '}':
			if depth == 0 {
				return i
			}
			depth--
		case ',':
			if depth == 0 {
				return i
			}
		}
	}
	return i
}

// marshalLine encodes v as one journal line, newline included. HTML
// escaping is off so that journals stay readable.
func marshalLine(buf *bytes.Buffer, v any) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// journalFile appends events to a journal file, durably.
type journalFile struct {
	f      *os.File
	path   string      // the journal's path in its session folder
	id     os.FileInfo // f's identity (device and inode), to compare with path's
	size   int64       // bytes known to be durable
	broken error       // set after a failed write: nothing more is appended
	closed bool
}

// ErrSessionClosed is returned by engine calls after the session's Close.
var ErrSessionClosed = errors.New("the session is closed")

// write appends one line per event and syncs the file. On failure it tries
// to cut the file back to its last good size and refuses further writes:
// after a failed fsync the file's content cannot be trusted (the engine
// state stays unchanged, so nothing unrecorded is ever acknowledged).
func (j *journalFile) write(evs []Event) error {
	if j.closed {
		return ErrSessionClosed
	}
	if j.broken != nil {
		return fmt.Errorf("the journal cannot be written since an earlier failure: %w", j.broken)
	}
	var buf bytes.Buffer
	for i := range evs {
		if err := marshalLine(&buf, &evs[i]); err != nil {
			return fmt.Errorf("encoding a journal event: %w", err)
		}
	}
	return j.append(buf.Bytes())
}

// append writes lines at the end of the durable part and syncs them; see
// write for what a failure does.
func (j *journalFile) append(lines []byte) error {
	_, err := j.f.WriteAt(lines, j.size)
	if err == nil {
		err = fsync(j.f, "journal", cmp.Or(j.path, j.f.Name()))
	}
	if err == nil {
		err = j.stillAtPath()
	}
	if err != nil {
		j.broken = err
		_ = j.f.Truncate(j.size)
		return fmt.Errorf("writing the journal: %w", unwrapPath(err))
	}
	j.size += int64(len(lines))
	return nil
}

// check is Session.Check.
// After Close it still says whether what was written is at the session's
// path (then ErrSessionClosed), for the front end's last word.
func (j *journalFile) check() error {
	if j.broken != nil {
		return fmt.Errorf("the journal cannot be written since an earlier failure: %w", j.broken)
	}
	if err := j.stillAtPath(); err != nil {
		j.broken = err
		return err
	}
	if j.closed {
		return ErrSessionClosed
	}
	return nil
}

// ErrJournalGone is wrapped by the error of every write once the open
// journal is no longer the file at the session's path (the folder was
// deleted, moved or replaced): nothing is being saved.
var ErrJournalGone = errors.New("nothing is being saved")

// watch remembers the identity of the open file, the journal at path.
func (j *journalFile) watch(path string) error {
	fi, err := j.f.Stat()
	if err != nil {
		return fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	j.path, j.id = path, fi
	return nil
}

// stillAtPath checks that the open file is still the file at the session's
// path: a session folder deleted, moved or replaced while it is open would
// otherwise take appends into an unlinked file, acknowledged but lost.
func (j *journalFile) stillAtPath() error {
	if j.id == nil {
		return nil // not watched yet: the header of a session being created
	}
	fi, err := os.Lstat(j.path)
	if err != nil {
		return fmt.Errorf("%s is gone (%v): %w", j.path, unwrapPath(err), ErrJournalGone)
	}
	if !os.SameFile(fi, j.id) {
		return fmt.Errorf("%s was replaced by another file: %w", j.path, ErrJournalGone)
	}
	return nil
}

// syncTrace, when set (by tests), is told of every sync that succeeded:
// "journal" after the journal's, "file" after scenario.yaml's at creation,
// "dir" after a folder's. An error it returns is taken as the sync's.
var syncTrace func(what, path string) error

// fsync syncs f and tells syncTrace.
func fsync(f *os.File, what, path string) error {
	if err := f.Sync(); err != nil {
		return err
	}
	if syncTrace != nil {
		return syncTrace(what, path)
	}
	return nil
}

func (j *journalFile) close() error {
	if j.closed {
		return nil
	}
	j.closed = true
	return j.f.Close()
}
