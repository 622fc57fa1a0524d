package scenarios

import (
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
				if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f {
					t.Fatalf("control %U survived in %q", r, out)
				}
			}
		}
		if out := SanitizeLine(s); strings.ContainsAny(out, "\n\t") {
			t.Fatalf("SanitizeLine kept a line break: %q", out)
		}
	})
}
