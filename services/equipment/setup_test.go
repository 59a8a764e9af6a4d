package equipment_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/migrations"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/equipment"
	"github.com/hearthsafety/hearth/storage"
)

// The register's service tested without HTTP, on a database made by the
// real migrations (SQLite, or PostgreSQL with HEARTH_TEST_DATABASE_URL),
// a district of its own per suite.

// day0 is noon of 10 March 2026 in Asia/Shanghai.
var day0 = time.Date(2026, 3, 10, 4, 0, 0, 0, time.UTC)

type clock struct{ t atomic.Int64 }

func (c *clock) now() time.Time  { return time.Unix(0, c.t.Load()).UTC() }
func (c *clock) set(t time.Time) { c.t.Store(t.UnixNano()) }

type district struct {
	Client *ent.Client
	Clock  *clock
	Engine *reminders.Engine
	Svc    *equipment.Service

	Tenant                                            uuid.UUID
	Bureau, Gas, Heat, Heat2, Street1, Street2, Comm1 uuid.UUID
	AsBureau, AsGas, AsHeat, AsHeat2, AsStreet1       context.Context
}

func TestEquipment(t *testing.T) {
	db := migrationstest.Open(t)
	for _, s := range []struct {
		name string
		run  func(*testing.T, *district)
	}{
		{"Clocks", testClocks},
		{"Supersede", testSupersede},
		{"FailOpensHazard", testFailOpensHazard},
		{"SiteMove", testSiteMove},
		{"Reminders", testReminders},
		{"Denied", testDenied},
		{"Rules", testRules},
		{"Documents", testDocuments},
		{"Import", testImport},
	} {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			s.run(t, newDistrict(t, db, "eq-"+strings.ToLower(s.name)))
		})
	}
	// The nightly pass reconciles every district of the database on its
	// own clock's day, so it runs alone: before the parallel ones above
	// resume (they wait for this function to return) and make theirs, whose
	// units it would age (seen: Rules' gauge overdue on Nightly's day).
	t.Run("Nightly", func(t *testing.T) { testNightly(t, newDistrict(t, db, "eq-nightly")) })
}

func newDistrict(t *testing.T, db *migrations.DB, slug string) *district {
	t.Helper()
	d := &district{Client: db.Client, Clock: &clock{}}
	d.Clock.set(day0)
	d.Engine = reminders.NewEngine(d.Client, nil, nil, d.Clock.now)
	d.Svc = equipment.New(d.Client, d.Engine, storage.Dir{Root: t.TempDir()}, d.Clock.now)
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
	d.Heat = org("南开区供热服务中心", enum.OrgHeatingCompany, nil)
	d.Heat2 = org("天津市南开热力有限公司", enum.OrgHeatingCompany, nil)
	d.Street1 = org("体育中心街", enum.OrgStreet, nil)
	d.Street2 = org("学府街", enum.OrgStreet, nil)
	d.Comm1 = org("时代奥城社区", enum.OrgCommunity, &d.Street1)
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
	d.AsHeat = viewer("heat.engineer", policy.RoleCompanyStaff, d.Heat, enum.OrgHeatingCompany)
	d.AsHeat2 = viewer("heat2.engineer", policy.RoleCompanyStaff, d.Heat2, enum.OrgHeatingCompany)
	d.AsStreet1 = viewer("street.tiyu", policy.RoleStreetOfficer, d.Street1, enum.OrgStreet, d.Street1, d.Comm1)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return d
}

func ptr[T any](v T) *T { return &v }

// site records a boiler room of the heating company in street 1.
func (d *district) site(t *testing.T, name string) *ent.Site {
	t.Helper()
	s, err := d.Svc.CreateSite(d.AsHeat, equipment.SiteInput{Kind: enum.SiteBoilerRoom, Name: name,
		StreetID: d.Street1, CommunityID: &d.Comm1, Address: "南开区宾水西道399号"})
	if err != nil {
		t.Fatalf("creating site %s: %v", name, err)
	}
	return s
}

// unit records a unit on site.
func (d *district) unit(t *testing.T, st *ent.Site, kind enum.EquipmentKind, name string, change ...func(*equipment.EquipmentInput)) *ent.Equipment {
	t.Helper()
	in := equipment.EquipmentInput{SiteID: st.ID, Kind: kind, Name: name, Special: true}
	for _, c := range change {
		c(&in)
	}
	e, err := d.Svc.CreateEquipment(d.AsHeat, in)
	if err != nil {
		t.Fatalf("creating %s: %v", name, err)
	}
	return e
}

func commissioned(date string) func(*equipment.EquipmentInput) {
	return func(in *equipment.EquipmentInput) { in.CommissionedOn = &date }
}

// record adds a record as the heating company.
func (d *district) record(t *testing.T, e *ent.Equipment, in equipment.RecordInput) *ent.InspectionRecord {
	t.Helper()
	r, err := d.Svc.AddRecord(d.AsHeat, e.ID, in)
	if err != nil {
		t.Fatalf("recording %s on %s: %v", in.Type, e.Name, err)
	}
	return r
}

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

func sys() context.Context { return policy.System(context.Background()) }
