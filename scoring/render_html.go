package scoring

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"math/big"

	"github.com/ttx-sim/ttx/scenarios"
)

//go:embed templates
var templateFS embed.FS

// The HTML reports are single self-contained files: html/template escapes
// every piece of scenario and player text, the CSS and SVG charts are
// inline, a Content-Security-Policy forbids any request, and the whole
// output is passed through scenarios.Sanitize so that no control character
// from a file survives (html/template leaves ESC alone).
var (
	htmlFuncs = template.FuncMap{
		"score":       FormatScore,
		"ratingText":  ratingDash,
		"ratingClass": ratingClass,
		"phaseTitle":  PhaseTitle,
		"clock":       optClock,
		"duration":    optDuration,
		"dash":        orDash,
		"inc":         func(i int) int { return i + 1 },
		"advice":      func(g Gap) string { return gapAdvice(&g) },
		"firstLast":   firstLast,
		"briefing":    briefingHTML,
		"change":      func(s Series) string { return s.ChangeText() },
		"noteType":    noteType,
		"ownerLine":   func() string { return ownerLine },
		"noOwnerLine": func() string { return noOwnerLine },
	}
	reportTmpl = template.Must(template.New("report.html.tmpl").Funcs(htmlFuncs).ParseFS(templateFS, "templates/report.html.tmpl"))
	trendTmpl  = template.Must(template.New("trend.html.tmpl").Funcs(htmlFuncs).ParseFS(templateFS, "templates/trend.html.tmpl"))
	styleCSS   = template.CSS(mustRead("templates/style.css"))
)

func mustRead(name string) string {
	b, err := templateFS.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func ratingClass(r Rating) string {
	if r == RatingNone {
		return "r-none"
	}
	return "r-" + string(r)
}

// barChart is a horizontal bar chart, laid out in Go so that the template
// only places numbers.
type barChart struct {
	Width, Height, X0, BarH int
	Rows                    []barRow
}

type barRow struct {
	Label, Value, Class string
	Y, TextY, ValueX    int
	W                   float64
}

const (
	barLabelW = 150 // room for the longest phase title
	barMaxW   = 300 // 100 points
	barRowH   = 22
)

func phaseBars(phases []PhaseSection) barChart {
	c := barChart{Width: barLabelW + barMaxW + 50, Height: len(phases)*barRowH + 4, X0: barLabelW, BarH: barRowH - 8}
	for i, p := range phases {
		w := 0.0
		if p.Exact != nil {
			f, _ := new(big.Rat).Mul(p.Exact, big.NewRat(barMaxW, 100)).Float64()
			w = f
		}
		y := i*barRowH + 4
		c.Rows = append(c.Rows, barRow{
			Label: PhaseTitle(p.Phase), Value: FormatScore(p.Exact), Class: ratingClass(p.Rating),
			Y: y, TextY: y + barRowH - 11, ValueX: barLabelW + int(w) + 4, W: w,
		})
	}
	return c
}

// WriteHTML renders the after-action report as one self-contained HTML file.
func (r *Report) WriteHTML(w io.Writer) error {
	data := struct {
		R    *Report
		CSS  template.CSS
		Bars barChart
	}{r, styleCSS, phaseBars(r.Phases)}
	return executeSanitized(w, reportTmpl, data)
}

func executeSanitized(w io.Writer, t *template.Template, data any) error {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return fmt.Errorf("rendering %s: %w", t.Name(), err)
	}
	_, err := io.WriteString(w, scenarios.Sanitize(buf.String()))
	return err
}
