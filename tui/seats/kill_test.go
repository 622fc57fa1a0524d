package seats

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
	"github.com/ttx-sim/ttx/tui"
	gossh "golang.org/x/crypto/ssh"
)

// killChildEnv names the folder (session, keys, host key) of the child
// seat server of TestKillServerKeepsAcknowledgedDecisions.
const killChildEnv = "TTX_SEATS_KILL_CHILD"

// killChildModelEnv is "placeholder" for the tests' minimal seat model.
const killChildModelEnv = "TTX_SEATS_KILL_MODEL"

func killDriver() seatDriver {
	if os.Getenv(killChildModelEnv) == "placeholder" {
		return placeholderDriver
	}
	return realDriver
}

// TestKillChild is the server process killed by the test below: it opens
// the session folder, serves seats on a loopback port, says "addr ADDR"
// and waits to be killed.
func TestKillChild(t *testing.T) {
	dir := os.Getenv(killChildEnv)
	if dir == "" {
		t.Skip("only as the child of TestKillServerKeepsAcknowledgedDecisions")
	}
	ss, _, err := sim.OpenSession(filepath.Join(dir, "session"))
	if err != nil {
		t.Fatal(err)
	}
	sess := tui.NewSession(ss)
	srv, err := New(Config{Session: sess, AuthorizedKeysFile: filepath.Join(dir, "keys"), HostKeyPath: filepath.Join(dir, "host_key")})
	if err != nil {
		t.Fatal(err)
	}
	srv.newModel = killDriver().model
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("addr %s\n", ln.Addr())
	_ = srv.Serve(ln)
	select {}
}

// TestKillServerKeepsAcknowledgedDecisions records decisions from a seat
// of a server in a child process and kills the child with SIGKILL after a
// random number of them was acknowledged on the seat's screen: every one
// acknowledged must be in the journal, with the seat's role and name; the
// session then reopens the way `ttx resume` does, and the seat rejoins a
// new server with the same host key.
func TestKillServerKeepsAcknowledgedDecisions(t *testing.T) {
	if os.Getenv(killChildEnv) != "" {
		t.Skip("in the child")
	}
	d := killDriver()
	rounds := 3
	if testing.Short() {
		rounds = 1
	}
	for round := range rounds {
		dir := t.TempDir()
		s, err := scenarios.Load(drill)
		if err != nil {
			t.Fatal(err)
		}
		ss, err := sim.CreateSession(filepath.Join(dir, "session"), s, "test")
		if err != nil {
			t.Fatal(err)
		}
		ss.Close()
		key := newKey(t)
		if err := os.WriteFile(filepath.Join(dir, "keys"), gossh.MarshalAuthorizedKey(key.PublicKey()), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$")
		cmd.Env = append(os.Environ(), killChildEnv+"="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		var addr string
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "addr "); ok {
				addr = a
				break
			}
		}
		if addr == "" {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatal("the child did not say its address")
		}
		var hk1 gossh.PublicKey
		conn, err := dial(addr, "soc", &hk1, gossh.PublicKeys(key))
		if err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatal(err)
		}
		c := open(t, conn, 120, 40)
		m := d.join(c)
		killAfter := 1 + rand.IntN(8)
		for n := 1; n <= killAfter; n++ {
			last, ack := d.decide(c, n)
			c.send(last)
			m = c.must(m, ack)
		}
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		conn.Close()

		ss, _, err = sim.OpenSession(filepath.Join(dir, "session"))
		if err != nil {
			t.Fatalf("round %d: reopening after the kill: %v", round, err)
		}
		var got []string
		for _, ev := range kinds(ss.Engine.Events(), sim.KindDecision) {
			if ev.By != "soc" || ev.Role != "soc" {
				t.Fatalf("round %d: decision journaled as %+v", round, ev)
			}
			got = append(got, ev.Text)
		}
		for n := 1; n <= killAfter; n++ {
			if want := decisionText(n); len(got) < n || got[n-1] != want {
				t.Fatalf("round %d: acknowledged %q lost after the kill at %d (journal: %q)", round, want, killAfter, got)
			}
		}

		// `ttx resume SESSION --listen`: the seat rejoins.
		sess := tui.NewSession(ss)
		ts := startServer(t, sess, []gossh.PublicKey{key.PublicKey()}, withModel(d.model),
			withConfig(func(c *Config) { c.HostKeyPath = filepath.Join(dir, "host_key") }))
		var hk2 gossh.PublicKey
		conn2, err := dial(ts.addr, "soc", &hk2, gossh.PublicKeys(key))
		if err != nil {
			t.Fatalf("round %d: rejoining: %v", round, err)
		}
		// The seat of the killed process was left connected in the
		// journal: the new server journals its leave before anyone joins.
		if ps := sim.Participants(sess.Events()); len(ps) != 1 || ps[0].Connected {
			t.Fatalf("round %d: participants before rejoining: %+v", round, ps)
		}
		c2 := open(t, conn2, 120, 40)
		m2 := d.join(c2)
		if ps := sim.Participants(sess.Events()); len(ps) != 1 || !ps[0].Connected {
			t.Fatalf("round %d: participants after rejoining: %+v", round, ps)
		}
		last, ack := d.decide(c2, killAfter+1)
		c2.send(last)
		c2.must(m2, ack)
		if gossh.FingerprintSHA256(hk1) != gossh.FingerprintSHA256(hk2) {
			t.Fatalf("round %d: the host key changed across the restart", round)
		}
		conn2.Close()
		ts.Close()
		sess.Close()
	}
}

func decisionText(n int) string { return fmt.Sprintf("decision %d", n) }

var _ = time.Second
