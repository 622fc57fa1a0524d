package main

import (
	"github.com/spf13/cobra"

	"github.com/ttx-sim/ttx/scenarios"
)

func newSchemaCmd(sio *IO) *cobra.Command {
	return &cobra.Command{
		Use:   "schema",
		Short: "Print the JSON Schema of the scenario format",
		Long: "Prints the JSON Schema (draft 2020-12) of the scenario format, for editors.\n" +
			"With yaml-language-server, save it and start a scenario file with:\n" +
			"  # yaml-language-server: $schema=ttx-scenario.schema.json",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := sio.Out.Write(scenarios.Schema())
			return err
		},
	}
}
