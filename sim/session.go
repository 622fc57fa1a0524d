package sim

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
)

// The files of a session folder.
const (
	ScenarioFile = "scenario.yaml"
	JournalFile  = "journal.jsonl"
)

// Session is one exercise on disk: a folder with the scenario exactly as
// played and the append-only journal of its events. While a session is
// open, every change of its Engine is written and fsynced to the journal
// before the engine call returns.
type Session struct {
	Dir      string
	Scenario *scenarios.Scenario
	Engine   *Engine
	Header   Header

	journal *journalFile
}

// CreateSession starts a new session for s in dir, which must not exist or
// be empty. It stores s.Source verbatim as scenario.yaml and writes the
// journal header; both files and the folder are synced before it returns.
// Created is now in UTC. The session is made in a temporary folder beside
// dir and renamed into place once complete, so a failure (a full disk, say)
// leaves no half-written session behind.
func CreateSession(dir string, s *scenarios.Scenario, ttxVersion string) (*Session, error) {
	return CreateSessionWith(dir, s, SessionOptions{TTX: ttxVersion})
}

// SessionOptions is what a new session's journal header records besides
// the scenario.
type SessionOptions struct {
	TTX      string // version of ttx creating it
	Practice bool   // a training run (coach mode)
	// The exercise's setting, shown in the after-action report.
	Org, Location, Facilitator string
}

// CreateSessionWith is CreateSession with the header's options.
func CreateSessionWith(dir string, s *scenarios.Scenario, o SessionOptions) (*Session, error) {
	if len(s.Source) == 0 {
		return nil, errors.New("the scenario has no source text to store in the session")
	}
	for _, f := range []struct{ name, v string }{{"organisation", o.Org}, {"location", o.Location}, {"facilitator", o.Facilitator}} {
		if _, err := cleanText(f.name, f.v, false); err != nil {
			return nil, err
		}
	}
	if err := checkTarget(dir); err != nil {
		return nil, err
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("creating the session folder: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(filepath.Clean(dir))+".creating-")
	if err != nil {
		return nil, fmt.Errorf("creating the session folder: %w", err)
	}
	var f *os.File
	ok := false
	defer func() {
		if !ok {
			if f != nil {
				f.Close()
			}
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("creating the session folder: %w", err)
	}
	sum := sha256.Sum256(s.Source)
	h := Header{
		Format:   JournalFormat,
		Version:  JournalVersion,
		Scenario: s.ID,
		SHA256:   hex.EncodeToString(sum[:]),
		Created:  time.Now().UTC(),
		TTX:      o.TTX,
		Practice: o.Practice,
		Org:      o.Org, Location: o.Location, Facilitator: o.Facilitator,
	}
	if err := writeNewFile(filepath.Join(tmp, ScenarioFile), filepath.Join(dir, ScenarioFile), s.Source); err != nil {
		return nil, err
	}
	var line bytes.Buffer
	if err := marshalLine(&line, &h); err != nil {
		return nil, err
	}
	f, err = os.OpenFile(filepath.Join(tmp, JournalFile), os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, fmt.Errorf("creating the journal: %w", unwrapPath(err))
	}
	if err := lockFile(f); err != nil {
		return nil, err
	}
	j := &journalFile{f: f}
	if err := j.append(line.Bytes()); err != nil {
		return nil, err
	}
	if err := syncDir(tmp); err != nil {
		return nil, fmt.Errorf("syncing %s: %w", dir, errors.Unwrap(err)) // not the temporary name
	}
	// An empty folder in the way (made by NewSessionDir, or given) is
	// replaced; os.Remove removes only an empty one, and a folder that
	// appears meanwhile makes the rename fail.
	if err := os.Remove(dir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: the session folder is not empty", dir)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if errors.Is(err, os.ErrExist) || errors.Is(err, syscall.ENOTEMPTY) {
			return nil, fmt.Errorf("%s: the session folder is not empty", dir)
		}
		return nil, fmt.Errorf("creating the session folder: %w", err)
	}
	ok = true
	if err := syncDir(parent); err != nil {
		f.Close()
		return nil, err
	}
	if err := j.watch(filepath.Join(dir, JournalFile)); err != nil {
		f.Close()
		return nil, err
	}
	e := NewEngine(s)
	e.journal = j
	return &Session{Dir: dir, Scenario: s, Engine: e, Header: h, journal: j}, nil
}

// OpenSession reopens a session to continue it: it checks scenario.yaml
// against the journal's sha256, replays the journal into a fresh engine and
// attaches the journal for appending. A torn last line is dropped with a
// warning and cut off the file; any other damage is an error naming the
// line. Only one process may have a session open at a time. Both files must
// be regular files (not symlinks, devices or FIFOs).
func OpenSession(dir string) (*Session, []string, error) {
	f, _, err := openRegular(dir, JournalFile, os.O_RDWR)
	if err != nil {
		return nil, nil, err
	}
	path := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
		}
	}()
	if err := lockFile(f); err != nil {
		return nil, nil, err
	}
	j, err := ReadJournal(path, f)
	if err != nil {
		return nil, nil, err
	}
	s, e, err := load(dir, path, j, nil)
	if err != nil {
		return nil, nil, err
	}
	if j.Size < j.read {
		if err := f.Truncate(j.Size); err != nil {
			return nil, nil, fmt.Errorf("%s: removing the torn last line: %w", path, err)
		}
		if err := fsync(f, "journal", path); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	jf := &journalFile{f: f, size: j.Size}
	if err := jf.watch(path); err != nil {
		return nil, nil, err
	}
	e.journal = jf
	ok = true
	return &Session{Dir: dir, Scenario: s, Engine: e, Header: j.Header, journal: jf}, j.Warnings, nil
}

// ReadSession reads a session without changing it, for read-only commands
// (score, report): the scenario, the journal header, the events and the
// warnings (a torn last line is dropped but left on disk).
func ReadSession(dir string) (*scenarios.Scenario, Header, []Event, []string, error) {
	return new(SessionReader).Read(dir)
}

// SessionReader reads many sessions for read-only use. Sessions that played
// the same scenario bytes share one parsed scenario (a Scenario is
// immutable), so a trend report over a thousand drills of one scenario
// parses it once. The zero value is ready to use; it is not safe for
// concurrent use.
type SessionReader struct {
	parsed map[string]*scenarios.Scenario // by sha256 of the scenario copy
}

// Read is ReadSession, sharing parsed scenarios with earlier reads.
func (r *SessionReader) Read(dir string) (*scenarios.Scenario, Header, []Event, []string, error) {
	f, _, err := openRegular(dir, JournalFile, os.O_RDONLY)
	if err != nil {
		return nil, Header{}, nil, nil, err
	}
	defer f.Close()
	j, err := ReadJournal(f.Name(), f)
	if err != nil {
		return nil, Header{}, nil, nil, err
	}
	if r.parsed == nil {
		r.parsed = map[string]*scenarios.Scenario{}
	}
	s, _, err := load(dir, f.Name(), j, r.parsed)
	if err != nil {
		return nil, Header{}, nil, nil, err
	}
	return s, j.Header, j.Events, j.Warnings, nil
}

// load parses a session's journal and scenario and replays the events. A
// scenario already in parsed (by sha256) is not parsed again; parsed may be
// nil.
func load(dir, journalPath string, j *Journal, parsed map[string]*scenarios.Scenario) (*scenarios.Scenario, *Engine, error) {
	scenarioPath := filepath.Join(dir, ScenarioFile)
	src, err := readScenarioCopy(dir)
	if err != nil {
		return nil, nil, err
	}
	sum := sha256.Sum256(src)
	if got := hex.EncodeToString(sum[:]); got != j.Header.SHA256 {
		return nil, nil, fmt.Errorf("%s: the scenario copy was changed: its sha256 is %s, the journal says %s", scenarioPath, got, j.Header.SHA256)
	}
	s, err := parseCopy(scenarioPath, src, j.Header.SHA256, parsed)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: the session's scenario does not load: %w", scenarioPath, err)
	}
	if s.ID != j.Header.Scenario {
		return nil, nil, fmt.Errorf("%s:1: the journal is for scenario %q, scenario.yaml is %q", journalPath, j.Header.Scenario, s.ID)
	}
	e, err := Replay(s, j.Events)
	if err != nil {
		var re *ReplayError
		if errors.As(err, &re) {
			return nil, nil, fmt.Errorf("%s:%d: %v", journalPath, re.Seq+1, re.Err)
		}
		return nil, nil, fmt.Errorf("%s: %w", journalPath, err)
	}
	return s, e, nil
}

// parseCopy parses a session's scenario copy, or reuses the one already
// parsed from the same bytes under this session's file name.
func parseCopy(path string, src []byte, sum string, parsed map[string]*scenarios.Scenario) (*scenarios.Scenario, error) {
	if s, ok := parsed[sum]; ok {
		cp := *s // shares the immutable contents; only the file name differs
		cp.File = path
		return &cp, nil
	}
	s, err := scenarios.Parse(path, src)
	if err != nil {
		return nil, err
	}
	if parsed != nil {
		parsed[sum] = s
	}
	return s, nil
}

// Check says whether the session's journal can still be written: nil, or
// the error every further write will fail with (an earlier failed write, or
// the journal no longer being the file at the session's path, which breaks
// it). Front ends call it on their clock tick, so that a deleted or replaced
// session folder is said at once, not at the next decision.
func (s *Session) Check() error {
	s.Engine.mu.Lock()
	defer s.Engine.mu.Unlock()
	return s.journal.check()
}

// Close releases the session. Engine calls that would change the session
// fail with ErrSessionClosed afterwards; queries still work.
func (s *Session) Close() error {
	s.Engine.mu.Lock()
	defer s.Engine.mu.Unlock()
	return s.journal.close()
}

func sessionFileError(dir, file string, err error) error {
	if errors.Is(err, os.ErrNotExist) {
		if _, serr := os.Stat(dir); serr != nil {
			return fmt.Errorf("%s: no such session folder", dir)
		}
		return fmt.Errorf("%s: not a session folder (no %s)", dir, file)
	}
	return fmt.Errorf("%s: %w", filepath.Join(dir, file), unwrapPath(err))
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// checkTarget checks that dir, where a session is to be created, does not
// exist or is an empty folder.
func checkTarget(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case err == nil:
		if len(entries) > 0 {
			return fmt.Errorf("%s: the session folder is not empty", dir)
		}
		return nil
	case errors.Is(err, os.ErrNotExist):
		return nil
	}
	return fmt.Errorf("%s: %w", dir, unwrapPath(err))
}

// writeNewFile creates path with data and syncs it; errors say name (the
// file's path once the session is in place), once.
func writeNewFile(path, name string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("creating %s: %w", name, unwrapPath(err))
	}
	_, err = f.Write(data)
	if err == nil {
		err = fsync(f, "file", path)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, unwrapPath(err))
	}
	return nil
}

// syncDir makes the creation of files in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("syncing %s: %w", dir, unwrapPath(err))
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	if syncTrace != nil {
		if err := syncTrace("dir", dir); err != nil {
			return fmt.Errorf("syncing %s: %w", dir, err)
		}
	}
	return nil
}

// DataDir returns the folder sessions are kept in: $TTX_DATA_DIR, else
// $XDG_DATA_HOME/ttx/sessions, else ~/.local/share/ttx/sessions.
func DataDir(getenv func(string) string) (string, error) {
	if d := getenv("TTX_DATA_DIR"); d != "" {
		return d, nil
	}
	// The XDG spec says relative paths are invalid and must be ignored.
	if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "ttx", "sessions"), nil
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, ".local", "share", "ttx", "sessions"), nil
	}
	return "", errors.New("cannot find a data folder for sessions: set TTX_DATA_DIR or HOME")
}

// NewSessionDir creates a new, empty session folder under dataDir and
// returns its path. The name is the scenario id and the UTC time, so that
// names sort by scenario, then time ("ransomware-20261128T152400Z"); a
// suffix -2, -3, … keeps it unique.
func NewSessionDir(dataDir, scenarioID string, now time.Time) (string, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return "", fmt.Errorf("creating the data folder: %w", err)
	}
	base := scenarioID + "-" + now.UTC().Format("20060102T150405Z")
	for n := 1; n < 1000; n++ {
		name := base
		if n > 1 {
			name = fmt.Sprintf("%s-%d", base, n)
		}
		dir := filepath.Join(dataDir, name)
		err := os.Mkdir(dir, 0o755)
		if err == nil {
			return dir, syncDir(dataDir)
		}
		if !errors.Is(err, os.ErrExist) {
			return "", fmt.Errorf("creating the session folder: %w", err)
		}
	}
	return "", fmt.Errorf("%s: too many sessions named %s", dataDir, base)
}
