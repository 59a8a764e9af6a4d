package migrations_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/migrations"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
)

// beforeReshape is the last migration before 20261202023920_reshape, which
// re-keys reminders and notification items from hazard_id to subject and
// subject_id and gives reminders a rung and an audience.
const beforeReshape int64 = 20261125224437

// upTo applies the migrations up to version, with the embedded files and the
// goose options (*migrations.DB).Up uses; goose runs them on one connection,
// so the SQLite files marked NO TRANSACTION keep their PRAGMAs.
func upTo(t *testing.T, ctx context.Context, db *migrations.DB, version int64) {
	t.Helper()
	fsys, err := migrations.FS(db.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	gd := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if db.Dialect == dialect.Postgres {
		gd = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			t.Fatal(err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(gd, db.SQL, fsys, opts...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, version); err != nil && !errors.Is(err, goose.ErrNoNextVersion) {
		t.Fatalf("applying migrations up to %d: %v", version, err)
	}
	if v, err := db.Version(ctx); err != nil || v != version {
		t.Fatalf("version %d, err %v; want %d", v, err, version)
	}
}

// openAt opens a fresh database of the test's dialect (SQLite, or
// PostgreSQL where HEARTH_TEST_DATABASE_URL is set) with the migrations
// applied up to the version before(dialect) names, and exec, which runs a
// statement on it failing t.
func openAt(t *testing.T, ctx context.Context, before func(dialect string) int64) (*migrations.DB, func(query string, args ...any)) {
	t.Helper()
	u, err := migrationstest.NewURL(t)
	if err != nil {
		t.Fatal(err)
	}
	db, err := migrations.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	upTo(t, ctx, db, before(db.Dialect))
	return db, func(query string, args ...any) {
		t.Helper()
		if _, err := db.SQL.ExecContext(ctx, query, args...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
}

// TestReshapeKeepsReminders writes a hazard's reminders and a digest item the
// way the schema before the reshape held them, applies the reshape and checks
// every reminder kept its history, now keyed by its subject, with the rung and
// audience the reshape derives. It runs on SQLite, or on PostgreSQL where
// HEARTH_TEST_DATABASE_URL is set.
func TestReshapeKeepsReminders(t *testing.T) {
	ctx := context.Background()
	db, exec := openAt(t, ctx, func(string) int64 { return beforeReshape })
	t.Logf("dialect %s", db.Dialect)
	at := time.Date(2026, 11, 26, 1, 0, 0, 0, time.UTC)
	var (
		district = uuid.New()
		bureau   = uuid.New()
		company  = uuid.New()
		street   = uuid.New()
		user     = uuid.New()
		hazard   = uuid.New()
		note     = uuid.New()
		item     = uuid.New()
	)
	const deadline = "2026-12-10"

	// The rows as the schema at beforeReshape holds them.
	exec(`INSERT INTO "tenants" ("id", "created_at", "updated_at", "slug", "name") VALUES ($1, $2, $2, 'd1', 'District')`,
		district, at)
	org := `INSERT INTO "orgs" ("id", "created_at", "updated_at", "name", "kind", "tenant_id", "parent_id") VALUES ($1, $2, $2, $3, $4, $5, $6)`
	exec(org, bureau, at, "Bureau", "bureau", district, nil)
	exec(org, street, at, "Street", "street", district, bureau)
	exec(org, company, at, "Gas Co", "gas_company", district, bureau)
	exec(`INSERT INTO "users" ("id", "created_at", "updated_at", "username", "password_hash", "org_id", "tenant_id") VALUES ($1, $2, $2, 'gas', 'x', $3, $4)`,
		user, at, company, district)
	exec(`INSERT INTO "hazards" ("id", "created_at", "updated_at", "company_id", "street_id", "address", "category", "level", "source", "found_on", "description", "deadline", "original_deadline", "tenant_id")
		VALUES ($1, $2, $2, $3, $4, '1 Main St', 'leak', 'major', 'self_inspection', '2026-11-25', 'a leak', $5, $5, $6)`,
		hazard, at, company, street, deadline, district)

	type want struct {
		id         uuid.UUID
		kind       string
		daysBefore int
		dueAt      time.Time
		state      string
		attempts   int
		recipients int
		note       string
		queuedAt   *time.Time
		doneAt     *time.Time
		rung       string
		audience   []string
	}
	sentAt := time.Date(2026, 12, 7, 1, 0, 5, 0, time.UTC)
	queuedAt := time.Date(2026, 12, 7, 0, 55, 0, 0, time.UTC)
	reminders := []want{
		{
			id: uuid.New(), kind: "due_soon", daysBefore: 3, dueAt: time.Date(2026, 12, 7, 1, 0, 0, 0, time.UTC),
			state: "sent", attempts: 2, recipients: 1, note: "delivered", queuedAt: &queuedAt, doneAt: &sentAt,
			rung: "d3", audience: []string{"company"},
		},
		{
			id: uuid.New(), kind: "due_soon", daysBefore: 1, dueAt: time.Date(2026, 12, 9, 1, 0, 0, 0, time.UTC),
			state: "scheduled", rung: "d1", audience: []string{"company"},
		},
		{
			id: uuid.New(), kind: "overdue", daysBefore: 0, dueAt: time.Date(2026, 12, 11, 1, 0, 0, 0, time.UTC),
			state: "scheduled", rung: "e0", audience: []string{"company", "street", "bureau"},
		},
	}
	for _, r := range reminders {
		exec(`INSERT INTO "reminders" ("id", "created_at", "updated_at", "company_id", "street_id", "kind", "days_before", "deadline", "due_at", "state", "attempts", "note", "recipients", "queued_at", "done_at", "hazard_id", "tenant_id")
			VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
			r.id, at, company, street, r.kind, r.daysBefore, deadline, r.dueAt, r.state, r.attempts, r.note, r.recipients, r.queuedAt, r.doneAt, hazard, district)
	}
	sent := reminders[0]
	exec(`INSERT INTO "notifications" ("id", "created_at", "updated_at", "day", "tenant_id", "user_id") VALUES ($1, $2, $2, '2026-12-07', $3, $4)`,
		note, sentAt, district, user)
	exec(`INSERT INTO "notification_items" ("id", "user_id", "reminder_id", "hazard_id", "kind", "days_before", "deadline", "text", "created_at", "notification_id", "tenant_id")
		VALUES ($1, $2, $3, $4, 'due_soon', 3, $5, 'due in 3 days', $6, $7, $8)`,
		item, user, sent.id, hazard, deadline, sentAt, note, district)

	n, err := db.Up(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("Up applied nothing: the reshape did not run")
	}

	// Raw SQL: what the reshape wrote, column by column.
	for _, w := range reminders {
		var (
			subject, rung, state string
			subjectID            uuid.UUID
			audience             []byte
			dueAt                time.Time
			attempts             int
		)
		err := db.SQL.QueryRowContext(ctx,
			`SELECT subject, subject_id, rung, audience, state, due_at, attempts FROM reminders WHERE id = $1`, w.id).
			Scan(&subject, &subjectID, &rung, &audience, &state, &dueAt, &attempts)
		if err != nil {
			t.Fatalf("reminder %s (%s %d): %v", w.id, w.kind, w.daysBefore, err)
		}
		var aud []string
		if err := json.Unmarshal(audience, &aud); err != nil {
			t.Errorf("reminder %s: audience %q: %v", w.rung, audience, err)
		}
		if subject != "hazard" || subjectID != hazard || rung != w.rung || !slices.Equal(aud, w.audience) ||
			state != w.state || !dueAt.Equal(w.dueAt) || attempts != w.attempts {
			t.Errorf("reminder %s %d after reshape: subject %q %s, rung %q, audience %v, state %q, due %s, attempts %d;\n"+
				"want hazard %s, rung %q, audience %v, state %q, due %s, attempts %d",
				w.kind, w.daysBefore, subject, subjectID, rung, aud, state, dueAt.UTC(), attempts,
				hazard, w.rung, w.audience, w.state, w.dueAt, w.attempts)
		}
	}

	// The ent client reads the migrated rows back whole.
	sys := policy.System(ctx)
	got, err := db.Client.Reminder.Query().Order(reminder.ByDueAt()).All(sys)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(reminders) {
		t.Fatalf("%d reminders after the reshape, want %d", len(got), len(reminders))
	}
	sameTime := func(a, b *time.Time) bool {
		if a == nil || b == nil {
			return a == b
		}
		return a.Equal(*b)
	}
	for i, r := range got {
		w := reminders[i]
		if r.ID != w.id || r.TenantID != district || r.CompanyID != company || r.StreetID != street ||
			r.Subject != "hazard" || r.SubjectID != hazard || string(r.Kind) != w.kind || r.Rung != w.rung ||
			r.DaysBefore != w.daysBefore || r.Deadline != deadline || !slices.Equal(r.Audience, w.audience) ||
			!r.DueAt.Equal(w.dueAt) || string(r.State) != w.state || r.Attempts != w.attempts ||
			r.Recipients != w.recipients || r.Note != w.note || !sameTime(r.QueuedAt, w.queuedAt) || !sameTime(r.DoneAt, w.doneAt) {
			t.Errorf("ent reads reminder %d as %v;\nwant id=%s, subject=hazard, subject_id=%s, kind=%s, rung=%s, days_before=%d, deadline=%s, "+
				"audience=%v, due_at=%s, state=%s, attempts=%d, recipients=%d, note=%s, queued_at=%v, done_at=%v",
				i, r, w.id, hazard, w.kind, w.rung, w.daysBefore, deadline, w.audience, w.dueAt, w.state, w.attempts, w.recipients, w.note, w.queuedAt, w.doneAt)
		}
	}

	// The digest item is about the hazard now.
	var (
		itemSubject, itemKind string
		itemSubjectID, remID  uuid.UUID
	)
	err = db.SQL.QueryRowContext(ctx,
		`SELECT subject, subject_id, reminder_id, kind FROM notification_items WHERE id = $1`, item).
		Scan(&itemSubject, &itemSubjectID, &remID, &itemKind)
	if err != nil {
		t.Fatal(err)
	}
	if itemSubject != "hazard" || itemSubjectID != hazard || remID != sent.id || itemKind != "due_soon" {
		t.Errorf("notification item after reshape: subject %q %s, reminder %s, kind %q; want hazard %s, reminder %s, due_soon",
			itemSubject, itemSubjectID, remID, itemKind, hazard, sent.id)
	}
	items, err := db.Client.NotificationItem.Query().All(sys)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Subject != "hazard" || items[0].SubjectID != hazard || items[0].NotificationID != note {
		t.Errorf("ent reads notification items %+v; want one about hazard %s in %s", items, hazard, note)
	}

	// hazard_id is gone from both tables. (Identifiers in SELECTs stay
	// unquoted: SQLite reads an unknown "name" as a string literal.)
	for _, table := range []string{"reminders", "notification_items"} {
		if _, err := db.SQL.ExecContext(ctx, `SELECT hazard_id FROM `+table); err == nil {
			t.Errorf("%s still has hazard_id after the reshape", table)
		}
	}

	// One rung once: (subject_id, subject, deadline, rung) is unique, and a
	// rung the hazard lacks is still welcome.
	insert := `INSERT INTO "reminders" ("id", "created_at", "updated_at", "company_id", "street_id", "subject", "subject_id", "kind", "rung", "days_before", "deadline", "audience", "due_at", "state", "tenant_id")
		VALUES ($1, $2, $2, $3, $4, 'hazard', $5, 'due_soon', $6, $7, $8, '["company"]', $9, 'scheduled', $10)`
	_, err = db.SQL.ExecContext(ctx, insert, uuid.New(), at, company, street, hazard, "d3", 3, deadline, sent.dueAt, district)
	if err == nil || !strings.Contains(strings.ToLower(err.Error()), "unique") {
		t.Errorf("a second d3 rung for the hazard's deadline: err %v; want a unique violation", err)
	}
	_, err = db.SQL.ExecContext(ctx, insert, uuid.New(), at, company, street, hazard, "d2", 2, deadline, sent.dueAt.Add(24*time.Hour), district)
	if err != nil {
		t.Errorf("a d2 rung for the hazard's deadline: %v", err)
	}
}
