package scenarios

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// wholeParse is the reference decodeSplit must agree with.
func wholeParse(data []byte) (*yaml.Node, bool) { return parseHalf(data) }

// sameTree reports the first difference between two node trees, or "".
func sameTree(a, b *yaml.Node, path string) string {
	switch {
	case a.Kind != b.Kind || a.Style != b.Style || a.Tag != b.Tag || a.Value != b.Value || a.Anchor != b.Anchor:
		return fmt.Sprintf("%s: node %v %q %q vs %v %q %q", path, a.Kind, a.Tag, a.Value, b.Kind, b.Tag, b.Value)
	case a.Line != b.Line || a.Column != b.Column:
		return fmt.Sprintf("%s (%q): position %d:%d vs %d:%d", path, a.Value, a.Line, a.Column, b.Line, b.Column)
	case len(a.Content) != len(b.Content):
		return fmt.Sprintf("%s: %d children vs %d", path, len(a.Content), len(b.Content))
	case (a.Alias == nil) != (b.Alias == nil):
		return path + ": alias vs no alias"
	case a.Alias != nil && (a.Alias.Line != b.Alias.Line || a.Alias.Column != b.Alias.Column):
		return path + ": aliases name different anchors"
	}
	for i := range a.Content {
		if d := sameTree(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkSplit tries about `points` splits spread over data's lines and
// checks that each split decodeSplitAt takes gives the whole parse's tree;
// it returns how many splits were taken.
func checkSplit(t *testing.T, name string, data []byte, points int) int {
	t.Helper()
	want, wholeOK := wholeParse(data)
	every := max(1, strings.Count(string(data), "\n")/points)
	taken := 0
	lines := 0
	for mid := 0; mid < len(data); mid++ {
		if mid > 0 && data[mid-1] != '\n' {
			continue
		}
		if lines++; lines%every != 0 {
			continue
		}
		got, ok := decodeSplitAt(data, mid)
		if !ok {
			continue
		}
		taken++
		if !wholeOK {
			t.Fatalf("%s: split at byte %d parsed a file the whole parse rejects", name, mid)
		}
		if d := sameTree(got, want, ""); d != "" {
			sp, _ := findSplit(data, mid)
			t.Fatalf("%s: %v differs from the whole parse: %s", name, sp, d)
		}
	}
	return taken
}

func TestDecodeSplitMatchesWholeParse(t *testing.T) {
	files := map[string][]byte{}
	err := fs.WalkDir(libraryFS, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files[path], err = fs.ReadFile(libraryFS, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	valid, err := os.ReadFile(filepath.Join("testdata", "valid.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	files["valid.yaml"] = valid
	files["crlf.yaml"] = []byte(strings.ReplaceAll(string(valid), "\n", "\r\n"))
	files["items at column 1"] = []byte("ttx: 1\ntags:\n- a\n- b\n# note\n- c\ninjects:\n- id: x\n  at: 0\n- id: y\n  body: |\n    - not an item\n    text\n  title: |+\n    kept\n\n- {id: z}\nroles: []\n")
	files["quoted across lines"] = []byte("ttx: 1\ntitle: \"a\nb: c\"\ntags:\n  - \"x\n  - y\"\n  - z\nsummary: s\n")
	files["anchors"] = []byte("a: &x [1]\nb:\n  - *x\n  - &y 2\n  - *y\nc: *y\n")
	for name, data := range files {
		if n := checkSplit(t, name, data, 40); n == 0 && len(data) > 2000 {
			t.Errorf("%s: no split taken", name)
		}
	}
}

func TestDecodeSplitLargeFiles(t *testing.T) {
	// The generated large scenario (scenariotest.Large) is what the load
	// budget is measured on: it must split, and Parse must give the same
	// scenario either way.
	var b strings.Builder
	b.WriteString(minimal)
	for i := range 4000 {
		fmt.Fprintf(&b, "  - id: in-%d\n    at: %dm\n    title: Inject %d\n    body: |\n      - a list in a body\n      - %d\n", i, i%60, i, i)
	}
	data := []byte(b.String())
	if len(data) < splitMin {
		t.Fatalf("test file is only %d bytes", len(data))
	}
	if _, ok := decodeSplit(data); !ok {
		t.Fatal("a large scenario was not split")
	}
	if n := checkSplit(t, "large", data, 10); n == 0 {
		t.Error("no split taken")
	}
	s, err := Parse("large.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Injects) != 4001 || s.Injects[4000].Pos.Line != strings.Count(string(data), "\n")-5 {
		t.Errorf("%d injects, last at line %d", len(s.Injects), s.Injects[4000].Pos.Line)
	}
}

func FuzzDecodeSplit(f *testing.F) {
	f.Add([]byte("ttx: 1\ntags:\n  - a\n  - b\nroles:\n  - id: r\n"), 10)
	f.Add([]byte("a: &x [1]\nb:\n  - *x\n  - 2\nc: d\n"), 12)
	f.Add([]byte("t: \"a\n  - b\"\nl:\n- x\n- 'y\n- z'\n"), 5)
	f.Add([]byte(minimal), len(minimal)/2)
	f.Fuzz(func(t *testing.T, data []byte, mid int) {
		if mid < 0 || mid > len(data) || len(data) > 1<<16 {
			return
		}
		got, ok := decodeSplitAt(data, mid)
		if !ok {
			return
		}
		want, wholeOK := wholeParse(data)
		if !wholeOK {
			t.Fatalf("split parse accepted what the whole parse rejects")
		}
		if d := sameTree(got, want, ""); d != "" {
			t.Fatalf("split differs from the whole parse: %s", d)
		}
	})
}
