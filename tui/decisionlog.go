package tui

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

type logItem struct {
	at     scenarios.Duration
	line   string // sanitised, without the time
	seq    int    // the event's Seq
	kind   sim.Kind
	action string // a catalogue action's id
	struck bool
}

// decisionLog lists every decision, phase change and note with its
// scenario time and who recorded it; a struck entry stays, marked ✗ STRUCK.
// It shows the events the owner gives it (add): a seat gives it only what
// the seat may see.
type decisionLog struct {
	*common
	sc      *scenarios.Scenario
	items   []logItem
	list    listPane
	focused bool
	width   int
	length  scenarios.Duration // the planned length before the next length event

	// keep, when not 0, is the most entries kept (a seat's log): older
	// ones are dropped, so that fifty seats over a session of thousands of
	// decisions do not each hold them all. The console keeps every entry.
	keep int
	// earlier counts the entries dropped; earlierTaken holds, by event
	// seq, the actions of the dropped decisions not struck (a strike may
	// still name one, and the palette marks them taken).
	earlier      int
	earlierTaken map[int]string
}

// seatLogKeep is the most entries a seat's decision log keeps: far more
// than a drill records (about 40 decisions in a played session), and a
// bound on what each of fifty seats holds in a session of 5,000.
const seatLogKeep = 500

func newDecisionLog(c *common, sc *scenarios.Scenario) *decisionLog {
	l := &decisionLog{common: c, sc: sc, length: sc.Duration}
	l.list.follow = true
	return l
}

// SetSize sets the size inside the pane's frame; the title takes a line.
func (l *decisionLog) SetSize(w, h int) {
	l.width = w
	l.list.SetHeight(h - 1)
}

// Update takes no message: the owner adds events and moves the cursor.
func (l *decisionLog) Update(tea.Msg) tea.Cmd { return nil }

// add shows a decision, phase, note or strike event; it says whether the
// event is one the log shows.
func (l *decisionLog) add(ev sim.Event) bool {
	switch ev.Kind {
	case sim.KindDecision:
		l.items = append(l.items, logItem{at: ev.At, line: l.line(ev), seq: ev.Seq, kind: ev.Kind, action: ev.Action})
	case sim.KindPhase, sim.KindNote, sim.KindWithhold, sim.KindAdHoc:
		l.items = append(l.items, logItem{at: ev.At, line: l.line(ev), seq: ev.Seq, kind: ev.Kind})
	case sim.KindLength:
		l.items = append(l.items, logItem{at: ev.At, line: l.line(ev), seq: ev.Seq, kind: ev.Kind})
		l.length = ev.Length
	case sim.KindStrike:
		delete(l.earlierTaken, ev.Ref)
		for i := range l.items {
			if l.items[i].seq == ev.Ref {
				l.items[i].struck = true
				l.items[i].line = "✗ " + l.items[i].line + " — STRUCK: " + scenarios.SanitizeLine(ev.Text)
			}
		}
	default:
		return false
	}
	l.trim()
	return true
}

// trim drops the oldest entries beyond keep, keeping the cursor on the
// entry it was on (or on the newest, following).
func (l *decisionLog) trim() {
	n := len(l.items) - l.keep
	if l.keep <= 0 || n <= 0 {
		return
	}
	for _, it := range l.items[:n] {
		if it.kind == sim.KindDecision && it.action != "" && !it.struck {
			if l.earlierTaken == nil {
				l.earlierTaken = map[int]string{}
			}
			l.earlierTaken[it.seq] = it.action
		}
	}
	clear(l.items[:n])
	l.items = l.items[n:] // the next append's growth copies only those kept
	l.earlier += n
	if l.list.cursor < l.list.count-1 {
		l.list.cursor = max(l.list.cursor-n, 0)
	}
	l.list.offset = max(l.list.offset-n, 0)
}

// total is the number of entries shown so far, dropped ones included.
func (l *decisionLog) total() int { return l.earlier + len(l.items) }

// taken calls f with the action of every decision not struck, kept or
// dropped.
func (l *decisionLog) taken(f func(action string)) {
	for _, a := range l.earlierTaken {
		f(a)
	}
	for _, it := range l.items {
		if it.action != "" && !it.struck {
			f(it.action)
		}
	}
}

// line is the log's line for an event it shows, sanitised, without the
// time. The pacing entries (skipped and ad-hoc injects, a new length) are
// the facilitator's: a seat shows only those sim.VisibleTo lets it see.
func (l *decisionLog) line(ev sim.Event) string {
	var line string
	switch {
	case ev.Kind == sim.KindWithhold:
		title := ev.Inject
		if in, ok := l.sc.Inject(ev.Inject); ok {
			title = in.Title
		}
		return "↷ skipped “" + scenarios.SanitizeLine(title) + "” — " + scenarios.SanitizeLine(ev.Text)
	case ev.Kind == sim.KindAdHoc:
		to := "everyone"
		if r := ev.Recipients(); len(r) > 0 {
			names := make([]string, len(r))
			for i, id := range r {
				names[i] = roleName(l.sc, id)
			}
			to = strings.Join(names, ", ")
		}
		return "+ ad-hoc inject “" + scenarios.SanitizeLine(ev.Title) + "” to " + to
	case ev.Kind == sim.KindLength:
		verb := "extended"
		if ev.Length < l.length {
			verb = "shortened"
		}
		return "→ exercise " + verb + " to " + hms(ev.Length) + " (was " + hms(l.length) + ") — " + scenarios.SanitizeLine(ev.Text)
	case ev.Kind == sim.KindNote:
		return byPrefix(l.sc, ev.Role, ev.By) + "✎ " + scenarios.SanitizeLine(ev.Text)
	case ev.Kind == sim.KindPhase:
		line = "→ phase: " + phaseName(ev.Phase)
	case ev.Action != "":
		line = actionLabel(l.sc, ev.Action)
	default:
		line = "“" + scenarios.SanitizeLine(ev.Text) + "”"
	}
	if ev.Note != "" {
		line += " — " + scenarios.SanitizeLine(ev.Note)
	}
	return byPrefix(l.sc, ev.Role, ev.By) + line
}

// selected is the entry under the cursor, nil for an empty log.
func (l *decisionLog) selected() *logItem {
	if len(l.items) == 0 {
		return nil
	}
	return &l.items[clamp(l.list.cursor, 0, len(l.items)-1)]
}

func (l *decisionLog) title() string { return fmt.Sprintf("Decision log (%d)", l.total()) }

// earlierLine says, above the oldest entry kept, how many were dropped.
func (l *decisionLog) earlierLine() string {
	return fmt.Sprintf("%d earlier entries: see the facilitator's console", l.earlier)
}

// View is the visible entries.
func (l *decisionLog) View() string {
	if len(l.items) == 0 {
		return l.styles.Muted.Render("no decision yet")
	}
	s := l.styles
	width := l.width
	// An entry wraps under its text: two lines at most, the selected one
	// whole.
	indent := strings.Repeat(" ", len("00:00:00  "))
	height, top := l.list.height, ""
	if l.earlier > 0 && l.list.offset == 0 && height > 1 {
		height--
		top = " " + s.Muted.Render(truncate(l.earlierLine(), width-1)) + "\n"
	}
	return top + l.list.ViewLines(height, func(i int, selected bool) []string {
		it := l.items[i]
		sel := selected && l.focused
		limit := 2
		if sel {
			limit = 0
		}
		lines := wrapRow(hms(it.at)+"  "+it.line, width-1, indent, limit)
		for j := range lines {
			if sel {
				lines[j] = cursorMark(j == 0) + s.RowSelected.Render(padRight(lines[j], width-1))
			} else {
				lines[j] = " " + lines[j]
			}
		}
		return lines
	})
}

// byPrefix says who recorded an entry: "[Role name · Participant] " from a
// seat, "[Role name] " for the facilitator recording for a role,
// "[Participant] " without a role, "" for the team.
func byPrefix(sc *scenarios.Scenario, role, by string) string {
	var who []string
	if role != "" {
		who = append(who, roleName(sc, role))
	}
	if by != "" {
		who = append(who, scenarios.SanitizeLine(by))
	}
	if len(who) == 0 {
		return ""
	}
	return "[" + strings.Join(who, " · ") + "] "
}

// roleName is a role's name, sanitised; "the team" for no role.
func roleName(sc *scenarios.Scenario, role string) string {
	if role == "" {
		return "the team"
	}
	if r, ok := sc.Role(role); ok {
		return scenarios.SanitizeLine(r.Name)
	}
	return scenarios.SanitizeLine(role)
}

// actionLabel is a catalogue action's label, sanitised (its id when the
// scenario has no such action).
func actionLabel(sc *scenarios.Scenario, id string) string {
	if a, ok := sc.Action(id); ok {
		return scenarios.SanitizeLine(a.Label)
	}
	return scenarios.SanitizeLine(id)
}
