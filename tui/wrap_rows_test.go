package tui

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
)

// TestViewLinesShowsTheSelectedRowWhole: rows of several lines, the cursor
// anywhere: never more lines than asked, rows in order, and the selected
// row whole (when it fits at all).
func TestViewLinesShowsTheSelectedRowWhole(t *testing.T) {
	rowLines := []int{1, 3, 1, 2, 5, 1, 1, 4, 1, 2}
	row := func(i int, selected bool) []string {
		n := rowLines[i]
		if !selected {
			n = 1 // as the palette does: only the selected row is wrapped
		}
		out := make([]string, n)
		for j := range out {
			out[j] = fmt.Sprintf("r%d.%d", i, j)
		}
		return out
	}
	for _, height := range []int{1, 2, 3, 4, 6, 10} {
		for cursor := range rowLines {
			var l listPane
			l.SetHeight(height)
			l.SetCount(len(rowLines))
			l.Select(cursor)
			got := strings.Split(l.ViewLines(height, row), "\n")
			if len(got) > height {
				t.Fatalf("height %d cursor %d: %d lines", height, cursor, len(got))
			}
			whole := min(rowLines[cursor], height)
			found := 0
			for _, ln := range got {
				if strings.HasPrefix(ln, fmt.Sprintf("r%d.", cursor)) {
					found++
				}
			}
			if found != whole {
				t.Errorf("height %d cursor %d: %d lines of the selected row shown, want %d: %v", height, cursor, found, whole, got)
			}
			for i := 1; i < len(got); i++ {
				var a, b, x, y int
				fmt.Sscanf(got[i-1], "r%d.%d", &a, &x)
				fmt.Sscanf(got[i], "r%d.%d", &b, &y)
				if b < a || (a == b && y != x+1) || (b > a && y != 0) {
					t.Errorf("height %d cursor %d: rows out of order: %v", height, cursor, got)
				}
			}
		}
	}
}

// TestSelectedActionIsShownWhole: at 80×24, every action of the BEC drill's
// palette, once selected, reads whole in the palette (over several lines),
// however long its label.
func TestSelectedActionIsShownWhole(t *testing.T) {
	s, ok := scenarios.Builtin("bec-wire-fraud")
	if !ok {
		t.Fatal("no bec-wire-fraud")
	}
	sess := newMemSession(t, s)
	app := New(Options{Scenario: s, Start: func(*scenarios.Scenario) (Session, error) { return sess, nil }, MarkdownStyle: "ascii"})
	d := newDriver(t, app, 80, 24)
	d.keys("enter", "tab", "tab") // the palette
	p := app.console.palette
	long := 0
	for phase := range s.Phases {
		for i := range p.idx {
			p.list.Select(i)
			a := p.selected()
			label := scenarios.SanitizeLine(a.Label)
			if len(label) > p.width-3 {
				long++
			}
			if flat := strings.Join(strings.Fields(p.View()), " "); !strings.Contains(flat, label) {
				t.Errorf("phase %d: the selected action %q is not whole:\n%s", phase, label, p.View())
			}
		}
		d.keys("]")
	}
	if long < 3 {
		t.Fatalf("only %d labels longer than the palette: the test proves little", long)
	}
}

// TestLogEntriesWrap: a long entry takes two lines in the log, the second
// ending in "…"; selected (the log focused) it shows whole.
func TestLogEntriesWrap(t *testing.T) {
	d, _ := newConsoleDriver(t, false, 80, 24)
	text := "Call the supplier on the number from the original contract, not the one in the email, before the payment run at noon"
	d.keys("t")
	d.typeText(text)
	d.keys("enter", "t")
	d.typeText("Short one")
	d.keys("enter")
	l := d.app.console.declog
	lines := strings.Split(l.View(), "\n")
	if len(lines) != 3 || !strings.HasSuffix(strings.TrimRight(lines[1], " "), "…") {
		t.Fatalf("unfocused: want the long entry on two lines ending in …, then the short one:\n%s", l.View())
	}
	d.keys("tab", "tab", "tab", "up") // the log, its first entry
	if !l.focused || l.list.cursor != 0 {
		t.Fatalf("focus %v cursor %d", l.focused, l.list.cursor)
	}
	if flat := strings.Join(strings.Fields(l.View()), " "); !strings.Contains(flat, "“"+text+"”") {
		t.Errorf("selected: the entry is not whole:\n%s", l.View())
	}
}
