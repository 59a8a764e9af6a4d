package alarms_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/migrations"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/alarms"
	"github.com/hearthsafety/hearth/services/seed"
)

// The campaigns' benchmarks, on SQLite or (HEARTH_TEST_DATABASE_URL)
// PostgreSQL:
//
//	go test ./services/alarms -run '^$' -bench AlarmRates -benchtime 20x -timeout 60m
//	go test ./services/alarms -run '^$' -bench AlarmImport -benchtime 2x -timeout 30m
//
// Both work in a district of HEARTH_BENCH_PREMISES premises (500,000 by
// default; 80 % with a device: `hearth seed --bench --premises`).
// BenchmarkAlarmRates reads its rate table as the bureau and as a gas
// company, by street and by street × community. BenchmarkAlarmImport
// imports 20,000 rows of the 燃气报警器安装台账 into it (new premises, each
// with its alarm; each run another 20,000) while another district records
// premises, and reports the longest that district's write waited.

func BenchmarkAlarmRates(b *testing.B) {
	db := migrationstest.Open(b)
	a, viewer := benchDistrict(b, db)
	svc := alarms.New(db.Client, nil, nil, nil)
	for _, c := range []struct {
		who     string
		ctx     context.Context
		groupBy string
		scan    bool // counted from every premise, not from the tallies
	}{
		{"bureau/community", viewer(enum.OrgBureau, policy.RoleBureauAdmin), "community", false},
		{"bureau/community/scan", viewer(enum.OrgBureau, policy.RoleBureauAdmin), "community", true},
		{"bureau/street", viewer(enum.OrgBureau, policy.RoleBureauAdmin), "street", false},
		{"company/community", viewer(enum.OrgGasCompany, policy.RoleCompanyStaff), "community", false},
	} {
		b.Run(c.who, func(b *testing.B) {
			rates := svc.Rates
			if c.scan {
				rates = svc.RatesByScan
			}
			for b.Loop() {
				t, err := rates(c.ctx, a.CampaignID, c.groupBy)
				if err != nil {
					b.Fatal(err)
				}
				if len(t.Rows) == 0 || t.Total.Counts.Premises == 0 {
					b.Fatalf("an empty table: %+v", t.Total)
				}
			}
		})
	}
}

// benchDistrict seeds the bench district of HEARTH_BENCH_PREMISES premises
// (500,000 by default) and gives its alarm data and its viewers by kind.
func benchDistrict(b *testing.B, db *migrations.DB) (*seed.BenchAlarms, func(enum.OrgKind, string) context.Context) {
	premises := 500_000
	if s := os.Getenv("HEARTH_BENCH_PREMISES"); s != "" {
		var err error
		if premises, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	ctx := context.Background()
	t0 := time.Now()
	rep, err := seed.Bench(ctx, seed.DB{Client: db.Client, SQL: db.SQL, Dialect: db.Dialect},
		accounts.PasswordParams{Time: 1, Memory: 64, Threads: 1},
		seed.BenchOptions{Districts: 1, Premises: premises, Password: "bench-password-1"})
	if err != nil {
		b.Fatal(err)
	}
	a := rep.Alarms
	b.Logf("%s: %d premises, %d devices seeded in %s", db.Dialect, a.Premises, a.Devices, time.Since(t0).Round(time.Millisecond))
	sys := policy.System(ctx)
	if n, err := db.Client.PremiseTally.Query().Count(sys); err == nil {
		b.Logf("%d tallies", n)
	}
	viewer := func(kind enum.OrgKind, role string) context.Context {
		o, err := db.Client.Org.Query().Where(org.TenantID(a.TenantID), org.KindEQ(kind)).Order(org.ByName()).First(sys)
		if err != nil {
			b.Fatal(err)
		}
		return policy.NewContext(ctx, &policy.Viewer{TenantID: a.TenantID, TenantSlug: a.Slug, Timezone: "Asia/Shanghai",
			OrgID: o.ID, OrgName: o.Name, OrgKind: kind, Roles: []string{role}, Username: "bench"})
	}
	return a, viewer
}

// alarmLedger is a 燃气报警器安装台账 of n new premises of estate, each
// with its alarm, in the district's streets.
func alarmLedger(b *testing.B, estate string, n int, places [][2]string) []byte {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	header := []any{"序号", "街道", "社区", "小区", "楼栋", "单元", "房号/商户", "用户类型", "燃气户号", "报警器型号",
		"编号", "安装日期", "安装人", "是否联网", "是否联动切断", "到期更换日期", "备注"}
	if err := sw.SetRow("A1", header); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < n; i++ {
		pl := places[i%len(places)]
		ut, room := "居民", fmt.Sprintf("%d%02d", (i%20)/4+1, i%4+1)
		if i%20 == 7 {
			ut, room = "工商户", fmt.Sprintf("商户%d", i)
		}
		row := []any{i + 1, pl[0], pl[1], fmt.Sprintf("%s%d号院", estate, i/2000+1), strconv.Itoa((i/100)%20 + 1),
			strconv.Itoa((i/20)%5 + 1), room, ut, fmt.Sprintf("%s-%08d", estate, i), "JT-AEC2363",
			fmt.Sprintf("%s-SN-%08d", estate, i), fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28), "王师傅",
			map[bool]string{true: "是", false: "否"}[i%2 == 0], "否", "", ""}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkAlarmImport(b *testing.B) {
	const rows = 20_000
	db := migrationstest.Open(b)
	a, viewer := benchDistrict(b, db)
	asGas := viewer(enum.OrgGasCompany, policy.RoleCompanyStaff)
	svc := alarms.New(db.Client, nil, nil, nil)
	// The rows' streets and communities: the district's own.
	sys := policy.System(context.Background())
	comms, err := db.Client.Org.Query().Where(org.TenantID(a.TenantID), org.KindEQ(enum.OrgCommunity)).
		WithParent().Order(org.ByName()).All(sys)
	if err != nil || len(comms) == 0 {
		b.Fatalf("the district's communities: %v (%d)", err, len(comms))
	}
	var places [][2]string
	for _, c := range comms {
		places = append(places, [2]string{c.Edges.Parent.Name, c.Name})
	}
	other := newDistrict(b, db, "bench-other")
	files := 0 // each file of new premises: estates no import has made
	b.Run("20000-rows", func(b *testing.B) {
		for range b.N {
			i := files
			files++
			b.StopTimer()
			file := alarmLedger(b, fmt.Sprintf("压测%d", i), rows, places)
			if i == 0 {
				b.Logf("the file: %d rows, %d KiB", rows, len(file)>>10)
			}
			// Another district records premises meanwhile.
			stop := make(chan struct{})
			var wg sync.WaitGroup
			var worst time.Duration
			var writes int
			wg.Add(1)
			go func() {
				defer wg.Done()
				for k := 0; ; k++ {
					select {
					case <-stop:
						return
					case <-time.After(50 * time.Millisecond):
					}
					t0 := time.Now()
					if _, err := other.Svc.CreatePremise(other.AsGas, alarms.PremiseInput{StreetID: other.Street1, CommunityID: &other.Comm1,
						UserType: enum.UserResident, Estate: fmt.Sprintf("他区%d", i), Building: "1", Unit: "1", Room: strconv.Itoa(k)}); err != nil {
						b.Error(err)
						return
					}
					worst = max(worst, time.Since(t0))
					writes++
				}
			}()
			b.StartTimer()
			t0 := time.Now()
			res, err := svc.Import(asGas, file, false)
			took := time.Since(t0)
			b.StopTimer()
			close(stop)
			wg.Wait()
			if err != nil {
				b.Fatal(err)
			}
			if len(res.Premises) != rows || len(res.Devices) != rows {
				b.Fatalf("imported %d premises, %d devices", len(res.Premises), len(res.Devices))
			}
			b.Logf("%s: %d rows imported in %s; the other district's %d writes meanwhile waited at most %s",
				db.Dialect, rows, took.Round(time.Millisecond), writes, worst.Round(time.Millisecond))
			b.ReportMetric(float64(worst.Milliseconds()), "other-write-max-ms")
			b.StartTimer()
		}
	})
}
