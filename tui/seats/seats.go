// Package seats serves the participants' seats of one exercise over SSH
// (spec/cli.md, "Seats"): each connection that gets in runs its own
// tea.Program with the seat model of package tui (tui.NewSeat), drawn with
// its own lipgloss renderer, over the one shared tui.Session. Only that
// program is served: no shell, command, subsystem (SFTP), port, agent or
// X11 forwarding.
//
// Who gets in: a public key listed in the authorized-keys file (Via
// "key"), or the join code typed as the password or at the
// keyboard-interactive prompt (Via "code"). A wrong code is held a second
// per recent failure of the same address before it is refused.
package seats

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	charmlog "github.com/charmbracelet/log"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/muesli/termenv"
	"github.com/ttx-sim/ttx/sim"
	"github.com/ttx-sim/ttx/tui"
	gossh "golang.org/x/crypto/ssh"
)

// Config says what a Server serves and to whom.
type Config struct {
	// Addr is the address ListenAndServe listens on ("127.0.0.1:2222",
	// ":2222"). Serve takes a listener instead.
	Addr string
	// Session is the exercise every seat shows. It may be set later with
	// SetSession (ttx play creates it when the briefing starts), but before
	// Serve.
	Session tui.Session
	// AuthorizedKeysFile lists the public keys that join without the code
	// (OpenSSH authorized_keys format). Empty: only the code gets in.
	AuthorizedKeysFile string
	// HostKeyPath is the server's ed25519 host key, created the first
	// time. Empty: DefaultHostKeyPath.
	HostKeyPath string
	// JoinCode is what participants without a listed key type. Empty: a
	// new one (NewJoinCode); read it back with JoinCode.
	JoinCode string
	// NoRecording makes every seat read-only: participants watch, the
	// facilitator records (--no-seat-recording).
	NoRecording bool
	// FailureDelay holds a wrong join code this long per recent failure
	// from the same address (at most ten times) before refusing it.
	// 0 means one second.
	FailureDelay time.Duration
	// Getenv finds the data directory for the default host key; nil
	// means os.Getenv.
	Getenv func(string) string
	// Log receives one line per connection and refusal; nil discards.
	Log *log.Logger

	// handshakeTimeout bounds the time from a connection to its session
	// (tests shorten it); 0 means handshakeTimeout.
	handshakeTimeout time.Duration
	// keepAlive and keepAliveWait replace keepAliveInterval and
	// keepAliveTimeout (tests).
	keepAlive, keepAliveWait time.Duration
	// maxConns replaces maxConnections (tests).
	maxConns int
}

// maxConnections bounds the connections open at once, authenticated or
// not: one more is closed at once (a flood of connections costs a
// goroutine and a key exchange each).
const maxConnections = 500

// A connection whose client does not answer a keepalive within
// keepAliveTimeout is closed (a participant whose network went away
// leaves no FIN: without this their seat would stay until TCP gives up,
// a quarter of an hour later). Keepalives go every keepAliveInterval.
const (
	keepAliveInterval = 15 * time.Second
	keepAliveTimeout  = 30 * time.Second
)

// handshakeTimeout is how long a connection may take to authenticate and
// open its session before it is closed: a client that connects and says
// nothing, or stalls between attempts, holds nothing for long.
const handshakeTimeout = 60 * time.Second

type handshakeKeyType struct{}

var handshakeKey handshakeKeyType

// Server is the SSH seat server of one exercise.
type Server struct {
	cfg     Config
	code    string
	keys    map[string]bool
	signer  gossh.Signer
	limiter *limiter
	ssh     *ssh.Server
	log     *log.Logger
	done    chan struct{} // closed by Close: ends the failure delays

	// newModel makes a seat's model (tui.NewSeat; tests replace it).
	newModel func(tui.SeatOptions) tea.Model

	recordingOff atomic.Bool  // participants watch only
	conns        atomic.Int64 // connections open

	mu        sync.Mutex
	sess      tui.Session
	closed    bool
	listeners []net.Listener
	seats     map[*seat]struct{} // connections whose handler runs
	handlers  sync.WaitGroup
	nextID    int
}

// New checks the configuration (reads the authorized keys, loads or
// creates the host key) and returns a server that serves nothing until
// Serve or ListenAndServe.
func New(cfg Config) (*Server, error) {
	s := &Server{
		cfg:      cfg,
		code:     cfg.JoinCode,
		log:      cfg.Log,
		done:     make(chan struct{}),
		newModel: tui.NewSeat,
		sess:     cfg.Session,
		seats:    make(map[*seat]struct{}),
	}
	if s.log == nil {
		s.log = log.New(io.Discard, "", 0)
	}
	if s.code == "" {
		code, err := NewJoinCode()
		if err != nil {
			return nil, fmt.Errorf("making a join code: %w", err)
		}
		s.code = code
	} else if err := checkJoinCode(s.code); err != nil {
		return nil, err
	}
	if cfg.AuthorizedKeysFile != "" {
		keys, err := LoadAuthorizedKeys(cfg.AuthorizedKeysFile)
		if err != nil {
			return nil, err
		}
		s.keys = keys
	}
	path := cfg.HostKeyPath
	if path == "" {
		getenv := cfg.Getenv
		if getenv == nil {
			getenv = os.Getenv
		}
		p, err := DefaultHostKeyPath(getenv)
		if err != nil {
			return nil, fmt.Errorf("host key: %w", err)
		}
		path = p
	}
	signer, err := LoadHostKey(path)
	if err != nil {
		return nil, err
	}
	s.signer = signer
	delay := cfg.FailureDelay
	if delay <= 0 {
		delay = time.Second
	}
	s.limiter = newLimiter(delay)
	s.recordingOff.Store(cfg.NoRecording)

	// wish's middlewares log through charmbracelet/log's default logger,
	// which writes to stderr: the facilitator's console is on that
	// terminal, so it goes where Log goes instead.
	charmlog.SetDefault(charmlog.New(s.log.Writer()))

	srv, err := wish.NewServer(
		wish.WithAddress(cfg.Addr),
		wish.WithVersion("ttx"),
		func(srv *ssh.Server) error { srv.AddHostKey(signer); return nil },
		wish.WithPasswordAuth(s.passwordAuth),
		wish.WithKeyboardInteractiveAuth(s.keyboardAuth),
		wish.WithMiddleware(
			// Run last to first: guard refuses what is not a seat, then
			// the bubbletea middleware runs the seat's program.
			bm.MiddlewareWithProgramHandler(s.program, termenv.Ascii),
			s.guard,
		),
	)
	if err != nil {
		return nil, err
	}
	if s.keys != nil {
		srv.PublicKeyHandler = s.publicKeyAuth
	}
	// Only session channels, with no agent or X11 forwarding in them; no
	// global requests (tcpip-forward), no direct-tcpip channels, no
	// subsystems; exec is accepted only to say no (guard).
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{
		"session": func(srv *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
			if t, ok := ctx.Value(handshakeKey).(*time.Timer); ok {
				t.Stop() // in, with a session: no more deadline
			}
			// One seat per connection (a second session channel, as a
			// multiplexing client opens, is refused).
			ctx.Lock()
			_, taken := ctx.Value(queueKey).(*requestQueue)
			q := newRequestQueue()
			if !taken {
				ctx.SetValue(queueKey, q)
			}
			ctx.Unlock()
			if taken {
				_ = ch.Reject(gossh.Prohibited, "ttx serves one seat per connection")
				return
			}
			go s.keepAliveLoop(ctx, conn)
			ssh.DefaultSessionHandler(srv, conn, filteredChannel{ch, q}, ctx)
		},
	}
	srv.RequestHandlers = map[string]ssh.RequestHandler{}
	srv.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
	srv.LocalPortForwardingCallback = nil
	srv.ReversePortForwardingCallback = nil
	srv.SessionRequestCallback = func(_ ssh.Session, kind string) bool {
		return kind == "shell" || kind == "exec"
	}
	hsTimeout := cfg.handshakeTimeout
	if hsTimeout <= 0 {
		hsTimeout = handshakeTimeout
	}
	maxConns := cfg.maxConns
	if maxConns <= 0 {
		maxConns = maxConnections
	}
	srv.ConnCallback = func(ctx ssh.Context, conn net.Conn) net.Conn {
		if s.conns.Add(1) > int64(maxConns) {
			s.conns.Add(-1)
			s.log.Printf("seats: %s: refused, %d connections open already", conn.RemoteAddr(), maxConns)
			return nil // closed by the ssh package
		}
		c := &countedConn{Conn: conn, n: &s.conns}
		t := time.AfterFunc(hsTimeout, func() { c.Close() })
		ctx.SetValue(handshakeKey, t)
		return c
	}
	srv.ConnectionFailedCallback = func(conn net.Conn, err error) {
		s.log.Printf("seats: %s: %v", conn.RemoteAddr(), err)
	}
	s.ssh = srv
	return s, nil
}

// JoinCode is the code participants without a listed key type.
func (s *Server) JoinCode() string { return s.code }

// Recording reports whether participants may record from their seats.
func (s *Server) Recording() bool { return !s.recordingOff.Load() }

// SetRecording turns recording from the seats on or off while they are
// connected (Config.NoRecording is where it starts): each seat says so,
// and what a seat records meanwhile is refused (ErrReadOnly).
func (s *Server) SetRecording(on bool) {
	s.recordingOff.Store(!on)
	s.mu.Lock()
	defer s.mu.Unlock()
	for st := range s.seats {
		st.tellRecording()
	}
}

// SetSession gives the server the exercise to serve, for a server made
// before its session existed. It must be called before Serve.
func (s *Server) SetSession(sess tui.Session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sess = sess
}

// ErrNoSession is Serve's error without a session.
var ErrNoSession = errors.New("seats: no session to serve")

// Serve serves seats on ln until Close or Shutdown, and then returns nil.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	sess, closed := s.sess, s.closed
	if sess != nil && !closed {
		s.listeners = append(s.listeners, ln) // Close closes it, even before ssh.Serve took it
	}
	s.mu.Unlock()
	if sess == nil {
		ln.Close()
		return ErrNoSession
	}
	if closed {
		ln.Close()
		return nil
	}
	s.leaveStale(sess)
	err := s.ssh.Serve(ln)
	s.mu.Lock()
	closed = s.closed
	s.mu.Unlock()
	if closed || errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// countedConn gives its place back in Server.conns when it closes.
type countedConn struct {
	net.Conn
	n    *atomic.Int64
	once sync.Once
}

func (c *countedConn) Close() error {
	c.once.Do(func() { c.n.Add(-1) })
	return c.Conn.Close()
}

// keepAliveLoop asks the client for a sign of life now and then and
// closes the connection when none comes in time.
func (s *Server) keepAliveLoop(ctx ssh.Context, conn *gossh.ServerConn) {
	every, wait := s.cfg.keepAlive, s.cfg.keepAliveWait
	if every <= 0 {
		every = keepAliveInterval
	}
	if wait <= 0 {
		wait = keepAliveTimeout
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.done:
			return
		case <-tick.C:
		}
		answered := make(chan struct{})
		go func() {
			// Any answer will do (OpenSSH refuses the request: still an
			// answer); it returns when the connection closes, too.
			_, _, _ = conn.SendRequest("keepalive@openssh.com", true, nil)
			close(answered)
		}()
		timer := time.NewTimer(wait)
		select {
		case <-answered:
			timer.Stop()
		case <-ctx.Done():
			timer.Stop()
			return
		case <-timer.C:
			s.log.Printf("seats: %s: no answer to a keepalive in %v: closing", conn.RemoteAddr(), wait)
			conn.Close()
			return
		}
	}
}

// leaveStale journals a leave for every participant the journal still has
// connected before this server took anyone in: the seats of a process
// that stopped without closing them (a kill -9, a power cut), so that the
// participants list (sim.Participants) says who is here. They rejoin.
func (s *Server) leaveStale(sess tui.Session) {
	for _, p := range sim.Participants(sess.Events()) {
		if !p.Connected {
			continue
		}
		if _, err := sess.Leave(p.Name, p.Role); err != nil {
			s.log.Printf("seats: journaling that %q, left over from before, left: %v", p.Name, err)
		}
	}
}

// ListenAndServe listens on Config.Addr and serves seats on it.
func (s *Server) ListenAndServe() error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	return s.Serve(ln)
}

// closeWait bounds how long Close waits for the seats' programs to stop.
const closeWait = 5 * time.Second

// quitWait bounds how long Close lets the seats' programs quit by
// themselves (restoring the participants' terminals) before it cuts the
// connections.
const quitWait = 2 * time.Second

// Close disconnects every participant and stops serving: each seat's
// program is asked to quit (the participant's terminal is restored and
// told why), then the connections are closed. It returns when every
// seat's program has stopped and its leave is journaled (or after a few
// seconds, if a program does not stop).
func (s *Server) Close() error {
	err := s.stop()
	s.closeSeats()
	return err
}

// closeSeats quits every seat's program, then cuts the connections.
func (s *Server) closeSeats() {
	s.mu.Lock()
	for st := range s.seats {
		st.quit()
	}
	s.mu.Unlock()
	s.waitHandlers(quitWait)
	_ = s.ssh.Close()
	s.waitHandlers(closeWait)
}

// Shutdown stops accepting connections and waits until the participants
// have left by themselves or ctx is done; then it closes what is left.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.stop()
	if serr := s.ssh.Shutdown(ctx); serr != nil {
		s.closeSeats() // as Close does
		return serr
	}
	s.waitHandlers(closeWait)
	return err
}

func (s *Server) stop() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var err error
	if !s.closed {
		s.closed = true
		close(s.done)
		for _, ln := range s.listeners {
			if cerr := ln.Close(); cerr != nil && !errors.Is(cerr, net.ErrClosed) && err == nil {
				err = cerr
			}
		}
	}
	return err
}

func (s *Server) waitHandlers(limit time.Duration) bool {
	done := make(chan struct{})
	go func() {
		s.handlers.Wait()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(limit):
		s.log.Printf("seats: a seat did not stop within %v", limit)
		return false
	}
}

// Participants lists the participants connected now, one row per
// connection and role it joined, in order of joining (sim.Participant,
// Connected true). A connection still at the role picker is not listed.
func (s *Server) Participants() []sim.Participant {
	s.mu.Lock()
	seats := make([]*seat, 0, len(s.seats))
	for st := range s.seats {
		seats = append(seats, st)
	}
	s.mu.Unlock()
	var rows []sim.Participant
	var order []int
	for _, st := range seats {
		st.mu.Lock()
		for _, j := range st.joins {
			rows = append(rows, sim.Participant{
				Name: st.name, Role: j.role, Via: st.via,
				Joined: j.wall, JoinedAt: j.at, Connected: true,
			})
			order = append(order, j.order)
		}
		st.mu.Unlock()
	}
	idx := make([]int, len(rows))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return order[idx[a]] < order[idx[b]] })
	out := make([]sim.Participant, len(rows))
	for i, j := range idx {
		out[i] = rows[j]
	}
	return out
}

// filteredChannel is a session channel as the seat server takes it:
// agent and X11 forwarding are refused (the ssh package would accept the
// agent request), and the client's requests are read as they come and
// handed on from a queue, so that the connection's transport keeps moving
// whatever the client sends. The ssh package handles one request at a
// time and holds a window change until the seat's program reads it, which
// it does only once the renderer's terminal query is answered: a resize
// then would stop the transport, and with it that answer. The ssh package
// also writes the PTY's size on a window change while the handler reads
// it, unsynchronised: window changes are therefore held (the latest only)
// until the seat's program runs (release), and handed on after it.
type filteredChannel struct {
	gossh.NewChannel
	q *requestQueue
}

// maxQueuedRequests bounds the requests of one session waiting to be
// handled; more are refused.
const maxQueuedRequests = 64

func (c filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := c.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go c.q.read(reqs)
	go c.q.forward(out)
	return ch, out, nil
}

// queueKey keeps a connection's one session's requestQueue in its
// ssh.Context.
type queueKeyType struct{}

var queueKey queueKeyType

type requestQueue struct {
	mu       sync.Mutex
	items    []*gossh.Request
	win      *gossh.Request // the latest window change not handed on
	released bool           // window changes may be handed on
	closed   bool
	wake     chan struct{}
}

func newRequestQueue() *requestQueue { return &requestQueue{wake: make(chan struct{}, 1)} }

func (q *requestQueue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// release lets window changes through: the seat's program runs.
func (q *requestQueue) release() {
	q.mu.Lock()
	q.released = true
	q.mu.Unlock()
	q.signal()
}

func (q *requestQueue) read(reqs <-chan *gossh.Request) {
	for r := range reqs {
		switch r.Type {
		case "auth-agent-req@openssh.com", "x11-req":
			_ = r.Reply(false, nil)
			continue
		}
		var refused, replaced *gossh.Request
		q.mu.Lock()
		switch {
		case r.Type == "window-change":
			replaced, q.win = q.win, r
		case len(q.items) >= maxQueuedRequests:
			refused = r
		default:
			q.items = append(q.items, r)
		}
		q.mu.Unlock()
		if replaced != nil {
			_ = replaced.Reply(true, nil) // superseded by the newer size
		}
		if refused != nil {
			_ = refused.Reply(false, nil)
		}
		q.signal()
	}
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.signal()
}

func (q *requestQueue) forward(out chan<- *gossh.Request) {
	defer close(out)
	for {
		q.mu.Lock()
		var r *gossh.Request
		switch {
		case len(q.items) > 0:
			r = q.items[0]
			q.items = q.items[1:]
		case q.win != nil && q.released:
			r, q.win = q.win, nil
		}
		closed, held := q.closed, q.win
		if r == nil && closed {
			q.win = nil
		}
		q.mu.Unlock()
		if r != nil {
			out <- r
			continue
		}
		if closed {
			if held != nil {
				_ = held.Reply(false, nil)
			}
			return
		}
		<-q.wake
	}
}

// publicKeyAuth lets in a key of the authorized-keys file.
func (s *Server) publicKeyAuth(_ ssh.Context, key ssh.PublicKey) bool {
	return s.keys[string(key.Marshal())]
}

func (s *Server) passwordAuth(ctx ssh.Context, password string) bool {
	return s.codeAuth(ctx, password)
}

func (s *Server) keyboardAuth(ctx ssh.Context, challenge gossh.KeyboardInteractiveChallenge) bool {
	answers, err := challenge("", "Type the join code the facilitator shows.", []string{"Join code: "}, []bool{false})
	if err != nil || len(answers) != 1 {
		return false
	}
	return s.codeAuth(ctx, answers[0])
}

// codeAuth checks a typed join code; a wrong one is held before it is
// refused, longer for each recent failure of the same address.
func (s *Server) codeAuth(ctx ssh.Context, typed string) bool {
	ip := host(ctx.RemoteAddr())
	if !s.limiter.locked(ip) && codeMatches(typed, s.code) {
		return true
	}
	d := s.limiter.fail(ip)
	s.log.Printf("seats: %s: wrong join code (held %v)", ip, d)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-s.done:
	case <-ctx.Done():
	}
	return false
}
