// Package migrationstest gives each test a fresh database made by the real
// migrations: a SQLite file by default, or, when HEARTH_TEST_DATABASE_URL
// names a PostgreSQL server, a new database on it (dropped afterwards), so
// tests can run in parallel on either.
package migrationstest

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/hearthsafety/hearth/migrations"
)

// EnvDatabaseURL names the PostgreSQL server the suites run against in CI.
const EnvDatabaseURL = "HEARTH_TEST_DATABASE_URL"

// Open returns a migrated, empty database for t.
func Open(t testing.TB) *migrations.DB {
	t.Helper()
	ctx := context.Background()
	u, err := NewURL(t)
	if err != nil {
		t.Fatal(err)
	}
	db, err := migrations.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Up(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// NewURL returns the URL of a new empty database for t (not migrated).
func NewURL(t testing.TB) (string, error) {
	base := os.Getenv(EnvDatabaseURL)
	if base == "" {
		return "sqlite:" + filepath.Join(t.TempDir(), "hearth.db"), nil
	}
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	name := fmt.Sprintf("hearth_test_%d", rand.Uint64())
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", fmt.Errorf("creating test database on %s: %w", EnvDatabaseURL, err)
	}
	t.Cleanup(func() {
		admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	})
	pu, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	pu.Path = "/" + name
	return pu.String(), nil
}
