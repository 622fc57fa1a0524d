//go:build unix

package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/creack/pty"
	"github.com/ttx-sim/ttx/sim"
	gossh "golang.org/x/crypto/ssh"
)

// screen collects what a terminal program writes, and answers the
// terminal queries a real terminal answers.
type screen struct {
	t       *testing.T
	in      io.Writer
	mu      sync.Mutex
	out     []byte
	changed chan struct{}
}

func newScreen(t *testing.T, in io.Writer, out io.Reader) *screen {
	s := &screen{t: t, in: in, changed: make(chan struct{})}
	go func() {
		buf := make([]byte, 32*1024)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				if bytes.Contains(buf[:n], []byte("\x1b[c")) {
					_, _ = io.WriteString(in, "\x1b]11;rgb:0000/0000/0000\x07\x1b[?62;22c")
				}
				s.mu.Lock()
				s.out = append(s.out, buf[:n]...)
				close(s.changed)
				s.changed = make(chan struct{})
				s.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	return s
}

// wait waits for text (escape sequences stripped) after position from and
// returns the position after it.
func (s *screen) wait(from int, text string) int {
	s.t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		s.mu.Lock()
		got := ansi.Strip(string(s.out[max(0, from-64):]))
		n, ch := len(s.out), s.changed
		s.mu.Unlock()
		if strings.Contains(got, text) {
			return n
		}
		select {
		case <-ch:
		case <-deadline:
			if len(got) > 3000 {
				got = got[len(got)-3000:]
			}
			s.t.Fatalf("no %q on the screen:\n%s", text, got)
		}
	}
}

func (s *screen) send(keys string) {
	s.t.Helper()
	if _, err := io.WriteString(s.in, keys); err != nil {
		s.t.Fatal(err)
	}
}

// console runs ttx with args on a pseudo-terminal, as a facilitator would.
type console struct {
	*screen
	code chan int
	errs *bytes.Buffer
}

func runConsole(t *testing.T, env map[string]string, args ...string) *console {
	master, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { master.Close(); tty.Close() })
	if err := pty.Setsize(tty, &pty.Winsize{Rows: 40, Cols: 140}); err != nil {
		t.Fatal(err)
	}
	c := &console{screen: newScreen(t, master, master), code: make(chan int, 1), errs: &bytes.Buffer{}}
	go func() {
		c.code <- Main(args, &IO{In: tty, Out: tty, Err: c.errs, Getenv: func(k string) string { return env[k] }})
	}()
	return c
}

func (c *console) exit() int {
	c.t.Helper()
	select {
	case code := <-c.code:
		return code
	case <-time.After(20 * time.Second):
		c.t.Fatal("ttx did not exit")
		return -1
	}
}

// joinSeat connects a participant with key as user and opens their seat.
func joinSeat(t *testing.T, addr, user string, key gossh.Signer) (*gossh.Client, *screen) {
	t.Helper()
	conn, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 20 * time.Second,
	})
	if err != nil {
		t.Fatalf("joining as %s: %v", user, err)
	}
	t.Cleanup(func() { conn.Close() })
	sess, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 40, 120, nil); err != nil {
		t.Fatal(err)
	}
	in, _ := sess.StdinPipe()
	out, _ := sess.StdoutPipe()
	s := newScreen(t, in, out)
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	return conn, s
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestPlayAndResumeServeSeats: `ttx play SCENARIO --listen` serves seats
// once the briefing starts the clock; a participant's decision is in the
// journal with their role and name and shows on the console; quitting the
// console disconnects them (their leave journaled) and leaves the session
// resumable; `ttx resume SESSION --listen` lets them rejoin.
func TestPlayAndResumeServeSeats(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the console twice")
	}
	data := t.TempDir()
	env := map[string]string{"TTX_DATA_DIR": filepath.Join(data, "sessions"), "HOME": data}
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	key, _ := gossh.NewSignerFromKey(priv)
	keys := writeTemp(t, "authorized_keys", string(gossh.MarshalAuthorizedKey(key.PublicKey())))
	addr := freeAddr(t)

	c := runConsole(t, env, "play", "../../tui/testdata/drill.yaml", "--listen", addr, "--authorized-keys", keys)
	m := c.wait(0, "Lab drill")
	c.send("\r") // start the clock: the session exists, seats are served
	m = c.wait(m, "T+00:00")
	conn, seat := joinSeat(t, addr, "soc", key)
	sm := seat.wait(0, "Which role do you play?")
	seat.send("\r")
	sm = seat.wait(sm, "Decision log (")
	seat.send("tContain the mailbox")
	seat.send("\r")
	seat.wait(sm, "“Contain the mailbox”")
	c.wait(m, "Contain the mailbox") // the console's log shows it
	c.send("q")
	c.send("y")
	if code := c.exit(); code != 0 {
		t.Fatalf("ttx play exit %d, stderr %q", code, c.errs)
	}
	conn.Close()
	dirs, _ := filepath.Glob(filepath.Join(data, "sessions", "*"))
	if len(dirs) != 1 {
		t.Fatalf("session folders %v", dirs)
	}
	_, _, events, _, err := sim.ReadSession(dirs[0])
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range events {
		switch ev.Kind {
		case sim.KindJoin, sim.KindLeave, sim.KindDecision:
			got = append(got, fmt.Sprintf("%s %s %s %s", ev.Kind, ev.By, ev.Role, ev.Text))
		}
	}
	want := []string{"join soc soc key", "decision soc soc Contain the mailbox", "leave soc soc "}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("journal:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := os.Stat(filepath.Join(data, "ssh_host_ed25519_key")); err != nil {
		t.Fatalf("no host key beside the data folder: %v", err)
	}

	// Resume: the seat rejoins and sees the team's log.
	addr = freeAddr(t)
	c = runConsole(t, env, "resume", dirs[0], "--listen", addr, "--authorized-keys", keys)
	c.wait(0, "PAUSED")
	_, seat = joinSeat(t, addr, "soc", key)
	sm = seat.wait(0, "Which role do you play?")
	seat.send("\r")
	seat.wait(sm, "Contain the mailbox")
	c.send("q")
	c.send("y")
	if code := c.exit(); code != 0 {
		t.Fatalf("ttx resume exit %d, stderr %q", code, c.errs)
	}
	_, _, events, _, err = sim.ReadSession(dirs[0])
	if err != nil {
		t.Fatal(err)
	}
	if ps := sim.Participants(events); len(ps) != 1 || ps[0].Connected {
		t.Fatalf("participants after the resumed run: %+v", ps)
	}
}
