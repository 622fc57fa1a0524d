package attack

import (
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		id        string
		ok        bool
		status    Status
		name      string
		revokedBy string
	}{
		{"T1566", true, Active, "Phishing", ""},
		{"T1566.001", true, Active, "Spearphishing Attachment", ""},
		{"T0831", true, Active, "Manipulation of Control", ""},
		{"T0810", true, Deprecated, "Data Historian Compromise", ""},
		{"T1002", true, Revoked, "Data Compressed", "T1560"},
		{"T9999.999", false, "", "", ""},
		{"", false, "", "", ""},
	}
	for _, tt := range tests {
		got, ok := Lookup(tt.id)
		if ok != tt.ok || got.Status != tt.status || got.Name != tt.name || got.RevokedBy != tt.revokedBy {
			t.Errorf("Lookup(%q) = %+v, %v; want %v %s %q %q", tt.id, got, ok, tt.ok, tt.status, tt.name, tt.revokedBy)
		}
	}
	if got := Label("T1486"); got != "T1486 Data Encrypted for Impact" {
		t.Errorf("Label(T1486) = %q", got)
	}
	if got := Label("T9999"); got != "T9999" {
		t.Errorf("Label(T9999) = %q", got)
	}
}

// The embedded table is the whole of MITRE's, and keeps its notice.
func TestTable(t *testing.T) {
	if n := Len(); n < 900 {
		t.Errorf("table has %d techniques, want the whole table (over 900)", n)
	}
	if !strings.Contains(table, "© 2025 The MITRE Corporation") {
		t.Error("the table lost MITRE's copyright notice")
	}
	for id, tech := range index {
		if tech.Status != Active && tech.Status != Deprecated && tech.Status != Revoked {
			t.Errorf("%s: status %q", id, tech.Status)
		}
		if tech.Status == Revoked && tech.RevokedBy == "" {
			t.Errorf("%s: revoked without a replacement", id)
		}
	}
}

func BenchmarkFirstLookup(b *testing.B) {
	for b.Loop() {
		parse()
	}
}
