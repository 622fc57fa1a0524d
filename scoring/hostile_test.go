package scoring

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/net/html"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// hostile is text an attacker might put in a scenario or type as a player:
// live markup, a clear-screen sequence, an OSC window title, an OSC 52
// clipboard write, a C1 CSI, a bidi override, invisible characters
// (zero-width, word joiner, BOM, separators, an isolate) and a spreadsheet
// formula.
const hostile = `<script>alert(1)</script><img src=x onerror=alert(2)>` + "\x1b[2J\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x1b\\\u009b31m\u202e" +
	"\u200b\u200d\ufeff\u2060\u2028\u2029\u2067" + `[link](javascript:alert(3))|`

func hostileSessions(t *testing.T) []*Session {
	sess := fixtureSession(t)
	s := sess.Scenario
	s.Title = hostile
	s.ID = "hostile"
	s.Summary = hostile + "\n# heading\n- list\n\n[click](http://evil.example/x) ![pixel](http://evil.example/p.png) <http://evil.example/auto> " +
		"[ref][r]\n\n[r]: http://evil.example/ref\n\n<iframe src=http://evil.example></iframe>\n\n**bold** `code`"
	s.File = hostile
	for i := range s.Roles {
		s.Roles[i].Name = hostile
	}
	for i := range s.Objectives {
		s.Objectives[i].Text = hostile
		s.Objectives[i].Capability = "=cmd|' /C calc'!A0" + hostile
	}
	for i := range s.Actions {
		a := &s.Actions[i]
		a.Label = "=HYPERLINK(\"http://evil\")" + hostile
		if a.Expected != nil {
			a.Expected.Recommendation = "+" + hostile
			a.Expected.Capability = "@" + hostile
		}
		if a.Harmful != nil {
			a.Harmful.Why = "-" + hostile
		}
	}
	for i := range s.Injects {
		s.Injects[i].Title = hostile
		s.Injects[i].From = hostile
	}
	var evs []sim.Event
	for _, ev := range sess.Events {
		if ev.Note != "" {
			ev.Note = hostile
		}
		if ev.Kind == sim.KindNote || ev.Kind == sim.KindDecision && ev.Text != "" {
			ev.Text = hostile
		}
		if ev.Kind == sim.KindCorrective {
			ev.Owner, ev.Due = "=evil()"+hostile, "@"+hostile
		}
		if ev.Kind == sim.KindDecision {
			ev.By = hostile
		}
		evs = append(evs, ev)
	}
	// A hand-edited journal of a seated exercise: the engine refuses control
	// characters in names, but a report must not rely on that.
	for _, ev := range []sim.Event{
		{Kind: sim.KindJoin, By: hostile, Role: "ir", Text: hostile},
		{Kind: sim.KindJoin, By: hostile, Role: hostile, Text: "code"},
		{Kind: sim.KindLeave, By: hostile, Role: "ir"},
		{Kind: sim.KindAdHoc, Title: hostile, Text: hostile, To: "ir," + hostile},
		{Kind: sim.KindLength, Length: 3 * 3600, Text: hostile},
		{Kind: sim.KindFeedback, Item: "strengths", Text: hostile, By: hostile, Role: "ir"},
	} {
		ev.Seq, ev.At = len(evs)+1, 50*m
		evs = append(evs, ev)
	}
	sess.Events = evs
	sess.Version = hostile
	sess.Dir = "-" + hostile
	second := *sess
	second.Created = sess.Created.AddDate(0, 0, 7)
	return []*Session{sess, &second}
}

func TestHostileTextStaysText(t *testing.T) {
	sessions := hostileSessions(t)
	for _, n := range []int{1, 2} {
		for _, f := range Formats {
			t.Run(fmtName(f, n), func(t *testing.T) {
				out := render(t, f, sessions[:n]...)
				checkNoControls(t, out)
				switch f {
				case FormatHTML:
					checkHTML(t, out)
					if !bytes.Contains(out, []byte("&lt;script&gt;")) {
						t.Error("the hostile text is not shown escaped")
					}
				case FormatMarkdown:
					checkMarkdown(t, out)
				case FormatCSV:
					checkCSV(t, out)
				case FormatJSON:
					if bytes.Contains(out, []byte("<script")) || bytes.Contains(out, []byte("<img")) {
						t.Error("JSON holds unescaped markup")
					}
				}
			})
		}
	}
}

func TestHostileScoreTable(t *testing.T) {
	sess := hostileSessions(t)[0]
	var buf bytes.Buffer
	if err := WriteTable(&buf, sess.Scenario, Score(sess.Scenario, sess.Events)); err != nil {
		t.Fatal(err)
	}
	checkNoControls(t, buf.Bytes())
	if !strings.Contains(buf.String(), "␛[2J") {
		t.Errorf("escape sequences are not made visible:\n%s", buf.String())
	}
}

func fmtName(f Format, n int) string {
	if n == 1 {
		return "report." + string(f)
	}
	return "trend." + string(f)
}

// checkNoControls fails on any control character but newline and tab (and
// CR just before a newline: the CSV line end), on C1 controls, on bidi
// controls and invisible characters (scenarios.Hidden; but the CSV's BOM
// and the markdown's own link breakers) and on invalid UTF-8.
func checkNoControls(t *testing.T, out []byte) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Error("output is not valid UTF-8")
	}
	for i, r := range string(out) {
		if r == '\r' && i+1 < len(out) && out[i+1] == '\n' {
			continue
		}
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f || scenarios.Hidden(r) && !ownZWSP(out, i) && !(i == 0 && r == 0xfeff) {
			t.Fatalf("raw control %U at byte %d: %q", r, i, context(out, i))
		}
	}
}

// ownZWSP says whether out[i:] starts with the zero-width space the
// markdown report itself puts into a URL so that viewers do not link it
// (mdBlock: "http:\u200b//"); the hostile text's own are escaped.
func ownZWSP(out []byte, i int) bool {
	return bytes.HasPrefix(out[i:], []byte("\u200b//")) || bytes.HasPrefix(out[i:], []byte("\u200b")) && i > 0 && out[i-1] == '.'
}

func context(b []byte, i int) string { return string(b[max(0, i-40):min(len(b), i+40)]) }

// checkHTML parses the document and accepts only the elements and
// attributes the templates write: no script, no event handler, no link or
// resource that could make a request.
func checkHTML(t *testing.T, out []byte) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("HTML does not parse: %v", err)
	}
	allowed := map[string]bool{}
	for _, e := range strings.Fields("html head meta title style body h1 h2 h3 h4 h5 h6 p table thead tbody tr th td ul ol li span strong em code pre blockquote hr div br footer s svg line rect text polyline circle path") {
		allowed[e] = true
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if !allowed[n.Data] {
				t.Errorf("unexpected element <%s>", n.Data)
			}
			for _, a := range n.Attr {
				k := strings.ToLower(a.Key)
				if strings.HasPrefix(k, "on") || k == "href" || k == "src" || k == "xlink:href" || k == "action" || k == "srcset" {
					t.Errorf("<%s> has attribute %s=%q", n.Data, a.Key, a.Val)
				}
			}
		}
		if n.Type == html.TextNode && n.Parent != nil && n.Parent.Data == "style" && strings.Contains(n.Data, "url(") {
			t.Error("CSS loads a resource")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

// checkMarkdown requires every character that starts markup to be
// backslash-escaped: no raw tag, link or table break from the input.
func checkMarkdown(t *testing.T, out []byte) {
	t.Helper()
	s := string(out)
	lineStart := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			lineStart = i + 1
		}
		inQuote := strings.HasPrefix(s[lineStart:], "> ")
		if inQuote && strings.IndexByte("`*_", s[i]) >= 0 {
			continue // the briefing keeps its emphasis and code spans
		}
		if strings.IndexByte("<>[]`*_", s[i]) >= 0 && !(i > 0 && s[i-1] == '\\') && !(s[i] == '>' && (i == 0 || s[i-1] == '\n')) && !strings.HasPrefix(s[i:], "**") && !(i > 0 && s[i-1] == '*') && s[i] != '`' {
			t.Fatalf("unescaped %q in Markdown: %q", s[i], context(out, i))
		}
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "|") {
			// A table row: every unescaped | is a cell border, so count them.
			if n := strings.Count(line, "|") - strings.Count(line, `\|`); n > 12 {
				t.Errorf("table row with %d cell borders (a | leaked?): %q", n, line)
			}
		}
	}
}

func checkCSV(t *testing.T, out []byte) {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	if len(rows) < 2 {
		t.Fatalf("only %d rows", len(rows))
	}
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q starts like a formula", cell)
			}
		}
	}
}

func TestCSVCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"}, {"=1+1", "'=1+1"}, {"+cmd", "'+cmd"}, {"-2", "'-2"}, {"@SUM(A1)", "'@SUM(A1)"},
		{"a\x1b[2Jb", "a␛[2Jb"}, {"line\nbreak", "line break"}, {"\tx", " x"}, {"", ""},
	}
	for _, tt := range tests {
		if got := csvCell(tt.in); got != tt.want {
			t.Errorf("csvCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMarkdownEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Isolate hosts", "Isolate hosts"},
		{"<b>x</b>", `\<b\>x\</b\>`},
		{"a|b", `a\|b`},
		{"[x](y)", `\[x\](y)`},
		{"*bold* _it_ `code`", "\\*bold\\* \\_it\\_ \\`code\\`"},
		{"a\x1b]0;t\x07", "a␛\\]0;t␇"},
		{"two\nlines", "two lines"},
	}
	for _, tt := range tests {
		if got := md(tt.in); got != tt.want {
			t.Errorf("md(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := mdBlock("# title\n- **item**\n\n<b>x</b> ![i](http://x/i.png)"); got != "> # title\n> - **item**\n>\n> \\<b\\>x\\</b\\> \\!\\[i\\](http:\u200b//x/i.\u200bpng)" {
		t.Errorf("mdBlock = %q", got)
	}
}

// TestMarkdownNoAutolinks renders reports whose player and scenario text
// holds bare URLs, www. names and e-mail addresses with a GFM renderer
// that autolinks (goldmark's Linkify, as GitHub does): no link may come out.
func TestMarkdownNoAutolinks(t *testing.T) {
	const urls = "see https://evil.example/reset or www.evil.example, mail a@evil.example, ftp://x.example, RS.MA"
	sess := fixtureSession(t)
	s := sess.Scenario
	s.Title, s.Summary = urls, urls
	for i := range s.Actions {
		s.Actions[i].Label = urls
		if e := s.Actions[i].Expected; e != nil {
			e.Recommendation, e.Capability = urls, "RS.MA"
		}
	}
	var evs []sim.Event
	for _, ev := range sess.Events {
		if ev.Note != "" {
			ev.Note = urls
		}
		if ev.Kind == sim.KindNote || ev.Kind == sim.KindDecision && ev.Text != "" {
			ev.Text = urls
		}
		if ev.Kind == sim.KindCorrective {
			ev.Owner = urls
		}
		if ev.Kind == sim.KindDecision {
			ev.By = hostile
		}
		evs = append(evs, ev)
	}
	// A hand-edited journal of a seated exercise: the engine refuses control
	// characters in names, but a report must not rely on that.
	for _, ev := range []sim.Event{
		{Kind: sim.KindJoin, By: hostile, Role: "ir", Text: hostile},
		{Kind: sim.KindJoin, By: hostile, Role: hostile, Text: "code"},
		{Kind: sim.KindLeave, By: hostile, Role: "ir"},
		{Kind: sim.KindAdHoc, Title: hostile, Text: hostile, To: "ir," + hostile},
		{Kind: sim.KindLength, Length: 3 * 3600, Text: hostile},
		{Kind: sim.KindFeedback, Item: "strengths", Text: hostile, By: hostile, Role: "ir"},
	} {
		ev.Seq, ev.At = len(evs)+1, 50*m
		evs = append(evs, ev)
	}
	sess.Events = evs
	gfm := goldmark.New(goldmark.WithExtensions(extension.GFM))
	for n, sessions := range [][]*Session{{sess}, {sess, sess}} {
		out := render(t, FormatMarkdown, sessions...)
		if !bytes.Contains(out, []byte("evil.")) {
			t.Fatalf("report %d lost the text", n)
		}
		var html bytes.Buffer
		if err := gfm.Convert(out, &html); err != nil {
			t.Fatal(err)
		}
		if i := bytes.Index(html.Bytes(), []byte("<a ")); i >= 0 {
			t.Errorf("report %d: a live link in the rendered Markdown: %q", n, context(html.Bytes(), i))
		}
		// The same text without unlink does autolink: the check can fail.
		html.Reset()
		gfm.Convert([]byte(mdEscaper.Replace(urls)), &html)
		if c := bytes.Count(html.Bytes(), []byte("<a ")); c < 4 {
			t.Fatalf("control: %d links from the raw text, want at least 4: %s", c, html.Bytes())
		}
	}
}
