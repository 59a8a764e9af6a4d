package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	amigrate "ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/sqltool"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"

	"github.com/hearthsafety/hearth/ent/migrate"
)

// Generate writes a new migration named name into dir (a folder of goose
// files) holding what ent/schema has that the folder's migrations do not. It
// writes nothing when they agree. dev must be an empty database of dial: the
// folder is replayed on it to learn the current state.
func Generate(ctx context.Context, dial string, dev *sql.DB, dir, name string) error {
	gd, err := sqltool.NewGooseDir(dir)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	m, err := schema.NewMigrate(entsql.OpenDB(dial, dev),
		schema.WithDir(gd),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithFormatter(sqltool.GooseFormatter),
		schema.WithDialect(dial),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
	)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if err := m.NamedDiff(ctx, name, migrate.Tables...); err != nil {
		return fmt.Errorf("migrations: diffing %s: %w", dial, err)
	}
	return outsideTransaction(gd)
}

// outsideTransaction marks the newest file NO TRANSACTION when it rebuilds a
// SQLite table: goose wraps each file in a transaction, inside which SQLite
// ignores "PRAGMA foreign_keys = off", and the rebuild of a table that others
// reference would then fail. The checksum file is rewritten to match.
func outsideTransaction(dir *sqltool.GooseDir) error {
	files, err := dir.Files()
	if err != nil || len(files) == 0 {
		return err
	}
	last := files[len(files)-1]
	body := string(last.Bytes())
	const mark = "-- +goose NO TRANSACTION\n"
	if !strings.Contains(body, "PRAGMA foreign_keys = off") || strings.HasPrefix(body, mark) {
		return nil
	}
	if err := dir.WriteFile(last.Name(), []byte(mark+body)); err != nil {
		return err
	}
	sum, err := dir.Checksum()
	if err != nil {
		return err
	}
	return amigrate.WriteSumFile(dir, sum)
}

// Rehash writes dir's checksum file anew, after a migration in it was
// edited by hand (to move data, say).
func Rehash(dir string) error {
	gd, err := sqltool.NewGooseDir(dir)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	sum, err := gd.Checksum()
	if err != nil {
		return err
	}
	return amigrate.WriteSumFile(gd, sum)
}
