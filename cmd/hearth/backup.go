package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/migrations"
)

// A backup is one .tar.gz: manifest.json first, then the data dir's
// signed checkpoints, then the database (hearth.db, a VACUUM INTO copy of
// the embedded SQLite; or hearth.pgdump, pg_dump's custom format), then the
// data dir's files. The key files are not in it: they are kept apart.
//
// The order keeps it consistent while the server runs: the checkpoints are
// read before the database is copied, so none is ahead of the copy (one
// would make the restored chain look truncated); the files are copied after
// it, so every file the copy names is there.
const (
	backupFormat   = "hearth backup v1"
	manifestName   = "manifest.json"
	sqliteDumpName = "hearth.db"
	pgDumpName     = "hearth.pgdump"
)

type manifest struct {
	Format           string    `json:"format"`
	Dialect          string    `json:"dialect"`
	Database         string    `json:"database"` // the entry holding it
	MigrationVersion int64     `json:"migration_version"`
	TakenAt          time.Time `json:"taken_at"`
	// AuditPublicKey names the audit key the trail was written under:
	// restore refuses another one.
	AuditPublicKey string `json:"audit_public_key"`
}

// pgDumpArgs is the documented pg_dump invocation, into file. The
// application's role is held by row-level security, so pg_dump reads with
// it on (its default is to fail under it), as System work: the setting
// hearth.tenant_id is "*" for its session (pgDumpEnv).
func pgDumpArgs(file string) []string {
	return []string{"--format=custom", "--enable-row-security", "--file=" + file}
}

// pgDumpEnv is what pg_dump's environment adds; pgDumpEnvShell, as a
// shell takes it.
const (
	pgDumpEnv      = "PGOPTIONS=-c hearth.tenant_id=*"
	pgDumpEnvShell = "PGOPTIONS='-c hearth.tenant_id=*'"
)

// backup writes a backup of the configured database and data dir to out.
func backup(ctx context.Context, cfg Config, out string, w io.Writer) error {
	if out == "" {
		return errors.New("backup: say where: hearth backup --out FILE (a .tar.gz)")
	}
	key, _, err := existingKey(cfg.DataDir, "audit.key", cfg.AuditKey, "HEARTH_AUDIT_KEY", "audit key", auditKeyLoss)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if key == nil {
		return fmt.Errorf("backup: no audit key in %s (and HEARTH_AUDIT_KEY is empty): is this the data dir of a hearth that ran?", cfg.DataDir)
	}
	if err := audit.SetKey(key); err != nil {
		return err
	}
	if cfg.Embedded() {
		if _, err := os.Stat(filepath.Join(cfg.DataDir, "hearth.db")); err != nil {
			return fmt.Errorf("backup: no database in the data dir %s: %w", cfg.DataDir, err)
		}
	}
	db, err := migrations.Open(ctx, cfg.databaseURL())
	if err != nil {
		return err
	}
	defer db.Close()
	ver, err := db.Version(ctx)
	if err != nil {
		return fmt.Errorf("backup: reading the migration version: %w", err)
	}
	mf := manifest{Format: backupFormat, Dialect: db.Dialect, MigrationVersion: ver,
		TakenAt: time.Now().UTC(), AuditPublicKey: audit.PublicKey()}

	// Checkpoints first (small: read whole), then the database.
	checkpoints, err := readTree(filepath.Join(cfg.DataDir, "checkpoints"))
	if err != nil {
		return fmt.Errorf("backup: reading the checkpoints: %w", err)
	}
	stage, err := os.MkdirTemp(filepath.Dir(out), ".hearth-backup-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	var dump string
	switch db.Dialect {
	case dialect.SQLite:
		mf.Database = sqliteDumpName
		dump = filepath.Join(stage, sqliteDumpName)
		// VACUUM INTO copies one consistent snapshot while writers go on.
		if _, err := db.SQL.ExecContext(ctx, "VACUUM INTO '"+strings.ReplaceAll(dump, "'", "''")+"'"); err != nil {
			return fmt.Errorf("backup: copying the database: %w", err)
		}
	case dialect.Postgres:
		mf.Database = pgDumpName
		dump = filepath.Join(stage, pgDumpName)
		if err := pgDump(ctx, cfg.DatabaseURL, dump, w); err != nil {
			return err
		}
	}

	tmp := out + ".partial"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	gz := gzip.NewWriter(f)
	tw := tar.NewWriter(gz)
	mb, _ := json.MarshalIndent(mf, "", "  ")
	err = addBytes(tw, manifestName, mb)
	for _, c := range checkpoints {
		if err == nil {
			err = addBytes(tw, path.Join("checkpoints", c.name), c.data)
		}
	}
	if err == nil {
		err = addFile(tw, mf.Database, dump)
	}
	files := 0
	if err == nil {
		files, err = addTree(tw, filepath.Join(cfg.DataDir, "files"), "files")
	}
	for _, c := range []io.Closer{tw, gz} {
		if cerr := c.Close(); err == nil {
			err = cerr
		}
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, out)
	}
	if err != nil {
		return fmt.Errorf("backup: writing %s: %w", out, err)
	}
	fmt.Fprintf(w, "backup written to %s: %s database at migration %d, %d checkpoints, %d files; "+
		"keep audit.key (HEARTH_AUDIT_KEY) apart from it: without it the restored trail cannot be verified\n",
		out, db.Dialect, ver, len(checkpoints), files)
	return nil
}

// pgDump runs pg_dump into file, or says how to when it is not installed.
func pgDump(ctx context.Context, dbURL, file string, w io.Writer) error {
	args := pgDumpArgs(file)
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		return fmt.Errorf("backup: pg_dump is not on PATH; install PostgreSQL's client (the server's major version or newer) "+
			"or run it yourself: %s pg_dump %s --dbname='%s', and copy the data dir's checkpoints and files", pgDumpEnvShell, strings.Join(pgDumpArgs("FILE"), " "), mask(dbURL))
	}
	fmt.Fprintf(w, "running: %s pg_dump %s --dbname='%s'\n", pgDumpEnvShell, strings.Join(args, " "), mask(dbURL))
	cmd := exec.CommandContext(ctx, bin, append(args, "--dbname="+dbURL)...)
	cmd.Env = append(os.Environ(), pgDumpEnv)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("backup: pg_dump: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// restore puts a backup back: into an empty data dir (and, on PostgreSQL,
// an empty database), under the audit key it was taken with.
func restore(ctx context.Context, cfg Config, in string, w io.Writer) error {
	if in == "" {
		return errors.New("restore: say what: hearth restore --in FILE (made by hearth backup)")
	}
	key, keyPath, err := existingKey(cfg.DataDir, "audit.key", cfg.AuditKey, "HEARTH_AUDIT_KEY", "audit key", auditKeyLoss)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if key == nil {
		return fmt.Errorf("restore: no audit key: copy the audit.key kept apart from the backup to %s "+
			"(or set HEARTH_AUDIT_KEY) first; without it the restored trail cannot be verified", keyPath)
	}
	if err := audit.SetKey(key); err != nil {
		return err
	}
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("restore: %s is not a hearth backup: %w", in, err)
	}
	tr := tar.NewReader(gz)
	h, err := tr.Next()
	if err != nil || h.Name != manifestName {
		return fmt.Errorf("restore: %s is not a hearth backup (no manifest first)", in)
	}
	var mf manifest
	if err := json.NewDecoder(io.LimitReader(tr, 1<<20)).Decode(&mf); err != nil || mf.Format != backupFormat {
		return fmt.Errorf("restore: %s is not a hearth backup (%v)", in, err)
	}
	if mf.AuditPublicKey != audit.PublicKey() {
		return fmt.Errorf("restore: the audit key here is not the one the backup was taken under (public key %s, here %s): "+
			"put that audit.key in the data dir", mf.AuditPublicKey, audit.PublicKey())
	}
	want := dialect.SQLite
	if !cfg.Embedded() {
		want = dialect.Postgres
	}
	if mf.Dialect != want {
		return fmt.Errorf("restore: the backup holds a %s database, the configuration names %s", mf.Dialect, want)
	}
	for _, sub := range []string{"checkpoints", "files", "hearth.db"} {
		if _, err := os.Stat(filepath.Join(cfg.DataDir, sub)); err == nil {
			return fmt.Errorf("restore: the data dir %s already has %s: restore into an empty one", cfg.DataDir, sub)
		}
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return err
	}
	var pg *sql.DB
	if want == dialect.Postgres {
		db, err := migrations.Open(ctx, cfg.DatabaseURL)
		if err != nil {
			return err
		}
		defer db.Close()
		var tables int
		if err := db.SQL.QueryRowContext(ctx,
			`SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()`).Scan(&tables); err != nil {
			return err
		}
		if tables > 0 {
			return fmt.Errorf("restore: the database %s has tables already: restore into an empty one", mask(cfg.DatabaseURL))
		}
		pg = db.SQL
	}
	stage, err := os.MkdirTemp(cfg.DataDir, ".hearth-restore-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(stage)
	n := 0
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fmt.Errorf("restore: reading %s: %w", in, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name := filepath.FromSlash(h.Name)
		if !filepath.IsLocal(name) {
			return fmt.Errorf("restore: %s holds a path outside the data dir: %q", in, h.Name)
		}
		dst := filepath.Join(cfg.DataDir, name)
		switch {
		case h.Name == mf.Database && mf.Database == pgDumpName:
			dst = filepath.Join(stage, pgDumpName)
		case h.Name == mf.Database && mf.Database == sqliteDumpName:
		case strings.HasPrefix(h.Name, "checkpoints/"), strings.HasPrefix(h.Name, "files/"):
			n++
		default:
			return fmt.Errorf("restore: %s holds an unexpected entry %q", in, h.Name)
		}
		if err := extract(tr, dst); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
	}
	if pg != nil {
		if err := pgRestore(ctx, cfg.DatabaseURL, filepath.Join(stage, pgDumpName), w); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "restored the backup of %s (%s database at migration %d, %d checkpoints and files) into %s; "+
		"now run hearth audit verify\n", mf.TakenAt.Format(time.RFC3339), mf.Dialect, mf.MigrationVersion, n, cfg.DataDir)
	return nil
}

// pgRestore loads a pg_dump custom-format file into the (empty) database.
func pgRestore(ctx context.Context, dbURL, file string, w io.Writer) error {
	args := []string{"--no-owner", "--exit-on-error", "--single-transaction"}
	bin, err := exec.LookPath("pg_restore")
	if err != nil {
		return fmt.Errorf("restore: pg_restore is not on PATH; install PostgreSQL's client")
	}
	fmt.Fprintf(w, "running: pg_restore %s --dbname='%s' %s\n", strings.Join(args, " "), mask(dbURL), pgDumpName)
	cmd := exec.CommandContext(ctx, bin, append(args, "--dbname="+dbURL, file)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("restore: pg_restore: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

type treeFile struct {
	name string // slash-separated, relative to the tree's root
	data []byte
}

// readTree reads every regular file under root; none when root is absent.
func readTree(root string) ([]treeFile, error) {
	var out []treeFile
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == root {
			return fs.SkipDir
		}
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out = append(out, treeFile{filepath.ToSlash(rel), b})
		return nil
	})
	return out, err
}

func addBytes(tw *tar.Writer, name string, b []byte) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(b)), ModTime: time.Now()}); err != nil {
		return err
	}
	_, err := tw.Write(b)
	return err
}

func addFile(tw *tar.Writer, name, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: st.Size(), ModTime: st.ModTime()}); err != nil {
		return err
	}
	_, err = io.CopyN(tw, f, st.Size())
	return err
}

// addTree adds every regular file under root as prefix/…; a file removed
// while it is walked (an attachment deleted meanwhile) is left out.
func addTree(tw *tar.Writer, root, prefix string) (int, error) {
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || !d.Type().IsRegular() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		err = addFile(tw, path.Join(prefix, filepath.ToSlash(rel)), p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err == nil {
			n++
		}
		return err
	})
	return n, err
}

// extract writes r to dst, a file that must not exist yet.
func extract(r io.Reader, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
