package seats

import (
	"bytes"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/sim"
	gossh "golang.org/x/crypto/ssh"
)

// joins reads the journal's join events.
func joins(events []sim.Event) []sim.Event {
	var out []sim.Event
	for _, ev := range events {
		if ev.Kind == sim.KindJoin {
			out = append(out, ev)
		}
	}
	return out
}

func TestKeyInTheFileJoins(t *testing.T) {
	sess := newSession(t)
	key := newKey(t)
	ts := startServer(t, sess, []gossh.PublicKey{key.PublicKey()}, withModel(newPlaceholder))
	conn, err := dial(ts.addr, "alice", nil, gossh.PublicKeys(key))
	if err != nil {
		t.Fatalf("a listed key was refused: %v", err)
	}
	defer conn.Close()
	c := open(t, conn, 100, 30)
	c.must(0, "seat alice lead via key size 100x30")
	js := joins(sess.Events())
	if len(js) != 1 || js[0].By != "alice" || js[0].Role != "lead" || js[0].Text != sim.ViaKey {
		t.Fatalf("joins journaled: %+v", js)
	}
}

func TestUnknownKeyRefused(t *testing.T) {
	sess := newSession(t)
	listed, other := newKey(t), newKey(t)
	ts := startServer(t, sess, []gossh.PublicKey{listed.PublicKey()}, withModel(newPlaceholder))
	conn, err := dial(ts.addr, "mallory", nil, gossh.PublicKeys(other))
	if err == nil {
		conn.Close()
		t.Fatal("a key not in the file got in")
	}
	if !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("refused with %v", err)
	}
	if js := joins(sess.Events()); len(js) != 0 {
		t.Fatalf("a refused client joined: %+v", js)
	}
}

func TestRightCodeJoins(t *testing.T) {
	for _, tc := range []struct {
		name string
		auth gossh.AuthMethod
	}{
		{"password", gossh.Password(testCode)},
		{"password as read out", gossh.Password(" 246-810 ")},
		{"keyboard-interactive", gossh.KeyboardInteractive(func(_, _ string, qs []string, _ []bool) ([]string, error) {
			if len(qs) != 1 || !strings.Contains(qs[0], "Join code") {
				return nil, errors.New("unexpected questions")
			}
			return []string{"246810"}, nil
		})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sess := newSession(t)
			ts := startServer(t, sess, nil, withModel(newPlaceholder))
			conn, err := dial(ts.addr, "soc", nil, tc.auth)
			if err != nil {
				t.Fatalf("the right code was refused: %v", err)
			}
			defer conn.Close()
			c := open(t, conn, 80, 24)
			// The user name soc is a role id: it preselects the role.
			c.must(0, "seat soc soc via code")
			js := joins(sess.Events())
			if len(js) != 1 || js[0].Text != sim.ViaCode || js[0].Role != "soc" {
				t.Fatalf("joins journaled: %+v", js)
			}
		})
	}
}

func TestWrongCodeRefusedAndSlowed(t *testing.T) {
	sess := newSession(t)
	ts := startServer(t, sess, nil, withModel(newPlaceholder))
	delay := 100 * time.Millisecond
	for i, auth := range []gossh.AuthMethod{
		gossh.Password("135790"),
		gossh.KeyboardInteractive(func(_, _ string, qs []string, _ []bool) ([]string, error) {
			return []string{"000000"}, nil
		}),
		gossh.Password(""),
		gossh.Password("2468100"),
	} {
		start := time.Now()
		conn, err := dial(ts.addr, "eve", nil, auth)
		took := time.Since(start)
		if err == nil {
			conn.Close()
			t.Fatalf("attempt %d: a wrong code got in", i)
		}
		// The n-th failure from one address is held n × the delay.
		if want := delay * time.Duration(i+1); took < want {
			t.Fatalf("attempt %d: refused after %v, want at least %v", i, took, want)
		}
	}
	if js := joins(sess.Events()); len(js) != 0 {
		t.Fatalf("a refused client joined: %+v", js)
	}
	// The right code still gets in (fewer than maxFailures).
	conn, err := dial(ts.addr, "eve", nil, gossh.Password(testCode))
	if err != nil {
		t.Fatalf("the right code after failures: %v", err)
	}
	conn.Close()
}

func TestLimiter(t *testing.T) {
	now := time.Unix(1e9, 0)
	l := newLimiter(time.Second)
	l.now = func() time.Time { return now }
	for i := 1; i <= maxFailures; i++ {
		if l.locked("10.0.0.1") {
			t.Fatalf("locked after %d failures", i-1)
		}
		want := time.Duration(min(i, maxDelaySteps)) * time.Second
		if d := l.fail("10.0.0.1"); d != want {
			t.Fatalf("failure %d held %v, want %v", i, d, want)
		}
	}
	if !l.locked("10.0.0.1") {
		t.Fatalf("not locked after %d failures", maxFailures)
	}
	if l.locked("10.0.0.2") {
		t.Fatal("another address is locked")
	}
	now = now.Add(failureWindow)
	if l.locked("10.0.0.1") {
		t.Fatal("still locked after the window")
	}
	if d := l.fail("10.0.0.1"); d != time.Second {
		t.Fatalf("the count did not start again after the window: %v", d)
	}
	// Many addresses: the table stays bounded.
	for i := range 3 * maxTracked {
		now = now.Add(time.Millisecond)
		l.fail(net.IPv4(10, byte(i>>16), byte(i>>8), byte(i)).String())
	}
	if len(l.fails) > maxTracked {
		t.Fatalf("%d addresses tracked, at most %d", len(l.fails), maxTracked)
	}
}

func TestLockedAddressRefusesEvenTheRightCode(t *testing.T) {
	sess := newSession(t)
	ts := startServer(t, sess, nil, withModel(newPlaceholder), withConfig(func(c *Config) { c.FailureDelay = time.Microsecond }))
	for range maxFailures {
		ts.limiter.fail("127.0.0.1")
	}
	if conn, err := dial(ts.addr, "eve", nil, gossh.Password(testCode)); err == nil {
		conn.Close()
		t.Fatal("an address that used up its guesses got in with a code")
	}
}

// exitStatus is a finished session's exit status (-1: none).
func exitStatus(err error) int {
	var ee *gossh.ExitError
	if errors.As(err, &ee) {
		return ee.ExitStatus()
	}
	if err == nil {
		return 0
	}
	return -1
}

func TestCommandsRunNothing(t *testing.T) {
	sess := newSession(t)
	key := newKey(t)
	ts := startServer(t, sess, []gossh.PublicKey{key.PublicKey()}, withModel(newPlaceholder))
	for _, withPTY := range []bool{false, true} {
		conn, err := dial(ts.addr, "alice", nil, gossh.PublicKeys(key))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		s, err := conn.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		if withPTY {
			if err := s.RequestPty("xterm", 24, 80, nil); err != nil {
				t.Fatal(err)
			}
		}
		var stdout, stderr bytes.Buffer
		s.Stdout, s.Stderr = &stdout, &stderr
		err = s.Run("cat /etc/passwd")
		if code := exitStatus(err); code == 0 || code == -1 {
			t.Fatalf("pty %v: exec ended with %v, want a non-zero exit status", withPTY, err)
		}
		out := stdout.String() + stderr.String()
		if strings.Contains(out, "root:") {
			t.Fatalf("pty %v: the command ran: %q", withPTY, out)
		}
		if !strings.Contains(out, "no command is run") {
			t.Fatalf("pty %v: no refusal printed: %q", withPTY, out)
		}
	}
	if js := joins(sess.Events()); len(js) != 0 {
		t.Fatalf("a command joined: %+v", js)
	}
}

func TestNoPTYRefused(t *testing.T) {
	sess := newSession(t)
	key := newKey(t)
	ts := startServer(t, sess, []gossh.PublicKey{key.PublicKey()}, withModel(newPlaceholder))
	conn, err := dial(ts.addr, "alice", nil, gossh.PublicKeys(key))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	s, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	s.Stdout, s.Stderr = &stdout, &stderr
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	err = s.Wait()
	if exitStatus(err) != 1 {
		t.Fatalf("a shell without a PTY ended with %v, want exit status 1", err)
	}
	if got := strings.TrimSpace(stdout.String() + stderr.String()); got != refuseNoPTY {
		t.Fatalf("printed %q, want the one line %q", got, refuseNoPTY)
	}
	if js := joins(sess.Events()); len(js) != 0 {
		t.Fatalf("a session without a PTY joined: %+v", js)
	}
}

func TestSubsystemAndForwardingRefused(t *testing.T) {
	sess := newSession(t)
	key := newKey(t)
	ts := startServer(t, sess, []gossh.PublicKey{key.PublicKey()}, withModel(newPlaceholder))
	conn, err := dial(ts.addr, "alice", nil, gossh.PublicKeys(key))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	s, err := conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestSubsystem("sftp"); err == nil {
		t.Fatal("the sftp subsystem was accepted")
	}
	// One seat per connection: a second session channel is refused.
	if s2, err := conn.NewSession(); err == nil {
		s2.Close()
		t.Fatal("a second session on one connection was accepted")
	}
	s.Close()
	conn.Close()
	conn, err = dial(ts.addr, "alice", nil, gossh.PublicKeys(key))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	// Local forwarding (direct-tcpip) to a port that is listening.
	target, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer target.Close()
	if c, err := conn.Dial("tcp", target.Addr().String()); err == nil {
		c.Close()
		t.Fatal("local port forwarding was accepted")
	}
	// Remote forwarding (tcpip-forward).
	if l, err := conn.Listen("tcp", "127.0.0.1:0"); err == nil {
		l.Close()
		t.Fatal("remote port forwarding was accepted")
	}
	// Agent and X11 forwarding on a session.
	s, err = conn.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if ok, err := s.SendRequest("auth-agent-req@openssh.com", true, nil); err != nil || ok {
		t.Fatalf("agent forwarding: ok %v, err %v", ok, err)
	}
	x11 := gossh.Marshal(struct {
		Single   bool
		Protocol string
		Cookie   string
		Screen   uint32
	}{false, "MIT-MAGIC-COOKIE-1", "00112233445566778899aabbccddeeff", 0})
	if ok, err := s.SendRequest("x11-req", true, x11); err != nil || ok {
		t.Fatalf("X11 forwarding: ok %v, err %v", ok, err)
	}
}

func TestHostKeyStable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ttx", "ssh_host_ed25519_key")
	var keys []gossh.PublicKey
	for range 2 {
		sess := newSession(t)
		ts := startServer(t, sess, nil, withModel(newPlaceholder), withConfig(func(c *Config) { c.HostKeyPath = path }))
		var hk gossh.PublicKey
		conn, err := dial(ts.addr, "x", &hk, gossh.Password(testCode))
		if err != nil {
			t.Fatal(err)
		}
		conn.Close()
		keys = append(keys, hk)
		ts.Close()
	}
	if gossh.FingerprintSHA256(keys[0]) != gossh.FingerprintSHA256(keys[1]) {
		t.Fatalf("host key changed: %s then %s", gossh.FingerprintSHA256(keys[0]), gossh.FingerprintSHA256(keys[1]))
	}
	if keys[0].Type() != gossh.KeyAlgoED25519 {
		t.Fatalf("host key type %s", keys[0].Type())
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %v, want 0600", fi.Mode().Perm())
	}
}

func TestDefaultHostKeyPath(t *testing.T) {
	env := map[string]string{"XDG_DATA_HOME": "/x/data", "HOME": "/home/u"}
	got, err := DefaultHostKeyPath(func(k string) string { return env[k] })
	if err != nil || got != "/x/data/ttx/ssh_host_ed25519_key" {
		t.Fatalf("got %q, %v", got, err)
	}
	delete(env, "XDG_DATA_HOME")
	got, _ = DefaultHostKeyPath(func(k string) string { return env[k] })
	if got != "/home/u/.local/share/ttx/ssh_host_ed25519_key" {
		t.Fatalf("got %q", got)
	}
}

func TestBadConfig(t *testing.T) {
	dir := t.TempDir()
	good := newKey(t)
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	okKeys := write("ok", "# c\n\n"+string(gossh.MarshalAuthorizedKey(good.PublicKey())))
	badKeys := write("bad", "# c\n"+string(gossh.MarshalAuthorizedKey(good.PublicKey()))+"ssh-ed25519 AAAAnotbase64!! x\n")
	notKey := write("host", "not a key\n")
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"bad authorized keys line", Config{AuthorizedKeysFile: badKeys}, badKeys + ":3:"},
		{"missing authorized keys", Config{AuthorizedKeysFile: filepath.Join(dir, "none")}, "no such file"},
		{"bad host key", Config{AuthorizedKeysFile: okKeys, HostKeyPath: notKey}, "host key " + notKey},
		{"host key in a file", Config{HostKeyPath: filepath.Join(okKeys, "key")}, "host key"},
		{"control character in the code", Config{JoinCode: "12\x1b34"}, "printable"},
		{"blank code", Config{JoinCode: " - "}, "empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.cfg.HostKeyPath == "" {
				tc.cfg.HostKeyPath = filepath.Join(t.TempDir(), "hk")
			}
			_, err := New(tc.cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
	srv, err := New(Config{AuthorizedKeysFile: okKeys, HostKeyPath: filepath.Join(dir, "hk")})
	if err != nil {
		t.Fatal(err)
	}
	if code := srv.JoinCode(); len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		t.Fatalf("generated join code %q", code)
	}
	if err := srv.Serve(mustListen(t)); !errors.Is(err, ErrNoSession) {
		t.Fatalf("Serve without a session: %v", err)
	}
}

func mustListen(t *testing.T) net.Listener {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// TestSilentConnectionIsClosed: a client that connects and never gets to
// a session is cut off after the handshake timeout.
func TestSilentConnectionIsClosed(t *testing.T) {
	sess := newSession(t)
	ts := startServer(t, sess, nil, withModel(newPlaceholder), withConfig(func(c *Config) { c.handshakeTimeout = time.Second }))
	for _, stall := range []string{"says nothing", "stops after its version"} {
		conn, err := net.Dial("tcp", ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		if stall == "stops after its version" {
			if _, err := conn.Write([]byte("SSH-2.0-stall\r\n")); err != nil {
				t.Fatal(err)
			}
		}
		start := time.Now()
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		buf := make([]byte, 4096)
		for {
			if _, err := conn.Read(buf); err != nil {
				if ne, ok := err.(net.Error); ok && ne.Timeout() {
					t.Fatalf("a client that %s was never cut off", stall)
				}
				break
			}
		}
		if took := time.Since(start); took < 900*time.Millisecond || took > 8*time.Second {
			t.Fatalf("a client that %s was cut off after %v", stall, took)
		}
		conn.Close()
	}
	// A seat that got in is not cut off.
	c := joinWithCode(t, ts, "soc", 80, 24)
	m := c.must(0, "seat soc")
	time.Sleep(1500 * time.Millisecond) // past the handshake timeout
	c.send("d")
	c.must(m, "ack 1")
}

// TestConnectionCap: past the cap, a connection is closed at once; a place
// freed is taken again.
func TestConnectionCap(t *testing.T) {
	sess := newSession(t)
	ts := startServer(t, sess, nil, withModel(newPlaceholder), withConfig(func(c *Config) { c.maxConns = 2 }))
	var held []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		// The server's version line: the connection was taken.
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := c.Read(make([]byte, 64)); err != nil {
			t.Fatalf("a connection under the cap: %v", err)
		}
		held = append(held, c)
	}
	if conn, err := dial(ts.addr, "third", nil, gossh.Password(testCode)); err == nil {
		conn.Close()
		t.Fatal("a connection past the cap got in")
	}
	held[0].Close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		conn, err := dial(ts.addr, "again", nil, gossh.Password(testCode))
		if err == nil {
			conn.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the freed place was not taken again: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
