//go:build unix

package sim

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockFile takes an exclusive advisory lock on the journal, so that two ttx
// processes never append to one session. The kernel drops it when the
// process dies, so a crash never leaves a session locked.
func lockFile(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return fmt.Errorf("%s: the session is open in another ttx process", f.Name())
	}
	if err != nil {
		return fmt.Errorf("%s: locking the journal: %w", f.Name(), err)
	}
	return nil
}
