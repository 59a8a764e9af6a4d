package readiness_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/inspectionclock"
	"github.com/hearthsafety/hearth/ent/readinessitem"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/equipment"
	"github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/services/readiness"
	"github.com/hearthsafety/hearth/storage"
)

// The register and the campaign together, through their real services
// (no ent writes of derived rows), wired as handlers/app.go wires them:
// readiness.Service.Refresh is equipment.Service.RefreshUnits. A movable
// clock; SQLite, or PostgreSQL with HEARTH_TEST_DATABASE_URL.

type both struct {
	client                 *ent.Client
	clock                  *clock
	eq                     *equipment.Service
	rd                     *readiness.Service
	tenant, bureau, heat   uuid.UUID
	street1, street2       uuid.UUID
	asBureau, asHeat, asS1 context.Context
	loc                    *time.Location
	rungsOf                func(t *testing.T, subject string, id uuid.UUID) map[string]string
}

func newBoth(t *testing.T, at time.Time) *both {
	t.Helper()
	db := migrationstest.Open(t)
	b := &both{client: db.Client, clock: &clock{}}
	b.loc, _ = time.LoadLocation("Asia/Shanghai")
	b.clock.set(at)
	sys := policy.System(context.Background())
	tx, err := b.client.Tx(sys)
	must(t, err)
	tn := must1(tx.Tenant.Create().SetSlug("nankai").SetName("南开区").SetTimezone("Asia/Shanghai").Save(sys))
	b.tenant = tn.ID
	org := func(name string, kind enum.OrgKind) uuid.UUID {
		return must1(tx.Org.Create().SetTenantID(tn.ID).SetName(name).SetKind(kind).Save(sys)).ID
	}
	b.bureau, b.heat = org("南开区城市管理委员会", enum.OrgBureau), org("南开区供热服务中心", enum.OrgHeatingCompany)
	b.street1, b.street2 = org("体育中心街", enum.OrgStreet), org("学府街", enum.OrgStreet)
	viewer := func(name, role string, o uuid.UUID, kind enum.OrgKind) context.Context {
		u := must1(tx.User.Create().SetTenantID(tn.ID).SetUsername(name).SetDisplayName(name).SetPasswordHash("x").SetOrgID(o).Save(sys))
		return policy.NewContext(context.Background(), &policy.Viewer{UserID: u.ID, Username: name, DisplayName: name,
			TenantID: tn.ID, TenantSlug: "nankai", Timezone: "Asia/Shanghai", OrgID: o, OrgKind: kind,
			Roles: []string{role}, Streets: []uuid.UUID{o}})
	}
	b.asBureau = viewer("赵敏", policy.RoleBureauAdmin, b.bureau, enum.OrgBureau)
	b.asHeat = viewer("周涛", policy.RoleCompanyAdmin, b.heat, enum.OrgHeatingCompany)
	b.asS1 = viewer("李娜", policy.RoleStreetOfficer, b.street1, enum.OrgStreet)
	must(t, tx.Commit())
	engine := reminders.NewEngine(b.client, nil, nil, b.clock.now)
	lg := ledger.New(b.client, engine, storage.Dir{Root: t.TempDir()}, b.clock.now)
	b.eq = equipment.New(b.client, engine, storage.Dir{Root: t.TempDir()}, b.clock.now)
	b.rd = readiness.New(b.client, engine, storage.Dir{Root: t.TempDir()}, lg, b.clock.now)
	b.rd.Refresh = b.eq.RefreshUnits
	w := &world{client: b.client, loc: b.loc}
	b.rungsOf = w.rungs
	return b
}

// at is 10:00 in Tianjin on date.
func at(date string) time.Time {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		panic(err)
	}
	return d.Add(2 * time.Hour)
}

// condition is a unit's condition as the register keeps it.
func (b *both) condition(t *testing.T, id uuid.UUID) enum.Condition {
	t.Helper()
	return must1(b.eq.GetEquipment(b.asHeat, id)).Condition
}

// intact is the board's 设备完好率 of the company: numerator/denominator.
func (b *both) intact(t *testing.T, code string) [2]int {
	t.Helper()
	bd := must1(b.rd.BoardOf(b.asBureau, code, "company"))
	if len(bd.Rows) != 1 {
		t.Fatalf("board rows %+v", bd.Rows)
	}
	return [2]int{bd.Rows[0].IntactRate.Numerator, bd.Rows[0].IntactRate.Denominator}
}

// TestOverhaulCondition: a unit is intact only if its overhaul item of the
// current campaign, if any, is done (programmes §1.4). An open item on it
// makes it defective and lowers the board's intact rate; done, it is intact
// again. A calibration item does not count (inspections count by their
// clocks), nor an item of a season that is not the current one.
func TestOverhaulCondition(t *testing.T) {
	b := newBoth(t, at("2026-06-01"))
	old := must1(b.rd.CreateSeason(b.asBureau, readiness.SeasonInput{Code: "2025-2026"}))
	se := must1(b.rd.CreateSeason(b.asBureau, readiness.SeasonInput{Code: "2026-2027"}))
	st := must1(b.eq.CreateSite(b.asHeat, equipment.SiteInput{Kind: enum.SiteBoilerRoom, Name: "时代奥城锅炉房", StreetID: b.street1}))
	pump1 := must1(b.eq.CreateEquipment(b.asHeat, equipment.EquipmentInput{SiteID: st.ID, Kind: enum.EquipCirculationPump, Name: "1#循环泵"}))
	pump2 := must1(b.eq.CreateEquipment(b.asHeat, equipment.EquipmentInput{SiteID: st.ID, Kind: enum.EquipCirculationPump, Name: "2#循环泵"}))
	if c1, c2 := b.condition(t, pump1.ID), b.condition(t, pump2.ID); c1 != enum.ConditionIntact || c2 != enum.ConditionIntact {
		t.Fatalf("new pumps %s, %s", c1, c2)
	}
	p, _, err := b.rd.CreatePlan(b.asHeat, readiness.PlanInput{SeasonID: se.ID})
	must(t, err)
	if got := b.intact(t, "2026-2027"); got != [2]int{2, 2} {
		t.Fatalf("intact %v before any item", got)
	}

	// The overhaul item of pump 1: defective, the rate falls.
	it := must1(b.rd.AddItem(b.asHeat, p.ID, readiness.ItemInput{Category: enum.ItemBoilerAux, EquipmentID: &pump1.ID,
		Title: "1#循环泵解体检修", DueOn: "2026-09-30"}))
	if c := b.condition(t, pump1.ID); c != enum.ConditionDefective {
		t.Errorf("pump 1 with its overhaul open: %s", c)
	}
	if got := b.intact(t, "2026-2027"); got != [2]int{1, 2} {
		t.Errorf("intact %v with an overhaul open, want 1/2", got)
	}
	// The nightly pass counts it too.
	b.clock.set(at("2026-06-02"))
	must1(b.eq.Nightly(context.Background()))
	if c := b.condition(t, pump1.ID); c != enum.ConditionDefective {
		t.Errorf("pump 1 after the nightly pass: %s", c)
	}
	// A calibration item on pump 2 and an open item of last season: pump 2
	// stays intact.
	must1(b.rd.AddItem(b.asHeat, p.ID, readiness.ItemInput{Category: enum.ItemCalibration, EquipmentID: &pump2.ID,
		Title: "2#循环泵压力表检定", DueOn: "2026-09-30"}))
	oldPlan, _, err := b.rd.CreatePlan(b.asHeat, readiness.PlanInput{SeasonID: old.ID})
	must(t, err)
	must1(b.rd.AddItem(b.asHeat, oldPlan.ID, readiness.ItemInput{Category: enum.ItemBoilerAux, EquipmentID: &pump2.ID,
		Title: "2#循环泵检修（上一采暖季）", DueOn: "2025-10-31"}))
	must1(b.eq.Nightly(context.Background()))
	if c := b.condition(t, pump2.ID); c != enum.ConditionIntact {
		t.Errorf("pump 2 with a calibration item and last season's item: %s", c)
	}

	// Started is not done; done is intact again, and the rate is back.
	must1(b.rd.Take(b.asHeat, p.ID, it.ID, readiness.Start, readiness.StepInput{}))
	if c := b.condition(t, pump1.ID); c != enum.ConditionDefective {
		t.Errorf("pump 1 with its overhaul in progress: %s", c)
	}
	must1(b.rd.Take(b.asHeat, p.ID, it.ID, readiness.Done, readiness.StepInput{Note: "叶轮、轴承已更换"}))
	if c := b.condition(t, pump1.ID); c != enum.ConditionIntact {
		t.Errorf("pump 1 with its overhaul done: %s", c)
	}
	if got := b.intact(t, "2026-2027"); got != [2]int{2, 2} {
		t.Errorf("intact %v after the overhaul, want 2/2", got)
	}
	// Sent back, it is open again.
	must1(b.rd.Take(b.asS1, p.ID, it.ID, readiness.Reject, readiness.StepInput{Note: "缺检修记录"}))
	if c := b.condition(t, pump1.ID); c != enum.ConditionDefective {
		t.Errorf("pump 1 with its overhaul sent back: %s", c)
	}
}

// TestSeasonWalk walks the season 2026-2027 with a movable clock through
// the register's and the campaign's services: a boiler room with a boiler,
// a safety valve and a pressure gauge, their records added; the season and
// the plan generated from the register; the valve's reminders; at
// 2026-11-01 the valve overdue blocks the declaration, named in every
// blocker; a new record and its item done unblock it; the bureau accepts
// with a condition, which becomes an item of the plan.
func TestSeasonWalk(t *testing.T) {
	b := newBoth(t, at("2026-03-20"))
	st := must1(b.eq.CreateSite(b.asHeat, equipment.SiteInput{Kind: enum.SiteBoilerRoom, Name: "时代奥城锅炉房",
		StreetID: b.street1, Address: "南开区宾水西道399号"}))
	unit := func(kind enum.EquipmentKind, name string) *ent.Equipment {
		return must1(b.eq.CreateEquipment(b.asHeat, equipment.EquipmentInput{SiteID: st.ID, Kind: kind, Name: name, Special: true,
			CommissionedOn: ptr("2020-10-01")}))
	}
	boiler := unit(enum.EquipBoiler, "1#燃气热水锅炉")
	valve := unit(enum.EquipSafetyValve, "1#锅炉安全阀")
	gauge := unit(enum.EquipPressureGauge, "1#锅炉出水压力表")
	record := func(e *ent.Equipment, typ enum.InspectionType, on string) {
		t.Helper()
		must1(b.eq.AddRecord(b.asHeat, e.ID, equipment.RecordInput{Type: typ, PerformedOn: on, Conclusion: enum.ConclusionPass,
			Agency: "天津市特种设备监督检验技术研究院", ReportNo: "JY-" + on}))
	}
	record(boiler, enum.InspExternal, "2026-03-01") // due 2027-03-01: valid on heating start
	record(boiler, enum.InspInternal, "2025-06-01") // due 2027-06-01: valid through heating's end
	record(valve, enum.InspValveCalibration, "2025-10-31")
	record(gauge, enum.InspGaugeVerification, "2026-03-10")
	clockOf := func(e *ent.Equipment, typ enum.InspectionType) *ent.InspectionClock {
		t.Helper()
		return must1(b.client.InspectionClock.Query().Where(inspectionclock.EquipmentID(e.ID), inspectionclock.TypeEQ(typ)).
			Only(policy.System(context.Background())))
	}
	valveClock := clockOf(valve, enum.InspValveCalibration)
	if valveClock.DueOn == nil || *valveClock.DueOn != "2026-10-31" || clockOf(gauge, enum.InspGaugeVerification).DueOn == nil {
		t.Fatalf("valve due %v", valveClock.DueOn)
	}
	// The valve's rungs: T-30 is 10-01, National Day, moved to 09-30; T-7
	// is Saturday 10-24, moved to Friday 10-23; T-1 is Friday 10-30.
	rungs := b.rungsOf(t, equipment.ReminderSubject, valveClock.ID)
	for rung, want := range map[string]string{"d30": "2026-09-30 09:00 company", "d7": "2026-10-23 09:00 company",
		"d1": "2026-10-30 09:00 company"} {
		if rungs[rung] != want {
			t.Errorf("valve rung %s at %q, want %q (all: %v)", rung, rungs[rung], want, rungs)
		}
	}

	// The season and the plan: the valve (not valid on heating start) and
	// the gauge (due 09-10) need work; the boiler does not.
	se := must1(b.rd.CreateSeason(b.asBureau, readiness.SeasonInput{Code: "2026-2027"}))
	p, n, err := b.rd.CreatePlan(b.asHeat, readiness.PlanInput{SeasonID: se.ID})
	must(t, err)
	if n != 2 {
		t.Fatalf("generated %d items, want 2", n)
	}
	itemOf := func(e *ent.Equipment) *ent.ReadinessItem {
		t.Helper()
		return must1(b.client.ReadinessItem.Query().Where(readinessitem.PlanID(p.ID), readinessitem.EquipmentID(e.ID)).Only(b.asHeat))
	}
	valveItem, gaugeItem := itemOf(valve), itemOf(gauge)
	if valveItem.DueOn != "2026-10-31" || gaugeItem.DueOn != "2026-09-10" || valveItem.Category != enum.ItemCalibration {
		t.Errorf("items %s %s due %s, %s", valveItem.Title, valveItem.Category, valveItem.DueOn, gaugeItem.DueOn)
	}

	// September: the gauge verified again, its item done and verified.
	b.clock.set(at("2026-09-08"))
	record(gauge, enum.InspGaugeVerification, "2026-09-08")
	must1(b.rd.Take(b.asHeat, p.ID, gaugeItem.ID, readiness.Done, readiness.StepInput{Note: "检定合格，证书 JD-0908", QtyDone: ptrF(1)}))
	must1(b.rd.Take(b.asS1, p.ID, gaugeItem.ID, readiness.Verify, readiness.StepInput{}))

	// 2026-11-01: the valve is overdue (the nightly pass), and it blocks.
	b.clock.set(at("2026-11-01"))
	must1(b.eq.Nightly(context.Background()))
	if c := b.condition(t, valve.ID); c != enum.ConditionDefective {
		t.Errorf("the overdue valve is %s", c)
	}
	_, err = b.rd.Declare(b.asHeat, p.ID, "")
	var e *services.Error
	if !errors.As(err, &e) || e.Code != "not_ready" || e.Kind != services.KindInvalid {
		t.Fatalf("declaring with the valve overdue: %v", err)
	}
	codes := map[string]bool{}
	for _, bl := range e.Extra["blockers"].([]readiness.Blocker) {
		codes[bl.Code] = true
		names := bl.EquipmentID != nil && *bl.EquipmentID == valve.ID || bl.ItemID != nil && *bl.ItemID == valveItem.ID
		if !names || !strings.Contains(bl.Message, "1#锅炉安全阀") {
			t.Errorf("a blocker not of the valve: %+v", bl)
		}
	}
	if !codes[readiness.BlockItemOpen] || !codes[readiness.BlockDefective] || !codes[readiness.BlockInspection] || len(codes) != 3 {
		t.Errorf("blockers %v, want the valve's item, condition and inspection", codes)
	}

	// The valve calibrated: a new record, its item done; declared.
	record(valve, enum.InspValveCalibration, "2026-11-01")
	if c := b.condition(t, valve.ID); c != enum.ConditionIntact {
		t.Errorf("the calibrated valve is %s", c)
	}
	must1(b.rd.Take(b.asHeat, p.ID, valveItem.ID, readiness.Done, readiness.StepInput{Note: "校验合格，报告 JY-2026-11-01", QtyDone: ptrF(1)}))
	if bl := must1(b.rd.Check(b.asHeat, p.ID)); len(bl) != 0 {
		t.Fatalf("blockers after the new record: %+v", bl)
	}
	p = must1(b.rd.Declare(b.asHeat, p.ID, "具备供热条件"))
	if p.Status != enum.PlanDeclared {
		t.Fatalf("plan %s", p.Status)
	}

	// The bureau accepts with a condition: the plan conditionally
	// accepted, the condition an item of it.
	b.clock.set(at("2026-11-02"))
	acc, p, err := b.rd.Accept(b.asBureau, p.ID, readiness.AcceptInput{Result: enum.AcceptConditional, InspectedOn: "2026-11-02",
		Conditions: []readiness.ConditionInput{{Title: "补拍安全阀铅封照片", DueOn: "2026-11-10", SiteID: &st.ID}}})
	must(t, err)
	if p.Status != enum.PlanConditional || len(acc.ItemIds) != 1 {
		t.Fatalf("plan %s, condition items %v", p.Status, acc.ItemIds)
	}
	cond := must1(b.rd.Item(b.asHeat, p.ID, acc.ItemIds[0]))
	if cond.Title != "补拍安全阀铅封照片" || cond.Source != enum.FromCondition || cond.DueOn != "2026-11-10" ||
		cond.Status != enum.ItemTodo || cond.StreetID != b.street1 {
		t.Errorf("the condition item %+v", cond)
	}
}
