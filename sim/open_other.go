//go:build !unix

package sim

// openFlags: no O_NOFOLLOW here; openRegular still refuses what Lstat shows
// is not a regular file.
const openFlags = 0

func isLoop(error) bool { return false }
