package handlers_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/user"
	"github.com/hearthsafety/hearth/handlers"
	"github.com/hearthsafety/hearth/handlers/handlerstest"
	"github.com/hearthsafety/hearth/policy"
)

// TestSeedBench runs the load-data generator small, on the test database
// (SQLite, or PostgreSQL in CI), and reads its rows back through the API.
func TestSeedBench(t *testing.T) {
	e := handlerstest.New(t)
	ctx := context.Background()
	sys := policy.System(ctx)
	const pw = "bench-password-1"
	rep, err := handlers.SeedBench(ctx, e.DB, handlerstest.Cheap, handlers.BenchOptions{Districts: 2, Hazards: 300, Password: pw})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Authz.Reload(ctx); err != nil {
		t.Fatal(err)
	}
	if len(rep.Districts) != 2 || rep.Hazards != 300 {
		t.Fatalf("report: %d districts, %d hazards", len(rep.Districts), rep.Hazards)
	}
	for _, d := range rep.Districts {
		n, err := e.DB.Client.Hazard.Query().Where(hazard.TenantID(d.TenantID)).Count(sys)
		if err != nil || n != 150 || d.Hazards != 150 {
			t.Fatalf("%s: %d hazards (report %d), %v; want 150", d.Slug, n, d.Hazards, err)
		}
		orgs, _ := e.DB.Client.Org.Query().Where(org.TenantID(d.TenantID)).Count(sys)
		users, _ := e.DB.Client.User.Query().Where(user.TenantID(d.TenantID)).Count(sys)
		if orgs != 1+6+10+30 || users != 1+6+10 || len(d.Logins) != users {
			t.Fatalf("%s: %d orgs, %d users, %d logins; want 47, 17, 17", d.Slug, orgs, users, len(d.Logins))
		}
	}
	statuses, _ := e.DB.Client.Hazard.Query().GroupBy(hazard.FieldStatus).Strings(sys)
	if len(statuses) < 3 {
		t.Errorf("statuses %v: want a spread", statuses)
	}
	if _, err := handlers.SeedBench(ctx, e.DB, handlerstest.Cheap, handlers.BenchOptions{Districts: 2, Hazards: 10, Password: pw}); !errors.Is(err, handlers.ErrBenchSeeded) {
		t.Fatalf("second run: %v, want ErrBenchSeeded", err)
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
