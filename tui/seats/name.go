package seats

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// MaxNameWidth is the most terminal cells of an SSH user name kept as a
// participant's name; the rest is cut.
const MaxNameWidth = 32

// fallbackName names a participant whose user name has nothing showable.
const fallbackName = "participant"

// participantName turns the SSH user name, which anyone connecting
// chooses, into the name shown and journaled: one line of sanitised text
// (scenarios.SanitizeLine: no control, escape or invisible reordering
// characters, valid UTF-8), spaces collapsed, at most MaxNameWidth cells.
func participantName(user string) string {
	if len(user) > 4*MaxNameWidth*4 {
		user = user[:4*MaxNameWidth*4] // SanitizeLine may cut a rune; it repairs it
	}
	s := strings.Join(strings.Fields(scenarios.SanitizeLine(user)), " ")
	s = strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) })
	if ansi.StringWidth(s) > MaxNameWidth {
		s = strings.TrimSpace(ansi.Truncate(s, MaxNameWidth, ""))
	}
	for len(s) > sim.MaxNameLen { // the journal's bound, in bytes
		_, size := utf8.DecodeLastRuneInString(s)
		s = strings.TrimSpace(s[:len(s)-size])
	}
	if s == "" {
		return fallbackName
	}
	return s
}

// presetRole is the role a user name picks: a scenario role id, or
// "wall", typed as the SSH user name exactly.
func presetRole(s *scenarios.Scenario, user string) string {
	if user == wallRole {
		return wallRole
	}
	for _, r := range s.Roles {
		if r.ID == user {
			return r.ID
		}
	}
	return ""
}
