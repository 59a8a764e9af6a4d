// Command migrategen writes the next versioned migration for each dialect
// from ent/schema:
//
//	go run ./cmd/migrategen -name add_hazards
//
// A migration that moves data is edited by hand afterwards; -rehash then
// writes each folder's atlas.sum anew:
//
//	go run ./cmd/migrategen -rehash
//
// SQLite is diffed on an in-memory database; PostgreSQL on a scratch
// database created (and dropped) on the server at -pg.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"net/url"
	"os"

	"entgo.io/ent/dialect"
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/hearthsafety/hearth/migrations"
)

func main() {
	name := flag.String("name", "", "name of the migration (required unless -rehash)")
	rehash := flag.Bool("rehash", false, "rewrite the checksum files after editing a migration by hand")
	pg := flag.String("pg", envOr("HEARTH_MIGRATE_DEV_URL", "postgres://127.0.0.1:5432/postgres?sslmode=disable"),
		"PostgreSQL server to create the scratch dev database on")
	flag.Parse()
	if *rehash {
		for _, d := range []string{"migrations/postgres", "migrations/sqlite"} {
			if err := migrations.Rehash(d); err != nil {
				log.Fatal(err)
			}
		}
		return
	}
	if *name == "" {
		log.Fatal("migrategen: -name is required")
	}
	ctx := context.Background()
	if err := run(ctx, *name, *pg); err != nil {
		log.Fatal(err)
	}
}

func run(ctx context.Context, name, pgURL string) error {
	dev, err := sql.Open("sqlite", "file:migrategen?mode=memory&_pragma=foreign_keys(1)")
	if err != nil {
		return err
	}
	dev.SetMaxOpenConns(1)
	if err := migrations.Generate(ctx, dialect.SQLite, dev, "migrations/sqlite", name); err != nil {
		return err
	}
	dev.Close()

	admin, err := sql.Open("pgx", pgURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	scratch := fmt.Sprintf("hearth_migrategen_%d", rand.Uint32())
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+scratch); err != nil {
		return fmt.Errorf("creating scratch database: %w", err)
	}
	defer admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+scratch+" WITH (FORCE)")
	u, err := url.Parse(pgURL)
	if err != nil {
		return err
	}
	u.Path = "/" + scratch
	pdev, err := sql.Open("pgx", u.String())
	if err != nil {
		return err
	}
	defer pdev.Close()
	return migrations.Generate(ctx, dialect.Postgres, pdev, "migrations/postgres", name)
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
