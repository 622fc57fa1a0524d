package msel

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/ttx-sim/ttx/scenarios"
)

// TestRoundTrip writes every library scenario as a MSEL, imports it again
// and finds the same injects: times, titles, bodies, recipients (by role
// name), channels, phases and story times, in the order the engine
// processes them (the writer's order).
func TestRoundTrip(t *testing.T) {
	for _, s := range library(t) {
		for _, format := range []struct {
			ext   string
			write func(*bytes.Buffer, *scenarios.Scenario) error
		}{
			{"csv", func(b *bytes.Buffer, s *scenarios.Scenario) error { return WriteCSV(b, s) }},
			{"xlsx", func(b *bytes.Buffer, s *scenarios.Scenario) error { return WriteXLSX(b, s) }},
		} {
			t.Run(s.ID+"."+format.ext, func(t *testing.T) {
				var b bytes.Buffer
				if err := format.write(&b, s); err != nil {
					t.Fatal(err)
				}
				res, err := Import(s.ID+"."+format.ext, b.Bytes(), Options{})
				if err != nil {
					t.Fatal(err)
				}
				got := res.Scenario
				if len(res.Summary.Warnings) > 0 {
					t.Errorf("warnings: %q", res.Summary.Warnings)
				}
				if len(got.Injects) != len(s.Injects) {
					t.Fatalf("%d injects, want %d", len(got.Injects), len(s.Injects))
				}
				for i, j := range s.InjectOrder() {
					want, in := &s.Injects[j], &got.Injects[i]
					if in.ID != want.ID {
						t.Errorf("inject %d: id %q, want %q", i, in.ID, want.ID)
					}
					if in.At != want.At {
						t.Errorf("%s: at %s, want %s", want.ID, in.At.Clock(), want.At.Clock())
					}
					if in.Title != want.Title {
						t.Errorf("%s: title %q, want %q", want.ID, in.Title, want.Title)
					}
					if in.Body != strings.TrimSpace(want.Body) {
						t.Errorf("%s: body %q, want %q", want.ID, in.Body, want.Body)
					}
					if g, w := roleNames(got, in.To), roleNames(s, want.To); !slices.Equal(g, w) {
						t.Errorf("%s: to %q, want %q", want.ID, g, w)
					}
					if in.Channel != want.Channel {
						t.Errorf("%s: channel %q, want %q", want.ID, in.Channel, want.Channel)
					}
					if in.Phase != want.Phase {
						t.Errorf("%s: phase %q, want %q", want.ID, in.Phase, want.Phase)
					}
					if in.StoryTime != want.StoryTime {
						t.Errorf("%s: story time %q, want %q", want.ID, in.StoryTime, want.StoryTime)
					}
					if !slices.Equal(in.Questions, want.Questions) {
						t.Errorf("%s: questions %q, want %q", want.ID, in.Questions, want.Questions)
					}
					if !slices.Equal(in.Attack, want.Attack) {
						t.Errorf("%s: attack %q, want %q", want.ID, in.Attack, want.Attack)
					}
					if g, w := actionLabels(got, in.Choices), actionLabels(s, want.Choices); !slices.Equal(g, w) {
						t.Errorf("%s: choices %q, want %q", want.ID, g, w)
					}
				}
				if g, w := expectedLabels(got), expectedLabels(s); !slices.Equal(g, w) {
					t.Errorf("expected actions %q, want %q", g, w)
				}
			})
		}
	}
}

func roleNames(s *scenarios.Scenario, ids []string) []string {
	var out []string
	for _, id := range ids {
		r, _ := s.Role(id)
		out = append(out, r.Name)
	}
	return out
}

func actionLabels(s *scenarios.Scenario, ids []string) []string {
	var out []string
	for _, id := range ids {
		a, _ := s.Action(id)
		out = append(out, a.Label)
	}
	return out
}

// expectedLabels lists the expected actions as "inject-id: label", sorted.
func expectedLabels(s *scenarios.Scenario) []string {
	var out []string
	for _, a := range s.Actions {
		if a.Expected != nil {
			after := a.Expected.After
			if after == "" {
				after = s.Injects[s.InjectOrder()[0]].ID
			}
			out = append(out, after+": "+a.Label)
		}
	}
	slices.Sort(out)
	return out
}
