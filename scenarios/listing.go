package scenarios

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"
)

// Listing is what a list of scenarios shows of one: enough for `ttx list`
// and the picker, read without parsing the whole file.
type Listing struct {
	ID       string
	Title    string
	Duration Duration
	Phases   []Phase // AllPhases when the file lists none
	Tags     []string
	Injects  int    // how many injects the file scripts
	File     string // "library/<id>.yaml" for built-ins
}

// ListingOf is the listing of a loaded scenario.
func ListingOf(s *Scenario) Listing {
	return Listing{ID: s.ID, Title: s.Title, Duration: s.Duration, Phases: s.Phases, Tags: s.Tags, Injects: len(s.Injects), File: s.File}
}

// libraryListingOnce lists the built-ins once.
var libraryListingOnce = sync.OnceValues(func() ([]Listing, error) { return listLibrary(libraryFS) })

// LibraryListing lists the built-in scenarios, sorted by id, reading of each
// file only the top-level keys a listing shows (a file it cannot read that
// way is parsed whole). It is what `ttx list` and the picker's first frame
// need: the whole library is parsed only when a scenario is opened.
func LibraryListing() ([]Listing, error) {
	l, err := libraryListingOnce()
	return slices.Clone(l), err
}

func listLibrary(fsys fs.FS) ([]Listing, error) {
	names, err := fs.Glob(fsys, "library/*.yaml")
	if err != nil {
		return nil, err
	}
	out := make([]Listing, 0, len(names))
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		l, ok := scanListing(data)
		if !ok {
			s, err := Parse(name, data)
			if err != nil {
				return nil, err
			}
			l = ListingOf(s)
		}
		if want := strings.TrimSuffix(path.Base(name), ".yaml"); l.ID != want {
			return nil, Problems{{File: name, Msg: fmt.Sprintf("built-in scenario id %q does not match its file name %s", l.ID, path.Base(name))}}
		}
		l.File = name
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b Listing) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// listingKeys are the top-level keys scanListing reads.
var listingKeys = []string{"id", "title", "duration", "phases", "tags"}

// scanListing reads a listing from the top-level blocks of a scenario file
// (a key at column 1 and the more-indented lines after it) without parsing
// the rest, and counts the items of the injects list. It gives up (false) on
// anything a line scan cannot be sure of: document markers, anchors or
// aliases in the blocks it reads, a flow-style injects list, a key missing.
// The built-in library is checked against the full parse by a test.
func scanListing(data []byte) (Listing, bool) {
	var l Listing
	var head bytes.Buffer // the blocks of listingKeys, as a small YAML document
	current := ""         // the top-level key whose block this line is in
	itemIndent := -1      // indentation of the injects items, once seen
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i+1], data[i+1:]
		} else {
			data = nil
		}
		trimmed := bytes.TrimRight(line, "\r\n")
		switch {
		case len(trimmed) == 0 || trimmed[0] == '#':
			continue
		case bytes.HasPrefix(trimmed, []byte("---")) || bytes.HasPrefix(trimmed, []byte("...")):
			return l, false
		case trimmed[0] != ' ' && trimmed[0] != '\t':
			key, rest, ok := bytes.Cut(trimmed, []byte(":"))
			if !ok || trimmed[0] == '-' || trimmed[0] == '{' || trimmed[0] == '"' || trimmed[0] == '\'' {
				return l, false
			}
			current = string(key)
			if current == "injects" && len(bytes.TrimSpace(rest)) > 0 && !bytes.HasPrefix(bytes.TrimSpace(rest), []byte("#")) {
				return l, false // injects: [...] on one line
			}
		}
		if current == "injects" {
			n := len(trimmed) - len(bytes.TrimLeft(trimmed, " "))
			if bytes.HasPrefix(trimmed[n:], []byte("- ")) || bytes.Equal(trimmed[n:], []byte("-")) {
				if itemIndent < 0 {
					itemIndent = n
				}
				if n == itemIndent {
					l.Injects++
				}
			}
			continue
		}
		if slices.Contains(listingKeys, current) {
			if bytes.ContainsAny(line, "&*!") && !isSafeScalarLine(line) {
				return l, false
			}
			head.Write(line)
			if !bytes.HasSuffix(line, []byte("\n")) {
				head.WriteByte('\n')
			}
		}
	}
	var h struct {
		ID       string   `yaml:"id"`
		Title    string   `yaml:"title"`
		Duration string   `yaml:"duration"`
		Phases   []string `yaml:"phases"`
		Tags     []string `yaml:"tags"`
	}
	if err := yaml.Unmarshal(head.Bytes(), &h); err != nil || h.ID == "" || h.Title == "" || l.Injects == 0 {
		return l, false
	}
	d, err := ParseDuration(h.Duration)
	if err != nil && h.Duration != "0" {
		return l, false
	}
	l.ID, l.Title, l.Duration, l.Tags = h.ID, h.Title, d, h.Tags
	l.Phases = AllPhases
	if len(h.Phases) > 0 {
		l.Phases = make([]Phase, len(h.Phases))
		for i, p := range h.Phases {
			l.Phases[i] = Phase(p)
		}
	}
	return l, true
}

// isSafeScalarLine reports whether the characters & * ! on a line are inside
// a quoted scalar ("…&…"), where they are text, not YAML.
func isSafeScalarLine(line []byte) bool {
	_, v, ok := bytes.Cut(line, []byte(":"))
	v = bytes.TrimSpace(v)
	return ok && len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0]
}
