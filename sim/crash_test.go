package sim

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
)

// crashChildEnv names the session folder a crash-test child writes to.
const crashChildEnv = "TTX_SIM_CRASH_CHILD"

// TestCrashSafety kills a process that records decisions into a session
// with SIGKILL at random moments, again and again, on the same session.
// After each kill the reopened session must hold every decision the child
// acknowledged, in order, and nothing it did not try to record.
func TestCrashSafety(t *testing.T) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		crashChild(dir)
		return
	}
	kills := 60
	if testing.Short() {
		kills = 8
	}
	dir := filepath.Join(t.TempDir(), "session")
	sess, err := CreateSession(dir, loadDrill(t), "crash-test")
	if err != nil {
		t.Fatal(err)
	}
	sess.Close()

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	acked, torn := 0, 0
	for kill := range kills {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashSafety$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
		}()
		// Mostly kill while the child is writing; sometimes while it is
		// still starting up or replaying the journal.
		delay := time.Duration(rng.IntN(25_000)) * time.Microsecond
		if rng.IntN(10) > 0 {
			if first, ok := <-lines; !ok || first != "open" {
				t.Fatalf("kill %d: child said %q instead of opening the session", kill, first)
			}
		}
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		for line := range lines {
			if n, ok := strings.CutPrefix(line, "ack "); ok {
				i, _ := strconv.Atoi(n)
				if i != acked+1 {
					t.Fatalf("kill %d: child acknowledged decision %d after %d", kill, i, acked)
				}
				acked = i
			} else if line != "open" {
				t.Fatalf("kill %d: child said %q", kill, line)
			}
		}
		_ = cmd.Wait()

		again, warnings, err := OpenSession(dir)
		if err != nil {
			t.Fatalf("kill %d: reopening: %v", kill, err)
		}
		torn += len(warnings)
		decisions := again.Engine.Decisions()
		again.Close()
		for i, d := range decisions {
			if want := fmt.Sprintf("d%d", i+1); d.Text != want {
				t.Fatalf("kill %d: decision %d is %q, want %q", kill, i+1, d.Text, want)
			}
		}
		// The one decision in flight when the child died may have reached
		// the disk without being acknowledged; nothing beyond it may.
		if n := len(decisions); n < acked || n > acked+1 {
			t.Fatalf("kill %d: journal holds %d decisions, child acknowledged %d", kill, n, acked)
		}
		acked = len(decisions)
	}
	t.Logf("%d kills, %d decisions on disk, %d torn last lines recovered", kills, acked, torn)
	if acked == 0 {
		t.Error("the child never recorded a decision: the test tested nothing")
	}
}

// crashChild reopens the session and records decisions d<n+1>, d<n+2>, …
// forever, printing "ack <i>" after each Record returns.
func crashChild(dir string) {
	sess, _, err := OpenSession(dir)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(3)
	}
	fmt.Println("open")
	e := sess.Engine
	e.SetWallClock(time.Now)
	for i := len(e.Decisions()) + 1; i < 1_000_000; i++ {
		at := min(scenarios.Duration(i*5), e.Scenario().Duration)
		if _, err := e.Advance(at); err != nil {
			fmt.Println("error:", err)
			os.Exit(3)
		}
		if i%10 == 0 {
			if _, err := e.Note(fmt.Sprintf("note before d%d", i), "lead"); err != nil {
				fmt.Println("error:", err)
				os.Exit(3)
			}
		}
		if _, err := e.Record(scenarios.Decision{Text: fmt.Sprintf("d%d", i), Role: "soc"}); err != nil {
			fmt.Println("error:", err)
			os.Exit(3)
		}
		fmt.Printf("ack %d\n", i)
	}
	os.Exit(0)
}
