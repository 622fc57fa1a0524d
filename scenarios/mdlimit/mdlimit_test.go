package mdlimit

import (
	"strings"
	"testing"
)

func TestLimit(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  string // "" : unchanged
		cut   string // part of the one cut expected; "": none
		plain bool
	}{
		{"ordinary", "# Title\n\n> quoted\n\n- a\n  - b\n    - c\n\n[link](x) and **bold**", "", "", false},
		{"quote depth at the limit", strings.Repeat("> ", MaxDepth) + "x", "", "", false},
		{"300 nested >", strings.Repeat(">", 300) + " x", strings.Repeat(">", MaxDepth) + "x", "nested 300 deep flattened to 8", false},
		{"nested list on one line", strings.Repeat("- ", 10_000) + "x", strings.Repeat("- ", MaxDepth) + "x", "nested 10000 deep", false},
		{"numbered and mixed", "1. > - 2) " + strings.Repeat("> ", 10) + "x", "1. > - 2) > > > > x", "nested 14 deep", false},
		{"deep indentation", strings.Repeat(" ", 40) + "- x", strings.Repeat(" ", MaxIndent) + "- x", "indented 40 columns", false},
		{"tabs count as four", strings.Repeat("\t", 5) + "x", strings.Repeat(" ", MaxIndent) + "x", "indented 20 columns", false},
		{"brackets", strings.Repeat("[a] ", 300), strings.Repeat(`\[a\] `, 300), "600 square brackets", false},
		{"escaped brackets stay single", strings.Repeat(`\[a] `, 300), strings.Repeat(`\[a\] `, 300), "square brackets", false},
		{"long word", strings.Repeat("ab", MaxWord), strings.Repeat("ab", MaxWord/2) + " " + strings.Repeat("ab", MaxWord/2), "1024-byte word", false},
		{"too long", strings.Repeat("a ", MaxBytes), "", "more than 64 KiB", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Limit(tt.in)
			if r.Plain != tt.plain {
				t.Fatalf("Plain = %v", r.Plain)
			}
			want := tt.want
			if want == "" && !tt.plain {
				want = tt.in
			}
			if !tt.plain && r.Text != want {
				t.Errorf("Text = %q\nwant %q", trim(r.Text), trim(want))
			}
			switch {
			case tt.cut == "" && len(r.Cuts) > 0:
				t.Errorf("cuts %q for an unchanged text", r.Cuts)
			case tt.cut != "" && (len(r.Cuts) != 1 || !strings.Contains(r.Cuts[0], tt.cut)):
				t.Errorf("cuts %q, want one with %q", r.Cuts, tt.cut)
			}
		})
	}
}

func trim(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

func TestBreakWordsKeepsRunes(t *testing.T) {
	s := strings.Repeat("é", MaxWord)
	out := BreakWords(s)
	if !strings.Contains(out, " ") || strings.ReplaceAll(out, " ", "") != s || strings.ContainsRune(out, '\uFFFD') {
		t.Errorf("BreakWords broke a rune or nothing: %q", trim(out))
	}
	if BreakWords("short words stay") != "short words stay" {
		t.Error("short words changed")
	}
}

// FuzzLimit: Limit grows a text by at most what its rules add, and leaves
// no word longer than MaxWord (plus a rune).
func FuzzLimit(f *testing.F) {
	f.Add(strings.Repeat("> ", 20) + "x")
	f.Add(strings.Repeat("[a]", 300))
	f.Add("1. - > " + strings.Repeat(" ", 30) + "x")
	f.Fuzz(func(t *testing.T, s string) {
		r := Limit(s)
		if r.Plain {
			return
		}
		// Escaped brackets at most double it; an indentation of tabs moved
		// left becomes up to MaxIndent spaces a line; broken words gain a
		// space each MaxWord bytes.
		lines := strings.Count(s, "\n") + 1
		if len(r.Text) > 2*len(s)+lines*MaxIndent+len(s)/MaxWord+1 {
			t.Fatalf("grew from %d to %d bytes", len(s), len(r.Text))
		}
		if longestWord(r.Text) > MaxWord+4 {
			t.Fatalf("a word of %d bytes is left", longestWord(r.Text))
		}
	})
}
