package migrations_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/hearthsafety/hearth/ent/privacy"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/migrations"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/seed"
)

// TestRowLevelSecurity: on PostgreSQL, as a plain role (neither superuser
// nor BYPASSRLS) that ran the migrations and so owns the tables, a raw
// query without the ent privacy filter sees only the district the setting
// names, none without it, and cannot write another district's rows; the
// server's driver sets it from the viewer, so even an ent query with
// privacy switched off stays in the viewer's district.
func TestRowLevelSecurity(t *testing.T) {
	base := os.Getenv(migrationstest.EnvDatabaseURL)
	if base == "" {
		t.Skip("row-level security is PostgreSQL's: checked where " + migrationstest.EnvDatabaseURL + " is set (.ci/run sets it)")
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	tag := rand.Uint64()
	role, dbName := fmt.Sprintf("hearth_rls_%d", tag), fmt.Sprintf("hearth_test_rls_%d", tag)
	for _, q := range []string{
		"CREATE ROLE " + role + " LOGIN PASSWORD 'rls-password-1' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE",
		"CREATE DATABASE " + dbName + " OWNER " + role,
	} {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { // after the test's deferred closes: nothing holds the database then
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+dbName+" WITH (FORCE)"); err != nil {
			t.Errorf("dropping %s: %v", dbName, err)
		}
		if _, err := admin.ExecContext(ctx, "DROP ROLE IF EXISTS "+role); err != nil {
			t.Errorf("dropping %s: %v", role, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + dbName
	super := u.String()
	u.User = url.UserPassword(role, "rls-password-1")

	// The application's role migrates (and so owns every table) and seeds.
	db, err := migrations.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Up(ctx); err != nil {
		t.Fatal(err)
	}
	var super_, bypass bool
	if err := db.SQL.QueryRowContext(ctx, `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`).
		Scan(&super_, &bypass); err != nil || super_ || bypass {
		t.Fatalf("the test's role is superuser %v, bypassrls %v (%v): RLS would not hold it", super_, bypass, err)
	}
	// Every table with a tenant_id column is under the policy, owner included.
	rows, err := db.SQL.QueryContext(ctx, `
		SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
		       EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation')
		FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
		WHERE s.nspname = current_schema() AND c.relkind = 'r' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	tables := 0
	for rows.Next() {
		var name string
		var enabled, forced, policed bool
		if err := rows.Scan(&name, &enabled, &forced, &policed); err != nil {
			t.Fatal(err)
		}
		tables++
		if !enabled || !forced || !policed {
			t.Errorf("table %s: row level security enabled %v, forced %v, policy %v: "+
				"a migration adding a tenant table must call SELECT hearth_tenant_rls()", name, enabled, forced, policed)
		}
	}
	rows.Close()
	if tables < 20 {
		t.Fatalf("only %d tables with tenant_id", tables)
	}

	// Two districts of hazards, written in bulk (COPY) by the superuser:
	// COPY FROM is refused to a role held by row-level security.
	sdb, err := migrations.Open(ctx, super)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	if _, err := seed.Bench(ctx, seed.DB{Client: sdb.Client, SQL: sdb.SQL, Dialect: sdb.Dialect},
		accounts.PasswordParams{Time: 1, Memory: 64, Threads: 1},
		seed.BenchOptions{Districts: 2, Hazards: 30, Password: "bench-password-1"}); err != nil {
		t.Fatal(err)
	}
	sys := policy.System(ctx)
	ts, err := db.Client.Tenant.Query().Order(tenant.BySlug()).All(sys)
	if err != nil || len(ts) != 2 {
		t.Fatalf("districts: %v %v", ts, err)
	}
	a, b := ts[0].ID.String(), ts[1].ID.String()

	count := func(setting string) (int, error) {
		tx, err := db.SQL.BeginTx(ctx, nil)
		if err != nil {
			return 0, err
		}
		defer tx.Rollback()
		if setting != "-" {
			if _, err := tx.ExecContext(ctx, `SELECT set_config('hearth.tenant_id', $1, true)`, setting); err != nil {
				return 0, err
			}
		}
		var n int
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM hazards`).Scan(&n)
		return n, err
	}
	all, err := count("*")
	if err != nil || all != 30 {
		t.Fatalf("with '*': %d hazards (%v), want 30", all, err)
	}
	inA, err := count(a)
	if err != nil || inA != 15 {
		t.Fatalf("with district A: %d hazards (%v), want its 15", inA, err)
	}
	for _, s := range []string{"", "-"} {
		if n, err := count(s); err != nil || n != 0 {
			t.Fatalf("with the setting %q: %d hazards (%v), want none", s, n, err)
		}
	}
	// The setting is local to its transaction: the pool's connections do
	// not carry the last one into the next statement.
	var n int
	if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM hazards`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("outside a transaction: %d hazards (%v), want none", n, err)
	}
	// Another district's row is refused on insert, and on a move to it.
	tx, err := db.SQL.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SELECT set_config('hearth.tenant_id', $1, true)`, a); err != nil {
		t.Fatal(err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO counters (id, series, year, last, tenant_id) VALUES (gen_random_uuid(), 'rls', 2026, 0, $1)`, b)
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Fatalf("an insert into district B under A's setting: %v", err)
	}
	tx.Rollback()
	tx, err = db.SQL.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `SELECT set_config('hearth.tenant_id', $1, true)`, a); err != nil {
		t.Fatal(err)
	}
	if _, err = tx.ExecContext(ctx, `UPDATE hazards SET tenant_id = $1`, b); err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Fatalf("moving A's hazards to B: %v", err)
	}
	tx.Rollback()

	// Through the server's driver: a viewer of A, with the privacy rules
	// switched off, still counts only A's hazards; no viewer counts none;
	// System counts all.
	va := policy.NewContext(ctx, &policy.Viewer{TenantID: ts[0].ID})
	if n, err := db.Client.Hazard.Query().Count(privacy.DecisionContext(va, privacy.Allow)); err != nil || n != 15 {
		t.Fatalf("ent, viewer of A, privacy off: %d hazards (%v), want 15", n, err)
	}
	if n, err := db.Client.Hazard.Query().Count(privacy.DecisionContext(ctx, privacy.Allow)); err != nil || n != 0 {
		t.Fatalf("ent, no viewer, privacy off: %d hazards (%v), want none", n, err)
	}
	if n, err := db.Client.Hazard.Query().Count(sys); err != nil || n != 30 {
		t.Fatalf("ent, System: %d hazards (%v), want 30", n, err)
	}
	// And in a transaction begun for A, a raw write naming B (past ent's
	// hooks, which would refuse it first) is refused by the database.
	etx, err := db.Client.Tx(va)
	if err != nil {
		t.Fatal(err)
	}
	_, err = etx.ExecContext(va, `INSERT INTO counters (id, series, year, last, tenant_id) VALUES (gen_random_uuid(), 'rls', 2026, 0, $1)`, b)
	etx.Rollback()
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Fatalf("ent, viewer of A, a raw insert into B: %v", err)
	}
}
