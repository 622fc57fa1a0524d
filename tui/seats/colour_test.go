package seats

import (
	"regexp"
	"testing"

	"github.com/ttx-sim/ttx/tui"
	gossh "golang.org/x/crypto/ssh"
)

// openTerm is open with the client's TERM.
func openTerm(t testing.TB, conn *gossh.Client, term string, w, h int) *client {
	t.Helper()
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty(term, h, w, gossh.TerminalModes{gossh.ECHO: 0}); err != nil {
		t.Fatal(err)
	}
	in, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &client{t: t, conn: conn, sess: sess, in: in, changed: make(chan struct{}), closed: make(chan struct{}), exited: make(chan struct{})}
	go c.read(out)
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() {
		c.exitErr = sess.Wait()
		close(c.exited)
	}()
	return c
}

// TestSeatColoursFollowTheClientsTerminal: over SSH, a seat is drawn in
// the colours its client's TERM can show, the rendered inject body
// included: 256 colours for xterm-256color (never 24-bit), the 16 for
// xterm, no colour code at all for dumb.
func TestSeatColoursFollowTheClientsTerminal(t *testing.T) {
	for _, tc := range []struct {
		term        string
		want, never string
		rendered    string // what only the render shows, not the plain text
	}{
		{"xterm-256color", `\x1b\[[0-9;]*38;5;`, `[34]8;2;`, "Files are encrypted and"},
		{"xterm", `\x1b\[[0-9;]*3[0-7]m`, `[34]8;[25];`, "Files are encrypted and"},
		{"dumb", ``, `\x1b\[[0-9;]*m`, "ransom.txt is on every share"},
	} {
		t.Run(tc.term, func(t *testing.T) {
			sess := newSession(t)
			key := newKey(t)
			ts := startServer(t, sess, []gossh.PublicKey{key.PublicKey()}, withModel(tui.NewSeat))
			conn, err := dial(ts.addr, "soc", nil, gossh.PublicKeys(key))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			c := openTerm(t, conn, tc.term, 120, 40)
			m := realDriver.join(c)
			if _, err := sess.AdHoc("Ransom note", "Files are **encrypted** and `ransom.txt` is on every [share](https://wiki.example/x).", nil); err != nil {
				t.Fatal(err)
			}
			c.must(m, tc.rendered)
			raw := c.raw()
			if tc.want != "" && !regexp.MustCompile(tc.want).MatchString(raw) {
				t.Errorf("TERM=%s: no colour codes %s in the seat's output", tc.term, tc.want)
			}
			if got := regexp.MustCompile(tc.never).FindString(raw); got != "" {
				t.Errorf("TERM=%s: the seat's output holds %q", tc.term, got)
			}
		})
	}
}
