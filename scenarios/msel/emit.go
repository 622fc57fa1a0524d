package msel

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The scenario file as written: the keys of the scenario format, in the
// order an author would write them.
type scenarioFile struct {
	TTX        int
	ID         string
	Title      string
	Summary    string
	Duration   string
	Roles      []roleFile
	Objectives []objectiveFile
	Actions    []actionFile
	Injects    []injectFile
}

type roleFile struct {
	ID          string
	Name        string
	Description string
}

type objectiveFile struct {
	ID         string
	Text       string
	Capability string
}

type actionFile struct {
	ID             string
	Label          string
	Phase          string
	Role           string
	AvailableAfter string
	Expected       *expectedFile
}

type expectedFile struct {
	After          string
	Objective      string
	Capability     string
	Recommendation string
}

type injectFile struct {
	ID        string
	At        string
	StoryTime string
	Phase     string
	Title     string
	From      string
	To        []string
	Channel   string
	Body      string
	Attack    []string
	Choices   []string
	Questions []string
	Notes     string
}

// marshal writes the file. Not through yaml.v3's encoder, which costs
// half of a large import: every string is written double-quoted in Go
// syntax (a subset of YAML's double-quoted style), multi-line text as a
// literal block when it only holds characters that are safe there.
func (f *scenarioFile) marshal() ([]byte, error) {
	var b bytes.Buffer
	b.Grow(256 * (len(f.Injects) + len(f.Actions) + 8))
	e := emitter{&b}
	b.WriteString("# Imported by `ttx import`: review the summary, the roles, the actions and\n# every recommendation marked TODO, then run `ttx validate`.\n")
	fmt.Fprintf(&b, "ttx: %d\n", f.TTX)
	e.str(0, "id", f.ID)
	e.str(0, "title", f.Title)
	e.str(0, "summary", f.Summary)
	e.str(0, "duration", f.Duration)
	b.WriteString("roles:\n")
	for _, r := range f.Roles {
		e.item("id", r.ID)
		e.str(4, "name", r.Name)
		e.opt(4, "description", r.Description)
	}
	if len(f.Objectives) > 0 {
		b.WriteString("objectives:\n")
		for _, o := range f.Objectives {
			e.item("id", o.ID)
			e.str(4, "text", o.Text)
			e.opt(4, "capability", o.Capability)
		}
	}
	b.WriteString("actions:\n")
	for _, a := range f.Actions {
		e.item("id", a.ID)
		e.str(4, "label", a.Label)
		e.str(4, "phase", a.Phase)
		e.opt(4, "role", a.Role)
		e.opt(4, "available_after", a.AvailableAfter)
		if x := a.Expected; x != nil {
			b.WriteString("    expected:\n")
			e.opt(6, "after", x.After)
			e.opt(6, "objective", x.Objective)
			e.opt(6, "capability", x.Capability)
			e.str(6, "recommendation", x.Recommendation)
		}
	}
	b.WriteString("injects:\n")
	for _, in := range f.Injects {
		e.item("id", in.ID)
		e.str(4, "at", in.At)
		e.opt(4, "story_time", in.StoryTime)
		e.opt(4, "phase", in.Phase)
		e.str(4, "title", in.Title)
		e.opt(4, "from", in.From)
		e.list(4, "to", in.To)
		e.opt(4, "channel", in.Channel)
		e.opt(4, "body", in.Body)
		e.list(4, "attack", in.Attack)
		e.list(4, "choices", in.Choices)
		e.list(4, "questions", in.Questions)
		e.opt(4, "facilitator_notes", in.Notes)
	}
	return b.Bytes(), nil
}

type emitter struct{ b *bytes.Buffer }

func (e emitter) indent(n int) {
	for range n {
		e.b.WriteByte(' ')
	}
}

// item starts a list entry ("  - key: value").
func (e emitter) item(key, v string) {
	e.b.WriteString("  - ")
	e.b.WriteString(key)
	e.b.WriteString(": ")
	e.scalar(4, v)
}

func (e emitter) str(n int, key, v string) {
	e.indent(n)
	e.b.WriteString(key)
	e.b.WriteString(": ")
	e.scalar(n+2, v)
}

func (e emitter) opt(n int, key, v string) {
	if v != "" {
		e.str(n, key, v)
	}
}

func (e emitter) list(n int, key string, vs []string) {
	if len(vs) == 0 {
		return
	}
	e.indent(n)
	e.b.WriteString(key)
	e.b.WriteString(":\n")
	for _, v := range vs {
		e.indent(n + 2)
		e.b.WriteString("- ")
		e.scalar(n+4, v)
	}
}

// scalar writes v and a line end: a literal block for multi-line text
// that is safe in one, else a double-quoted string.
func (e emitter) scalar(n int, v string) {
	if strings.Contains(v, "\n") && blockSafe(v) {
		e.b.WriteString("|-\n")
		for _, l := range strings.Split(v, "\n") {
			if l != "" {
				e.indent(n)
				e.b.WriteString(l)
			}
			e.b.WriteByte('\n')
		}
		return
	}
	e.b.WriteString(strconv.Quote(v))
	e.b.WriteByte('\n')
}

// blockSafe reports whether v can be a literal block as it is: printable
// characters, tabs and line breaks only, no space or tab starting its
// first line and no trailing line break or space (the |- block strips
// them).
func blockSafe(v string) bool {
	if v == "" || v[0] == ' ' || v[0] == '\t' || v[0] == '\n' || strings.HasSuffix(v, "\n") {
		return false
	}
	for _, r := range v {
		switch {
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			return false
		case r == 0x2028 || r == 0x2029 || r == 0xFEFF || r >= 0xD800 && r <= 0xDFFF || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError:
			return false
		}
	}
	return true
}
