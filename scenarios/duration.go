package scenarios

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Duration is scenario time: whole seconds from the start of the exercise.
type Duration int64

// Common durations.
const (
	Second Duration = 1
	Minute Duration = 60
	Hour   Duration = 3600
)

// ParseDuration reads a duration in Go syntax restricted to the units h, m
// and s ("90m", "1h30m", "1.5h", "45s"), or the plain "0". The result must be
// whole seconds, and a minus sign is refused even on zero.
func ParseDuration(s string) (Duration, error) {
	if s == "0" {
		return 0, nil
	}
	if s == "" {
		return 0, errors.New("empty duration")
	}
	if s[0] == '-' {
		// Also "-0s": scenario time has no sign, and the schema agrees.
		return 0, fmt.Errorf("invalid duration %q: must not be negative", s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		isUnit := c == 'h' || c == 'm' || c == 's'
		if c == 'm' && i+1 < len(s) && s[i+1] == 's' || !isUnit && !(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' {
			return 0, fmt.Errorf("invalid duration %q: use a number with the units h, m or s, such as 90m or 1h30m", s)
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q: use a number with the units h, m or s, such as 90m or 1h30m", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("invalid duration %q: must not be negative", s)
	}
	if d%time.Second != 0 {
		return 0, fmt.Errorf("invalid duration %q: scenario time is whole seconds", s)
	}
	return Duration(d / time.Second), nil
}

// String formats d in the file syntax, e.g. "1h30m", "45s", "0".
func (d Duration) String() string {
	if d == 0 {
		return "0"
	}
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		d = -d
	}
	h, m, s := int64(d)/3600, int64(d)%3600/60, int64(d)%60
	if h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dm", m)
	}
	if s > 0 {
		fmt.Fprintf(&b, "%ds", s)
	}
	return b.String()
}

// Clock formats d as a scenario clock, "T+01:12:30".
func (d Duration) Clock() string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	return fmt.Sprintf("T%s%02d:%02d:%02d", sign, int64(d)/3600, int64(d)%3600/60, int64(d)%60)
}

// Seconds returns d as a number of seconds.
func (d Duration) Seconds() int64 { return int64(d) }
