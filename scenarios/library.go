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
// Each file is parsed through parseBuiltin, so that Library and Builtin
// share one parse of it.
var libraryOnce = sync.OnceValues(func() ([]*Scenario, error) {
	return loadLibraryWith(libraryFS, func(name string, _ []byte) (*Scenario, error) { return parseBuiltin(name) })
})

// loadLibrary loads every library/*.yaml of fsys; built-in ids must be
// unique and match their file names.
func loadLibrary(fsys fs.FS) ([]*Scenario, error) { return loadLibraryWith(fsys, Parse) }

func loadLibraryWith(fsys fs.FS, parse func(name string, data []byte) (*Scenario, error)) ([]*Scenario, error) {
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
		s, err := parse(name, data)
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

// Builtin returns the built-in scenario with that id. It parses that one
// file (once, shared with Library), not the whole library.
func Builtin(id string) (*Scenario, bool) {
	if _, err := fs.Stat(libraryFS, "library/"+id+".yaml"); !IsSlug(id) || err != nil {
		return nil, false
	}
	s, err := parseBuiltin("library/" + id + ".yaml")
	return s, err == nil && s.ID == id
}

var (
	builtinMu sync.Mutex
	builtins  = map[string]func() (*Scenario, error){}
)

// parseBuiltin parses one file of the embedded library, once.
func parseBuiltin(name string) (*Scenario, error) {
	builtinMu.Lock()
	parse, ok := builtins[name]
	if !ok {
		parse = sync.OnceValues(func() (*Scenario, error) {
			data, err := fs.ReadFile(libraryFS, name)
			if err != nil {
				return nil, err
			}
			return Parse(name, data)
		})
		builtins[name] = parse
	}
	builtinMu.Unlock()
	return parse()
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
	lib, err := libraryListingOnce()
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(lib))
	for i, l := range lib {
		ids[i] = l.ID
	}
	return nil, fmt.Errorf("scenario %q is neither a file nor a built-in scenario%s; built-ins: %s",
		SanitizeLine(arg), didYouMean(arg, ids), strings.Join(ids, ", "))
}

// looksLikePath reports whether arg can only be meant as a file: it has a
// directory part or a YAML extension (ids never contain "/" or ".").
func looksLikePath(arg string) bool {
	return strings.ContainsAny(arg, `/\`) || strings.HasSuffix(arg, ".yaml") || strings.HasSuffix(arg, ".yml")
}
