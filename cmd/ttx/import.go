package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scenarios/msel"
)

// importOptions are the flags of `ttx import`.
type importOptions struct {
	output string
	sheet  string
	id     string
	dryRun bool
}

func newImportCmd(sio *IO) *cobra.Command {
	o := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Make a scenario of a MSEL (CSV, XLSX or T3SF JSON)",
		Long: "Reads a Master Scenario Events List (a CSV file, an XLSX workbook or a T3SF\n" +
			"JSON file) and writes the scenario it makes to stdout, or to -o OUT (which must\n" +
			"not exist yet). Prints on stderr what was mapped: rows, injects, where each\n" +
			"column went, rows skipped and why. The scenario loads in `ttx validate`; its\n" +
			"warnings (recommendations marked TODO) are what is left to write.\n" +
			"See docs/importing.md for the headers it knows.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runImport(sio, o, args[0])
		},
	}
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "write the scenario to `OUT` instead of stdout")
	cmd.Flags().StringVar(&o.sheet, "sheet", "", "XLSX: read the sheet `NAME` (default: the first with an event table)")
	cmd.Flags().StringVar(&o.id, "id", "", "the scenario's `ID` (default: from the file name)")
	cmd.Flags().BoolVar(&o.dryRun, "dry-run", false, "print the summary only; write no scenario")
	return cmd
}

func runImport(sio *IO, o *importOptions, path string) error {
	if o.id != "" && !scenarios.IsSlug(o.id) {
		return usageErrorf("invalid scenario id %q: use 1 to 64 lower-case letters, digits and dashes, starting with a letter or digit (e.g. phishing-drill)", scenarios.SanitizeLine(o.id))
	}
	data, err := readBounded(path, msel.MaxFileSize)
	if err != nil {
		return err
	}
	res, err := msel.Import(path, data, msel.Options{Sheet: o.sheet, ID: o.id})
	if errors.Is(err, msel.ErrSheetNotXLSX) {
		return usageErrorf("%s: %v", scenarios.SanitizeLine(path), err)
	}
	if err != nil {
		return err
	}
	sum := res.Summary
	sum.File = filepath.Base(path)
	sum.Write(sio.Err)
	fmt.Fprintf(sio.Err, "  the scenario loads, with %s (run `ttx validate` on it to see them)\n", plural(len(scenarios.Lint(res.Scenario)), "warning"))
	if o.dryRun {
		return nil
	}
	if o.output == "" {
		_, err := sio.Out.Write(res.YAML)
		return err
	}
	f, err := os.OpenFile(o.output, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s already exists; choose another file or remove it first", scenarios.SanitizeLine(o.output))
		}
		return err
	}
	if _, err := f.Write(res.YAML); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(sio.Err, "  wrote %s\n", o.output)
	return nil
}

// readBounded reads a file of at most limit bytes.
func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: more than %d bytes: not a MSEL this import reads", path, limit)
	}
	return data, nil
}
