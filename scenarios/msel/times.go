package msel

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/ttx-sim/ttx/scenarios"
)

// timeKind is how a time cell places its row.
type timeKind int

const (
	offset   timeKind = iota // seconds from the start of the exercise
	clock                    // a time of day: relative to the first event; earlier than the previous one means the next day
	timeline                 // a point on an absolute timeline (OpenAEV J/H/M, a date serial): relative to the first event
)

var (
	reOffsetClock = regexp.MustCompile(`^t?\s*\+\s*(\d{1,3}):(\d{2})(?::(\d{2}))?$`)               // T+01:30, +1:30:00
	reOffsetUnits = regexp.MustCompile(`^t?\s*\+?\s*((?:\d+(?:\.\d+)?\s*[hms]\s*)+)$`)             // +90m, 1h30m, T+45s
	reOffsetWords = regexp.MustCompile(`^t?\s*\+?\s*(\d+)\s*(min|mins|minutes?|hrs?|hours?)$`)     // 90 min
	reHHMM        = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::(\d{2}))?$`)                         // 1:30, 11:00, 11:00:00
	reAMPM        = regexp.MustCompile(`^(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?\s*([ap])\.?m\.?$`) // 07:29 PM, 7pm
	reOpenAEV     = regexp.MustCompile(`^j\s*([+-]\s*\d+)?((?:\s*[hms]\s*[+-]\s*\d+)*)(?:\s+(\d{1,2})h(\d{2})?)?$`)
	reOpenAEVPart = regexp.MustCompile(`([hms])\s*([+-])\s*(\d+)`)
)

// parseTime reads one time cell. serial: a bare number is a spreadsheet
// time value (day fraction, or days since 1899-12-30 with a fraction);
// otherwise a bare number counts minutes. hhmmOffset: an h:mm value is an
// offset rather than a time of day (see readTimes).
func parseTime(s string, serial, hhmmOffset bool) (int64, timeKind, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	v = strings.ReplaceAll(v, "\u00a0", " ")
	if m := reOffsetClock.FindStringSubmatch(v); m != nil {
		return hms(m[1], m[2], m[3]), offset, nil
	}
	if m := reOffsetUnits.FindStringSubmatch(v); m != nil {
		d, err := scenarios.ParseDuration(strings.ReplaceAll(m[1], " ", ""))
		if err == nil {
			return int64(d), offset, nil
		}
	}
	if m := reOffsetWords.FindStringSubmatch(v); m != nil {
		n, _ := strconv.ParseInt(m[1], 10, 64)
		if strings.HasPrefix(m[2], "h") {
			return n * 3600, offset, nil
		}
		return n * 60, offset, nil
	}
	if m := reHHMM.FindStringSubmatch(v); m != nil {
		sec := hms(m[1], m[2], m[3])
		if hhmmOffset {
			return sec, offset, nil
		}
		if sec >= 24*3600 {
			return 0, 0, fmt.Errorf("%q is not a time of day", s)
		}
		return sec, clock, nil
	}
	if m := reAMPM.FindStringSubmatch(v); m != nil {
		h, _ := strconv.Atoi(m[1])
		if h < 1 || h > 12 {
			return 0, 0, fmt.Errorf("%q: the hour of a 12-hour time is 1 to 12", s)
		}
		h %= 12
		if m[4] == "p" {
			h += 12
		}
		return hms(strconv.Itoa(h), m[2], m[3]), clock, nil
	}
	if m := reOpenAEV.FindStringSubmatch(v); m != nil {
		var sec int64
		if m[1] != "" {
			d, _ := strconv.ParseInt(strings.ReplaceAll(m[1], " ", ""), 10, 64)
			sec += d * 86400
		}
		for _, p := range reOpenAEVPart.FindAllStringSubmatch(m[2], -1) {
			n, _ := strconv.ParseInt(p[3], 10, 64)
			unit := map[string]int64{"h": 3600, "m": 60, "s": 1}[p[1]]
			if p[2] == "-" {
				n = -n
			}
			sec += n * unit
		}
		if m[3] != "" {
			sec += hms(m[3], m[4], "")
		}
		return sec, timeline, nil
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) && f >= 0 && f < 1e7 {
		if serial {
			sec := int64(math.Round(f * 86400))
			if f < 1 {
				return sec, clock, nil
			}
			return sec, timeline, nil
		}
		if f == math.Trunc(f) {
			return int64(f) * 60, offset, nil
		}
	}
	return 0, 0, fmt.Errorf("cannot read %q as a time (write T+01:30, +90m, 1:30, 07:29 PM or J+1 H+2 M-5)", s)
}

// hms is h:m:s in seconds; empty parts are 0.
func hms(h, m, s string) int64 {
	atoi := func(x string) int64 { n, _ := strconv.ParseInt(x, 10, 64); return n }
	return atoi(h)*3600 + atoi(m)*60 + atoi(s)
}
