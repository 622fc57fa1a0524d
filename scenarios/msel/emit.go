package msel

import (
	"bytes"

	"gopkg.in/yaml.v3"
)

// The scenario file as written: the keys of the scenario format, in the
// order an author would write them.
type scenarioFile struct {
	TTX        int             `yaml:"ttx"`
	ID         string          `yaml:"id"`
	Title      string          `yaml:"title"`
	Summary    string          `yaml:"summary"`
	Duration   string          `yaml:"duration"`
	Roles      []roleFile      `yaml:"roles"`
	Objectives []objectiveFile `yaml:"objectives,omitempty"`
	Actions    []actionFile    `yaml:"actions"`
	Injects    []injectFile    `yaml:"injects"`
}

type roleFile struct {
	ID          string `yaml:"id"`
	Name        string `yaml:"name"`
	Description string `yaml:"description,omitempty"`
}

type objectiveFile struct {
	ID         string `yaml:"id"`
	Text       string `yaml:"text"`
	Capability string `yaml:"capability,omitempty"`
}

type actionFile struct {
	ID             string        `yaml:"id"`
	Label          string        `yaml:"label"`
	Phase          string        `yaml:"phase"`
	Role           string        `yaml:"role,omitempty"`
	AvailableAfter string        `yaml:"available_after,omitempty"`
	Expected       *expectedFile `yaml:"expected,omitempty"`
}

type expectedFile struct {
	After          string `yaml:"after,omitempty"`
	Objective      string `yaml:"objective,omitempty"`
	Capability     string `yaml:"capability,omitempty"`
	Recommendation string `yaml:"recommendation"`
}

type injectFile struct {
	ID        string   `yaml:"id"`
	At        string   `yaml:"at"`
	StoryTime string   `yaml:"story_time,omitempty"`
	Phase     string   `yaml:"phase,omitempty"`
	Title     string   `yaml:"title"`
	From      string   `yaml:"from,omitempty"`
	To        []string `yaml:"to,omitempty,flow"`
	Channel   string   `yaml:"channel,omitempty"`
	Body      string   `yaml:"body,omitempty"`
	Attack    []string `yaml:"attack,omitempty,flow"`
	Choices   []string `yaml:"choices,omitempty"`
	Questions []string `yaml:"questions,omitempty"`
	Notes     string   `yaml:"facilitator_notes,omitempty"`
}

func (f *scenarioFile) marshal() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# Imported by `ttx import`: review the summary, the roles, the actions and\n# every recommendation marked TODO, then run `ttx validate`.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
