package migrations_test

import (
	"context"
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/migrations"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
)

// copyDir copies a dialect's embedded migrations into a temporary folder, so
// Generate can diff against them without touching the repository.
func copyDir(t *testing.T, dial string) string {
	t.Helper()
	src, err := migrations.FS(dial)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	err = fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, p), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func assertNoDrift(t *testing.T, dial string, dev *sql.DB) {
	t.Helper()
	dir := copyDir(t, dial)
	before, _ := os.ReadDir(dir)
	if err := migrations.Generate(context.Background(), dial, dev, dir, "drift"); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadDir(dir)
	if len(after) != len(before) {
		for _, e := range after {
			b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
			t.Logf("%s:\n%s", e.Name(), b)
		}
		t.Fatalf("ent/schema and migrations/%s disagree: run `go run ./cmd/migrategen -name <change>`", dial)
	}
}

func TestSchemaMatchesSQLiteMigrations(t *testing.T) {
	dev, err := sql.Open("sqlite", "file:drift?mode=memory&_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	dev.SetMaxOpenConns(1)
	defer dev.Close()
	assertNoDrift(t, dialect.SQLite, dev)
}

func TestSchemaMatchesPostgresMigrations(t *testing.T) {
	if os.Getenv(migrationstest.EnvDatabaseURL) == "" {
		t.Skip("PostgreSQL drift is checked where " + migrationstest.EnvDatabaseURL + " is set (.ci/run sets it)")
	}
	u, err := migrationstest.NewURL(t)
	if err != nil {
		t.Fatal(err)
	}
	dev, err := sql.Open("pgx", u)
	if err != nil {
		t.Fatal(err)
	}
	defer dev.Close()
	assertNoDrift(t, dialect.Postgres, dev)
}

func TestUpIsIdempotent(t *testing.T) {
	db := migrationstest.Open(t)
	n, err := db.Up(context.Background())
	if err != nil || n != 0 {
		t.Fatalf("second Up applied %d, err %v; want 0, nil", n, err)
	}
	v, err := db.Version(context.Background())
	if err != nil || v == 0 {
		t.Fatalf("version %d, err %v", v, err)
	}
}

// TestConcurrentWrites holds SQLite to DESIGN.md: concurrent writers queue,
// none fails with "database is locked".
func TestConcurrentWrites(t *testing.T) {
	db := migrationstest.Open(t)
	ctx := policy.System(context.Background())
	const writers, each = 16, 25
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				tx, err := db.Client.Tx(ctx)
				if err != nil {
					errs <- err
					continue
				}
				err = tx.Tenant.Create().SetSlug("t" + uuid.NewString()[:30]).SetName("n").Exec(ctx)
				if err != nil {
					tx.Rollback()
					errs <- err
					continue
				}
				errs <- tx.Commit()
			}
		}()
	}
	wg.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		if err != nil {
			failed++
			if failed < 3 {
				t.Error(err)
			}
		}
	}
	n, err := db.Client.Tenant.Query().Where(tenant.SlugHasPrefix("t")).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if failed > 0 || n != writers*each {
		t.Fatalf("%d of %d transactions failed; %d tenants written", failed, writers*each, n)
	}
}

// TestDriftIsDetected shows the drift check can fail: against a folder that
// lacks the migrations, Generate writes the missing one.
func TestDriftIsDetected(t *testing.T) {
	dev, err := sql.Open("sqlite", "file:drift-detected?mode=memory&_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	dev.SetMaxOpenConns(1)
	defer dev.Close()
	dir := t.TempDir()
	if err := migrations.Generate(context.Background(), dialect.SQLite, dev, dir, "all"); err != nil {
		t.Fatal(err)
	}
	files, _ := os.ReadDir(dir)
	if len(files) == 0 {
		t.Fatal("Generate wrote nothing for an empty folder: the drift check could never fail")
	}
}
