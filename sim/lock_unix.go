//go:build unix

package sim

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
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

// InUse reports whether the session in dir is open in a ttx process now
// (being played): its journal is locked. It takes and drops the lock.
func InUse(dir string) bool {
	f, err := os.Open(filepath.Join(dir, JournalFile))
	if err != nil {
		return false
	}
	defer f.Close()
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if err == nil {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	}
	return errors.Is(err, syscall.EWOULDBLOCK)
}
