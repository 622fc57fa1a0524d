package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/spf13/cobra"
	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
	"github.com/ttx-sim/ttx/tui"
	"golang.org/x/term"
)

// playOptions are the flags of `ttx play` (and of `ttx` alone, with their
// defaults).
type playOptions struct {
	coach coachLevel
	speed float64
	dir   string // folder of local scenario files for the picker
	debug string // log file
	setting
	seats seatFlags
}

// setting is the exercise's organisation, location and facilitator, from
// --org, --location and --facilitator on play and run: written into the
// session's journal header for the after-action report's overview.
type setting struct{ org, location, facilitator string }

func addSettingFlags(cmd *cobra.Command, st *setting) {
	f := cmd.Flags()
	f.StringVar(&st.org, "org", "", "the organisation exercising, for the after-action report")
	f.StringVar(&st.location, "location", "", "where the exercise takes place, for the after-action report")
	f.StringVar(&st.facilitator, "facilitator", "", "who facilitates, for the after-action report")
}

func (st *setting) options(practice bool) sim.SessionOptions {
	return sim.SessionOptions{TTX: version, Practice: practice, Org: st.org, Location: st.location, Facilitator: st.facilitator}
}

func newPlayCmd(sio *IO) *cobra.Command {
	o := &playOptions{}
	cmd := &cobra.Command{
		Use:   "play [SCENARIO]",
		Short: "Open the TUI on a scenario's briefing (the picker without one)",
		Long: "Open the exercise console. SCENARIO is a YAML file or the id of a built-in\n" +
			"scenario; without it, a picker lists the built-ins and the YAML files in\n" +
			"./scenarios (or --dir). Every decision is saved as it is made: a session\n" +
			"interrupted in any way continues with `ttx resume SESSION`.",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			arg := ""
			if len(args) == 1 {
				arg = args[0]
			}
			return runPlay(cmd, sio, o, arg)
		},
	}
	addPlayFlags(cmd, o)
	return cmd
}

// addPlayFlags adds the flags of `ttx play` to cmd (also the root command).
func addPlayFlags(cmd *cobra.Command, o *playOptions) {
	f := cmd.Flags()
	addCoachFlag(cmd, &o.coach)
	f.Float64Var(&o.speed, "speed", 1, "starting clock speed, 0.5 to 60 (× real time, exactly as given)")
	f.StringVar(&o.dir, "dir", "", "folder of scenario files for the picker (default ./scenarios)")
	f.StringVar(&o.debug, "debug", "", "write a debug log to this file")
	addSettingFlags(cmd, &o.setting)
	addSeatFlags(cmd, &o.seats)
}

func runPlay(cmd *cobra.Command, sio *IO, o *playOptions, arg string) error {
	if err := o.seats.check(cmd); err != nil {
		return err
	}
	opts, warnings, err := playTUIOptions(sio, o, arg)
	if err != nil {
		return err
	}
	seatSrv, err := openSeats(sio, &o.seats)
	if err != nil {
		return err
	}
	// Seats are served once the exercise's session exists: when the
	// briefing starts it, or the picker reopens one.
	opts.Start, opts.Reopen = seatSrv.wrapStart(opts.Start), seatSrv.wrapReopen(opts.Reopen)
	opts.Seats = seatSrv.info()
	err = runTUI(sio, opts, o.debug, seatSrv)
	printWarnings(sio, *warnings)
	return err
}

// playTUIOptions are the TUI's options for `ttx play [arg]`: the briefing
// of arg, or the picker (with the interrupted sessions of the data
// directory to resume). The session of a new exercise is created only when
// its clock starts (Start), never on opening a briefing. What reopening a
// session recovered from is added to warnings, for after the TUI.
func playTUIOptions(sio *IO, o *playOptions, arg string) (tui.Options, *[]string, error) {
	warnings := new([]string)
	if o.speed == 0 {
		o.speed = 1
	}
	if o.speed < sim.MinSpeed || o.speed > sim.MaxSpeed {
		return tui.Options{}, nil, usageErrorf("--speed must be between %g and %g, not %g", float64(sim.MinSpeed), float64(sim.MaxSpeed), o.speed)
	}
	opts := tui.Options{Coach: o.coach != coachOff, Hints: o.coach == coachHints, Speed: o.speed}
	dataDir, err := sim.DataDir(sio.Getenv)
	if err != nil {
		return tui.Options{}, nil, err
	}
	if arg != "" {
		s, err := resolveScenario(arg)
		if err != nil {
			return tui.Options{}, nil, err
		}
		opts.Scenario = s
	} else {
		dir := o.dir
		if dir == "" {
			dir = "scenarios"
		}
		entries, err := pickerEntries(dir, o.dir != "")
		if err != nil {
			return tui.Options{}, nil, err
		}
		opts.Entries = entries
		opts.Resumable = resumableSessions(dataDir)
		opts.Reopen = func(dir string) (tui.Session, bool, error) {
			// What ttx resume does: checked read-only first, then opened.
			if _, _, _, _, err := sim.ReadSession(dir); err != nil {
				return nil, false, fmt.Errorf("cannot resume %s: %w", dir, err)
			}
			ss, w, err := sim.OpenSession(dir)
			if err != nil {
				return nil, false, fmt.Errorf("cannot resume %s: %w", dir, err)
			}
			*warnings = append(*warnings, w...)
			// A practice run stays a practice run: it resumes with the coach on.
			return tui.NewSession(ss), o.coach != coachOff || ss.Header.Practice, nil
		}
	}
	opts.Start = func(s *scenarios.Scenario) (tui.Session, error) {
		dir, err := sim.NewSessionDir(dataDir, s.ID, time.Now())
		if err != nil {
			return nil, err
		}
		// A drill played with --coach is practice: the trend leaves it out.
		ss, err := sim.CreateSessionWith(dir, s, o.setting.options(o.coach != coachOff))
		if err != nil {
			os.Remove(dir) // the empty folder NewSessionDir made: no half session is left
			return nil, err
		}
		return tui.NewSession(ss), nil
	}
	return opts, warnings, nil
}

// resolveScenario loads a SCENARIO argument: a file path, or the id of a
// built-in scenario.
func resolveScenario(arg string) (*scenarios.Scenario, error) {
	s, err := scenarios.Resolve(arg)
	if err != nil {
		return nil, loadError(arg, err)
	}
	return s, nil
}

// loadError reports every problem of a scenario that did not load (exit 1).
func loadError(path string, err error) error {
	return &exitError{code: exitBad, msg: fmt.Sprintf("cannot play %s:\n%s", path, err)}
}

// pickerEntries lists the built-in scenarios, then the YAML files of dir.
// A file that fails to load is listed with its error. A missing default
// folder is fine; a missing --dir is a mistake worth saying.
func pickerEntries(dir string, explicit bool) ([]tui.Entry, error) {
	lib, err := scenarios.LibraryListing()
	if err != nil {
		return nil, err
	}
	entries := make([]tui.Entry, 0, len(lib))
	for i := range lib {
		// Built-ins are listed from their top-level keys; the picker
		// parses one when it is opened.
		entries = append(entries, tui.Entry{Listing: &lib[i], Source: "built-in"})
	}
	files, goSource, err := scenarioFiles(dir)
	if err != nil {
		if explicit || !errors.Is(err, os.ErrNotExist) {
			return nil, &exitError{code: exitBad, msg: fmt.Sprintf("--dir %s: %v", dir, err)}
		}
	}
	if goSource && !explicit {
		// The default ./scenarios of a ttx checkout is the Go package, not
		// a folder of scenarios: its starter template is not one to play.
		files = nil
	}
	for _, f := range files {
		s, err := scenarios.Load(f)
		entries = append(entries, tui.Entry{Scenario: s, Source: f, Err: err})
	}
	return entries, nil
}

// scenarioFiles lists the YAML files of dir, and says whether dir also
// holds Go source (it is then a source tree, such as ttx's own scenarios
// package, rather than a folder of scenarios).
func scenarioFiles(dir string) (files []string, goSource bool, err error) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return nil, false, err
	}
	for _, de := range des {
		ext := strings.ToLower(filepath.Ext(de.Name()))
		switch {
		case de.IsDir():
		case ext == ".yaml" || ext == ".yml":
			files = append(files, filepath.Join(dir, de.Name()))
		case ext == ".go":
			goSource = true
		}
	}
	sort.Strings(files)
	return files, goSource, nil
}

// needTerminal is the error of a console command run without a terminal.
func needTerminal(sio *IO) error {
	if !isTerminal(sio.In) || !isTerminal(sio.Out) {
		return usageErrorf("the exercise console needs an interactive terminal; for a scripted run use: ttx run SCENARIO --decisions FILE")
	}
	return nil
}

// runTUI runs the app until it quits and then says where the session is.
func runTUI(sio *IO, opts tui.Options, debugFile string, seatSrv *seatServer) error {
	defer seatSrv.close() // (a second close does nothing)
	if err := needTerminal(sio); err != nil {
		if opts.Resume != nil {
			opts.Resume.Close() // release the session's lock; nothing was changed
		}
		return err
	}
	if debugFile != "" {
		f, err := os.OpenFile(debugFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return usageErrorf("--debug: %v", err)
		}
		defer f.Close()
		opts.Log = log.New(f, "ttx ", log.LstdFlags|log.Lmicroseconds)
	}
	if sio.Getenv("NO_COLOR") != "" {
		lipgloss.SetColorProfile(termenv.Ascii)
	}
	app := tui.New(opts)
	p := tea.NewProgram(app, tea.WithAltScreen(), tea.WithInput(sio.In), tea.WithOutput(sio.Out))

	// A closed terminal (SIGHUP) leaves the session resumable like q does.
	// Closing hup once no signal can arrive (after Stop) ends the goroutine.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer close(hup)
	defer signal.Stop(hup)
	go func() {
		if _, ok := <-hup; ok {
			p.Send(tui.HangupMsg{})
		}
	}()

	_, runErr := p.Run()
	seatSrv.close() // the participants' leaves are journaled before the session closes
	if sess := app.Session(); sess != nil {
		app.Leave() // the program may have stopped without a quit key (input closed)
		if err := sess.Close(); err != nil && runErr == nil {
			runErr = err
		}
		reportSession(sio.Out, app, sess)
	}
	if runErr != nil && !errors.Is(runErr, tea.ErrProgramKilled) {
		return fmt.Errorf("the terminal UI stopped: %w", runErr)
	}
	return nil
}

func reportSession(w io.Writer, app *tui.App, sess tui.Session) {
	if c, ok := sess.(interface{ Check() error }); ok {
		if err := c.Check(); err != nil && !errors.Is(err, sim.ErrSessionClosed) {
			fmt.Fprintf(w, "The session in %s is NOT saved whole: %v\n", sess.Dir(), err)
			return
		}
	}
	if app.Screen() == tui.ScreenResults || app.Screen() == tui.ScreenReview {
		fmt.Fprintf(w, "Session saved in %s\n", sess.Dir())
		return
	}
	fmt.Fprintf(w, "Session saved in %s\nContinue it with: ttx resume %s\n", sess.Dir(), sess.Dir())
}

// isTerminal reports whether a standard stream is a terminal.
func isTerminal(stream any) bool {
	f, ok := stream.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
