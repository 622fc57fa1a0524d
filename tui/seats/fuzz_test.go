package seats

import (
	"io"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/ttx-sim/ttx/sim"
	"github.com/ttx-sim/ttx/tui"
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
		conn, err := dial(ts.addr, user, nil, gossh.Password(testCode))
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

// FuzzSeatInputOverSSH sends any bytes as a participant's keys, with
// window changes between them (the first bytes choose the sizes, up to
// 65535 cells), to the real seat over SSH; then the client drops. The
// server must go on: the journal stays readable and the seat that has
// watched throughout still records.
func FuzzSeatInputOverSSH(f *testing.F) {
	for _, s := range []string{
		"\r",
		"\rtfree text\r",
		"\r\x1b[A\x1b[B\r\r\rjjjkkk\t\t\t?q",
		"4\r\x1b[5~\x1b[6~",
		"\rt\x1b]0;title\x07\x1b[2J\x00\xff\xfe\r",
		"\re\xf0\x9f\x92\xa5 note\r\x03",
		"\x1b[200~pasted\rtext\x1b[201~",
	} {
		f.Add([]byte{200, 60, 1, 1}, s)
	}
	f.Add([]byte{0xff, 0xff, 0, 0, 10, 3}, "\rtx\r")
	sess := newSession(f)
	ts := startServer(f, sess, nil, withModel(tui.NewSeat))
	watcher, err := dial(ts.addr, "legal", nil, gossh.Password(testCode))
	if err != nil {
		f.Fatal(err)
	}
	defer watcher.Close()
	w := open(f, watcher, 120, 40)
	realDriver.join(w)
	n := 0
	f.Fuzz(func(t *testing.T, sizes []byte, keys string) {
		conn, err := dial(ts.addr, "soc", nil, gossh.Password(testCode))
		if err != nil {
			t.Fatal(err)
		}
		c, err := openErr(t, conn, 100, 30)
		if err != nil {
			conn.Close()
			t.Fatal(err)
		}
		c.waitFor(0, "Which role do you play?", 10*time.Second)
		for i := 0; i < len(keys); i += 7 {
			if j := 2 * (i / 7); j+1 < len(sizes) {
				_ = c.sess.WindowChange(int(sizes[j+1])*257, int(sizes[j])*257)
			}
			_, _ = io.WriteString(c.in, keys[i:min(i+7, len(keys))])
		}
		time.Sleep(20 * time.Millisecond)
		conn.Close()

		// The watching seat still records, and the journal reads back.
		w.t = t // (iterations run one at a time)
		n++
		m := w.mark()
		last, ack := realDriver.decide(w, n)
		w.send(last)
		if _, err := w.waitFor(m, ack, 10*time.Second); err != nil {
			t.Fatal(err)
		}
		if _, _, _, _, err := sim.ReadSession(sess.Dir()); err != nil {
			t.Fatalf("the journal does not read back: %v", err)
		}
	})
}
