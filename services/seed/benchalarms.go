package seed

// The gas-alarm campaigns' load data (`hearth seed --bench --premises N`):
// in the first bench district, a campaign with its targets (through ent,
// audited), then N premises and their devices (about 80 %: --alarm-devices)
// written in bulk straight into their tables, as the hazards are: COPY on
// PostgreSQL, multi-row INSERTs on SQLite, bypassing the audit hook.

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/alarmdevice"
	"github.com/hearthsafety/hearth/ent/premise"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/alarms"
	"github.com/hearthsafety/hearth/services/calendar"
)

// BenchAlarms is what the alarm load data made: in which district, the
// campaign, and how long it took.
type BenchAlarms struct {
	Slug       string
	TenantID   uuid.UUID
	CampaignID uuid.UUID
	Premises   int
	Devices    int
	Took       time.Duration
	Analyze    time.Duration // VACUUM (ANALYZE) on PostgreSQL
}

var premiseColumns = []string{
	premise.FieldID, premise.FieldTenantID, premise.FieldCreatedAt, premise.FieldUpdatedAt, premise.FieldVersion,
	premise.FieldCompanyID, premise.FieldStreetID, premise.FieldCommunityID, premise.FieldUserType, premise.FieldTags,
	premise.FieldSpecial, premise.FieldGasAccountNo, premise.FieldAddressKey, premise.FieldEstate, premise.FieldBuilding,
	premise.FieldUnit, premise.FieldRoom, premise.FieldShopName, premise.FieldAddress, premise.FieldStatus,
	premise.FieldDeviceID, premise.FieldDeviceReplaceOn, premise.FieldDeviceNetworked, premise.FieldDeviceShutoff,
	premise.FieldDeviceStatus, premise.FieldLastOutcome, premise.FieldLastVisitOn,
}

var deviceColumns = []string{
	alarmdevice.FieldID, alarmdevice.FieldTenantID, alarmdevice.FieldCreatedAt, alarmdevice.FieldUpdatedAt,
	alarmdevice.FieldVersion, alarmdevice.FieldCompanyID, alarmdevice.FieldStreetID, alarmdevice.FieldPremiseID,
	alarmdevice.FieldCampaignID, alarmdevice.FieldSerialNo, alarmdevice.FieldModel, alarmdevice.FieldNetworked,
	alarmdevice.FieldShutoffLinked, alarmdevice.FieldInstalledOn, alarmdevice.FieldInstaller,
	alarmdevice.FieldServiceLifeYears, alarmdevice.FieldReplaceOn, alarmdevice.FieldStatus,
}

// benchAlarms writes the campaign, premises and devices into district d.
func benchAlarms(ctx context.Context, db DB, d *benchDistrict, premises, devices int, seed uint64, now time.Time, progress io.Writer) (*BenchAlarms, error) {
	start := time.Now()
	sys := policy.System(ctx)
	r := rand.New(rand.NewPCG(seed, 0x616c61726d73)) // "alarms"
	zone := calendar.Location("")
	y, m, dd := now.In(zone).Date()
	today := time.Date(y, m, dd, 0, 0, 0, 0, zone)
	var gas []benchCompany
	for _, c := range d.companies {
		if !c.heating {
			gas = append(gas, c)
		}
	}
	out := &BenchAlarms{Slug: d.Slug, TenantID: d.TenantID, Premises: premises}
	campaign := uuid.Must(uuid.NewV7())
	// The premises, their devices in memory until the premises are in.
	type group struct {
		community, company uuid.UUID
		street             uuid.UUID
		ut                 enum.UserType
	}
	counts := map[group]int{}
	var order []group
	type dev struct {
		id, premise, company, street uuid.UUID
		ut                           enum.UserType
		installed, replace           string
		status                       enum.DeviceStatus
		networked, shutoff           bool
	}
	devs := make([]dev, 0, devices)
	share := float64(devices) / float64(max(premises, 1))
	premiseRow := func(i int) []any {
		co := gas[weighted(r, gas)]
		st := d.streets[r.IntN(len(d.streets))]
		comm := st.communities[r.IntN(len(st.communities))]
		ut := pickWeighted(r, []enum.UserType{enum.UserResident, enum.UserCommercial, enum.UserIndustrial}, []int{90, 9, 1})
		var tags []enum.PremiseTag
		switch x := r.IntN(100); {
		case ut != enum.UserResident && x < 40:
			tags = append(tags, enum.TagRestaurant)
		case ut == enum.UserResident && x < 5:
			tags = append(tags, enum.TagElderlyAlone)
		case ut == enum.UserResident && x < 8:
			tags = append(tags, enum.TagLowIncome)
		}
		status := enum.PremiseActive
		if r.IntN(100) < 3 {
			status = enum.PremiseVacant
		}
		estate := fmt.Sprintf("%s%d号院", st.roads[(i/2000)%len(st.roads)], i/2000+1)
		building, unit := fmt.Sprint((i/100)%20+1), fmt.Sprint((i/20)%5+1)
		room := fmt.Sprintf("%d%02d", (i%20)/4+1, i%4+1)
		shop := ""
		if ut != enum.UserResident {
			shop = fmt.Sprintf("%s%d号商户", pick(r, []string{"餐馆", "面馆", "超市", "洗衣店", "工坊"}), i)
		}
		created := today.AddDate(0, 0, -r.IntN(365)).Add(time.Duration(8*3600+r.IntN(10*3600)) * time.Second)
		id := uuidV7At(created, r)
		if status != enum.PremiseVacant {
			g := group{comm, co.id, st.id, ut}
			if counts[g] == 0 {
				order = append(order, g)
			}
			counts[g]++
		}
		row := []any{id, d.TenantID, created.UTC(), created.UTC(), int64(1), co.id, st.id, comm, string(ut),
			alarms.TagsString(tags), alarms.IsSpecial(tags), fmt.Sprintf("12%09d", i+1),
			alarms.AddressKey(estate, building, unit, room, shop, ""), estate, building, unit, room, shop,
			alarms.AddressOf(estate, building, unit, room, shop), string(status), nil, nil, false, false, nil, nil, nil}
		if len(devs) < devices && r.Float64() < share*1.02 {
			installed := today.AddDate(0, 0, -r.IntN(6*365))
			life := alarms.ServiceLife(ut)
			replace, _ := alarms.ReplaceOn(installed.Format(time.DateOnly), life)
			ds := pickWeighted(r, []enum.DeviceStatus{enum.DeviceOnline, enum.DeviceOffline, enum.DeviceInstalled, enum.DeviceFaulty},
				[]int{50, 10, 35, 5})
			v := dev{id: uuidV7At(created.Add(time.Hour), r), premise: id, company: co.id, street: st.id, ut: ut,
				installed: installed.Format(time.DateOnly), replace: replace, status: ds,
				networked: ds == enum.DeviceOnline || ds == enum.DeviceOffline, shutoff: ut != enum.UserResident && r.IntN(2) == 0}
			devs = append(devs, v)
			row[20], row[21], row[22], row[23], row[24] = v.id, v.replace, v.networked, v.shutoff, string(v.status)
		} else if x := r.IntN(100); x < 70 {
			outcome := enum.VisitNotHome
			if x < 30 {
				outcome = enum.VisitRefused
			}
			row[25], row[26] = string(outcome), today.AddDate(0, 0, -r.IntN(120)).Format(time.DateOnly)
		}
		return row
	}
	if err := bulkWrite(ctx, db, premise.Table, premiseColumns, premises, func(i int) []any { return premiseRow(i) }, progress, "premises"); err != nil {
		return nil, fmt.Errorf("premises: %w", err)
	}
	out.Devices = len(devs)
	models := []string{"JT-AEC2363", "JT-BZ-6800", "GTQ-9A", "HD-2000S"}
	installers := []string{"王师傅", "李师傅", "张师傅", "刘师傅"}
	if err := bulkWrite(ctx, db, alarmdevice.Table, deviceColumns, len(devs), func(i int) []any {
		v := devs[i]
		at := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		if t, err := time.Parse(time.DateOnly, v.installed); err == nil {
			at = t.Add(10 * time.Hour)
		}
		return []any{v.id, d.TenantID, at, at, int64(1), v.company, v.street, v.premise, campaign,
			fmt.Sprintf("BJQ%08d", i+1), models[i%len(models)], v.networked, v.shutoff, v.installed,
			installers[i%len(installers)], int64(alarms.ServiceLife(v.ut)), v.replace, string(v.status)}
	}, progress, "alarm devices"); err != nil {
		return nil, fmt.Errorf("alarm devices: %w", err)
	}
	// The campaign and its targets: every premise in use is a target.
	companies := make([]uuid.UUID, len(gas))
	for i, c := range gas {
		companies[i] = c.id
	}
	err := services.InTx(sys, db.Client, func(tx *ent.Tx) error {
		year := today.Year()
		if err := tx.AlarmCampaign.Create().SetID(campaign).SetTenantID(d.TenantID).
			SetName(fmt.Sprintf("%d年居民及工商户燃气报警器安装", year)).SetScope(enum.ScopeBoth).SetYear(year).
			SetStartOn(fmt.Sprintf("%d-01-01", year)).SetDueOn(fmt.Sprintf("%d-12-31", year)).
			SetMilestones([]enum.Milestone{{On: "06-30", Percent: 50}, {On: "12-31", Percent: 100}}).
			SetCompanyIds(companies).Exec(sys); err != nil {
			return err
		}
		creates := make([]*ent.AlarmTargetCreate, 0, len(order))
		for _, g := range order {
			creates = append(creates, tx.AlarmTarget.Create().SetTenantID(d.TenantID).SetCampaignID(campaign).
				SetCommunityID(g.community).SetStreetID(g.street).SetCompanyID(g.company).SetUserType(g.ut).
				SetTargetCount(counts[g]))
		}
		for lo := 0; lo < len(creates); lo += 500 {
			if err := tx.AlarmTarget.CreateBulk(creates[lo:min(lo+500, len(creates))]...).Exec(sys); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("campaign: %w", err)
	}
	out.CampaignID = campaign
	if db.Dialect == dialect.Postgres {
		t1 := time.Now()
		// The tallies were upserted once per batch of premises: a FULL
		// vacuum leaves them as compact as a district's steady state.
		for _, q := range []string{"VACUUM (ANALYZE) " + premise.Table, "VACUUM (ANALYZE) " + alarmdevice.Table,
			"VACUUM (FULL, ANALYZE) premise_tallies"} {
			if _, err := db.SQL.ExecContext(ctx, q); err != nil {
				return nil, fmt.Errorf("analyze: %w", err)
			}
		}
		out.Analyze = time.Since(t1)
	} else if _, err := db.SQL.ExecContext(ctx, "ANALYZE"); err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	out.Took = time.Since(start)
	fmt.Fprintf(progress, "bench: %d premises and %d alarm devices in %s, campaign %s (%d targets)\n",
		premises, out.Devices, out.Took.Round(time.Millisecond), campaign, len(order))
	return out, nil
}

// bulkWrite writes total rows of table: COPY in one transaction on
// PostgreSQL, multi-row INSERTs in batched transactions on SQLite.
func bulkWrite(ctx context.Context, db DB, table string, columns []string, total int, row func(int) []any, progress io.Writer, what string) error {
	start := time.Now()
	report := func(done int) {
		el := time.Since(start)
		fmt.Fprintf(progress, "bench: %s %d/%d in %s, %.0f rows/s\n", what, done, total, el.Round(100*time.Millisecond),
			float64(done)/max(el.Seconds(), 1e-9))
	}
	if db.Dialect == dialect.Postgres {
		return copyRows(ctx, db.SQL, table, columns, total, row, report)
	}
	perStmt := 30_000 / len(columns) // under SQLite's 32,766 variables
	marks := "(" + strings.TrimSuffix(strings.Repeat("?,", len(columns)), ",") + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES "
	i := 0
	for i < total {
		tx, err := db.SQL.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		for end := min(i+benchBatch, total); i < end; {
			n := min(perStmt, end-i)
			args := make([]any, 0, n*len(columns))
			for k := 0; k < n; k++ {
				args = append(args, row(i)...)
				i++
			}
			if _, err := tx.ExecContext(ctx, head+strings.TrimSuffix(strings.Repeat(marks+",", n), ","), args...); err != nil {
				tx.Rollback()
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		report(i)
	}
	return nil
}

func copyRows(ctx context.Context, db *sql.DB, table string, columns []string, total int, row func(int) []any, report func(int)) error {
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
		i := 0
		for i < total {
			n := min(benchBatch, total-i)
			src := pgx.CopyFromFunc(func() ([]any, error) {
				if n == 0 {
					return nil, nil
				}
				n--
				out := row(i)
				i++
				return out, nil
			})
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, columns, src); err != nil {
				return err
			}
			report(i)
		}
		return tx.Commit(ctx)
	})
}
