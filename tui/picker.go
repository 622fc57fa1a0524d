package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/scenarios"
)

// Entry is one line of the scenario picker: a loaded scenario, or a file
// that failed to load together with its error.
//
// A built-in may come as a Listing only (what the line shows, read without
// parsing the file): the picker parses it when it is opened.
type Entry struct {
	Scenario *scenarios.Scenario // nil when Err is set, or when only Listing is known
	Listing  *scenarios.Listing  // a built-in not parsed yet (Scenario nil)
	Source   string              // "built-in" or the file's path
	Err      error
}

// info is what the line shows, from the listing or the loaded scenario.
func (e Entry) info() scenarios.Listing {
	if e.Scenario == nil && e.Listing != nil {
		return *e.Listing
	}
	return scenarios.ListingOf(e.Scenario)
}

func (e Entry) Title() string {
	if e.Err != nil {
		return "⚠ " + scenarios.SanitizeLine(e.Source)
	}
	return scenarios.SanitizeLine(e.info().Title)
}

func (e Entry) Description() string {
	if e.Err != nil {
		first, _, _ := strings.Cut(e.Err.Error(), "\n")
		return "cannot load: " + scenarios.SanitizeLine(first)
	}
	l := e.info()
	return fmt.Sprintf("%s · %s · %d injects · %s", scenarios.SanitizeLine(l.ID), l.Duration, l.Injects,
		scenarios.SanitizeLine(e.Source))
}

func (e Entry) FilterValue() string {
	if e.Err != nil {
		return e.Source
	}
	l := e.info()
	return l.ID + " " + l.Title + " " + strings.Join(l.Tags, " ")
}

// pickedMsg asks the app to show the briefing of a scenario.
type pickedMsg struct{ scenario *scenarios.Scenario }

// picker is the first screen: every scenario ttx can play.
type picker struct {
	*common
	list   list.Model
	status string
}

func newPicker(c *common, entries []Entry) *picker {
	items := make([]list.Item, len(entries))
	for i, e := range entries {
		items[i] = e
	}
	d := list.NewDefaultDelegate()
	l := list.New(items, d, 0, 0)
	l.Title = "ttx — choose a scenario"
	l.SetStatusBarItemName("scenario", "scenarios")
	l.DisableQuitKeybindings() // q and ctrl+c are the app's
	l.AdditionalShortHelpKeys = func() []key.Binding { return []key.Binding{c.keys.Start} }
	l.SetShowHelp(true)
	return &picker{common: c, list: l}
}

func (p *picker) SetSize(w, h int) {
	p.list.SetSize(w, max(h-1, 1)) // one line for the status
}

// capturesKeys reports whether a text input has focus (the filter).
func (p *picker) capturesKeys() bool { return p.list.FilterState() == list.Filtering }

func (p *picker) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok && !p.capturesKeys() && key.Matches(k, p.keys.Start) {
		e, ok := p.list.SelectedItem().(Entry)
		if !ok {
			return nil
		}
		if e.Err != nil {
			p.status = scenarios.SanitizeLine(e.Err.Error())
			return nil
		}
		if e.Scenario == nil && e.Listing != nil {
			s, ok := scenarios.Builtin(e.Listing.ID)
			if !ok {
				p.status = "cannot load the built-in scenario " + scenarios.SanitizeLine(e.Listing.ID)
				return nil
			}
			e.Scenario = s
		}
		p.status = ""
		return func() tea.Msg { return pickedMsg{e.Scenario} }
	}
	var cmd tea.Cmd
	p.list, cmd = p.list.Update(msg)
	return cmd
}

func (p *picker) View() string {
	status := ""
	if p.status != "" {
		status = p.styles.Error.Render(truncate(p.status, p.width))
	}
	return p.list.View() + "\n" + status
}
