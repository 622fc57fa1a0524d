package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/ttx-sim/ttx/scenarios"
)

// seatKeyMap is the console's key map with a seat's wording: the keys a
// participant shares with the facilitator keep their letters.
func seatKeyMap(k KeyMap) KeyMap {
	k.Quit.SetHelp("q", "leave (you can rejoin)")
	k.ForceQuit.SetHelp("ctrl+c", "leave now (you can rejoin)")
	k.Record.SetHelp("enter", "record action")
	k.Help.SetHelp("?", "all keys")
	k.FreeText.SetHelp("t", "free-text decision")
	k.Note.SetHelp("e", "note")
	k.Focus.SetHelp("tab", "next pane")
	k.Start.SetHelp("enter", "join in this role")
	// f opens the feedback form once the exercise has ended (a seat has
	// no facilitator notes to show).
	k.Facilitator = key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "feedback form"))
	return k
}

// onKey routes a key to the seat's screen.
func (s *seat) onKey(msg tea.KeyMsg) tea.Cmd {
	switch s.screen {
	case seatPicking:
		return s.onPickerKey(msg)
	case seatPlaying:
		return s.onPlayKey(msg)
	case seatWall:
		return s.onWallKey(msg)
	case seatFeedback:
		return s.onFeedbackKey(msg)
	}
	return nil
}

func (s *seat) onPickerKey(msg tea.KeyMsg) tea.Cmd {
	k := &s.keys
	switch {
	case key.Matches(msg, k.Quit):
		return s.quit()
	case key.Matches(msg, k.Up):
		s.pick.Move(-1)
	case key.Matches(msg, k.Down):
		s.pick.Move(1)
	case key.Matches(msg, k.Top):
		s.pick.Select(0)
	case key.Matches(msg, k.Bottom):
		s.pick.Select(len(s.choices) - 1)
	case key.Matches(msg, k.Start):
		return s.join(s.choices[s.pick.cursor])
	case msg.Type == tea.KeyRunes && len(msg.Runes) == 1 && msg.Runes[0] >= '1' && msg.Runes[0] <= '9':
		if i := int(msg.Runes[0] - '1'); i < len(s.choices) {
			s.pick.Select(i)
		}
	}
	return nil
}

func (s *seat) onWallKey(msg tea.KeyMsg) tea.Cmd {
	k := &s.keys
	if s.modal == seatModalHelp {
		s.helpKey(msg)
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return s.quit()
	case key.Matches(msg, k.Help):
		s.openHelp()
	case key.Matches(msg, k.Up):
		s.inject.scroll(-1)
	case key.Matches(msg, k.Down):
		s.inject.scroll(1)
	case key.Matches(msg, k.PageUp):
		s.inject.scroll(-10)
	case key.Matches(msg, k.PageDown):
		s.inject.scroll(10)
	case key.Matches(msg, k.Top):
		s.inject.scroll(-1 << 30)
	case key.Matches(msg, k.Bottom):
		s.inject.scroll(1 << 30)
	}
	return nil
}

// openHelp opens the list of every key of the screen (`?`), at its top.
func (s *seat) openHelp() {
	s.modal = seatModalHelp
	s.keyList = helpScreen{open: true}
}

// helpKey scrolls or closes the open help, as on every other screen.
func (s *seat) helpKey(msg tea.KeyMsg) {
	s.keyList.key(msg, s.keys)
	if !s.keyList.open {
		s.modal = seatModalNone
	}
}

func (s *seat) onPlayKey(msg tea.KeyMsg) tea.Cmd {
	k := &s.keys
	switch s.modal {
	case seatModalFreeText, seatModalNote:
		return s.onInputKey(msg)
	case seatModalFilter:
		return s.onFilterKey(msg)
	case seatModalHelp:
		s.helpKey(msg)
		return nil
	}
	switch {
	case key.Matches(msg, k.Quit):
		return s.quit()
	case key.Matches(msg, k.Help):
		s.openHelp()
	case key.Matches(msg, k.Focus):
		s.focus = (s.focus + 1) % paneCount
		s.status = ""
	case key.Matches(msg, k.FocusBack):
		s.focus = (s.focus + paneCount - 1) % paneCount
		s.status = ""
	case key.Matches(msg, k.FreeText):
		if why := s.refusal(); why != "" {
			s.fail("%s", why)
			return nil
		}
		s.openInput(seatModalFreeText, "Decision: ", "what you decided, in your own words")
		return s.c.focusInput(&s.input)
	case key.Matches(msg, k.Note):
		if why := s.refusal(); why != "" {
			s.fail("%s", strings.Replace(why, "recorded", "saved", 1))
			return nil
		}
		s.openInput(seatModalNote, "Note: ", "a note for the after-action report")
		return s.c.focusInput(&s.input)
	case key.Matches(msg, k.Facilitator):
		if !s.ended {
			s.info("The feedback form opens when the facilitator ends the exercise.")
			return nil
		}
		s.openFeedback()
	case key.Matches(msg, k.PrevPhase):
		s.browsePhase(s.palette.phase - 1)
	case key.Matches(msg, k.NextPhase):
		s.browsePhase(s.palette.phase + 1)
	case key.Matches(msg, k.Filter):
		s.modal = seatModalFilter
		s.palette.filtering = true
		s.focus = panePalette
		return s.c.focusInput(&s.palette.filter)
	case key.Matches(msg, k.Record):
		return s.onEnter()
	default:
		return s.onMove(msg)
	}
	return nil
}

// onEnter records the palette's selected action; on the feed it moves to
// the inject.
func (s *seat) onEnter() tea.Cmd {
	switch s.focus {
	case panePalette:
		a := s.palette.selected()
		if a == nil {
			s.info("No action to record here: [ and ] show other phases, t records your own words.")
			return nil
		}
		return s.record(scenarios.Decision{Action: a.ID})
	case paneFeed:
		s.focus = paneInject
	}
	return nil
}

// onMove moves within the focused pane.
func (s *seat) onMove(msg tea.KeyMsg) tea.Cmd {
	k := &s.keys
	delta, ok := k.moveDelta(msg)
	if !ok {
		return nil
	}
	switch s.focus {
	case paneFeed:
		return s.selectItem(clamp(s.feed.list.cursor+delta, 0, len(s.feed.items)-1))
	case paneInject:
		s.inject.scroll(delta)
	case panePalette:
		s.palette.list.Move(delta)
		s.status = "" // the status line shows the selected action whole
	case paneLog:
		s.dlog.list.Move(delta)
		s.status = "" // and the selected log entry
	}
	return nil
}

func (s *seat) openInput(m seatModal, prompt, placeholder string) {
	s.modal = m
	s.inputCut = false
	s.input.Reset()
	s.input.Prompt = prompt
	s.input.Placeholder = placeholder
}

func (s *seat) onInputKey(msg tea.KeyMsg) tea.Cmd {
	out, text, cmd := entryKey(&s.input, &s.inputCut, msg)
	m := s.modal
	switch out {
	case entryCancelled:
		s.modal = seatModalNone
		s.info("Cancelled.")
	case entrySubmitted:
		s.modal = seatModalNone
		switch {
		case text == "":
			s.info("Nothing typed, nothing recorded.")
		case m == seatModalFreeText:
			return s.record(scenarios.Decision{Text: text})
		default:
			return s.note(text)
		}
	}
	return cmd
}

func (s *seat) onFilterKey(msg tea.KeyMsg) tea.Cmd {
	p := s.palette
	switch msg.Type {
	case tea.KeyEsc:
		p.filter.SetValue("")
		s.modal, p.filtering = seatModalNone, false
		p.filter.Blur()
		p.recompute()
		return nil
	case tea.KeyEnter:
		s.modal, p.filtering = seatModalNone, false
		p.filter.Blur()
		return nil
	case tea.KeyUp, tea.KeyDown:
		return s.onMove(msg)
	}
	return p.Update(msg)
}

// syncKeys enables exactly the bindings that do something now, so that
// the help tells the truth.
func (s *seat) syncKeys() {
	// Recording keys stay on when recording is refused (ended, read
	// only): pressing one says why instead of doing nothing.
	k := &s.keys
	k.PrevPhase.SetEnabled(s.palette.phase > 0)
	k.NextPhase.SetEnabled(s.palette.phase < len(s.sc.Phases)-1)
}

// helpKeys is the help for what the seat shows now.
func (s *seat) helpKeys() bindings {
	s.syncKeys()
	k := s.keys
	switch s.screen {
	case seatPicking:
		return bindings{short: []key.Binding{k.Up, k.Down, k.Start, k.Quit}}
	case seatWall:
		return bindings{
			short: []key.Binding{k.Up, k.Down, k.Help, k.Quit},
			full:  [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Help, k.Quit, k.ForceQuit}},
		}
	case seatFeedback:
		return s.form.helpKeys()
	}
	switch s.modal {
	case seatModalFreeText, seatModalNote:
		return bindings{short: []key.Binding{k.Confirm, k.Cancel}}
	case seatModalFilter:
		return bindings{short: []key.Binding{k.Confirm, k.Cancel}}
	}
	// The most needed first: the help line is cut at the width.
	short := []key.Binding{k.Help, k.Record, k.FreeText, k.Note, k.Focus, k.Quit, k.PrevPhase, k.NextPhase}
	if s.ended {
		short = []key.Binding{k.Facilitator, k.Help, k.Focus, k.Quit}
	}
	// ? lists every key: those that do nothing at the moment (the first
	// phase's [) under "Not available right now".
	full := [][]key.Binding{
		{k.Focus, k.FocusBack, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Record, k.Filter, k.PrevPhase, k.NextPhase},
		{k.FreeText, k.Note, k.Facilitator},
		{k.Help, k.Quit, k.ForceQuit},
	}
	return bindings{short: short, full: full}
}
