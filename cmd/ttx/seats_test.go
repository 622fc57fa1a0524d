package main

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The seat server's flags: the mistakes a user can make, each with its
// message and exit code, before anything opens.
func TestSeatFlagErrors(t *testing.T) {
	keys := writeTemp(t, "keys", "# team\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl a@b\nnot-a-key here\n")
	const drill = "../../tui/testdata/drill.yaml"
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"listen without a port", []string{"play", drill, "--listen", "localhost"}, exitUsage, "--listen localhost: not an address"},
		{"listen empty port", []string{"play", drill, "--listen", "127.0.0.1:"}, exitUsage, "not an address"},
		{"listen port too big", []string{"play", drill, "--listen", "127.0.0.1:99999"}, exitUsage, `"99999" is not a port`},
		{"listen port not a number", []string{"resume", "somewhere", "--listen", ":ssh2"}, exitUsage, `"ssh2" is not a port`},
		{"keys without listen", []string{"play", drill, "--authorized-keys", keys}, exitUsage, "--authorized-keys needs --listen"},
		{"host key without listen", []string{"resume", "x", "--host-key", "k"}, exitUsage, "--host-key needs --listen"},
		{"no recording without listen", []string{"--no-seat-recording"}, exitUsage, "--no-seat-recording needs --listen"},
		{"bad key line", []string{"play", drill, "--listen", "127.0.0.1:0", "--authorized-keys", keys}, exitBad, keys + ":3: not a public key"},
		{"missing key file", []string{"play", drill, "--listen", "127.0.0.1:0", "--authorized-keys", "/nonexistent/keys"}, exitBad, "--authorized-keys: open /nonexistent/keys"},
		{"no terminal", []string{"play", drill, "--listen", "127.0.0.1:0"}, exitUsage, "needs an interactive terminal"},
		{"resume no terminal", []string{"resume", "/nonexistent/s", "--listen", "127.0.0.1:0"}, exitBad, "cannot resume"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := t.TempDir()
			code, _, errs := runMain(t, map[string]string{"TTX_DATA_DIR": filepath.Join(data, "sessions")}, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d (stderr %q)", code, tc.code, errs)
			}
			if !strings.Contains(errs, tc.msg) {
				t.Fatalf("stderr %q does not say %q", errs, tc.msg)
			}
			if strings.Contains(errs, "goroutine") {
				t.Fatalf("stack trace on stderr: %s", errs)
			}
			// Nothing was created: no host key without a terminal.
			if _, err := os.Stat(filepath.Join(data, "ssh_host_ed25519_key")); err == nil {
				t.Fatal("a host key was created by a command that did not run")
			}
		})
	}
}

func TestSeatServerOpenErrors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	notKey := writeTemp(t, "hk", "not a key")
	env := func(k string) string {
		if k == "TTX_DATA_DIR" {
			return filepath.Join(t.TempDir(), "sessions")
		}
		return ""
	}
	for _, tc := range []struct {
		name string
		f    seatFlags
		msg  string
	}{
		{"address in use", seatFlags{listen: busy.Addr().String()}, "address already in use"},
		{"bad host key", seatFlags{listen: "127.0.0.1:0", hostKey: notKey}, "host key " + notKey},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := tc.f.open(&IO{Getenv: env})
			if err == nil {
				s.close()
				t.Fatal("opened")
			}
			ee, ok := err.(*exitError)
			if !ok || ee.code != exitBad || !strings.Contains(ee.msg, tc.msg) {
				t.Fatalf("error %#v, want exit 1 saying %q", err, tc.msg)
			}
		})
	}
	// A good one: the host key goes beside the data folder, the address
	// shown has the port chosen.
	dataDir := t.TempDir()
	s, err := (&seatFlags{listen: "127.0.0.1:0"}).open(&IO{Getenv: func(k string) string {
		if k == "TTX_DATA_DIR" {
			return filepath.Join(dataDir, "sessions")
		}
		return ""
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	if _, err := os.Stat(filepath.Join(dataDir, "ssh_host_ed25519_key")); err != nil {
		t.Fatalf("host key not beside the data folder: %v", err)
	}
	info := s.info()
	if info.Addr != s.ln.Addr().String() || len(info.JoinCode) != 6 || info.Participants == nil {
		t.Fatalf("info %+v for %s", info, s.ln.Addr())
	}
	if !info.Recording() {
		t.Fatal("recording starts off without --no-seat-recording")
	}
	info.SetRecording(false)
	if info.Recording() || s.srv.Recording() {
		t.Fatal("SetRecording(false) left recording on")
	}
}
