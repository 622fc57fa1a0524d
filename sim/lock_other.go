//go:build !unix

package sim

import "os"

// lockFile does nothing where flock is not available.
func lockFile(*os.File) error { return nil }

// InUse cannot tell where flock is not available: never.
func InUse(string) bool { return false }
