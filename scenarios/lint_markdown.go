package scenarios

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/ttx-sim/ttx/scenarios/mdlimit"
)

// markdown warns on markdown that the renderers would cut down to keep
// their work bounded (mdlimit), and on letters with more combining marks
// than Sanitize keeps, so that an author learns why the console shows a
// field flattened, escaped or as plain text.
func (l *linter) markdown() {
	s := l.s
	l.markdownField(l.keyPos("summary"), "the summary", s.Summary)
	for _, in := range s.Injects {
		l.markdownField(in.Pos, fmt.Sprintf("inject %q body", in.ID), in.Body)
		l.markdownField(in.Pos, fmt.Sprintf("inject %q facilitator_notes", in.ID), in.FacilitatorNotes)
	}
	for _, a := range s.Actions {
		l.markdownField(a.Pos, fmt.Sprintf("action %q description", a.ID), a.Description)
	}
}

func (l *linter) markdownField(pos Pos, what, md string) {
	if md == "" {
		return
	}
	cuts := mdlimit.Limit(md).Cuts
	if n := longestMarkRun(md); n > MaxCombining {
		cuts = append(cuts, fmt.Sprintf("a letter with %d combining marks keeps %d", n, MaxCombining))
	}
	if len(cuts) > 0 {
		l.warn(pos, "%s is cut down when shown: %s", what, strings.Join(cuts, "; "))
	}
}

// longestMarkRun is the longest run of combining marks in s.
func longestMarkRun(s string) int {
	longest, n := 0, 0
	for _, r := range s {
		if r >= 0x300 && unicode.In(r, unicode.Mn, unicode.Me) {
			n++
			longest = max(longest, n)
		} else {
			n = 0
		}
	}
	return longest
}
