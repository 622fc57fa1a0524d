package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Severity says whether a Problem blocks loading (an error) or is advice
// (a warning from the linter).
type Severity int

// The severities.
const (
	SeverityError Severity = iota
	SeverityWarning
)

// String returns "error" or "warning", as printed in problem lines.
func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// Problem is one thing wrong with a file, at a position when there is one.
type Problem struct {
	File     string
	Pos      Pos // zero when the problem concerns the whole file (unreadable, too large)
	Severity Severity
	Msg      string
}

// String formats the problem as `path:line:col: error: msg`, or
// `path: error: msg` without a position. File and message come from
// untrusted input, so both are made safe for a terminal.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(SanitizeLine(p.File))
	if p.Pos.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", p.Pos.Line, max(p.Pos.Col, 1))
	}
	fmt.Fprintf(&b, ": %s: %s", p.Severity, SanitizeLine(p.Msg))
	return b.String()
}

// Problems is a list of problems, sorted by position once complete. As an
// error it prints one problem per line.
type Problems []Problem

// Error implements error.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Sort orders the problems by file, line and column, errors before warnings
// at the same place; problems at one place keep the order they were found in.
func (ps Problems) Sort() {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Severity, b.Severity),
		)
	})
}

// AsProblems returns the problems an error from this package carries: err
// itself when it is a Problems, otherwise one error problem for file.
func AsProblems(file string, err error) Problems {
	if err == nil {
		return nil
	}
	if ps, ok := err.(Problems); ok {
		return ps
	}
	return Problems{{File: file, Severity: SeverityError, Msg: err.Error()}}
}

// suggest returns the candidate closest to word when it is close enough to
// be a likely typo, or "".
func suggest(word string, candidates []string) string {
	best, bestDist := "", -1
	for _, c := range candidates {
		if len(c) > 2*len(word)+2 {
			continue // too different to be a typo, and keeps this cheap
		}
		d := editDistance(word, c)
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := max(1, min(len(word), len(best))/3)
	if bestDist < 0 || bestDist > limit || bestDist >= len(word) {
		return ""
	}
	return best
}

// didYouMean formats a suggestion as ` (did you mean "x"?)`, or "".
func didYouMean(word string, candidates []string) string {
	if len(word) > 100 {
		return "" // not a typo; and keeps the edit distance cheap
	}
	if s := suggest(word, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// editDistance is the edit distance between a and b in bytes, counting a
// swap of two neighbours as one edit (the commonest typo).
func editDistance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
