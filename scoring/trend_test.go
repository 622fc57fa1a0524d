package scoring

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
)

// likeWithLike: drill 1 and 3 play the fixture scenario, drill 2 a copy
// under another id (another scenario), drill 4 the fixture again but
// abandoned after 8 minutes, drill 5 interrupted (no end).
func likeWithLike(t *testing.T) []*Session {
	first := fixtureSession(t)
	s := first.Scenario
	other := *s
	other.ID, other.Title = "bec-drill", "Another drill"
	day := 24 * time.Hour
	second := &Session{Dir: "s/other", Scenario: &other, Created: fixtureCreated.Add(day), Events: events(
		deliver("edr-alert", 10*m), take("triage-alert", 12*m), take("isolate-hosts", 15*m), take("call-legal", 16*m),
		deliver("ceo-call", 30*m), skip("spread", 45*m), deliver("ransom-note", 60*m), take("restore-backups", 80*m), endAt(2*scenarios.Hour))}
	third := &Session{Dir: "s/third", Scenario: s, Created: fixtureCreated.Add(2 * day), Events: events(
		deliver("edr-alert", 10*m), take("triage-alert", 12*m), take("isolate-hosts", 20*m), skip("spread", 45*m),
		deliver("ceo-call", 30*m), deliver("ransom-note", 60*m), endAt(2*scenarios.Hour))}
	abandoned := &Session{Dir: "s/abandoned", Scenario: s, Created: fixtureCreated.Add(3 * day), Events: events(
		deliver("edr-alert", 5*m), endAt(8*m))}
	interrupted := &Session{Dir: "s/interrupted", Scenario: s, Created: fixtureCreated.Add(4 * day), Events: events(
		deliver("edr-alert", 10*m), take("triage-alert", 12*m))}
	return []*Session{first, second, third, abandoned, interrupted}
}

func TestTrendComparesLikeWithLike(t *testing.T) {
	tr := BuildTrend(likeWithLike(t))
	var folders []string
	for _, s := range tr.Sessions {
		folders = append(folders, s.Folder)
	}
	if got := strings.Join(folders, " "); got != "2026-11-20-ransomware-friday other third" {
		t.Errorf("sessions = %s; want the incomplete ones left out", got)
	}
	var left []string
	for _, l := range tr.LeftOut {
		left = append(left, l.Folder+": "+l.Reason)
	}
	if got := strings.Join(left, "; "); got != "abandoned: ended at 8m of 2h planned; interrupted: interrupted (not ended)" {
		t.Errorf("left out = %s", got)
	}
	// The containment gaps of drill 1 are judged against drill 3 (the same
	// scenario), not drill 2 (another one), where containment scored 100.
	for _, f := range tr.FollowUps {
		if f.Session == 1 && f.Phase == scenarios.Containment && f.AfterSession != 3 {
			t.Errorf("drill 1 containment compared with drill %d, want 3 (same scenario)", f.AfterSession)
		}
		if f.Session == 2 && f.AfterSession != 0 {
			t.Errorf("drill 2 (the only one of its scenario) compared with drill %d", f.AfterSession)
		}
		for _, a := range f.Actions {
			if strings.HasPrefix(a, "Reimage") || strings.HasPrefix(a, "Pay") {
				t.Errorf("a harmful action listed as a corrective action: %q", a)
			}
		}
	}
	var harmful bool
	for _, f := range tr.FollowUps {
		for _, a := range f.Actions {
			harmful = harmful || a == "Do not reimage servers at once"
		}
	}
	if !harmful {
		t.Errorf("follow-ups %+v: want the harmful gap worded \"Do not …\"", tr.FollowUps)
	}

	all := BuildTrendWith(likeWithLike(t), TrendOptions{IncludeIncomplete: true})
	if len(all.Sessions) != 5 || len(all.LeftOut) != 0 {
		t.Errorf("--include-incomplete: %d sessions, %d left out; want 5 and 0", len(all.Sessions), len(all.LeftOut))
	}

	md := render(t, FormatMarkdown, likeWithLike(t)...)
	for _, want := range []string{"Left out as incomplete", "abandoned (ransomware-friday): ended at 8m of 2h planned", "same scenario"} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("markdown lacks %q", want)
		}
	}
}

// TestTrendHTMLPerDrill: the HTML has the per-drill numbers (not only the
// chart), and wide tables are split to fit A4.
func TestTrendHTMLPerDrill(t *testing.T) {
	tr := BuildTrend(trendSessions(t))
	var buf bytes.Buffer
	if err := tr.WriteHTML(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if n := strings.Count(out, `<table class="drills">`); n != 2 {
		t.Errorf("%d per-drill tables, want 2 (phases, capabilities)", n)
	}
	// Drill 2's containment score appears in a cell of its row.
	if !strings.Contains(out, `<tr><td class="num">2</td><td class="num">25.0 <span class="rating r-U">U</span></td>`) {
		t.Errorf("no per-drill row for drill 2")
	}
	series := make([]Series, 17)
	for i := range series {
		series[i] = Series{Name: "C", Points: make([]Point, len(tr.Sessions))}
	}
	tables := drillTables(tr.Sessions, series)
	if len(tables) != 3 || len(tables[0].Names) != drillColumns || len(tables[2].Names) != 3 {
		t.Errorf("17 series split into %d tables", len(tables))
	}
}

func TestChartLinesDistinct(t *testing.T) {
	series := make([]Series, 12)
	for i := range series {
		series[i] = Series{Name: "S", Points: []Point{{}}}
	}
	c := buildLineChart(1, series)
	seen := map[string]bool{}
	for _, ln := range c.Lines {
		key := ln.Color
		if seen[key] {
			t.Errorf("colour %s used twice among 12 lines", key)
		}
		seen[key] = true
		for _, rc := range []string{"#1a7f37", "#4d7c0f", "#9aa600", "#bc4c00", "#cf222e"} {
			if ln.Color == rc {
				t.Errorf("line colour %s is a rating colour", rc)
			}
		}
	}
	style := map[string]bool{}
	for k, ln := range c.Lines {
		style[marker(k, 0, 0)+"|"+ln.Dash] = true
	}
	if len(style) != 12 {
		t.Errorf("%d distinct marker and dash styles among 12 lines", len(style))
	}
}
