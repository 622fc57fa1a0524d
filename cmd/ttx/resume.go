package main

import (
	"fmt"

	"github.com/spf13/cobra"
	"github.com/ttx-sim/ttx/sim"
	"github.com/ttx-sim/ttx/tui"
)

// resumeOptions are the flags of `ttx resume`.
type resumeOptions struct {
	coach coachLevel
	debug string
	seats seatFlags
}

func newResumeCmd(sio *IO) *cobra.Command {
	o := &resumeOptions{}
	cmd := &cobra.Command{
		Use:   "resume SESSION",
		Short: "Reopen an interrupted session in the TUI where it stopped",
		Long: "Reopen a session folder: the clock, phase, inject feed, decision log and\n" +
			"speed are restored from its journal and the exercise continues, paused\n" +
			"until you press space.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runResume(cmd, sio, o, args[0]) },
	}
	addCoachFlag(cmd, &o.coach)
	cmd.Flags().StringVar(&o.debug, "debug", "", "write a debug log to this file")
	addSeatFlags(cmd, &o.seats)
	return cmd
}

func runResume(cmd *cobra.Command, sio *IO, o *resumeOptions, dir string) error {
	if err := o.seats.check(cmd); err != nil {
		return err
	}
	dir = sessionPath(sio, dir) // a bare name may be a session of the data directory
	// Checked read-only first, then the terminal, then opened: opening cuts
	// a torn last line off the journal, and a resume that cannot run must
	// change nothing on disk.
	if _, _, _, _, err := sim.ReadSession(dir); err != nil {
		return &exitError{code: exitBad, msg: fmt.Sprintf("cannot resume %s: %v", dir, err)}
	}
	if err := o.seats.checkFiles(); err != nil {
		return err
	}
	if err := needTerminal(sio); err != nil {
		return err
	}
	seatSrv, err := openSeats(sio, &o.seats)
	if err != nil {
		return err
	}
	ss, warnings, err := sim.OpenSession(dir)
	if err != nil {
		seatSrv.close()
		return &exitError{code: exitBad, msg: fmt.Sprintf("cannot resume %s: %v", dir, err)}
	}
	printWarnings(sio, warnings)
	// A practice run stays a practice run: it resumes with the coach on.
	coach := o.coach != coachOff || ss.Header.Practice
	sess := tui.NewSession(ss)
	seatSrv.serve(sess)
	return runTUI(sio, tui.Options{Resume: sess, Coach: coach, Hints: o.coach == coachHints, Seats: seatSrv.info()}, o.debug, seatSrv)
}
