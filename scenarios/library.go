package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"
)

// libraryFS holds the built-in scenarios, compiled into the binary.
//
//go:embed library/*.yaml
var libraryFS embed.FS

// libraryOnce loads the library once; built-ins never change at run time.
var libraryOnce = sync.OnceValues(func() ([]*Scenario, error) { return loadLibrary(libraryFS) })

// loadLibrary loads every library/*.yaml of fsys; built-in ids must be
// unique and match their file names.
func loadLibrary(fsys fs.FS) ([]*Scenario, error) {
	names, err := fs.Glob(fsys, "library/*.yaml")
	if err != nil {
		return nil, err
	}
	var out []*Scenario
	var probs Problems
	seen := map[string]string{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		s, err := Parse(name, data)
		if err != nil {
			probs = append(probs, AsProblems(name, err)...)
			continue
		}
		if want := strings.TrimSuffix(path.Base(name), ".yaml"); s.ID != want {
			probs = append(probs, Problem{File: name, Pos: s.keyPos["id"], Msg: fmt.Sprintf("built-in scenario id %q does not match its file name %s", s.ID, path.Base(name))})
		}
		if other, dup := seen[s.ID]; dup {
			probs = append(probs, Problem{File: name, Pos: s.keyPos["id"], Msg: fmt.Sprintf("built-in scenario id %q is also used by %s", s.ID, other)})
		}
		seen[s.ID] = name
		out = append(out, s)
	}
	if len(probs) > 0 {
		probs.Sort()
		return nil, probs
	}
	slices.SortFunc(out, func(a, b *Scenario) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// Library returns the built-in scenarios sorted by id. A built-in that does
// not load is an error naming its file: the binary itself is broken.
// The scenarios are shared: callers must not modify them.
func Library() ([]*Scenario, error) {
	lib, err := libraryOnce()
	return slices.Clone(lib), err
}

// Builtin returns the built-in scenario with that id.
func Builtin(id string) (*Scenario, bool) {
	lib, err := libraryOnce()
	if err != nil {
		return nil, false
	}
	i, ok := slices.BinarySearchFunc(lib, id, func(s *Scenario, id string) int { return strings.Compare(s.ID, id) })
	if !ok {
		return nil, false
	}
	return lib[i], true
}

// Resolve turns a SCENARIO argument into a scenario: a path to a YAML file
// (anything that exists on disk, or that looks like a path), else the id of
// a built-in. Load errors are Problems; an argument that is neither a file
// nor a built-in id gets a message listing the built-ins.
func Resolve(arg string) (*Scenario, error) {
	if arg == "" {
		return nil, errors.New("no scenario given: pass a YAML file or a built-in id (see `ttx list`)")
	}
	if _, err := os.Stat(arg); err == nil || looksLikePath(arg) {
		return Load(arg)
	}
	if s, ok := Builtin(arg); ok {
		return s, nil
	}
	lib, err := libraryOnce()
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(lib))
	for i, s := range lib {
		ids[i] = s.ID
	}
	return nil, fmt.Errorf("scenario %q is neither a file nor a built-in scenario%s; built-ins: %s",
		SanitizeLine(arg), didYouMean(arg, ids), strings.Join(ids, ", "))
}

// looksLikePath reports whether arg can only be meant as a file: it has a
// directory part or a YAML extension (ids never contain "/" or ".").
func looksLikePath(arg string) bool {
	return strings.ContainsAny(arg, `/\`) || strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml")
}
