package scoring

import (
	"fmt"
	"html/template"
	"io"
	"math/big"
	"strings"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
)

// WriteMarkdown renders the trend report as Markdown.
func (t *Trend) WriteMarkdown(w io.Writer) error {
	p := &errWriter{w: w}
	p.printf("# %s\n\n", md(t.Title()))
	for _, line := range t.Summary() {
		p.printf("- %s\n", md(line))
	}
	p.printf("\n")

	p.printf("## Sessions\n\n| # | Date | Scenario | Score | Rating | Gaps |\n|---:|---|---|---:|:---:|---:|\n")
	for _, s := range t.Sessions {
		provisional := ""
		if !s.Ended {
			provisional = " (provisional)"
		}
		p.printf("| %d | %s | %s | %s%s | %s | %d |\n", s.N, s.Date, md(s.Title), FormatScore(s.Score), provisional, ratingDash(s.Rating), s.Gaps)
	}

	if len(t.LeftOut) > 0 {
		p.printf("\nLeft out as incomplete (use --include-incomplete to keep them):\n\n")
		for _, l := range t.LeftOut {
			p.printf("- %s (%s): %s\n", md(l.Folder), md(l.Scenario), md(l.Reason))
		}
	}

	writeSeries := func(title, column, none string, series []Series) {
		p.printf("\n## %s\n\n", title)
		if len(series) == 0 {
			p.printf("%s\n", none)
			return
		}
		p.printf("| %s | First → last | Change |\n|---|---|---:|\n", column)
		for _, sr := range series {
			p.printf("| %s | %s | %s |\n", md(sr.Name), md(firstLast(sr)), sr.ChangeText())
		}
		p.printf("\n| # |")
		for _, sr := range series {
			p.printf(" %s |", md(sr.Name))
		}
		p.printf("\n|---:|%s\n", strings.Repeat("---:|", len(series)))
		for i, s := range t.Sessions {
			p.printf("| %d |", s.N)
			for _, sr := range series {
				p.printf(" %s |", pointText(sr.Points[i]))
			}
			p.printf("\n")
		}
	}
	writeSeries("Score by phase", "Phase", "No phases to compare.", t.phaseSeries())
	writeSeries("Score by capability", "Capability", "No expected action names a capability.", t.Capabilities)

	p.printf("\n## Recurring gaps\n\n")
	if len(t.Recurring) == 0 {
		p.printf("No gap recurred in two or more sessions.\n")
	} else {
		p.printf("| Scenario | Action | Phase | Gap in | Missed | Late | Harmful | Recommendation |\n|---|---|---|---:|---:|---:|---:|---|\n")
		for _, g := range t.Recurring {
			p.printf("| %s | %s | %s | %d of %d | %d | %d | %d | %s |\n", md(g.Scenario), md(g.Label), PhaseTitle(g.Phase),
				g.Count, g.Of, g.Missed, g.Late, g.Taken, md(g.Recommendation))
		}
	}

	p.printf("\n## Did corrective actions help?\n\n")
	if len(t.FollowUps) == 0 {
		p.printf("No session had corrective actions.\n")
	} else {
		p.printf("Each phase with corrective actions, against the next drill of the same scenario that scored it.\n\n")
		p.printf("| Session | Phase | Corrective actions | Owners set | Score then | Next session | Score there | Verdict |\n|---:|---|---|---:|---:|---:|---:|---|\n")
		for _, f := range t.FollowUps {
			next := "—"
			if f.AfterSession > 0 {
				next = fmt.Sprint(f.AfterSession)
			}
			labels := make([]string, len(f.Actions))
			for i, l := range f.Actions {
				labels[i] = md(l)
			}
			p.printf("| %d | %s | %s | %d of %d | %s | %s | %s | %s |\n", f.Session, PhaseTitle(f.Phase), strings.Join(labels, "; "),
				f.Assigned, len(f.Actions), FormatScore(f.Before), next, optScore(f.After, f.AfterSession > 0), f.Verdict())
		}
	}
	return p.err
}

func optScore(x *big.Rat, ok bool) string {
	if !ok {
		return "—"
	}
	return FormatScore(x)
}

func pointText(pt Point) string {
	if pt.Score == nil {
		return "—"
	}
	return FormatScore(pt.Score) + " " + string(pt.Rating)
}

// firstLast is the series' first and last scored points, "not scored"
// when there is none.
func firstLast(sr Series) string {
	i, j := sr.scoredEnds()
	switch {
	case i < 0:
		return "not scored"
	case i == j:
		return pointText(sr.Points[i])
	}
	return pointText(sr.Points[i]) + " → " + pointText(sr.Points[j])
}

// phaseSeries is the overall score followed by each phase's.
func (t *Trend) phaseSeries() []Series { return append([]Series{t.Overall}, t.Phases...) }

// WriteCSV writes the improvement plans of every session, one row per
// corrective action.
func (t *Trend) WriteCSV(w io.Writer) error {
	rows := [][]string{planHeader}
	for _, r := range t.Reports {
		rows = append(rows, r.planRows(len(rows))...)
	}
	return writeCSV(w, rows)
}

type jsonTrend struct {
	Report       string           `json:"report"` // "trend"
	Version      int              `json:"version"`
	Summary      []string         `json:"summary"`
	Sessions     []jsonTrendSess  `json:"sessions"`
	Overall      jsonSeries       `json:"overall"`
	Phases       []jsonSeries     `json:"phases"`
	Capabilities []jsonSeries     `json:"capabilities"`
	Recurring    []jsonRecurring  `json:"recurring_gaps"`
	FollowUps    []jsonFollowUp   `json:"corrective_follow_up"`
	Plan         [][]jsonPlanItem `json:"improvement_plans"`
	LeftOut      []jsonLeftOut    `json:"left_out"`
}

type jsonLeftOut struct {
	Folder   string `json:"folder"`
	Scenario string `json:"scenario"`
	Reason   string `json:"reason"`
}

type jsonTrendSess struct {
	N        int        `json:"n"`
	Folder   string     `json:"folder,omitempty"`
	Created  *time.Time `json:"created"` // RFC 3339, UTC; null when unknown
	Scenario string     `json:"scenario"`
	Score    jsonScore  `json:"score"`
	Rating   jsonRating `json:"rating"`
	Ended    bool       `json:"ended"`
	Gaps     int        `json:"gaps"`
}

type jsonSeries struct {
	ID     string      `json:"id"`   // "overall", a phase id or a capability
	Name   string      `json:"name"` // for display
	Scores []jsonScore `json:"scores"`
}

type jsonRecurring struct {
	Scenario string          `json:"scenario"`
	Action   string          `json:"action"`
	Phase    scenarios.Phase `json:"phase"`
	Kind     string          `json:"kind"`
	Count    int             `json:"count"`
	Of       int             `json:"of"`
	Missed   int             `json:"missed"`
	Late     int             `json:"late"`
	Taken    int             `json:"taken"`
}

type jsonFollowUp struct {
	Session      int             `json:"session"`
	Phase        scenarios.Phase `json:"phase"`
	Actions      []string        `json:"actions"` // action ids
	Labels       []string        `json:"labels"`  // their labels, same order
	Assigned     int             `json:"assigned"`
	Before       jsonScore       `json:"score_before"`
	AfterSession *int            `json:"next_session"`
	After        jsonScore       `json:"score_after"`
	Verdict      string          `json:"verdict"`
}

func seriesJSON(ss []Series) []jsonSeries {
	out := make([]jsonSeries, 0, len(ss))
	for _, s := range ss {
		js := jsonSeries{ID: s.ID, Name: s.Name, Scores: make([]jsonScore, len(s.Points))}
		for i, p := range s.Points {
			js.Scores[i] = jsonScore{p.Score}
		}
		out = append(out, js)
	}
	return out
}

// WriteJSON writes the trend as indented JSON.
func (t *Trend) WriteJSON(w io.Writer) error {
	out := jsonTrend{Report: "trend", Version: JSONVersion, Summary: t.Summary(), Overall: seriesJSON([]Series{t.Overall})[0],
		Phases: seriesJSON(t.Phases), Capabilities: seriesJSON(t.Capabilities),
		Sessions: []jsonTrendSess{}, Recurring: []jsonRecurring{}, FollowUps: []jsonFollowUp{}, Plan: [][]jsonPlanItem{}}
	for _, s := range t.Sessions {
		js := jsonTrendSess{N: s.N, Folder: s.Folder, Scenario: s.Scenario,
			Score: jsonScore{s.Score}, Rating: jsonRating(s.Rating), Ended: s.Ended, Gaps: s.Gaps}
		if !s.Created.IsZero() {
			c := s.Created.UTC()
			js.Created = &c
		}
		out.Sessions = append(out.Sessions, js)
	}
	for _, g := range t.Recurring {
		out.Recurring = append(out.Recurring, jsonRecurring{Scenario: g.Scenario, Action: g.Action, Phase: g.Phase, Kind: g.Kind,
			Count: g.Count, Of: g.Of, Missed: g.Missed, Late: g.Late, Taken: g.Taken})
	}
	for _, f := range t.FollowUps {
		jf := jsonFollowUp{Session: f.Session, Phase: f.Phase, Actions: f.ActionIDs, Labels: f.Actions, Assigned: f.Assigned,
			Before: jsonScore{f.Before}, After: jsonScore{f.After}, Verdict: f.Verdict()}
		if f.AfterSession > 0 {
			n := f.AfterSession
			jf.AfterSession = &n
		}
		out.FollowUps = append(out.FollowUps, jf)
	}
	for _, r := range t.Reports {
		out.Plan = append(out.Plan, r.planJSON())
	}
	out.LeftOut = []jsonLeftOut{}
	for _, l := range t.LeftOut {
		out.LeftOut = append(out.LeftOut, jsonLeftOut(l))
	}
	return writeIndented(w, out)
}

// lineChart is a score-over-sessions chart laid out in Go.
type lineChart struct {
	Width, Height, X0, X1, Y0, Y1 int
	Grid                          []gridLine
	Lines                         []chartLine
	XLabels                       []chartLabel
}

type gridLine struct {
	Y     float64
	Label string
}

type chartLine struct {
	Name   string
	Color  string
	Dash   string   // stroke-dasharray, "" for solid
	Width  float64  // stroke width: the first (overall) line is thicker
	Points []string // one polyline per run of scored sessions
	Dots   []chartDot
	LegY   int
	Legend string // the legend's marker, an SVG path
}

type chartDot struct {
	X, Y float64
	Path string // the marker, an SVG path around (X, Y)
}

type chartLabel struct {
	X    float64
	Text string
}

// chartColors are twelve colours told apart on screen and in print, none of
// them a rating colour (P green, S olive, M orange, U red), so that a line
// is never read as a rating. Lines also differ by marker and, past six,
// by dash pattern, so that even a grey print keeps them apart.
var chartColors = []string{"#0969da", "#8250df", "#1b7c83", "#bf3989", "#24292f", "#b08800",
	"#6e7781", "#54aeff", "#a475f9", "#0e8a9e", "#7d4e00", "#e16f24"}

var chartDashes = []string{"", "5 2", "1.5 2"}

// marker is the SVG path of marker k (circle, square, triangle, diamond,
// cross, bar) centred on x, y.
func marker(k int, x, y float64) string {
	const r = 2.4
	switch k % 6 {
	case 0:
		return fmt.Sprintf("M%.1f,%.1fa%.1f,%.1f 0 1,0 %.1f,0a%.1f,%.1f 0 1,0 %.1f,0Z", x-r, y, r, r, 2*r, r, r, -2*r)
	case 1:
		return fmt.Sprintf("M%.1f,%.1fh%.1fv%.1fh%.1fZ", x-r, y-r, 2*r, 2*r, -2*r)
	case 2:
		return fmt.Sprintf("M%.1f,%.1fL%.1f,%.1fL%.1f,%.1fZ", x, y-r-0.4, x+r+0.4, y+r, x-r-0.4, y+r)
	case 3:
		return fmt.Sprintf("M%.1f,%.1fL%.1f,%.1fL%.1f,%.1fL%.1f,%.1fZ", x, y-r-0.6, x+r+0.6, y, x, y+r+0.6, x-r-0.6, y)
	case 4:
		return fmt.Sprintf("M%.1f,%.1fL%.1f,%.1fM%.1f,%.1fL%.1f,%.1f", x-r, y-r, x+r, y+r, x-r, y+r, x+r, y-r)
	}
	return fmt.Sprintf("M%.1f,%.1fh%.1fv%.1fh%.1fZ", x-r-0.6, y-1, 2*r+1.2, 2.0, -2*r-1.2)
}

func buildLineChart(sessions int, series []Series) lineChart {
	c := lineChart{Width: 640, Height: 220, X0: 34, X1: 470, Y0: 10, Y1: 190}
	for _, v := range []int{0, 40, 65, 85, 100} {
		c.Grid = append(c.Grid, gridLine{Y: c.yOf(big.NewRat(int64(v), 1)), Label: fmt.Sprint(v)})
	}
	xOf := func(i int) float64 {
		if sessions <= 1 {
			return float64(c.X0+c.X1) / 2
		}
		return float64(c.X0) + float64(i)*float64(c.X1-c.X0)/float64(sessions-1)
	}
	step := max(1, sessions/10)
	for i := 0; i < sessions; i += step {
		c.XLabels = append(c.XLabels, chartLabel{X: xOf(i), Text: fmt.Sprint(i + 1)})
	}
	for k, sr := range series {
		ln := chartLine{Name: sr.Name, Color: chartColors[k%len(chartColors)], Dash: chartDashes[(k/6)%len(chartDashes)],
			Width: 1.4, LegY: c.Y0 + 6 + k*14}
		if sr.ID == "overall" {
			ln.Width = 2.8
		}
		ln.Legend = marker(k, 487, float64(ln.LegY)+1.5)
		var run []string
		for i, pt := range sr.Points {
			if pt.Score == nil {
				if len(run) > 0 {
					ln.Points = append(ln.Points, strings.Join(run, " "))
				}
				run = nil
				continue
			}
			x, y := xOf(i), c.yOf(pt.Score)
			run = append(run, fmt.Sprintf("%.1f,%.1f", x, y))
			if sessions <= 60 {
				ln.Dots = append(ln.Dots, chartDot{x, y, marker(k, x, y)})
			}
		}
		if len(run) > 0 {
			ln.Points = append(ln.Points, strings.Join(run, " "))
		}
		c.Lines = append(c.Lines, ln)
	}
	c.Height = max(c.Height, c.Y0+20+len(series)*14)
	return c
}

// drillTable is a per-drill table: a row per session, a column per series.
// Wide ones are split so that every table fits an A4 page.
type drillTable struct {
	Names []string
	Rows  []drillRow
}

type drillRow struct {
	N      int
	Points []Point
}

const drillColumns = 7

func drillTables(sessions []TrendSession, series []Series) []drillTable {
	var out []drillTable
	for lo := 0; lo < len(series); lo += drillColumns {
		part := series[lo:min(len(series), lo+drillColumns)]
		var dt drillTable
		for _, sr := range part {
			dt.Names = append(dt.Names, sr.Name)
		}
		for i, s := range sessions {
			row := drillRow{N: s.N}
			for _, sr := range part {
				row.Points = append(row.Points, sr.Points[i])
			}
			dt.Rows = append(dt.Rows, row)
		}
		out = append(out, dt)
	}
	return out
}

func (c *lineChart) yOf(x *big.Rat) float64 {
	f, _ := x.Float64()
	return float64(c.Y1) - f*float64(c.Y1-c.Y0)/100
}

// WriteHTML renders the trend as one self-contained HTML file.
func (t *Trend) WriteHTML(w io.Writer) error {
	data := struct {
		T                      *Trend
		CSS                    template.CSS
		PhaseSeries            []Series
		Phases, Caps           lineChart
		PhaseDrills, CapDrills []drillTable
	}{t, styleCSS, t.phaseSeries(), buildLineChart(len(t.Sessions), t.phaseSeries()), buildLineChart(len(t.Sessions), t.Capabilities),
		drillTables(t.Sessions, t.phaseSeries()), drillTables(t.Sessions, t.Capabilities)}
	return executeSanitized(w, trendTmpl, data)
}
