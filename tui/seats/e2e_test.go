package seats

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/ttx-sim/ttx/sim"
	"github.com/ttx-sim/ttx/tui"
	gossh "golang.org/x/crypto/ssh"
)

// TestTwoSeatsEachSeeTheirOwn runs the real seat screens over SSH: two
// participants join with listed keys and pick different roles; each sees
// the injects addressed to their role or to everyone and never one
// addressed only to the other, nor the facilitator's notes; a free-text
// decision from one is journaled with role and name and shows in the
// other's decision log; killing one client leaves the other working.
func TestTwoSeatsEachSeeTheirOwn(t *testing.T) {
	sess := newSession(t)
	keyA, keyB := newKey(t), newKey(t)
	ts := startServer(t, sess, []gossh.PublicKey{keyA.PublicKey(), keyB.PublicKey()}, withModel(tui.NewSeat))
	connA, err := dial(ts.addr, "soc", nil, gossh.PublicKeys(keyA))
	if err != nil {
		t.Fatal(err)
	}
	connB, err := dial(ts.addr, "legal", nil, gossh.PublicKeys(keyB))
	if err != nil {
		t.Fatal(err)
	}
	defer connB.Close()
	a, b := open(t, connA, 120, 40), open(t, connB, 120, 40)
	ma, mb := realDriver.join(a), realDriver.join(b)
	if ps := ts.Participants(); len(ps) != 2 {
		t.Fatalf("participants %+v", ps)
	}

	// The first inject (phish) is addressed to soc only, with facilitator
	// notes; then one ad-hoc inject for each role and one for everyone.
	if _, err := sess.Clock().Next(); err != nil {
		t.Fatal(err)
	}
	for _, in := range []struct {
		title string
		to    []string
	}{{"For the SOC only", []string{"soc"}}, {"For counsel only", []string{"legal"}}, {"For the whole team", nil}} {
		if _, err := sess.AdHoc(in.title, "Body of "+in.title, in.to); err != nil {
			t.Fatal(err)
		}
	}
	a.must(ma, "For the whole team")
	b.must(mb, "For the whole team")
	a.must(ma, "For the SOC only")
	b.must(mb, "For counsel only")
	a.must(ma, "A user reports a strange") // (the feed may cut the title)

	// Legal records a free-text decision.
	mb = b.mark()
	b.send("t" + "Call outside counsel")
	b.send("\r")
	mb = b.must(mb, "“Call outside counsel”")
	ds := kinds(sess.Events(), sim.KindDecision)
	if len(ds) != 1 || ds[0].Text != "Call outside counsel" || ds[0].Role != "legal" || ds[0].By != "legal" {
		t.Fatalf("decisions journaled: %+v", ds)
	}
	// The team's log shows it on the other seat too.
	a.must(ma, "Call outside counsel")

	// The soc seat's client dies; the legal seat goes on.
	connA.Conn.Close()
	waitUntil(t, "soc's leave is journaled", func() bool { return len(kinds(sess.Events(), sim.KindLeave)) == 1 })
	if _, err := sess.AdHoc("After the drop", "x", nil); err != nil {
		t.Fatal(err)
	}
	mb = b.must(mb, "After the drop")
	b.send("t" + "Still here")
	b.send("\r")
	b.must(mb, "“Still here”")

	// What each never saw.
	time.Sleep(200 * time.Millisecond)
	for _, tc := range []struct {
		who   string
		c     *client
		never []string
	}{
		{"soc", a, []string{"For counsel only", "Push for triage"}},
		{"legal", b, []string{"For the SOC only", "A user reports", "Push for triage"}},
	} {
		text := tc.c.text()
		for _, s := range tc.never {
			if strings.Contains(text, s) {
				t.Errorf("the %s seat showed %q", tc.who, s)
			}
		}
	}
}

// TestNoSeatRecording: with recording off, a seat says so and nothing is
// journaled.
func TestNoSeatRecording(t *testing.T) {
	sess := newSession(t)
	ts := startServer(t, sess, nil, withModel(tui.NewSeat), withConfig(func(c *Config) { c.NoRecording = true }))
	c := joinWithCode(t, ts, "soc", 120, 40)
	m := realDriver.join(c)
	c.send("t")
	c.must(m, "NOT recorded: the facilitator has turned recording from seats off")
	if ds := kinds(sess.Events(), sim.KindDecision); len(ds) != 0 {
		t.Fatalf("decisions journaled: %+v", ds)
	}
}

// TestResizeStormOverSSH: a seat that opens 10,000 columns wide and then
// gets a storm of window changes (tiny, huge, zero) keeps working, and the
// other seats are not slowed out of it.
func TestResizeStormOverSSH(t *testing.T) {
	sess := newSession(t)
	ts := startServer(t, sess, nil, withModel(tui.NewSeat))
	c := joinWithCode(t, ts, "soc", 10_000, 3)
	m := c.mark()
	sizes := [][2]int{{0, 0}, {1, 1}, {10_000, 10_000}, {40, 12}, {65535, 2}, {3, 65535}, {200, 60}}
	for i := range 300 {
		s := sizes[i%len(sizes)]
		if err := c.sess.WindowChange(s[1], s[0]); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.sess.WindowChange(40, 120); err != nil {
		t.Fatal(err)
	}
	m = c.must(m, "Which role do you play?")
	c.send("\r")
	m = c.must(m, "Decision log (")
	c.send("tAfter the storm\r")
	c.must(m, "“After the storm”")
}

// TestCloseRestoresTheTerminals: when the facilitator quits, each seat's
// program quits first (leaving the alternate screen), the participant is
// told why, and the session ends with exit status 0.
func TestCloseRestoresTheTerminals(t *testing.T) {
	sess := newSession(t)
	ts := startServer(t, sess, nil, withModel(tui.NewSeat))
	c := joinWithCode(t, ts, "soc", 120, 40)
	m := realDriver.join(c)
	ts.Close()
	if err := c.wait(10 * time.Second); err != nil {
		t.Fatalf("the seat ended with %v, want exit status 0", err)
	}
	raw := c.raw()
	rest := raw[c.index(m):]
	if !strings.Contains(rest, "\x1b[?1049l") {
		t.Fatalf("the alternate screen was not left: %q", tail(rest))
	}
	if !strings.Contains(ansi.Strip(rest), "The facilitator closed the exercise's console") {
		t.Fatalf("the participant was not told: %q", tail(rest))
	}
	if n := len(kinds(sess.Events(), sim.KindLeave)); n != 1 {
		t.Fatalf("%d leaves", n)
	}
}

// TestQuitJournalsOneLeave: a participant who quits with q leaves once
// (the seat journals it; the server adds none when the connection ends).
func TestQuitJournalsOneLeave(t *testing.T) {
	sess := newSession(t)
	ts := startServer(t, sess, nil, withModel(tui.NewSeat))
	c := joinWithCode(t, ts, "legal", 120, 40)
	realDriver.join(c)
	c.send("q")
	if err := c.wait(10 * time.Second); err != nil {
		t.Fatalf("quitting: %v", err)
	}
	c.conn.Close()
	waitUntil(t, "the seat is gone", func() bool { return len(ts.Participants()) == 0 })
	ts.Close()
	lv := kinds(sess.Events(), sim.KindLeave)
	if len(lv) != 1 || lv[0].By != "legal" || lv[0].Role != "legal" {
		t.Fatalf("leaves: %+v", lv)
	}
}

// TestSetRecordingWhileConnected: the facilitator turns recording from
// the seats off and on again; a connected seat says so and is refused,
// then records again.
func TestSetRecordingWhileConnected(t *testing.T) {
	sess := newSession(t)
	ts := startServer(t, sess, nil, withModel(tui.NewSeat))
	c := joinWithCode(t, ts, "soc", 120, 40)
	m := realDriver.join(c)
	ts.SetRecording(false)
	m = c.must(m, "turned recording from seats off")
	c.send("t")
	m = c.must(m, "NOT recorded")
	// A storm of toggles ending on: the seat ends up on too.
	for i := range 41 {
		ts.SetRecording(i%2 == 0)
	}
	c.must(m, "turned recording from seats on again")
	time.Sleep(200 * time.Millisecond) // the storm's last messages arrive
	m = c.mark()
	c.send("tBack on\r")
	c.must(m, "“Back on”")
	ds := kinds(sess.Events(), sim.KindDecision)
	if len(ds) != 1 || ds[0].Text != "Back on" {
		t.Fatalf("decisions: %+v", ds)
	}
}
