package seats

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ttx-sim/ttx/sim"
	gossh "golang.org/x/crypto/ssh"
)

// HostKeyName is the file name of the server's host key in the data
// directory's parent.
const HostKeyName = "ssh_host_ed25519_key"

// DefaultHostKeyPath is where the host key is kept without --host-key: the
// parent of the sessions' data directory (sim.DataDir), so
// $XDG_DATA_HOME/ttx/ssh_host_ed25519_key or
// ~/.local/share/ttx/ssh_host_ed25519_key.
func DefaultHostKeyPath(getenv func(string) string) (string, error) {
	data, err := sim.DataDir(getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(data), HostKeyName), nil
}

// LoadHostKey reads the ed25519 host key at path, creating it (mode 0600,
// its folder 0700) the first time, so that participants see the same host
// key, and fingerprint, every time.
func LoadHostKey(path string) (gossh.Signer, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		data, err = createHostKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("host key %s: %w", path, err)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("host key %s: not an unencrypted OpenSSH private key: %w", path, err)
	}
	return signer, nil
}

// createHostKey writes a new key to a temporary file and links it into
// place, so that a half-written key is never seen and of two servers
// started at once both use the one that was linked first.
func createHostKey(path string) ([]byte, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "ttx seat server")
	if err != nil {
		return nil, err
	}
	data := pem.EncodeToMemory(block)
	tmp, err := os.CreateTemp(dir, ".ssh_host_key-*")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return nil, err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		return nil, err
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return os.ReadFile(path) // another server made it first
		}
		return nil, err
	}
	return data, nil
}
