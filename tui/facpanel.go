package tui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scenarios/attack"
	"github.com/ttx-sim/ttx/scoring"
	"github.com/ttx-sim/ttx/sim"
)

// The facilitator panel (f) is the facilitator's private view, in place of
// the inject pane: the expected actions of the current phase still open,
// with the time left to their deadline, and those overdue; the injects to
// come with their conditions (and which are withheld); the facilitator
// notes of the selected inject; the evaluator's observations; who is
// connected and how to join. It is the console's alone: no seat composes
// it, and the shared components never show what it shows.

// panelData is what the panel shows, computed off the UI loop from the
// session's events (scoring.ScoreSoFar says what is open and overdue).
type panelData struct {
	now   scenarios.Duration
	phase scenarios.Phase
	// expected: the current phase's expected actions open or overdue,
	// overdue first, then by deadline.
	expected []expectedRow
	// elsewhere counts the open and overdue expected actions of the other
	// phases.
	elsewhere    int
	upcoming     []upcomingRow
	observations []sim.Event
	participants []sim.Participant
}

// expectedRow is an expected action not taken whose deadline is ahead
// (open) or passed (overdue) at the time the panel was computed.
type expectedRow struct {
	id, label, role string
	deadline        scenarios.Duration
	byEnd           bool // no deadline of its own: due by the end of the exercise
	offered         bool // in the palette now (its available_after inject was delivered)
}

// upcomingRow is an inject not delivered or skipped yet.
type upcomingRow struct {
	id, title  string
	at         scenarios.Duration
	channel    scenarios.Channel
	condition  string // "" when always delivered
	decision   bool   // a decision point
	withheld   bool   // skipped by the facilitator (S)
	reason     string // why it is withheld
	recipients []string
}

// buildPanel computes the panel's content at scenario time now, in phase.
func buildPanel(sc *scenarios.Scenario, events []sim.Event, now scenarios.Duration, phase scenarios.Phase) panelData {
	length := sim.LengthOf(sc, events)
	d := panelData{now: now, phase: phase}
	sf := scoring.ScoreSoFar(sc, events, now)
	delivered := map[string]bool{}
	processed := map[string]bool{}
	withheld := map[string]string{}
	for _, ev := range events {
		switch ev.Kind {
		case sim.KindDelivered:
			delivered[ev.Inject] = true
			processed[ev.Inject] = true
		case sim.KindSkipped:
			processed[ev.Inject] = true
		case sim.KindWithhold:
			withheld[ev.Inject] = ev.Text
		case sim.KindObservation:
			d.observations = append(d.observations, ev)
		}
	}
	for i := range sf.Actions {
		r := &sf.Actions[i]
		if r.Kind != scoring.KindExpected || r.Deadline == nil {
			continue
		}
		open := slices.Contains(sf.Open, r.ID)
		overdue := !sf.Ended && r.Status == scoring.StatusMissed && *r.Deadline < now
		if !open && !overdue {
			continue
		}
		if r.Phase != phase {
			d.elsewhere++
			continue
		}
		row := expectedRow{id: r.ID, label: r.Label, role: r.Role, deadline: *r.Deadline, offered: true}
		if a, ok := sc.Action(r.ID); ok {
			if a.AvailableAfter != "" {
				row.offered = delivered[a.AvailableAfter]
			}
			if a.Expected != nil && a.Expected.Within == nil {
				// Scored as if the exercise ended now, its deadline is now;
				// it is due by the planned end.
				row.deadline, row.byEnd = length, true
			}
		}
		d.expected = append(d.expected, row)
	}
	slices.SortStableFunc(d.expected, func(a, b expectedRow) int { return cmp.Compare(a.deadline, b.deadline) })
	for i := range sc.Injects {
		in := &sc.Injects[i]
		if processed[in.ID] {
			continue
		}
		reason, held := withheld[in.ID]
		d.upcoming = append(d.upcoming, upcomingRow{id: in.ID, title: in.Title, at: in.At, channel: in.Channel,
			condition: conditionText(sc, in.When), decision: in.IsDecisionPoint(), withheld: held, reason: reason,
			recipients: in.To})
	}
	slices.SortStableFunc(d.upcoming, func(a, b upcomingRow) int { return cmp.Compare(a.at, b.at) })
	d.participants = sim.Participants(events)
	return d
}

// conditionText says an inject's condition in words, with the scenario's
// labels and titles (not sanitised: the panel sanitises what it draws).
func conditionText(sc *scenarios.Scenario, c *scenarios.Condition) string {
	if c == nil {
		return ""
	}
	join := func(cs []scenarios.Condition, word string) string {
		parts := make([]string, len(cs))
		for i := range cs {
			parts[i] = conditionText(sc, &cs[i])
		}
		return "(" + strings.Join(parts, " "+word+" ") + ")"
	}
	label := func(id string) string {
		if a, ok := sc.Action(id); ok {
			return "“" + a.Label + "”"
		}
		return id
	}
	switch {
	case c.Taken != "":
		return "taken " + label(c.Taken)
	case c.NotTaken != "":
		return "not taken " + label(c.NotTaken)
	case c.Delivered != "":
		if in, ok := sc.Inject(c.Delivered); ok {
			return "delivered “" + in.Title + "”"
		}
		return "delivered " + c.Delivered
	case c.All != nil:
		return join(c.All, "and")
	case c.Any != nil:
		return join(c.Any, "or")
	case c.Not != nil:
		return "not " + conditionText(sc, c.Not)
	}
	return ""
}

// panelMsg brings the panel's content, computed in the background.
type panelMsg struct {
	gen  int
	data panelData
}

// facilitatorPanel draws panelData, the selected inject's notes and the
// seats' address; it scrolls.
type facilitatorPanel struct {
	*common
	sc       *scenarios.Scenario
	seats    *SeatsInfo
	data     panelData
	ready    bool // data was computed once
	gen      int  // the generation of the computation awaited
	now      scenarios.Duration
	inject   *scenarios.Inject // the selected inject (its notes are shown)
	rendered mdCache
	lines    []string
	offset   int
	width    int
	height   int // rows visible
}

func newFacilitatorPanel(c *common, sc *scenarios.Scenario, seats *SeatsInfo) *facilitatorPanel {
	return &facilitatorPanel{common: c, sc: sc, seats: seats}
}

// SetSize sets the size inside the pane's frame; the title takes a line.
func (p *facilitatorPanel) SetSize(w, h int) {
	p.width, p.height = w, max(h-1, 1)
	p.rendered.setWidth(w)
	p.refresh()
}

// Update takes the panel's content and the renders of the notes.
func (p *facilitatorPanel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case panelMsg:
		if msg.gen != p.gen {
			return nil // overtaken by a newer computation
		}
		p.data, p.ready = msg.data, true
		p.refresh()
	case markdownMsg:
		if p.rendered.put(msg.key, msg.out) {
			p.refresh()
		}
	}
	return nil
}

// compute asks for the panel's content over events at now.
func (p *facilitatorPanel) compute(events []sim.Event, now scenarios.Duration, phase scenarios.Phase) tea.Cmd {
	p.gen++
	gen, sc := p.gen, p.sc
	return func() tea.Msg { return panelMsg{gen: gen, data: buildPanel(sc, events, now, phase)} }
}

// setNow moves the time the time left is counted from.
func (p *facilitatorPanel) setNow(now scenarios.Duration) {
	if now != p.now {
		p.now = now
		p.refresh()
	}
}

// setInject shows the notes of in (nil: none selected) and asks for their
// render.
func (p *facilitatorPanel) setInject(in *scenarios.Inject) tea.Cmd {
	p.inject = in
	p.refresh()
	if in == nil || in.FacilitatorNotes == "" || p.width <= 0 {
		return nil
	}
	if _, ok := p.rendered.get("notes:"+in.ID, p.width); ok {
		return nil
	}
	return renderMarkdownCmd(p.mdLook(), "notes:"+in.ID, p.width, in.FacilitatorNotes)
}

// scroll moves the view by delta lines; ±1<<30 go to the top or bottom.
func (p *facilitatorPanel) scroll(delta int) {
	p.offset = clamp(p.offset+max(min(delta, len(p.lines)), -len(p.lines)), 0, max(len(p.lines)-p.height, 0))
}

// upcomingShown is how many injects to come the panel lists (withheld
// ones are always listed).
const upcomingShown = 8

// title is the pane's title: PRIVATE, always, and how far it is scrolled.
func (p *facilitatorPanel) title() string {
	t := "PRIVATE · facilitator only · f hides"
	if n := len(p.lines) - p.height; n > 0 {
		t += fmt.Sprintf(" (%d%%)", p.offset*100/n)
	}
	return t
}

// View is the visible part of the panel.
func (p *facilitatorPanel) View() string {
	top := clamp(p.offset, 0, len(p.lines))
	end := min(top+p.height, len(p.lines))
	return strings.Join(p.lines[top:end], "\n")
}

// refresh lays the content out again (data, time, notes or width changed).
func (p *facilitatorPanel) refresh() {
	p.lines = strings.Split(p.content(), "\n")
	p.offset = clamp(p.offset, 0, max(len(p.lines)-p.height, 0))
}

// content is the panel's text, wrapped to its width.
func (p *facilitatorPanel) content() string {
	s := p.styles
	w := max(p.width, 1)
	line := scenarios.SanitizeLine
	var b strings.Builder
	add := func(st func(...string) string, prefix, text string) {
		b.WriteString(st(hanging(prefix, text, w)))
		b.WriteString("\n")
	}
	plain := func(strs ...string) string { return strings.Join(strs, " ") }
	head := func(t string) {
		b.WriteString("\n")
		add(s.PaneTitle.Render, "", t)
	}
	add(s.Facilitator.Render, "", "PRIVATE: not for the wall or the seats.")
	if !p.ready {
		add(s.Muted.Render, "", "Working out what is open…")
		return strings.TrimRight(b.String(), "\n")
	}
	d := p.data
	now := p.now

	// Who is in the room: first when seats are served (the facilitator
	// reads the join code out at the start), last otherwise.
	participants := func() {
		connected := 0
		for _, pt := range d.participants {
			if pt.Connected {
				connected++
			}
		}
		head(fmt.Sprintf("Participants (%d connected)", connected))
		if p.seats != nil {
			add(plain, "  ", "join: "+p.seats.JoinCommand()+" · join code "+line(p.seats.JoinCode))
			if p.seats.Recording != nil {
				if p.seats.Recording() {
					add(plain, "  ", "seats record: on (R turns it off)")
				} else {
					add(s.Warning.Render, "  ", "seats record: off (R turns it on)")
				}
			}
		} else {
			add(s.Muted.Render, "  ", "no seats: ttx play --listen ADDR lets participants join over SSH")
		}
		for _, pt := range d.participants {
			role := roleName(p.sc, pt.Role)
			if pt.Role == sim.RoleWall {
				role = "wall"
			}
			since := "since " + hms(pt.JoinedAt)
			if !pt.Joined.IsZero() {
				since += " (" + pt.Joined.Local().Format("15:04") + ")"
			}
			state := ""
			if !pt.Connected {
				state = " · left"
			}
			add(plain, "  ", line(pt.Name)+" · "+role+" · "+since+state)
		}
	}
	if p.seats != nil {
		participants()
	}

	head("Expected now · " + phaseName(d.phase))
	if len(d.expected) == 0 {
		add(s.Muted.Render, "  ", "nothing open in this phase")
	}
	for _, r := range d.expected {
		who := ""
		if r.role != "" {
			who = " · " + roleName(p.sc, r.role)
		}
		offered := ""
		if !r.offered {
			offered = " (not offered yet)"
		}
		left := r.deadline - now
		if r.byEnd {
			offered += " (by the end)"
		}
		if left < 0 {
			add(s.Error.Render, "  ", fmt.Sprintf("OVERDUE %s  %s%s%s", minutes(-left), line(r.label), who, offered))
		} else {
			add(plain, "  ", fmt.Sprintf("%s left  %s%s%s", minutes(left), line(r.label), who, offered))
		}
	}
	if d.elsewhere > 0 {
		add(s.Muted.Render, "  ", fmt.Sprintf("and %d open or overdue in other phases", d.elsewhere))
	}

	head(fmt.Sprintf("Upcoming injects (%d)", len(d.upcoming)))
	if len(d.upcoming) == 0 {
		add(s.Muted.Render, "  ", "none: E ends the exercise")
	}
	hidden := 0
	for i, u := range d.upcoming {
		if i >= upcomingShown && !u.withheld {
			hidden++ // the far future, but every withheld one stays in sight
			continue
		}
		text := hms(u.at) + " " + line(string(u.channel)) + "  " + line(u.title)
		if u.decision {
			text += " · DECISION POINT"
		}
		if len(u.recipients) > 0 {
			names := make([]string, len(u.recipients))
			for i, r := range u.recipients {
				names[i] = roleName(p.sc, r)
			}
			text += " · to " + strings.Join(names, ", ")
		}
		if u.withheld {
			add(s.Warning.Render, "  ", text+" · WITHHELD: "+line(u.reason))
			continue
		}
		add(plain, "  ", text)
		if u.condition != "" {
			add(s.Muted.Render, "      ", "only if "+line(u.condition))
		}
	}
	if hidden > 0 {
		add(s.Muted.Render, "  ", fmt.Sprintf("and %d more, up to %s", hidden, hms(d.upcoming[len(d.upcoming)-1].at)))
	}

	if in := p.inject; in != nil {
		head("Notes · " + line(in.Title))
		if len(in.Attack) > 0 {
			labels := make([]string, len(in.Attack))
			for i, id := range in.Attack {
				labels[i] = attack.Label(id)
			}
			add(s.Muted.Render, "  ", line("ATT&CK: "+strings.Join(labels, ", ")))
		}
		switch notes, ok := p.rendered.get("notes:"+in.ID, p.width); {
		case in.FacilitatorNotes == "":
			add(s.Muted.Render, "  ", "no facilitator notes for this inject")
		case ok:
			b.WriteString(strings.TrimRight(notes, "\n"))
			b.WriteString("\n")
		default:
			b.WriteString(p.wrapPlain(plainText(in.FacilitatorNotes)))
			b.WriteString("\n")
		}
	}

	head(fmt.Sprintf("Evaluator observations (%d)", len(d.observations)))
	if len(d.observations) == 0 {
		add(s.Muted.Render, "  ", "none yet")
	}
	for _, ev := range d.observations {
		text := hms(ev.At) + "  " + line(ev.Text)
		if ev.Type != "" {
			text = hms(ev.At) + "  " + line(ev.Type) + ": " + line(ev.Text)
		}
		if ev.By != "" {
			text += " — " + line(ev.By)
		}
		add(plain, "  ", text)
	}

	if p.seats == nil {
		participants()
	}
	return strings.TrimRight(b.String(), "\n")
}

// wrapPlain wraps a sanitised plain text to the panel's width.
func (p *facilitatorPanel) wrapPlain(text string) string {
	lines := strings.Split(text, "\n")
	for i, ln := range lines {
		lines[i] = hanging("", ln, p.width)
	}
	return strings.Join(lines, "\n")
}

// minutes is a span as "12 min" (rounded up) or "45 s" under a minute.
func minutes(d scenarios.Duration) string {
	if d < scenarios.Minute {
		return fmt.Sprintf("%d s", d)
	}
	return fmt.Sprintf("%d min", (d+scenarios.Minute-1)/scenarios.Minute)
}
