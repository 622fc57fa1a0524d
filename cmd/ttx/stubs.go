package main

// This file holds commands not built yet. Each command moves to its own
// file (cmd/ttx/<name>.go) when it is implemented; delete its stub here.

import (
	"errors"

	"github.com/spf13/cobra"
)

var errNotBuilt = errors.New("not built yet")

func stubCmd(use, short string) *cobra.Command {
	return &cobra.Command{Use: use, Short: short, RunE: func(*cobra.Command, []string) error { return errNotBuilt }}
}

type playOptions struct{}

func runPlay(cmd *cobra.Command, sio *IO, o *playOptions, scenario string) error { return errNotBuilt }

func newPlayCmd(sio *IO) *cobra.Command {
	return stubCmd("play [SCENARIO]", "Open the TUI on a scenario's briefing")
}
func newResumeCmd(sio *IO) *cobra.Command {
	return stubCmd("resume SESSION", "Reopen an interrupted session")
}
