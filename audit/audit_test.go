package audit_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/auditentry"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/migrations"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
)

// trail is a database with two districts, A and B, provisioned under
// policy.System (each district's chain starts with its tenant.create), and a
// bureau viewer of each.
type trail struct {
	db     *migrations.DB
	A, B   uuid.UUID
	bureau map[uuid.UUID]*policy.Viewer
}

func newTrail(t *testing.T) *trail {
	t.Helper()
	tr := &trail{db: migrationstest.Open(t), bureau: map[uuid.UUID]*policy.Viewer{}}
	sys := policy.System(context.Background())
	tr.inTx(t, sys, func(c *ent.Client) error {
		for _, d := range []*uuid.UUID{&tr.A, &tr.B} {
			tn, err := c.Tenant.Create().SetSlug("district-" + uuid.NewString()[:8]).SetName("a district").Save(sys)
			if err != nil {
				return err
			}
			*d = tn.ID
			org, err := c.Org.Create().SetTenantID(tn.ID).SetName("bureau").SetKind(enum.OrgBureau).Save(sys)
			if err != nil {
				return err
			}
			tr.bureau[tn.ID] = &policy.Viewer{UserID: uuid.New(), Username: "bureau.admin", TenantID: tn.ID,
				OrgID: org.ID, OrgKind: enum.OrgBureau, Roles: []string{policy.RoleBureauAdmin}}
		}
		return nil
	})
	return tr
}

// as is a context carrying district d's bureau viewer.
func (tr *trail) as(d uuid.UUID) context.Context {
	return policy.NewContext(context.Background(), tr.bureau[d])
}

// inTx runs f in a transaction and commits it, failing the test on an error.
func (tr *trail) inTx(t *testing.T, ctx context.Context, f func(c *ent.Client) error) {
	t.Helper()
	tx, err := tr.db.Client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := f(tx.Client()); err != nil {
		tx.Rollback()
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// appendN appends n entries to district d's chain as its bureau.
func (tr *trail) appendN(t *testing.T, d uuid.UUID, n int) {
	t.Helper()
	tr.inTx(t, tr.as(d), func(c *ent.Client) error {
		for i := range n {
			if err := audit.Append(tr.as(d), c, audit.Entry{TenantID: d, Action: "thing.update", RecordType: "thing",
				RecordID: uuid.New(), Before: map[string]any{"n": i}, After: map[string]any{"n": i + 1}}); err != nil {
				return err
			}
		}
		return nil
	})
}

// entries is district d's chain in order, read under System.
func (tr *trail) entries(t *testing.T, d uuid.UUID) []*ent.AuditEntry {
	t.Helper()
	es, err := tr.db.Client.AuditEntry.Query().Where(auditentry.TenantID(d)).
		Order(ent.Asc(auditentry.FieldSeq)).All(policy.System(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// last is district d's newest entry.
func (tr *trail) last(t *testing.T, d uuid.UUID) *ent.AuditEntry {
	t.Helper()
	es := tr.entries(t, d)
	if len(es) == 0 {
		t.Fatal("no audit entries")
	}
	return es[len(es)-1]
}

// execer is a database or a transaction of one.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// exec runs SQL on db behind ent's back (hooks and privacy refuse to change
// the trail), with ? placeholders on either dialect.
func (tr *trail) exec(t *testing.T, db execer, query string, args ...any) {
	t.Helper()
	if tr.db.Dialect == dialect.Postgres {
		for i := 1; strings.Contains(query, "?"); i++ {
			query = strings.Replace(query, "?", fmt.Sprintf("$%d", i), 1)
		}
	}
	res, err := db.ExecContext(context.Background(), query, args...)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("%s changed %d rows, want 1", query, n)
	}
}

func (tr *trail) verify(t *testing.T, d uuid.UUID) *audit.Report {
	t.Helper()
	return verifyWith(t, tr.db.Client, d)
}

func verifyWith(t *testing.T, c *ent.Client, d uuid.UUID) *audit.Report {
	t.Helper()
	rep, err := audit.Verify(context.Background(), c, d)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestAppendChainsEntries(t *testing.T) {
	tr := newTrail(t)
	ctx := context.Background()
	operator := &policy.Viewer{UserID: uuid.New(), Username: "op", Operator: true}
	record := uuid.New()
	tr.inTx(t, ctx, func(c *ent.Client) error {
		for _, step := range []struct {
			ctx context.Context
			e   audit.Entry
		}{
			{tr.as(tr.A), audit.Entry{TenantID: tr.A, Action: "thing.update", RecordType: "thing", RecordID: record,
				Before: map[string]any{"b": 1, "a": "x"}, After: map[string]any{"a": "y", "b": 2}}},
			{policy.NewContext(ctx, operator), audit.Entry{TenantID: tr.A, Action: "thing.retry", RecordType: "thing", RecordID: record}},
			{ctx, audit.Entry{TenantID: tr.A, Action: "thing.expire", RecordType: "thing", RecordID: record,
				After: map[string]any{"state": "expired"}}},
			{tr.as(tr.B), audit.Entry{TenantID: tr.B, Action: "thing.update", RecordType: "thing", RecordID: record}},
		} {
			if err := audit.Append(step.ctx, c, step.e); err != nil {
				return err
			}
		}
		return nil
	})

	for _, d := range []uuid.UUID{tr.A, tr.B} {
		es := tr.entries(t, d)
		prev := ""
		for i, e := range es {
			if e.Seq != int64(i+1) || e.PrevHash != prev || e.Hash != audit.Hash(e) || e.TenantID != d {
				t.Errorf("entry %d: seq %d, prev_hash %q (want %q), hash ok %v, district ok %v",
					i+1, e.Seq, e.PrevHash, prev, e.Hash == audit.Hash(e), e.TenantID == d)
			}
			prev = e.Hash
		}
		head, err := tr.db.Client.AuditHead.Get(policy.System(ctx), d)
		if err != nil {
			t.Fatal(err)
		}
		if head.Seq != int64(len(es)) || head.Hash != prev {
			t.Errorf("head %d %q, want %d %q", head.Seq, head.Hash, len(es), prev)
		}
	}

	es := tr.entries(t, tr.A)
	if len(es) != 5 || es[0].Action != "tenant.create" || es[1].Action != "org.create" {
		t.Fatalf("district A's chain: %d entries, want tenant.create, org.create and 3 appended", len(es))
	}
	byViewer, byOperator, bySystem := es[2], es[3], es[4]
	if byViewer.Actor != "bureau.admin" || byViewer.ActorID == nil || *byViewer.ActorID != tr.bureau[tr.A].UserID {
		t.Errorf("a viewer's entry: actor %q %v", byViewer.Actor, byViewer.ActorID)
	}
	if byOperator.Actor != "operator:op" || byOperator.ActorID == nil || *byOperator.ActorID != operator.UserID {
		t.Errorf("an operator's entry: actor %q %v", byOperator.Actor, byOperator.ActorID)
	}
	if bySystem.Actor != "system" || bySystem.ActorID != nil {
		t.Errorf("a system entry: actor %q %v", bySystem.Actor, bySystem.ActorID)
	}
	// Before and after are canonical JSON (keys sorted), empty when empty.
	if byViewer.Before != `{"a":"x","b":1}` || byViewer.After != `{"a":"y","b":2}` {
		t.Errorf("before %s, after %s: want canonical JSON", byViewer.Before, byViewer.After)
	}
	if byOperator.Before != "" || byOperator.After != "" || bySystem.Before != "" {
		t.Errorf("empty before/after stored as %q, %q, %q", byOperator.Before, byOperator.After, bySystem.Before)
	}
	if byViewer.RecordID != record || byViewer.RecordType != "thing" || byViewer.Action != "thing.update" {
		t.Errorf("entry names %s %s %s", byViewer.Action, byViewer.RecordType, byViewer.RecordID)
	}
	if d := time.Since(byViewer.At); d < 0 || d > time.Minute || byViewer.At.Nanosecond()%1000 != 0 {
		t.Errorf("entry time %v: want now, at microsecond precision", byViewer.At)
	}
}

// The hash is over a frozen encoding: stored chains verify only while it
// stays the same. If this fails, every chain already written breaks.
func TestHashEncodingIsFrozen(t *testing.T) {
	actor := uuid.MustParse("01900000-0000-7000-8000-000000000003")
	e := &ent.AuditEntry{
		TenantID: uuid.MustParse("01900000-0000-7000-8000-000000000001"), Seq: 7,
		At:      time.Date(2026, 3, 1, 8, 30, 0, 123456000, time.FixedZone("CST", 8*3600)),
		ActorID: &actor, Actor: "bureau.admin", Action: "hazard.update", RecordType: "hazard",
		RecordID: uuid.MustParse("01900000-0000-7000-8000-000000000002"),
		Before:   `{"address":"南开区一号"}`, After: `{"address":"南开区二号"}`,
		PrevHash: "5f2b0c1e4a7d9e8f00112233445566778899aabbccddeeff0011223344556677",
	}
	// HMAC-SHA256 under testKey of {"tenant_id":"01900000-…-000000000001","seq":7,
	// "at":"2026-03-01T00:30:00.123456Z","actor_id":"…-000000000003",
	// "actor":"bureau.admin","action":"hazard.update","record_type":"hazard",
	// "record_id":"…-000000000002","before":"{\"address\":\"南开区一号\"}",
	// "after":"{\"address\":\"南开区二号\"}","prev_hash":"5f2b…6677"}, reckoned apart from Go.
	const want = "32162944f74f2f4ac456cd75313583a1356272bd37dd7e3c1545e1cc8d39456d"
	if got := audit.Hash(e); got != want {
		t.Errorf("Hash = %s, want %s", got, want)
	}
	// Without the key, the plain SHA-256 a forger could compute is not it.
	if audit.Hash(e) == "1ac600755c9bc23cfae4def12fbc988706c8be241b877b24e7ab5c66736a7748" {
		t.Error("the hash is unkeyed")
	}
	// The same instant in another zone hashes alike: times are hashed in UTC.
	utc := *e
	utc.At = e.At.UTC()
	if audit.Hash(&utc) != audit.Hash(e) {
		t.Error("the hash depends on the time zone of At")
	}
	// Every field is covered.
	for name, change := range map[string]func(x *ent.AuditEntry){
		"tenant_id":   func(x *ent.AuditEntry) { x.TenantID = uuid.New() },
		"seq":         func(x *ent.AuditEntry) { x.Seq++ },
		"at":          func(x *ent.AuditEntry) { x.At = x.At.Add(time.Microsecond) },
		"actor_id":    func(x *ent.AuditEntry) { x.ActorID = nil },
		"actor":       func(x *ent.AuditEntry) { x.Actor = "someone" },
		"action":      func(x *ent.AuditEntry) { x.Action = "hazard.delete" },
		"record_type": func(x *ent.AuditEntry) { x.RecordType = "org" },
		"record_id":   func(x *ent.AuditEntry) { x.RecordID = uuid.New() },
		"before":      func(x *ent.AuditEntry) { x.Before = "" },
		"after":       func(x *ent.AuditEntry) { x.After = `{"address":"南开区三号"}` },
		"prev_hash":   func(x *ent.AuditEntry) { x.PrevHash = "" },
	} {
		x := *e
		change(&x)
		if audit.Hash(&x) == audit.Hash(e) {
			t.Errorf("changing %s leaves the hash as it was", name)
		}
	}
}

func TestVerify(t *testing.T) {
	const n = 6 // entries appended after the district's first two
	tr := newTrail(t)
	tr.appendN(t, tr.A, n)
	tr.appendN(t, tr.B, 3)
	original := tr.entries(t, tr.A)
	for _, tc := range []struct {
		name string
		// tamper changes district A's chain of n+2 entries through db; it
		// returns the sequence number Verify must report and a part of its
		// reason.
		tamper       func(t *testing.T, db execer) (int64, string)
		wantEntryID  bool // the report names the broken entry
		wantVerified int64
	}{
		{"Intact", func(*testing.T, execer) (int64, string) { return 0, "" }, false, n + 2},
		{"ContentChanged", func(t *testing.T, db execer) (int64, string) {
			tr.exec(t, db, `UPDATE audit_entries SET "after" = ? WHERE tenant_id = ? AND seq = ?`, `{"n":99}`, tr.A, 4)
			return 4, "does not match its hash"
		}, true, 3},
		{"ActorChanged", func(t *testing.T, db execer) (int64, string) {
			tr.exec(t, db, `UPDATE audit_entries SET actor = ? WHERE tenant_id = ? AND seq = ?`, "someone.else", tr.A, 3)
			return 3, "does not match its hash"
		}, true, 2},
		{"ContentChangedAndRehashed", func(t *testing.T, db execer) (int64, string) {
			e := *original[3]
			e.After = `{"n":99}`
			tr.exec(t, db, `UPDATE audit_entries SET "after" = ?, hash = ? WHERE id = ?`, e.After, audit.Hash(&e), e.ID)
			return 5, "previous-hash link"
		}, true, 4},
		{"MiddleDeleted", func(t *testing.T, db execer) (int64, string) {
			tr.exec(t, db, `DELETE FROM audit_entries WHERE tenant_id = ? AND seq = ?`, tr.A, 5)
			return 5, "entry 5 is missing"
		}, false, 4},
		{"FirstDeleted", func(t *testing.T, db execer) (int64, string) {
			tr.exec(t, db, `DELETE FROM audit_entries WHERE tenant_id = ? AND seq = ?`, tr.A, 1)
			return 1, "entry 1 is missing"
		}, false, 0},
		{"LastDeleted", func(t *testing.T, db execer) (int64, string) {
			tr.exec(t, db, `DELETE FROM audit_entries WHERE tenant_id = ? AND seq = ?`, tr.A, n+2)
			return n + 2, "chain head says 8 entries, found 7"
		}, false, n + 1},
		{"HeadAhead", func(t *testing.T, db execer) (int64, string) {
			tr.exec(t, db, `UPDATE audit_heads SET seq = seq + 1 WHERE id = ?`, tr.A)
			return n + 3, "chain head says 9 entries, found 8"
		}, false, n + 2},
		{"HeadHashChanged", func(t *testing.T, db execer) (int64, string) {
			tr.exec(t, db, `UPDATE audit_heads SET hash = ? WHERE id = ?`, strings.Repeat("0", 64), tr.A)
			return n + 3, "chain head"
		}, false, n + 2},
		{"ChainDeleted", func(t *testing.T, db execer) (int64, string) {
			for seq := int64(1); seq <= n+2; seq++ {
				tr.exec(t, db, `DELETE FROM audit_entries WHERE tenant_id = ? AND seq = ?`, tr.A, seq)
			}
			tr.exec(t, db, `DELETE FROM audit_heads WHERE id = ?`, tr.A)
			return 1, "no audit chain"
		}, false, 0},
		{"HeadDeleted", func(t *testing.T, db execer) (int64, string) {
			tr.exec(t, db, `DELETE FROM audit_heads WHERE id = ?`, tr.A)
			return n + 3, "chain head says 0 entries"
		}, false, n + 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Tamper in a transaction and verify inside it, then roll back:
			// every case starts from the intact chain.
			sqlTx, err := tr.db.SQL.BeginTx(context.Background(), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer sqlTx.Rollback()
			c := ent.NewClient(ent.Driver(entsql.NewDriver(tr.db.Dialect, entsql.Conn{ExecQuerier: sqlTx})))
			seq, reason := tc.tamper(t, sqlTx)

			rep := verifyWith(t, c, tr.A)
			if rep.TenantID != tr.A {
				t.Errorf("report of district %s, want %s", rep.TenantID, tr.A)
			}
			if seq == 0 {
				if !rep.OK || rep.Broken != nil || rep.Entries != tc.wantVerified {
					t.Errorf("intact chain: %+v (broken %+v), want OK with %d entries", rep, rep.Broken, tc.wantVerified)
				}
			} else {
				switch {
				case rep.OK || rep.Broken == nil:
					t.Fatalf("tampered chain verifies: %+v", rep)
				case rep.Broken.Seq != seq || !strings.Contains(rep.Broken.Reason, reason):
					t.Errorf("first broken link %d %q, want %d with %q", rep.Broken.Seq, rep.Broken.Reason, seq, reason)
				case tc.wantEntryID != (rep.Broken.ID != uuid.Nil):
					t.Errorf("broken link names entry %v, want a named entry: %v", rep.Broken.ID, tc.wantEntryID)
				case rep.Entries != tc.wantVerified:
					t.Errorf("%d entries verified before the break, want %d", rep.Entries, tc.wantVerified)
				}
			}
			// The other district's chain is its own.
			if rep := verifyWith(t, c, tr.B); !rep.OK || rep.Entries != 2+3 {
				t.Errorf("district B: %+v (broken %+v), want OK with 5 entries", rep, rep.Broken)
			}
		})
	}

	if rep := tr.verify(t, tr.A); !rep.OK || rep.Entries != n+2 {
		t.Errorf("after the rolled-back tampering: %+v (broken %+v), want OK with %d entries", rep, rep.Broken, n+2)
	}
	t.Run("NoChain", func(t *testing.T) {
		if rep := tr.verify(t, uuid.New()); !rep.OK || rep.Entries != 0 {
			t.Errorf("a district with no trail: %+v, want OK with none", rep)
		}
	})
}

// Verify reads the chain a page at a time; a break is found wherever it is.
func TestVerifyAcrossPages(t *testing.T) {
	tr := newTrail(t)
	tr.appendN(t, tr.A, 1010) // 1,012 entries: two pages
	if rep := tr.verify(t, tr.A); !rep.OK || rep.Entries != 1012 {
		t.Fatalf("%+v (broken %+v), want OK with 1012 entries", rep, rep.Broken)
	}
	tr.exec(t, tr.db.SQL, `DELETE FROM audit_entries WHERE tenant_id = ? AND seq = ?`, tr.A, 1001)
	rep := tr.verify(t, tr.A)
	if rep.OK || rep.Broken == nil || rep.Broken.Seq != 1001 || rep.Entries != 1000 {
		t.Errorf("entry 1001 deleted: %+v (broken %+v), want the break at 1001", rep, rep.Broken)
	}
}

// Appends by many writers at once each take their own place in the chain.
func TestConcurrentAppendsKeepTheChain(t *testing.T) {
	tr := newTrail(t)
	const writers, each = 4, 5
	errs := make(chan error, writers)
	for range writers {
		go func() {
			ctx := tr.as(tr.A)
			var err error
			for range each {
				if err = appendOne(ctx, tr.db.Client, tr.A); err != nil {
					break
				}
			}
			errs <- err
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if rep := tr.verify(t, tr.A); !rep.OK || rep.Entries != 2+writers*each {
		t.Errorf("%+v (broken %+v), want OK with %d entries", rep, rep.Broken, 2+writers*each)
	}
}

// appendOne appends one entry in a transaction of its own.
func appendOne(ctx context.Context, c *ent.Client, d uuid.UUID) error {
	tx, err := c.Tx(ctx)
	if err != nil {
		return err
	}
	if err := audit.Append(ctx, tx.Client(), audit.Entry{TenantID: d, Action: "thing.update",
		RecordType: "thing", RecordID: uuid.New()}); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// decode reads a stored before/after.
func decode(t *testing.T, s string) map[string]any {
	t.Helper()
	if s == "" {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return m
}

func TestHook(t *testing.T) {
	tr := newTrail(t)
	ctx := tr.as(tr.A)
	c := tr.db.Client

	// A change and its entry: created, changed, cleared, each one entry
	// naming the record and its fields, bookkeeping left out.
	var street, community *ent.Org
	tr.inTx(t, ctx, func(c *ent.Client) (err error) {
		if street, err = c.Org.Create().SetName("street").SetKind(enum.OrgStreet).Save(ctx); err != nil {
			return err
		}
		community, err = c.Org.Create().SetName("community").SetKind(enum.OrgCommunity).SetParentID(street.ID).Save(ctx)
		return err
	})
	created := tr.last(t, tr.A)
	if created.Action != "org.create" || created.RecordType != "org" || created.RecordID != community.ID ||
		created.TenantID != tr.A || created.Before != "" || created.Actor != "bureau.admin" {
		t.Errorf("create entry: %s %s %s in %s, before %q, by %s", created.Action, created.RecordType,
			created.RecordID, created.TenantID, created.Before, created.Actor)
	}
	after := decode(t, created.After)
	if after["name"] != "community" || after["kind"] != "community" || after["parent_id"] != street.ID.String() ||
		after["tenant_id"] != tr.A.String() {
		t.Errorf("create after: %v", after)
	}
	for _, f := range []string{"created_at", "updated_at", "version"} {
		if _, ok := after[f]; ok {
			t.Errorf("create after holds bookkeeping %s: %v", f, after)
		}
	}

	tr.inTx(t, ctx, func(c *ent.Client) error {
		return c.Org.UpdateOneID(community.ID).SetName("renamed").AddVersion(1).Exec(ctx)
	})
	if e := tr.last(t, tr.A); e.Action != "org.update" || e.RecordID != community.ID ||
		e.Before != `{"name":"community"}` || e.After != `{"name":"renamed"}` {
		t.Errorf("update entry: %s %s: %s → %s", e.Action, e.RecordID, e.Before, e.After)
	}
	tr.inTx(t, ctx, func(c *ent.Client) error {
		return c.Org.UpdateOneID(community.ID).ClearParentID().Exec(ctx)
	})
	if e := tr.last(t, tr.A); e.Action != "org.update" ||
		e.Before != fmt.Sprintf(`{"parent_id":"%s"}`, street.ID) || e.After != `{"parent_id":null}` {
		t.Errorf("clearing a field: %s: %s → %s, want parent_id → null", e.Action, e.Before, e.After)
	}

	// Secrets never reach the trail; that they changed does.
	var hook *ent.Webhook
	tr.inTx(t, ctx, func(c *ent.Client) (err error) {
		hook, err = c.Webhook.Create().SetOrgID(street.ID).SetName("robot").SetKind("wecom").
			SetURL("https://example.com/robot?key=url-secret").SetSecret("hmac-secret").Save(ctx)
		return err
	})
	if e := decode(t, tr.last(t, tr.A).After); e["url"] != "[redacted]" || e["secret"] != "[redacted]" || e["name"] != "robot" {
		t.Errorf("webhook create after: %v", e)
	}
	tr.inTx(t, ctx, func(c *ent.Client) error {
		return c.Webhook.UpdateOneID(hook.ID).SetURL("https://example.com/robot?key=url-secret-2").
			SetSecret("hmac-secret-2").Exec(ctx)
	})
	if e := tr.last(t, tr.A); e.Before != `{"secret":"[redacted]","url":"[redacted]"}` || e.Before != e.After {
		t.Errorf("webhook update: %s → %s, want both redacted", e.Before, e.After)
	}

	// A delete records what the deleting code says the record held.
	gone := audit.Deleting(ctx, map[string]any{"name": "robot", "kind": "wecom", "secret": "hmac-secret-2"})
	tr.inTx(t, ctx, func(c *ent.Client) error { return c.Webhook.DeleteOneID(hook.ID).Exec(gone) })
	if e := tr.last(t, tr.A); e.Action != "webhook.delete" || e.RecordID != hook.ID || e.TenantID != tr.A ||
		e.Before != `{"kind":"wecom","name":"robot","secret":"[redacted]"}` || e.After != "" {
		t.Errorf("delete entry: %s %s in %s: %s → %q", e.Action, e.RecordID, e.TenantID, e.Before, e.After)
	}

	for _, e := range tr.entries(t, tr.A) {
		for _, secret := range []string{"url-secret", "hmac-secret"} {
			if strings.Contains(e.Before+e.After, secret) {
				t.Errorf("entry %d (%s) holds %q: %s → %s", e.Seq, e.Action, secret, e.Before, e.After)
			}
		}
	}

	// Refusals, each leaving the chain as it was.
	seq := tr.last(t, tr.A).Seq
	refuse := func(what string, want string, f func(c *ent.Client) error) {
		t.Helper()
		tx, err := c.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		err = f(tx.Client())
		tx.Rollback()
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an error with %q", what, err, want)
		}
	}
	refuse("bulk update", "change records one at a time", func(c *ent.Client) error {
		return c.Org.Update().SetDisabled(true).Exec(ctx)
	})
	refuse("bulk delete", "change records one at a time", func(c *ent.Client) error {
		_, err := c.Webhook.Delete().Exec(ctx)
		return err
	})
	refuse("delete without a district viewer", "needs a district viewer", func(c *ent.Client) error {
		return c.Org.DeleteOneID(community.ID).Exec(policy.System(context.Background()))
	})
	for what, f := range map[string]func() error{
		"create": func() error { return c.Org.Create().SetName("outside").SetKind(enum.OrgStreet).Exec(ctx) },
		"update": func() error { return c.Org.UpdateOneID(community.ID).SetName("outside").Exec(ctx) },
		"delete": func() error { return c.Org.DeleteOneID(community.ID).Exec(ctx) },
	} {
		if err := f(); !errors.Is(err, audit.ErrNoTx) {
			t.Errorf("%s outside a transaction: %v, want ErrNoTx", what, err)
		}
	}
	// A change that fails, or whose transaction rolls back, leaves no entry.
	refuse("invalid create", "name", func(c *ent.Client) error {
		return c.Org.Create().SetName("").SetKind(enum.OrgStreet).Exec(ctx)
	})
	tx, err := c.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Org.UpdateOneID(community.ID).SetName("rolled back").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	if got := tr.last(t, tr.A).Seq; got != seq {
		t.Errorf("refused and rolled-back changes moved the chain from %d to %d", seq, got)
	}
	if rep := tr.verify(t, tr.A); !rep.OK {
		t.Errorf("chain after the hook's entries: %+v (broken %+v)", rep, rep.Broken)
	}
}
