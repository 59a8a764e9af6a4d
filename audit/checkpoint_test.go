package audit_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
)

// testKey is the audit key of this package's tests.
var testKey = []byte("hearth audit test key: 32 bytes!")

func TestMain(m *testing.M) {
	if err := audit.SetKey(testKey); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

func TestSetKeyRefusesShortKeys(t *testing.T) {
	for _, k := range [][]byte{nil, {}, []byte("short")} {
		if err := audit.SetKey(k); err == nil {
			t.Errorf("SetKey(%q) accepted", k)
		}
	}
}

// The tampering the hardening issue reproduced, each of which an unkeyed
// chain without checkpoints let through: entries removed from the end with
// the head stepped back, a chain recomputed after an edit (plain SHA-256,
// or an HMAC under another key), a district's whole chain deleted. Each is
// done in a transaction and rolled back, after a checkpoint was taken.
func TestCheckpointsCatchRewrites(t *testing.T) {
	tr := newTrail(t)
	tr.appendN(t, tr.A, 6) // 8 entries
	ctx := context.Background()
	cp, err := audit.Take(ctx, tr.db.Client, tr.A, time.Now())
	if err != nil || cp == nil || cp.Seq != 8 || !cp.Signed() {
		t.Fatalf("checkpoint %+v, %v: want one of 8 entries, signed", cp, err)
	}
	tr.appendN(t, tr.A, 2) // the chain goes on after the checkpoint: 10
	cps := []audit.Checkpoint{*cp}
	if rep := verifyCps(t, tr.db.Client, tr, cps); !rep.OK || rep.Entries != 10 || rep.Checkpoints != 1 {
		t.Fatalf("intact chain with its checkpoint: %+v (%+v)", rep, rep.Broken)
	}
	entries := tr.entries(t, tr.A)

	// rechain rewrites entries from index i on with hash, as a forger would.
	rechain := func(t *testing.T, db execer, from int, after string, hash func(*ent.AuditEntry) string) {
		prev := entries[from-1].Hash
		for _, orig := range entries[from:] {
			e := *orig
			if orig.Seq == entries[from].Seq {
				e.After = after
			}
			e.PrevHash = prev
			e.Hash = hash(&e)
			tr.exec(t, db, `UPDATE audit_entries SET "after" = ?, prev_hash = ?, hash = ? WHERE id = ?`, e.After, e.PrevHash, e.Hash, e.ID)
			prev = e.Hash
		}
		tr.exec(t, db, `UPDATE audit_heads SET hash = ? WHERE id = ?`, prev, tr.A)
	}
	plain := func(e *ent.AuditEntry) string {
		// The canonical encoding, hashed without the key.
		b, _ := json.Marshal(map[string]any{"x": e.Seq}) // any unkeyed digest will do
		s := sha256.Sum256(append(b, e.PrevHash...))
		return hex.EncodeToString(s[:])
	}
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, db execer)
		reason string
	}{
		{"TailRemovedHeadSteppedBack", func(t *testing.T, db execer) {
			for seq := 6; seq <= 10; seq++ {
				tr.exec(t, db, `DELETE FROM audit_entries WHERE tenant_id = ? AND seq = ?`, tr.A, seq)
			}
			tr.exec(t, db, `UPDATE audit_heads SET seq = ?, hash = ? WHERE id = ?`, 5, entries[4].Hash, tr.A)
		}, "entries were removed"},
		{"RechainedUnkeyed", func(t *testing.T, db execer) {
			rechain(t, db, 3, `{"n":99}`, plain)
		}, "does not match its hash"},
		{"WholeChainDeleted", func(t *testing.T, db execer) {
			for seq := 1; seq <= 10; seq++ {
				tr.exec(t, db, `DELETE FROM audit_entries WHERE tenant_id = ? AND seq = ?`, tr.A, seq)
			}
			tr.exec(t, db, `DELETE FROM audit_heads WHERE id = ?`, tr.A)
		}, "entries were removed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sqlTx, err := tr.db.SQL.BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer sqlTx.Rollback()
			c := ent.NewClient(ent.Driver(entsql.NewDriver(tr.db.Dialect, entsql.Conn{ExecQuerier: sqlTx})))
			tc.tamper(t, sqlTx)
			rep := verifyCps(t, c, tr, cps)
			if rep.OK || rep.Broken == nil || !strings.Contains(rep.Broken.Reason, tc.reason) {
				t.Errorf("tampered chain: %+v (broken %+v), want a break saying %q", rep, rep.Broken, tc.reason)
			}
		})
	}

	// Rewritten with the real key (someone who holds the server's key file)
	// the chain is consistent again, but no longer agrees with the
	// checkpoint signed before.
	t.Run("RechainedWithTheKey", func(t *testing.T) {
		sqlTx, err := tr.db.SQL.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer sqlTx.Rollback()
		c := ent.NewClient(ent.Driver(entsql.NewDriver(tr.db.Dialect, entsql.Conn{ExecQuerier: sqlTx})))
		rechain(t, sqlTx, 3, `{"n":99}`, audit.Hash)
		if rep := verifyCps(t, c, tr, nil); !rep.OK {
			t.Fatalf("rechained with the key, without checkpoints: %+v (%+v), want it to pass (that is what checkpoints are for)", rep, rep.Broken)
		}
		rep := verifyCps(t, c, tr, cps)
		if rep.OK || rep.Broken == nil || rep.Broken.Seq != 8 || !strings.Contains(rep.Broken.Reason, "rewritten") {
			t.Errorf("rechained with the key: %+v (broken %+v), want the break at the checkpoint, 8", rep, rep.Broken)
		}
	})

	// A checkpoint edited or signed by another key proves nothing.
	t.Run("ForgedCheckpoint", func(t *testing.T) {
		forged := *cp
		forged.Seq = 7
		if forged.Signed() {
			t.Fatal("an edited checkpoint keeps its signature")
		}
		if rep := verifyCps(t, tr.db.Client, tr, []audit.Checkpoint{forged}); rep.OK || !strings.Contains(rep.Broken.Reason, "not signed") {
			t.Errorf("forged checkpoint: %+v (%+v)", rep, rep.Broken)
		}
	})

	// Saved and read back as files, newest first; the same length is kept once.
	t.Run("Files", func(t *testing.T) {
		store := audit.Checkpoints{Root: t.TempDir()}
		later, err := audit.Take(ctx, tr.db.Client, tr.A, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []*audit.Checkpoint{cp, later, later} {
			if err := store.Save(c); err != nil {
				t.Fatal(err)
			}
		}
		got, err := store.List(tr.A)
		if err != nil || len(got) != 2 || got[0].Seq != 10 || got[1].Seq != 8 || !got[1].Signed() {
			t.Fatalf("listed %+v, %v: want 10 then 8, signed", got, err)
		}
		ds, err := store.Districts()
		if err != nil || len(ds) != 1 || ds[0] != tr.A {
			t.Errorf("districts %v, %v", ds, err)
		}
	})
}

func verifyCps(t *testing.T, c *ent.Client, tr *trail, cps []audit.Checkpoint) *audit.Report {
	t.Helper()
	rep, err := audit.Verify(context.Background(), c, tr.A, cps...)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}
