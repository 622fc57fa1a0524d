// Package attack is MITRE ATT&CK's technique table (Enterprise v18.1 and
// ICS), embedded so that ttx can check technique ids offline and print
// their names.
//
// The table is © The MITRE Corporation, reproduced and distributed with
// MITRE's permission under the ATT&CK license: techniques.tsv keeps MITRE's
// notice and LICENSE.txt beside it is that license; any copy must keep both.
package attack

import (
	_ "embed"
	"strings"
	"sync"
)

//go:embed techniques.tsv
var table string

// Status is a technique's standing in ATT&CK.
type Status string

// The statuses the table uses.
const (
	Active     Status = "active"
	Deprecated Status = "deprecated" // withdrawn without a replacement
	Revoked    Status = "revoked"    // replaced: see RevokedBy
)

// Technique is one row of the table.
type Technique struct {
	ID        string // T1566, T1566.001, T0831
	Domain    string // "enterprise" or "ics"
	Status    Status
	Name      string
	Tactics   []string
	RevokedBy string // the replacement of a revoked technique, else ""
}

var (
	once  sync.Once
	index map[string]Technique
)

// parse reads the embedded table once, on first use, so that commands
// that never look an id up do not pay for it.
func parse() {
	index = make(map[string]Technique, 1000)
	for line := range strings.SplitSeq(table, "\n") {
		if line == "" || line[0] == '#' || strings.HasPrefix(line, "id\t") {
			continue
		}
		f := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if len(f) < 6 {
			continue
		}
		t := Technique{ID: f[0], Domain: f[1], Status: Status(f[2]), Name: f[3], RevokedBy: f[5]}
		if f[4] != "" {
			t.Tactics = strings.Split(f[4], ",")
		}
		// An id in both domains keeps its first row: the table lists each
		// id once per domain, and ids do not collide between them.
		if _, dup := index[t.ID]; !dup {
			index[t.ID] = t
		}
	}
}

// Lookup returns the technique with that id.
func Lookup(id string) (Technique, bool) {
	once.Do(parse)
	t, ok := index[id]
	return t, ok
}

// Label is "T1566.001 Spearphishing Attachment" for a known id, the id alone
// otherwise.
func Label(id string) string {
	if t, ok := Lookup(id); ok {
		return t.ID + " " + t.Name
	}
	return id
}

// Len is the number of techniques in the table.
func Len() int {
	once.Do(parse)
	return len(index)
}
