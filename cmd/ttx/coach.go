package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// coachLevel is the value of --coach: "" (off), "feedback" or "hints".
// `--coach` alone means feedback; `--coach=hints` adds nudges.
type coachLevel string

const (
	coachOff      coachLevel = ""
	coachFeedback coachLevel = "feedback"
	coachHints    coachLevel = "hints"
)

func (c *coachLevel) String() string { return string(*c) }
func (c *coachLevel) Type() string   { return "level" }

func (c *coachLevel) Set(v string) error {
	switch coachLevel(v) {
	case coachFeedback, coachHints:
		*c = coachLevel(v)
	case "off", "none":
		*c = coachOff
	default:
		return fmt.Errorf("--coach is feedback or hints, not %q (write --coach=hints)", v)
	}
	return nil
}

// addCoachFlag adds --coach[=feedback|hints] to a command.
func addCoachFlag(cmd *cobra.Command, c *coachLevel) {
	f := cmd.Flags()
	f.Var(c, "coach", "training mode: feedback after each decision and a running score; --coach=hints also nudges near deadlines")
	f.Lookup("coach").NoOptDefVal = string(coachFeedback)
}
