package seats

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/tui"
	gossh "golang.org/x/crypto/ssh"
)

// seatDriver knows how to work a seat model from its terminal.
type seatDriver struct {
	model func(tui.SeatOptions) tea.Model
	// join takes a fresh seat (user name = a role id) into play.
	join func(c *client) int
	// decide types the keys of decision n up to the last one, and returns
	// the last key and the text that acknowledges the decision.
	decide func(c *client, n int) (last, ack string)
}

var placeholderDriver = seatDriver{
	model: newPlaceholder,
	join:  func(c *client) int { return c.must(0, "seat ") },
	decide: func(c *client, n int) (string, string) {
		return "d", fmt.Sprintf("ack %d", n)
	},
}

// rss is the process's resident set size in bytes (VmRSS).
func rss() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return float64(m.Sys)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) * 1024
		}
	}
	return 0
}

func p99(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, (len(s)*99+99)/100-1)]
}

// BenchmarkSeats50 serves 50 seats from a server in a child process (the
// facilitator's, with the real seat screens) to 50 SSH clients with PTYs
// on loopback in this one, and measures, per iteration, (1) from an
// inject's commit in the engine (an ad-hoc inject to everyone) until its
// title is in every seat's output; (2) each participant in turn recording
// a decision while the others watch, from their last keypress until the
// acknowledgement is on their screen (ack-p99-ms); (3) the same with all
// 50 recording at once (burst-ack-p99-ms: every decision reaches every
// seat, 2,500 updates). It reports the p99 of each and the server
// process's peak RSS.
func BenchmarkSeats50(b *testing.B) { benchSeats(b, 50, "real") }

// benchChildEnv names the folder of the benchmark's server process;
// benchModelEnv its seat model ("real" or "placeholder").
const (
	benchChildEnv = "TTX_SEATS_BENCH_CHILD"
	benchModelEnv = "TTX_SEATS_BENCH_MODEL"
)

func driverNamed(name string) seatDriver {
	if name == "placeholder" {
		return placeholderDriver
	}
	return realDriver
}

// TestBenchServerChild is the benchmark's server: it serves seats of a new
// session on a loopback port, says "addr ADDR", then obeys its stdin:
// "adhoc TITLE" adds an inject to everyone and answers "committed NANOS"
// (the wall clock after the commit); "rss" answers "rss BYTES".
func TestBenchServerChild(t *testing.T) {
	dir := os.Getenv(benchChildEnv)
	if dir == "" {
		t.Skip("only as the child of BenchmarkSeats50")
	}
	sess := newSession(t)
	srv, err := New(Config{Session: sess, AuthorizedKeysFile: filepath.Join(dir, "keys"), HostKeyPath: filepath.Join(dir, "host_key")})
	if err != nil {
		t.Fatal(err)
	}
	srv.newModel = driverNamed(os.Getenv(benchModelEnv)).model
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	fmt.Printf("addr %s\n", ln.Addr())
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() {
		cmd, arg, _ := strings.Cut(sc.Text(), " ")
		switch cmd {
		case "adhoc":
			if _, err := sess.AdHoc(arg, "A body.", nil); err != nil {
				t.Fatal(err)
			}
			fmt.Printf("committed %d\n", time.Now().UnixNano())
		case "rss":
			fmt.Printf("rss %.0f\n", rss())
		}
	}
}

func benchSeats(b *testing.B, n int, model string) {
	d := driverNamed(model)
	dir := b.TempDir()
	key := newKey(b)
	if err := os.WriteFile(filepath.Join(dir, "keys"), gossh.MarshalAuthorizedKey(key.PublicKey()), 0o600); err != nil {
		b.Fatal(err)
	}
	args := []string{"-test.run=^TestBenchServerChild$"}
	if p := os.Getenv("TTX_SEATS_BENCH_CPUPROFILE"); p != "" {
		args = append(args, "-test.cpuprofile="+p) // the server process's profile
	}
	if p := os.Getenv("TTX_SEATS_BENCH_MEMPROFILE"); p != "" {
		args = append(args, "-test.memprofile="+p) // the server process's heap at its end
	}
	child := exec.Command(os.Args[0], args...)
	child.Env = append(os.Environ(), benchChildEnv+"="+dir, benchModelEnv+"="+model)
	child.Stderr = os.Stderr
	toChild, err := child.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	fromChild, err := child.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := child.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() {
		toChild.Close()
		_ = child.Wait()
	}()
	answers := bufio.NewScanner(fromChild)
	ask := func(prefix string) string {
		for answers.Scan() {
			if v, ok := strings.CutPrefix(answers.Text(), prefix+" "); ok {
				return v
			}
		}
		b.Fatalf("the server process stopped before saying %q", prefix)
		return ""
	}
	addr := ask("addr")
	roles := []string{"lead", "soc", "legal"}
	clients := make([]*client, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := dial(addr, roles[i%len(roles)], nil, gossh.PublicKeys(key))
			if err != nil {
				errs <- err
				return
			}
			b.Cleanup(func() { conn.Close() })
			c, err := openErr(b, conn, 120, 40)
			if err != nil {
				errs <- err
				return
			}
			clients[i] = c
			d.join(c)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	serverRSS := func() float64 {
		fmt.Fprintln(toChild, "rss")
		v, _ := strconv.ParseFloat(ask("rss"), 64)
		return v
	}
	peak := serverRSS()
	var injects, acks, burst []time.Duration
	b.ResetTimer()
	for it := range b.N {
		// (1) An inject to everyone.
		title := fmt.Sprintf("Bench inject %d", it)
		seen := make([]<-chan time.Time, n)
		for i, c := range clients {
			seen[i] = c.expect(c.mark(), title)
		}
		fmt.Fprintln(toChild, "adhoc "+title)
		nanos, _ := strconv.ParseInt(ask("committed"), 10, 64)
		committed := time.Unix(0, nanos)
		for i, ch := range seen {
			select {
			case at := <-ch:
				injects = append(injects, at.Sub(committed))
			case <-time.After(20 * time.Second):
				b.Fatalf("seat %d never showed %q:\n%s", i, title, tail(clients[i].text()))
			}
		}
		// (2) Each participant in turn records a decision, the others
		// watching (their seats show it in the team's log).
		for i, c := range clients {
			last, ack := d.decide(c, 2*it+1)
			ch := c.expect(c.mark(), ack)
			sent := time.Now()
			c.send(last)
			select {
			case at := <-ch:
				acks = append(acks, at.Sub(sent))
			case <-time.After(20 * time.Second):
				b.Fatalf("seat %d never acknowledged decision %d:\n%s", i, 2*it+1, tail(c.text()))
			}
		}
		// (3) Everyone records a decision at once.
		sent := make([]time.Time, n)
		for i, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				last, ack := d.decide(c, 2*it+2)
				seen[i] = c.expect(c.mark(), ack)
				sent[i] = time.Now()
				c.send(last)
			}()
		}
		wg.Wait()
		for i, ch := range seen {
			select {
			case at := <-ch:
				burst = append(burst, at.Sub(sent[i]))
			case <-time.After(20 * time.Second):
				b.Fatalf("seat %d never acknowledged decision %d:\n%s", i, 2*it+2, tail(clients[i].text()))
			}
		}
		peak = max(peak, serverRSS())
	}
	b.StopTimer()
	b.ReportMetric(float64(p99(injects))/float64(time.Millisecond), "inject-p99-ms")
	b.ReportMetric(float64(p99(acks))/float64(time.Millisecond), "ack-p99-ms")
	b.ReportMetric(float64(p99(burst))/float64(time.Millisecond), "burst-ack-p99-ms")
	b.ReportMetric(peak/(1<<20), "server-rss-MB")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkSeats50Placeholder is the same with the tests' minimal seat
// model: what the server and SSH cost without the seat screens.
func BenchmarkSeats50Placeholder(b *testing.B) { benchSeats(b, 50, "placeholder") }
