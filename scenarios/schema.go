package scenarios

import (
	_ "embed"
	"slices"
)

//go:embed schema.json
var schemaJSON []byte

// Schema returns the JSON Schema (draft 2020-12) of the scenario format, for
// editors such as yaml-language-server. It checks shapes, types, required
// and unknown keys and patterns; the loader checks the rest (references,
// unique ids, times), so a file the schema accepts may still fail to load.
func Schema() []byte { return slices.Clone(schemaJSON) }
