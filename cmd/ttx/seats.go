package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"sync"

	"github.com/spf13/cobra"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/tui"
	"github.com/ttx-sim/ttx/tui/seats"
)

// seatFlags are the SSH seat server's flags of play and resume
// (spec/cli.md, "Seats").
type seatFlags struct {
	listen         string
	authorizedKeys string
	hostKey        string
	noRecording    bool
}

func addSeatFlags(cmd *cobra.Command, f *seatFlags) {
	fl := cmd.Flags()
	fl.StringVar(&f.listen, "listen", "", "serve participant seats over SSH on this address (127.0.0.1:2222, :2222)")
	fl.StringVar(&f.authorizedKeys, "authorized-keys", "", "participants' public keys that join without the code (OpenSSH authorized_keys file; needs --listen)")
	fl.StringVar(&f.hostKey, "host-key", "", "the seat server's host key, created if missing (default: ssh_host_ed25519_key beside the sessions' data folder; needs --listen)")
	fl.BoolVar(&f.noRecording, "no-seat-recording", false, "participants watch only: decisions are recorded on the console (needs --listen)")
}

// check reports wrong usage of the flags (exit 2) before anything opens.
func (f *seatFlags) check(cmd *cobra.Command) error {
	if f.listen == "" {
		for _, name := range []string{"authorized-keys", "host-key", "no-seat-recording"} {
			if cmd.Flags().Changed(name) {
				return usageErrorf("--%s needs --listen ADDR", name)
			}
		}
		return nil
	}
	_, port, err := net.SplitHostPort(f.listen)
	if err != nil || port == "" {
		return usageErrorf("--listen %s: not an address: give HOST:PORT or :PORT (127.0.0.1:2222, :2222)", f.listen)
	}
	if _, err := net.LookupPort("tcp", port); err != nil {
		return usageErrorf("--listen %s: %q is not a port: give a number from 1 to 65535", f.listen, port)
	}
	return nil
}

// checkFiles reads the authorized keys, before the terminal is checked
// (nothing is created; a bad line is exit 1 naming file:line).
func (f *seatFlags) checkFiles() error {
	if f.listen == "" || f.authorizedKeys == "" {
		return nil
	}
	if _, err := seats.LoadAuthorizedKeys(f.authorizedKeys); err != nil {
		return &exitError{code: exitBad, msg: "--authorized-keys: " + strings.TrimPrefix(err.Error(), "authorized keys: ")}
	}
	return nil
}

// seatServer is a seat server opened on its address, serving once the
// session exists.
type seatServer struct {
	srv  *seats.Server
	ln   net.Listener
	addr string
	once sync.Once
}

// open loads the host key and listens (exit 1 if it cannot); nil without
// --listen.
func (f *seatFlags) open(sio *IO) (*seatServer, error) {
	if f.listen == "" {
		return nil, nil
	}
	srv, err := seats.New(seats.Config{
		AuthorizedKeysFile: f.authorizedKeys,
		HostKeyPath:        f.hostKey,
		NoRecording:        f.noRecording,
		Getenv:             sio.Getenv,
	})
	if err != nil {
		return nil, &exitError{code: exitBad, msg: "--listen: " + err.Error()}
	}
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		var oe *net.OpError
		if errors.As(err, &oe) && oe.Err != nil {
			err = oe.Err
		}
		return nil, &exitError{code: exitBad, msg: fmt.Sprintf("--listen %s: %v", f.listen, err)}
	}
	return &seatServer{srv: srv, ln: ln, addr: shownAddr(ln.Addr())}, nil
}

// shownAddr is the listening address as participants reach it: a
// wildcard host is this machine's name.
func shownAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		if h, err := os.Hostname(); err == nil && h != "" {
			host = h
		}
	}
	return net.JoinHostPort(host, port)
}

// info is what the console shows of the server.
func (s *seatServer) info() *tui.SeatsInfo {
	if s == nil {
		return nil
	}
	return &tui.SeatsInfo{Addr: s.addr, JoinCode: s.srv.JoinCode(), Participants: s.srv.Participants,
		Recording: s.srv.Recording, SetRecording: s.srv.SetRecording}
}

// serve starts serving seats of sess (once: a process plays one session).
func (s *seatServer) serve(sess tui.Session) {
	if s == nil {
		return
	}
	s.once.Do(func() {
		s.srv.SetSession(sess)
		go func() { _ = s.srv.Serve(s.ln) }() // returns at close
	})
}

// wrapStart makes a new session's start also start the seat server.
func (s *seatServer) wrapStart(start func(*scenarios.Scenario) (tui.Session, error)) func(*scenarios.Scenario) (tui.Session, error) {
	if s == nil {
		return start
	}
	return func(sc *scenarios.Scenario) (tui.Session, error) {
		sess, err := start(sc)
		if err == nil {
			s.serve(sess)
		}
		return sess, err
	}
}

// wrapReopen makes reopening an interrupted session from the picker also
// start the seat server.
func (s *seatServer) wrapReopen(reopen func(string) (tui.Session, bool, error)) func(string) (tui.Session, bool, error) {
	if s == nil || reopen == nil {
		return reopen
	}
	return func(dir string) (tui.Session, bool, error) {
		sess, coach, err := reopen(dir)
		if err == nil {
			s.serve(sess)
		}
		return sess, coach, err
	}
}

// close disconnects the participants (their leaves are journaled) and
// stops the server, before the session closes.
func (s *seatServer) close() {
	if s == nil {
		return
	}
	_ = s.srv.Close()
	s.ln.Close() // when it never served
}

// openSeats checks the key file, then the terminal, then opens the
// server: nil without --listen. Usage errors were checked before.
func openSeats(sio *IO, f *seatFlags) (*seatServer, error) {
	if f.listen == "" {
		return nil, nil
	}
	if err := f.checkFiles(); err != nil {
		return nil, err
	}
	if err := needTerminal(sio); err != nil {
		return nil, err
	}
	return f.open(sio)
}
