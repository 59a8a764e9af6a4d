package migrations_test

import (
	"context"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/extension"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
)

// beforeOnePending is, per dialect, the last migration before
// one_pending_extension, whose index holds a hazard to one pending request.
var beforeOnePending = map[string]int64{dialect.SQLite: 20261202155211, dialect.Postgres: 20261202165000}

// TestOnePendingExtensionKeepsTheEarliest: a hazard left with three pending
// requests (parallel requests could, before the index) keeps the earliest
// pending; the later two are refused by the system, saying why; another
// hazard's one request is untouched; and a second pending request can no
// longer be stored.
func TestOnePendingExtensionKeepsTheEarliest(t *testing.T) {
	ctx := context.Background()
	db, exec := openAt(t, ctx, func(d string) int64 { return beforeOnePending[d] })
	at := time.Date(2026, 3, 1, 1, 0, 0, 0, time.UTC)
	district, bureau, street, company, user := uuid.New(), uuid.New(), uuid.New(), uuid.New(), uuid.New()
	exec(`INSERT INTO "tenants" ("id", "created_at", "updated_at", "slug", "name") VALUES ($1, $2, $2, 'd1', 'District')`, district, at)
	org := `INSERT INTO "orgs" ("id", "created_at", "updated_at", "name", "kind", "tenant_id", "parent_id") VALUES ($1, $2, $2, $3, $4, $5, $6)`
	exec(org, bureau, at, "Bureau", "bureau", district, nil)
	exec(org, street, at, "Street", "street", district, bureau)
	exec(org, company, at, "Gas Co", "gas_company", district, bureau)
	hazards := []uuid.UUID{uuid.New(), uuid.New()}
	for i, h := range hazards {
		exec(`INSERT INTO "hazards" ("id", "created_at", "updated_at", "code", "company_id", "street_id", "address", "category", "level", "source", "found_on", "description", "deadline", "original_deadline", "tenant_id")
			VALUES ($1, $2, $2, $3, $4, $5, '1 Main St', 'leak', 'major', 'self_inspection', '2026-02-25', 'a leak', '2026-03-10', '2026-03-10', $6)`,
			h, at, []string{"YH-2026-000001", "YH-2026-000002"}[i], company, street, district)
	}
	ext := func(hazard uuid.UUID, created time.Time) uuid.UUID {
		id := uuid.New()
		exec(`INSERT INTO "hazard_extensions" ("id", "created_at", "updated_at", "version", "tenant_id", "company_id", "street_id", "hazard_id", "requested_deadline", "previous_deadline", "note", "status", "requested_by", "requested_by_name")
			VALUES ($1, $2, $2, 1, $3, $4, $5, $6, '2026-04-30', '2026-03-10', '等待停气窗口', 'pending', $7, '王工')`,
			id, created, district, company, street, hazard, user)
		return id
	}
	later1 := ext(hazards[0], at.Add(2*time.Minute))
	first := ext(hazards[0], at.Add(time.Minute))
	later2 := ext(hazards[0], at.Add(3*time.Minute))
	other := ext(hazards[1], at.Add(4*time.Minute))

	if _, err := db.Up(ctx); err != nil {
		t.Fatal(err)
	}
	sys := policy.System(ctx)
	for _, id := range []uuid.UUID{first, other} {
		e, err := db.Client.Extension.Get(sys, id)
		if err != nil || e.Status != enum.ExtensionPending || e.DecidedAt != nil || e.Version != 1 {
			t.Errorf("request %s: %+v, %v; want it pending as it was", id, e, err)
		}
	}
	for _, id := range []uuid.UUID{later1, later2} {
		e, err := db.Client.Extension.Get(sys, id)
		if err != nil || e.Status != enum.ExtensionRefused || e.DecidedByName != "系统" || e.DecidedAt == nil ||
			e.DecisionNote == "" || e.Version != 2 {
			t.Errorf("later request %s: %+v, %v; want it refused by the system with a note", id, e, err)
		}
	}
	// A second pending request on the hazard is refused by the database.
	tx, err := db.Client.Tx(sys)
	if err != nil {
		t.Fatal(err)
	}
	err = tx.Extension.Create().SetTenantID(district).SetCompanyID(company).SetStreetID(street).SetHazardID(hazards[0]).
		SetRequestedDeadline("2026-05-31").SetPreviousDeadline("2026-03-10").SetNote("再次申请").
		SetRequestedBy(user).SetRequestedByName("王工").Exec(sys)
	tx.Rollback()
	if !ent.IsConstraintError(err) {
		t.Fatalf("a second pending request stored: %v, want a constraint error", err)
	}
	if n, err := db.Client.Extension.Query().Where(extension.HazardID(hazards[0]), extension.StatusEQ(enum.ExtensionPending)).Count(sys); err != nil || n != 1 {
		t.Fatalf("%d pending (%v)", n, err)
	}
}
