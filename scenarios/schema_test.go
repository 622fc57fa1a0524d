package scenarios_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"gopkg.in/yaml.v3"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/scenarios/scenariotest"
)

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(scenarios.Schema()))
	if err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("ttx-scenario.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("ttx-scenario.json")
	if err != nil {
		t.Fatalf("schema does not compile: %v", err)
	}
	return sch
}

// yamlToJSON converts a YAML document to the JSON value an editor's
// yaml-language-server would validate.
func yamlToJSON(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatalf("not YAML: %v", err)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("not representable as JSON: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestSchemaAcceptsValidScenarios(t *testing.T) {
	sch := compileSchema(t)
	files := map[string][]byte{"generated": scenariotest.Large(120, 60)}
	paths, _ := filepath.Glob("library/*.yaml")
	paths = append(paths, "testdata/valid.yaml")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files[p] = data
	}
	if len(paths) < 2 {
		t.Fatal("no library scenarios found")
	}
	for name, data := range files {
		if _, err := scenarios.Parse(name, data); err != nil {
			t.Errorf("%s does not load: %v", name, err)
			continue
		}
		if err := sch.Validate(yamlToJSON(t, data)); err != nil {
			t.Errorf("%s loads but the schema rejects it:\n%v", name, err)
		}
	}
}

// TestSchemaRejectsWhatTheLoaderRejects checks a sample of broken files
// (the kinds of mistake a schema can see) against both.
func TestSchemaRejectsWhatTheLoaderRejects(t *testing.T) {
	sch := compileSchema(t)
	base, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(yamlToJSON(t, base)); err != nil {
		t.Fatalf("base file rejected: %v", err)
	}
	tests := []struct{ name, old, new string }{
		{"unknown top key", "tags:", "tagz:"},
		{"missing title", "title: Phishing to ransomware\n", ""},
		{"wrong version", "ttx: 1", "ttx: 2"},
		{"bad id", "id: phish-to-ransom", "id: Phish"},
		{"duration without unit", "duration: 2h", "duration: 120"},
		{"negative duration", "duration: 2h", "duration: -2h"},
		{"bad attack id", "T1566.001", "T1566.1"},
		{"unknown phase", "phases: [detection,", "phases: [detect,"},
		{"empty roles", "roles:\n  - id: ir-lead\n    name: Incident lead\n  - id: soc\n    name: SOC analyst\n    description: First line.\n", "roles: []\n"},
		{"role without name", "    name: Incident lead\n", ""},
		{"unknown action key", "    label: Call the press\n", "    label: Call the press\n    lable: x\n"},
		{"expected and harmful", "    label: Call the press\n    phase: containment\n", "    label: Call the press\n    phase: containment\n    expected: {recommendation: R}\n    harmful: {why: W}\n"},
		{"missing recommendation", "      recommendation: Test restores quarterly.\n", "      weight: 2\n"},
		{"zero weight", "      weight: 3\n", "      weight: 0\n"},
		{"harmful without why", "      why: Payment funds the attacker and does not guarantee decryption.\n", ""},
		{"bad channel", "channel: alert", "channel: pager"},
		{"one choice", "choices: [pay-ransom, restore-backups]", "choices: [pay-ransom]"},
		{"condition with two keys", "      not_taken: isolate-hosts\n", "      not_taken: isolate-hosts\n      taken: triage-alert\n"},
		{"late credit above 1", "late_credit: 0.25", "late_credit: 2"},
		{"decision with two kinds", "{at: 30m, text: Informed legal}", "{at: 30m, text: Informed legal, action: isolate-hosts}"},
		{"bad rating", "rating: P", "rating: A"},
		{"score above 100", "detection: 100", "detection: 101"},
		{"bad status", "pay-ransom: avoided", "pay-ransom: dodged"},
		{"title not a string", "title: Phishing to ransomware", "title: [a]"},
		{"null title", "title: Phishing to ransomware", "title:"},
		{"blank label", "label: Call the press", `label: " "`},
		{"numeric id", "id: phish-to-ransom", "id: 2024"},
		{"quoted version", "ttx: 1", `ttx: "1"`},
		{"empty phases", "phases: [detection, containment, eradication, recovery, post-incident]", "phases: []"},
		{"empty choices", "choices: [pay-ransom, restore-backups]", "choices: []"},
		{"negative zero duration", "duration: 2h", "duration: -0s"},
		{"days", "duration: 2h", "duration: 1d"},
		{"milliseconds", "within: 15m", "within: 10ms"},
		{"ninety", "at: 45m", "at: 90"},
		{"lowercase attack id", "T1566.001", "t1566"},
		{"five-digit attack id", "T1566.001", "T15660"},
		{"numeric channel", "channel: alert", "channel: 1"},
		{"empty condition", "      not_taken: isolate-hosts\n", "      {}\n"},
		{"unknown condition key", "      not_taken: isolate-hosts\n", "      tkaen: isolate-hosts\n"},
		{"empty any", "      any:\n        - delivered: spread\n        - not:\n            taken: isolate-hosts\n", "      any: []\n"},
		{"decision of no kind", "{at: 30m, text: Informed legal}", "{at: 30m}"},
		{"blank decision text", "{at: 30m, text: Informed legal}", `{at: 30m, text: ""}`},
		{"late credit below 0", "late_credit: 0.25", "late_credit: -0.1"},
		{"negative weight", "      weight: 3\n", "      weight: -1\n"},
		{"quoted weight", "      weight: 3\n", "      weight: \"3\"\n"},
		{"critical not a boolean", "critical: true", "critical: yes"},
		{"rating X", "rating: P", "rating: X"},
		{"unknown phase in expect", "detection: 100", "detect: 100"},
		{"test without name", "  - name: perfect run\n", "  -\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !bytes.Contains(base, []byte(tt.old)) {
				t.Fatalf("base has no %q", tt.old)
			}
			data := bytes.Replace(base, []byte(tt.old), []byte(tt.new), 1)
			if _, err := scenarios.Parse("broken.yaml", data); err == nil {
				t.Fatalf("the loader accepts it")
			}
			if err := sch.Validate(yamlToJSON(t, data)); err == nil {
				t.Errorf("the loader rejects it but the schema accepts it")
			}
		})
	}
}

// TestSchemaAcceptsWhatTheLoaderAccepts checks variants the spec allows,
// including the leniencies of the loader (free text from any plain scalar,
// numbers such as .5 and 1e1), against both.
func TestSchemaAcceptsWhatTheLoaderAccepts(t *testing.T) {
	sch := compileSchema(t)
	base, err := os.ReadFile("testdata/valid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, old, new string }{
		{"title 2024", "title: Phishing to ransomware", "title: 2024"},
		{"name true", "name: Incident lead", "name: true"},
		{"from 911", "from: Attacker", "from: 911"},
		{"tags of numbers", "tags: [ransomware, phishing]", "tags: [2024, 1.5]"},
		{"empty description", "description: First line.", "description:"},
		{"numeric question", `questions: ["Who owns the decision to isolate?"]`, "questions: [42]"},
		{"numeric note", "note: Fast.", "note: 5"},
		{"numeric decision text", "{at: 30m, text: Informed legal}", "{at: 30m, text: 2024}"},
		{"string zero duration", "at: 45m", `at: "0"`},
		{"2h0m0s", "duration: 2h", "duration: 2h0m0s"},
		{"1.5h", "duration: 2h", "duration: 1.5h"},
		{"late credit .5", "late_credit: 0.25", "late_credit: .5"},
		{"late credit 1", "late_credit: 0.25", "late_credit: 1"},
		{"weight with exponent", "      weight: 3\n", "      weight: 1e1\n"},
		{"channel report", "channel: alert", "channel: report"},
		{"rating null", "rating: P", "rating: null"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !bytes.Contains(base, []byte(tt.old)) {
				t.Fatalf("base has no %q", tt.old)
			}
			data := bytes.Replace(base, []byte(tt.old), []byte(tt.new), 1)
			if _, err := scenarios.Parse("ok.yaml", data); err != nil {
				t.Fatalf("the loader rejects it: %v", err)
			}
			if err := sch.Validate(yamlToJSON(t, data)); err != nil {
				t.Errorf("the loader accepts it but the schema rejects it:\n%v", err)
			}
		})
	}
}

// TestSchemaForEditors holds what editors need of the schema (the rest is
// checked with the editors' own tools by .ci/schema.sh when node is
// present): every property has its own description, which is what
// yaml-language-server shows on hover; every duration and value list has a
// type, without which it completes "key" without its colon; no union type
// keyword (ajv --strict rejects it); and the phases, channels and ratings
// are consts with a description each, shown beside each completion.
func TestSchemaForEditors(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(scenarios.Schema(), &root); err != nil {
		t.Fatal(err)
	}
	defs := root["$defs"].(map[string]any)
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if ty, ok := v["type"].([]any); ok {
				t.Errorf("%s: union type %v (ajv --strict rejects it: use anyOf)", path, ty)
			}
			if props, ok := v["properties"].(map[string]any); ok {
				for name, p := range props {
					ps, ok := p.(map[string]any)
					if !ok { // true, as in a oneOf branch naming a key
						continue
					}
					if d, _ := ps["description"].(string); len(d) < 8 {
						t.Errorf("%s.%s: no description", path, name)
					}
				}
			}
			for k, sub := range v {
				walk(path+"/"+k, sub)
			}
		case []any:
			for i, sub := range v {
				walk(fmt.Sprintf("%s/%d", path, i), sub)
			}
		}
	}
	walk("#", root)

	for _, name := range []string{"duration", "text", "prose", "score"} {
		d := defs[name].(map[string]any)
		branches, _ := d["anyOf"].([]any)
		if len(branches) == 0 {
			t.Errorf("$defs/%s: want anyOf typed branches (yaml-language-server reads the type of anyOf)", name)
		}
		for _, b := range branches {
			if _, ok := b.(map[string]any)["type"]; !ok {
				t.Errorf("$defs/%s: a branch without a type: %v", name, b)
			}
		}
	}
	values := func(v any) map[string]string {
		out := map[string]string{}
		for _, b := range v.(map[string]any)["oneOf"].([]any) {
			bm := b.(map[string]any)
			if c, ok := bm["const"].(string); ok {
				out[c], _ = bm["description"].(string)
			}
		}
		return out
	}
	rating := root["$defs"].(map[string]any)["test"].(map[string]any)["properties"].(map[string]any)["expect"].(map[string]any)["properties"].(map[string]any)["rating"]
	for what, tt := range map[string]struct {
		got  map[string]string
		want []string
	}{
		"phase":   {values(defs["phase"]), []string{"preparation", "detection", "containment", "eradication", "recovery", "post-incident"}},
		"channel": {values(defs["channel"]), []string{"email", "phone", "chat", "alert", "ticket", "news", "report", "other"}},
		"rating":  {values(rating), []string{"P", "S", "M", "U"}},
	} {
		if len(tt.got) != len(tt.want) {
			t.Errorf("%s values = %v, want %v", what, tt.got, tt.want)
		}
		for _, v := range tt.want {
			if len(tt.got[v]) < 8 {
				t.Errorf("%s %q: no description (%q)", what, v, tt.got[v])
			}
		}
	}
}
