package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// Shell completion (`ttx completion SHELL` writes the script; the shell
// asks `ttx __complete ARGS… WORD` for the candidates). Every candidate is
// found without parsing a scenario or reading a session's scenario, so
// that a TAB answers at once however large the library or the data folder.

// addCompletions gives the commands of root their argument and flag
// completions: scenario ids and YAML files where a SCENARIO goes, session
// folders of the data directory where a SESSION goes, the values of
// --format and --coach.
func addCompletions(root *cobra.Command, sio *IO) {
	scenario := func(many bool) cobra.CompletionFunc {
		return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if !many && len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return completeScenario(toComplete)
		}
	}
	session := func(many bool, resumable bool) cobra.CompletionFunc {
		return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
			if !many && len(args) > 0 {
				if cmd.Name() == "evaluate" && len(args) == 1 {
					return nil, cobra.ShellCompDirectiveDefault // its FILE
				}
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return completeSession(sio, toComplete, args, resumable)
		}
	}
	values := func(vs ...string) cobra.CompletionFunc {
		return cobra.FixedCompletions(vs, cobra.ShellCompDirectiveNoFileComp)
	}
	yamlFiles := func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return []cobra.Completion{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
	}
	dirs := func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return nil, cobra.ShellCompDirectiveFilterDirs
	}
	flag := func(cmd *cobra.Command, name string, f cobra.CompletionFunc) {
		if cmd.Flags().Lookup(name) != nil {
			_ = cmd.RegisterFlagCompletionFunc(name, f) // only fails for a flag that does not exist
		}
	}
	for _, cmd := range append(root.Commands(), root) {
		switch cmd.Name() {
		case "play", "pack", "run":
			cmd.ValidArgsFunction = scenario(false)
		case "validate", "test":
			cmd.ValidArgsFunction = scenario(true)
		case "resume":
			cmd.ValidArgsFunction = session(false, true)
		case "score", "evaluate":
			cmd.ValidArgsFunction = session(false, false)
		case "report":
			cmd.ValidArgsFunction = session(true, false)
		}
		switch cmd.Name() {
		case "report":
			flag(cmd, "format", values("md", "html", "json", "csv"))
		case "pack":
			flag(cmd, "format", values("html", "md"))
			flag(cmd, "output", dirs)
		case "run":
			flag(cmd, "decisions", yamlFiles)
			flag(cmd, "session", dirs)
		}
		flag(cmd, "coach", values("feedback", "hints"))
		flag(cmd, "dir", dirs)
	}
}

// completeScenario completes a SCENARIO: the ids of the built-in library
// that start with toComplete (with their titles), then the folders and
// YAML files of the folder toComplete names.
func completeScenario(toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	if lib, err := scenarios.LibraryListing(); err == nil {
		for _, l := range lib {
			if strings.HasPrefix(l.ID, toComplete) {
				out = append(out, cobra.CompletionWithDesc(l.ID, completionDesc(l.Title)))
			}
		}
	}
	out = append(out, yamlPaths(toComplete)...)
	directive := cobra.ShellCompDirectiveNoFileComp
	if len(out) == 1 && strings.HasSuffix(out[0], "/") {
		directive |= cobra.ShellCompDirectiveNoSpace // a folder: go on typing inside it
	}
	return out, directive
}

// yamlPaths lists, in the folder that toComplete names (the current one
// when it has no slash), the folders and the .yaml/.yml files whose name
// starts with what follows the last slash. Hidden ones only when asked for
// with a leading dot.
func yamlPaths(toComplete string) []cobra.Completion {
	dir, base := filepath.Split(toComplete)
	read := dir
	switch {
	case read == "":
		read = "."
	case strings.HasPrefix(read, "~/"):
		home, err := os.UserHomeDir()
		if err != nil {
			return nil
		}
		read = filepath.Join(home, read[2:])
	}
	entries, err := os.ReadDir(read)
	if err != nil {
		return nil
	}
	var out []cobra.Completion
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, base) || (strings.HasPrefix(name, ".") && !strings.HasPrefix(base, ".")) || !completable(name) {
			continue
		}
		isDir := e.IsDir()
		if e.Type()&os.ModeSymlink != 0 {
			if fi, err := os.Stat(filepath.Join(read, name)); err == nil {
				isDir = fi.IsDir()
			}
		}
		ext := strings.ToLower(filepath.Ext(name))
		switch {
		case isDir:
			out = append(out, dir+name+"/")
		case ext == ".yaml" || ext == ".yml":
			out = append(out, dir+name)
		}
	}
	return out
}

// completeSession completes a SESSION: the session folders of the data
// directory whose name starts with toComplete, without those already on
// the command line; for resume (resumable), only sessions not ended. A
// path (a word with a slash or a leading dot), or a word no session
// matches, is left to the shell's folder completion.
func completeSession(sio *IO, toComplete string, given []string, resumable bool) ([]cobra.Completion, cobra.ShellCompDirective) {
	if strings.ContainsAny(toComplete, `/\`) || strings.HasPrefix(toComplete, ".") || strings.HasPrefix(toComplete, "~") {
		return nil, cobra.ShellCompDirectiveFilterDirs
	}
	data, err := sim.DataDir(sio.Getenv)
	if err != nil {
		return nil, cobra.ShellCompDirectiveFilterDirs
	}
	entries, err := os.ReadDir(data)
	if err != nil {
		return nil, cobra.ShellCompDirectiveFilterDirs
	}
	var out []cobra.Completion
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, toComplete) || slices.Contains(given, name) || !completable(name) {
			continue
		}
		journal := filepath.Join(data, name, sim.JournalFile)
		if _, err := os.Stat(journal); err != nil {
			continue // not a session folder
		}
		if resumable && journalEnded(journal) {
			continue
		}
		out = append(out, name)
	}
	if len(out) == 0 {
		return nil, cobra.ShellCompDirectiveFilterDirs
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// journalEnded reports whether the journal at path holds the end of its
// exercise (read without the session's scenario). An unreadable journal
// counts as ended: it cannot be resumed.
func journalEnded(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true
	}
	defer f.Close()
	j, err := sim.ReadJournal(path, f)
	if err != nil {
		return true
	}
	return slices.ContainsFunc(j.Events, func(ev sim.Event) bool { return ev.Kind == sim.KindEnd })
}

// completable reports whether a file name can be a candidate: the
// completion protocol is one candidate per line, a tab before its
// description, so a name with a control character (a newline, a tab, an
// escape) would break it or reach the terminal.
func completable(name string) bool {
	return !strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) })
}

// completionDesc makes a scenario title fit the completion protocol: one
// line, no tab (which separates a candidate from its description).
func completionDesc(s string) string {
	return strings.ReplaceAll(scenarios.SanitizeLine(s), "\t", " ")
}
