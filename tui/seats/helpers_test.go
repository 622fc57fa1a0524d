package seats

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
	"github.com/ttx-sim/ttx/tui"
	gossh "golang.org/x/crypto/ssh"
)

const drill = "../testdata/drill.yaml"

// newSession is a real session of the drill scenario in a temporary folder.
func newSession(t testing.TB) tui.Session {
	t.Helper()
	s, err := scenarios.Load(drill)
	if err != nil {
		t.Fatal(err)
	}
	ss, err := sim.CreateSession(filepath.Join(t.TempDir(), "session"), s, "test")
	if err != nil {
		t.Fatal(err)
	}
	sess := tui.NewSession(ss)
	t.Cleanup(func() { sess.Close() })
	return sess
}

// testServer is a server on a loopback port.
type testServer struct {
	*Server
	addr     string
	keyFile  string
	served   chan error
	hostPath string
}

type serverOpt func(*Config, *Server)

// withModel makes the server run the placeholder model.
func withModel(f func(tui.SeatOptions) tea.Model) serverOpt {
	return func(_ *Config, s *Server) {
		if s != nil {
			s.newModel = f
		}
	}
}

func withConfig(f func(*Config)) serverOpt {
	return func(c *Config, s *Server) {
		if s == nil {
			f(c)
		}
	}
}

// startServer serves sess on 127.0.0.1:0 with the given authorized keys
// (authorized_keys lines), join code "246810" and a 100 ms failure delay.
// testCode is the join code of every test server.
const testCode = "246810"

// joinWithCode connects user to ts with the join code and opens a seat of
// w×h cells; the connection closes when the test ends.
func joinWithCode(t testing.TB, ts *testServer, user string, w, h int) *client {
	t.Helper()
	conn, err := dial(ts.addr, user, nil, gossh.Password(testCode))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return open(t, conn, w, h)
}

func startServer(t testing.TB, sess tui.Session, authorized []gossh.PublicKey, opts ...serverOpt) *testServer {
	t.Helper()
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "authorized_keys")
	var b strings.Builder
	b.WriteString("# participants\n\n")
	for _, k := range authorized {
		b.Write(gossh.MarshalAuthorizedKey(k))
	}
	if err := os.WriteFile(keyFile, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		Session:            sess,
		AuthorizedKeysFile: keyFile,
		HostKeyPath:        filepath.Join(dir, "host_key"),
		JoinCode:           testCode,
		FailureDelay:       100 * time.Millisecond,
	}
	for _, o := range opts {
		o(&cfg, nil)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range opts {
		o(&cfg, srv)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{Server: srv, addr: ln.Addr().String(), keyFile: keyFile, served: make(chan error, 1), hostPath: cfg.HostKeyPath}
	go func() { ts.served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		srv.Close()
		select {
		case err := <-ts.served:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("Serve did not return after Close")
		}
	})
	return ts
}

// newKey is a fresh client key.
func newKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// dial connects as user with the given methods; hostKey receives the
// server's host key.
func dial(addr, user string, hostKey *gossh.PublicKey, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: user,
		Auth: auth,
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			if hostKey != nil {
				*hostKey = key
			}
			return nil
		},
		Timeout: 10 * time.Second,
	})
}

// client is one participant's terminal: a session with a PTY whose
// output is collected, answering the terminal queries a real terminal
// answers (the renderer asks for the background colour and the device
// attributes when a seat opens).
type client struct {
	t    testing.TB
	conn *gossh.Client
	sess *gossh.Session
	in   io.WriteCloser

	mu      sync.Mutex
	out     []byte // the output from base on (older output is dropped)
	base    int
	changed chan struct{}
	// want, when set, is a text awaited after wantFrom: the time it
	// showed is sent on seen (benchmarks).
	want     string
	wantFrom int
	seen     chan time.Time
	closed   chan struct{} // output ended
	exitErr  error
	exited   chan struct{}
}

// open starts an interactive seat (PTY and shell) on conn.
func open(t testing.TB, conn *gossh.Client, w, h int) *client {
	t.Helper()
	c, err := openErr(t, conn, w, h)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func openErr(t testing.TB, conn *gossh.Client, w, h int) (*client, error) {
	sess, err := conn.NewSession()
	if err != nil {
		return nil, err
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{gossh.ECHO: 0}); err != nil {
		return nil, err
	}
	in, err := sess.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		return nil, err
	}
	c := &client{t: t, conn: conn, sess: sess, in: in, changed: make(chan struct{}), closed: make(chan struct{}), exited: make(chan struct{})}
	go c.read(out)
	if err := sess.Shell(); err != nil {
		return nil, err
	}
	go func() {
		c.exitErr = sess.Wait()
		close(c.exited)
	}()
	return c, nil
}

func (c *client) read(r io.Reader) {
	defer close(c.closed)
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			if bytes.Contains(chunk, []byte("\x1b[c")) {
				// A dark background, then the primary device attributes.
				_, _ = io.WriteString(c.in, "\x1b]11;rgb:0000/0000/0000\x07\x1b[?62;22c")
			}
			now := time.Now()
			c.mu.Lock()
			c.out = append(c.out, chunk...)
			if len(c.out) > 64<<10 {
				drop := len(c.out) - 32<<10
				c.out = append(c.out[:0], c.out[drop:]...)
				c.base += drop
			}
			if c.want != "" {
				// Only the new output, with an overlap for a text or an
				// escape sequence cut between two reads.
				from := max(c.wantFrom, c.base+len(c.out)-len(chunk)-1024) - 64
				if strings.Contains(ansi.Strip(string(c.out[c.index(from):])), c.want) {
					c.want = ""
					c.seen <- now
				}
			}
			close(c.changed)
			c.changed = make(chan struct{})
			c.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// index is the index in out of the absolute output position pos.
func (c *client) index(pos int) int {
	return min(max(pos-c.base, 0), len(c.out))
}

// raw is the output kept, escape sequences and all.
func (c *client) raw() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.out)
}

// mark is the current position in the output, to wait for what comes
// after.
func (c *client) mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base + len(c.out)
}

// expect arms the benchmark's watch: the time text shows after from is
// sent on the returned channel.
func (c *client) expect(from int, text string) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if strings.Contains(ansi.Strip(string(c.out[c.index(from-64):])), text) {
		ch <- time.Now()
		return ch
	}
	c.want, c.wantFrom, c.seen = text, from, ch
	return ch
}

// waitFor waits until the output after mark shows s (escape sequences
// stripped) and returns the position just past it.
func (c *client) waitFor(from int, s string, timeout time.Duration) (int, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		c.mu.Lock()
		// (An escape sequence may straddle the mark.)
		text := ansi.Strip(string(c.out[c.index(from-64):]))
		n := c.base + len(c.out)
		ch := c.changed
		c.mu.Unlock()
		if strings.Contains(text, s) {
			return n, nil
		}
		select {
		case <-ch:
		case <-c.closed:
			c.mu.Lock()
			text := ansi.Strip(string(c.out[c.index(from-64):]))
			c.mu.Unlock()
			if strings.Contains(text, s) {
				return n, nil
			}
			return n, fmt.Errorf("the seat's output ended without %q; it showed:\n%s", s, tail(text))
		case <-deadline.C:
			return n, fmt.Errorf("no %q within %v; the seat showed:\n%s", s, timeout, tail(text))
		}
	}
}

func (c *client) must(from int, s string) int {
	c.t.Helper()
	n, err := c.waitFor(from, s, 10*time.Second)
	if err != nil {
		c.t.Fatal(err)
	}
	return n
}

func (c *client) send(keys string) {
	c.t.Helper()
	if _, err := io.WriteString(c.in, keys); err != nil {
		c.t.Fatalf("typing %q: %v", keys, err)
	}
}

// wait waits for the session to end and returns its error (an
// *gossh.ExitError carries the exit status).
func (c *client) wait(timeout time.Duration) error {
	select {
	case <-c.exited:
		return c.exitErr
	case <-time.After(timeout):
		return errors.New("the session did not end")
	}
}

func tail(s string) string {
	if len(s) > 2000 {
		return "…" + s[len(s)-2000:]
	}
	return s
}

// placeholder is a minimal seat model for the server's tests, so that they
// do not depend on the real seat screens: it joins as its preset role (or
// the first), shows "seat NAME ROLE via VIA", the titles of delivered
// injects, and on "d" records the free-text decision "decision N" (N
// counts this participant's decisions in the journal) and then shows
// "ack N"; "q" leaves and quits.
type placeholder struct {
	o      tui.SeatOptions
	role   string
	sub    <-chan sim.Event
	stop   func()
	lines  []string
	n      int
	width  int
	height int
	err    error
}

type eventMsg sim.Event

func newPlaceholder(o tui.SeatOptions) tea.Model {
	p := &placeholder{o: o, width: o.Width, height: o.Height}
	p.role = o.Role
	if p.role == "" {
		p.role = o.Session.Scenario().Roles[0].ID
	}
	return p
}

func (p *placeholder) Init() tea.Cmd {
	p.sub, p.stop = p.o.Session.Subscribe()
	if _, err := p.o.Session.Join(p.o.Name, p.role, p.o.Via); err != nil {
		p.err = err
	}
	for _, ev := range p.o.Session.Events() {
		p.see(ev)
		if ev.Kind == sim.KindDecision && ev.By == p.o.Name {
			p.n++ // a participant who rejoins goes on counting
		}
	}
	return p.next
}

func (p *placeholder) next() tea.Msg {
	ev, ok := <-p.sub
	if !ok {
		return nil
	}
	return eventMsg(ev)
}

func (p *placeholder) see(ev sim.Event) {
	if !sim.VisibleTo(p.o.Session.Scenario(), ev, p.role) {
		return
	}
	switch ev.Kind {
	case sim.KindDelivered:
		p.lines = append(p.lines, "inject: "+scenarios.SanitizeLine(injectTitle(p.o.Session.Scenario(), ev.Inject)))
	case sim.KindAdHoc:
		p.lines = append(p.lines, "inject: "+scenarios.SanitizeLine(ev.Title))
	}
}

func injectTitle(s *scenarios.Scenario, id string) string {
	for _, in := range s.Injects {
		if in.ID == id {
			return in.Title
		}
	}
	return id
}

func (p *placeholder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case eventMsg:
		p.see(sim.Event(msg))
		return p, p.next
	case tea.WindowSizeMsg:
		p.width, p.height = msg.Width, msg.Height
	case tea.KeyMsg:
		switch msg.String() {
		case "q":
			p.stop()
			_, _ = p.o.Session.Leave(p.o.Name, p.role)
			return p, tea.Quit
		case "d":
			p.n++
			text := fmt.Sprintf("decision %d", p.n)
			if _, err := p.o.Session.Record(scenarios.Decision{Text: text}); err != nil {
				p.lines = append(p.lines, "refused: "+err.Error())
			} else {
				p.lines = append(p.lines, fmt.Sprintf("ack %d", p.n))
			}
		}
	}
	return p, nil
}

func (p *placeholder) View() string {
	head := fmt.Sprintf("seat %s %s via %s size %dx%d", p.o.Name, p.role, p.o.Via, p.width, p.height)
	if p.err != nil {
		head += " error: " + p.err.Error()
	}
	lines := p.lines
	if len(lines) > 10 {
		lines = lines[len(lines)-10:]
	}
	return head + "\n" + strings.Join(lines, "\n")
}

// text is the output kept, without escape sequences.
func (c *client) text() string { return ansi.Strip(c.raw()) }
