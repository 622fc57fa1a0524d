package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scoring/pack"
)

type packOptions struct {
	output string // folder; "": ./ID-package
	format string // md or html
}

func newPackCmd(sio *IO) *cobra.Command {
	o := &packOptions{}
	cmd := &cobra.Command{
		Use:   "pack SCENARIO",
		Short: "Write the exercise package of a scenario",
		Long: "Writes the documents of a tabletop exercise into a folder (default ./ID-package):\n" +
			"  situation-manual   for players: overview, objectives, roles, agenda, ground\n" +
			"                     rules, assumptions, the briefing; no answers, no injects\n" +
			"  facilitator-guide  for facilitators and evaluators: the MSEL, every inject\n" +
			"                     with notes and questions, expected and harmful actions,\n" +
			"                     an evaluation sheet per objective\n" +
			"  feedback-form      the participant feedback form (Part I, Part II)\n" +
			"  sign-in            the sign-in sheet\n" +
			"each as .html (one self-contained file that prints to A4) or .md (--format md),\n" +
			"and the MSEL as msel.csv and msel.xlsx (columns ttx import reads back).",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runPack(sio, o, args[0]) },
	}
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "the folder to write (default ./ID-package)")
	cmd.Flags().StringVar(&o.format, "format", "html", "html or md")
	return cmd
}

func runPack(sio *IO, o *packOptions, arg string) error {
	format := pack.Format(strings.ToLower(o.format))
	if format == "markdown" {
		format = pack.FormatMarkdown
	}
	if format != pack.FormatMarkdown && format != pack.FormatHTML {
		return usageErrorf("unknown package format %q: use html or md", scenarios.SanitizeLine(o.format))
	}
	s, err := scenarios.Resolve(arg)
	if err != nil {
		return &exitError{code: exitBad, msg: fmt.Sprintf("cannot pack %s:\n%s", arg, err)}
	}
	dir := o.output
	if dir == "" {
		dir = s.ID + "-package"
	}
	paths, err := pack.Write(dir, s, format)
	if err != nil {
		return &exitError{code: exitBad, msg: fmt.Sprintf("cannot write the package to %s: %v", dir, err)}
	}
	for _, p := range paths {
		fmt.Fprintln(sio.Out, scenarios.SanitizeLine(p))
	}
	return nil
}
