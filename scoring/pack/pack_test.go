package pack

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/net/html"

	"github.com/ttx-sim/ttx/scenarios"
)

// secrets is what a player must not see before play: the labels of
// expected and harmful actions, recommendations, whys, facilitator notes,
// and the titles and bodies of injects (lines of 12 characters or more and
// two words, so that a one-word title such as "Ransom", or a Markdown
// table rule, does not match ordinary text).
func secrets(s *scenarios.Scenario) []string {
	var out []string
	add := func(text string) {
		for _, l := range strings.Split(text, "\n") {
			l = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "-*>#0123456789. "))
			letters := strings.IndexFunc(l, unicode.IsLetter) >= 0 && len(strings.FieldsFunc(l, func(r rune) bool { return !unicode.IsLetter(r) })) >= 2
			if len([]rune(l)) >= 12 && letters {
				out = append(out, l)
			}
		}
	}
	for _, a := range s.Actions {
		switch {
		case a.Expected != nil:
			add(a.Label)
			add(a.Expected.Recommendation)
		case a.Harmful != nil:
			add(a.Label)
			add(a.Harmful.Why)
		}
	}
	for _, in := range s.Injects {
		add(in.Title)
		add(in.Body)
		add(in.FacilitatorNotes)
		if in.Consequence != nil {
			add(in.Consequence.Why)
		}
		for _, q := range in.Questions {
			add(q)
		}
	}
	return out
}

// plain is the text a reader sees: HTML without tags and entities, or
// Markdown without its escapes and zero-width spaces, whitespace folded.
func plain(t *testing.T, out []byte, format Format) string {
	t.Helper()
	var text string
	if format == FormatHTML {
		doc, err := html.Parse(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.TextNode && (n.Parent == nil || n.Parent.Data != "style") {
				b.WriteString(n.Data + " ")
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		text = b.String()
	} else {
		text = strings.NewReplacer(`\`, "", "\u200b", "").Replace(string(out))
	}
	return strings.Join(strings.Fields(text), " ")
}

func render(t *testing.T, d *Doc, f Format) []byte {
	t.Helper()
	var buf bytes.Buffer
	write := d.WriteHTML
	if f == FormatMarkdown {
		write = d.WriteMarkdown
	}
	if err := write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPlayerDocumentsHoldNoAnswers: for every library scenario, the
// Situation Manual, the feedback form and the sign-in sheet hold none of
// the secrets, in either format, while the facilitator guide holds them
// (so that the check can fail).
func TestPlayerDocumentsHoldNoAnswers(t *testing.T) {
	lib, err := scenarios.Library()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range lib {
		sec := secrets(s)
		if len(sec) < 10 {
			t.Fatalf("%s: only %d secrets: the check would prove little", s.ID, len(sec))
		}
		for _, f := range []Format{FormatMarkdown, FormatHTML} {
			for _, d := range []*Doc{SituationManual(s), FeedbackForm(s), SignIn(s)} {
				text := plain(t, render(t, d, f), f)
				for _, x := range sec {
					if strings.Contains(text, strings.Join(strings.Fields(x), " ")) {
						t.Errorf("%s: %s.%s shows %q", s.ID, d.Name, f, x)
					}
				}
			}
			guide := plain(t, render(t, FacilitatorGuide(s), f), f)
			missing := 0
			for _, x := range sec {
				if !strings.Contains(guide, strings.Join(strings.Fields(x), " ")) {
					missing++
				}
			}
			// Bodies and notes are Markdown, rendered: a few lines differ
			// from their source (emphasis, links); titles and labels do not.
			if missing*5 > len(sec) {
				t.Errorf("%s: the facilitator guide (%s) lacks %d of %d secrets", s.ID, f, missing, len(sec))
			}
		}
	}
}

func TestSituationManualContent(t *testing.T) {
	s, err := scenarios.Resolve("ransomware-phishing")
	if err != nil {
		t.Fatal(err)
	}
	text := plain(t, render(t, SituationManual(s), FormatHTML), FormatHTML)
	for _, want := range []string{"Exercise overview", "Objectives and capabilities", "Participants and roles", "Agenda",
		"Ground rules", "Assumptions", "Scenario briefing", s.Roles[0].Name, s.Objectives[0].Text, "Hot wash"} {
		if !strings.Contains(text, want) {
			t.Errorf("situation manual lacks %q", want)
		}
	}
	guide := plain(t, render(t, FacilitatorGuide(s), FormatMarkdown), FormatMarkdown)
	for _, want := range []string{"Master Scenario Events List", "Expected actions", "Harmful actions", "Evaluation guide",
		"Rating: ☐ P ☐ S ☐ M ☐ U", "critical task", "Discussion questions", "Facilitator notes"} {
		if !strings.Contains(guide, want) {
			t.Errorf("facilitator guide lacks %q", want)
		}
	}
}

// TestScenarioGroundRules: a scenario's own ground rules, assumptions and
// jurisdiction replace the defaults.
func TestScenarioGroundRules(t *testing.T) {
	s, err := scenarios.Resolve("ransomware-phishing")
	if err != nil {
		t.Fatal(err)
	}
	cp := *s
	cp.GroundRules, cp.Assumptions, cp.Jurisdiction = []string{"Phones face down."}, []string{"The CEO is on a plane."}, "EU (GDPR, NIS2)"
	text := plain(t, render(t, SituationManual(&cp), FormatMarkdown), FormatMarkdown)
	for _, want := range []string{"Phones face down.", "The CEO is on a plane.", "EU (GDPR, NIS2)"} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q", want)
		}
	}
	if strings.Contains(text, DefaultGroundRules[0]) {
		t.Error("default ground rules shown beside the scenario's own")
	}
}

func TestWrite(t *testing.T) {
	s, err := scenarios.Resolve("bec-wire-fraud")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []Format{FormatHTML, FormatMarkdown} {
		dir := filepath.Join(t.TempDir(), "pkg")
		paths, err := Write(dir, s, f)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range paths {
			names = append(names, filepath.Base(p))
			if fi, err := os.Stat(p); err != nil || fi.Size() < 500 {
				t.Errorf("%s: %v, %d bytes", p, err, fi.Size())
			}
		}
		want := "situation-manual.F facilitator-guide.F feedback-form.F sign-in.F msel.csv msel.xlsx"
		if got := strings.Join(names, " "); got != strings.ReplaceAll(want, "F", string(f)) {
			t.Errorf("wrote %s", got)
		}
	}
	if _, err := Write(t.TempDir(), s, "pdf"); err == nil {
		t.Error("pdf: want an error")
	}
}

// TestHostileScenarioStaysText: markup and escapes in a scenario become
// text in every document: no element but the template's, no link, no raw
// control character.
func TestHostileScenarioStaysText(t *testing.T) {
	s, err := scenarios.Resolve("ransomware-phishing")
	if err != nil {
		t.Fatal(err)
	}
	cp := *s
	const hostile = "<script>alert(1)</script><a href=http://evil.example>x</a>\x1b[2J [l](http://evil.example) https://evil.example"
	cp.Title, cp.Summary = hostile, hostile
	cp.Roles = append([]scenarios.Role{{ID: "x", Name: hostile, Description: hostile}}, cp.Roles...)
	cp.Injects = append([]scenarios.Inject(nil), cp.Injects...)
	cp.Injects[0].Title, cp.Injects[0].Body, cp.Injects[0].FacilitatorNotes = hostile, hostile, hostile
	for _, d := range Documents(&cp) {
		out := render(t, d, FormatHTML)
		if bytes.ContainsRune(out, 0x1b) {
			t.Errorf("%s: raw ESC", d.Name)
		}
		doc, err := html.Parse(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "script", "a", "img", "iframe", "link":
					t.Errorf("%s: a <%s> element", d.Name, n.Data)
				}
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		// The Markdown, rendered as GitHub does (autolinks on), makes no
		// element of those either.
		var gfm bytes.Buffer
		if err := goldmark.New(goldmark.WithExtensions(extension.GFM)).Convert(render(t, d, FormatMarkdown), &gfm); err != nil {
			t.Fatal(err)
		}
		if doc, err = html.Parse(&gfm); err != nil {
			t.Fatal(err)
		}
		walk(doc)
	}
}

// TestWriteEveryLibraryScenario: `ttx pack` works on every built-in.
func TestWriteEveryLibraryScenario(t *testing.T) {
	lib, err := scenarios.Library()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range lib {
		paths, err := Write(filepath.Join(t.TempDir(), s.ID), s, FormatHTML)
		if err != nil || len(paths) != 6 {
			t.Errorf("%s: %d files, %v", s.ID, len(paths), err)
		}
	}
}

func BenchmarkDocuments(b *testing.B) {
	s, err := scenarios.Resolve("ransomware-phishing")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range Documents(s) {
			var buf bytes.Buffer
			if err := d.WriteHTML(&buf); err != nil {
				b.Fatal(err)
			}
		}
	}
}
