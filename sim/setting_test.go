package sim

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
)

// TestSetSetting: the exercise details the header recorded are changed by
// setting events, during play and after the end; the last one counts,
// whole; they survive closing, resuming and replaying the journal, which
// keeps its header as written.
func TestSetSetting(t *testing.T) {
	s, err := scenarios.Resolve("ransomware-phishing")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "s")
	sess, err := CreateSessionWith(dir, s, SessionOptions{TTX: "test", Org: "Acme", Location: "Room 4", Facilitator: "Alex"})
	if err != nil {
		t.Fatal(err)
	}
	header, err := os.ReadFile(filepath.Join(dir, JournalFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Engine.SetSetting(Setting{Org: "Acme Freight", Location: "Room 5", Facilitator: "Alex"}); err != nil {
		t.Fatal(err)
	}
	if _, err := sess.Engine.SetSetting(Setting{Org: "x", Location: strings.Repeat("a", MaxTextLen+1)}); err == nil ||
		!strings.Contains(err.Error(), "location too long") {
		t.Errorf("an over-long location: %v", err)
	}
	if _, err := sess.Engine.End(10 * scenarios.Minute); err != nil {
		t.Fatal(err)
	}
	sess.Close()

	// Resumed after the end: still allowed, stamped with the end time.
	sess, _, err = OpenSession(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := SettingOf(sess.Header.Setting(), sess.Engine.Events()); got != (Setting{Org: "Acme Freight", Location: "Room 5", Facilitator: "Alex"}) {
		t.Errorf("resumed setting = %+v", got)
	}
	ev, err := sess.Engine.SetSetting(Setting{Org: "Acme Freight Ltd", Facilitator: "Kim \xff"})
	if err != nil {
		t.Fatal(err)
	}
	if ev.At != 10*scenarios.Minute || ev.Facilitator != "Kim \uFFFD" || ev.Location != "" {
		t.Errorf("setting after the end = %+v", ev)
	}
	want := sess.Engine.Events()
	sess.Close()

	_, hdr, got, _, err := ReadSession(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !eventsEqual(got, want) {
		t.Error("the journal read back differs from what was written")
	}
	if hdr.Setting() != (Setting{Org: "Acme", Location: "Room 4", Facilitator: "Alex"}) {
		t.Errorf("the header changed: %+v", hdr)
	}
	if got := SettingOf(hdr.Setting(), got); got != (Setting{Org: "Acme Freight Ltd", Facilitator: "Kim \uFFFD"}) {
		t.Errorf("setting = %+v, want the last event's, whole", got)
	}
	if _, err := Replay(s, got); err != nil {
		t.Errorf("replay: %v", err)
	}
	data, err := os.ReadFile(filepath.Join(dir, JournalFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), string(header)) {
		t.Error("the journal's header line was rewritten")
	}
	if !strings.Contains(string(data), `"kind":"setting","at":600,"org":"Acme Freight Ltd","facilitator":"Kim �"`) {
		t.Errorf("journal lacks the setting line:\n%s", data)
	}

	// A setting event with a field of another kind does not follow.
	bad := append([]Event(nil), got...)
	bad[len(bad)-1].Text = "smuggled"
	if _, err := Replay(s, bad); err == nil || !strings.Contains(err.Error(), "does not follow") {
		t.Errorf("replay of a setting with a text: %v", err)
	}
}

func TestSettingOf(t *testing.T) {
	base := Setting{Org: "A", Location: "L", Facilitator: "F"}
	for _, tc := range []struct {
		name   string
		events []Event
		want   Setting
	}{
		{"header only", nil, base},
		{"other kinds ignored", []Event{{Kind: KindCorrective, Org: "Legal"}, {Kind: KindNote, Text: "x"}}, base},
		{"replaced whole", []Event{{Kind: KindSetting, Org: "B"}}, Setting{Org: "B"}},
		{"last counts", []Event{{Kind: KindSetting, Org: "B"}, {Kind: KindSetting, Location: "M", Facilitator: "G"}}, Setting{Location: "M", Facilitator: "G"}},
		{"cleared", []Event{{Kind: KindSetting}}, Setting{}},
	} {
		if got := SettingOf(base, tc.events); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
