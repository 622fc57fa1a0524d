package scenarios

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

var (
	attackRe = regexp.MustCompile(`^T[0-9]{4}(\.[0-9]{3})?$`)
	// Numbers are decimals, with an optional exponent of at most two digits
	// (1e3, 2.5E-1) so that a hostile file cannot make big.Rat work with a
	// huge one; hex, octal and other notations are refused.
	decimalRe = regexp.MustCompile(`^[+-]?([0-9]{1,15}(\.[0-9]{0,15})?|\.[0-9]{1,15})([eE][+-]?[0-9]{1,2})?$`)
	yamlErrRe = regexp.MustCompile(`^yaml: line ([0-9]+): (.*)$`)
)

// maxConditionDepth bounds how deeply all/any/not may nest.
const maxConditionDepth = 32

// maxProblems bounds the problems reported for one file; past it, fixing
// the first ones is the way forward anyway.
const maxProblems = 1000

// maxSuggestions bounds how many "did you mean" searches one file may
// trigger, so that a hostile file with thousands of bad references stays fast.
const maxSuggestions = 200

// The keys each object of the format may hold.
var (
	topKeys           = []string{"ttx", "id", "title", "summary", "duration", "tags", "attack", "roles", "phases", "objectives", "actions", "injects", "scoring", "jurisdiction", "ground_rules", "assumptions", "tests"}
	roleKeys          = []string{"id", "name", "description"}
	objectiveKeys     = []string{"id", "text", "capability"}
	actionKeys        = []string{"id", "label", "phase", "role", "description", "expected", "harmful", "available_after"}
	expectedKeys      = []string{"weight", "critical", "after", "within", "objective", "capability", "recommendation", "late_window"}
	harmfulKeys       = []string{"penalty", "why", "when", "objective"}
	consequenceKeys   = []string{"penalty", "why", "objective"}
	injectKeys        = []string{"id", "at", "title", "body", "from", "to", "channel", "phase", "attack", "when", "choices", "facilitator_notes", "questions", "story_time", "consequence"}
	conditionKeys     = []string{"taken", "not_taken", "delivered", "all", "any", "not"}
	scoringKeys       = []string{"late_credit", "late_window"}
	testKeys          = []string{"name", "decisions", "end", "expect"}
	expectKeys        = []string{"score", "rating", "phases", "statuses", "delivered", "skipped", "objectives"}
	decisionKeys      = []string{"at", "action", "text", "phase", "role", "note"}
	decisionsFileKeys = []string{"decisions", "end"}
)

// Load reads and parses a scenario file. Problems that concern the whole
// file (missing, a directory, too large) carry no position.
func Load(path string) (*Scenario, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// readFile reads at most MaxFileSize+1 bytes of a regular file, with errors
// as Problems.
func readFile(path string) ([]byte, error) {
	fail := func(format string, a ...any) error {
		return Problems{{File: path, Severity: SeverityError, Msg: fmt.Sprintf(format, a...)}}
	}
	f, err := os.Open(path)
	if err != nil {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil, fail("no such file")
		case errors.Is(err, os.ErrPermission):
			return nil, fail("permission denied")
		}
		return nil, fail("cannot open: %v", unwrapPathError(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fail("cannot read: %v", unwrapPathError(err))
	}
	if info.IsDir() {
		return nil, fail("is a directory, not a scenario file")
	}
	if !info.Mode().IsRegular() && info.Mode()&os.ModeNamedPipe == 0 && info.Mode()&os.ModeCharDevice == 0 {
		return nil, fail("not a regular file")
	}
	if info.Mode().IsRegular() && info.Size() > MaxFileSize {
		return nil, fail("%s", tooLarge(info.Size()))
	}
	var buf bytes.Buffer
	buf.Grow(int(min(info.Size(), MaxFileSize) + bytes.MinRead))
	_, err = buf.ReadFrom(io.LimitReader(f, MaxFileSize+1))
	data := buf.Bytes()
	if err != nil {
		return nil, fail("cannot read: %v", unwrapPathError(err))
	}
	if len(data) > MaxFileSize {
		// A pipe, or a file that grew since Stat: only the first
		// MaxFileSize+1 bytes were read, so the size is unknown.
		return nil, fail("%s", tooLarge(-1))
	}
	return data, nil
}

// tooLarge says that a file of size bytes (-1: unknown) is over MaxFileSize.
func tooLarge(size int64) string {
	if size < 0 {
		return fmt.Sprintf("file is larger than the %d MiB limit", MaxFileSize>>20)
	}
	return fmt.Sprintf("file is %d bytes, larger than the %d MiB limit", size, MaxFileSize>>20)
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Parse parses and validates one scenario. name is used in problems and
// kept as File. The error, if any, is a Problems with every error found,
// sorted by position.
func Parse(name string, data []byte) (*Scenario, error) {
	p := &parser{file: name, emptyMsg: `empty file: a scenario is a YAML mapping starting with "ttx: 1"`}
	root := p.document(data)
	if root == nil {
		return nil, p.result()
	}
	s := p.scenario(root)
	s.BuildIndex()
	p.resolve(s)
	p.checkStatuses(s)
	if err := p.result(); err != nil {
		return nil, err
	}
	s.attackRefs = p.attackRefs
	s.File = name
	s.Source = bytes.Clone(data)
	sum := sha256.Sum256(data)
	s.SHA256 = hex.EncodeToString(sum[:])
	return s, nil
}

// parser collects problems while walking the YAML node tree.
type parser struct {
	file        string
	probs       Problems
	refs        []ref
	statuses    []statusCheck
	attackRefs  []attackRef
	suggestions int
	truncated   bool   // more than maxProblems were found
	emptyMsg    string // what to say about an empty file
}

func (p *parser) result() error {
	if len(p.probs) == 0 {
		return nil
	}
	p.probs.Sort()
	if p.truncated {
		last := p.probs[len(p.probs)-1]
		last.Msg = fmt.Sprintf("too many errors; stopped after %d", maxProblems)
		p.probs = append(p.probs, last)
	}
	return p.probs
}

func nodePos(n *yaml.Node) Pos { return Pos{Line: n.Line, Col: n.Column} }

func (p *parser) errorAt(pos Pos, format string, a ...any) {
	if pos.Line < 1 {
		pos = Pos{Line: 1, Col: 1}
	}
	if len(p.probs) >= maxProblems {
		p.truncated = true
		return
	}
	p.probs = append(p.probs, Problem{File: p.file, Pos: pos, Severity: SeverityError, Msg: fmt.Sprintf(format, a...)})
}

func (p *parser) errorf(n *yaml.Node, format string, a ...any) {
	p.errorAt(nodePos(n), format, a...)
}

func (p *parser) didYouMean(word string, candidates []string) string {
	if p.suggestions >= maxSuggestions {
		return ""
	}
	p.suggestions++
	return didYouMean(word, candidates)
}

// document checks the raw bytes and returns the root node of the single
// YAML document, or nil after recording why there is none.
func (p *parser) document(data []byte) *yaml.Node {
	if len(data) > MaxFileSize {
		p.probs = append(p.probs, Problem{File: p.file, Severity: SeverityError, Msg: tooLarge(int64(len(data)))})
		return nil
	}
	if pos, msg, ok := checkText(data); !ok {
		p.errorAt(pos, "%s", msg)
		return nil
	}
	root, err := decodeSingle(data)
	if err != nil {
		p.yamlError(data, err)
		return nil
	}
	if root == nil {
		p.errorAt(Pos{1, 1}, "%s", p.emptyMsg)
		return nil
	}
	if !p.expandAliases(root) {
		return nil
	}
	return root
}

// errExtraDocument marks a second YAML document in one file.
type errExtraDocument struct{ pos Pos }

func (e errExtraDocument) Error() string { return "more than one YAML document" }

// decodeSingle parses data as exactly one YAML document. A nil node with a
// nil error means the file holds no document at all.
func decodeSingle(data []byte) (root *yaml.Node, err error) {
	defer func() {
		// yaml.v3 is fuzzed upstream, but a parser bug must never crash ttx.
		if r := recover(); r != nil {
			root, err = nil, fmt.Errorf("yaml: cannot parse this file (%v)", r)
		}
	}()
	if mayHoldSeveralDocuments(data) {
		return decodeStream(data)
	}
	if root, ok := decodeSplit(data); ok {
		return root, nil
	}
	// The common case: yaml.Unmarshal reads from memory, without the
	// Decoder's buffering, and is noticeably faster on large files.
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// decodeStream is decodeSingle for files with document markers: it reads
// documents one by one to report a second one.
func decodeStream(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, err
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF), err == nil && isEmptyDocument(&extra):
	case err != nil:
		return nil, err
	default:
		pos := nodePos(&extra)
		if len(extra.Content) > 0 {
			pos = nodePos(extra.Content[0])
		}
		return nil, errExtraDocument{pos}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

// isEmptyDocument reports whether doc holds nothing (a trailing "---").
func isEmptyDocument(doc *yaml.Node) bool {
	if len(doc.Content) == 0 {
		return true
	}
	n := doc.Content[0]
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" && n.Value == ""
}

// mayHoldSeveralDocuments reports whether data has a document marker
// ("---" or "...") at the start of a line other than a leading "---".
func mayHoldSeveralDocuments(data []byte) bool {
	seenContent := false
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		isMarker := (bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("..."))) &&
			(len(line) == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r')
		switch {
		case isMarker && (seenContent || line[0] == '.'):
			return true
		case isMarker:
			seenContent = true // the leading "---" starts the one document
		case len(line) > 0 && line[0] != '#' && line[0] != '%' && len(bytes.TrimSpace(line)) > 0:
			seenContent = true
		}
	}
	return false
}

// yamlParserProblems are the yaml.v3 parser (not scanner) errors, whose
// line numbers are 0-based.
var yamlParserProblems = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'",
	"did not find expected '-' indicator", "did not find expected <document start>",
	"did not find expected key", "did not find expected node content",
	"found duplicate %TAG directive", "found duplicate %YAML directive",
	"found incompatible YAML document", "found undefined tag handle",
}

var unknownAnchorRe = regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)

func (p *parser) yamlError(data []byte, err error) {
	var extra errExtraDocument
	if errors.As(err, &extra) {
		p.errorAt(extra.pos, "a scenario file holds one YAML document; remove the second one (after \"---\")")
		return
	}
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlErrRe.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		if slices.Contains(yamlParserProblems, m[2]) {
			// yaml.v3 numbers the lines of these from 0.
			line++
		}
		// yaml.v3 gives no column, and its line is where the enclosing
		// construct starts more often than where the mistake is.
		p.errorAt(Pos{Line: line, Col: 1}, "invalid YAML near this line: %s", m[2])
		return
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if m := unknownAnchorRe.FindStringSubmatch(msg); m != nil {
		// An alias to an anchor that does not exist: point at the alias.
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			line := bytes.Count(data[:i], []byte("\n")) + 1
			col := utf8.RuneCount(data[bytes.LastIndexByte(data[:i], '\n')+1:i]) + 1
			p.errorAt(Pos{Line: line, Col: col}, "YAML alias *%s names no anchor: define &%s earlier in the file", m[1], m[1])
			return
		}
	}
	p.errorAt(Pos{1, 1}, "invalid YAML: %s", msg)
}

// maxStructure bounds the lines, commas, colons and brackets of a file: an
// upper estimate of its YAML values. yaml.v3 needs about 250 bytes and 3 µs
// per value, so a 4 MiB file of "a,a,a,…" would cost half a gigabyte and
// seconds; real scenarios stay far below (a 2,000-inject one is ~54,000).
const maxStructure = 300_000

// checkText finds the first byte sequence that is not UTF-8 or a character
// YAML does not allow, with its line and column (in characters), and
// refuses files with more structure than any scenario needs.
func checkText(data []byte) (Pos, string, bool) {
	line, col, structure := 1, 1, 0
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				line, col = line+1, 1
				structure++
				i++
				continue
			case c == ',' || c == ':' || c == '[' || c == '{':
				structure++
			case (c == '-' || c == '?') && (i+1 == len(data) || data[i+1] == ' ' || data[i+1] == '\n'):
				structure++ // a block sequence entry or complex key, possibly many per line
			case c < 0x20 && c != '\t' && c != '\r' || c == 0x7f:
				return Pos{line, col}, fmt.Sprintf("control character %U is not allowed in a scenario file", rune(c)), false
			}
			if structure > maxStructure {
				return Pos{line, col}, fmt.Sprintf("the file has more than %d lines and separators: far more than any scenario needs, refused to bound memory", maxStructure), false
			}
			i++
			col++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case i == 0 && r == 0xFEFF:
			i += size // a leading byte order mark takes no column, as in yaml.v3
			continue
		case r == utf8.RuneError && size <= 1:
			return Pos{line, col}, fmt.Sprintf("invalid UTF-8 (byte 0x%02x): a scenario file must be UTF-8 text", c), false
		case !yamlPrintable(r, i):
			return Pos{line, col}, fmt.Sprintf("control character %U is not allowed in a scenario file", r), false
		}
		i += size
		col++
	}
	return Pos{}, "", true
}

// yamlPrintable mirrors the characters YAML 1.2 allows in a stream; a byte
// order mark is allowed at the very start only.
func yamlPrintable(r rune, offset int) bool {
	switch {
	case r == 0xFEFF:
		return offset == 0
	case r < 0x20 || r == 0x7f:
		return false
	case r >= 0x80 && r <= 0x9f:
		return r == 0x85
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return false
	}
	return true
}

// maxAliasNodes bounds the values that aliases may add to a file in all:
// room for ordinary reuse (a shared `to:` list, a repeated body), far too
// little for a "billion laughs" file to explode in memory.
const maxAliasNodes = 100_000

// expandAliases replaces every alias by a copy of the value it names, so
// that the rest of the loader never sees one. It refuses a file whose
// aliases would add more than maxAliasNodes values.
func (p *parser) expandAliases(root *yaml.Node) bool {
	budget := maxAliasNodes
	stack := []*yaml.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for i, c := range n.Content {
			if c.Kind != yaml.AliasNode {
				stack = append(stack, c)
				continue
			}
			cp, ok := copyNode(c.Alias, &budget)
			if !ok {
				p.errorf(c, "YAML aliases in this file expand to more than %d values; repeat the content instead", maxAliasNodes)
				return false
			}
			// The copy's own problems point at the alias, those inside it at
			// the original. A copy holds no alias: nothing more to expand.
			cp.Line, cp.Column = c.Line, c.Column
			n.Content[i] = cp
		}
	}
	return true
}

// copyNode deep-copies n, resolving the aliases inside it, and charges every
// value copied to budget; false when the budget runs out.
func copyNode(n *yaml.Node, budget *int) (*yaml.Node, bool) {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	if *budget--; *budget < 0 {
		return nil, false
	}
	cp := *n
	cp.Anchor = ""
	if len(n.Content) > 0 {
		cp.Content = make([]*yaml.Node, len(n.Content))
		for i, c := range n.Content {
			var ok bool
			if cp.Content[i], ok = copyNode(c, budget); !ok {
				return nil, false
			}
		}
	}
	return &cp, true
}

// describe names a node's YAML type for messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "empty (null)"
		case "!!int", "!!float":
			return "a number"
		case "!!bool":
			return "a boolean"
		case "!!str":
			return "a string"
		}
		return "a value tagged " + n.ShortTag()
	}
	return "unsupported YAML"
}

// mapping is a YAML mapping whose keys have been checked. Values are kept
// in the order of the allowed keys (a slice, not a map: this runs for every
// object of a file and maps cost more than a scan of a dozen keys).
type mapping struct {
	node    *yaml.Node
	allowed []string
	keys    []*yaml.Node // key node per allowed key, nil when absent
	vals    []*yaml.Node // value node per allowed key, nil when absent
	count   int          // how many allowed keys are present
}

// get returns the value of key, or nil when absent.
func (m *mapping) get(key string) *yaml.Node {
	if m == nil {
		return nil
	}
	if i := slices.Index(m.allowed, key); i >= 0 {
		return m.vals[i]
	}
	return nil
}

// key returns the key node of key, or nil when absent.
func (m *mapping) key(key string) *yaml.Node {
	if i := slices.Index(m.allowed, key); i >= 0 {
		return m.keys[i]
	}
	return nil
}

// mapping checks that n is a mapping whose keys are all in allowed, each
// given once. It returns nil (after reporting) when n is not a mapping.
func (p *parser) mapping(n *yaml.Node, what string, allowed []string) *mapping {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s must be a mapping, not %s", what, describe(n))
		return nil
	}
	nodes := make([]*yaml.Node, 2*len(allowed))
	m := &mapping{node: n, allowed: allowed, keys: nodes[:len(allowed)], vals: nodes[len(allowed):]}
	var unknown map[string]int // key → line
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!null" {
			p.errorf(k, "%s: keys must be plain words, not %s", what, describe(k))
			continue
		}
		j := slices.Index(allowed, k.Value)
		switch {
		case j < 0 && k.ShortTag() == "!!merge":
			p.errorf(k, "YAML merge keys (<<) are not supported in scenario files; repeat the content instead")
		case j < 0:
			// Unknown keys are remembered in a map, made only when needed,
			// so that a hostile mapping with a million keys stays linear.
			if unknown == nil {
				unknown = map[string]int{}
			}
			if line, dup := unknown[k.Value]; dup {
				p.errorf(k, "%s: key %q given twice (first at line %d)", what, k.Value, line)
			} else {
				unknown[k.Value] = k.Line
				p.errorf(k, "unknown key %q in %s%s", k.Value, what, p.didYouMean(k.Value, allowed))
			}
		case m.keys[j] != nil:
			p.errorf(k, "%s: key %q given twice (first at line %d)", what, k.Value, m.keys[j].Line)
		default:
			m.keys[j], m.vals[j] = k, v
			m.count++
		}
	}
	return m
}

// require reports each key that m lacks.
func (p *parser) require(m *mapping, what string, keys ...string) {
	if m == nil {
		return
	}
	for _, k := range keys {
		if m.get(k) == nil {
			p.errorf(m.node, "%s: missing required key %q", what, k)
		}
	}
}

// str reads a string scalar, strictly: ids, references and enumerations
// are strings, and `channel: 1` is an error rather than a channel that
// happens to be a number. Empty strings are allowed.
func (p *parser) str(n *yaml.Node, what string) (string, bool) {
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" {
		p.errorf(n, "%s must be a string, not %s", what, describe(n))
		return "", false
	}
	return n.Value, true
}

// isPlainScalar reports whether n is a scalar of one of YAML's own types, as
// opposed to a collection or a value with a custom or binary tag.
func isPlainScalar(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode {
		return false
	}
	switch n.ShortTag() {
	case "!!str", "!!int", "!!float", "!!bool", "!!timestamp", "!!null":
		return true
	}
	return false
}

// prose reads free text (titles, names, bodies, notes, tags…). Authors
// write `title: 2024` or `from: 911` and mean the text, so any plain scalar
// is read as the text it is written as ("2024", "1.50", "true"); an empty
// value (null) is the empty text. Lists, mappings and tagged values are
// still errors.
func (p *parser) prose(n *yaml.Node, what string) (string, bool) {
	if n == nil {
		return "", false
	}
	if !isPlainScalar(n) {
		p.errorf(n, "%s must be a string, not %s", what, describe(n))
		return "", false
	}
	if n.ShortTag() == "!!null" {
		return "", true
	}
	return n.Value, true
}

// text reads free text that must not be blank.
func (p *parser) text(n *yaml.Node, what string) string {
	s, ok := p.prose(n, what)
	if ok && strings.TrimSpace(s) == "" {
		p.errorf(n, "%s must not be empty", what)
	}
	return s
}

// slug reads an id. An id must be a YAML string even when it looks like a
// number, so `id: 2024` is an error with a hint to quote it.
func (p *parser) slug(n *yaml.Node, what string) string {
	if n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!int" || n.ShortTag() == "!!float") && IsSlug(n.Value) {
		p.errorf(n, "%s must be a string, not a number: write it in quotes (\"%s\")", what, n.Value)
		return ""
	}
	s, ok := p.str(n, what)
	if ok && !IsSlug(s) {
		p.errorf(n, "%s %q is not a valid id: use lowercase letters, digits and dashes (at most 64, starting with a letter or digit)", what, s)
	}
	return s
}

// IsSlug reports whether s is a valid id: ^[a-z0-9][a-z0-9-]{0,63}$.
// (Written out because a regexp costs more on files with thousands of ids.)
func IsSlug(s string) bool {
	if len(s) == 0 || len(s) > 64 || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// phase reads a phase id that must be one of phases.
func (p *parser) phase(n *yaml.Node, what string, phases []Phase) Phase {
	s, ok := p.str(n, what)
	if !ok {
		return ""
	}
	ph := Phase(s)
	switch {
	case !ph.Valid():
		p.errorf(n, "%s %q is not a phase; the phases are %s%s", what, s, PhaseList(AllPhases), p.didYouMean(s, stringsOf(AllPhases)))
	case phases != nil && !slices.Contains(phases, ph):
		p.errorf(n, "%s %q is not one of this scenario's phases (%s)", what, s, PhaseList(phases))
	}
	return ph
}

// PhaseList formats phases for messages and files: "detection, recovery".
func PhaseList(ps []Phase) string { return strings.Join(stringsOf(ps), ", ") }

// stringsOf converts a list of phases or channels to plain strings.
func stringsOf[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// duration reads a duration: a string in Go syntax, or the integer 0.
func (p *parser) duration(n *yaml.Node, what string) (Duration, bool) {
	if n == nil {
		return 0, false
	}
	if n.Kind == yaml.ScalarNode {
		switch n.ShortTag() {
		case "!!int", "!!float":
			// The integer 0 however written (0, -0, 00, 0x0): the schema,
			// which sees the value, cannot tell those apart either.
			var i int64
			if n.Value == "0" || n.ShortTag() == "!!int" && n.Decode(&i) == nil && i == 0 {
				return 0, true
			}
			p.errorf(n, "%s: %s has no unit; write a duration such as %ss or %sm", what, n.Value, n.Value, n.Value)
			return 0, false
		case "!!str":
			d, err := ParseDuration(n.Value)
			if err != nil {
				p.errorf(n, "%s: %v", what, err)
				return 0, false
			}
			return d, true
		}
	}
	p.errorf(n, "%s must be a duration such as 90m or 1h30m, not %s", what, describe(n))
	return 0, false
}

// number reads a decimal of either sign; range checks are the caller's.
func (p *parser) number(n *yaml.Node, what string) (Number, bool) {
	if n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!int" || n.ShortTag() == "!!float") {
		if !decimalRe.MatchString(n.Value) {
			p.errorf(n, "%s: write %q as a decimal number such as 2, 0.5 or 1e3", what, n.Value)
			return Number{}, false
		}
		num, ok := NewNumber(n.Value)
		if !ok {
			p.errorf(n, "%s: %q is not a number", what, n.Value)
		}
		return num, ok
	}
	p.errorf(n, "%s must be a number, not %s", what, describe(n))
	return Number{}, false
}

// positive reads a number > 0.
func (p *parser) positive(n *yaml.Node, what string) Number {
	num, ok := p.number(n, what)
	if ok && num.Rat().Sign() <= 0 {
		p.errorf(n, "%s must be greater than 0", what)
	}
	return num
}

func (p *parser) boolean(n *yaml.Node, what string) bool {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		var b bool
		if err := n.Decode(&b); err == nil {
			return b
		}
	}
	p.errorf(n, "%s must be true or false, not %s", what, describe(n))
	return false
}

// list returns the items of a sequence, or nil after reporting.
func (p *parser) list(n *yaml.Node, what string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s must be a list, not %s", what, describe(n))
		return nil
	}
	return n.Content
}

// strings reads a list of free texts.
func (p *parser) strings(n *yaml.Node, what string) []string {
	var out []string
	for _, item := range p.list(n, what) {
		if s, ok := p.prose(item, what+" entry"); ok {
			out = append(out, s)
		}
	}
	return out
}

func (p *parser) attack(n *yaml.Node) []string {
	var out []string
	for _, item := range p.list(n, "attack") {
		s, ok := p.str(item, "attack entry")
		if !ok {
			continue
		}
		if !attackRe.MatchString(s) {
			p.errorf(item, "attack %q is not a MITRE ATT&CK technique id such as T1566 or T1566.001", s)
		} else {
			p.attackRefs = append(p.attackRefs, attackRef{id: s, pos: nodePos(item)})
		}
		out = append(out, s)
	}
	return out
}

// uniqueIDs reports ids given twice within one list.
type uniqueIDs struct {
	what string
	seen map[string]int // id → line
}

func (p *parser) unique(u *uniqueIDs, id string, n *yaml.Node) {
	if id == "" || n == nil {
		return
	}
	if u.seen == nil {
		u.seen = map[string]int{}
	}
	if line, dup := u.seen[id]; dup {
		p.errorf(n, "duplicate %s id %q (first defined at line %d)", u.what, id, line)
		return
	}
	u.seen[id] = n.Line
}
