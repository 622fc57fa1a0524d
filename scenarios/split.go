package scenarios

import (
	"bytes"
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"
)

// splitMin is the file size from which the loader parses a file as two
// halves on two goroutines. yaml.v3 is most of the cost of loading a large
// scenario (a 2,000-inject MSEL), and halving it keeps Load within its
// budget; small files are not worth a goroutine.
const splitMin = 128 << 10

// decodeSplit parses a large single-document file as two halves at once and
// joins the trees. It splits only where the result is the same tree a whole
// parse gives: at an item of a top-level block sequence (`injects:`,
// `actions:`, …) or at a top-level key, found by a line scan. Anything
// unusual (directives, a half that does not parse, a half that is not the
// expected shape, an alias across the halves) returns false, and the caller
// parses the whole file instead, so errors are always those of a whole
// parse. TestDecodeSplitMatchesWholeParse and FuzzDecodeSplit hold the
// equivalence.
func decodeSplit(data []byte) (*yaml.Node, bool) {
	if len(data) < splitMin {
		return nil, false
	}
	return decodeSplitAt(data, len(data)/2)
}

// decodeSplitAt is decodeSplit splitting at the first suitable line that
// starts at or after byte mid.
func decodeSplitAt(data []byte, mid int) (*yaml.Node, bool) {
	sp, ok := findSplit(data, mid)
	if !ok {
		return nil, false
	}
	second := data[sp.offset:]
	if sp.key != "" {
		// The second half continues the sequence of sp.key: give it that
		// key on a line of its own, so it parses as the same mapping entry.
		second = append([]byte(sp.key+":\n"), second...)
	}
	type result struct {
		root *yaml.Node
		ok   bool
	}
	done := make(chan result, 1)
	go func() {
		root, ok := parseHalf(second)
		done <- result{root, ok}
	}()
	first, ok1 := parseHalf(data[:sp.offset])
	r := <-done
	if !ok1 || !r.ok || reachesPast(first, sp.line) {
		return nil, false
	}
	return joinHalves(first, r.root, sp)
}

// split is where decodeSplit cuts a file.
type split struct {
	offset int    // byte offset of the first line of the second half
	line   int    // its 1-based line number
	key    string // the top-level key whose sequence continues; "" at a key
}

// findSplit finds the first line at or after mid that starts a new item of
// a top-level block sequence (at the item indentation of that sequence) or
// a new top-level key.
func findSplit(data []byte, mid int) (split, bool) {
	// yaml.v3 also breaks lines at a lone CR, NEL, LS and PS; this scan
	// counts only LF (and CRLF), so leave such files to a whole parse.
	if bytes.Contains(data, []byte("\u0085")) || bytes.Contains(data, []byte("\u2028")) || bytes.Contains(data, []byte("\u2029")) {
		return split{}, false
	}
	start := 0
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		start = 3
	}
	key := ""       // the top-level key whose block sequence we are in
	var item []byte // the line prefix of that sequence's items, once known
	itemKnown := false
	seenKey := false // a top-level key came before
	line := 1
	for off := start; off < len(data); line++ {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			end = len(data) - off
		}
		text := bytes.TrimSuffix(data[off:off+end], []byte("\r"))
		trimmed := bytes.TrimLeft(text, " ")
		switch {
		case bytes.IndexByte(text, '\r') >= 0:
			return split{}, false // a lone CR: see above
		case len(text) > 0 && (text[0] == '%' || text[0] == '\t'):
			return split{}, false // directives and tabs: leave it to a whole parse
		case len(trimmed) == 0 || trimmed[0] == '#':
			// Blank and comment lines belong to neither half's structure.
		case bytes.HasPrefix(text, []byte("---")):
			// The document start marker: fine alone, not with content after it.
			if rest := bytes.TrimSpace(text[3:]); len(rest) > 0 && rest[0] != '#' || seenKey {
				return split{}, false
			}
		case !seenKey && (text[0] == ' ' || text[0] == '-'):
			return split{}, false // the document does not start with a key at column 1
		case text[0] != ' ' && text[0] != '-':
			// A line at column 1 that is not an item: a top-level key.
			k, block, ok := topLevelKey(text)
			if !ok {
				return split{}, false
			}
			if off >= mid && seenKey {
				return split{offset: off, line: line}, true
			}
			seenKey = true
			key, itemKnown = "", false
			if block {
				key = k
			}
		case key != "" && !itemKnown:
			// The first line of the key's value: a sequence fixes the item
			// prefix; anything else (a mapping) is not split.
			if isItem(trimmed) {
				item, itemKnown = text[:len(text)-len(trimmed)], true
			} else {
				key = ""
			}
		case key != "" && off >= mid && bytes.HasPrefix(text, item) && isItem(text[len(item):]):
			return split{offset: off, line: line, key: key}, true
		}
		off += end + 1
	}
	return split{}, false
}

// topLevelKey reads a line such as `injects:` or `title: Mini`: the key,
// whether its value is a block on the lines below (nothing but a comment
// after the colon), and false when the line is not a plain lowercase key.
func topLevelKey(text []byte) (key string, block, ok bool) {
	colon := bytes.IndexByte(text, ':')
	if colon <= 0 || colon+1 < len(text) && text[colon+1] != ' ' {
		return "", false, false
	}
	for _, c := range text[:colon] {
		if !(c >= 'a' && c <= 'z' || c == '_') {
			return "", false, false
		}
	}
	rest := bytes.TrimSpace(text[colon+1:])
	return string(text[:colon]), len(rest) == 0 || rest[0] == '#', true
}

// isItem reports whether a line (without its indentation) starts a block
// sequence item: "-" then a space or the end of the line.
func isItem(s []byte) bool {
	return len(s) > 0 && s[0] == '-' && (len(s) == 1 || s[1] == ' ')
}

// parseHalf parses one half; false when it is not one mapping document.
func parseHalf(data []byte) (root *yaml.Node, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			root, ok = nil, false
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, false
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, false
	}
	return doc.Content[0], true
}

// joinHalves appends the second half's content to the first half's tree,
// with the second half's lines renumbered as in the whole file.
func joinHalves(first, second *yaml.Node, sp split) (*yaml.Node, bool) {
	shift := sp.line - 1
	if sp.key == "" {
		shiftLines(second.Content, shift)
		first.Content = append(first.Content, second.Content...)
		return first, true
	}
	// The second half starts with `key: [items…]`, continuing the first
	// half's last entry, which must be the same key with a block sequence;
	// the rest of the second half are further top-level entries.
	n := len(first.Content)
	if len(second.Content) < 2 || n < 2 {
		return nil, false
	}
	k1, v1, k2, v2 := first.Content[n-2], first.Content[n-1], second.Content[0], second.Content[1]
	if k1.Value != sp.key || k2.Value != sp.key || v1.Kind != yaml.SequenceNode || v2.Kind != yaml.SequenceNode ||
		v1.Style != 0 || v2.Style != 0 {
		return nil, false
	}
	shiftLines(second.Content[1:], shift-1) // minus the key line added in front
	v1.Content = append(v1.Content, v2.Content...)
	first.Content = append(first.Content, second.Content[2:]...)
	return first, true
}

// reachesPast reports whether a node of the first half's tree is placed at
// or after line, the first line of the second half. yaml.v3 places an empty
// node (the missing value of a complex key `? -`, say) at the next token,
// which for the first half alone is its end, but in the whole file is the
// second half's first token: the two parses would disagree on its position,
// so such a split is not taken.
func reachesPast(root *yaml.Node, line int) bool {
	stack := []*yaml.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Line >= line {
			return true
		}
		stack = append(stack, n.Content...)
	}
	return false
}

// shiftLines adds n to the line of every node in the trees.
func shiftLines(nodes []*yaml.Node, n int) {
	stack := slices.Clone(nodes)
	for len(stack) > 0 {
		last := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		last.Line += n
		stack = append(stack, last.Content...)
	}
}

// String describes a split, for test failure messages.
func (sp split) String() string {
	return fmt.Sprintf("split at line %d (byte %d) key %q", sp.line, sp.offset, sp.key)
}
