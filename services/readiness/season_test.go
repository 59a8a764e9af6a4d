package readiness_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
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
