package seed_test

import (
	"context"
	"errors"
	"testing"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/alarmdevice"
	"github.com/hearthsafety/hearth/ent/alarmtarget"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/premise"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/user"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/seed"
)

// cheap keeps argon2id fast in tests.
var cheap = accounts.PasswordParams{Time: 1, Memory: 64, Threads: 1}

// TestBench runs the load-data generator small, on the test database
// (SQLite, or PostgreSQL in CI), and counts what it wrote.
func TestBench(t *testing.T) {
	t.Parallel()
	db := migrationstest.Open(t)
	ctx := context.Background()
	sys := policy.System(ctx)
	to := seed.DB{Client: db.Client, SQL: db.SQL, Dialect: db.Dialect}
	const pw = "bench-password-1"
	rep, err := seed.Bench(ctx, to, cheap, seed.BenchOptions{Districts: 2, Hazards: 300, Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Districts) != 2 || rep.Hazards != 300 {
		t.Fatalf("report: %d districts, %d hazards", len(rep.Districts), rep.Hazards)
	}
	for _, d := range rep.Districts {
		n, err := db.Client.Hazard.Query().Where(hazard.TenantID(d.TenantID)).Count(sys)
		if err != nil || n != 150 || d.Hazards != 150 {
			t.Fatalf("%s: %d hazards (report %d), %v; want 150", d.Slug, n, d.Hazards, err)
		}
		orgs, _ := db.Client.Org.Query().Where(org.TenantID(d.TenantID)).Count(sys)
		users, _ := db.Client.User.Query().Where(user.TenantID(d.TenantID)).Count(sys)
		if orgs != 1+6+10+30 || users != 1+6+10 || len(d.Logins) != users {
			t.Fatalf("%s: %d orgs, %d users, %d logins; want 47, 17, 17", d.Slug, orgs, users, len(d.Logins))
		}
	}
	statuses, _ := db.Client.Hazard.Query().GroupBy(hazard.FieldStatus).Strings(sys)
	if len(statuses) < 3 {
		t.Errorf("statuses %v: want a spread", statuses)
	}
	for _, s := range statuses {
		if !enum.HazardStatus(s).Valid() {
			t.Errorf("status %q is not a hazard status", s)
		}
	}
	if _, err := seed.Bench(ctx, to, cheap, seed.BenchOptions{Districts: 2, Hazards: 10, Password: pw}); !errors.Is(err, seed.ErrBenchSeeded) {
		t.Fatalf("second run: %v, want ErrBenchSeeded", err)
	}
}

// TestBenchRefuses: options out of range are refused before anything is
// written.
func TestBenchRefuses(t *testing.T) {
	t.Parallel()
	db := migrationstest.Open(t)
	to := seed.DB{Client: db.Client, SQL: db.SQL, Dialect: db.Dialect}
	for name, opts := range map[string]seed.BenchOptions{
		"ErrDistricts":     {Districts: 100, Password: "bench-password-1"},
		"ErrHazards":       {Hazards: -1, Password: "bench-password-1"},
		"ErrShortPassword": {Districts: 1, Password: "short"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := seed.Bench(context.Background(), to, cheap, opts); err == nil {
				t.Fatal("accepted")
			}
		})
	}
	if n, _ := db.Client.Tenant.Query().Count(policy.System(context.Background())); n != 0 {
		t.Fatalf("%d districts written", n)
	}
}

// TestBenchAlarms runs the alarm load data small: the premises and devices
// of the first district, each device its premise's current one, and the
// campaign's targets counting every premise in use.
func TestBenchAlarms(t *testing.T) {
	t.Parallel()
	db := migrationstest.Open(t)
	ctx := context.Background()
	sys := policy.System(ctx)
	rep, err := seed.Bench(ctx, seed.DB{Client: db.Client, SQL: db.SQL, Dialect: db.Dialect}, cheap,
		seed.BenchOptions{Districts: 1, Premises: 1000, Password: "bench-password-1"})
	if err != nil {
		t.Fatal(err)
	}
	a := rep.Alarms
	if a == nil || a.Premises != 1000 || a.Devices < 700 || a.Devices > 800 {
		t.Fatalf("alarms: %+v", a)
	}
	n, err := db.Client.Premise.Query().Where(premise.TenantID(a.TenantID)).Count(sys)
	if err != nil || n != 1000 {
		t.Fatalf("%d premises, %v", n, err)
	}
	devs, err := db.Client.AlarmDevice.Query().Where(alarmdevice.TenantID(a.TenantID)).All(sys)
	if err != nil || len(devs) != a.Devices {
		t.Fatalf("%d devices, %v", len(devs), err)
	}
	for _, d := range devs[:20] {
		p, err := db.Client.Premise.Get(sys, d.PremiseID)
		if err != nil || p.DeviceID == nil || *p.DeviceID != d.ID || *p.DeviceReplaceOn != d.ReplaceOn || p.CompanyID != d.CompanyID {
			t.Fatalf("device %s is not its premise's current one: %+v (%v)", d.SerialNo, p, err)
		}
	}
	inUse, err := db.Client.Premise.Query().Where(premise.TenantID(a.TenantID), premise.StatusNEQ(enum.PremiseVacant)).Count(sys)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := db.Client.AlarmTarget.Query().Where(alarmtarget.CampaignID(a.CampaignID)).Aggregate(ent.Sum(alarmtarget.FieldTargetCount)).Int(sys)
	if err != nil || sum != inUse {
		t.Fatalf("targets count %d, premises in use %d (%v)", sum, inUse, err)
	}
}
