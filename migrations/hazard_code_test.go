package migrations_test

import (
	"context"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent/counter"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/policy"
)

// beforeHazardCode is, per dialect, the last migration before hazard_code,
// which numbers the hazards already recorded.
var beforeHazardCode = map[string]int64{dialect.SQLite: 20261202042020, dialect.Postgres: 20261202042021}

// TestHazardCodeNumbersExistingHazards records hazards in two districts and
// two years the way the schema before the hazard number held them, applies
// the migration and checks each district's hazards are numbered per year in
// the order recorded, and that the counters go on from there.
func TestHazardCodeNumbersExistingHazards(t *testing.T) {
	ctx := context.Background()
	db, exec := openAt(t, ctx, func(d string) int64 { return beforeHazardCode[d] })
	at := time.Date(2025, 6, 1, 1, 0, 0, 0, time.UTC)
	type rec struct {
		id       uuid.UUID
		district int
		created  time.Time
		want     string
	}
	var districts [2]uuid.UUID
	var companies, streets [2]uuid.UUID
	for i := range districts {
		districts[i], companies[i], streets[i] = uuid.New(), uuid.New(), uuid.New()
		bureau := uuid.New()
		exec(`INSERT INTO "tenants" ("id", "created_at", "updated_at", "slug", "name") VALUES ($1, $2, $2, $3, 'District')`,
			districts[i], at, []string{"d1", "d2"}[i])
		org := `INSERT INTO "orgs" ("id", "created_at", "updated_at", "name", "kind", "tenant_id", "parent_id") VALUES ($1, $2, $2, $3, $4, $5, $6)`
		exec(org, bureau, at, "Bureau", "bureau", districts[i], nil)
		exec(org, streets[i], at, "Street", "street", districts[i], bureau)
		exec(org, companies[i], at, "Gas Co", "gas_company", districts[i], bureau)
	}
	recs := []rec{ // inserted out of order: numbers follow created_at
		{uuid.New(), 0, time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC), "YH-2026-000002"},
		{uuid.New(), 0, time.Date(2025, 12, 1, 1, 0, 0, 0, time.UTC), "YH-2025-000001"},
		{uuid.New(), 0, time.Date(2026, 1, 5, 1, 0, 0, 0, time.UTC), "YH-2026-000001"},
		{uuid.New(), 1, time.Date(2026, 2, 1, 1, 0, 0, 0, time.UTC), "YH-2026-000001"},
		{uuid.New(), 0, time.Date(2026, 11, 30, 1, 0, 0, 0, time.UTC), "YH-2026-000003"},
	}
	for _, r := range recs {
		exec(`INSERT INTO "hazards" ("id", "created_at", "updated_at", "company_id", "street_id", "address", "category", "level", "source", "found_on", "description", "deadline", "original_deadline", "tenant_id")
			VALUES ($1, $2, $2, $3, $4, '1 Main St', 'leak', 'major', 'self_inspection', '2025-11-25', 'a leak', '2026-12-10', '2026-12-10', $5)`,
			r.id, r.created, companies[r.district], streets[r.district], districts[r.district])
	}

	if _, err := db.Up(ctx); err != nil {
		t.Fatal(err)
	}
	sys := policy.System(ctx)
	for _, r := range recs {
		h, err := db.Client.Hazard.Query().Where(hazard.ID(r.id)).Only(sys)
		if err != nil {
			t.Fatal(err)
		}
		if h.Code != r.want {
			t.Errorf("hazard recorded %s in district %d: code %q, want %q", r.created.Format(time.DateOnly), r.district+1, h.Code, r.want)
		}
	}
	cs, err := db.Client.Counter.Query().Order(counter.ByYear()).All(sys)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, c := range cs {
		got[c.TenantID.String()+c.Series+time.Date(c.Year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006")] = c.Last
	}
	want := map[string]int64{
		districts[0].String() + "hazard2025": 1,
		districts[0].String() + "hazard2026": 3,
		districts[1].String() + "hazard2026": 1,
	}
	if len(got) != len(want) {
		t.Errorf("counters %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("counter %s: last %d, want %d", k, got[k], n)
		}
	}
}
