package handlers_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/hearthsafety/hearth/handlers/handlerstest"
	"github.com/hearthsafety/hearth/services/seed"
)

// TestSeedBench reads the load-data generator's rows (services/seed, whose
// own test checks what it writes) back through the full API, on the test
// database (SQLite, or PostgreSQL in CI): scoped and paged as any others.
func TestSeedBench(t *testing.T) {
	e := handlerstest.New(t)
	ctx := context.Background()
	const pw = "bench-password-1"
	rep, err := seed.Bench(ctx, seed.DB{Client: e.DB.Client, SQL: e.DB.SQL, Dialect: e.DB.Dialect},
		handlerstest.Cheap, seed.BenchOptions{Districts: 2, Hazards: 300, Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Authz.Reload(ctx); err != nil {
		t.Fatal(err)
	}

	// The rows read back through the full API, scoped as any others.
	bureau := e.Login("bench01", "bureau.admin", pw)
	all := e.Do(bureau, http.MethodGet, "/api/v1/hazards?limit=200", nil)
	if all.Status != http.StatusOK || len(all.JSON()["items"].([]any)) != 150 {
		t.Fatalf("bureau list: %d %.300s", all.Status, all.Body)
	}
	staff := e.Login("bench01", "gas1.staff", pw)
	own := e.Do(staff, http.MethodGet, "/api/v1/hazards?limit=200&sort=-found_on", nil)
	if own.Status != http.StatusOK {
		t.Fatalf("staff list: %d %s", own.Status, own.Body)
	}
	for _, it := range own.JSON()["items"].([]any) {
		if it.(map[string]any)["company_id"] != rep.Districts[0].Companies[0].String() {
			t.Fatalf("gas1.staff sees another company's hazard: %v", it)
		}
	}
	officer := e.Login("bench01", "street1.officer", pw)
	for _, it := range e.Do(officer, http.MethodGet, "/api/v1/hazards?overdue=true&limit=200", nil).JSON()["items"].([]any) {
		if h := it.(map[string]any); h["street_id"] != rep.Districts[0].Streets[0].String() || h["overdue"] != true {
			t.Fatalf("street1.officer, overdue=true: %v", h)
		}
	}

	// Keyset pages over many equal deadlines: every row once, in order.
	for _, sort := range []string{"deadline", "-found_on"} {
		seen, cursor, last := map[string]bool{}, "", ""
		for {
			res := e.Do(bureau, http.MethodGet, "/api/v1/hazards?limit=37&sort="+sort+"&cursor="+cursor, nil)
			for _, it := range res.JSON()["items"].([]any) {
				h := it.(map[string]any)
				key := h[strings.TrimPrefix(sort, "-")].(string) + "/" + h["id"].(string)
				if seen[h["id"].(string)] || (last != "" && (key < last) != strings.HasPrefix(sort, "-")) {
					t.Fatalf("sort=%s: %s out of order after %s", sort, key, last)
				}
				seen[h["id"].(string)], last = true, key
			}
			if cursor, _ = res.JSON()["next_cursor"].(string); cursor == "" {
				break
			}
		}
		if len(seen) != 150 {
			t.Fatalf("sort=%s: %d rows over the pages, want 150", sort, len(seen))
		}
	}
}
