package sim

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ttx-sim/ttx/scenarios"
)

func errorIs(err, target error) bool { return errors.Is(err, target) }

// openRegular opens one of a session's files, which must be a regular file:
// a symlink (to /dev/zero, to another session, anywhere), a device, a FIFO or
// a folder in its place is an error naming the file, found before anything
// is read from it.
func openRegular(dir, name string, flag int) (*os.File, os.FileInfo, error) {
	path := filepath.Join(dir, name)
	if fi, err := os.Lstat(path); err == nil && !fi.Mode().IsRegular() {
		return nil, nil, notRegular(path, fi)
	}
	f, err := os.OpenFile(path, flag|openFlags, 0)
	if err != nil {
		if isLoop(err) {
			return nil, nil, fmt.Errorf("%s: is a symbolic link; a session's files must be regular files", path)
		}
		return nil, nil, sessionFileError(dir, name, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, notRegular(path, fi)
	}
	return f, fi, nil
}

func notRegular(path string, fi os.FileInfo) error {
	what := "not a regular file"
	switch m := fi.Mode(); {
	case m&os.ModeSymlink != 0:
		what = "is a symbolic link"
	case m.IsDir():
		what = "is a folder"
	case m&os.ModeNamedPipe != 0:
		what = "is a FIFO"
	case m&os.ModeDevice != 0:
		what = "is a device"
	case m&os.ModeSocket != 0:
		what = "is a socket"
	}
	return fmt.Errorf("%s: %s; a session's files must be regular files", path, what)
}

// readScenarioCopy reads a session's scenario.yaml, a regular file of at
// most the loader's size limit (read through the limit, not whole first).
func readScenarioCopy(dir string) ([]byte, error) {
	f, fi, err := openRegular(dir, ScenarioFile, os.O_RDONLY)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	path := f.Name()
	if fi.Size() > scenarios.MaxFileSize {
		return nil, fmt.Errorf("%s: file is %d bytes, larger than the %d MiB limit", path, fi.Size(), scenarios.MaxFileSize>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, scenarios.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, unwrapPath(err))
	}
	if len(data) > scenarios.MaxFileSize {
		return nil, fmt.Errorf("%s: file is larger than the %d MiB limit", path, scenarios.MaxFileSize>>20)
	}
	return data, nil
}
