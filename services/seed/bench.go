package seed

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/calendar"
	"github.com/hearthsafety/hearth/services/ledger"
)

// ErrBenchSeeded is returned when the bench districts exist already.
var ErrBenchSeeded = errors.New("bench districts exist already (bench01); generate into a fresh database")

// BenchOptions shape the synthetic load data of Bench.
type BenchOptions struct {
	Districts int       // districts bench01…benchNN; 20 when zero, at most 99
	Hazards   int       // hazards in all, spread evenly over the districts
	Password  string    // password of every bench login (10+ characters)
	Seed      uint64    // random seed; the same seed gives the same data shape (1 when zero)
	Now       time.Time // "today" for found_on, deadlines and statuses; time.Now when zero
	Progress  io.Writer // progress lines; nil for none
	// Premises and AlarmDevices are the gas-alarm load data of the first
	// district (benchalarms.go): premises, and devices among them (80 % of
	// the premises when zero).
	Premises     int
	AlarmDevices int
}

// BenchDistrict is one generated district and its logins.
type BenchDistrict struct {
	Slug      string
	TenantID  uuid.UUID
	Companies []uuid.UUID // gas companies first, then heating companies
	Streets   []uuid.UUID
	Logins    []Login
	Hazards   int
}

// BenchReport is what Bench made and how long it took.
type BenchReport struct {
	Districts  []BenchDistrict
	Hazards    int
	Orgs       time.Duration // districts, organisations and logins
	Rows       time.Duration // the hazards themselves
	Analyze    time.Duration // VACUUM (ANALYZE) on PostgreSQL
	Total      time.Duration
	RowsPerSec float64
	Dialect    string
	Copy       bool         // the hazards went in with COPY (PostgreSQL)
	Alarms     *BenchAlarms // the alarm load data, when asked
}

// The bench district layout: companies (gas first), streets, and the
// communities every street has.
const (
	benchGasCompanies     = 4
	benchHeatingCompanies = 2
	benchStreets          = 10
	benchCommunities      = 3
	benchDays             = 730 // found_on spans the past two years
)

// Bench generates synthetic load data for the list benchmarks (`hearth
// seed --bench`): opts.Districts districts bench01…benchNN, each provisioned
// by the accounts service (a bureau and its admin, "bureau.admin"), 4 gas and 2 heating
// companies with one staff login each ("gas1.staff"…, "heat1.staff"…), 10
// streets of 3 communities each with one street officer ("street1.officer"…),
// all with opts.Password; then opts.Hazards hazards spread evenly over the
// districts and, within each, over its streets and communities evenly and
// its companies by size (gas1 carries most), with every status, category,
// level and source, found over the past two years with deadlines 1–90 days later (major ones within 30), some extended,
// some overdue.
//
// The districts, organisations and logins are made through ent like any
// other (audited). The hazards are not: they are synthetic load data, not a
// ledger, and are written in bulk straight into the hazards table, bypassing
// the per-record audit hook and the hazard history (no audit entries, no
// hazard_events rows). On PostgreSQL they go in with COPY (pgx CopyFrom) in
// one transaction and the table is vacuumed and analyzed afterwards; on
// SQLite with multi-row INSERTs in batched transactions. Never run it against
// a production database.
//
// It refuses (ErrBenchSeeded) when bench01 exists already. The caller reloads
// Authz afterwards so the new logins' roles take effect.
func Bench(ctx context.Context, db DB, pp accounts.PasswordParams, opts BenchOptions) (*BenchReport, error) {
	if opts.Districts == 0 {
		opts.Districts = 20
	}
	if opts.Districts < 1 || opts.Districts > 99 {
		return nil, errors.New("seed bench: districts must be from 1 to 99")
	}
	if opts.Hazards < 0 || opts.Premises < 0 || opts.AlarmDevices < 0 {
		return nil, errors.New("seed bench: hazards, premises and alarm devices must not be negative")
	}
	if opts.AlarmDevices == 0 {
		opts.AlarmDevices = opts.Premises * 4 / 5
	}
	if opts.AlarmDevices > opts.Premises {
		return nil, errors.New("seed bench: at most one alarm device a premise")
	}
	if len(opts.Password) < 10 {
		return nil, errors.New("seed bench: the password must have at least 10 characters")
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	progress := opts.Progress
	if progress == nil {
		progress = io.Discard
	}
	sys := policy.System(ctx)
	if ok, err := db.Client.Tenant.Query().Where(tenant.Slug("bench01")).Exist(sys); err != nil {
		return nil, err
	} else if ok {
		return nil, ErrBenchSeeded
	}
	start := time.Now()
	rep := &BenchReport{Dialect: db.Dialect}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x6865617274682d62)) // "hearth-b"
	// No Authz: the caller reloads it once, when every login is in.
	acc := accounts.New(db.Client, nil, pp, nil, nil)
	districts := make([]*benchDistrict, opts.Districts)
	for i := range districts {
		d, err := seedBenchDistrict(ctx, db.Client, acc, pp, opts.Password, i+1, rng)
		if err != nil {
			return nil, fmt.Errorf("seed bench: district %d: %w", i+1, err)
		}
		districts[i] = d
	}
	rep.Orgs = time.Since(start)
	fmt.Fprintf(progress, "bench: %d districts with their organisations and logins in %s\n",
		opts.Districts, rep.Orgs.Round(time.Millisecond))

	gen := &benchGen{rng: rng, districts: districts, now: opts.Now}
	t0 := time.Now()
	var err error
	if db.Dialect == dialect.Postgres {
		rep.Copy = true
		err = benchCopy(ctx, db.SQL, gen, opts.Hazards, progress)
	} else {
		err = benchInsert(ctx, db.SQL, gen, opts.Hazards, progress)
	}
	if err != nil {
		return nil, fmt.Errorf("seed bench: writing hazards: %w", err)
	}
	// The districts' counters go on from the numbers the rows took.
	for _, d := range districts {
		for year, last := range d.codes {
			if err := db.Client.Counter.Create().SetTenantID(d.TenantID).SetSeries(ledger.CodeSeries).SetYear(year).
				SetLast(last).Exec(sys); err != nil {
				return nil, fmt.Errorf("seed bench: hazard counters: %w", err)
			}
		}
	}
	rep.Rows = time.Since(t0)
	rep.Hazards = opts.Hazards
	if s := rep.Rows.Seconds(); s > 0 {
		rep.RowsPerSec = float64(opts.Hazards) / s
	}
	fmt.Fprintf(progress, "bench: %d hazards written in %s (%.0f rows/s)\n", opts.Hazards,
		rep.Rows.Round(time.Millisecond), rep.RowsPerSec)
	if db.Dialect == dialect.Postgres {
		t1 := time.Now()
		// ANALYZE for the planner's statistics; VACUUM too, as autovacuum
		// would soon, so the benchmarks meet a settled table (visibility map
		// and hint bits set) rather than one freshly loaded.
		if _, err := db.SQL.ExecContext(ctx, "VACUUM (ANALYZE) "+hazard.Table); err != nil {
			return nil, fmt.Errorf("seed bench: analyze: %w", err)
		}
		rep.Analyze = time.Since(t1)
		fmt.Fprintf(progress, "bench: VACUUM (ANALYZE) %s in %s\n", hazard.Table, rep.Analyze.Round(time.Millisecond))
	}
	if opts.Premises > 0 {
		if rep.Alarms, err = benchAlarms(ctx, db, districts[0], opts.Premises, opts.AlarmDevices, opts.Seed, opts.Now, progress); err != nil {
			return nil, fmt.Errorf("seed bench: alarms: %w", err)
		}
	}
	for _, d := range districts {
		rep.Districts = append(rep.Districts, d.BenchDistrict)
	}
	rep.Total = time.Since(start)
	return rep, nil
}

// benchDistrict is a generated district with what the row generator needs.
type benchDistrict struct {
	BenchDistrict
	admin     uuid.UUID
	codes     map[int]int64 // the last hazard number given, by year
	companies []benchCompany
	streets   []benchStreet
}

type benchCompany struct {
	id, staff uuid.UUID
	heating   bool
	weight    int // share of the district's hazards, in percent
}

type benchStreet struct {
	id, officer uuid.UUID
	officerName string
	communities []uuid.UUID
	roads       []string
}

// seedBenchDistrict provisions district n and its organisations and logins.
func seedBenchDistrict(ctx context.Context, client *ent.Client, acc *accounts.Service, pp accounts.PasswordParams,
	password string, n int, rng *rand.Rand) (*benchDistrict, error) {
	slug := fmt.Sprintf("bench%02d", n)
	name := fmt.Sprintf("压测%02d区", n)
	p, err := acc.Provision(ctx, accounts.NewDistrict{Slug: slug, Name: name, AdminPassword: password})
	if err != nil {
		return nil, err
	}
	d := &benchDistrict{BenchDistrict: BenchDistrict{Slug: slug, TenantID: p.Tenant.ID}, admin: p.Admin.ID}
	d.Logins = append(d.Logins, Login{Tenant: slug, Username: p.Admin.Username, Role: policy.RoleBureauAdmin, Org: p.Bureau.Name})
	// One hash for the district's other logins: argon2id is slow on purpose,
	// and these are synthetic accounts sharing one password anyway.
	hash, err := accounts.HashPassword(password, pp)
	if err != nil {
		return nil, err
	}
	sys := policy.System(ctx)
	tid := p.Tenant.ID
	err = services.InTx(sys, client, func(tx *ent.Tx) error {
		user := func(orgID uuid.UUID, orgName, username, display, role string) (uuid.UUID, error) {
			u, err := accounts.AddUser(sys, tx, accounts.UserRow{TenantID: tid, OrgID: orgID, Username: username,
				PasswordHash: hash, DisplayName: display, Roles: []string{role}})
			if err != nil {
				return uuid.Nil, fmt.Errorf("%s/%s: %w", slug, username, err)
			}
			d.Logins = append(d.Logins, Login{Tenant: slug, Username: username, Role: role, Org: orgName})
			return u.ID, nil
		}
		weights := []int{30, 22, 15, 10, 13, 10} // gas1…gas4, heat1, heat2
		for i := 0; i < benchGasCompanies+benchHeatingCompanies; i++ {
			heating := i >= benchGasCompanies
			oname, kind, login := benchGasNames[i%len(benchGasNames)], enum.OrgGasCompany, fmt.Sprintf("gas%d.staff", i+1)
			if heating {
				j := i - benchGasCompanies
				oname, kind, login = benchHeatNames[j%len(benchHeatNames)], enum.OrgHeatingCompany, fmt.Sprintf("heat%d.staff", j+1)
			}
			o, err := tx.Org.Create().SetTenantID(tid).SetName(oname).SetKind(kind).Save(sys)
			if err != nil {
				return err
			}
			staff, err := user(o.ID, oname, login, benchPerson(rng), policy.RoleCompanyStaff)
			if err != nil {
				return err
			}
			d.companies = append(d.companies, benchCompany{id: o.ID, staff: staff, heating: heating, weight: weights[i%len(weights)]})
			d.Companies = append(d.Companies, o.ID)
		}
		for i := 0; i < benchStreets; i++ {
			sname := benchStreetNames[(n*7+i)%len(benchStreetNames)]
			o, err := tx.Org.Create().SetTenantID(tid).SetName(sname).SetKind(enum.OrgStreet).Save(sys)
			if err != nil {
				return err
			}
			s := benchStreet{id: o.ID, officerName: benchPerson(rng)}
			for k := 0; k < benchCommunities; k++ {
				cname := sname + benchCommunityNames[(i*benchCommunities+k+n)%len(benchCommunityNames)] + "社区"
				c, err := tx.Org.Create().SetTenantID(tid).SetName(cname).SetKind(enum.OrgCommunity).SetParentID(o.ID).Save(sys)
				if err != nil {
					return err
				}
				s.communities = append(s.communities, c.ID)
			}
			for k := 0; k < 4; k++ {
				s.roads = append(s.roads, benchRoads[(n*11+i*4+k)%len(benchRoads)])
			}
			if s.officer, err = user(o.ID, sname, fmt.Sprintf("street%d.officer", i+1), s.officerName, policy.RoleStreetOfficer); err != nil {
				return err
			}
			d.streets = append(d.streets, s)
			d.Streets = append(d.Streets, o.ID)
		}
		return nil
	})
	return d, err
}

// benchColumns are the hazards columns the generator writes, in row order.
var benchColumns = []string{
	hazard.FieldID, hazard.FieldTenantID, hazard.FieldCode, hazard.FieldCreatedAt, hazard.FieldUpdatedAt, hazard.FieldVersion,
	hazard.FieldCompanyID, hazard.FieldStreetID, hazard.FieldCommunityID, hazard.FieldAddress,
	hazard.FieldLat, hazard.FieldLng, hazard.FieldCategory, hazard.FieldLevel, hazard.FieldSource,
	hazard.FieldFoundOn, hazard.FieldDescription, hazard.FieldMeasure, hazard.FieldResponsiblePerson,
	hazard.FieldResponsiblePhone, hazard.FieldDeadline, hazard.FieldOriginalDeadline, hazard.FieldStatus,
	hazard.FieldRectificationNote, hazard.FieldCreatedBy, hazard.FieldVerifiedBy, hazard.FieldVerifiedByName,
	hazard.FieldVerifiedOn,
}

// benchGen makes hazard rows in the order a real ledger fills: day by day
// over the past two years, the districts interleaved.
type benchGen struct {
	rng       *rand.Rand
	districts []*benchDistrict
	now       time.Time
	zone      *time.Location
	today     time.Time // midnight of today in the zone
}

// row returns the i-th of total rows (i ascending).
func (g *benchGen) row(i, total int) []any {
	if g.zone == nil {
		g.zone = calendar.Location("") // the districts' default zone
		y, m, d := g.now.In(g.zone).Date()
		g.today = time.Date(y, m, d, 0, 0, 0, 0, g.zone)
	}
	r := g.rng
	d := g.districts[i%len(g.districts)]
	d.Hazards++
	// found_on: rows are spread evenly over the days, oldest first.
	age := benchDays - 1 - int(int64(i)*benchDays/int64(max(total, 1)))
	found := g.today.AddDate(0, 0, -age)
	created := found.Add(time.Duration(8*3600+r.IntN(10*3600)) * time.Second)
	if created.After(g.now) {
		created = g.now.Add(-time.Duration(r.IntN(3600)) * time.Second)
	}
	co := d.companies[weighted(r, d.companies)]
	st := d.streets[r.IntN(len(d.streets))]
	var community any
	if r.IntN(100) < 85 {
		community = st.communities[r.IntN(len(st.communities))]
	}
	cat := benchCategory(r, co.heating)
	level := enum.LevelGeneral
	if r.IntN(100) < 12 || (cat == enum.CategoryLeak && r.IntN(100) < 40) {
		level = enum.LevelMajor
	}
	src := pick(r, benchSources)
	var createdBy any = co.staff
	switch src {
	case enum.SourceBureauInspection:
		createdBy = d.admin
	case enum.SourceStreetInspection:
		createdBy = st.officer
	}
	days := 1 + r.IntN(90)
	if level == enum.LevelMajor {
		days = 1 + r.IntN(30)
	}
	original := found.AddDate(0, 0, days)
	deadline := original
	if r.IntN(100) < 6 { // an approved extension
		deadline = original.AddDate(0, 0, 15+r.IntN(46))
	}
	status := benchStatus(r, g.today, deadline)
	var note, verifiedName string
	var verifiedBy, verifiedOn any
	updated := created
	if status != enum.StatusReported {
		updated = created.Add(time.Duration(1+r.IntN(72)) * time.Hour)
	}
	if status == enum.StatusRectified || status == enum.StatusVerified {
		note = pick(r, benchNotes)
		done := found.AddDate(0, 0, r.IntN(max(1, int(deadline.Sub(found).Hours()/24)+10)))
		if !done.Before(g.today) {
			done = g.today.AddDate(0, 0, -r.IntN(1+int(g.today.Sub(found).Hours()/24)))
		}
		updated = done.Add(time.Duration(9*3600+r.IntN(8*3600)) * time.Second)
		if status == enum.StatusVerified {
			v := done.AddDate(0, 0, r.IntN(4))
			if v.After(g.today) {
				v = g.today
			}
			verifiedBy, verifiedName, verifiedOn = st.officer, st.officerName, v.Format(time.DateOnly)
			updated = v.Add(time.Duration(9*3600+r.IntN(8*3600)) * time.Second)
		}
		if updated.Before(created) {
			updated = created
		}
		if updated.After(g.now) {
			updated = g.now
		}
	}
	version := int64(1 + slices.Index(enum.HazardStatuses(), status)) // one update per step taken
	if deadline != original {
		version++
	}
	var lat, lng any
	if r.IntN(100) < 70 {
		lat, lng = 39.05+r.Float64()*0.15, 117.10+r.Float64()*0.20
	}
	road := st.roads[r.IntN(len(st.roads))]
	address := fmt.Sprintf("%s%d号%d号楼%d门%d%02d", road, 1+r.IntN(300), 1+r.IntN(30), 1+r.IntN(6), 1+r.IntN(18), 1+r.IntN(4))
	if cat == enum.CategoryPipelineOccupation || cat == enum.CategoryHeatingNetworkDefect {
		address = fmt.Sprintf("%s%d号附近", road, 1+r.IntN(300))
	}
	desc := pick(r, benchDescriptions[cat])
	if r.IntN(3) == 0 {
		desc += "，" + pick(r, benchDescriptionTails)
	}
	if d.codes == nil {
		d.codes = map[int]int64{}
	}
	year := created.In(g.zone).Year()
	d.codes[year]++
	return []any{
		uuidV7At(created, r), d.TenantID, ledger.Code(year, d.codes[year]), created.UTC(), updated.UTC(), version,
		co.id, st.id, community, address,
		lat, lng, string(cat), string(level), string(src),
		found.Format(time.DateOnly), desc, benchMeasures[cat], benchPerson(r),
		fmt.Sprintf("1%d%09d", 3+r.IntN(7), r.IntN(1e9)), deadline.Format(time.DateOnly), original.Format(time.DateOnly), string(status),
		note, createdBy, verifiedBy, verifiedName,
		verifiedOn,
	}
}

// benchStatus is a plausible status for a hazard with this deadline: long
// past deadlines are nearly all verified, open ones mostly in progress.
func benchStatus(r *rand.Rand, today, deadline time.Time) enum.HazardStatus {
	x := r.IntN(1000)
	var cut [3]int // cumulative per mille: reported, rectifying, rectified; the rest verified
	switch late := int(today.Sub(deadline).Hours() / 24); {
	case late > 60:
		cut = [3]int{5, 20, 35}
	case late > 0:
		cut = [3]int{40, 150, 300}
	default:
		cut = [3]int{220, 550, 750}
	}
	switch {
	case x < cut[0]:
		return enum.StatusReported
	case x < cut[1]:
		return enum.StatusRectifying
	case x < cut[2]:
		return enum.StatusRectified
	}
	return enum.StatusVerified
}

func benchCategory(r *rand.Rand, heating bool) enum.HazardCategory {
	if heating {
		return pickWeighted(r, []enum.HazardCategory{enum.CategoryHeatingNetworkDefect, enum.CategoryEquipmentDefect,
			enum.CategoryAgingPipeline, enum.CategoryLeak, enum.CategoryOther}, []int{55, 18, 12, 5, 10})
	}
	return pickWeighted(r, []enum.HazardCategory{enum.CategoryPipelineOccupation, enum.CategoryAgingPipeline,
		enum.CategoryLeak, enum.CategoryAlarmMissing, enum.CategoryIllegalUse, enum.CategoryEquipmentDefect,
		enum.CategoryHeatingNetworkDefect, enum.CategoryOther}, []int{17, 19, 14, 18, 13, 12, 1, 6})
}

// benchSources: half self-inspections, the rest by the bureau, the streets
// and the public.
var benchSources = []enum.HazardSource{enum.SourceSelfInspection, enum.SourceSelfInspection,
	enum.SourceSelfInspection, enum.SourceSelfInspection, enum.SourceSelfInspection, enum.SourceBureauInspection,
	enum.SourceStreetInspection, enum.SourceStreetInspection, enum.SourceComplaint, enum.SourceHotline}

func weighted(r *rand.Rand, cs []benchCompany) int {
	total := 0
	for _, c := range cs {
		total += c.weight
	}
	x := r.IntN(total)
	for i, c := range cs {
		if x -= c.weight; x < 0 {
			return i
		}
	}
	return len(cs) - 1
}

func pickWeighted[T any](r *rand.Rand, vs []T, ws []int) T {
	total := 0
	for _, w := range ws {
		total += w
	}
	x := r.IntN(total)
	for i, w := range ws {
		if x -= w; x < 0 {
			return vs[i]
		}
	}
	return vs[len(vs)-1]
}

func pick[T any](r *rand.Rand, vs []T) T { return vs[r.IntN(len(vs))] }

func benchPerson(r *rand.Rand) string {
	return pick(r, benchSurnames) + pick(r, benchGiven)
}

// uuidV7At is a UUIDv7 stamped with t, as the record would have had if
// created then: ids stay time-ordered like a real ledger's.
func uuidV7At(t time.Time, r *rand.Rand) uuid.UUID {
	var u uuid.UUID
	binary.BigEndian.PutUint64(u[8:], r.Uint64())
	binary.BigEndian.PutUint64(u[0:8], uint64(t.UnixMilli())<<16|uint64(r.Uint32()&0xffff))
	u[6] = u[6]&0x0f | 0x70
	u[8] = u[8]&0x3f | 0x80
	return u
}

const benchBatch = 50_000 // rows per progress line (and per COPY call)

// benchCopy writes the hazards with COPY in one transaction, over a pgx
// connection taken from the pool.
func benchCopy(ctx context.Context, db *sql.DB, g *benchGen, total int, progress io.Writer) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("not a pgx connection: %T", dc)
		}
		tx, err := sc.Conn().Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		start, i := time.Now(), 0
		for i < total {
			n := min(benchBatch, total-i)
			src := pgx.CopyFromFunc(func() ([]any, error) {
				if n == 0 {
					return nil, nil
				}
				n--
				row := g.row(i, total)
				i++
				return row, nil
			})
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{hazard.Table}, benchColumns, src); err != nil {
				return err
			}
			benchProgress(progress, i, total, start)
		}
		return tx.Commit(ctx)
	})
}

// benchInsert writes the hazards with multi-row INSERTs, batched into
// transactions (SQLite).
func benchInsert(ctx context.Context, db *sql.DB, g *benchGen, total int, progress io.Writer) error {
	const perStmt = 500                // rows per INSERT (28 columns: well under SQLite's variable limit)
	const perTx = benchBatch / perStmt // INSERTs per transaction
	marks := "(" + strings.TrimSuffix(strings.Repeat("?,", len(benchColumns)), ",") + ")"
	head := "INSERT INTO " + hazard.Table + " (" + strings.Join(benchColumns, ", ") + ") VALUES "
	start, i := time.Now(), 0
	for i < total {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		for s := 0; s < perTx && i < total; s++ {
			n := min(perStmt, total-i)
			args := make([]any, 0, n*len(benchColumns))
			for k := 0; k < n; k++ {
				args = append(args, g.row(i, total)...)
				i++
			}
			q := head + strings.TrimSuffix(strings.Repeat(marks+",", n), ",")
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				tx.Rollback()
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		benchProgress(progress, i, total, start)
	}
	return nil
}

func benchProgress(w io.Writer, done, total int, start time.Time) {
	el := time.Since(start)
	fmt.Fprintf(w, "bench: hazards %d/%d (%.0f%%) in %s, %.0f rows/s\n", done, total,
		100*float64(done)/float64(total), el.Round(100*time.Millisecond), float64(done)/max(el.Seconds(), 1e-9))
}

// Names and texts of the synthetic ledger.
var (
	benchGasNames    = []string{"津燃华润燃气有限公司", "天津港华燃气有限公司", "中石油昆仑燃气天津分公司", "天津新奥燃气有限公司"}
	benchHeatNames   = []string{"天津能源投资集团供热有限公司", "区供热服务中心"}
	benchStreetNames = []string{"长虹街", "鼓楼街", "兴南街", "广开街", "万兴街", "学府街", "向阳路街", "嘉陵道街",
		"王顶堤街", "水上公园街", "体育中心街", "华苑街", "友谊路街", "天塔街", "下瓦房街", "桃园街", "挂甲寺街",
		"马场街", "越秀路街", "梅江街", "尖山街", "陈塘庄街", "柳林街", "东海街", "太湖路街", "大王庄街",
		"大直沽街", "中山门街", "二号桥街", "唐家口街"}
	benchCommunityNames = []string{"康乐里", "华馨里", "宜宾里", "向阳里", "云居园", "丽苑", "阳光新城", "金厦里",
		"玉泉里", "碧华里", "龙川里", "时代奥城", "凌宾路", "万德庄", "南门外", "长江里", "环湖里", "嘉园",
		"风湖里", "育梁道"}
	benchRoads = []string{"长江道", "黄河道", "华苑路", "复康路", "红旗路", "卫津路", "白堤路", "鞍山西道", "南京路",
		"西康路", "友谊路", "气象台路", "紫金山路", "围堤道", "解放南路", "大沽南路", "津塘路", "十一经路", "八纬路",
		"中山路", "金钟河大街", "京津路", "芥园道", "西青道", "红桥北大街", "咸阳路", "密云路", "保山道",
		"水上公园东路", "天塔道", "宾水道", "凌宾路", "广开四马路", "南马路", "城厢中路"}
	benchSurnames     = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"}
	benchGiven        = []string{"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "建国", "志强", "海燕", "立新"}
	benchDescriptions = map[enum.HazardCategory][]string{
		enum.CategoryPipelineOccupation: {"燃气管道上方违章搭建彩钢房", "燃气管线被商户堆放杂物占压", "庭院燃气管道被绿化树木根系挤压",
			"燃气调压箱周边违规堆放易燃物", "违建棚厦占压中压燃气管线", "燃气管道安全间距内违规施工"},
		enum.CategoryAgingPipeline: {"户内燃气立管锈蚀严重", "老旧铸铁管道接口存在渗漏风险", "庭院钢管防腐层破损", "燃气表前阀门老化无法关闭",
			"引入管腐蚀有穿孔风险", "楼道水平干管锈蚀减薄"},
		enum.CategoryLeak: {"表后阀门漏气", "燃气灶具连接软管老化漏气", "楼道燃气立管丝扣处漏气", "调压箱出口法兰漏气",
			"燃气表接头漏气，检测浓度超标", "地下管道漏气，窨井内检出燃气"},
		enum.CategoryAlarmMissing: {"餐饮商户未安装可燃气体报警器", "报警器未与紧急切断阀联动", "报警器超期未检定", "报警器安装位置不符合规范",
			"厨房报警器故障不报警", "地下空间用气场所未设报警装置"},
		enum.CategoryIllegalUse: {"商户违规使用瓶装液化气", "私自改装燃气管道", "使用非燃气专用橡胶软管", "燃气热水器安装在浴室内",
			"居民私接燃气管线至阳台", "封闭厨房内违规使用燃气"},
		enum.CategoryEquipmentDefect: {"燃气热水器烟道脱落", "灶具无熄火保护装置", "壁挂炉排烟管未伸出室外", "燃气表计量异常",
			"调压器出口压力偏高", "紧急切断阀动作失灵"},
		enum.CategoryHeatingNetworkDefect: {"供热管网检查井内管道保温层脱落", "二次网阀门锈死无法启闭", "换热站循环泵振动异常",
			"楼内供热立管渗水", "供热管道补偿器泄漏", "换热站板式换热器结垢严重"},
		enum.CategoryOther: {"燃气设施标识缺失", "用户拒绝入户安检", "安全用气告知书未张贴", "燃气管道未做等电位接地",
			"消防通道被占用影响抢修", "燃气设施周边照明缺失"},
	}
	benchDescriptionTails = []string{"已告知用户停止用气", "现场已设置警示标识", "已通知物业配合整改", "住户不在家，已留置通知单",
		"已拍照留存", "需协调街道共同处理"}
	benchMeasures = map[enum.HazardCategory]string{
		enum.CategoryPipelineOccupation:   "督促拆除占压物，恢复管道安全间距",
		enum.CategoryAgingPipeline:        "更换老化管段及阀门，整改后试压",
		enum.CategoryLeak:                 "关闭阀门，更换漏气部件并检漏",
		enum.CategoryAlarmMissing:         "督促安装可燃气体报警器并与切断阀联动",
		enum.CategoryIllegalUse:           "责令停止违规用气，恢复规范设施",
		enum.CategoryEquipmentDefect:      "维修或更换燃气设备",
		enum.CategoryHeatingNetworkDefect: "修复供热管网缺陷，整改后打压试验",
		enum.CategoryOther:                "按规范补齐设施，加强宣传告知",
	}
	benchNotes = []string{"已完成整改，复查合格", "已更换部件，检测无泄漏", "占压物已拆除，管道恢复正常",
		"已安装报警器并完成联动测试", "用户已签字确认整改", "整改完毕，附整改后照片"}
)
