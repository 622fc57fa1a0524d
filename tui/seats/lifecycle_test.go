package seats

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
	gossh "golang.org/x/crypto/ssh"
)

func kinds(events []sim.Event, k sim.Kind) []sim.Event {
	var out []sim.Event
	for _, ev := range events {
		if ev.Kind == k {
			out = append(out, ev)
		}
	}
	return out
}

// waitUntil polls cond for up to 10 s.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestDecisionIsAttributedToTheSeat(t *testing.T) {
	sess := newSession(t)
	key := newKey(t)
	ts := startServer(t, sess, []gossh.PublicKey{key.PublicKey()}, withModel(newPlaceholder))
	conn, err := dial(ts.addr, "soc", nil, gossh.PublicKeys(key))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := open(t, conn, 80, 24)
	m := c.must(0, "seat soc soc")
	c.send("d")
	c.must(m, "ack 1")
	ds := kinds(sess.Events(), sim.KindDecision)
	if len(ds) != 1 || ds[0].Text != "decision 1" || ds[0].Role != "soc" || ds[0].By != "soc" {
		t.Fatalf("decisions journaled: %+v", ds)
	}
	ps := ts.Participants()
	if len(ps) != 1 || ps[0].Name != "soc" || ps[0].Role != "soc" || ps[0].Via != sim.ViaKey || !ps[0].Connected {
		t.Fatalf("participants: %+v", ps)
	}
}

func TestSeatSessionAttributesAndRefuses(t *testing.T) {
	sess := newSession(t)
	srv := &Server{cfg: Config{}}
	srv.sess = sess
	st := &seat{srv: srv, name: "bob", via: sim.ViaCode}
	ss := &seatSession{Session: sess, seat: st}
	if _, err := ss.Record(scenarios.Decision{Text: "before joining"}); err == nil {
		t.Fatal("recorded before joining a role")
	}
	// The model's name and way in are not trusted: the seat's are used.
	ev, err := ss.Join("someone else", "legal", sim.ViaKey)
	if err != nil {
		t.Fatal(err)
	}
	if ev.By != "bob" || ev.Text != sim.ViaCode {
		t.Fatalf("join journaled as %+v", ev)
	}
	ev, err = ss.Record(scenarios.Decision{Text: "call counsel", By: "the ceo"})
	if err != nil {
		t.Fatal(err)
	}
	if ev.By != "bob" || ev.Role != "legal" {
		t.Fatalf("decision journaled as %+v", ev)
	}
	if _, err := ss.Record(scenarios.Decision{Text: "as another role", Role: "soc"}); err == nil {
		t.Fatal("recorded for a role the seat did not join")
	}
	ev, err = ss.Note("a note", "")
	if err != nil || ev.By != "bob" || ev.Role != "legal" {
		t.Fatalf("note journaled as %+v, %v", ev, err)
	}
	for name, f := range map[string]func() error{
		"withhold":   func() error { _, err := ss.Withhold("edr", "x"); return err },
		"strike":     func() error { _, err := ss.Strike(1, "x"); return err },
		"corrective": func() error { return ss.SetCorrectivePlan("a", sim.Plan{Owner: "b"}) },
		"adhoc":      func() error { _, err := ss.AdHoc("t", "b", nil); return err },
		"length":     func() error { _, err := ss.SetLength(7200, "x"); return err },
		"evaluate":   func() error { _, err := ss.Evaluate(sim.Event{}); return err },
		"reports":    func() error { _, err := ss.WriteReports(); return err },
	} {
		if err := f(); err != errFacilitatorOnly {
			t.Errorf("%s from a seat: %v", name, err)
		}
	}
	if err := ss.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Note("the shared session is still open", ""); err != nil {
		t.Fatalf("a seat's Close closed the shared session: %v", err)
	}
	// The wall records nothing; nor does any seat with recording off.
	if _, err := ss.Join("", sim.RoleWall, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := ss.Record(scenarios.Decision{Text: "from the wall"}); err != ErrReadOnly {
		t.Fatalf("the wall recorded: %v", err)
	}
	srv.SetRecording(false)
	if _, err := ss.Record(scenarios.Decision{Text: "x", Role: "legal"}); err != ErrReadOnly {
		t.Fatalf("recording off, a seat recorded: %v", err)
	}
	if _, err := ss.NoteAs("x", "legal", "bob"); err != ErrReadOnly {
		t.Fatalf("recording off, a seat noted: %v", err)
	}
	st.leaveAll()
	if n := len(kinds(sess.Events(), sim.KindLeave)); n != 2 {
		t.Fatalf("%d leaves journaled for two roles joined", n)
	}
	if len(st.roles()) != 0 {
		t.Fatalf("still joined as %v", st.roles())
	}
}

func TestDroppedConnectionLeaves(t *testing.T) {
	sess := newSession(t)
	keyA, keyB := newKey(t), newKey(t)
	ts := startServer(t, sess, []gossh.PublicKey{keyA.PublicKey(), keyB.PublicKey()}, withModel(newPlaceholder))
	connA, err := dial(ts.addr, "soc", nil, gossh.PublicKeys(keyA))
	if err != nil {
		t.Fatal(err)
	}
	connB, err := dial(ts.addr, "legal", nil, gossh.PublicKeys(keyB))
	if err != nil {
		t.Fatal(err)
	}
	defer connB.Close()
	a, b := open(t, connA, 80, 24), open(t, connB, 80, 24)
	a.must(0, "seat soc soc")
	mb := b.must(0, "seat legal legal")
	waitUntil(t, "both are listed", func() bool { return len(ts.Participants()) == 2 })

	// A's client dies: its TCP connection closes without a word.
	connA.Conn.Close()
	waitUntil(t, "the leave is journaled", func() bool { return len(kinds(sess.Events(), sim.KindLeave)) == 1 })
	lv := kinds(sess.Events(), sim.KindLeave)[0]
	if lv.By != "soc" || lv.Role != "soc" {
		t.Fatalf("leave journaled as %+v", lv)
	}
	waitUntil(t, "only B is listed", func() bool { return len(ts.Participants()) == 1 })
	if p := ts.Participants()[0]; p.Name != "legal" {
		t.Fatalf("listed %+v", p)
	}

	// B goes on: it records, and sees the next inject delivered.
	b.send("d")
	mb = b.must(mb, "ack 1")
	// (The first inject is addressed to soc only; the second to everyone.)
	for range 2 {
		if _, err := sess.Clock().Next(); err != nil {
			t.Fatal(err)
		}
	}
	b.must(mb, "inject: EDR alert")

	// A quits properly this time after rejoining: one leave from the
	// model, none doubled by the server.
	connA2, err := dial(ts.addr, "soc", nil, gossh.PublicKeys(keyA))
	if err != nil {
		t.Fatal(err)
	}
	defer connA2.Close()
	a2 := open(t, connA2, 80, 24)
	a2.must(0, "seat soc soc")
	a2.send("q")
	if err := a2.wait(10 * time.Second); err != nil {
		t.Fatalf("quitting the seat: %v", err)
	}
	waitUntil(t, "the second leave is journaled", func() bool { return len(kinds(sess.Events(), sim.KindLeave)) == 2 })
	time.Sleep(100 * time.Millisecond)
	if n := len(kinds(sess.Events(), sim.KindLeave)); n != 2 {
		t.Fatalf("%d leaves for two seats closed", n)
	}
	ps := sim.Participants(sess.Events())
	connected := map[string]bool{}
	for _, p := range ps {
		connected[p.Name] = p.Connected
	}
	if len(ps) != 2 || connected["soc"] || !connected["legal"] {
		t.Fatalf("participants from the journal: %+v", ps)
	}
}

func TestCloseLeavesEveryoneAndLeaksNothing(t *testing.T) {
	for _, model := range []string{"placeholder", "real"} {
		t.Run(model, func(t *testing.T) { closeLeavesEveryone(t, driverNamed(model)) })
	}
}

func closeLeavesEveryone(t *testing.T, d seatDriver) {
	sess := newSession(t)
	key := newKey(t)
	before := runtime.NumGoroutine()
	ts := startServer(t, sess, []gossh.PublicKey{key.PublicKey()}, withModel(d.model))
	var conns []*gossh.Client
	for i := range 8 {
		conn, err := dial(ts.addr, fmt.Sprintf("p%d", i), nil, gossh.PublicKeys(key))
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, conn)
		d.join(open(t, conn, 100, 30))
	}
	// Half of them drop without a word, the others stay till Close.
	for _, c := range conns[:4] {
		c.Conn.Close()
	}
	waitUntil(t, "four leaves", func() bool { return len(kinds(sess.Events(), sim.KindLeave)) == 4 })
	done := make(chan error, 1)
	go func() { done <- ts.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return")
	}
	// Close returns after the seats' leaves are journaled.
	if n := len(kinds(sess.Events(), sim.KindLeave)); n != 8 {
		t.Fatalf("%d leaves after Close, want 8", n)
	}
	for _, c := range conns {
		c.Close()
	}
	<-ts.served
	ts.served <- nil // for the cleanup
	for deadline := time.Now().Add(10 * time.Second); runtime.NumGoroutine() > before+2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines, %d before the server:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
	}
}

func TestSeatAfterCloseIsRefused(t *testing.T) {
	sess := newSession(t)
	ts := startServer(t, sess, nil, withModel(newPlaceholder))
	ts.Close()
	if conn, err := dial(ts.addr, "late", nil, gossh.Password(testCode)); err == nil {
		conn.Close()
		t.Fatal("connected after Close")
	}
}

func TestResizeReachesTheSeat(t *testing.T) {
	sess := newSession(t)
	ts := startServer(t, sess, nil, withModel(newPlaceholder))
	c := joinWithCode(t, ts, "soc", 80, 24)
	m := c.must(0, "size 80x24")
	if err := c.sess.WindowChange(50, 132); err != nil {
		t.Fatal(err)
	}
	c.must(m, "size 132x50")
}

func TestHostileUserNames(t *testing.T) {
	sess := newSession(t)
	ts := startServer(t, sess, nil, withModel(newPlaceholder))
	for _, user := range []string{
		"\x1b]0;pwned\x07\x1b[2J",
		strings.Repeat("é", 10_000),
		"\xff\xfe\xfd",
		"a\u202egnp.exe",
		"",
	} {
		conn, err := dial(ts.addr, user, nil, gossh.Password(testCode))
		if err != nil {
			t.Fatalf("%q: %v", user, err)
		}
		c := open(t, conn, 80, 24)
		want := "seat " + participantName(user) + " lead"
		c.must(0, want)
		if strings.Contains(c.raw(), "\x1b]0;pwned") {
			t.Fatalf("%q reached the terminal raw", user)
		}
		conn.Close()
	}
	for _, j := range joins(sess.Events()) {
		if len(j.By) > sim.MaxNameLen || j.By == "" {
			t.Fatalf("journaled name %q", j.By)
		}
	}
	if n := len(joins(sess.Events())); n != 5 {
		t.Fatalf("%d joins for five hostile names", n)
	}
}

// TestSeatSessionTakesFeedback: a seat journals the participant feedback
// form's answers, signed by its participant or anonymous, even with
// recording off; any other evaluation stays the facilitator's.
func TestSeatSessionTakesFeedback(t *testing.T) {
	sess := newSession(t)
	srv := &Server{cfg: Config{NoRecording: true}}
	srv.sess = sess
	st := &seat{srv: srv, name: "bob", via: sim.ViaCode}
	ss := &seatSession{Session: sess, seat: st}
	if _, err := ss.Evaluate(sim.Event{Kind: sim.KindFeedback, Item: "strengths", Text: "x", By: "bob", Role: "legal"}); err == nil {
		t.Fatal("signed feedback for a role the seat did not join")
	}
	if _, err := ss.Join("bob", "legal", sim.ViaCode); err != nil {
		t.Fatal(err)
	}
	ev, err := ss.Evaluate(sim.Event{Kind: sim.KindFeedback, Item: "strengths", Text: "Clear roles", By: "the ceo", Role: "legal"})
	if err != nil || ev.By != "bob" || ev.Role != "legal" || ev.Text != "Clear roles" {
		t.Fatalf("signed feedback journaled as %+v, %v", ev, err)
	}
	ev, err = ss.Evaluate(sim.Event{Kind: sim.KindFeedback, Item: "realism", Score: 4, Role: "legal"})
	if err != nil || ev.By != "" || ev.Role != "" || ev.Score != 4 {
		t.Fatalf("anonymous feedback journaled as %+v, %v", ev, err)
	}
	if _, err := ss.Evaluate(sim.Event{Kind: sim.KindFeedback, Item: "realism", Score: 4, By: "bob", Role: "soc"}); err == nil {
		t.Fatal("signed feedback for another role")
	}
	for _, k := range []sim.Kind{sim.KindRating, sim.KindObservation, sim.KindHotWash} {
		if _, err := ss.Evaluate(sim.Event{Kind: k, Text: "x", Type: "strength"}); err != errFacilitatorOnly {
			t.Errorf("%s from a seat: %v", k, err)
		}
	}
}

// blackhole is a TCP proxy that, once frozen, swallows everything both
// ways without closing anything: a participant whose network went away.
type blackhole struct {
	ln     net.Listener
	frozen chan struct{}
	done   chan struct{}
}

func newBlackhole(t *testing.T, target string) *blackhole {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	bh := &blackhole{ln: ln, frozen: make(chan struct{}), done: make(chan struct{})}
	t.Cleanup(func() { close(bh.done); ln.Close() })
	pipe := func(dst, src net.Conn) {
		buf := make([]byte, 32*1024)
		for {
			n, err := src.Read(buf)
			select {
			case <-bh.frozen:
				continue // swallowed
			default:
			}
			if n > 0 {
				if _, werr := dst.Write(buf[:n]); werr != nil {
					return
				}
			}
			if err != nil {
				select {
				case <-bh.frozen: // no FIN passes either
					<-bh.done
				default:
				}
				dst.Close()
				return
			}
		}
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			go pipe(s, c)
			go pipe(c, s)
		}
	}()
	return bh
}

// TestLostNetworkLeaves: a participant whose network goes away (nothing
// arrives, nothing closes) is found by the keepalives and leaves; a seat
// whose client answers them stays however long it is idle.
func TestLostNetworkLeaves(t *testing.T) {
	sess := newSession(t)
	ts := startServer(t, sess, nil, withModel(newPlaceholder), withConfig(func(c *Config) {
		c.keepAlive, c.keepAliveWait = 200*time.Millisecond, time.Second // (loaded CI machines answer late)
	}))
	bh := newBlackhole(t, ts.addr)
	lost, err := dial(bh.ln.Addr().String(), "soc", nil, gossh.Password(testCode))
	if err != nil {
		t.Fatal(err)
	}
	defer lost.Close()
	stays, err := dial(ts.addr, "legal", nil, gossh.Password(testCode))
	if err != nil {
		t.Fatal(err)
	}
	defer stays.Close()
	open(t, lost, 80, 24).must(0, "seat soc")
	c := open(t, stays, 80, 24)
	m := c.must(0, "seat legal")
	waitUntil(t, "both are listed", func() bool { return len(ts.Participants()) == 2 })

	close(bh.frozen)
	start := time.Now()
	waitUntil(t, "the lost seat leaves", func() bool { return len(kinds(sess.Events(), sim.KindLeave)) == 1 })
	if took := time.Since(start); took > 8*time.Second {
		t.Fatalf("the lost seat left after %v", took)
	}
	if lv := kinds(sess.Events(), sim.KindLeave)[0]; lv.By != "soc" {
		t.Fatalf("left: %+v", lv)
	}
	// The other seat, idle for many keepalives, is still there and works.
	time.Sleep(time.Second)
	if ps := ts.Participants(); len(ps) != 1 || ps[0].Name != "legal" {
		t.Fatalf("participants %+v", ps)
	}
	c.send("d")
	c.must(m, "ack 1")
}

// TestShutdown waits for the participants to leave by themselves, and
// closes the seats that are still there when its context ends.
func TestShutdown(t *testing.T) {
	for _, quits := range []bool{true, false} {
		sess := newSession(t)
		ts := startServer(t, sess, nil, withModel(newPlaceholder))
		c := joinWithCode(t, ts, "soc", 80, 24)
		c.must(0, "seat soc")
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		done := make(chan error, 1)
		go func() { done <- ts.Shutdown(ctx) }()
		if quits {
			// The participant quits; their client, as OpenSSH does, closes
			// the connection when the session ends.
			time.Sleep(100 * time.Millisecond)
			c.send("q")
			if err := c.wait(5 * time.Second); err != nil {
				t.Fatal(err)
			}
			c.conn.Close()
		}
		err := <-done
		cancel()
		if quits && err != nil {
			t.Fatalf("Shutdown after the seat left: %v", err)
		}
		if !quits && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Shutdown with a seat staying: %v", err)
		}
		if n := len(kinds(sess.Events(), sim.KindLeave)); n != 1 {
			t.Fatalf("quits %v: %d leaves", quits, n)
		}
		if _, err := dial(ts.addr, "late", nil, gossh.Password(testCode)); err == nil {
			t.Fatal("connected after Shutdown")
		}
	}
}
