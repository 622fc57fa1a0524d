package scoring

import (
	"testing"
	"time"

	"github.com/ttx-sim/ttx/scenarios"
	"github.com/ttx-sim/ttx/sim"
)

// fixtureScenario is a small but complete scenario for report tests: every
// kind of action, an anchored deadline, a conditional inject, objectives
// with capabilities.
func fixtureScenario(t testing.TB) *scenarios.Scenario {
	s := &scenarios.Scenario{
		Version: 1, ID: "ransomware-friday", Title: "Ransomware on a Friday",
		Summary:  "Friday, 16:30. The helpdesk reports encrypted shares.\nDecide fast.",
		Duration: 2 * scenarios.Hour,
		Roles: []scenarios.Role{
			{ID: "ir", Name: "Incident lead"}, {ID: "legal", Name: "Legal counsel"}, {ID: "comms", Name: "Communications"},
		},
		Phases: []scenarios.Phase{scenarios.Detection, scenarios.Containment, scenarios.Eradication, scenarios.Recovery},
		Objectives: []scenarios.Objective{
			{ID: "contain", Text: "Contain the spread within 30 minutes", Capability: "RS.MI"},
			{ID: "notify", Text: "Meet notification duties", Capability: "RS.CO"},
		},
		Scoring: scenarios.Scoring{LateCredit: num(t, "0.5")},
	}
	within := func(d scenarios.Duration) *scenarios.Duration { return &d }
	s.Actions = []scenarios.Action{
		{ID: "triage-alert", Label: "Triage the EDR alert", Phase: scenarios.Detection, Role: "ir",
			Expected: &scenarios.Expected{Weight: num(t, "2"), Within: within(15 * m), After: "edr-alert", Capability: "DE.AE",
				Recommendation: "Give the on-call analyst a triage runbook for EDR ransomware alerts."}},
		{ID: "isolate-hosts", Label: "Isolate affected hosts", Phase: scenarios.Containment, Role: "ir",
			Expected: &scenarios.Expected{Weight: num(t, "3"), Critical: true, Within: within(30 * m), After: "edr-alert", Objective: "contain",
				Recommendation: "Pre-authorise the on-call lead to isolate hosts without waiting for approval."}},
		{ID: "call-legal", Label: "Bring legal counsel in", Phase: scenarios.Containment, Role: "legal",
			Expected: &scenarios.Expected{Weight: num(t, "1"), Objective: "notify",
				Recommendation: "Put legal counsel on the incident call list."}},
		{ID: "reimage-now", Label: "Reimage servers at once", Phase: scenarios.Eradication,
			Harmful: &scenarios.Harmful{Penalty: num(t, "2"), Why: "Destroys the evidence the investigation needs."}},
		{ID: "restore-backups", Label: "Restore from offline backups", Phase: scenarios.Recovery,
			Expected: &scenarios.Expected{Weight: num(t, "2"), Capability: "RC.RP", Recommendation: "Test offline restores every quarter."}},
		{ID: "pay-ransom", Label: "Pay the ransom", Phase: scenarios.Recovery,
			Harmful: &scenarios.Harmful{Penalty: num(t, "3"), Why: "Funds crime and does not guarantee decryption."}},
		{ID: "check-weather", Label: "Check the weather", Phase: scenarios.Detection},
	}
	s.Injects = []scenarios.Inject{
		{ID: "edr-alert", At: 10 * m, Title: "EDR: ransomware behaviour on FS01", From: "EDR console", Channel: scenarios.ChannelAlert},
		{ID: "ceo-call", At: 30 * m, Title: "The CEO calls", From: "CEO", Channel: scenarios.ChannelPhone},
		{ID: "spread", At: 45 * m, Title: "Ten more servers encrypted", Channel: scenarios.ChannelAlert,
			When: &scenarios.Condition{NotTaken: "isolate-hosts"}},
		{ID: "ransom-note", At: 60 * m, Title: "Ransom note on the file shares", Channel: scenarios.ChannelOther},
	}
	s.BuildIndex()
	return s
}

var fixtureCreated = time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)

// fixtureSession is a typical team: triage on time, isolation late, legal
// never called, one harmful action, a free-text decision, notes, a phase
// change and an owner for one corrective action.
func fixtureSession(t testing.TB) *Session {
	s := fixtureScenario(t)
	evs := events(
		deliver("edr-alert", 10*m),
		sim.Event{Kind: sim.KindDecision, Action: "triage-alert", At: 18 * m, Role: "ir", Note: "Alert looks real", Phase: scenarios.Detection},
		sim.Event{Kind: sim.KindDecision, Action: "check-weather", At: 20 * m, Phase: scenarios.Detection},
		deliver("ceo-call", 30*m),
		sim.Event{Kind: sim.KindPhase, Phase: scenarios.Containment, At: 31 * m},
		sim.Event{Kind: sim.KindDecision, Text: "Tell the CEO we are on it", At: 33 * m, Role: "comms", Phase: scenarios.Containment},
		sim.Event{Kind: sim.KindDecision, Action: "isolate-hosts", At: 44 * m, Role: "ir", Phase: scenarios.Containment},
		skip("spread", 45*m),
		sim.Event{Kind: sim.KindNote, Text: "Facilitator: team hesitated on isolation", At: 50 * m, Phase: scenarios.Containment},
		deliver("ransom-note", 60*m),
		sim.Event{Kind: sim.KindDecision, Action: "reimage-now", At: 70 * m, Phase: scenarios.Containment},
		sim.Event{Kind: sim.KindDecision, Action: "restore-backups", At: 90 * m, Phase: scenarios.Containment},
		endAt(100*m),
		sim.Event{Kind: sim.KindCorrective, Action: "isolate-hosts", Owner: "SOC manager", Due: "2026-12-15", At: 100 * m},
	)
	return &Session{Dir: "sessions/2026-11-20-ransomware-friday", Scenario: s, Created: fixtureCreated, Version: "1.0.0", Events: evs}
}
