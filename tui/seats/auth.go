package seats

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// LoadAuthorizedKeys reads an OpenSSH authorized_keys file: one public key
// a line, blank lines and # comments skipped. Options before a key
// (from=, command=, …) are accepted and ignored: a listed key joins as a
// participant, nothing more. A line that is not a key is an error naming
// file:line.
func LoadAuthorizedKeys(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("authorized keys: %w", err)
	}
	keys := make(map[string]bool)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		key, _, _, rest, err := gossh.ParseAuthorizedKey(line)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: not a public key in authorized_keys format: %v", path, n, err)
		}
		if len(bytes.TrimSpace(rest)) != 0 {
			return nil, fmt.Errorf("%s:%d: one key a line, found more after the key", path, n)
		}
		keys[string(key.Marshal())] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("authorized keys %s: %w", path, err)
	}
	return keys, nil
}

// NewJoinCode returns a fresh join code: six digits from crypto/rand, easy
// to read out and to type (one in a million per guess; wrong guesses are
// slowed and capped per address).
func NewJoinCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

// normCode is a typed code without the spaces and dashes people add when
// they read "482 913" off a screen.
func normCode(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, s)
}

func checkJoinCode(code string) error {
	if normCode(code) == "" {
		return errors.New("the join code is empty")
	}
	for _, r := range code {
		if r < 0x21 || r > 0x7e {
			if r != ' ' {
				return errors.New("the join code must be printable ASCII")
			}
		}
	}
	return nil
}

// codeMatches compares in constant time.
func codeMatches(typed, code string) bool {
	return subtle.ConstantTimeCompare([]byte(normCode(typed)), []byte(normCode(code))) == 1
}

// Limits on guessing the join code, per remote address.
const (
	failureWindow = 15 * time.Minute // failures older than this are forgotten
	maxFailures   = 30               // then codes from that address are refused unread
	maxDelaySteps = 10               // the delay grows to 10 × FailureDelay
	maxTracked    = 4096             // addresses remembered at most
)

// limiter counts wrong join codes per remote address. Each failure is
// held FailureDelay × the address's recent failures before it is refused
// (up to ten times), and after maxFailures in failureWindow every code
// from that address is refused for the rest of the window. Keys still
// work from it.
type limiter struct {
	mu    sync.Mutex
	delay time.Duration
	now   func() time.Time
	fails map[string]*failures
}

type failures struct {
	n    int
	last time.Time
}

func newLimiter(delay time.Duration) *limiter {
	return &limiter{delay: delay, now: time.Now, fails: make(map[string]*failures)}
}

// host is the address part of a remote address (the port changes with
// every connection).
func host(addr net.Addr) string {
	if addr == nil {
		return ""
	}
	h, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	return h
}

// locked reports whether an address has used up its guesses.
func (l *limiter) locked(ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.fails[ip]
	return f != nil && f.n >= maxFailures && l.now().Sub(f.last) < failureWindow
}

// fail records a wrong code from ip and returns how long to hold it.
func (l *limiter) fail(ip string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	f := l.fails[ip]
	if f == nil || now.Sub(f.last) >= failureWindow {
		if len(l.fails) >= maxTracked {
			l.pruneLocked(now)
		}
		f = &failures{}
		l.fails[ip] = f
	}
	f.n++
	f.last = now
	return l.delay * time.Duration(min(f.n, maxDelaySteps))
}

func (l *limiter) pruneLocked(now time.Time) {
	for ip, f := range l.fails {
		if now.Sub(f.last) >= failureWindow {
			delete(l.fails, ip)
		}
	}
	if len(l.fails) >= maxTracked {
		// Still full of recent failures (many addresses guessing): forget
		// the oldest half rather than grow without bound.
		var oldest time.Time
		for _, f := range l.fails {
			if oldest.IsZero() || f.last.Before(oldest) {
				oldest = f.last
			}
		}
		mid := oldest.Add(now.Sub(oldest) / 2)
		for ip, f := range l.fails {
			if f.last.Before(mid) || f.last.Equal(oldest) {
				delete(l.fails, ip)
			}
		}
	}
}
