package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/ttx-sim/ttx/scenarios"
)

// newOptions are the flags of `ttx new`.
type newOptions struct {
	output string // file to create; "" writes to stdout
}

func newNewCmd(sio *IO) *cobra.Command {
	o := &newOptions{}
	cmd := &cobra.Command{
		Use:   "new ID",
		Short: "Write a commented starter scenario",
		Long: "Writes a small, commented scenario with the given id that validates and passes\n" +
			"its own tests: a starting point to edit into a real exercise. ID is lower-case\n" +
			"letters, digits and dashes. Without -o the scenario goes to stdout; with -o it\n" +
			"goes to FILE, which must not exist yet.\n\n" +
			"Next steps: ttx validate FILE, ttx test FILE, ttx play FILE.\n" +
			"See docs/scenario-authoring.md for a tutorial.",
		Example: "  ttx new phishing-drill -o phishing-drill.yaml",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runNew(sio, o, args[0])
		},
	}
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "write the scenario to `FILE` (refuses to overwrite)")
	return cmd
}

func runNew(sio *IO, o *newOptions, id string) error {
	if !scenarios.IsSlug(id) {
		return usageErrorf("invalid scenario id %q: use 1 to 64 lower-case letters, digits and dashes, starting with a letter or digit (e.g. phishing-drill)", scenarios.SanitizeLine(id))
	}
	data := scenarios.Starter(id)
	if o.output == "" {
		_, err := sio.Out.Write(data)
		return err
	}
	// O_EXCL: never overwrite, even if the file appears between a check and
	// the write.
	f, err := os.OpenFile(o.output, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; choose another file or remove it first", scenarios.SanitizeLine(o.output))
	}
	if err != nil {
		return fmt.Errorf("cannot create %s: %w", scenarios.SanitizeLine(o.output), errors.Unwrap(err))
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", scenarios.SanitizeLine(o.output), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", scenarios.SanitizeLine(o.output), err)
	}
	fmt.Fprintf(sio.Out, "wrote %s\nnext: ttx validate %[1]s && ttx test %[1]s\n", scenarios.SanitizeLine(o.output))
	return nil
}
