package tui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// The facilitator's pacing controls beside the clock's (space, n, +, -,
// S): an ad-hoc inject (A), a new length for the exercise (L), and undoing
// the last phase change (u). Each is journaled before it shows, and shows
// in the decision log.

// adHocForm is the dialog of an ad-hoc inject: title, body (markdown) and
// recipients (everyone, or roles of the scenario).
type adHocForm struct {
	title  textinput.Model
	body   textarea.Model
	field  int      // 0 title, 1 body, 2 recipients
	roles  []string // "" (everyone), then the scenario's role ids
	picked map[string]bool
	list   listPane
	err    string
}

const (
	adHocTitle = iota
	adHocBody
	adHocTo
	adHocFields
)

func (c *console) openAdHoc() tea.Cmd {
	f := &adHocForm{title: c.newInput(), body: textarea.New(), picked: map[string]bool{"": true}}
	f.title.Prompt = "Title: "
	f.title.Placeholder = "one line, what the players see first"
	f.title.CharLimit = sim.MaxTitleLen
	f.body.ShowLineNumbers = false
	f.body.Placeholder = "what the inject says (markdown)"
	f.body.CharLimit = sim.MaxTextLen
	f.body.Prompt = "│ "
	if !c.blink {
		f.body.Cursor.SetMode(cursor.CursorStatic)
	}
	f.roles = []string{""}
	for _, r := range c.sc.Roles {
		f.roles = append(f.roles, r.ID)
	}
	f.list.SetCount(len(f.roles))
	c.adhoc = f
	c.modal = modalAdHoc
	c.sizeForms()
	return c.focusInput(&f.title)
}

// focusAdHoc moves the focus to field i of the ad-hoc form.
func (c *console) focusAdHoc(i int) tea.Cmd {
	f := c.adhoc
	f.field = (i + adHocFields) % adHocFields
	f.title.Blur()
	f.body.Blur()
	switch f.field {
	case adHocTitle:
		return c.focusInput(&f.title)
	case adHocBody:
		cmd := f.body.Focus()
		if !c.blink {
			return nil
		}
		return cmd
	}
	return nil
}

func (c *console) onAdHocKey(msg tea.KeyMsg) tea.Cmd {
	f := c.adhoc
	k := &c.keys
	switch {
	case msg.Type == tea.KeyEsc:
		c.closeForm()
		c.info("Cancelled: no inject added.")
		return nil
	case msg.Type == tea.KeyCtrlS:
		return c.sendAdHoc()
	case msg.Type == tea.KeyTab:
		return c.focusAdHoc(f.field + 1)
	case msg.Type == tea.KeyShiftTab:
		return c.focusAdHoc(f.field - 1)
	}
	switch f.field {
	case adHocTitle:
		if msg.Type == tea.KeyEnter {
			return c.focusAdHoc(adHocBody)
		}
		var cmd tea.Cmd
		f.title, cmd = f.title.Update(msg)
		return cmd
	case adHocBody:
		var cmd tea.Cmd
		f.body, cmd = f.body.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, k.Up):
		f.list.Move(-1)
	case key.Matches(msg, k.Down):
		f.list.Move(1)
	case msg.Type == tea.KeySpace || msg.String() == " " || msg.String() == "x":
		f.toggle(f.roles[f.list.cursor])
	case msg.Type == tea.KeyEnter:
		return c.sendAdHoc()
	}
	return nil
}

// toggle picks or unpicks a recipient: everyone and the roles exclude
// each other, and no role picked means everyone.
func (f *adHocForm) toggle(role string) {
	if role == "" {
		clear(f.picked)
		f.picked[""] = true
		return
	}
	f.picked[role] = !f.picked[role]
	f.picked[""] = false
	for _, r := range f.roles[1:] {
		if f.picked[r] {
			return
		}
	}
	f.picked[""] = true
}

// recipients are the role ids picked, in the scenario's order (none:
// everyone).
func (f *adHocForm) recipients() []string {
	var to []string
	for _, r := range f.roles[1:] {
		if f.picked[r] {
			to = append(to, r)
		}
	}
	return to
}

func (c *console) sendAdHoc() tea.Cmd {
	f := c.adhoc
	title := strings.TrimSpace(f.title.Value())
	if title == "" {
		f.err = "An inject needs a title."
		return c.focusAdHoc(adHocTitle)
	}
	if c.ended {
		f.err = "The exercise has ended: no inject can be added."
		return nil
	}
	if _, err := c.clk.Tick(); err != nil { // stamped with the clock's time
		c.debugf("tick before an ad-hoc inject: %v", err)
	}
	ev, err := c.sess.AdHoc(title, strings.TrimSpace(f.body.Value()), f.recipients())
	if err != nil {
		f.err = "NOT added: " + err.Error()
		c.debugf("ad-hoc inject: %v", err)
		return nil
	}
	c.closeForm()
	cmd := c.sync()
	c.info("Added at %s: “%s” to %s.", ev.At.Clock(), scenarios.SanitizeLine(ev.Title), c.toNames(ev.Recipients()))
	c.statusStyle = c.styles.Success
	return cmd
}

// toNames is "everyone" or the roles' names.
func (c *console) toNames(to []string) string {
	if len(to) == 0 {
		return "everyone"
	}
	names := make([]string, len(to))
	for i, r := range to {
		names[i] = c.roleName(r)
	}
	return strings.Join(names, ", ")
}

// lengthForm is the dialog that extends or shortens the exercise: the new
// length (absolute, or + / - minutes) and the reason.
type lengthForm struct {
	length textinput.Model
	reason textinput.Model
	field  int // 0 length, 1 reason
	err    string
}

func (c *console) openLength() tea.Cmd {
	f := &lengthForm{length: c.newInput(), reason: c.newInput()}
	f.length.Prompt = "New length: "
	f.length.Placeholder = "+15 or -10 (minutes), 1:30 or 90m"
	f.length.CharLimit = 32
	f.reason.Prompt = "Reason: "
	f.reason.Placeholder = "why, for the report"
	f.reason.CharLimit = sim.MaxTextLen
	c.lenForm = f
	c.modal = modalLength
	c.sizeForms()
	return c.focusInput(&f.length)
}

func (c *console) onLengthKey(msg tea.KeyMsg) tea.Cmd {
	f := c.lenForm
	switch msg.Type {
	case tea.KeyEsc:
		c.closeForm()
		c.info("Cancelled: the length stays %s.", hms(c.length))
		return nil
	case tea.KeyTab, tea.KeyShiftTab:
		f.field = 1 - f.field
		f.length.Blur()
		f.reason.Blur()
		if f.field == 0 {
			return c.focusInput(&f.length)
		}
		return c.focusInput(&f.reason)
	case tea.KeyEnter:
		if f.field == 0 {
			f.field = 1
			f.length.Blur()
			return c.focusInput(&f.reason)
		}
		return c.sendLength()
	}
	var cmd tea.Cmd
	if f.field == 0 {
		f.length, cmd = f.length.Update(msg)
	} else {
		f.reason, cmd = f.reason.Update(msg)
	}
	return cmd
}

func (c *console) sendLength() tea.Cmd {
	f := c.lenForm
	d, err := parseLength(f.length.Value(), c.length)
	if err != nil {
		f.err = err.Error()
		return nil
	}
	reason := strings.TrimSpace(f.reason.Value())
	if reason == "" {
		f.err = "Say why the length changes (it goes in the report)."
		return nil
	}
	was := c.length
	ev, err := c.sess.SetLength(d, reason)
	if err != nil {
		f.err = "NOT changed: " + err.Error()
		c.debugf("set length: %v", err)
		return nil
	}
	c.closeForm()
	cmd := c.sync()
	c.secs = c.clk.Seconds()
	if c.timeUp && !c.clk.TimeUp() {
		c.timeUp = false
	}
	verb := "extended"
	if ev.Length < was {
		verb = "shortened"
	}
	c.info("Exercise %s at %s: TIME IS UP now at %s (was %s).", verb, ev.At.Clock(), ev.Length.Clock(), was.Clock())
	c.statusStyle = c.styles.Success
	return cmd
}

// parseLength reads the new length the facilitator typed: "+15" or "-10"
// (minutes, or a duration such as "+1h") from the current length cur, or
// an absolute length "1:30" (h:mm), "1:30:00" (h:mm:ss), "90" (minutes) or
// "90m"/"1h30m" (scenario duration syntax).
func parseLength(s string, cur scenarios.Duration) (scenarios.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("type the new length: +15 or -10 (minutes), 1:30 or 90m")
	}
	sign := 0
	switch s[0] {
	case '+':
		sign = 1
	case '-':
		sign = -1
	}
	if sign != 0 {
		s = strings.TrimSpace(s[1:])
	}
	d, err := parseSpan(s)
	if err != nil {
		return 0, err
	}
	switch sign {
	case 1:
		d = cur + d
	case -1:
		d = cur - d
	}
	if d <= 0 {
		return 0, fmt.Errorf("the new length %s is not after the start", strings.TrimPrefix(scenarios.Duration(max(d, 0)).Clock(), "T+"))
	}
	if d > sim.MaxLength {
		return 0, fmt.Errorf("at most %s", strings.TrimPrefix(sim.MaxLength.Clock(), "T+"))
	}
	return d, nil
}

// parseSpan reads "90" (minutes), "1:30" (h:mm), "1:30:00" or "90m".
func parseSpan(s string) (scenarios.Duration, error) {
	bad := fmt.Errorf("%q is not a length: use +15 or -10 (minutes), 1:30 or 90m", s)
	if s == "" || len(s) > 16 || s[0] == '+' || s[0] == '-' {
		return 0, bad
	}
	if n, err := strconv.Atoi(s); err == nil {
		if n < 0 || n > int(sim.MaxLength/scenarios.Minute) {
			return 0, bad
		}
		return scenarios.Duration(n) * scenarios.Minute, nil
	}
	if strings.Contains(s, ":") {
		parts := strings.Split(s, ":")
		if len(parts) > 3 {
			return 0, bad
		}
		var d scenarios.Duration
		for i, p := range parts {
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || p[0] == '+' || (i > 0 && (n > 59 || len(p) != 2)) || (i == 0 && n > 24) {
				return 0, bad
			}
			d = d*60 + scenarios.Duration(n)
		}
		if len(parts) == 2 {
			d *= scenarios.Minute
		}
		return d, nil
	}
	d, err := scenarios.ParseDuration(s)
	if err != nil || d > sim.MaxLength {
		return 0, bad
	}
	return d, nil
}

// openUndoPhase asks for the reason to undo the last phase change that is
// not struck yet (a strike of that phase event).
func (c *console) openUndoPhase() tea.Cmd {
	it := c.lastPhase()
	if it == nil {
		c.info("No phase change to undo.")
		return nil
	}
	c.openInput(modalUndoPhase, "Undo “"+it.line+"” (reason): ", "why the exercise goes back, e.g. wrong phase picked")
	c.strikeSeq = it.seq
	return c.focusInput(&c.input)
}

// lastPhase is the log's last phase change not struck, nil if none.
func (c *console) lastPhase() *logItem {
	for i := len(c.declog.items) - 1; i >= 0; i-- {
		if it := &c.declog.items[i]; it.kind == sim.KindPhase && !it.struck {
			return it
		}
	}
	return nil
}

// closeForm closes the ad-hoc or length dialog.
func (c *console) closeForm() {
	c.modal = modalNone
	c.adhoc, c.lenForm = nil, nil
}

// sizeForms fits the open dialog to the terminal.
func (c *console) sizeForms() {
	inner := max(min(c.layout.width, 100)-c.styles.Modal.GetHorizontalFrameSize(), 10)
	if f := c.adhoc; f != nil {
		f.title.Width = max(inner-lipgloss.Width(f.title.Prompt)-1, 1)
		f.body.SetWidth(inner)
		// Title, field, body label, "To" label and error take a line each;
		// the roles get what fits (half at most), the body the rest, up to
		// eight lines.
		rows := max(c.layout.height-chromeLines-c.styles.Modal.GetVerticalFrameSize()-5, 4)
		f.list.SetHeight(max(min(len(f.roles), rows/2), 2))
		f.body.SetHeight(clamp(rows-f.list.height, 2, 8))
	}
	if f := c.lenForm; f != nil {
		f.length.Width = max(inner-lipgloss.Width(f.length.Prompt)-1, 1)
		f.reason.Width = max(inner-lipgloss.Width(f.reason.Prompt)-1, 1)
	}
}

// formView is the open dialog's box, or "" when none is open.
func (c *console) formView() string {
	s := c.styles
	inner := max(min(c.layout.width, 100)-s.Modal.GetHorizontalFrameSize(), 10)
	var b strings.Builder
	line := func(st lipgloss.Style, text string) {
		b.WriteString(st.Render(truncate(text, inner)))
		b.WriteString("\n")
	}
	plain := lipgloss.NewStyle()
	switch {
	case c.adhoc != nil:
		f := c.adhoc
		line(s.ModalTitle, "Add an inject now · delivered at "+c.now().Clock()+", journaled")
		b.WriteString(truncate(showHidden(f.title.View()), inner) + "\n")
		line(s.Muted, "Body (markdown; enter adds a line):")
		for ln := range strings.SplitSeq(f.body.View(), "\n") {
			b.WriteString(truncate(showHidden(ln), inner) + "\n")
		}
		label := "To (space picks, enter sends):"
		if f.field != adHocTo {
			label = "To (tab to pick):"
		}
		line(s.Muted, label)
		b.WriteString(f.list.View(func(i int, selected bool) string {
			box := "[ ]"
			if f.picked[f.roles[i]] {
				box = "[x]"
			}
			name := c.roleName(f.roles[i])
			if f.roles[i] == "" {
				name = "everyone"
			}
			row := truncate(box+" "+name, inner-2)
			if selected && f.field == adHocTo {
				return "▸ " + s.RowSelected.Render(row)
			}
			return "  " + row
		}))
		b.WriteString("\n")
		if f.err != "" {
			line(s.Error, f.err)
		} else {
			line(plain, "")
		}
	case c.lenForm != nil:
		f := c.lenForm
		line(s.ModalTitle, "Extend or shorten the exercise · now "+hms(c.now())+" of "+hms(c.length))
		b.WriteString(truncate(showHidden(f.length.View()), inner) + "\n")
		if d, err := parseLength(f.length.Value(), c.length); f.length.Value() == "" {
			line(s.Muted, "+15 adds 15 minutes, -10 takes 10 off; 1:30 or 90m sets the length")
		} else if err != nil {
			line(s.Warning, err.Error())
		} else {
			line(plain, "→ new length "+hms(d)+": TIME IS UP at "+d.Clock())
		}
		b.WriteString(truncate(showHidden(f.reason.View()), inner) + "\n")
		if f.err != "" {
			line(s.Error, f.err)
		} else {
			line(plain, "")
		}
	default:
		return ""
	}
	return s.Modal.Render(strings.TrimRight(b.String(), "\n"))
}
