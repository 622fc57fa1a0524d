package scenarios

import (
	"strings"
	"testing"
)

// TestLintWarnsOnMarkdownCutDown: each shape the renderers cut down is a
// warning at its field; ordinary markdown is not.
func TestLintWarnsOnMarkdownCutDown(t *testing.T) {
	tests := []struct {
		name, summary, body, want string
	}{
		{"300 nested quotes in the summary", strings.Repeat(">", 300) + " x", "", "the summary is cut down when shown: block quotes and lists nested 300 deep"},
		{"nested list in a body", "", strings.Repeat("- ", 10_000) + "x", `inject "start" body is cut down when shown: block quotes and lists nested 10000 deep`},
		{"brackets", "", strings.Repeat("[a]", 100_000), "more than 64 KiB, shown as plain text"},
		{"combining accents", "a" + strings.Repeat("\u0301", 16_000), "", "a letter with 16000 combining marks keeps 8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := minimal
			if tt.summary != "" {
				src = strings.Replace(src, "summary: S.", "summary: "+quoteYAML(tt.summary), 1)
			}
			if tt.body != "" {
				src += "    body: " + quoteYAML(tt.body) + "\n"
			}
			s, err := Parse("hostile.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			var found []string
			for _, p := range Lint(s) {
				found = append(found, p.String())
			}
			if !strings.Contains(strings.Join(found, "\n"), tt.want) {
				t.Errorf("warnings %q, want one with %q", found, tt.want)
			}
		})
	}
	s, err := Parse("ok.yaml", []byte(strings.Replace(minimal, "summary: S.", "summary: \"# Title\\n\\n> a quote\\n\\n- a\\n  - b\\n\\n[link](https://example.org)\"", 1)))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Lint(s) {
		if strings.Contains(p.String(), "cut down") {
			t.Errorf("ordinary markdown warned: %v", p)
		}
	}
}

func quoteYAML(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
