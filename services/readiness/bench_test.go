package readiness_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/readiness"
)

// BenchmarkBoard counts the board of one district with 50 heating
// companies, 5,000 units (4,000 statutory clocks) and 1,000 items, per
// company and per street, as the bureau: the target is under 100 ms on
// PostgreSQL (HEARTH_TEST_DATABASE_URL).
//
//	HEARTH_TEST_DATABASE_URL=postgres://127.0.0.1:5432/postgres?sslmode=disable \
//	  go test ./services/readiness -run '^$' -bench Board -benchtime 20x
func BenchmarkBoard(b *testing.B) {
	w := newWorld(b)
	se := must1(w.svc.CreateSeason(w.asBureau, readiness.SeasonInput{Code: "2026-2027"}))
	sys := policy.System(context.Background())
	streets := []uuid.UUID{w.street1, w.street2}
	kinds := []enum.EquipmentKind{enum.EquipBoiler, enum.EquipSafetyValve, enum.EquipPressureGauge, enum.EquipPressureVessel, enum.EquipCirculationPump}
	types := []enum.InspectionType{enum.InspExternal, enum.InspValveCalibration, enum.InspGaugeVerification, enum.InspPeriodic}
	tests := []enum.ReadinessTest{enum.TestOnStart, enum.TestOnStart, enum.TestOnStart, enum.TestThroughEnd}
	dues := []string{"2026-10-21", "2027-01-15", "2027-06-30", "2028-01-01"}
	for c := 0; c < 50; c++ {
		err := w.tx(func(tx *ent.Tx) error {
			co := must1(tx.Org.Create().SetTenantID(w.tenant).SetName(fmt.Sprintf("供热公司%02d", c)).SetKind(enum.OrgHeatingCompany).Save(sys))
			street := streets[c%2]
			st := must1(tx.Site.Create().SetTenantID(w.tenant).SetCompanyID(co.ID).SetStreetID(street).SetKind(enum.SiteBoilerRoom).
				SetName(fmt.Sprintf("锅炉房%02d", c)).Save(sys))
			var eqs []*ent.EquipmentCreate
			for i := 0; i < 100; i++ {
				cond := enum.ConditionIntact
				if i == 7 {
					cond = enum.ConditionDefective
				}
				eqs = append(eqs, tx.Equipment.Create().SetTenantID(w.tenant).SetCompanyID(co.ID).SetStreetID(street).SetSiteID(st.ID).
					SetKind(kinds[i%5]).SetName(fmt.Sprintf("设备%03d", i)).SetCondition(cond))
			}
			units := must1(tx.Equipment.CreateBulk(eqs...).Save(sys))
			var cks []*ent.InspectionClockCreate
			for i, u := range units {
				if i%5 == 4 {
					continue
				}
				cks = append(cks, tx.InspectionClock.Create().SetTenantID(w.tenant).SetCompanyID(co.ID).SetStreetID(street).
					SetEquipmentID(u.ID).SetType(types[i%5]).SetDueOn(dues[i%4]).SetState(enum.StateValid).SetReadiness(tests[i%5]))
			}
			must1(tx.InspectionClock.CreateBulk(cks...).Save(sys))
			p := must1(tx.ReadinessPlan.Create().SetTenantID(w.tenant).SetSeasonID(se.ID).SetCompanyID(co.ID).Save(sys))
			var its []*ent.ReadinessItemCreate
			for i := 0; i < 20; i++ {
				st := enum.ItemStatuses()[i%len(enum.ItemStatuses())]
				it := tx.ReadinessItem.Create().SetTenantID(w.tenant).SetPlanID(p.ID).SetSeasonID(se.ID).SetCompanyID(co.ID).
					SetStreetID(street).SetCategory(enum.ItemOther).SetTitle(fmt.Sprintf("任务%d", i)).
					SetDueOn(fmt.Sprintf("2026-%02d-15", 4+i%7)).SetStatus(st)
				if st == enum.ItemDone || st == enum.ItemVerified {
					it.SetDoneOn(fmt.Sprintf("2026-%02d-10", 4+i%7))
				}
				its = append(its, it)
			}
			return tx.ReadinessItem.CreateBulk(its...).Exec(sys)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	for _, g := range []string{"company", "street"} {
		b.Run(g, func(b *testing.B) {
			for b.Loop() {
				bd, err := w.svc.BoardOf(w.asBureau, "2026-2027", g)
				if err != nil {
					b.Fatal(err)
				}
				if g == "company" && bd.Total.IntactRate.Denominator != 5004 {
					b.Fatalf("board counts %d units", bd.Total.IntactRate.Denominator)
				}
			}
		})
	}
}
