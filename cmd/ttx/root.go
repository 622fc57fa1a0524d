package main

import (
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ttx-sim/ttx/scenarios"
)

// Exit codes, per spec/cli.md.
const (
	exitOK    = 0
	exitBad   = 1 // the thing checked is bad: invalid scenario, failing test, unreadable session
	exitUsage = 2 // wrong usage: unknown command or flag, missing argument
)

// version is the ttx version, written into every session journal and shown
// in reports. Release builds may set it with -ldflags "-X main.version=…";
// otherwise it comes from the build (buildVersion), so that an installed
// binary never says "dev".
var version string

func init() {
	if version == "" { // not set by -ldflags -X (which needs a plain string variable)
		version = buildVersion(debug.ReadBuildInfo)
	}
}

// buildVersion is the module version of a binary built by `go install
// …@vX.Y.Z` (or from a module proxy), else "devel" with the VCS revision
// and time of a build from a checkout ("devel 1a2b3c4d5e6f 2026-12-01T21:00:00Z",
// "+dirty" with uncommitted changes), else "dev" (go run, tests).
func buildVersion(read func() (*debug.BuildInfo, bool)) string {
	bi, ok := read()
	if !ok {
		return "dev"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, at, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev == "" {
		return "dev"
	}
	v := "devel " + rev[:min(12, len(rev))] + dirty
	if at != "" {
		v += " " + at
	}
	return v
}

// IO is what a command may touch of its process: the standard streams and
// the environment. Tests pass their own.
type IO struct {
	In     io.Reader
	Out    io.Writer // for a person: results, reports
	Err    io.Writer // diagnostics
	Getenv func(string) string
}

// exitError carries an exit code and an optional message for stderr. An
// empty message means the command already reported the problem itself.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// usageErrorf reports wrong usage (exit 2).
func usageErrorf(format string, a ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, a...)}
}

// errSilentFailure reports "the thing checked is bad" after the command
// already printed the details (exit 1, nothing more on stderr).
var errSilentFailure = &exitError{code: exitBad}

// Main runs ttx with the given arguments and returns the process exit code.
// It is the one place where errors become messages and exit codes, so it
// is also where they are sanitised: a message may quote a path or a flag
// typed with control characters, or text from a file. Even a bug that
// panics ends with a one-line message, never a Go stack trace (spec/cli.md).
func Main(args []string, sio *IO) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(sio.Err, "ttx: internal error: %s\nThis is a bug in ttx: please report it with the command you ran.\n",
				scenarios.SanitizeLine(fmt.Sprint(r)))
			code = exitBad
		}
	}()
	root := newRootCmd(sio)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintf(sio.Err, "ttx: %s\n", scenarios.Sanitize(ee.msg))
		}
		if ee.code == exitUsage {
			fmt.Fprintln(sio.Err, "Run 'ttx --help' for usage.")
		}
		return ee.code
	}
	fmt.Fprintf(sio.Err, "ttx: %s\n", scenarios.Sanitize(err.Error()))
	return exitBad
}

func newRootCmd(sio *IO) *cobra.Command {
	rootPlay := &playOptions{} // `ttx` alone is `ttx play`, with the same flags
	root := &cobra.Command{
		Use:   "ttx",
		Short: "A terminal tabletop-exercise simulator for security incident response",
		Long: "ttx runs scripted breach scenarios: the scenario clock injects events, the team\n" +
			"records its decisions per incident-response phase, and ttx scores readiness and\n" +
			"writes an after-action report with an improvement plan.\n\n" +
			"Run without a command to open the scenario picker.",
		Version:       version,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommand(cmd, args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPlay(cmd, sio, rootPlay, "")
		},
	}
	addPlayFlags(root, rootPlay)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usageErrorf("%s%s", err, flagSuggestion(cmd, err))
	})
	root.AddCommand(
		newPlayCmd(sio),
		newResumeCmd(sio),
		newListCmd(sio),
		newValidateCmd(sio),
		newTestCmd(sio),
		newRunCmd(sio),
		newScoreCmd(sio),
		newReportCmd(sio),
		newSessionsCmd(sio),
		newPackCmd(sio),
		newEvaluateCmd(sio),
		newSchemaCmd(sio),
		newNewCmd(sio),
		newImportCmd(sio),
	)
	root.SetHelpCommand(newHelpCmd())
	// cobra's completion command only groups the shells: made runnable, so
	// that an unknown shell is wrong usage (exit 2), not its help with exit 0.
	// It captures the output stream when made, so set the streams first.
	root.SetIn(sio.In)
	root.SetOut(sio.Out)
	root.SetErr(sio.Err)
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" && !c.Runnable() {
			c.Args = func(cmd *cobra.Command, args []string) error {
				if len(args) > 0 {
					return unknownCommand(cmd, args[0])
				}
				return nil
			}
			c.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }
		}
	}
	wrapAllArgs(root)
	addCompletions(root, sio)
	return root
}

// wrapAllArgs applies wrapArgs to every command below c, at any depth.
func wrapAllArgs(c *cobra.Command) {
	for _, sub := range c.Commands() {
		wrapArgs(sub)
		wrapAllArgs(sub)
	}
}

// newHelpCmd is cobra's help command, except that an unknown topic is wrong
// usage (exit 2) instead of the root help with exit 0.
func newHelpCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		RunE: func(cmd *cobra.Command, args []string) error {
			target, rest, err := cmd.Root().Find(args)
			if err != nil || target == nil || len(rest) > 0 {
				hint := ""
				if target != nil && len(rest) > 0 {
					hint = didYouMean(quoteAll(suggestCommands(target, rest[0])))
				}
				return usageErrorf("unknown help topic %q%s", strings.Join(args, " "), hint)
			}
			return target.Help()
		},
	}
}

// wrapArgs makes cobra's argument-count errors usage errors (exit 2).
func wrapArgs(c *cobra.Command) {
	if c.Args == nil {
		return
	}
	check := c.Args
	c.Args = func(cmd *cobra.Command, args []string) error {
		err := check(cmd, args)
		var ee *exitError
		if errors.As(err, &ee) {
			return err // already a usage error of ours (unknownCommand)
		}
		if err != nil {
			return usageErrorf("%s: %s", cmd.CommandPath(), strings.TrimSpace(err.Error()))
		}
		return nil
	}
}

// unknownCommand is the usage error of a command name that cmd does not
// have, with the names it may have meant: `ttx plya` says
// unknown command "plya" for "ttx"; did you mean "play"?
func unknownCommand(cmd *cobra.Command, name string) error {
	return usageErrorf("unknown command %q for %q%s", name, cmd.CommandPath(), didYouMean(quoteAll(suggestCommands(cmd, name))))
}

// suggestCommands are the subcommands of cmd that name may have meant, as
// cobra finds them (within an edit distance of 2, or starting with name),
// keeping only the closest: "lst" gives list, not also test.
func suggestCommands(cmd *cobra.Command, name string) []string {
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2 // cobra's default, which it sets only on its own error path
	}
	return closest(name, cmd.SuggestionsFor(name))
}

// closest keeps the candidates nearest to typed: those it is a prefix of
// (distance 0), else those at the smallest edit distance.
func closest(typed string, candidates []string) []string {
	typed = strings.ToLower(typed)
	dist := func(c string) int {
		c = strings.ToLower(c)
		if strings.HasPrefix(c, typed) {
			return 0
		}
		return levenshtein(typed, c)
	}
	best := -1
	for _, c := range candidates {
		if d := dist(c); best < 0 || d < best {
			best = d
		}
	}
	var out []string
	for _, c := range candidates {
		if dist(c) == best && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// flagSuggestion is "; did you mean --NAME?" for an unknown long flag that
// is close to one of cmd's flags (in edit distance, as cobra suggests
// commands, or as a prefix), else "".
func flagSuggestion(cmd *cobra.Command, err error) string {
	typed, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok || typed == "" {
		return ""
	}
	typed, _, _ = strings.Cut(typed, "=")
	distance := cmd.Root().SuggestionsMinimumDistance
	if distance <= 0 {
		distance = 2
	}
	var names []string
	seen := map[string]bool{}
	visit := func(f *pflag.Flag) {
		if f.Hidden || seen[f.Name] {
			return
		}
		seen[f.Name] = true
		if levenshtein(strings.ToLower(typed), f.Name) <= distance ||
			(len(typed) > 1 && strings.HasPrefix(f.Name, strings.ToLower(typed))) {
			names = append(names, f.Name)
		}
	}
	cmd.Flags().VisitAll(visit)
	cmd.InheritedFlags().VisitAll(visit)
	names = closest(typed, names)
	for i := range names {
		names[i] = "--" + names[i]
	}
	return didYouMean(names)
}

// didYouMean is "; did you mean A?" (or "A or B", "A, B or C"), or "" when
// there is nothing to suggest.
func didYouMean(names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return "; did you mean " + names[0] + "?"
	}
	return "; did you mean " + strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1] + "?"
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("%q", n)
	}
	return out
}

// levenshtein is the edit distance between a and b, in runes.
func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
