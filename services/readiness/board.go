package readiness

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	entequipment "github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/inspectionclock"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/readinessitem"
	"github.com/hearthsafety/hearth/ent/readinessplan"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/season"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/equipment"
)

// BoardRow is one company's or one street's readiness: the three rates of
// programmes §1.4 with their numerators and denominators, the items
// overdue, the blockers by kind, and (for a company) its plan's status.
type BoardRow struct {
	Key            string         `json:"key"`
	Name           string         `json:"name"`
	IntactRate     Rate           `json:"intact_rate"`
	OverhaulRate   Rate           `json:"overhaul_rate"`
	InspectionRate Rate           `json:"inspection_rate"`
	ItemsOverdue   int            `json:"items_overdue"`
	Blockers       map[string]int `json:"blockers" enum:"BlockerCode"`
	BlockerCount   int            `json:"blocker_count"`
	PlanID         *uuid.UUID     `json:"plan_id,omitempty"`
	Status         string         `json:"status" enum:"PlanStatus,empty"`
	StatusLabel    string         `json:"status_label"`

	intact, units, done, items, insOK, insUnits int
}

// TrendPoint is the overhaul completion at the end of a week of the
// campaign: items finished by then (cumulative) of the items counted.
type TrendPoint struct {
	Date string `json:"date" format:"date"`
	Rate Rate   `json:"rate"`
}

// Board is a season's readiness board.
type Board struct {
	Season  string       `json:"season"`
	GroupBy string       `json:"group_by" enum:"BoardGroup"`
	Today   string       `json:"today" format:"date"`
	Dates   Dates        `json:"dates"`
	Rows    []BoardRow   `json:"rows"`
	Total   BoardRow     `json:"total"`
	Trend   []TrendPoint `json:"trend"`
}

type keyCount struct {
	StreetID  string `json:"street_id"`
	CompanyID string `json:"company_id"`
	Status    string `json:"status"`
	DoneOn    string `json:"done_on"`
	Count     int    `json:"count"`
	Good      int    `json:"good"`
	Units     int    `json:"units"`
	Bad       int    `json:"bad"`
	BadClocks int    `json:"bad_clocks"`
}

func (k keyCount) key() string { return k.StreetID + k.CompanyID }

// sumIf counts the rows of a group where cond holds.
func sumIf(cond func(*sql.Selector) string) func(*sql.Selector) string {
	return func(s *sql.Selector) string { return "SUM(CASE WHEN " + cond(s) + " THEN 1 ELSE 0 END)" }
}

// invalidClock is the SQL of an inspection clock not valid for a season
// (ValidForSeason, written for a GROUP BY): no due date, or one before
// heating starts (on_start) or ends (through_end). The dates are checked
// dates (YYYY-MM-DD), safe to write into the text.
func invalidClock(d Dates) func(*sql.Selector) string {
	return func(s *sql.Selector) string {
		due, test := s.C(inspectionclock.FieldDueOn), s.C(inspectionclock.FieldReadiness)
		return fmt.Sprintf("(%s IS NULL OR (%s = '%s' AND %s < '%s') OR (%s = '%s' AND %s < '%s'))", due,
			test, enum.TestOnStart, due, d.HeatingStart, test, enum.TestThroughEnd, due, d.HeatingEnd)
	}
}

// BoardOf counts a season's board (season: its code) per company or per
// street in the viewer's scope, with grouped queries only: the register's
// units and clocks, the plans' items and the open major hazards are
// counted by the database, never loaded row by row.
func (s *Service) BoardOf(ctx context.Context, code, groupBy string) (*Board, error) {
	if groupBy == "" {
		groupBy = "company"
	}
	if groupBy != "company" && groupBy != "street" {
		return nil, services.Invalid(services.Field("group_by", "must be company or street"))
	}
	q := s.client.Season.Query()
	if code != "" {
		q.Where(season.Code(code))
	}
	se, err := q.Order(ent.Desc(season.FieldCode)).First(ctx)
	switch {
	case ent.IsNotFound(err) && code != "":
		return nil, services.Invalid(services.Field("season", "no such season"))
	case ent.IsNotFound(err): // no season opened yet: an empty board
		return &Board{GroupBy: groupBy, Today: s.Today(ctx), Dates: Dates{SummaryDays: []string{}}, Rows: []BoardRow{},
			Trend: []TrendPoint{}, Total: *newRow("total", "合计")}, nil
	case err != nil:
		return nil, err
	}
	return board(ctx, s.client, se, groupBy, s.Today(ctx))
}

func board(ctx context.Context, c *ent.Client, se *ent.Season, groupBy, today string) (*Board, error) {
	d := DatesOf(se)
	col := "company_id"
	if groupBy == "street" {
		col = "street_id"
	}
	inScope := equipment.ScopeStatuses
	if d.SummaryDays == nil {
		d.SummaryDays = []string{}
	}
	b := &Board{Season: se.Code, GroupBy: groupBy, Today: today, Dates: d}
	rows := map[string]*BoardRow{}
	get := func(key string) *BoardRow {
		r, ok := rows[key]
		if !ok {
			r = newRow(key, "")
			rows[key] = r
		}
		return r
	}

	// 设备完好率: intact units of those in scope (equipment.ScopeStatuses).
	var units []keyCount
	if err := c.Equipment.Query().Where(entequipment.TenantID(se.TenantID), entequipment.StatusIn(inScope...)).GroupBy(col).
		Aggregate(ent.As(ent.Count(), "count"), ent.As(sumIf(func(s *sql.Selector) string {
			return fmt.Sprintf("%s = '%s'", s.C(entequipment.FieldCondition), enum.ConditionIntact)
		}), "good")).Scan(ctx, &units); err != nil {
		return nil, err
	}
	for _, u := range units {
		r := get(u.key())
		r.units, r.intact = u.Count, u.Good
		r.Blockers[BlockDefective] = u.Count - u.Good
	}

	// 年度校验完成率: units with statutory inspections whose every one is
	// valid for the season, of such units in scope.
	var clocks []keyCount
	bad := invalidClock(d)
	if err := c.InspectionClock.Query().Where(inspectionclock.TenantID(se.TenantID),
		inspectionclock.ReadinessIn(enum.TestOnStart, enum.TestThroughEnd),
		inspectionclock.HasEquipmentWith(entequipment.StatusIn(inScope...))).GroupBy(col).
		Aggregate(ent.As(func(s *sql.Selector) string {
			return "COUNT(DISTINCT " + s.C(inspectionclock.FieldEquipmentID) + ")"
		}, "units"), ent.As(func(s *sql.Selector) string {
			return "COUNT(DISTINCT CASE WHEN " + bad(s) + " THEN " + s.C(inspectionclock.FieldEquipmentID) + " END)"
		}, "bad"), ent.As(sumIf(bad), "bad_clocks")).Scan(ctx, &clocks); err != nil {
		return nil, err
	}
	for _, k := range clocks {
		r := get(k.key())
		r.insUnits, r.insOK = k.Units, k.Units-k.Bad
		r.Blockers[BlockInspection] = k.BadClocks
	}

	// 检修完成率: items done or verified of those not waived; the open ones
	// block.
	var items []keyCount
	if err := c.ReadinessItem.Query().Where(readinessitem.TenantID(se.TenantID), readinessitem.SeasonID(se.ID)).
		GroupBy(col, readinessitem.FieldStatus).Aggregate(ent.As(ent.Count(), "count")).Scan(ctx, &items); err != nil {
		return nil, err
	}
	for _, k := range items {
		r := get(k.key())
		st := enum.ItemStatus(k.Status)
		if st != enum.ItemWaived {
			r.items += k.Count
		}
		if st == enum.ItemDone || st == enum.ItemVerified {
			r.done += k.Count
		}
		if !Closed(st) {
			r.Blockers[BlockItemOpen] += k.Count
		}
	}
	var late []keyCount
	if err := c.ReadinessItem.Query().Where(readinessitem.TenantID(se.TenantID), readinessitem.SeasonID(se.ID), OverdueOn(today)).
		GroupBy(col).Aggregate(ent.As(ent.Count(), "count")).Scan(ctx, &late); err != nil {
		return nil, err
	}
	for _, k := range late {
		get(k.key()).ItemsOverdue = k.Count
	}

	// Open major hazards of heating companies, or on a heating site.
	heating := c.Org.Query().Where(org.TenantID(se.TenantID), org.KindEQ(enum.OrgHeatingCompany))
	hcs, err := heating.Clone().Select(org.FieldID, org.FieldName, org.FieldDisabled).All(policy.System(ctx))
	if err != nil {
		return nil, err
	}
	hids := make([]uuid.UUID, len(hcs))
	for i, o := range hcs {
		hids[i] = o.ID
	}
	var majors []keyCount
	if err := c.Hazard.Query().Where(hazard.TenantID(se.TenantID), hazard.LevelEQ(enum.LevelMajor), hazard.StatusNEQ(enum.StatusVerified),
		hazard.Or(hazard.CompanyIDIn(hids...), hazard.SiteIDNotNil())).
		GroupBy(col).Aggregate(ent.As(ent.Count(), "count")).Scan(ctx, &majors); err != nil {
		return nil, err
	}
	for _, k := range majors {
		if _, ok := rows[k.key()]; ok || groupBy == "street" || slices.Contains(hids, uuid.MustParse(k.key())) {
			get(k.key()).Blockers[BlockMajorHazard] = k.Count
		}
	}

	// The plans' statuses, per company.
	plans, err := c.ReadinessPlan.Query().Where(readinessplan.TenantID(se.TenantID), readinessplan.SeasonID(se.ID)).
		Select(readinessplan.FieldID, readinessplan.FieldCompanyID, readinessplan.FieldStatus).All(ctx)
	if err != nil {
		return nil, err
	}
	if groupBy == "company" {
		if policy.FromContext(ctx).Scope() != policy.ScopeStreet {
			for _, o := range hcs { // every heating company of the district has a row
				if !o.Disabled {
					get(o.ID.String())
				}
			}
		}
		for _, p := range plans {
			r := get(p.CompanyID.String())
			id := p.ID
			r.PlanID, r.Status, r.StatusLabel = &id, string(p.Status), p.Status.Label()
		}
	}

	// Names, then the rows by name.
	keys := make([]uuid.UUID, 0, len(rows))
	for k := range rows {
		if id, err := uuid.Parse(k); err == nil {
			keys = append(keys, id)
		}
	}
	os, err := c.Org.Query().Where(org.IDIn(keys...)).Select(org.FieldID, org.FieldName).All(policy.System(ctx))
	if err != nil {
		return nil, err
	}
	for _, o := range os {
		rows[o.ID.String()].Name = o.Name
	}
	total := *newRow("total", "合计")
	for _, r := range rows {
		r.finish()
		b.Rows = append(b.Rows, *r)
		total.units += r.units
		total.intact += r.intact
		total.items += r.items
		total.done += r.done
		total.insUnits += r.insUnits
		total.insOK += r.insOK
		total.ItemsOverdue += r.ItemsOverdue
		for k, n := range r.Blockers {
			total.Blockers[k] += n
		}
	}
	total.finish()
	b.Total = total
	slices.SortFunc(b.Rows, func(x, y BoardRow) int {
		return cmp.Or(cmp.Compare(y.BlockerCount, x.BlockerCount), cmp.Compare(x.Name, y.Name), cmp.Compare(x.Key, y.Key))
	})
	if b.Rows == nil {
		b.Rows = []BoardRow{}
	}

	// The trend: finished items by the end of each week of the campaign.
	var days []keyCount
	if err := c.ReadinessItem.Query().Where(readinessitem.TenantID(se.TenantID), readinessitem.SeasonID(se.ID),
		readinessitem.StatusIn(enum.ItemDone, enum.ItemVerified), readinessitem.DoneOnNotNil()).
		GroupBy(readinessitem.FieldDoneOn).Aggregate(ent.As(ent.Count(), "count")).Scan(ctx, &days); err != nil {
		return nil, err
	}
	b.Trend = Trend(d, today, days, total.items)
	return b, nil
}

// newRow is a row of no counts, every kind of blocker at 0.
func newRow(key, name string) *BoardRow {
	r := &BoardRow{Key: key, Name: name, Blockers: map[string]int{}}
	for _, code := range BlockerCodes {
		r.Blockers[code] = 0
	}
	r.finish()
	return r
}

// finish turns a row's counts into its rates.
func (r *BoardRow) finish() {
	r.IntactRate = RateOf(r.intact, r.units)
	r.OverhaulRate = RateOf(r.done, r.items)
	r.InspectionRate = RateOf(r.insOK, r.insUnits)
	r.BlockerCount = 0
	for _, n := range r.Blockers {
		r.BlockerCount += n
	}
}

// Trend is the weekly cumulative overhaul completion through the
// campaign: a point at the end of each week from the campaign's start up
// to the readiness deadline, none after today.
func Trend(d Dates, today string, byDay []keyCount, of int) []TrendPoint {
	slices.SortFunc(byDay, func(a, b keyCount) int { return cmp.Compare(a.DoneOn, b.DoneOn) })
	out := []TrendPoint{}
	if !services.ValidDate(d.CampaignStart) {
		return out
	}
	i, done := 0, 0
	for end := AddDays(d.CampaignStart, 6); ; end = AddDays(end, 7) {
		last := end
		if last > d.ReadinessDeadline {
			last = d.ReadinessDeadline
		}
		if last > today {
			last = today
		}
		for i < len(byDay) && byDay[i].DoneOn <= last {
			done += byDay[i].Count
			i++
		}
		if last < AddDays(end, -6) {
			break // the week has not begun
		}
		out = append(out, TrendPoint{Date: last, Rate: RateOf(done, of)})
		if last != end {
			break
		}
	}
	return out
}
