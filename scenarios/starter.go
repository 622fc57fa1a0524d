package scenarios

import (
	"bytes"
	_ "embed"
)

// starterTemplate is the commented starter scenario written by `ttx new`.
// Its id is the placeholder starterIDPlaceholder.
//
//go:embed starter.yaml
var starterTemplate []byte

const starterIDPlaceholder = "__ID__"

// Starter returns a commented starter scenario with the given id: a small,
// complete scenario that loads without problems and passes its own tests,
// meant to be edited into a real one. The caller checks the id with IsSlug
// first; Starter inserts it as given.
func Starter(id string) []byte {
	return bytes.ReplaceAll(starterTemplate, []byte(starterIDPlaceholder), []byte(id))
}
