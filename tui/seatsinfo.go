package tui

import (
	"net"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// SeatsInfo tells the facilitator's console about the SSH seat server that
// `ttx play`/`ttx resume --listen` runs beside it (package tui/seats), for
// the console to show: where participants connect, the join code, and who
// is connected now.
type SeatsInfo struct {
	// Addr is where the server listens, as host:port; a wildcard host
	// (":2222") is given as this machine's host name. Participants join
	// with `ssh -p PORT NAME@HOST`.
	Addr string
	// JoinCode is what a participant without a listed key types as the
	// password.
	JoinCode string
	// Participants lists who is connected now, one row per connection
	// and role, in order of joining (Connected is true for all). Safe to
	// call from Update; nil when there is no server.
	Participants func() []sim.Participant
	// Recording reports whether participants may record from their seats
	// (--no-seat-recording starts with it off); SetRecording turns it on
	// or off for every seat at once, each seat saying so. Nil when there
	// is no server.
	Recording    func() bool
	SetRecording func(on bool)
}

// JoinCommand is the command a participant types to join, from Addr
// (sanitised: the address comes from the command line).
func (si *SeatsInfo) JoinCommand() string {
	join := "ssh -p PORT NAME@HOST"
	if host, port, err := net.SplitHostPort(si.Addr); err == nil {
		join = "ssh -p " + port + " NAME@" + host
	}
	return scenarios.SanitizeLine(join)
}
