package scenarios

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sanitize makes untrusted text (anything from a scenario file, a decisions
// file or a player) safe to print on a terminal or into a text report: every
// control character except newline and tab is replaced by a visible
// stand-in, so no escape sequence from a file can clear the screen, retitle
// the window or write the clipboard. ESC becomes "␛" (the rest of the
// sequence is left as harmless printable text), other C0 controls and DEL
// become their Unicode control pictures, C1 controls and bidirectional
// overrides become "\u…" escapes, and invalid UTF-8 becomes U+FFFD. Carriage
// returns are dropped from CRLF pairs and otherwise made visible.
// Invisible characters that can hide or spoof text (zero-width spaces and
// joiners, the word joiner, the BOM, invisible operators, tag characters,
// the soft hyphen) and the line and paragraph separators U+2028/U+2029 become
// "\u…" escapes too, so two labels that differ only by them look different.
// A letter keeps at most MaxCombining combining marks: a longer run (one
// letter with thousands of accents) costs every width computation time
// quadratic in its length and shows nothing more; the rest is dropped.
func Sanitize(s string) string {
	if isClean(s, true) {
		return s
	}
	return sanitize(s, true)
}

// SanitizeLine is Sanitize for text that must stay on one line (table cells,
// feed rows, CSV fields): newlines and tabs become spaces as well.
func SanitizeLine(s string) string {
	if isClean(s, false) {
		return s
	}
	return sanitize(s, false)
}

func isClean(s string, multiline bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return false // checked rune by rune in sanitize
		}
		if c < 0x20 || c == 0x7f {
			if multiline && (c == '\n' || c == '\t') {
				continue
			}
			return false
		}
	}
	return true
}

// MaxCombining is the most combining marks Sanitize keeps on one letter.
const MaxCombining = 8

// Hidden reports whether Sanitize shows r as a "\u…" escape because it
// reorders or hides text: bidirectional controls, zero-width and other
// invisible format characters, line and paragraph separators. Front ends
// that must show text otherwise raw (a text field, whose value is kept as
// typed) escape these runes on screen.
func Hidden(r rune) bool {
	switch {
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
		r == 0x200e || r == 0x200f || r == 0x061c:
		return true
	case r >= 0x200b && r <= 0x200d, r >= 0x2060 && r <= 0x2064,
		r == 0xfeff, r == 0x180e, r == 0x00ad, r == 0x034f,
		r == 0x2028, r == 0x2029, r >= 0xe0000 && r <= 0xe007f:
		return true
	}
	return false
}

func sanitize(s string, multiline bool) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	marks := 0 // combining marks in a row
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r >= 0x300 && unicode.In(r, unicode.Mn, unicode.Me) {
			if marks++; marks > MaxCombining {
				continue
			}
		} else {
			marks = 0
		}
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune('\uFFFD')
		case r == '\n' || r == '\t':
			if multiline {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ')
			}
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue // CRLF: keep the newline only
			}
			b.WriteRune('\u240D')
		case r == 0x1b:
			b.WriteRune('\u241B')
		case r < 0x20:
			b.WriteRune(0x2400 + r)
		case r == 0x7f:
			b.WriteRune('\u2421')
		case r >= 0x80 && r <= 0x9f, Hidden(r):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
