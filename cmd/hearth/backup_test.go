package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hearthsafety/hearth/migrations/migrationstest"
)

// TestRestoreDrill: a backup taken while the trail grows restores into a
// fresh data dir (and a fresh PostgreSQL database when the suite runs on
// one) whose audit chains verify against the checkpoints signed before
// the backup; a checkpoint signed after it tells the restored state is
// behind, and a restore without the audit key is refused.
func TestRestoreDrill(t *testing.T) {
	getenv := testEnv(t, nil)
	ctx := context.Background()
	runIn := func(getenv func(string) string, stdin string, args ...string) (string, error) {
		t.Helper()
		var out syncBuffer
		err := run(ctx, args, stdio{in: strings.NewReader(stdin), out: &out, err: &out}, getenv)
		return out.String(), err
	}
	runOK := func(getenv func(string) string, stdin string, args ...string) string {
		t.Helper()
		out, err := runIn(getenv, stdin, args...)
		if err != nil {
			t.Fatalf("hearth %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	runOK(getenv, "", "seed", "--demo", "--password", "seed-password-1")
	runOK(getenv, "", "audit", "checkpoint")
	dataDir := getenv("HEARTH_DATA_DIR")
	before, err := readTree(filepath.Join(dataDir, "checkpoints"))
	if err != nil || len(before) == 0 {
		t.Fatalf("no checkpoints before the backup: %v", err)
	}

	archive := filepath.Join(t.TempDir(), "hearth-backup.tar.gz")
	if out := runOK(getenv, "", "backup", "--out", archive); !strings.Contains(out, "backup written to") {
		t.Fatalf("backup: %s", out)
	}
	// The trail goes on after the backup, and is check-pointed again.
	runOK(getenv, "after-backup-password-1\n", "user", "set-password", "--tenant", "nankai", "--username", "bureau.admin")
	runOK(getenv, "", "audit", "checkpoint", "--tenant", "nankai")
	after, err := readTree(filepath.Join(dataDir, "checkpoints"))
	if err != nil {
		t.Fatal(err)
	}

	// A fresh data dir (and database) with nothing but the audit key.
	fresh := t.TempDir()
	env := map[string]string{"HEARTH_DATA_DIR": fresh, "HEARTH_DATABASE_URL": ""}
	if os.Getenv(migrationstest.EnvDatabaseURL) != "" {
		u, err := migrationstest.NewURL(t)
		if err != nil {
			t.Fatal(err)
		}
		env["HEARTH_DATABASE_URL"] = u
	}
	restored := func(k string) string {
		if v, ok := env[k]; ok {
			return v
		}
		return getenv(k)
	}
	if out, err := runIn(restored, "", "restore", "--in", archive); err == nil || !strings.Contains(err.Error(), "no audit key") {
		t.Fatalf("a restore without the audit key: %v\n%s", err, out)
	}
	key, err := os.ReadFile(filepath.Join(dataDir, "audit.key"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(fresh, "audit.key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	runOK(restored, "", "restore", "--in", archive)
	if out, err := runIn(restored, "", "restore", "--in", archive); err == nil {
		t.Fatalf("a second restore over the first succeeded:\n%s", out)
	}

	// The checkpoints signed before the backup came back as they were, and
	// the restored chains verify against them.
	back, err := readTree(filepath.Join(fresh, "checkpoints"))
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(before) {
		t.Fatalf("%d checkpoints restored, %d taken before the backup", len(back), len(before))
	}
	for i := range before {
		if back[i].name != before[i].name || string(back[i].data) != string(before[i].data) {
			t.Fatalf("checkpoint %s came back as %s, changed", before[i].name, back[i].name)
		}
	}
	out := runOK(restored, "", "audit", "verify")
	for _, d := range []string{"nankai", "hexi"} {
		if !strings.Contains(out, "district "+d+": audit chain intact") || !strings.Contains(out, "1 checkpoints") {
			t.Fatalf("audit verify after the restore:\n%s", out)
		}
	}
	// The evidence files came back too.
	files, err := readTree(filepath.Join(fresh, "files"))
	if err != nil {
		t.Fatal(err)
	}
	orig, err := readTree(filepath.Join(dataDir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	if len(orig) == 0 || len(files) != len(orig) {
		t.Fatalf("%d files restored of %d", len(files), len(orig))
	}

	// The checkpoint signed after the backup is ahead of the restored
	// chain: verify says the state is behind it.
	for _, c := range after {
		if !strings.Contains(c.name, "/") {
			continue
		}
		p := filepath.Join(fresh, "checkpoints", filepath.FromSlash(c.name))
		if _, err := os.Stat(p); err == nil {
			continue
		}
		if err := os.WriteFile(p, c.data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if out, err := runIn(restored, "", "audit", "verify", "--tenant", "nankai"); err == nil || !strings.Contains(out, "BROKEN") {
		t.Fatalf("a checkpoint newer than the restored state verified:\n%s", out)
	}
}
