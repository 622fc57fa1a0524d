package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/scenarios"
)

// palettePane lists the catalogue actions of one phase that the team can
// take now (available_after), filtered by `/`, with ✓ on those taken.
// Nothing in it says which actions are expected or harmful.
type palettePane struct {
	*common
	sc        *scenarios.Scenario
	phase     int // the phase browsed: index in sc.Phases
	current   scenarios.Phase
	filter    textinput.Model
	filtering bool
	idx       []int // actions shown: indices in sc.Actions
	list      listPane
	taken     map[string]bool
	delivered []bool // by inject index: only available actions are offered
	focused   bool
	width     int
	// playerSafe (a seat) leaves out each action's role: roles are set
	// mostly on expected actions, so showing them would tell those apart.
	playerSafe bool
}

func newPalettePane(c *common, sc *scenarios.Scenario) *palettePane {
	p := &palettePane{common: c, sc: sc, filter: c.newInput(), taken: map[string]bool{},
		delivered: make([]bool, len(sc.Injects))}
	p.filter.Prompt = "/ "
	p.filter.Placeholder = "filter actions"
	return p
}

// SetSize sets the size inside the pane's frame; the title and the filter
// take a line each.
func (p *palettePane) SetSize(w, h int) {
	p.width = w
	p.list.SetHeight(h - 2)
	p.filter.Width = max(w-4, 1)
}

// Update types into the filter while it has the focus.
func (p *palettePane) Update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	p.filter, cmd = p.filter.Update(msg)
	p.recompute()
	return cmd
}

// recompute lists the actions of the browsed phase that match the filter.
func (p *palettePane) recompute() {
	p.idx = p.idx[:0]
	if len(p.sc.Phases) == 0 {
		return
	}
	phase := p.sc.Phases[p.phase]
	needle := strings.ToLower(strings.TrimSpace(p.filter.Value()))
	for i := range p.sc.Actions {
		a := &p.sc.Actions[i]
		if a.Phase != phase || !p.available(a) {
			continue
		}
		if needle != "" && !strings.Contains(strings.ToLower(a.Label), needle) && !strings.Contains(a.ID, needle) {
			continue
		}
		p.idx = append(p.idx, i)
	}
	p.list.SetCount(len(p.idx))
}

// available reports whether the team can take the action now (format 1.1,
// available_after): the palette never offers one that is not.
func (p *palettePane) available(a *scenarios.Action) bool {
	if a.AvailableAfter == "" {
		return true
	}
	i := p.sc.InjectIndex(a.AvailableAfter)
	return i >= 0 && p.delivered[i]
}

// browse shows phase i's actions.
func (p *palettePane) browse(i int) {
	p.phase = clamp(i, 0, len(p.sc.Phases)-1)
	p.list.Select(0)
	p.recompute()
}

// selected is the action under the cursor, nil when none is listed.
func (p *palettePane) selected() *scenarios.Action {
	if len(p.idx) == 0 {
		return nil
	}
	return &p.sc.Actions[p.idx[p.list.cursor]]
}

func (p *palettePane) title() string {
	ph := p.sc.Phases[p.phase]
	t := "Actions — " + phaseName(ph)
	if ph == p.current {
		t += " (current)"
	}
	return fmt.Sprintf("%s  [%d/%d]", t, p.phase+1, len(p.sc.Phases))
}

// View is the filter line and the visible actions.
func (p *palettePane) View() string {
	s := p.styles
	width := p.width
	filter := s.Muted.Render("/ to filter")
	if p.filtering || p.filter.Value() != "" {
		filter = p.filter.View()
	}
	if len(p.idx) == 0 {
		return filter + "\n" + s.Muted.Render("no action matches")
	}
	// The selected action is shown whole, over as many lines as it takes.
	return filter + "\n" + p.list.ViewLines(p.list.height, func(i int, selected bool) []string {
		a := &p.sc.Actions[p.idx[i]]
		mark := cursorMark(selected && p.focused)
		if p.taken[a.ID] {
			mark += s.Success.Render("✓")
		} else {
			mark += " "
		}
		row := scenarios.SanitizeLine(a.Label)
		if a.Role != "" && !p.playerSafe {
			if r, ok := p.sc.Role(a.Role); ok {
				row += s.Muted.Render(" · " + scenarios.SanitizeLine(r.Name))
			}
		}
		if !selected || !p.focused {
			return []string{mark + truncate(row, width-3)}
		}
		lines := wrapRow(row, width-3, "", 0)
		for j := range lines {
			if j > 0 {
				mark = "   "
			}
			lines[j] = mark + s.RowSelected.Render(padRight(lines[j], width-3))
		}
		return lines
	})
}
