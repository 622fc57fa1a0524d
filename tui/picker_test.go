package tui

import (
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
)

// A built-in listed from its top-level keys shows like a loaded one, and is
// parsed when it is opened.
func TestPickerOpensAListedBuiltin(t *testing.T) {
	listing, err := scenarios.LibraryListing()
	if err != nil || len(listing) == 0 {
		t.Fatalf("listing: %v (%d)", err, len(listing))
	}
	l := listing[0]
	app := New(Options{Entries: []Entry{{Listing: &l, Source: "built-in"}}, MarkdownStyle: "ascii"})
	d := newDriver(t, app, 120, 36)
	if v := app.View(); !strings.Contains(v, scenarios.SanitizeLine(l.Title)[:20]) || !strings.Contains(v, l.ID) {
		t.Fatalf("picker does not show the listed scenario:\n%s", v)
	}
	d.keys("enter")
	if app.Screen() != ScreenBriefing || app.brief == nil || app.brief.scenario.ID != l.ID || len(app.brief.scenario.Injects) != l.Injects {
		t.Fatalf("enter did not open the briefing of %s (screen %v)", l.ID, app.Screen())
	}
}
