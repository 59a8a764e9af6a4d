// Package migrations holds Hearth's versioned SQL migrations, one folder per
// dialect, generated from ent/schema (Generate, run by cmd/migrategen) and
// applied with goose (Up). Open connects to a database URL the way the server
// does, so the server, the tools and the tests open databases alike.
package migrations

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite" // registers "sqlite"

	"github.com/hearthsafety/hearth/ent"
	_ "github.com/hearthsafety/hearth/ent/runtime" // hooks and privacy: without it ent fails closed
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/budget"
)

//go:embed postgres sqlite
var files embed.FS

// DB is an open database: the ent client over it, the raw handle, its dialect.
type DB struct {
	Client  *ent.Client
	SQL     *sql.DB
	Dialect string // dialect.Postgres or dialect.SQLite
}

// Open connects to url: postgres://… (or postgresql://…) for PostgreSQL;
// sqlite:PATH, file:PATH or a bare path for the embedded SQLite. SQLite is
// opened with foreign keys on, WAL, a busy timeout and immediate write
// transactions, so concurrent writers queue instead of failing as "locked".
func Open(ctx context.Context, rawURL string) (*DB, error) {
	var (
		db   *sql.DB
		dial string
		err  error
	)
	switch {
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		dial = dialect.Postgres
		db, err = sql.Open("pgx", rawURL)
		if err == nil {
			db.SetMaxOpenConns(25)
			db.SetMaxIdleConns(25)
			db.SetConnMaxIdleTime(5 * time.Minute)
		}
	default:
		dial = dialect.SQLite
		db, err = openSQLite(rawURL)
	}
	if err != nil {
		return nil, fmt.Errorf("migrations: opening database: %w", err)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrations: reaching database: %w", err)
	}
	// On PostgreSQL every transaction runs under its write budget
	// (services/budget) and every statement carries its context's district
	// for the row-level security policies (policy.TenantDriver).
	drv := budget.NewDriver(policy.TenantDriver(entsql.OpenDB(dial, db)))
	return &DB{Client: ent.NewClient(ent.Driver(drv)), SQL: db, Dialect: dial}, nil
}

// SQLiteDSN turns a path into the DSN Hearth opens SQLite with.
func SQLiteDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

func openSQLite(rawURL string) (*sql.DB, error) {
	path := strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite://"), "sqlite:")
	dsn := path
	if strings.HasPrefix(path, "file:") && strings.Contains(path, "?") {
		dsn = path // a full DSN: the caller chose its options
	} else {
		path = strings.TrimPrefix(path, "file:")
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, err
			}
		}
		dsn = SQLiteDSN(path)
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	return db, nil
}

// Close closes the client and the database.
func (db *DB) Close() error { return db.Client.Close() }

// FS returns the embedded migrations of a dialect.
func FS(dial string) (fs.FS, error) {
	switch dial {
	case dialect.Postgres:
		return fs.Sub(files, "postgres")
	case dialect.SQLite:
		return fs.Sub(files, "sqlite")
	}
	return nil, fmt.Errorf("migrations: unknown dialect %q", dial)
}

// Up applies every pending migration. On PostgreSQL a session lock keeps
// replicas that start together from migrating twice.
func (db *DB) Up(ctx context.Context) (applied int, err error) {
	fsys, err := FS(db.Dialect)
	if err != nil {
		return 0, err
	}
	gd := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.Dialect == dialect.Postgres {
		gd = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return 0, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(gd, db.SQL, fsys, opts...)
	if err != nil {
		return 0, fmt.Errorf("migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil && !errors.Is(err, goose.ErrNoNextVersion) {
		return len(res), fmt.Errorf("migrations: applying: %w", err)
	}
	return len(res), nil
}

// Version is the newest applied migration version.
func (db *DB) Version(ctx context.Context) (int64, error) {
	fsys, err := FS(db.Dialect)
	if err != nil {
		return 0, err
	}
	gd := goose.DialectSQLite3
	if db.Dialect == dialect.Postgres {
		gd = goose.DialectPostgres
	}
	p, err := goose.NewProvider(gd, db.SQL, fsys)
	if err != nil {
		return 0, err
	}
	return p.GetDBVersion(ctx)
}
