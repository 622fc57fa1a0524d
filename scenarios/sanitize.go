package scenarios

import (
	"fmt"
	"strings"
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

func sanitize(s string, multiline bool) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
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
		case r >= 0x80 && r <= 0x9f,
			r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
			r == 0x200e || r == 0x200f || r == 0x061c:
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
