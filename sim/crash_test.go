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

// crashTearEnv asks the child to tear a line on purpose after its first
// decision: write half of one at the end of the journal, say "torn" and
// wait to be killed, as if the machine died in the middle of a write.
const crashTearEnv = "TTX_SIM_CRASH_TEAR"

// crashSeedEnv sets the seed of the kill timings (TTX_CRASH_SEED=n); the
// seed is logged, so a failure can be run again with the same timings.
const crashSeedEnv = "TTX_CRASH_SEED"

// TestCrashSafety kills a process that records decisions into a session
// with SIGKILL at random moments, again and again, on the same session.
// After each kill the reopened session must hold every decision the child
// acknowledged, in order, and nothing it did not try to record. Every third
// kill comes after the child tore a line on purpose, which must be dropped
// with a warning. This proves process-kill safety only: a killed process
// leaves the page cache behind, so the fsync before each acknowledgement is
// held by TestEveryAcknowledgementFollowsItsSync instead.
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

	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv(crashSeedEnv); v != "" {
		if seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			t.Fatalf("%s=%q: %v", crashSeedEnv, v, err)
		}
	}
	t.Logf("seed %d (run again with %s=%d)", seed, crashSeedEnv, seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	acked, torn, tears := 0, 0, 0
	for kill := range kills {
		tear := kill%3 == 2
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashSafety$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
		if tear {
			cmd.Env = append(cmd.Env, crashTearEnv+"=1")
		}
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
		var early []string // lines read before the kill
		if tear {
			for line := range lines {
				early = append(early, line)
				if line == "torn" {
					break
				}
			}
			if len(early) == 0 || early[len(early)-1] != "torn" {
				t.Fatalf("kill %d: child did not tear a line: %q", kill, early)
			}
			tears++
			delay = 0
		} else if rng.IntN(10) > 0 {
			if first, ok := <-lines; !ok || first != "open" {
				t.Fatalf("kill %d: child said %q instead of opening the session", kill, first)
			}
		}
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		for _, line := range append(early, drain(lines)...) {
			if n, ok := strings.CutPrefix(line, "ack "); ok {
				i, _ := strconv.Atoi(n)
				if i != acked+1 {
					t.Fatalf("kill %d: child acknowledged decision %d after %d", kill, i, acked)
				}
				acked = i
			} else if line != "open" && line != "torn" {
				t.Fatalf("kill %d: child said %q", kill, line)
			}
		}
		_ = cmd.Wait()

		again, warnings, err := OpenSession(dir)
		if err != nil {
			t.Fatalf("kill %d: reopening: %v", kill, err)
		}
		torn += len(warnings)
		if tear && len(warnings) != 1 {
			t.Fatalf("kill %d: a line was torn on purpose, warnings %q", kill, warnings)
		}
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
	t.Logf("%d kills, %d decisions on disk, %d torn last lines recovered (%d torn on purpose)", kills, acked, torn, tears)
	if torn < tears {
		t.Errorf("%d lines torn on purpose, %d recovered", tears, torn)
	}
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
		if os.Getenv(crashTearEnv) != "" {
			// Half of a decision line, as an interrupted write leaves it.
			line := fmt.Sprintf(`{"seq":%d,"kind":"decision","at":%d,"te`, len(e.Events())+1, at)
			if _, err := sess.journal.f.WriteAt([]byte(line), sess.journal.size); err != nil {
				fmt.Println("error:", err)
				os.Exit(3)
			}
			fmt.Println("torn")
			select {} // wait to be killed
		}
	}
	os.Exit(0)
}

func drain(lines <-chan string) []string {
	var all []string
	for line := range lines {
		all = append(all, line)
	}
	return all
}
