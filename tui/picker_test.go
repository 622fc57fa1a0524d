package tui

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
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

func pickerWithSessions(t *testing.T, reopen func(string) (Session, bool, error)) (*App, *driver) {
	t.Helper()
	s := loadDrill(t)
	app := New(Options{
		Entries: []Entry{{Scenario: s, Source: "built-in"}},
		Resumable: []Resumable{
			{Dir: "/data/drill-20261201T091500Z", ScenarioTitle: "Drill: \x1b[31mphishing\x1b[0m at the front desk",
				Started: time.Date(2026, 12, 1, 9, 15, 0, 0, time.UTC), At: 52*scenarios.Minute + 38, Decisions: 14},
			{Dir: "/data/drill-20261130T170000Z", ScenarioTitle: "Drill", At: 0, Decisions: 1},
		},
		Reopen:        reopen,
		MarkdownStyle: "ascii",
	})
	return app, newDriver(t, app, 80, 24)
}

// r lists the interrupted sessions, esc and r go back, enter reopens the
// selected one once however often it is pressed, and the console opens on
// the session it brought.
func TestPickerResumeKeys(t *testing.T) {
	var opened []string
	var mem *memSession
	app, d := pickerWithSessions(t, func(dir string) (Session, bool, error) {
		opened = append(opened, dir)
		mem = newMemSession(t, loadDrill(t))
		mem.dir = dir
		return mem, true, nil
	})
	if v := app.View(); !strings.Contains(v, "2 interrupted sessions: press r to resume one") || !strings.Contains(v, "r resume a session") {
		t.Fatalf("the picker does not offer the sessions:\n%s", v)
	}
	d.keys("r")
	if v := app.View(); !strings.Contains(v, "resume an interrupted session") || !strings.Contains(v, "stopped at T+00:52:38 · 14 decisions") {
		t.Fatalf("r does not list the sessions:\n%s", v)
	}
	d.keys("esc")
	if v := app.View(); !strings.Contains(v, "choose a scenario") {
		t.Fatalf("esc does not go back:\n%s", v)
	}
	d.keys("r", "r")
	if v := app.View(); !strings.Contains(v, "choose a scenario") {
		t.Fatalf("r does not go back:\n%s", v)
	}
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("rj")}) // a burst: both keys apply
	d.keys("enter")
	if len(opened) != 1 || opened[0] != "/data/drill-20261130T170000Z" {
		t.Fatalf("opened %q, want the second session once", opened)
	}
	if app.Screen() != ScreenConsole || app.Session() != Session(mem) || !app.opts.Coach {
		t.Fatalf("screen %v, session %v, coach %v: want the console of the reopened session in coach mode", app.Screen(), app.Session(), app.opts.Coach)
	}
}

// While a session is being reopened, a second enter opens nothing more.
func TestPickerResumeOpensOnce(t *testing.T) {
	calls := 0
	app, d := pickerWithSessions(t, func(string) (Session, bool, error) { calls++; return nil, false, errors.New("locked") })
	d.keys("r")
	p := app.picker
	cmd1 := p.Update(keyMsg("enter"))
	cmd2 := p.Update(keyMsg("enter"))
	if cmd1 == nil || cmd2 != nil {
		t.Fatalf("enter, enter: commands %v %v, want one", cmd1 != nil, cmd2 != nil)
	}
	d.run(cmd1)
	if calls != 1 || app.Screen() != ScreenError || !strings.Contains(app.View(), "the session could not be resumed: locked") {
		t.Fatalf("calls %d, screen %v:\n%s", calls, app.Screen(), app.View())
	}
	d.keys("esc", "enter") // back to the list: it can try again
	if calls != 2 {
		t.Errorf("after the error enter reopened %d times in all, want 2", calls)
	}
}

func TestPickerResumeGolden(t *testing.T) {
	app, d := pickerWithSessions(t, nil)
	golden.RequireEqual(t, []byte(app.View()))
	d.keys("r")
	t.Run("sessions", func(t *testing.T) {
		v := app.View()
		if strings.Contains(v, "\x1b") {
			t.Errorf("a title's escape codes reached the screen")
		}
		golden.RequireEqual(t, []byte(v))
	})
	t.Run("no reopen", func(t *testing.T) {
		d.keys("enter")
		if v := app.View(); !strings.Contains(v, "use ttx resume /data/drill-2026") {
			t.Errorf("enter without Reopen:\n%s", v)
		}
	})
}

// ? in the picker lists every key of the screen, ours too.
func TestPickerFullHelp(t *testing.T) {
	app, d := pickerWithSessions(t, nil)
	d.keys("?")
	v := app.View()
	has := func(v, keyAndHelp string) bool {
		k, h, _ := strings.Cut(keyAndHelp, " ")
		return regexp.MustCompile(regexp.QuoteMeta(k) + ` +` + regexp.QuoteMeta(h)).MatchString(v)
	}
	for _, want := range []string{"enter start", "r resume a session", "q quit", "ctrl+c quit now (session is saved)", "/ filter"} {
		if !has(v, want) {
			t.Errorf("? in the picker lacks %q:\n%s", want, v)
		}
	}
	d.keys("?", "r", "?")
	v = app.View()
	for _, want := range []string{"enter resume", "esc back to the scenarios", "r back to the scenarios", "q quit"} {
		if !has(v, want) {
			t.Errorf("? in the sessions lacks %q:\n%s", want, v)
		}
	}
}
