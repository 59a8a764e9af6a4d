package seed_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent/alarmcampaign"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services/alarms"
	"github.com/hearthsafety/hearth/services/seed"
	"github.com/hearthsafety/hearth/storage"
)

// TestAlarmsDemo seeds programmes §2.6's alarm campaign and reads each
// street's rates back through the service, as that street's office would:
// households' and restaurants' 安装率, the 独居老人's coverage, refusals
// and no-access in proportion to the target, networked and online, all
// within half a point of the table; the restaurants without an alarm have
// their hazards; some alarms are due for replacement.
func TestAlarmsDemo(t *testing.T) {
	t.Parallel()
	db := migrationstest.Open(t)
	ctx := context.Background()
	sys := policy.System(ctx)
	if _, err := seed.Demo(ctx, db.Client, cheap, "demo-password-1"); err != nil {
		t.Fatal(err)
	}
	engine := reminders.NewEngine(db.Client, nil, nil, nil)
	start := time.Now()
	if err := seed.AlarmsDemo(ctx, db.Client, engine, storage.Dir{Root: t.TempDir()}); err != nil {
		t.Fatal(err)
	}
	t.Logf("alarms demo seeded in %s", time.Since(start).Round(time.Millisecond))
	tn, err := db.Client.Tenant.Query().Where(tenant.Slug("nankai")).Only(sys)
	if err != nil {
		t.Fatal(err)
	}
	c, err := db.Client.AlarmCampaign.Query().Where(alarmcampaign.TenantID(tn.ID), alarmcampaign.Name(seed.DemoAlarmCampaign)).Only(sys)
	if err != nil {
		t.Fatal(err)
	}
	svc := alarms.New(db.Client, nil, nil, nil)
	near := func(what string, got *float64, want float64) {
		t.Helper()
		if got == nil || math.Abs(*got-want) > 0.5 {
			g := math.NaN()
			if got != nil {
				g = *got
			}
			t.Errorf("%s: %.2f, want %.2f ± 0.5", what, g, want)
		}
	}
	pct := func(n, d int) float64 { return 100 * float64(n) / float64(d) }
	bureau := policy.NewContext(ctx, &policy.Viewer{TenantID: tn.ID, TenantSlug: tn.Slug, Timezone: tn.Timezone,
		OrgKind: enum.OrgBureau, Roles: []string{policy.RoleBureauInspector}})
	byStreet, err := svc.Rates(bureau, c.ID, "street")
	if err != nil {
		t.Fatal(err)
	}
	if len(byStreet.Rows) != len(seed.DemoAlarmStreets) {
		t.Fatalf("%d streets in the table", len(byStreet.Rows))
	}
	missing := 0
	for _, s := range seed.DemoAlarmStreets {
		st, err := db.Client.Org.Query().Where(org.TenantID(tn.ID), org.Name(s.Street)).Only(sys)
		if err != nil {
			t.Fatal(err)
		}
		comms, err := db.Client.Org.Query().Where(org.ParentID(st.ID)).IDs(sys)
		if err != nil || len(comms) != 2 {
			t.Fatalf("%s's communities: %v %v", s.Street, comms, err)
		}
		office := policy.NewContext(ctx, &policy.Viewer{TenantID: tn.ID, TenantSlug: tn.Slug, Timezone: tn.Timezone,
			OrgID: st.ID, OrgKind: enum.OrgStreet, Roles: []string{policy.RoleStreetOfficer},
			Streets: append([]uuid.UUID{st.ID}, comms...)})
		tb, err := svc.Rates(office, c.ID, "user_type")
		if err != nil {
			t.Fatal(err)
		}
		rows := map[string]alarms.RateRow{}
		for _, r := range tb.Rows {
			rows[*r.UserType] = r
		}
		res, com := rows[string(enum.UserResident)], rows[string(enum.UserCommercial)]
		near(s.Street+" 居民安装率", res.Rates.Installed.Rate, pct(s.ResInstalled, s.ResTarget))
		near(s.Street+" 餐饮安装率", com.Rates.Installed.Rate, pct(s.ComInstalled, s.ComTarget))
		near(s.Street+" 独居老人覆盖率", res.Rates.Special.Rate, 99)
		rf, nh := pct(res.Rates.Refused, res.Targets.Target), pct(res.Rates.NotHome, res.Targets.Target)
		near(s.Street+" 拒装比例", &rf, pct(s.Refused, s.ResTarget))
		near(s.Street+" 到访不遇比例", &nh, pct(s.NotHome, s.ResTarget))
		if res.Targets.Special < 67 || res.Targets.Target < 300 || com.Targets.Target < 70 {
			t.Errorf("%s's scale: %+v %+v", s.Street, res.Targets, com.Targets)
		}
		var sr alarms.RateRow
		for _, r := range byStreet.Rows {
			if r.StreetID != nil && *r.StreetID == st.ID {
				sr = r
			}
		}
		near(s.Street+" 接入率", sr.Rates.Networked.Rate, s.Networked)
		near(s.Street+" 在线率", sr.Rates.Online.Rate, s.Online)
		if sr.Rates.DueSoon == 0 {
			t.Errorf("%s has no alarm due for replacement", s.Street)
		}
		missing += com.Targets.Target - com.Counts.Valid
	}
	open, err := db.Client.Hazard.Query().Where(hazard.TenantID(tn.ID), hazard.CategoryEQ(enum.CategoryAlarmMissing),
		hazard.StatusNEQ(enum.StatusVerified)).Count(sys)
	if err != nil || open != missing || open == 0 {
		t.Errorf("%d open alarm_missing hazards (%v), want one per restaurant without an alarm: %d", open, err, missing)
	}
}
