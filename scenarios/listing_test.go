package scenarios

import (
	"fmt"
	"strings"
	"testing"
)

// The listing read by the line scan equals what the full parse gives, for
// every built-in: the scan is only a shortcut.
func TestLibraryListingMatchesTheFullParse(t *testing.T) {
	lib := mustLibrary(t)
	listing, err := LibraryListing()
	if err != nil {
		t.Fatal(err)
	}
	if len(listing) != len(lib) {
		t.Fatalf("%d listings, %d scenarios", len(listing), len(lib))
	}
	for i, s := range lib {
		want := ListingOf(s)
		if got := listing[i]; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: listing\n%+v\nwant\n%+v", s.ID, got, want)
		}
		data, _ := libraryFS.ReadFile(s.File)
		if _, ok := scanListing(data); !ok {
			t.Errorf("%s: the line scan gave up: keep the built-ins' top-level keys simple", s.ID)
		}
	}
}

func TestScanListingGivesUp(t *testing.T) {
	tests := []struct{ name, old, new string }{
		{"second document", "ttx: 1\n", "---\nttx: 1\n"},
		{"anchor in title", "title: Mini", "title: &t Mini"},
		{"alias", "title: Mini", "title: *t"},
		{"flow injects", "injects:\n  - id: start\n    at: 0\n    title: Start\n", "injects: [{id: start, at: 0, title: Start}]\n"},
		{"no id", "id: mini\n", ""},
		{"flow mapping at the top", "ttx: 1\n", "{ttx: 1}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(minimal, tt.old, tt.new, 1)
			if src == minimal {
				t.Fatalf("minimal lacks %q", tt.old)
			}
			if l, ok := scanListing([]byte(src)); ok {
				t.Errorf("scan accepted %+v", l)
			}
		})
	}
	l, ok := scanListing([]byte(minimal))
	if !ok || l.ID != "mini" || l.Title != "Mini" || l.Duration != Hour || l.Injects != 1 || len(l.Phases) != 6 {
		t.Errorf("minimal: %+v, %v", l, ok)
	}
	quoted := strings.Replace(minimal, "title: Mini", `title: "Q&A * !"`, 1)
	if l, ok := scanListing([]byte(quoted)); !ok || l.Title != "Q&A * !" {
		t.Errorf("quoted title: %+v, %v", l, ok)
	}
}

// FuzzScanListing: whatever the scan accepts, the full parse agrees with.
func FuzzScanListing(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		l, ok := scanListing(data)
		if !ok {
			return
		}
		s, err := Parse("f.yaml", data)
		if err != nil {
			return // the scan never validates; a listing of a broken file is never shown
		}
		want := ListingOf(s)
		want.File = ""
		if fmt.Sprint(l) != fmt.Sprint(want) {
			t.Fatalf("scan %+v, parse %+v", l, want)
		}
	})
}

func BenchmarkLibraryListing(b *testing.B) {
	for b.Loop() {
		if _, err := listLibrary(libraryFS); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLibraryLoad(b *testing.B) {
	for b.Loop() {
		if _, err := loadLibrary(libraryFS); err != nil {
			b.Fatal(err)
		}
	}
}
