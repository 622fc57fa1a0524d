package seats

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/ttx-sim/ttx/sim"
	gossh "golang.org/x/crypto/ssh"
)

// checkName holds participantName's promises for any user name.
func checkName(t *testing.T, user, name string) {
	t.Helper()
	if name == "" || !utf8.ValidString(name) {
		t.Fatalf("%q → %q: empty or invalid UTF-8", user, name)
	}
	if len(name) > sim.MaxNameLen || ansi.StringWidth(name) > MaxNameWidth {
		t.Fatalf("%q → %q: %d bytes, %d cells", user, name, len(name), ansi.StringWidth(name))
	}
	if strings.TrimSpace(name) != name {
		t.Fatalf("%q → %q: spaces around", user, name)
	}
	for _, r := range name {
		if unicode.IsControl(r) || r == 0x7f || r == '\x1b' {
			t.Fatalf("%q → %q: control character %U", user, name, r)
		}
	}
	if participantName(name) != name {
		t.Fatalf("%q → %q → %q: not stable", user, name, participantName(name))
	}
}

func FuzzParticipantName(f *testing.F) {
	for _, s := range []string{"alice", "", " ", "\x1b[2J\x1b]0;x\x07", "\xff\xfe", strings.Repeat("界", 5000),
		"a\u202eb", "e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301", "\t\n\r", "wall"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, user string) {
		checkName(t, user, participantName(user))
	})
}

// FuzzUserNameOverSSH sends hostile user names through the real path:
// authentication, the seat's name, its join in the journal, its screen.
func FuzzUserNameOverSSH(f *testing.F) {
	for _, s := range []string{"alice", "", "\x1b]0;pwned\x07", "\xff\xfe\xfd", strings.Repeat("x", 10_000), "soc", "wall", "a\x00b"} {
		f.Add(s)
	}
	sess := newSession(f)
	ts := startServer(f, sess, nil, withModel(newPlaceholder))
	f.Fuzz(func(t *testing.T, user string) {
		n := len(joins(sess.Events()))
		conn, err := dial(ts.addr, user, nil, gossh.Password("246810"))
		if err != nil {
			t.Fatalf("%q: %v", user, err)
		}
		defer conn.Close()
		c := open(t, conn, 80, 24)
		name := participantName(user)
		if _, err := c.waitFor(0, "seat "+name+" ", 10*time.Second); err != nil {
			t.Fatal(err)
		}
		js := joins(sess.Events())
		if len(js) != n+1 {
			t.Fatalf("%q: %d joins, want %d", user, len(js), n+1)
		}
		if js[n].By != name {
			t.Fatalf("%q journaled as %q, shown as %q", user, js[n].By, name)
		}
		checkName(t, user, js[n].By)
	})
}
