package seats

import (
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
	"github.com/ttx-sim/ttx/tui"
)

const wallRole = sim.RoleWall

// The one-line refusals, on the client's stderr, each with exit status 1.
const (
	refuseCommand = "ttx serves only the exercise: no command is run. Join with: ssh -p PORT NAME@HOST"
	refuseNoPTY   = "ttx serves an interactive screen: join from a terminal (ssh -t)"
	refuseClosed  = "The facilitator closed the exercise's console: the session is saved, and you can join again when it is resumed."
)

// seatKey keeps a connection's seat in its ssh.Context.
type seatKeyType struct{}

var seatKey seatKeyType

// seat is one connection's participant: who, how they got in, and the
// roles they joined and have not left (normally one).
type seat struct {
	srv  *Server
	name string // sanitised
	via  string

	mu       sync.Mutex
	joins    []join
	program  *tea.Program // once it is made
	quitting bool         // the server asked it to quit
}

// quit asks the seat's program to stop (the server closes).
func (st *seat) quit() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.quitting = true
	if p := st.program; p != nil {
		// Quit waits for the program's loop to take it: not under the
		// locks, and never holding up Close.
		go p.Quit()
	}
}

// tellRecording tells the seat's program, if it runs, whether recording
// is on, without waiting. Told from goroutines that may overtake one
// another, each sends again until what it sent is still the server's
// state: the last message the seat gets is the state now.
func (st *seat) tellRecording() {
	st.mu.Lock()
	defer st.mu.Unlock()
	if p := st.program; p != nil && !st.quitting {
		go func() {
			for {
				on := st.srv.Recording()
				p.Send(tui.SeatReadOnlyMsg(!on))
				if st.srv.Recording() == on {
					return
				}
			}
		}()
	}
}

// setProgram keeps the seat's program, to quit it; false when the server
// is closing already.
func (st *seat) setProgram(p *tea.Program) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.program = p
	return !st.quitting
}

type join struct {
	role  string
	at    scenarios.Duration
	wall  time.Time
	order int
}

// guard serves a connection only the seat: it refuses commands and
// sessions without a terminal, keeps the seat in the connection's context
// for the program, and journals a leave for every role still joined when
// the connection ends, however it ends.
func (s *Server) guard(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if len(sess.RawCommand()) > 0 {
			s.log.Printf("seats: %s: refused a command", sess.RemoteAddr())
			wish.Fatalln(sess, refuseCommand)
			return
		}
		if _, _, ok := sess.Pty(); !ok {
			wish.Fatalln(sess, refuseNoPTY)
			return
		}
		via := sim.ViaCode
		if sess.PublicKey() != nil {
			via = sim.ViaKey
		}
		st := &seat{srv: s, name: participantName(sess.User()), via: via}
		if !s.track(st) {
			wish.Fatalln(sess, refuseClosed)
			return
		}
		defer s.untrack(st)
		defer st.leaveAll()
		defer func() {
			if r := recover(); r != nil {
				s.log.Printf("seats: seat of %q panicked: %v\n%s", st.name, r, debug.Stack())
				_ = sess.Exit(1)
			}
		}()
		s.log.Printf("seats: %s joined as %q by %s", sess.RemoteAddr(), st.name, via)
		sess.Context().SetValue(seatKey, st)
		next(sess)
		if st.closing() {
			wish.Println(sess, refuseClosed)
		}
		// The exit status goes out before the handler is done: Close cuts
		// the connections once every handler is.
		_ = sess.Exit(0)
	}
}

// track adds a seat unless the server is closing.
func (s *Server) track(st *seat) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.seats[st] = struct{}{}
	s.handlers.Add(1)
	return true
}

func (s *Server) untrack(st *seat) {
	s.mu.Lock()
	delete(s.seats, st)
	s.mu.Unlock()
	s.handlers.Done()
}

// program makes the connection's tea.Program: the seat model over the
// shared session, with this connection's renderer, input and output, and
// no signal handler of its own (signals are the facilitator's process's).
func (s *Server) program(sess ssh.Session) *tea.Program {
	st, _ := sess.Context().Value(seatKey).(*seat)
	if st == nil {
		return nil
	}
	pty, _, _ := sess.Pty()
	s.mu.Lock()
	shared := s.sess
	s.mu.Unlock()
	model := s.newModel(tui.SeatOptions{
		Session:  &seatSession{Session: shared, seat: st},
		Name:     st.name,
		Role:     presetRole(shared.Scenario(), sess.User()),
		Via:      st.via,
		Renderer: bm.MakeRenderer(sess),
		Width:    pty.Window.Width,
		Height:   pty.Window.Height,
		ReadOnly: !s.Recording(),
		Log:      s.cfg.Log,
	})
	opts := append(bm.MakeOptions(sess), tea.WithAltScreen(), tea.WithoutSignalHandler())
	lim := limitFrames(model, seatFrame)
	if q, ok := sess.Context().Value(queueKey).(*requestQueue); ok {
		lim.onInit = q.release // window changes are safe to take from now on
	}
	p := tea.NewProgram(lim, opts...)
	if !st.setProgram(p) {
		return nil // the server closes
	}
	return p
}

func (st *seat) closing() bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.quitting
}

func (st *seat) joined(ev sim.Event) {
	st.srv.mu.Lock()
	st.srv.nextID++
	order := st.srv.nextID
	st.srv.mu.Unlock()
	st.mu.Lock()
	defer st.mu.Unlock()
	st.joins = append(st.joins, join{role: ev.Role, at: ev.At, wall: time.Now(), order: order})
}

func (st *seat) left(role string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for i, j := range st.joins {
		if j.role == role {
			st.joins = append(st.joins[:i], st.joins[i+1:]...)
			return
		}
	}
}

// roles is what the seat has joined as and not left.
func (st *seat) roles() []string {
	st.mu.Lock()
	defer st.mu.Unlock()
	out := make([]string, len(st.joins))
	for i, j := range st.joins {
		out[i] = j.role
	}
	return out
}

// leaveAll journals the leave the seat's model did not (the connection
// dropped, the program failed).
func (st *seat) leaveAll() {
	st.srv.mu.Lock()
	shared := st.srv.sess
	st.srv.mu.Unlock()
	for _, role := range st.roles() {
		if _, err := shared.Leave(st.name, role); err != nil {
			st.srv.log.Printf("seats: journaling that %q left: %v", st.name, err)
		}
		st.left(role)
	}
}

// ErrReadOnly is what a seat's recording gets when the facilitator turned
// participant recording off, or the seat is the wall.
var ErrReadOnly = errors.New("recording from this seat is off")

// errFacilitatorOnly refuses a seat what only the facilitator's console
// may do.
var errFacilitatorOnly = errors.New("only the facilitator's console can do this")

// seatSession is the shared session as one seat may use it: what it
// records is attributed to its participant (By is always their name; an
// empty role is the role they joined as), recording is refused when it is
// off or from the wall, the facilitator's own controls are refused, Close
// does nothing, and the server learns of its joins and leaves.
type seatSession struct {
	tui.Session
	seat *seat
}

func (ss *seatSession) Join(name, role, via string) (sim.Event, error) {
	ev, err := ss.Session.Join(ss.seat.name, role, ss.seat.via)
	if err == nil {
		ss.seat.joined(ev)
	}
	return ev, err
}

func (ss *seatSession) Leave(name, role string) (sim.Event, error) {
	ev, err := ss.Session.Leave(ss.seat.name, role)
	if err == nil {
		ss.seat.left(role)
	}
	return ev, err
}

// recordingRole is the role a seat records for, or an error.
func (ss *seatSession) recordingRole(role string) (string, error) {
	if !ss.seat.srv.Recording() {
		return "", ErrReadOnly
	}
	roles := ss.seat.roles()
	if role == "" && len(roles) > 0 {
		role = roles[len(roles)-1]
	}
	if role == wallRole {
		return "", ErrReadOnly
	}
	for _, r := range roles {
		if r == role {
			return role, nil
		}
	}
	return "", fmt.Errorf("this seat has not joined as %q", role)
}

func (ss *seatSession) Record(d scenarios.Decision) (sim.Event, error) {
	role, err := ss.recordingRole(d.Role)
	if err != nil {
		return sim.Event{}, err
	}
	d.Role, d.By = role, ss.seat.name
	return ss.Session.Record(d)
}

func (ss *seatSession) Note(text, role string) (sim.Event, error) {
	return ss.NoteAs(text, role, ss.seat.name)
}

func (ss *seatSession) NoteAs(text, role, _ string) (sim.Event, error) {
	role, err := ss.recordingRole(role)
	if err != nil {
		return sim.Event{}, err
	}
	return ss.Session.NoteAs(text, role, ss.seat.name)
}

func (ss *seatSession) Close() error { return nil }

func (ss *seatSession) Withhold(string, string) (sim.Event, error) {
	return sim.Event{}, errFacilitatorOnly
}

func (ss *seatSession) Strike(int, string) (sim.Event, error) {
	return sim.Event{}, errFacilitatorOnly
}

func (ss *seatSession) SetCorrectivePlan(string, sim.Plan) error { return errFacilitatorOnly }

func (ss *seatSession) AdHoc(string, string, []string) (sim.Event, error) {
	return sim.Event{}, errFacilitatorOnly
}

func (ss *seatSession) SetLength(scenarios.Duration, string) (sim.Event, error) {
	return sim.Event{}, errFacilitatorOnly
}

// Evaluate takes the participant feedback form's answers only (ratings,
// observations and the hot wash are the facilitator's): a signed answer is
// attributed to the seat's participant and a role they joined as (the
// wall gives none); an anonymous one (no name) carries no role either. It
// is allowed with recording off: the form is about the exercise, not a
// record of play.
func (ss *seatSession) Evaluate(ev sim.Event) (sim.Event, error) {
	if ev.Kind != sim.KindFeedback {
		return sim.Event{}, errFacilitatorOnly
	}
	if ev.By == "" {
		ev.Role = ""
		return ss.Session.Evaluate(ev)
	}
	roles := ss.seat.roles()
	if ev.Role == "" && len(roles) > 0 {
		ev.Role = roles[len(roles)-1]
	}
	if ev.Role == wallRole || !slices.Contains(roles, ev.Role) {
		return sim.Event{}, fmt.Errorf("this seat has not joined as %q", ev.Role)
	}
	ev.By = ss.seat.name
	return ss.Session.Evaluate(ev)
}

func (ss *seatSession) WriteReports() ([]string, error) { return nil, errFacilitatorOnly }
