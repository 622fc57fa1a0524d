package scoring

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/ttx-sim/ttx/scenarios"
)

// mdEscaper backslash-escapes the characters that make Markdown (or the
// HTML a Markdown renderer lets through) out of plain text, so untrusted
// text pasted into a wiki stays text: no links, images, raw tags, emphasis
// or broken tables.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `|`, `\|`, `!`, `\!`, `~`, `\~`, `&`, `\&`, `#`, `\#`,
)

// md makes untrusted text one safe line of Markdown.
func md(s string) string { return unlink(mdEscaper.Replace(scenarios.SanitizeLine(s))) }

// zwsp is the zero-width space unlink inserts.
const zwsp = "\u200b"

// unlink keeps GitHub-style renderers (GFM's extended autolinks,
// markdown-it's linkify) from turning a bare URL, www. name or e-mail
// address in untrusted text into a live link: a zero-width space goes
// after "scheme:" before "//" and after every dot between a letter or digit
// and a letter ("evil.example", "www.x", "a@b.org", and a capability such
// as "RS.MA", which linkify reads as a Moroccan domain). Escapes cannot do
// it: autolinking looks at the text after escapes are resolved. The text
// reads the same; only a copied URL no longer works, which is the point.
func unlink(s string) string {
	if !strings.Contains(s, ".") && !strings.Contains(s, "://") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); i++ {
		c := s[i]
		b.WriteByte(c)
		switch {
		case c == ':' && strings.HasPrefix(s[i+1:], "//"):
			b.WriteString(zwsp)
		case c == '.' && i > 0 && isASCIIAlnum(s[i-1]) && i+1 < len(s) && isASCIILetter(s[i+1]):
			b.WriteString(zwsp)
		}
	}
	return b.String()
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func isASCIIAlnum(c byte) bool { return isASCIILetter(c) || c >= '0' && c <= '9' }

// mdBlockEscaper is mdEscaper without emphasis, code spans and headings:
// in a briefing those are the author's formatting and harmless inside a
// block quote, while links, images, raw HTML and table breaks stay escaped.
var mdBlockEscaper = strings.NewReplacer(
	`\`, `\\`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`, `|`, `\|`, `!`, `\!`, `&`, `\&`,
)

// mdBlock makes untrusted multi-line Markdown a safe block quote: every
// line stays inside the quote, and nothing in it can become a link, an
// image or HTML.
func mdBlock(s string) string {
	lines := strings.Split(strings.TrimSpace(scenarios.Sanitize(s)), "\n")
	for i, l := range lines {
		l = unlink(mdBlockEscaper.Replace(strings.ReplaceAll(l, "\t", "    ")))
		lines[i] = strings.TrimRight("> "+l, " ")
	}
	return strings.Join(lines, "\n")
}

// errWriter keeps the first write error so that renderers can print freely
// and check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, a ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, a...)
	}
}

// WriteMarkdown renders the after-action report as Markdown.
func (r *Report) WriteMarkdown(w io.Writer) error {
	p := &errWriter{w: w}
	s, res := r.Scenario, r.Result
	p.printf("# After-action report: %s\n\n", md(s.Title))

	p.printf("## Overview\n\n| Item | Details |\n|---|---|\n")
	p.printf("| Scenario | %s (%s) |\n", md(s.Title), md(s.ID))
	p.printf("| Date played | %s |\n", r.Session.DatePlayed())
	p.printf("| Duration played | %s |\n", md(r.DurationPlayed()))
	if len(r.LengthChanges) > 0 {
		p.printf("| Planned length | %s |\n", md(r.Planned()))
	}
	p.printf("| Organisation | %s |\n", md(orDash(r.Session.Org)))
	p.printf("| Location | %s |\n", md(orDash(r.Session.Location)))
	p.printf("| Facilitator | %s |\n", md(orDash(r.Session.Facilitator)))
	if ps := r.PeopleText(); ps != "" {
		p.printf("| Participants | %s |\n", md(ps))
	}
	var roles []string
	for _, role := range s.Roles {
		roles = append(roles, md(role.Name))
	}
	p.printf("| Roles | %s |\n", strings.Join(roles, ", "))
	if s.Jurisdiction != "" {
		p.printf("| Jurisdiction | %s |\n", md(s.Jurisdiction))
	}
	if ts := r.Techniques(); len(ts) > 0 {
		for i := range ts {
			ts[i] = md(ts[i])
		}
		p.printf("| ATT&CK techniques | %s |\n", strings.Join(ts, ", "))
	}
	p.printf("| Decisions | %s |\n", r.DecisionsText())
	if f := r.Session.Folder(); f != "" {
		p.printf("| Session | %s |\n", md(f))
	}
	if s.SHA256 != "" {
		p.printf("| Scenario sha256 | %s |\n", md(s.SHA256))
	}
	if r.Session.Version != "" {
		p.printf("| ttx version | %s |\n", md(r.Session.Version))
	}
	if strings.TrimSpace(s.Summary) != "" {
		p.printf("\n%s\n", mdBlock(s.Summary))
	}
	if len(s.Objectives) > 0 {
		p.printf("\n**Objectives**\n\n")
		for _, o := range s.Objectives {
			capability := ""
			if o.Capability != "" {
				capability = " (" + md(o.Capability) + ")"
			}
			p.printf("- %s%s\n", md(o.Text), capability)
		}
	}

	p.printf("\n## Executive summary\n\n")
	p.printf("Overall score **%s**, rating **%s** (%s).", res.ScoreText(), ratingText(res.Rating), res.Rating.Description())
	if !res.Ended {
		p.printf(" The exercise has not ended: the score is provisional.")
	}
	p.printf("\nTime to the first detection action: %s; to the first containment action: %s.\n\n",
		optClock(res.TimeToDetect), optClock(res.TimeToContain))
	if len(r.TopGaps) == 0 {
		p.printf("No gaps: every applicable expected action was met on time and no harmful action was taken.\n")
	} else {
		p.printf("The most serious gaps:\n\n")
		for i, g := range r.TopGaps {
			p.printf("%d. **%s**: %s (%s). %s\n", i+1, md(g.Issue), md(g.Label), PhaseTitle(g.Phase), md(gapAdvice(&g)))
		}
	}

	// The evaluator's final rating of a phase, where one was set, stands
	// beside the rules' (a Final column, only when there is one).
	rated := len(r.PhaseFinals()) > 0
	if rated {
		p.printf("\n## Scores by phase\n\n| Phase | Score | Rating | Final | Weight | Credit | Penalty | First decision |\n|---|---:|:---:|:---:|---:|---:|---:|---|\n")
	} else {
		p.printf("\n## Scores by phase\n\n| Phase | Score | Rating | Weight | Credit | Penalty | First decision |\n|---|---:|:---:|---:|---:|---:|---|\n")
	}
	for _, ph := range r.Phases {
		final := ""
		if rated {
			final = " —"
			if f := r.PhaseFinalRating(ph.Phase); f != nil {
				final = " **" + ratingDash(f.Rating) + "**"
			}
			final += " |"
		}
		p.printf("| %s | %s | %s |%s %s | %s | %s | %s |\n", PhaseTitle(ph.Phase), ph.ScoreText(), ratingDash(ph.Rating), final,
			ph.Weight, ph.Credit, ph.Penalty, optClock(ph.FirstDecisionAt))
	}

	if len(r.Objectives) > 0 {
		p.printf("\n## Objectives\n\n| Objective | Capability | Score | Rating | Expected actions met on time |\n|---|---|---:|:---:|---:|\n")
		for _, o := range r.Objectives {
			p.printf("| %s | %s | %s | %s | %d of %d |\n", md(o.Text), md(orDash(o.Capability)), FormatScore(o.Score), ratingDash(o.Rating), o.Met, o.Applicable)
		}
	}
	r.writeRolesMarkdown(p)
	if ev := r.Evaluation; ev != nil && len(ev.Capabilities) > 0 {
		p.printf("\n## Capability analysis\n\nThe rules suggest a rating from the decisions; the evaluator's final rating, when set, is the one that counts.\n\n")
		p.printf("| Objective | Capability | Suggested | Final | Set by | Rationale |\n|---|---|:---:|:---:|---|---|\n")
		for _, c := range ev.Capabilities {
			final, by, why := "—", "—", "—"
			if c.Final != nil {
				final, by, why = ratingDash(c.Final.Rating), orDash(c.Final.By), orDash(c.Final.Rationale)
			}
			p.printf("| %s | %s | %s %s | %s | %s | %s |\n", md(c.Objective), md(orDash(c.Capability)), FormatScore(c.Score),
				ratingDash(c.Suggested), final, md(by), md(why))
		}
	}
	for _, pf := range r.PhaseFinals() {
		p.printf("\nPhase %s: suggested %s, final **%s** (set by %s: %s).\n", PhaseTitle(pf.Phase), ratingDash(pf.Suggested),
			ratingDash(pf.Final.Rating), md(orDash(pf.Final.By)), md(pf.Final.Rationale))
	}
	if len(r.ByCapability) > 0 {
		p.printf("\n## Analysis by capability\n")
		for _, c := range r.ByCapability {
			p.printf("\n### %s\n\n**Strengths**\n\n", md(c.Capability))
			if len(c.Strengths) == 0 {
				p.printf("- None recorded.\n")
			}
			for _, st := range c.Strengths {
				p.printf("- %s\n", md(st))
			}
			p.printf("\n**Areas for improvement**\n\n")
			if len(c.Improvements) == 0 {
				p.printf("- None.\n")
			} else {
				p.printf("| Area for improvement | Root cause | Source |\n|---|---|---|\n")
			}
			for _, im := range c.Improvements {
				p.printf("| %s | %s | %s |\n", md(im.Text), md(orDash(im.Cause)), md(im.Source))
			}
		}
	}

	if len(r.Consequences) > 0 {
		p.printf("\n## Consequences\n\nWhat the team's actions or delays let happen in the scenario; each costs its penalty in its phase.\n\n| Time | Event | Phase | What went wrong | Penalty |\n|---|---|---|---|---:|\n")
		for _, c := range r.Consequences {
			p.printf("| %s | %s | %s | %s | %s |\n", c.At.Clock(), md(c.Title), PhaseTitle(c.Phase), md(c.Why), c.Penalty)
		}
	}

	p.printf("\n## Analysis by phase\n")
	for _, ph := range r.Phases {
		p.printf("\n### %s: %s (%s)\n\n", PhaseTitle(ph.Phase), ph.ScoreText(), ratingDash(ph.Rating))
		p.printf("**Strengths**\n\n")
		if len(ph.Strengths) == 0 {
			p.printf("- None recorded.\n")
		}
		for _, a := range ph.Strengths {
			p.printf("- %s: met at %s (deadline %s, response time %s)\n", md(a.Label), optClock(a.At), optClock(a.Deadline), optDuration(a.ResponseTime))
		}
		p.printf("\n**Areas for improvement**\n\n")
		if len(ph.Improvements) == 0 {
			p.printf("- None.\n")
		}
		for _, g := range ph.Improvements {
			p.printf("- **%s**: %s. %s\n", md(g.Issue), md(g.Label), md(gapAdvice(&g)))
		}
	}

	if d := r.Debrief; d != nil {
		p.printf("\n## Compared with the ideal path\n\nThis was a practice run. Beside each expected and harmful action, what the scenario's ideal team (self-test \"%s\", %s %s) did.\n\n| Action | Phase | This run | Ideal team | What to learn |\n|---|---|---|---|---|\n",
			md(d.IdealTest), d.Ideal.ScoreText(), ratingText(d.Ideal.Rating))
		for i := range d.Rows {
			row := &d.Rows[i]
			p.printf("| %s | %s | %s | %s | %s |\n", md(row.Yours.Label), PhaseTitle(row.Yours.Phase), md(row.YoursText()), md(row.IdealText()), md(orDash(row.Advice())))
		}
		for _, c := range d.Consequences {
			avoided := ""
			if c.IdealAvoided {
				avoided = " The ideal team avoided it."
			}
			p.printf("\nConsequence at %s: %s — %s%s\n", c.At.Clock(), md(c.Title), md(c.Why), avoided)
		}
	}

	p.printf("\n## Improvement plan\n\n")
	if len(r.Plan) == 0 {
		p.printf("Nothing to improve from this exercise.\n")
	} else {
		p.printf("| # | Capability | Issue | Corrective action | Responsible organisation | Point of contact | Start | Completion | Status |\n|---:|---|---|---|---|---|---|---|---|\n")
		for i, it := range r.Plan {
			p.printf("| %d | %s | %s: %s | %s | %s | %s | %s | %s | %s |\n", i+1, md(orDash(it.Capability)), md(it.Issue), md(it.Label),
				md(it.CorrectiveAction), md(orDash(it.Org)), md(orDash(it.Owner)), md(orDash(it.Start)), md(orDash(it.Due)), md(it.StatusText()))
		}
	}

	p.printf("\n## Appendix A: Timeline\n\n| Time | Event | Detail |\n|---|---|---|\n")
	for _, e := range r.Timeline {
		detail := md(timelineDetail(&e))
		if e.Kind == "struck" {
			detail = "~~" + detail + "~~"
		}
		p.printf("| %s | %s | %s |\n", e.At.Clock(), md(timelineKind(&e)), detail)
	}
	ev := r.Evaluation
	if ev == nil {
		return p.err
	}
	r.writeSeatsMarkdown(p)
	p.printf("\n## Appendix C: Hot wash\n\n")
	if len(ev.HotWash) == 0 {
		p.printf("No hot wash recorded.\n")
	} else {
		p.printf("| Objective | Strength or area for improvement | In the team's words |\n|---|---|---|\n")
		for _, h := range ev.HotWash {
			p.printf("| %s | %s | %s |\n", md(orDash(h.Objective)), noteType(h.Type), md(h.Text))
		}
	}
	p.printf("\n## Appendix D: Participant feedback\n\n")
	fb := ev.Feedback
	if fb.Forms == 0 {
		p.printf("No feedback recorded.\n")
		return p.err
	}
	p.printf("%d respondent(s).\n", fb.Forms)
	if len(fb.Ratings) > 0 {
		p.printf("\n| Statement (Part II) | Answers | Average (1–5) |\n|---|---:|---:|\n")
		for _, fr := range fb.Ratings {
			p.printf("| %s | %d | %.1f |\n", md(fr.Statement), fr.N, fr.Average)
		}
	}
	if len(fb.Answers) > 0 {
		p.printf("\n| Question (Part I) | Answer | From |\n|---|---|---|\n")
		for _, a := range fb.Answers {
			p.printf("| %s | %s | %s |\n", md(a.Question), md(a.Text), md(a.From()))
		}
	}
	return p.err
}

// writeRolesMarkdown writes the per-role table.
func (r *Report) writeRolesMarkdown(p *errWriter) {
	p.printf("\n## By role\n\n")
	if !r.RolesOwnActions {
		p.printf("%s\n\n| Role | Played by | Decisions | Recorded by | Notes |\n|---|---|---:|---|---:|\n", noOwnerLine)
		for _, rr := range r.Roles {
			p.printf("| %s | %s | %d | %s | %d |\n", md(rr.Name), md(rr.PlayedByText()), rr.Decisions, md(rr.RecordedByText()), rr.Notes)
		}
		return
	}
	p.printf("%s\n\n| Role | Played by | Expected actions | Met | Late | Missed | Decisions | Recorded by | Notes |\n|---|---|---:|---:|---:|---:|---:|---|---:|\n", ownerLine)
	for _, rr := range r.Roles {
		p.printf("| %s | %s | %d | %d | %d | %d | %d | %s | %d |\n", md(rr.Name), md(rr.PlayedByText()), rr.Owned, rr.Met, rr.Late, rr.Missed,
			rr.Decisions, md(rr.RecordedByText()), rr.Notes)
	}
}

const (
	ownerLine = "Expected actions are counted for the role the scenario names as their owner (those that did not apply are left out); " +
		"decisions and notes for the role they were recorded for, struck ones not counted. \"console\" is the facilitator's console."
	noOwnerLine = "The scenario names no owning role for its expected actions, so only decisions and notes are counted per role (struck ones not counted). " +
		"\"console\" is the facilitator's console."
)

// writeSeatsMarkdown writes Appendix B, the participants who joined from
// seats. Joins and leaves are listed here rather than in the timeline.
func (r *Report) writeSeatsMarkdown(p *errWriter) {
	p.printf("\n## Appendix B: Participants\n\n")
	if len(r.Seats) == 0 {
		p.printf("No one joined from a seat: the exercise was recorded at the facilitator's console.\n")
		return
	}
	p.printf("Who joined from a seat, in the order they first joined (joins and leaves are not repeated in the timeline).\n\n")
	p.printf("| Name | Role | Joined with | Joined (UTC) | Scenario time | Joins | Left |\n|---|---|---|---|---|---:|---|\n")
	for _, st := range r.Seats {
		p.printf("| %s | %s | %s | %s | %s | %d | %s |\n", md(st.Name), md(st.RoleText()), md(st.ViaText()), st.JoinedWall(), st.JoinedAt.Clock(), st.Joins, st.Left())
	}
}

func noteType(t string) string {
	if t == "strength" {
		return "strength"
	}
	return "area for improvement"
}

// gapAdvice is the why of a harmful action or the recommendation of an
// expected one.
func gapAdvice(g *Gap) string {
	if g.Kind == KindHarmful {
		return "Why it is harmful: " + g.Why
	}
	return "Recommendation: " + g.Recommendation
}

func timelineKind(e *TimelineEntry) string {
	switch {
	case e.Kind == "struck":
		return "struck (" + e.StruckWhy() + ")"
	case e.Tag != "":
		return e.Kind + " (" + e.Tag + ")"
	case e.Kind == "skipped":
		return "inject skipped"
	}
	return e.Kind
}

func timelineDetail(e *TimelineEntry) string {
	d := e.Text
	if e.From != "" {
		d += " — from " + e.From
	}
	if e.StoryTime != "" {
		d += " (" + e.StoryTime + ")"
	}
	if e.To != "" {
		d += " — to " + e.To
	}
	if w := e.Who(); w != "" {
		d += " [" + w + "]"
	}
	if e.Note != "" {
		d += " — note: " + e.Note
	}
	return d
}

func optDuration(d *scenarios.Duration) string {
	if d == nil {
		return "—"
	}
	return d.String()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// PhaseFinalRating is the evaluator's final rating of phase ph, nil when
// none was set.
func (r *Report) PhaseFinalRating(ph scenarios.Phase) *FinalRating {
	if r.Evaluation == nil {
		return nil
	}
	if f, ok := r.Evaluation.PhaseFinal[ph]; ok {
		return &f
	}
	return nil
}

func ratingDash(r Rating) string {
	if r == RatingNone {
		return "—"
	}
	return string(r)
}

// csvCell makes untrusted text one safe CSV cell: one line, no control
// characters, and no leading character a spreadsheet reads as a formula.
func csvCell(s string) string {
	s = scenarios.SanitizeLine(s)
	if s != "" && strings.ContainsRune("=+-@\t\r|%", rune(s[0])) {
		s = "'" + s
	}
	return s
}

// planHeader names the CSV columns. Columns are only ever added at the end,
// so that a sheet that reads them by position keeps working.
var planHeader = []string{"item", "scenario", "session", "action", "phase", "capability", "issue", "corrective_action", "owner", "due",
	"organisation", "start", "status"}

func (r *Report) planRows(first int) [][]string {
	rows := make([][]string, 0, len(r.Plan))
	for i, it := range r.Plan {
		rows = append(rows, []string{
			fmt.Sprint(first + i), csvCell(r.Scenario.ID), csvCell(r.Session.Folder()), csvCell(it.Label), string(it.Phase),
			csvCell(it.Capability), csvCell(it.Issue), csvCell(it.CorrectiveAction), csvCell(it.Owner), csvCell(it.Due),
			csvCell(it.Org), csvCell(it.Start), csvCell(it.StatusText()),
		})
	}
	return rows
}

// newCSVWriter starts a CSV file the way spreadsheets open it right: a
// UTF-8 byte-order mark (without one, Excel on Windows reads UTF-8 as its
// ANSI code page) and CRLF line ends (RFC 4180).
func writeCSV(w io.Writer, rows [][]string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	cw.WriteAll(rows) // flushes
	return cw.Error()
}

// WriteCSV writes the improvement plan as CSV, one row per corrective action.
func (r *Report) WriteCSV(w io.Writer) error {
	return writeCSV(w, append([][]string{planHeader}, r.planRows(1)...))
}
