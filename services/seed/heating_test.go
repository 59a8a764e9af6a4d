package seed_test

import (
	"context"
	"testing"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/inspectionclock"
	"github.com/hearthsafety/hearth/ent/readinessitem"
	"github.com/hearthsafety/hearth/ent/readinessplan"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services/seed"
	"github.com/hearthsafety/hearth/storage"
)

// TestHeatingDemo seeds programmes §1.5: 113 units of which 76 owe
// statutory inspections, the lapsed and re-calibrated valve with its
// verified hazard, the overdue feed-water gauge, the pump awaiting a
// bearing, and the plan of 26 items accepted with two conditions; the
// district's trail stays intact.
func TestHeatingDemo(t *testing.T) {
	t.Parallel()
	db := migrationstest.Open(t)
	ctx := context.Background()
	sys := policy.System(ctx)
	if _, err := seed.Demo(ctx, db.Client, cheap, "demo-password-1"); err != nil {
		t.Fatal(err)
	}
	engine := reminders.NewEngine(db.Client, nil, nil, nil)
	if err := seed.HeatingDemo(ctx, db.Client, engine, storage.Dir{Root: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	tn, err := db.Client.Tenant.Query().Where(tenant.Slug("nankai")).Only(sys)
	if err != nil {
		t.Fatal(err)
	}
	units, err := db.Client.Equipment.Query().Where(equipment.TenantID(tn.ID)).Count(sys)
	if err != nil || units != 113 {
		t.Errorf("%d units (%v), want 113", units, err)
	}
	owing, err := db.Client.InspectionClock.Query().Where(inspectionclock.TenantID(tn.ID)).
		GroupBy(inspectionclock.FieldEquipmentID).Strings(sys)
	if err != nil || len(owing) != 76 {
		t.Errorf("%d units owe statutory inspections (%v), want 76", len(owing), err)
	}
	gauge, err := db.Client.Equipment.Query().Where(equipment.Name("1#锅炉给水压力表"),
		equipment.HasSiteWith()).All(sys)
	if err != nil {
		t.Fatal(err)
	}
	overdue := 0
	for _, g := range gauge {
		if g.State != nil && *g.State == enum.StateOverdue {
			overdue++
		}
	}
	if overdue != 1 {
		t.Errorf("%d overdue feed-water gauges, want 鼓楼东's alone", overdue)
	}
	pump, err := db.Client.Equipment.Query().Where(equipment.StatusEQ(enum.EquipUnderRepair)).Only(sys)
	if err != nil || pump.Condition != enum.ConditionDefective {
		t.Errorf("the pump awaiting a bearing: %+v, %v", pump, err)
	}
	h, err := db.Client.Hazard.Query().Where(hazard.TenantID(tn.ID), hazard.CategoryEQ(enum.CategoryEquipmentDefect)).Only(sys)
	if err != nil || h.Status != enum.StatusVerified || h.EquipmentID == nil || h.SiteID == nil {
		t.Errorf("the valve's hazard: %+v, %v", h, err)
	}
	p, err := db.Client.ReadinessPlan.Query().Where(readinessplan.TenantID(tn.ID)).Only(sys)
	if err != nil || p.Status != enum.PlanConditional {
		t.Fatalf("the plan: %+v, %v", p, err)
	}
	count := func(s enum.ItemStatus) int {
		n, err := db.Client.ReadinessItem.Query().Where(readinessitem.PlanID(p.ID), readinessitem.StatusEQ(s)).Count(sys)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if done, waived, todo := count(enum.ItemDone), count(enum.ItemWaived), count(enum.ItemTodo); done != 25 || waived != 1 || todo != 2 {
		t.Errorf("items done %d, waived %d, to do %d; want 25, 1 (the generated internal inspection) and the 2 conditions", done, waived, todo)
	}
	rep, err := audit.Verify(ctx, db.Client, tn.ID)
	if err != nil || !rep.OK {
		t.Errorf("audit %+v, %v", rep, err)
	}
}
