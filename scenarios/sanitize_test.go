package scenarios

import (
	"fmt"
	"strings"
	"testing"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, text, line string
	}{
		{"plain", "Isolate host", "Isolate host", "Isolate host"},
		{"newline and tab", "a\n\tb", "a\n\tb", "a  b"},
		{"clear screen", "x\x1b[2Jy", "x␛[2Jy", "x␛[2Jy"},
		{"osc title", "\x1b]0;pwned\x07", "␛]0;pwned␇", "␛]0;pwned␇"},
		{"osc52 clipboard", "\x1b]52;c;ZXZpbA==\x1b\\", "␛]52;c;ZXZpbA==␛\\", "␛]52;c;ZXZpbA==␛\\"},
		{"c1 csi", "a\u009b2Jb", `a\u009b2Jb`, `a\u009b2Jb`},
		{"bidi override", "abc\u202edcba", `abc\u202edcba`, `abc\u202edcba`},
		{"crlf", "a\r\nb", "a\nb", "a b"},
		{"lone cr", "a\rb", "a␍b", "a␍b"},
		{"del and nul", "a\x7f\x00", "a␡␀", "a␡␀"},
		{"invalid utf8", "a\xffb", "a\uFFFDb", "a\uFFFDb"},
		{"unicode kept", "Café — 東京", "Café — 東京", "Café — 東京"},
		{"zero-width space", "Isolate\u200bhost", `Isolate\u200bhost`, `Isolate\u200bhost`},
		{"zero-width joiner and word joiner", "a\u200db\u2060c", `a\u200db\u2060c`, `a\u200db\u2060c`},
		{"bom inside", "a\ufeffb", `a\ufeffb`, `a\ufeffb`},
		{"line and paragraph separators", "a\u2028b\u2029c", `a\u2028b\u2029c`, `a\u2028b\u2029c`},
		{"tag characters", "ok\U000E0041", `ok\ue0041`, `ok\ue0041`},
		{"few combining marks kept", "e\u0301\u0302", "e\u0301\u0302", "e\u0301\u0302"},
		{"combining marks capped", "a" + strings.Repeat("\u0301", 16000) + "b", "a" + strings.Repeat("\u0301", MaxCombining) + "b", "a" + strings.Repeat("\u0301", MaxCombining) + "b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sanitize(tt.in); got != tt.text {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.text)
			}
			if got := SanitizeLine(tt.in); got != tt.line {
				t.Errorf("SanitizeLine(%q) = %q, want %q", tt.in, got, tt.line)
			}
		})
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"", "x\x1b[2J", "\x1b]52;c;x\x07", "a\u009bb", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Sanitize(s), SanitizeLine(s)} {
			for _, r := range out {
				if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f || Hidden(r) {
					t.Fatalf("control %U survived in %q", r, out)
				}
			}
		}
		if n := longestMarkRun(Sanitize(s)); n > MaxCombining {
			t.Fatalf("%d combining marks in a row survived", n)
		}
		if out := SanitizeLine(s); strings.ContainsAny(out, "\n\t") {
			t.Fatalf("SanitizeLine kept a line break: %q", out)
		}
	})
}

// TestSanitizeEscapesEveryHiddenCharacter: each zero-width, invisible,
// separator and bidirectional control character becomes a visible \u
// escape, in text and in one-line text alike, wherever it stands. A
// zero-width joiner is escaped inside an emoji sequence as well: terminals
// disagree on the width of a joined emoji, and a joiner can glue a
// look-alike to a label.
func TestSanitizeEscapesEveryHiddenCharacter(t *testing.T) {
	hidden := []rune{
		0x200b, 0x200c, 0x200d, 0xfeff, 0x2060, 0x2061, 0x2064, 0x2028, 0x2029, // zero-width, invisible operators, separators
		0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, // embeddings, overrides, isolates
		0x200e, 0x200f, 0x061c, 0x00ad, 0x034f, 0x180e, 0xe0001, 0xe007f, // marks, soft hyphen, grapheme joiner, tags
	}
	for _, r := range hidden {
		if !Hidden(r) {
			t.Errorf("Hidden(%U) = false", r)
		}
		esc := fmt.Sprintf(`\u%04x`, r)
		for _, in := range []string{string(r), "a" + string(r) + "b", string(r) + "x\ny", "👩" + string(r) + "💻"} {
			want := strings.ReplaceAll(in, string(r), esc)
			if got := Sanitize(in); got != want {
				t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
			}
			if got := SanitizeLine(in); got != strings.ReplaceAll(want, "\n", " ") {
				t.Errorf("SanitizeLine(%q) = %q", in, got)
			}
		}
	}
	// Neighbours that are visible stay as they are.
	for _, r := range []rune{0x2010, 0x2027, 0x202f, 0x2070, 0x00ac, 0xfe0f, 0xe0080} {
		if s := string(r); Hidden(r) || Sanitize(s) != s {
			t.Errorf("%U is changed: %q", r, Sanitize(s))
		}
	}
}
