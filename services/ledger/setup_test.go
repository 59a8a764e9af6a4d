package ledger_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/hazardevent"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/migrations"
	"github.com/hearthsafety/hearth/migrations/migrationstest"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/storage"
)

// The ledger's rules, tested against the service itself: no HTTP, a real
// database made by the real migrations (migrationstest: SQLite in a
// temporary folder, or a fresh PostgreSQL database when
// HEARTH_TEST_DATABASE_URL is set), a small district written with ent for
// each suite, and a viewer in ctx for each scope.

// day0 is the ledger's clock in these tests: noon of 10 March 2026 in
// Asia/Shanghai, the district's zone (04:00 UTC).
var day0 = time.Date(2026, 3, 10, 4, 0, 0, 0, time.UTC)

// today is day0's date in the district.
const today = "2026-03-10"

// Names of the district's organisations.
const (
	bureauName   = "南开区城市管理委员会"
	gasName      = "津燃华润燃气有限公司"
	heatName     = "南开区供热服务中心"
	closedName   = "已停业燃气有限公司"
	street1Name  = "广开街"
	street2Name  = "兴南街"
	comm1Name    = "广开街万德庄社区"
	comm2Name    = "兴南街兴南社区"
	districtZone = "Asia/Shanghai"
)

// clock is a settable clock, day0 until moved.
type clock struct{ t atomic.Int64 }

func (c *clock) now() time.Time  { return time.Unix(0, c.t.Load()).UTC() }
func (c *clock) set(t time.Time) { c.t.Store(t.UnixNano()) }

// district is one suite's world: a district with a bureau, a gas company,
// a heating company, a disabled gas company, two streets with a community
// each, a viewer of each scope, and the ledger over them, on a database
// shared with the other suites.
type district struct {
	DB     *migrations.DB
	Client *ent.Client
	Store  storage.Dir
	Clock  *clock
	Ledger *ledger.Service

	Tenant                         uuid.UUID
	Bureau, Gas, Heat, Closed      uuid.UUID // organisations; Closed is a disabled gas company
	Street1, Street2, Comm1, Comm2 uuid.UUID // Comm1 lies in Street1, Comm2 in Street2

	// The viewers, and contexts carrying them.
	BureauUser, GasUser, GasAdminUser, HeatUser, Street1User, Street2User *policy.Viewer
	AsBureau, AsGas, AsGasAdmin, AsHeat, AsStreet1, AsStreet2             context.Context
}

// TestLedger runs every suite of the ledger's rules, in parallel, on one
// database made by the real migrations: each suite in a district of its own,
// which the privacy rules keep apart as they keep real districts apart.
// Run one suite with -run 'TestLedger/Import', one case with
// -run 'TestLedger/Import/OK$'.
func TestLedger(t *testing.T) {
	db := migrationstest.Open(t)
	for _, s := range []struct {
		name string
		run  func(*testing.T, *district)
	}{
		{"Create", testCreate},
		{"Edit", testEdit},
		{"Summary", testSummary},
		{"Lifecycle", testLifecycle},
		{"Extensions", testExtensions},
		{"Evidence", testEvidence},
		{"Reminders", testReminders},
		{"Import", testImport},
		{"Numbers", testNumbers},
	} {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			s.run(t, newDistrict(t, db, strings.ToLower(s.name)))
		})
	}
}

// newDistrict provisions a district named slug in db, on a clock at day0.
// The ledger plans no reminders (nil engine); withEngine swaps in a real
// one.
func newDistrict(t testing.TB, db *migrations.DB, slug string) *district {
	t.Helper()
	d := &district{DB: db, Client: db.Client, Store: storage.Dir{Root: t.TempDir()}, Clock: &clock{}}
	d.Clock.set(day0)
	d.provision(t, slug)
	d.Ledger = ledger.New(d.Client, nil, d.Store, d.Clock.now)
	return d
}

// withEngine makes the ledger plan reminders with a real engine (no queue
// to kick) on the test's clock, and returns it.
func (d *district) withEngine() *reminders.Engine {
	e := reminders.NewEngine(d.Client, nil, nil, d.Clock.now)
	d.Ledger = ledger.New(d.Client, e, d.Store, d.Clock.now)
	return e
}

// provision writes the district under System (there is no viewer yet), in
// one transaction as the audit trail requires.
func (d *district) provision(t testing.TB, slug string) {
	t.Helper()
	sys := policy.System(context.Background())
	tx, err := d.Client.Tx(sys)
	if err != nil {
		t.Fatal(err)
	}
	fail := func(err error) {
		tx.Rollback()
		t.Fatalf("provisioning the district: %v", err)
	}
	tn, err := tx.Tenant.Create().SetSlug(slug).SetName("南开区").SetTimezone(districtZone).Save(sys)
	if err != nil {
		fail(err)
	}
	d.Tenant = tn.ID
	org := func(name string, kind enum.OrgKind, parent *uuid.UUID, disabled bool) uuid.UUID {
		o, err := tx.Org.Create().SetTenantID(tn.ID).SetName(name).SetKind(kind).
			SetNillableParentID(parent).SetDisabled(disabled).Save(sys)
		if err != nil {
			fail(err)
		}
		return o.ID
	}
	d.Bureau = org(bureauName, enum.OrgBureau, nil, false)
	d.Gas = org(gasName, enum.OrgGasCompany, nil, false)
	d.Heat = org(heatName, enum.OrgHeatingCompany, nil, false)
	d.Closed = org(closedName, enum.OrgGasCompany, nil, true)
	d.Street1 = org(street1Name, enum.OrgStreet, nil, false)
	d.Street2 = org(street2Name, enum.OrgStreet, nil, false)
	d.Comm1 = org(comm1Name, enum.OrgCommunity, &d.Street1, false)
	d.Comm2 = org(comm2Name, enum.OrgCommunity, &d.Street2, false)

	viewer := func(username, role string, orgID uuid.UUID, orgName string, kind enum.OrgKind, streets ...uuid.UUID) *policy.Viewer {
		u, err := tx.User.Create().SetTenantID(tn.ID).SetUsername(username).SetDisplayName(username).
			SetPasswordHash("not-a-hash").SetOrgID(orgID).Save(sys)
		if err != nil {
			fail(err)
		}
		return &policy.Viewer{UserID: u.ID, Username: username, DisplayName: username,
			TenantID: tn.ID, TenantSlug: tn.Slug, Timezone: tn.Timezone, OrgID: orgID, OrgName: orgName,
			OrgKind: kind, Roles: []string{role}, Streets: streets}
	}
	d.BureauUser = viewer("bureau.admin", policy.RoleBureauAdmin, d.Bureau, bureauName, enum.OrgBureau)
	d.GasUser = viewer("gas.clerk", policy.RoleCompanyStaff, d.Gas, gasName, enum.OrgGasCompany)
	d.GasAdminUser = viewer("gas.admin", policy.RoleCompanyAdmin, d.Gas, gasName, enum.OrgGasCompany)
	d.HeatUser = viewer("heat.engineer", policy.RoleCompanyStaff, d.Heat, heatName, enum.OrgHeatingCompany)
	d.Street1User = viewer("street.guangkai", policy.RoleStreetOfficer, d.Street1, street1Name, enum.OrgStreet, d.Street1, d.Comm1)
	d.Street2User = viewer("street.xingnan", policy.RoleStreetOfficer, d.Street2, street2Name, enum.OrgStreet, d.Street2, d.Comm2)
	if err := tx.Commit(); err != nil {
		t.Fatalf("provisioning the district: %v", err)
	}
	bg := context.Background()
	d.AsBureau = policy.NewContext(bg, d.BureauUser)
	d.AsGas = policy.NewContext(bg, d.GasUser)
	d.AsGasAdmin = policy.NewContext(bg, d.GasAdminUser)
	d.AsHeat = policy.NewContext(bg, d.HeatUser)
	d.AsStreet1 = policy.NewContext(bg, d.Street1User)
	d.AsStreet2 = policy.NewContext(bg, d.Street2User)
}

// input is a valid create in street: a company's own (company_id left
// out); the bureau and streets name one with a change.
func input(street uuid.UUID, change ...func(*ledger.CreateInput)) ledger.CreateInput {
	in := ledger.CreateInput{StreetID: street, Address: "南开区广开四马路12号", Category: enum.CategoryLeak,
		Level: enum.LevelGeneral, Source: enum.SourceSelfInspection, FoundOn: "2026-03-01",
		Description: "庭院管线阀门井漏气", Measure: "更换阀门", ResponsiblePerson: "张工",
		ResponsiblePhone: "022-2345 6789", Deadline: "2026-04-30"}
	for _, c := range change {
		c(&in)
	}
	return in
}

// company names the company of a create.
func company(id uuid.UUID) func(*ledger.CreateInput) {
	return func(in *ledger.CreateInput) { in.CompanyID = &id }
}

// dates sets found_on and deadline.
func dates(found, deadline string) func(*ledger.CreateInput) {
	return func(in *ledger.CreateInput) { in.FoundOn, in.Deadline = found, deadline }
}

// create records a hazard as the viewer in ctx; any refusal fails the test.
func (d *district) create(t testing.TB, ctx context.Context, in ledger.CreateInput) *ent.Hazard {
	t.Helper()
	h, err := d.Ledger.Create(ctx, in)
	if err != nil {
		t.Fatalf("recording a hazard as %s: %v", policy.FromContext(ctx).Username, err)
	}
	return h
}

// get reads a hazard as the bureau.
func (d *district) get(t testing.TB, id uuid.UUID) *ent.Hazard {
	t.Helper()
	h, err := d.Ledger.Get(d.AsBureau, id)
	if err != nil {
		t.Fatalf("reading hazard %s: %v", id, err)
	}
	return h
}

// Steps to bring a new hazard to a state: its company takes every step but
// verify, which the bureau takes.
var stepsTo = map[string][]string{
	"reported":   nil,
	"attached":   {"attach"},
	"rectifying": {"start"},
	"evidenced":  {"start", "attach"},
	"rectified":  {"start", "attach", "submit"},
	"verified":   {"start", "attach", "submit", "verify"},
}

// drive brings hazard id to state as owner (its company's viewer).
func (d *district) drive(t testing.TB, owner context.Context, id uuid.UUID, state string) {
	t.Helper()
	steps, ok := stepsTo[state]
	if !ok {
		t.Fatalf("no state %q", state)
	}
	for _, s := range steps {
		var err error
		switch s {
		case "attach":
			_, err = d.Ledger.Attach(owner, id, ledger.Evidence{Stage: "after", Filename: "整改后.png", Data: tinyPNG})
		case "start":
			_, err = d.Ledger.Take(owner, id, ledger.Start, "")
		case "submit":
			_, err = d.Ledger.Take(owner, id, ledger.Submit, "已更换阀门并试压合格")
		case "verify":
			_, err = d.Ledger.Take(d.AsBureau, id, ledger.Verify, "验收合格")
		}
		if err != nil {
			t.Fatalf("bringing hazard %s to %s, %s: %v", id, state, s, err)
		}
	}
}

// history lists the actions of a hazard's history as the viewer in ctx sees
// it, in order.
func (d *district) history(t testing.TB, ctx context.Context, id uuid.UUID) []string {
	t.Helper()
	evs, err := d.Client.HazardEvent.Query().Where(hazardevent.HazardID(id)).
		Order(ent.Asc(hazardevent.FieldAt), ent.Asc(hazardevent.FieldID)).All(ctx)
	if err != nil {
		t.Fatalf("reading the history of %s: %v", id, err)
	}
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Action
	}
	return out
}

// wantErr fails t unless err is, as the transports see it (services.As), a
// services.Error of kind with code; it returns the error.
func wantErr(t testing.TB, err error, kind services.Kind, code string) *services.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s (kind %d)", code, kind)
	}
	e, _ := services.As(err)
	if e.Kind != kind || e.Code != code {
		t.Fatalf("error %v (kind %d, code %s), want kind %d, code %s", err, e.Kind, e.Code, kind, code)
	}
	return e
}

// wantFields fails t unless err is a validation error naming exactly fields
// (in any order).
func wantFields(t testing.TB, err error, fields ...string) {
	t.Helper()
	e := wantErr(t, err, services.KindInvalid, "validation_failed")
	got := fieldsOf(e)
	want := slices.Sorted(slices.Values(fields))
	if !slices.Equal(got, want) {
		t.Fatalf("fields %v, want %v (%v)", got, want, err)
	}
}

// fieldsOf is the fields an error names, sorted.
func fieldsOf(e *services.Error) []string {
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field)
	}
	slices.Sort(out)
	return out
}

// mustOK fails t on err.
func mustOK(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		var e *services.Error
		if errors.As(err, &e) {
			t.Fatalf("%v (kind %d, extra %v)", e, e.Kind, e.Extra)
		}
		t.Fatal(err)
	}
}

// tinyPNG is a real 2×2 PNG; tinyPDF a real one-page PDF.
var (
	tinyPNG = func() []byte {
		img := image.NewRGBA(image.Rect(0, 0, 2, 2))
		img.Set(0, 0, color.RGBA{R: 200, A: 255})
		img.Set(1, 1, color.RGBA{B: 200, A: 255})
		var b bytes.Buffer
		if err := png.Encode(&b, img); err != nil {
			panic(err)
		}
		return b.Bytes()
	}()
	tinyPDF = func() []byte {
		objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"}
		var b bytes.Buffer
		b.WriteString("%PDF-1.4\n")
		offsets := make([]int, len(objs))
		for i, o := range objs {
			offsets[i] = b.Len()
			fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
		}
		xref := b.Len()
		fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
		for _, off := range offsets {
			fmt.Fprintf(&b, "%010d 00000 n \n", off)
		}
		fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
		return b.Bytes()
	}()
)

// stallChain makes racing writes of the district meet deterministically:
// every racer runs what it does before its write transaction and as much of
// that transaction as it can, then waits, until release lets them all go on.
//
// On PostgreSQL it locks the district's audit chain head, which every
// audited write moves before its commit: each racer runs its checks and its
// insert or update, then waits for the head. wait returns once n sessions
// wait behind the lock (directly, or behind one that does), or after a few
// seconds. On SQLite, whose write transactions take the database's write
// lock when they begin (BEGIN IMMEDIATE), it holds that lock: each racer
// waits at the start of its transaction; wait gives the racers 300 ms to
// get there (SQLite shows no waiters).
func (d *district) stallChain(t testing.TB) (wait func(n int), release func()) {
	t.Helper()
	ctx := context.Background()
	conn, err := d.DB.SQL.Conn(ctx)
	mustOK(t, err)
	released := false
	release = func() {
		if !released {
			released = true
			conn.ExecContext(ctx, "ROLLBACK")
			conn.Close()
		}
	}
	t.Cleanup(release)
	if d.DB.Dialect != dialect.Postgres {
		_, err = conn.ExecContext(ctx, "BEGIN IMMEDIATE")
		mustOK(t, err)
		return func(int) { time.Sleep(300 * time.Millisecond) }, release
	}
	var pid int
	mustOK(t, conn.QueryRowContext(ctx, "SELECT pg_backend_pid()").Scan(&pid))
	_, err = conn.ExecContext(ctx, "BEGIN")
	mustOK(t, err)
	_, err = conn.ExecContext(ctx, "SELECT 1 FROM audit_heads WHERE id = $1 FOR UPDATE", d.Tenant)
	mustOK(t, err)
	wait = func(n int) {
		t.Helper()
		const behind = `WITH RECURSIVE w(pid) AS (
			SELECT pid FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))
			UNION SELECT a.pid FROM pg_stat_activity a, w WHERE w.pid = ANY(pg_blocking_pids(a.pid)))
			SELECT count(*) FROM w`
		for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			var got int
			mustOK(t, d.DB.SQL.QueryRowContext(ctx, behind, pid).Scan(&got))
			if got >= n {
				return
			}
		}
		t.Logf("fewer than %d sessions waited behind the audit chain's head", n)
	}
	return wait, release
}

// race runs each of fns at once behind stallChain and returns their errors.
func (d *district) race(t testing.TB, fns ...func() error) []error {
	t.Helper()
	errs := make([]error, len(fns))
	var wg sync.WaitGroup
	wait, release := d.stallChain(t)
	for i, fn := range fns {
		wg.Go(func() { errs[i] = fn() })
	}
	wait(len(fns))
	release()
	wg.Wait()
	return errs
}
