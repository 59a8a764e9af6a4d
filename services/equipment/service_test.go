package equipment_test

import (
	"bytes"
	"image"
	"image/png"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/document"
	"github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/inspectionclock"
	"github.com/hearthsafety/hearth/ent/inspectionrecord"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/services"
	eq "github.com/hearthsafety/hearth/services/equipment"
)

// clocks reads a unit's clocks by type.
func (d *district) clocks(t *testing.T, id any) map[enum.InspectionType]*ent.InspectionClock {
	t.Helper()
	e := id.(*ent.Equipment)
	cs, err := d.Client.InspectionClock.Query().Where(inspectionclock.EquipmentID(e.ID)).All(sys())
	if err != nil {
		t.Fatal(err)
	}
	out := map[enum.InspectionType]*ent.InspectionClock{}
	for _, c := range cs {
		out[c.Type] = c
	}
	return out
}

func (d *district) reload(t *testing.T, e *ent.Equipment) *ent.Equipment {
	t.Helper()
	e, err := d.Client.Equipment.Get(sys(), e.ID)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func str(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

func testClocks(t *testing.T, d *district) {
	st := d.site(t, "时代奥城锅炉房")
	// Commissioned 2025-03-01: the first external and internal inspections
	// fell due 12 months later, 2026-03-01; on 2026-03-10 both are overdue.
	b := d.unit(t, st, enum.EquipBoiler, "1#锅炉", commissioned("2025-03-01"))
	cs := d.clocks(t, b)
	if len(cs) != 2 || cs[enum.InspExternal] == nil || cs[enum.InspInternal] == nil {
		t.Fatalf("a boiler owes external and internal inspections, got %v", cs)
	}
	for _, c := range cs {
		if str(c.DueOn) != "2026-03-01" || c.State != enum.StateOverdue {
			t.Errorf("%s: due %s state %s, want 2026-03-01 overdue", c.Type, str(c.DueOn), c.State)
		}
	}
	if b.State == nil || *b.State != enum.StateOverdue || str(b.NextDueOn) != "2026-03-01" || b.Condition != enum.ConditionDefective {
		t.Errorf("boiler: state %v next %s condition %s, want overdue 2026-03-01 defective", b.State, str(b.NextDueOn), b.Condition)
	}
	// The external inspection done: the report's next date wins over the
	// 12-month cycle.
	d.record(t, b, eq.RecordInput{Type: enum.InspExternal, PerformedOn: "2026-03-05", Conclusion: enum.ConclusionPass,
		NextDueOn: ptr("2027-02-28"), Agency: "天津市特种设备监督检验技术研究院", ReportNo: "WJ-2026-001"})
	cs = d.clocks(t, b)
	if c := cs[enum.InspExternal]; str(c.DueOn) != "2027-02-28" || c.State != enum.StateValid || c.LastRecordID == nil {
		t.Errorf("external after its record: due %s state %s", str(c.DueOn), c.State)
	}
	if c := cs[enum.InspInternal]; c.State != enum.StateOverdue {
		t.Errorf("internal: %s, want still overdue", c.State)
	}
	// Internal done without a date on the report: last + 24 months.
	d.record(t, b, eq.RecordInput{Type: enum.InspInternal, PerformedOn: "2026-03-08", Conclusion: enum.ConclusionPass})
	b = d.reload(t, b)
	if c := d.clocks(t, b)[enum.InspInternal]; str(c.DueOn) != "2028-03-08" {
		t.Errorf("internal due %s, want 2028-03-08", str(c.DueOn))
	}
	if *b.State != enum.StateValid || str(b.NextDueOn) != "2027-02-28" || b.Condition != enum.ConditionIntact {
		t.Errorf("boiler now: %s %s %s, want valid 2027-02-28 intact", *b.State, str(b.NextDueOn), b.Condition)
	}
	// Internal inspection blocked by the structure: the hydro test is owed.
	ver := b.Version
	if _, err := d.Svc.EditEquipment(d.AsHeat, b.ID, ver, eq.EquipmentPatch{InternalBlocked: ptr(true)}); err != nil {
		t.Fatal(err)
	}
	if c := d.clocks(t, b)[enum.InspHydroTest]; c == nil || c.State != enum.StateMissing {
		t.Errorf("hydro test clock: %v, want missing (no record, no first date)", c)
	}
	// A gauge without any record is missing; a pump owes nothing.
	g := d.unit(t, st, enum.EquipPressureGauge, "1#锅炉出水压力表", func(in *eq.EquipmentInput) { in.ParentID = &b.ID })
	if g.State == nil || *g.State != enum.StateMissing || g.Condition != enum.ConditionDefective {
		t.Errorf("new gauge: %v %s", g.State, g.Condition)
	}
	p := d.unit(t, st, enum.EquipCirculationPump, "1#循环泵", func(in *eq.EquipmentInput) { in.Special = false })
	if p.State != nil || len(d.clocks(t, p)) != 0 || p.Condition != enum.ConditionIntact {
		t.Errorf("pump: state %v clocks %d condition %s", p.State, len(d.clocks(t, p)), p.Condition)
	}
	// An accessory hangs off a boiler or vessel of the same site only.
	other := d.site(t, "鞍山西道锅炉房")
	_, err := d.Svc.CreateEquipment(d.AsHeat, eq.EquipmentInput{SiteID: other.ID, Kind: enum.EquipSafetyValve, Name: "A阀", ParentID: &b.ID})
	if e := wantErr(t, err, services.KindInvalid, "validation_failed"); e.Fields[0].Field != "parent_id" {
		t.Errorf("fields %v", e.Fields)
	}
	_, err = d.Svc.CreateEquipment(d.AsHeat, eq.EquipmentInput{SiteID: st.ID, Kind: enum.EquipSafetyValve, Name: "B阀", ParentID: &p.ID})
	wantErr(t, err, services.KindInvalid, "validation_failed")
	// Another heating company cannot hang a unit on this site.
	_, err = d.Svc.CreateEquipment(d.AsHeat2, eq.EquipmentInput{SiteID: st.ID, Kind: enum.EquipBurner, Name: "燃烧器"})
	wantErr(t, err, services.KindInvalid, "validation_failed")
	// Sealed: reminders stop, clocks stay.
	b = d.reload(t, b)
	if _, err := d.Svc.EditEquipment(d.AsHeat, b.ID, b.Version, eq.EquipmentPatch{Status: ptr(enum.EquipSealed)}); err != nil {
		t.Fatal(err)
	}
	n, _ := d.Client.Reminder.Query().Where(reminder.StateEQ(reminder.StateScheduled), reminder.CompanyID(d.Heat)).
		Where(reminder.SubjectIDIn(clockIDs(d.clocks(t, b))...)).Count(sys())
	if n != 0 || d.reload(t, b).Condition != enum.ConditionUnknown {
		t.Errorf("sealed boiler: %d reminders scheduled, condition %s", n, d.reload(t, b).Condition)
	}
}

func clockIDs(cs map[enum.InspectionType]*ent.InspectionClock) (out []uuid.UUID) {
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func testSupersede(t *testing.T, d *district) {
	st := d.site(t, "鼓楼东锅炉房")
	v := d.unit(t, st, enum.EquipSafetyValve, "1#锅炉安全阀A")
	r1 := d.record(t, v, eq.RecordInput{Type: enum.InspValveCalibration, PerformedOn: "2025-10-20", Conclusion: enum.ConclusionPass, Sealed: true, SetPressure: "1.04MPa"})
	r2 := d.record(t, v, eq.RecordInput{Type: enum.InspValveCalibration, PerformedOn: "2026-03-03", Conclusion: enum.ConclusionPass, Sealed: true})
	if r1.SupersedesID != nil || r2.SupersedesID == nil || *r2.SupersedesID != r1.ID {
		t.Errorf("r2 supersedes %v, want %s", r2.SupersedesID, r1.ID)
	}
	// History entered late supersedes nothing; the current record stays.
	r0 := d.record(t, v, eq.RecordInput{Type: enum.InspValveCalibration, PerformedOn: "2024-10-18", Conclusion: enum.ConclusionPass})
	if r0.SupersedesID != nil {
		t.Errorf("an older record supersedes %v", r0.SupersedesID)
	}
	if c := d.clocks(t, v)[enum.InspValveCalibration]; c.LastRecordID == nil || *c.LastRecordID != r2.ID || str(c.DueOn) != "2027-03-03" {
		t.Errorf("clock: last %v due %s, want r2 and 2027-03-03", c.LastRecordID, str(c.DueOn))
	}
	hist, err := d.Client.InspectionRecord.Query().Where(inspectionrecord.EquipmentID(v.ID)).
		Order(ent.Desc(inspectionrecord.FieldPerformedOn)).All(d.AsStreet1)
	if err != nil || len(hist) != 3 || hist[0].ID != r2.ID {
		t.Errorf("history as the street: %d records, %v", len(hist), err)
	}
	// Records are append-only: a record of a future day, a next date
	// before it, a type the kind does not owe are refused.
	_, err = d.Svc.AddRecord(d.AsHeat, v.ID, eq.RecordInput{Type: enum.InspValveCalibration, PerformedOn: "2026-04-01", Conclusion: enum.ConclusionPass})
	wantErr(t, err, services.KindInvalid, "validation_failed")
	_, err = d.Svc.AddRecord(d.AsHeat, v.ID, eq.RecordInput{Type: enum.InspInternal, PerformedOn: "2026-03-01", Conclusion: enum.ConclusionPass})
	if e := wantErr(t, err, services.KindInvalid, "validation_failed"); e.Fields[0].Field != "type" {
		t.Errorf("fields %v", e.Fields)
	}
}

func testFailOpensHazard(t *testing.T, d *district) {
	st := d.site(t, "鞍山西道锅炉房")
	v := d.unit(t, st, enum.EquipSafetyValve, "1#锅炉安全阀A")
	rec := d.record(t, v, eq.RecordInput{Type: enum.InspValveCalibration, PerformedOn: "2026-03-02", Conclusion: enum.ConclusionFail,
		Agency: "天津市特种设备监督检验技术研究院", ReportNo: "AF-2026-17", MainIssues: "整定压力偏高，回座压差超标"})
	if rec.HazardID == nil {
		t.Fatal("a failing record opened no hazard")
	}
	h, err := d.Client.Hazard.Get(d.AsHeat, *rec.HazardID)
	if err != nil {
		t.Fatal(err)
	}
	if h.Category != enum.CategoryEquipmentDefect || h.Level != enum.LevelMajor || h.StreetID != d.Street1 ||
		h.SiteID == nil || *h.SiteID != st.ID || h.EquipmentID == nil || *h.EquipmentID != v.ID ||
		h.Deadline != "2026-04-01" || h.FoundOn != "2026-03-02" || h.CompanyID != d.Heat {
		t.Errorf("hazard: %+v", h)
	}
	for _, want := range []string{"鞍山西道锅炉房", "1#锅炉安全阀A", "安全阀", "整定压力偏高", "AF-2026-17"} {
		if !bytes.Contains([]byte(h.Description), []byte(want)) {
			t.Errorf("description %q lacks %q", h.Description, want)
		}
	}
	// The street sees it in its ledger; the unit is defective while a
	// major hazard is open on it.
	if _, err := d.Client.Hazard.Get(d.AsStreet1, h.ID); err != nil {
		t.Errorf("the street cannot read the hazard: %v", err)
	}
	if c := d.reload(t, v).Condition; c != enum.ConditionDefective {
		t.Errorf("condition %s, want defective", c)
	}
	// A pass record makes the clock valid but leaves the hazard to the
	// street's verification.
	d.record(t, v, eq.RecordInput{Type: enum.InspValveCalibration, PerformedOn: "2026-03-09", Conclusion: enum.ConclusionPass, Sealed: true})
	if c := d.clocks(t, v)[enum.InspValveCalibration]; c.State != enum.StateValid {
		t.Errorf("clock %s, want valid", c.State)
	}
	if h, _ = d.Client.Hazard.Get(d.AsHeat, h.ID); h.Status != enum.StatusReported {
		t.Errorf("hazard %s, want still reported", h.Status)
	}
	if c := d.reload(t, v).Condition; c != enum.ConditionDefective {
		t.Errorf("condition %s, want defective until the hazard is verified", c)
	}
	// A failing gauge opens a general hazard.
	g := d.unit(t, st, enum.EquipPressureGauge, "1#锅炉给水压力表")
	rg := d.record(t, g, eq.RecordInput{Type: enum.InspGaugeVerification, PerformedOn: "2026-03-02", Conclusion: enum.ConclusionFail, MainIssues: "示值误差超差"})
	if h, _ := d.Client.Hazard.Get(d.AsHeat, *rg.HazardID); h.Level != enum.LevelGeneral {
		t.Errorf("gauge hazard level %s", h.Level)
	}
	// Fail without issues is refused, and writes nothing.
	_, err = d.Svc.AddRecord(d.AsHeat, g.ID, eq.RecordInput{Type: enum.InspGaugeVerification, PerformedOn: "2026-03-03", Conclusion: enum.ConclusionFail})
	wantErr(t, err, services.KindInvalid, "validation_failed")
}

func testSiteMove(t *testing.T, d *district) {
	st := d.site(t, "鼓楼东锅炉房")
	b := d.unit(t, st, enum.EquipBoiler, "1#锅炉", commissioned("2025-06-01"))
	v := d.unit(t, st, enum.EquipSafetyValve, "安全阀", func(in *eq.EquipmentInput) { in.ParentID = &b.ID })
	rec := d.record(t, v, eq.RecordInput{Type: enum.InspValveCalibration, PerformedOn: "2026-03-01", Conclusion: enum.ConclusionPass})
	if _, err := d.Svc.Attach(d.AsHeat, v.ID, rec.ID, "校验报告.png", tinyPNG(t)); err != nil {
		t.Fatal(err)
	}
	st, err := d.Svc.EditSite(d.AsHeat, st.ID, st.Version, eq.SitePatch{StreetID: &d.Street2})
	if err != nil {
		t.Fatal(err)
	}
	if st.StreetID != d.Street2 || st.CommunityID != nil {
		t.Errorf("site street %s community %v", st.StreetID, st.CommunityID)
	}
	for _, e := range []*ent.Equipment{b, v} {
		if got := d.reload(t, e).StreetID; got != d.Street2 {
			t.Errorf("%s street %s", e.Name, got)
		}
		for _, c := range d.clocks(t, e) {
			if c.StreetID != d.Street2 {
				t.Errorf("%s clock %s not moved", e.Name, c.Type)
			}
		}
	}
	if r, _ := d.Client.InspectionRecord.Get(sys(), rec.ID); r.StreetID != d.Street2 {
		t.Error("record not moved")
	}
	if n, _ := d.Client.Document.Query().Where(document.OwnerID(rec.ID), document.StreetID(d.Street2)).Count(sys()); n != 1 {
		t.Error("document not moved")
	}
	n, _ := d.Client.Reminder.Query().Where(reminder.TenantID(d.Tenant), reminder.StreetID(d.Street1)).Count(sys())
	if n != 0 {
		t.Errorf("%d reminders left in the old street", n)
	}
	// The old street no longer sees the unit.
	if _, err := d.Client.Equipment.Get(d.AsStreet1, b.ID); !ent.IsNotFound(err) {
		t.Errorf("old street reads the unit: %v", err)
	}
	// A stale ETag is refused.
	_, err = d.Svc.EditSite(d.AsHeat, st.ID, st.Version-1, eq.SitePatch{Name: ptr("x")})
	wantErr(t, err, services.KindStale, "stale_etag")
}

func testReminders(t *testing.T, d *district) {
	st := d.site(t, "时代奥城锅炉房")
	b := d.unit(t, st, enum.EquipBoiler, "1#锅炉")
	// The demo's case: external inspection due Tue 2026-12-08; T-30 is Sun
	// 11-08, so it goes out on Fri 11-06 at 09:00 (01:00 UTC).
	d.record(t, b, eq.RecordInput{Type: enum.InspExternal, PerformedOn: "2025-12-08", Conclusion: enum.ConclusionPass, NextDueOn: ptr("2026-12-08")})
	c := d.clocks(t, b)[enum.InspExternal]
	rs, err := d.Client.Reminder.Query().Where(reminder.SubjectID(c.ID), reminder.StateEQ(reminder.StateScheduled)).All(sys())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*ent.Reminder{}
	for _, r := range rs {
		got[r.Rung] = r
	}
	want := map[string]string{
		"d30": "2026-11-06T01:00:00Z", "d7": "2026-12-01T01:00:00Z", "d1": "2026-12-07T01:00:00Z",
		"e0": "2026-12-08T16:00:00Z", // the due date's end, to the company
		"e1": "2026-12-09T16:00:00Z", // the end of the next working day, to street and bureau
	}
	for rung, at := range want {
		r := got[rung]
		if r == nil {
			t.Errorf("no rung %s (have %v)", rung, got)
			continue
		}
		if r.DueAt.UTC().Format(time.RFC3339) != at || r.Subject != eq.ReminderSubject || r.Deadline != "2026-12-08" {
			t.Errorf("%s at %s (%s, %s), want %s", rung, r.DueAt.UTC().Format(time.RFC3339), r.Subject, r.Deadline, at)
		}
	}
	if e1 := got["e1"]; e1 != nil && (len(e1.Audience) != 2 || e1.Audience[0] != "street" || e1.Audience[1] != "bureau") {
		t.Errorf("e1 audience %v", e1.Audience)
	}
	if len(got) != len(want) {
		t.Errorf("rungs %d, want %d", len(got), len(want))
	}
	// A new record moves the deadline: the old rungs are cancelled.
	d.record(t, b, eq.RecordInput{Type: enum.InspExternal, PerformedOn: "2026-03-09", Conclusion: enum.ConclusionPass})
	n, _ := d.Client.Reminder.Query().Where(reminder.SubjectID(c.ID), reminder.StateEQ(reminder.StateScheduled), reminder.Deadline("2026-12-08")).Count(sys())
	m, _ := d.Client.Reminder.Query().Where(reminder.SubjectID(c.ID), reminder.StateEQ(reminder.StateScheduled), reminder.Deadline("2027-03-09")).Count(sys())
	if n != 0 || m != 5 {
		t.Errorf("after the new record: %d old rungs scheduled, %d new", n, m)
	}
}

func testDenied(t *testing.T, d *district) {
	_, err := d.Svc.CreateSite(d.AsGas, eq.SiteInput{Kind: enum.SiteGasFacility, Name: "调压站", StreetID: d.Street1})
	wantErr(t, err, services.KindForbidden, "forbidden")
	_, err = d.Svc.CreateSite(d.AsBureau, eq.SiteInput{Kind: enum.SiteBoilerRoom, Name: "锅炉房", StreetID: d.Street1})
	wantErr(t, err, services.KindForbidden, "forbidden")
	st := d.site(t, "时代奥城锅炉房")
	b := d.unit(t, st, enum.EquipBoiler, "1#锅炉")
	_, err = d.Svc.AddRecord(d.AsGas, b.ID, eq.RecordInput{Type: enum.InspExternal, PerformedOn: "2026-03-01", Conclusion: enum.ConclusionPass})
	wantErr(t, err, services.KindForbidden, "forbidden")
	_, err = d.Svc.EditEquipment(d.AsStreet1, b.ID, b.Version, eq.EquipmentPatch{Name: ptr("x")})
	wantErr(t, err, services.KindForbidden, "forbidden")
	// Another heating company does not see it at all.
	_, err = d.Svc.AddRecord(d.AsHeat2, b.ID, eq.RecordInput{Type: enum.InspExternal, PerformedOn: "2026-03-01", Conclusion: enum.ConclusionPass})
	wantErr(t, err, services.KindNotFound, "not_found")
	_, err = d.Svc.SetRule(d.AsHeat, enum.EquipBoiler, enum.InspExternal, eq.RuleInput{IntervalMonths: 6, Readiness: enum.TestOnStart, Enabled: true})
	wantErr(t, err, services.KindForbidden, "forbidden")
}

func testRules(t *testing.T, d *district) {
	st := d.site(t, "时代奥城锅炉房")
	g := d.unit(t, st, enum.EquipPressureGauge, "出水压力表")
	d.record(t, g, eq.RecordInput{Type: enum.InspGaugeVerification, PerformedOn: "2026-01-05", Conclusion: enum.ConclusionPass})
	if c := d.clocks(t, g)[enum.InspGaugeVerification]; str(c.DueOn) != "2026-07-05" {
		t.Fatalf("gauge due %s", str(c.DueOn))
	}
	// The bureau shortens gauges to 3 months: the clock follows at once.
	rv, err := d.Svc.SetRule(d.AsBureau, enum.EquipPressureGauge, enum.InspGaugeVerification,
		eq.RuleInput{IntervalMonths: 3, LeadDays: 30, Readiness: enum.TestOnStart, Enabled: true, Basis: "区局要求每季度检定"})
	if err != nil {
		t.Fatal(err)
	}
	if !rv.Overridden || rv.IntervalMonths != 3 || rv.TypeLabel != "压力表检定" {
		t.Errorf("rule view %+v", rv)
	}
	if c := d.clocks(t, g)[enum.InspGaugeVerification]; str(c.DueOn) != "2026-04-05" || c.State != enum.StateDueSoon {
		t.Errorf("gauge after override: due %s state %s, want 2026-04-05 due_soon", str(c.DueOn), c.State)
	}
	rules, err := d.Svc.Rules(d.AsStreet1)
	if err != nil || len(rules) != len(eq.Defaults) {
		t.Fatalf("rules %d %v", len(rules), err)
	}
	// Back to the default.
	if err := d.Svc.ResetRule(d.AsBureau, enum.EquipPressureGauge, enum.InspGaugeVerification); err != nil {
		t.Fatal(err)
	}
	if c := d.clocks(t, g)[enum.InspGaugeVerification]; str(c.DueOn) != "2026-07-05" {
		t.Errorf("gauge after reset: %s", str(c.DueOn))
	}
	// Disabling a rule drops its clocks.
	if _, err := d.Svc.SetRule(d.AsBureau, enum.EquipPressureGauge, enum.InspGaugeVerification,
		eq.RuleInput{IntervalMonths: 6, LeadDays: 14, Readiness: enum.TestOnStart, Enabled: false}); err != nil {
		t.Fatal(err)
	}
	if n := len(d.clocks(t, g)); n != 0 || d.reload(t, g).State != nil {
		t.Errorf("disabled rule: %d clocks, state %v", n, d.reload(t, g).State)
	}
}

func testNightly(t *testing.T, d *district) {
	st := d.site(t, "鼓楼东锅炉房")
	g := d.unit(t, st, enum.EquipPressureGauge, "1#锅炉给水压力表")
	d.record(t, g, eq.RecordInput{Type: enum.InspGaugeVerification, PerformedOn: "2026-03-01", Conclusion: enum.ConclusionPass, NextDueOn: ptr("2026-04-20")})
	if s := *d.reload(t, g).State; s != enum.StateValid {
		t.Fatalf("state %s", s)
	}
	c0 := d.clocks(t, g)[enum.InspGaugeVerification]
	rungs, _ := d.Client.Reminder.Query().Where(reminder.SubjectID(c0.ID)).Count(sys())
	// 2026-04-10: inside the 14 lead days.
	d.Clock.set(time.Date(2026, 4, 10, 4, 0, 0, 0, time.UTC))
	if _, err := d.Svc.Nightly(t.Context()); err != nil {
		t.Fatal(err)
	}
	if s := *d.reload(t, g).State; s != enum.StateDueSoon {
		t.Errorf("state %s, want due_soon", s)
	}
	// 2026-04-21: overdue, defective; the reminders are those it had.
	d.Clock.set(time.Date(2026, 4, 21, 4, 0, 0, 0, time.UTC))
	if _, err := d.Svc.Nightly(t.Context()); err != nil {
		t.Fatal(err)
	}
	g = d.reload(t, g)
	if *g.State != enum.StateOverdue || g.Condition != enum.ConditionDefective {
		t.Errorf("state %s condition %s", *g.State, g.Condition)
	}
	if n, _ := d.Client.Reminder.Query().Where(reminder.SubjectID(c0.ID)).Count(sys()); n != rungs {
		t.Errorf("reminders %d, were %d", n, rungs)
	}
	// A unit whose clocks were lost (entered before a rule) gets them back.
	if _, err := d.Client.InspectionClock.Delete().Where(inspectionclock.EquipmentID(g.ID)).Exec(sys()); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Svc.Nightly(t.Context()); err != nil {
		t.Fatal(err)
	}
	if c := d.clocks(t, g)[enum.InspGaugeVerification]; c == nil || c.State != enum.StateOverdue {
		t.Errorf("clock laid again: %v", c)
	}
	if n, _ := d.Client.Equipment.Query().Where(equipment.TenantID(d.Tenant)).Count(sys()); n != 1 {
		t.Errorf("units %d", n)
	}
}

func testDocuments(t *testing.T, d *district) {
	st := d.site(t, "时代奥城锅炉房")
	v := d.unit(t, st, enum.EquipSafetyValve, "安全阀")
	rec := d.record(t, v, eq.RecordInput{Type: enum.InspValveCalibration, PerformedOn: "2026-03-01", Conclusion: enum.ConclusionPass})
	doc, err := d.Svc.Attach(d.AsHeat, v.ID, rec.ID, `C:\报告\校验报告.png`, tinyPNG(t))
	if err != nil {
		t.Fatal(err)
	}
	if doc.Filename != "校验报告.png" || doc.ContentType != "image/png" || doc.Owner != eq.DocumentOwner || doc.StreetID != d.Street1 {
		t.Errorf("document %+v", doc)
	}
	_, err = d.Svc.Attach(d.AsHeat, v.ID, rec.ID, "a.txt", []byte("plain text, not a report"))
	wantErr(t, err, services.KindUnsupported, "unsupported_file_type")
	_, err = d.Svc.Attach(d.AsStreet1, v.ID, rec.ID, "a.png", tinyPNG(t))
	wantErr(t, err, services.KindForbidden, "forbidden")
}

func tinyPNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
