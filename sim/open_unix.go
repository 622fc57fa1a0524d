//go:build unix

package sim

import "syscall"

// openFlags are added to every open of a session's file: never through a
// symlink (the open fails with ELOOP), and never blocking on a FIFO.
const openFlags = syscall.O_NOFOLLOW | syscall.O_NONBLOCK

func isLoop(err error) bool { return errorIs(err, syscall.ELOOP) }
