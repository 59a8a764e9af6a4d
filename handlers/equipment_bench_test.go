package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/hearthsafety/hearth/migrations"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services/equipment"
)

// The register's benchmarks run on the bench database (see bench_test.go:
// `hearth seed --bench`, 20 districts), to which equipmentLoad adds, once,
// the load: 50 heating companies a district (the 2 of the seed and
// 48 more), 2 boiler rooms each, 50 units a room: 100,000 units in all, of
// every kind, commissioned over six years, without clocks; the first
// nightly pass lays them (and their reminders).
//
//	HEARTH_BENCH_DATABASE_URL='postgres://127.0.0.1:5432/hearth_bench?sslmode=disable' \
//	HEARTH_BENCH_PASSWORD=bench-password-1 \
//	  go test ./handlers/ -run '^$' -bench 'Equipment' -benchtime 200x -timeout 30m
//
// The rows are written with set-based SQL (PostgreSQL only): bench data,
// not audited.
var equipmentLoad = []string{
	`INSERT INTO orgs (id, created_at, updated_at, version, name, kind, disabled, tenant_id)
	 SELECT gen_random_uuid(), now(), now(), 1, '供热企业' || g, 'heating_company', false, t.id
	 FROM tenants t, generate_series(3, 50) g
	 WHERE t.slug LIKE 'bench%' AND NOT EXISTS (SELECT 1 FROM orgs o WHERE o.tenant_id = t.id AND o.name = '供热企业' || g)`,
	`INSERT INTO sites (id, created_at, updated_at, version, company_id, street_id, kind, name, address, status, note, tenant_id)
	 SELECT gen_random_uuid(), now(), now(), 1, c.id,
	   (SELECT s.id FROM orgs s WHERE s.tenant_id = c.tenant_id AND s.kind = 'street' ORDER BY s.id
	    OFFSET (abs(hashtext(c.id::text)) + g) % (SELECT count(*) FROM orgs s2 WHERE s2.tenant_id = c.tenant_id AND s2.kind = 'street') LIMIT 1),
	   'boiler_room', g || '号锅炉房', '南开区某路' || g || '号', 'in_service', '', c.tenant_id
	 FROM orgs c JOIN tenants t ON t.id = c.tenant_id, generate_series(1, 2) g
	 WHERE t.slug LIKE 'bench%' AND c.kind = 'heating_company'
	   AND NOT EXISTS (SELECT 1 FROM sites x WHERE x.company_id = c.id)`,
	`INSERT INTO equipment (id, created_at, updated_at, version, company_id, street_id, kind, name, special,
	   equipment_code, commissioned_on, status, condition, internal_blocked, note, tenant_id, site_id)
	 SELECT gen_random_uuid(), now(), now(), 1, s.company_id, s.street_id,
	   (ARRAY['boiler','pressure_vessel','safety_valve','safety_valve','pressure_gauge','pressure_gauge','pressure_gauge',
	          'circulation_pump','burner','gas_detector'])[1 + g % 10],
	   g || '号设备', g % 10 < 7, 'TZ' || g,
	   to_char(date '2020-01-01' + ((g * 37 + abs(hashtext(s.id::text))) % 2200), 'YYYY-MM-DD'),
	   'in_service', 'unknown', false, '', s.tenant_id, s.id
	 FROM sites s JOIN tenants t ON t.id = s.tenant_id, generate_series(1, 50) g
	 WHERE t.slug LIKE 'bench%' AND s.kind = 'boiler_room'
	   AND NOT EXISTS (SELECT 1 FROM equipment x WHERE x.site_id = s.id)`,
	`ANALYZE orgs`, `ANALYZE sites`, `ANALYZE equipment`,
}

// loadEquipment adds the load once and lays its clocks with a first
// nightly pass, which it times.
func loadEquipment(b *testing.B) *migrations.DB {
	b.Helper()
	ctx := context.Background()
	db, err := migrations.Open(ctx, benchURL(b))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Up(ctx); err != nil {
		b.Fatal(err)
	}
	for _, q := range equipmentLoad {
		if _, err := db.SQL.ExecContext(ctx, q); err != nil {
			b.Fatalf("loading the register: %v\n%s", err, q)
		}
	}
	n, err := db.Client.Equipment.Query().Count(policy.System(ctx))
	if err != nil {
		b.Fatal(err)
	}
	clocked, err := db.Client.InspectionClock.Query().Count(policy.System(ctx))
	if err != nil {
		b.Fatal(err)
	}
	if clocked == 0 {
		res, err := equipment.New(db.Client, reminders.NewEngine(db.Client, nil, nil, nil), nil, nil).Nightly(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("first nightly pass (lays every clock): %d units in %d districts in %s", res.Units, res.Districts, res.Took)
	}
	b.Logf("register: %d units", n)
	return db
}

func benchURL(b *testing.B) string {
	benchSetup(b) // skips without a bench database
	return getenv(envBenchURL)
}

// BenchmarkEquipmentList is one page of GET /api/v1/equipment through the
// whole app, as the bureau, a heating company and a street office.
func BenchmarkEquipmentList(b *testing.B) {
	e := benchSetup(b)
	loadEquipment(b)
	var out struct {
		AccessToken string `json:"access_token"`
	}
	tenant := getenv(envBenchTenant)
	if tenant == "" {
		tenant = "bench01"
	}
	body := fmt.Sprintf(`{"tenant":%q,"username":"heat1.staff","password":%q}`, tenant, getenv(envBenchPassword))
	if err := e.get("", http.MethodPost, "/api/v1/auth/login", body, &out); err != nil {
		b.Fatal(err)
	}
	heat := out.AccessToken
	soon := time.Now().AddDate(0, 2, 0).Format(time.DateOnly)
	for _, c := range []struct{ name, token, query string }{
		{"bureau", e.tokens["bureau"], ""},
		{"bureau/state=overdue", e.tokens["bureau"], "state=overdue"},
		{"bureau/kind=safety_valve&due_before", e.tokens["bureau"], "kind=safety_valve&due_before=" + soon},
		{"bureau/q", e.tokens["bureau"], "q=TZ17"},
		{"company", heat, ""},
		{"company/state=due_soon", heat, "state=due_soon"},
		{"street", e.tokens["street"], ""},
	} {
		b.Run(c.name, func(b *testing.B) {
			path := "/api/v1/equipment?limit=50&" + c.query
			for b.Loop() {
				res, err := e.do(c.token, http.MethodGet, path, "")
				if err != nil {
					b.Fatal(err)
				}
				if res.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d", path, res.StatusCode)
				}
				res.Body.Close()
			}
		})
	}
}

// BenchmarkEquipmentNightly is the nightly pass over every district, each
// iteration one day later than the last, so units cross into due_soon and
// overdue as they would overnight.
func BenchmarkEquipmentNightly(b *testing.B) {
	db := loadEquipment(b)
	day := 0
	for b.Loop() {
		day++
		now := time.Now().AddDate(0, 0, day)
		clock := func() time.Time { return now }
		eng := reminders.NewEngine(db.Client, nil, nil, clock)
		res, err := equipment.New(db.Client, eng, nil, clock).Nightly(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Units), "units")
	}
}

func getenv(k string) string { return os.Getenv(k) }
