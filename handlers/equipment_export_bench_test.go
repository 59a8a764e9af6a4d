package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"testing"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/handlers/handlerstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/equipment"
)

// BenchmarkEquipmentExport is GET /equipment/export.xlsx of a register of
// 10,000 and of 100,000 units (the export's cap) of 南开区供热服务中心 on
// 20 boiler rooms, of every kind, with a record for each statutory one and
// their clocks laid by a nightly pass (untimed), through the real app, as
// the bureau: every unit, one row per clock, a unit without one a row (1.2 rows a unit). It reports
// what BenchmarkExport does: ms and CPU ms per export, the workbook's size
// and the peak of the Go heap.
//
//	go test ./handlers/ -run '^$' -bench EquipmentExport -benchtime 1x
func BenchmarkEquipmentExport(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("units=%d", n), func(b *testing.B) {
			e := handlerstest.New(b)
			rows := loadRegister(b, e, n)
			runtime.GC()
			var base runtime.MemStats
			runtime.ReadMemStats(&base)
			peak, stop := heapPeak()
			cpu := cpuTime()
			b.ReportAllocs()
			b.ResetTimer()
			size := 0
			for range b.N {
				res := e.As(xlBureau, http.MethodGet, eqxExportPath, nil)
				if res.Status != http.StatusOK {
					b.Fatalf("export: %d %.300s", res.Status, res.Body)
				}
				size = len(res.Body)
			}
			b.StopTimer()
			cpu = cpuTime() - cpu
			stop()
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/export")
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/export")
			b.ReportMetric(float64(size)/(1<<20), "MiB-xlsx")
			b.ReportMetric(float64(*peak-base.HeapInuse)/(1<<20), "MiB-peak-heap")
		})
	}
}

// loadRegister gives the demo's heating company n units with their records
// and clocks, and answers the rows their export has.
func loadRegister(b *testing.B, e *handlerstest.Env, n int) int {
	b.Helper()
	ctx := policy.System(context.Background())
	client := e.DB.Client
	tn, err := client.Tenant.Query().Where(tenant.Slug("nankai")).Only(ctx)
	if err != nil {
		b.Fatal(err)
	}
	company, street := uuid.MustParse(e.OrgID("南开区供热服务中心")), uuid.MustParse(e.OrgID("广开街"))
	kinds := []enum.EquipmentKind{enum.EquipBoiler, enum.EquipPressureVessel, enum.EquipSafetyValve, enum.EquipSafetyValve,
		enum.EquipPressureGauge, enum.EquipPressureGauge, enum.EquipPressureGauge, enum.EquipCirculationPump,
		enum.EquipBurner, enum.EquipGasDetector}
	record := map[enum.EquipmentKind]enum.InspectionType{enum.EquipBoiler: enum.InspExternal,
		enum.EquipPressureVessel: enum.InspPeriodic, enum.EquipSafetyValve: enum.InspValveCalibration,
		enum.EquipPressureGauge: enum.InspGaugeVerification}
	actx, batch := audit.WithBatch(ctx)
	err = services.InTx(actx, client, func(tx *ent.Tx) error {
		var sites []*ent.Site
		for i := range 20 {
			st, err := tx.Site.Create().SetTenantID(tn.ID).SetCompanyID(company).SetStreetID(street).
				SetKind(enum.SiteBoilerRoom).SetName(fmt.Sprintf("%d号锅炉房", i+1)).SetAddress("广开四马路" + fmt.Sprint(i+1) + "号").Save(actx)
			if err != nil {
				return err
			}
			sites = append(sites, st)
		}
		for from := 0; from < n; from += 1000 {
			var units []*ent.EquipmentCreate
			for g := from; g < min(from+1000, n); g++ {
				st := sites[g%len(sites)]
				units = append(units, tx.Equipment.Create().SetTenantID(tn.ID).SetCompanyID(company).SetStreetID(street).
					SetSiteID(st.ID).SetKind(kinds[g%len(kinds)]).SetName(fmt.Sprintf("%d号设备", g+1)).SetSpecial(g%10 < 7).
					SetEquipmentCode(fmt.Sprintf("TZ%08d", g+1)).SetModel("WNS7-1.0/115/70-Q").
					SetCommissionedOn(fmt.Sprintf("20%02d-%02d-%02d", 18+g%6, 1+g%12, 1+g%28)))
			}
			saved, err := tx.Equipment.CreateBulk(units...).Save(actx)
			if err != nil {
				return err
			}
			var recs []*ent.InspectionRecordCreate
			for i, u := range saved {
				t, ok := record[u.Kind]
				if !ok {
					continue
				}
				recs = append(recs, tx.InspectionRecord.Create().SetTenantID(tn.ID).SetCompanyID(company).SetStreetID(street).
					SetEquipmentID(u.ID).SetType(t).SetPerformedOn(fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28)).
					SetAgency("天津市特种设备监督检验技术研究院").SetReportNo(fmt.Sprintf("TJ-2025-%06d", from+i)).
					SetConclusion(enum.ConclusionPass))
			}
			if err := tx.InspectionRecord.CreateBulk(recs...).Exec(actx); err != nil {
				return err
			}
		}
		return batch.Flush(actx, tx.Client())
	})
	if err != nil {
		b.Fatal(err)
	}
	res, err := equipment.New(client, reminders.NewEngine(client, nil, nil, nil), nil, nil).Nightly(ctx)
	if err != nil {
		b.Fatal(err)
	}
	clocks, err := client.InspectionClock.Query().Count(ctx)
	if err != nil {
		b.Fatal(err)
	}
	unclocked := 0
	for g := range n {
		switch kinds[g%len(kinds)] {
		case enum.EquipCirculationPump, enum.EquipBurner:
			unclocked++
		}
	}
	b.Logf("register: %d units, %d clocks, laid in %s", n, clocks, res.Took)
	return clocks + unclocked
}
