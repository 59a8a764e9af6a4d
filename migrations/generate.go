package migrations

import (
	"context"
	"database/sql"
	"fmt"

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
	return nil
}
