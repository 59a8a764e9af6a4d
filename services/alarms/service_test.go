package alarms_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/alarmdevice"
	"github.com/hearthsafety/hearth/ent/document"
	"github.com/hearthsafety/hearth/ent/hazardevent"
	"github.com/hearthsafety/hearth/ent/installvisit"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/migrations"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/alarms"
	"github.com/hearthsafety/hearth/storage"
)

// The campaigns' service tested without HTTP, on a database made by the
// real migrations (SQLite, or PostgreSQL with HEARTH_TEST_DATABASE_URL), a
// district of its own per test.

// day0 is noon of 10 March 2026 in Asia/Shanghai.
var day0 = time.Date(2026, 3, 10, 4, 0, 0, 0, time.UTC)

type clock struct{ t atomic.Int64 }

func (c *clock) now() time.Time  { return time.Unix(0, c.t.Load()).UTC() }
func (c *clock) set(t time.Time) { c.t.Store(t.UnixNano()) }
func (c *clock) on(date string) {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		panic(err)
	}
	c.set(d.Add(4 * time.Hour))
}

type district struct {
	Client *ent.Client
	Clock  *clock
	Svc    *alarms.Service

	Tenant                                           uuid.UUID
	Bureau, Gas, Gas2, Heat, Street1, Street2        uuid.UUID
	Comm1, Comm2, Comm3                              uuid.UUID
	AsBureau, AsGas, AsGas2, AsHeat, AsStreet1, AsS2 context.Context
}

func TestAlarms(t *testing.T) {
	db := migrationstest.Open(t)
	for _, s := range []struct {
		name string
		run  func(*testing.T, *district)
	}{
		{"Campaign", testCampaign},
		{"Duplicates", testDuplicates},
		{"ParallelDevices", testParallelDevices},
		{"RestaurantHazard", testRestaurantHazard},
		{"Denied", testDenied},
		{"Tallies", testTallies},
		{"MoveCarriesPhotos", testMoveCarriesPhotos},
	} {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			s.run(t, newDistrict(t, db, "al-"+strings.ToLower(s.name)))
		})
	}
}

func newDistrict(t testing.TB, db *migrations.DB, slug string) *district {
	t.Helper()
	d := &district{Client: db.Client, Clock: &clock{}}
	d.Clock.set(day0)
	engine := reminders.NewEngine(d.Client, nil, nil, d.Clock.now)
	d.Svc = alarms.New(d.Client, engine, storage.Dir{Root: t.TempDir()}, d.Clock.now)
	sys := policy.System(context.Background())
	tx, err := d.Client.Tx(sys)
	if err != nil {
		t.Fatal(err)
	}
	fail := func(err error) {
		tx.Rollback()
		t.Fatalf("provisioning: %v", err)
	}
	tn, err := tx.Tenant.Create().SetSlug(slug).SetName("南开区").SetTimezone("Asia/Shanghai").Save(sys)
	if err != nil {
		fail(err)
	}
	d.Tenant = tn.ID
	org := func(name string, kind enum.OrgKind, parent *uuid.UUID) uuid.UUID {
		o, err := tx.Org.Create().SetTenantID(tn.ID).SetName(name).SetKind(kind).SetNillableParentID(parent).Save(sys)
		if err != nil {
			fail(err)
		}
		return o.ID
	}
	d.Bureau = org("南开区城市管理委员会", enum.OrgBureau, nil)
	d.Gas = org("津燃华润燃气有限公司", enum.OrgGasCompany, nil)
	d.Gas2 = org("天津市南开燃气服务有限公司", enum.OrgGasCompany, nil)
	d.Heat = org("南开区供热服务中心", enum.OrgHeatingCompany, nil)
	d.Street1 = org("体育中心街", enum.OrgStreet, nil)
	d.Street2 = org("学府街", enum.OrgStreet, nil)
	d.Comm1 = org("时代奥城社区", enum.OrgCommunity, &d.Street1)
	d.Comm2 = org("凌宾路社区", enum.OrgCommunity, &d.Street1)
	d.Comm3 = org("天大社区", enum.OrgCommunity, &d.Street2)
	viewer := func(username, role string, orgID uuid.UUID, kind enum.OrgKind, streets ...uuid.UUID) context.Context {
		u, err := tx.User.Create().SetTenantID(tn.ID).SetUsername(username).SetDisplayName(username).
			SetPasswordHash("not-a-hash").SetOrgID(orgID).Save(sys)
		if err != nil {
			fail(err)
		}
		return policy.NewContext(context.Background(), &policy.Viewer{UserID: u.ID, Username: username,
			DisplayName: username, TenantID: tn.ID, TenantSlug: tn.Slug, Timezone: tn.Timezone, OrgID: orgID,
			OrgKind: kind, Roles: []string{role}, Streets: streets})
	}
	d.AsBureau = viewer("bureau.admin", policy.RoleBureauAdmin, d.Bureau, enum.OrgBureau)
	d.AsGas = viewer("gas.clerk", policy.RoleCompanyStaff, d.Gas, enum.OrgGasCompany)
	d.AsGas2 = viewer("gas2.clerk", policy.RoleCompanyStaff, d.Gas2, enum.OrgGasCompany)
	d.AsHeat = viewer("heat.engineer", policy.RoleCompanyStaff, d.Heat, enum.OrgHeatingCompany)
	d.AsStreet1 = viewer("street.tiyu", policy.RoleStreetOfficer, d.Street1, enum.OrgStreet, d.Street1, d.Comm1, d.Comm2)
	d.AsS2 = viewer("street.xuefu", policy.RoleStreetOfficer, d.Street2, enum.OrgStreet, d.Street2, d.Comm3)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return d
}

func ptr[T any](v T) *T { return &v }

func wantErr(t *testing.T, err error, kind services.Kind, code string) *services.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s", code)
	}
	e, _ := services.As(err)
	if e.Kind != kind || e.Code != code {
		t.Fatalf("error %v, want kind %d code %s", err, kind, code)
	}
	return e
}

func (d *district) campaign(t *testing.T) *ent.AlarmCampaign {
	t.Helper()
	c, err := d.Svc.CreateCampaign(d.AsBureau, alarms.CampaignInput{Name: "2026年居民及工商户燃气报警器安装",
		Scope: enum.ScopeBoth, Year: 2026, StartOn: "2026-01-01", DueOn: "2026-12-31",
		NetworkedRequired: true, ShutoffRequired: true,
		Milestones: []enum.Milestone{{On: "06-30", Percent: 50}, {On: "12-31", Percent: 100}},
		CompanyIDs: []uuid.UUID{d.Gas, d.Gas2}})
	if err != nil {
		t.Fatalf("campaign: %v", err)
	}
	return c
}

func (d *district) premise(t *testing.T, ctx context.Context, comm uuid.UUID, room string, change ...func(*alarms.PremiseInput)) *ent.Premise {
	t.Helper()
	street := d.Street1
	if comm == d.Comm3 {
		street = d.Street2
	}
	in := alarms.PremiseInput{StreetID: street, CommunityID: &comm, UserType: enum.UserResident,
		Estate: "时代奥城", Building: "3", Unit: "2", Room: room, Phone: "13800000000", ContactName: "王女士"}
	for _, c := range change {
		c(&in)
	}
	p, err := d.Svc.CreatePremise(ctx, in)
	if err != nil {
		t.Fatalf("premise %s: %v", room, err)
	}
	return p
}

func (d *district) device(t *testing.T, p *ent.Premise, serial, on string, change ...func(*alarms.DeviceInput)) *ent.AlarmDevice {
	t.Helper()
	in := alarms.DeviceInput{SerialNo: serial, Model: "JT-BZ-6800", InstalledOn: on, Installer: "张师傅"}
	for _, c := range change {
		c(&in)
	}
	dv, err := d.Svc.AddDevice(d.AsGas, p.ID, in)
	if err != nil {
		t.Fatalf("device %s: %v", serial, err)
	}
	return dv
}

func find(t *testing.T, tb *alarms.RateTable, key uuid.UUID) alarms.RateRow {
	t.Helper()
	for _, r := range tb.Rows {
		if (r.StreetID != nil && *r.StreetID == key) || (r.CommunityID != nil && *r.CommunityID == key) ||
			(r.CompanyID != nil && *r.CompanyID == key) {
			return r
		}
	}
	t.Fatalf("no row for %s in %+v", key, tb.Rows)
	return alarms.RateRow{}
}

func rate(r alarms.Rate) string {
	if r.Rate == nil {
		return fmt.Sprintf("%d/%d=nil", r.Numerator, r.Denominator)
	}
	return fmt.Sprintf("%d/%d=%.1f", r.Numerator, r.Denominator, *r.Rate)
}

// testCampaign walks a campaign with a movable clock: targets set and
// confirmed, premises visited and equipped, the rates and the pace
// moving with the days, a device expiring out of the rate.
func testCampaign(t *testing.T, d *district) {
	c := d.campaign(t)
	ts, err := d.Svc.SetTargets(d.AsBureau, c.ID, []alarms.TargetInput{
		{CommunityID: d.Comm1, CompanyID: d.Gas, UserType: enum.UserResident, TargetCount: 4, SpecialTarget: 1},
		{CommunityID: d.Comm3, CompanyID: d.Gas, UserType: enum.UserResident, TargetCount: 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	if ts[0].StreetID != d.Street1 || ts[1].StreetID != d.Street2 {
		t.Fatalf("targets' streets: %v %v", ts[0].StreetID, ts[1].StreetID)
	}
	// A street office confirms only its own.
	if _, err := d.Svc.ConfirmTarget(d.AsS2, c.ID, ts[0].ID); err == nil {
		t.Fatal("street 2 confirmed street 1's target")
	}
	if n, err := d.Svc.ConfirmAll(d.AsStreet1, c.ID); err != nil || n != 1 {
		t.Fatalf("confirm all: %d, %v", n, err)
	}
	// Setting the same again is unchanged; a new count asks for a new
	// confirmation.
	ts2, err := d.Svc.SetTargets(d.AsBureau, c.ID, []alarms.TargetInput{
		{CommunityID: d.Comm1, CompanyID: d.Gas, UserType: enum.UserResident, TargetCount: 4, SpecialTarget: 1}})
	if err != nil || ts2[0].ID != ts[0].ID || ts2[0].ConfirmedAt == nil {
		t.Fatalf("unchanged upsert: %+v, %v", ts2, err)
	}
	ts2, err = d.Svc.SetTargets(d.AsBureau, c.ID, []alarms.TargetInput{
		{CommunityID: d.Comm1, CompanyID: d.Gas, UserType: enum.UserResident, TargetCount: 5, SpecialTarget: 1}})
	if err != nil || ts2[0].ID != ts[0].ID || ts2[0].ConfirmedAt != nil || ts2[0].TargetCount != 5 {
		t.Fatalf("changed upsert: %+v, %v", ts2[0], err)
	}

	p1 := d.premise(t, d.AsGas, d.Comm1, "301", func(in *alarms.PremiseInput) { in.Tags = []enum.PremiseTag{enum.TagElderlyAlone} })
	p2 := d.premise(t, d.AsGas, d.Comm1, "302")
	p3 := d.premise(t, d.AsGas, d.Comm1, "303")
	p4 := d.premise(t, d.AsGas, d.Comm3, "101")

	// 2026-03-10: p1 equipped (networked, online), p2 refused, p3 not home.
	d.device(t, p1, "SN-1", "2026-03-10", func(in *alarms.DeviceInput) {
		in.Networked, in.Status = true, ptr(enum.DeviceOnline)
	})
	for _, v := range []struct {
		p *ent.Premise
		o enum.VisitOutcome
	}{{p2, enum.VisitRefused}, {p3, enum.VisitNotHome}} {
		if _, err := d.Svc.AddVisit(d.AsGas, v.p.ID, alarms.VisitInput{VisitedOn: "2026-03-10", Outcome: v.o}); err != nil {
			t.Fatal(err)
		}
	}
	tb, err := d.Svc.Rates(d.AsBureau, c.ID, "street")
	if err != nil {
		t.Fatal(err)
	}
	r1 := find(t, tb, d.Street1)
	if rate(r1.Rates.Installed) != "1/5=20.0" || rate(r1.Rates.Special) != "1/1=100.0" ||
		rate(r1.Rates.Networked) != "1/1=100.0" || rate(r1.Rates.Online) != "1/1=100.0" ||
		r1.Rates.Refused != 1 || r1.Rates.NotHome != 1 || r1.StreetName != "体育中心街" {
		t.Fatalf("street 1 on 03-10: %+v", r1)
	}
	// Expected on 03-10: 68 of 180 days × 50 % = 18.9: on track.
	if r1.Pace != string(enum.PaceOnTrack) {
		t.Fatalf("pace on 03-10: %s (expected %.1f)", r1.Pace, tb.Expected)
	}
	if r2 := find(t, tb, d.Street2); rate(r2.Rates.Installed) != "0/2=0.0" || r2.Pace != string(enum.PaceAtRisk) {
		t.Fatalf("street 2 on 03-10: %+v", r2)
	}

	// The street sees its own rows only; the total is its own.
	tb, err = d.Svc.Rates(d.AsStreet1, c.ID, "community")
	if err != nil {
		t.Fatal(err)
	}
	if len(tb.Rows) != 1 || *tb.Rows[0].CommunityID != d.Comm1 || tb.Total.Targets.Target != 5 ||
		tb.Rows[0].CommunityName != "时代奥城社区" {
		t.Fatalf("street 1's table: %+v", tb.Rows)
	}

	// 2026-06-30: p2 now equipped, p3 still not: 2 of 5 = 40 % against
	// 50 % expected: behind.
	d.Clock.on("2026-06-30")
	d.device(t, p2, "SN-2", "2026-06-30")
	tb, _ = d.Svc.Rates(d.AsBureau, c.ID, "street")
	r1 = find(t, tb, d.Street1)
	if tb.Expected != 50 || rate(r1.Rates.Installed) != "2/5=40.0" || r1.Pace != string(enum.PaceBehind) ||
		r1.Rates.Refused != 0 || rate(r1.Rates.Networked) != "1/2=50.0" {
		t.Fatalf("street 1 on 06-30: expected %.1f %+v", tb.Expected, r1)
	}
	// p4 visited vacant leaves the count (its status vacant).
	if _, err := d.Svc.AddVisit(d.AsGas, p4.ID, alarms.VisitInput{VisitedOn: "2026-06-30", Outcome: enum.VisitVacant}); err != nil {
		t.Fatal(err)
	}
	if p, _ := d.Svc.GetPremise(d.AsGas, p4.ID); p.Status != enum.PremiseVacant {
		t.Fatalf("p4 after a vacant visit: %s", p.Status)
	}

	// 2031-03-10 is p1's device's last day; the day after it is expired
	// and leaves the rate; before, it is due for replacement.
	d.Clock.on("2031-01-01")
	tb, _ = d.Svc.Rates(d.AsBureau, c.ID, "street")
	if r1 = find(t, tb, d.Street1); r1.Rates.DueSoon != 1 || r1.Counts.Valid != 2 {
		t.Fatalf("street 1 on 2031-01-01: %+v", r1.Counts)
	}
	d.Clock.on("2031-03-11")
	tb, _ = d.Svc.Rates(d.AsBureau, c.ID, "street")
	if r1 = find(t, tb, d.Street1); r1.Counts.Valid != 1 || r1.Counts.SpecialValid != 0 {
		t.Fatalf("street 1 on 2031-03-11: %+v", r1.Counts)
	}
	_ = p3
}

// testDuplicates: a gas account number or an address recorded once in
// the district; the second answers 409 naming the first, whoever serves it.
func testDuplicates(t *testing.T, d *district) {
	p := d.premise(t, d.AsGas, d.Comm1, "301", func(in *alarms.PremiseInput) { in.GasAccountNo = ptr("1000001") })
	_, err := d.Svc.CreatePremise(d.AsGas, alarms.PremiseInput{StreetID: d.Street1, CommunityID: &d.Comm1,
		UserType: enum.UserResident, Estate: "时代奥城", Building: "3号楼", Unit: "2单元", Room: "301室"})
	e := wantErr(t, err, services.KindConflict, "premise_exists")
	if !strings.Contains(e.Message, p.Address) || e.Extra["existing_id"] != p.ID.String() {
		t.Fatalf("duplicate message: %q %v", e.Message, e.Extra)
	}
	_, err = d.Svc.CreatePremise(d.AsGas2, alarms.PremiseInput{StreetID: d.Street1, UserType: enum.UserResident,
		GasAccountNo: ptr("1000001"), Address: "别处1号"})
	e = wantErr(t, err, services.KindConflict, "premise_exists")
	if !strings.Contains(e.Message, "燃气户号 1000001") || !strings.Contains(e.Message, "其他燃气企业") {
		t.Fatalf("duplicate by account: %q", e.Message)
	}
	d.device(t, p, "SN-DUP", "2026-03-01")
	q := d.premise(t, d.AsGas, d.Comm1, "302")
	_, err = d.Svc.AddDevice(d.AsGas, q.ID, alarms.DeviceInput{SerialNo: "SN-DUP", InstalledOn: "2026-03-01"})
	wantErr(t, err, services.KindConflict, "device_exists")
}

// testParallelDevices: 50 devices recorded at once on one premise leave
// exactly one current device, the premise pointing to it.
func testParallelDevices(t *testing.T, d *district) {
	p := d.premise(t, d.AsGas, d.Comm1, "501")
	var wg sync.WaitGroup
	var failed atomic.Int32
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := d.Svc.AddDevice(d.AsGas, p.ID, alarms.DeviceInput{SerialNo: fmt.Sprintf("PAR-%02d", i),
				InstalledOn: "2026-03-10"}); err != nil {
				failed.Add(1)
				t.Errorf("device %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	devs, err := d.Client.AlarmDevice.Query().Where(alarmdevice.PremiseID(p.ID)).All(d.AsGas)
	if err != nil {
		t.Fatal(err)
	}
	var current []*ent.AlarmDevice
	for _, dv := range devs {
		if dv.Status != enum.DeviceReplaced {
			current = append(current, dv)
		} else if dv.SupersededByID == nil {
			t.Errorf("%s replaced without a successor", dv.SerialNo)
		}
	}
	np, _ := d.Svc.GetPremise(d.AsGas, p.ID)
	if len(devs) != 50 || len(current) != 1 || np.DeviceID == nil || *np.DeviceID != current[0].ID {
		t.Fatalf("%d devices, %d current, premise's %v", len(devs), len(current), np.DeviceID)
	}
}

// testRestaurantHazard: a restaurant without a valid alarm has one open
// alarm_missing hazard; a device closes it as the system naming its
// serial; a fault opens a new one.
func testRestaurantHazard(t *testing.T, d *district) {
	p := d.premise(t, d.AsGas, d.Comm1, "", func(in *alarms.PremiseInput) {
		in.UserType, in.Estate, in.Building, in.Unit, in.ShopName = enum.UserCommercial, "大悦城", "", "", "老边饺子馆"
		in.Tags = []enum.PremiseTag{enum.TagRestaurant}
	})
	if p.HazardID == nil {
		t.Fatal("a restaurant without an alarm has no hazard")
	}
	h, err := d.Client.Hazard.Get(d.AsGas, *p.HazardID)
	if err != nil || h.Category != enum.CategoryAlarmMissing || h.Status != enum.StatusReported ||
		!strings.Contains(h.Description, "第三十六条") {
		t.Fatalf("hazard: %+v, %v", h, err)
	}
	// An edit does not open a second one.
	p, err = d.Svc.EditPremise(d.AsGas, p.ID, p.Version, alarms.PremisePatch{Note: ptr("后厨")})
	if err != nil || p.HazardID == nil || *p.HazardID != h.ID {
		t.Fatalf("edit: %v %v", p.HazardID, err)
	}
	dv := d.device(t, p, "REST-1", "2026-03-10", func(in *alarms.DeviceInput) { in.Networked, in.ShutoffLinked = true, true })
	if dv.ServiceLifeYears != 3 || dv.ReplaceOn != "2029-03-10" {
		t.Fatalf("commercial device: %d years, %s", dv.ServiceLifeYears, dv.ReplaceOn)
	}
	h, _ = d.Client.Hazard.Get(d.AsGas, h.ID)
	np, _ := d.Svc.GetPremise(d.AsGas, p.ID)
	if h.Status != enum.StatusVerified || np.HazardID != nil {
		t.Fatalf("after a device: hazard %s, premise's %v", h.Status, np.HazardID)
	}
	ev, err := d.Client.HazardEvent.Query().Where(hazardevent.HazardID(h.ID), hazardevent.Action("verify")).Only(d.AsGas)
	if err != nil || !strings.Contains(ev.Note, "REST-1") || ev.Actor != "系统" || ev.ActorID != nil {
		t.Fatalf("verify event: %+v, %v", ev, err)
	}
	// A fault opens a new hazard.
	dv, err = d.Svc.EditDevice(d.AsGas, dv.ID, dv.Version, alarms.DevicePatch{Status: ptr(enum.DeviceFaulty)})
	if err != nil {
		t.Fatal(err)
	}
	np, _ = d.Svc.GetPremise(d.AsGas, p.ID)
	if np.HazardID == nil || *np.HazardID == h.ID || *np.DeviceStatus != enum.DeviceFaulty {
		t.Fatalf("after a fault: %v %v", np.HazardID, np.DeviceStatus)
	}
	h2, _ := d.Client.Hazard.Get(d.AsGas, *np.HazardID)
	if !strings.Contains(h2.Description, "故障") {
		t.Fatalf("fault hazard: %s", h2.Description)
	}
	// A removed device cannot change again.
	dv, err = d.Svc.EditDevice(d.AsGas, dv.ID, dv.Version, alarms.DevicePatch{Status: ptr(enum.DeviceRemoved)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.Svc.EditDevice(d.AsGas, dv.ID, dv.Version, alarms.DevicePatch{Status: ptr(enum.DeviceOnline)})
	wantErr(t, err, services.KindConflict, "device_retired")
}

// testDenied: who may not.
func testDenied(t *testing.T, d *district) {
	c := d.campaign(t)
	in := alarms.PremiseInput{StreetID: d.Street1, UserType: enum.UserResident, Address: "宾水西道1号"}
	for _, ctx := range []context.Context{d.AsBureau, d.AsStreet1, d.AsHeat} {
		_, err := d.Svc.CreatePremise(ctx, in)
		wantErr(t, err, services.KindForbidden, "forbidden")
	}
	for _, ctx := range []context.Context{d.AsGas, d.AsStreet1} {
		_, err := d.Svc.CreateCampaign(ctx, alarms.CampaignInput{Name: "x", Scope: enum.ScopeBoth, Year: 2026, StartOn: "2026-01-01", DueOn: "2026-12-31"})
		wantErr(t, err, services.KindForbidden, "forbidden")
		_, err = d.Svc.SetTargets(ctx, c.ID, []alarms.TargetInput{{CommunityID: d.Comm1, CompanyID: d.Gas, UserType: enum.UserResident, TargetCount: 1}})
		wantErr(t, err, services.KindForbidden, "forbidden")
	}
	p := d.premise(t, d.AsGas, d.Comm1, "101")
	// Another gas company neither sees nor changes it.
	if _, err := d.Svc.GetPremise(d.AsGas2, p.ID); !ent.IsNotFound(err) {
		t.Fatalf("gas 2 reads gas 1's premise: %v", err)
	}
	_, err := d.Svc.AddDevice(d.AsGas2, p.ID, alarms.DeviceInput{SerialNo: "X", InstalledOn: "2026-03-01"})
	wantErr(t, err, services.KindNotFound, "not_found")
	// Street 2 does not see street 1's premise; street 1 does.
	if _, err := d.Svc.GetPremise(d.AsS2, p.ID); !ent.IsNotFound(err) {
		t.Fatalf("street 2 reads street 1's premise: %v", err)
	}
	if _, err := d.Svc.GetPremise(d.AsStreet1, p.ID); err != nil {
		t.Fatal(err)
	}
	// A future install, a status a new device cannot have.
	_, err = d.Svc.AddDevice(d.AsGas, p.ID, alarms.DeviceInput{SerialNo: "F", InstalledOn: "2026-03-11"})
	wantErr(t, err, services.KindInvalid, "validation_failed")
	_, err = d.Svc.AddDevice(d.AsGas, p.ID, alarms.DeviceInput{SerialNo: "F", InstalledOn: "2026-03-01", Status: ptr(enum.DeviceFaulty)})
	wantErr(t, err, services.KindInvalid, "validation_failed")
}

// testMoveCarriesPhotos: a premise moved to another street takes its
// visits, devices and their photos with it (one audited update each: a
// bulk update of its visits was refused, so such a move answered 500); the
// new street's officer sees them.
func testMoveCarriesPhotos(t *testing.T, d *district) {
	p := d.premise(t, d.AsGas, d.Comm1, "301")
	dv := d.device(t, p, "MOVE-1", "2026-03-10")
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 2, 2))); err != nil {
		t.Fatal(err)
	}
	doc, err := d.Svc.Attach(d.AsGas, dv.ID, "安装照片.png", b.Bytes())
	if err != nil || doc.StreetID != d.Street1 {
		t.Fatalf("photo: %v, %v", doc, err)
	}
	p, err = d.Svc.GetPremise(d.AsGas, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Svc.EditPremise(d.AsGas, p.ID, p.Version, alarms.PremisePatch{StreetID: &d.Street2, CommunityID: &d.Comm3}); err != nil {
		t.Fatalf("moving a premise with a device photo: %v", err)
	}
	sys := policy.System(context.Background())
	moved, err := d.Client.Document.Get(sys, doc.ID)
	if err != nil || moved.StreetID != d.Street2 {
		t.Fatalf("the photo after the move: %v, %v", moved, err)
	}
	if n, err := d.Client.InstallVisit.Query().Where(installvisit.PremiseID(p.ID), installvisit.StreetIDNEQ(d.Street2)).Count(sys); err != nil || n != 0 {
		t.Fatalf("%d visits stay behind (%v)", n, err)
	}
	if n, err := d.Client.Document.Query().Where(document.ID(doc.ID)).Count(d.AsS2); err != nil || n != 1 {
		t.Fatalf("学府街 sees %d of the photo (%v)", n, err)
	}
}
