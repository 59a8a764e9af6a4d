package alarms

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"
	"golang.org/x/sync/errgroup"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/alarmtarget"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/predicate"
	"github.com/hearthsafety/hearth/ent/premise"
	"github.com/hearthsafety/hearth/ent/premisetally"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
)

// GroupBys are the rate table's groupings.
var GroupBys = []string{"street", "community", "company", "user_type"}

// RateRow is one group of the rate table: its key and names, its targets,
// its counts and its rates, and its pace against the campaign's expected
// share on the day.
type RateRow struct {
	Key           string     `json:"key"`
	StreetID      *uuid.UUID `json:"street_id"`
	StreetName    string     `json:"street_name"`
	CommunityID   *uuid.UUID `json:"community_id"`
	CommunityName string     `json:"community_name"`
	CompanyID     *uuid.UUID `json:"company_id"`
	CompanyName   string     `json:"company_name"`
	UserType      *string    `json:"user_type" enum:"UserType"`
	UserTypeLabel string     `json:"user_type_label"`
	Targets       Targets    `json:"targets"`
	Counts        Counts     `json:"counts"`
	Rates         Rates      `json:"rates"`
	Pace          string     `json:"pace" enum:"Pace"`
	PaceLabel     string     `json:"pace_label"`
}

// RateTable is a campaign's rates on a day, grouped, with the totals.
type RateTable struct {
	CampaignID uuid.UUID `json:"campaign_id"`
	Campaign   string    `json:"campaign"`
	GroupBy    string    `json:"group_by" enum:"AlarmGroup"`
	Day        string    `json:"day" format:"date"`
	// Expected is the share of the target the campaign should have reached
	// on the day (percent), from its milestones.
	Expected float64   `json:"expected"`
	Rows     []RateRow `json:"rows"`
	Total    RateRow   `json:"total"`
}

// groupCols are the premise and target columns of a grouping.
func groupCols(groupBy string) []string {
	switch groupBy {
	case "community":
		return []string{"street_id", "community_id"}
	case "company":
		return []string{"company_id"}
	case "user_type":
		return []string{"user_type"}
	}
	return []string{"street_id"}
}

// groupKey is a scanned group's columns.
type groupKey struct {
	StreetID    *string `json:"street_id"`
	CommunityID *string `json:"community_id"`
	CompanyID   *string `json:"company_id"`
	UserType    *string `json:"user_type"`
}

func (k groupKey) key() string {
	return strings.Join([]string{deref(k.StreetID), deref(k.CommunityID), deref(k.CompanyID), deref(k.UserType)}, "|")
}

// premiseGroup is a scanned group of premises (flat: the scanner reads
// json tags of the struct's own fields).
type premiseGroup struct {
	StreetID     *string `json:"street_id"`
	CommunityID  *string `json:"community_id"`
	CompanyID    *string `json:"company_id"`
	UserType     *string `json:"user_type"`
	Premises     int     `json:"premises"`
	Valid        int     `json:"valid"`
	Special      int     `json:"special"`
	SpecialValid int     `json:"special_valid"`
	Networked    int     `json:"networked"`
	Online       int     `json:"online"`
	Compliant    int     `json:"compliant"`
	Refused      int     `json:"refused"`
	NotHome      int     `json:"not_home"`
	DueSoon      int     `json:"due_soon"`
}

func (g premiseGroup) key() groupKey {
	return groupKey{g.StreetID, g.CommunityID, g.CompanyID, g.UserType}
}

func (g premiseGroup) counts() Counts {
	return Counts{Premises: g.Premises, Valid: g.Valid, Special: g.Special, SpecialValid: g.SpecialValid,
		Networked: g.Networked, Online: g.Online, Compliant: g.Compliant, Refused: g.Refused, NotHome: g.NotHome,
		DueSoon: g.DueSoon}
}

type targetGroup struct {
	StreetID    *string `json:"street_id"`
	CommunityID *string `json:"community_id"`
	CompanyID   *string `json:"company_id"`
	UserType    *string `json:"user_type"`
	Target      int     `json:"target_count"`
	Baseline    int     `json:"baseline_installed"`
	Special     int     `json:"special_target"`
	Confirmed   int     `json:"confirmed"`
	Rows        int     `json:"rows"`
}

// sumWhen counts the rows of a group where cond holds.
func sumWhen(cond string) string { return "SUM(CASE WHEN " + cond + " THEN 1 ELSE 0 END)" }

// quoted is a list of codes as SQL literals; codes are the enums' own.
func quoted[T ~string](vs []T) string {
	ss := make([]string, len(vs))
	for i, v := range vs {
		ss[i] = "'" + string(v) + "'"
	}
	return strings.Join(ss, ", ")
}

// rateAggregates are the rate table's conditional counts over a premise's
// own device state on day, written into the SQL (day is a checked
// YYYY-MM-DD, the codes the enums' own). weight is the column counting
// premises per row: "" on premises (one each), "n" on their tallies, whose
// columns bear the premises' names (PremiseTally).
func rateAggregates(c *ent.AlarmCampaign, day, weight string) []ent.AggregateFunc {
	due := AddDays(day, DueWithinDays)
	sum := func(s *sql.Selector, cond string) string {
		if weight == "" {
			return "SUM(CASE WHEN " + cond + " THEN 1 ELSE 0 END)"
		}
		return "CAST(SUM(CASE WHEN " + cond + " THEN " + s.C(weight) + " ELSE 0 END) AS BIGINT)"
	}
	agg := func(name string, cond func(s *sql.Selector) string) ent.AggregateFunc {
		return ent.As(func(s *sql.Selector) string { return sum(s, cond(s)) }, name)
	}
	valid := func(s *sql.Selector) string {
		// Never NULL (a premise without a device is FALSE, not unknown), so
		// NOT valid counts it.
		st, ro := s.C(premise.FieldDeviceStatus), s.C(premise.FieldDeviceReplaceOn)
		return fmt.Sprintf("(%s IS NOT NULL AND %s IS NOT NULL AND %s IN (%s) AND %s >= '%s')", st, ro, st,
			quoted(WorkingStatuses), ro, day)
	}
	compliant := func(s *sql.Selector) string {
		var req []string
		if c.NetworkedRequired {
			req = append(req, s.C(premise.FieldDeviceNetworked))
		}
		if c.ShutoffRequired {
			req = append(req, s.C(premise.FieldDeviceShutoff))
		}
		if len(req) == 0 {
			return valid(s)
		}
		return fmt.Sprintf("(%s AND (%s = '%s' OR (%s)))", valid(s), s.C(premise.FieldUserType), enum.UserResident,
			strings.Join(req, " AND "))
	}
	missing := func(s *sql.Selector, o enum.VisitOutcome) string {
		return fmt.Sprintf("(%s = '%s' AND NOT %s)", s.C(premise.FieldLastOutcome), o, valid(s))
	}
	return []ent.AggregateFunc{
		agg("premises", func(*sql.Selector) string { return "1 = 1" }),
		agg("valid", valid),
		agg("special", func(s *sql.Selector) string { return s.C(premise.FieldSpecial) }),
		agg("special_valid", func(s *sql.Selector) string { return s.C(premise.FieldSpecial) + " AND " + valid(s) }),
		agg("networked", func(s *sql.Selector) string { return valid(s) + " AND " + s.C(premise.FieldDeviceNetworked) }),
		agg("online", func(s *sql.Selector) string {
			return fmt.Sprintf("%s AND %s AND %s = '%s'", valid(s), s.C(premise.FieldDeviceNetworked),
				s.C(premise.FieldDeviceStatus), enum.DeviceOnline)
		}),
		agg("compliant", compliant),
		agg("refused", func(s *sql.Selector) string { return missing(s, enum.VisitRefused) }),
		agg("not_home", func(s *sql.Selector) string { return missing(s, enum.VisitNotHome) }),
		agg("due_soon", func(s *sql.Selector) string {
			return fmt.Sprintf("%s AND %s <= '%s'", valid(s), s.C(premise.FieldDeviceReplaceOn), due)
		}),
	}
}

// premiseGroups counts the campaign's premises on day grouped by cols, in
// the viewer's scope: from the premises' tallies, which know a working
// device's replacement month and not its day, for every premise but those
// whose working device is due for replacement in the month of day or in
// that of day + DueWithinDays (whether it is valid, or due soon, turns on
// the day there); from those premises themselves, found by the
// replacement-date index, for the rest. A group may come in twice; the
// caller adds them up.
func (s *Service) premiseGroups(ctx context.Context, c *ent.AlarmCampaign, cols []string, day string) ([]premiseGroup, error) {
	months := slices.Compact([]string{day[:7], AddDays(day, DueWithinDays)[:7]})
	tq := s.client.PremiseTally.Query().Where(premisetally.TenantID(c.TenantID),
		premisetally.UserTypeIn(codes(UserTypesOf(c.Scope))...), premisetally.StatusNEQ(string(enum.PremiseVacant)),
		premisetally.Or(premisetally.DeviceReplaceOnIsNil(), premisetally.DeviceReplaceOnNotIn(months...)),
		premisetally.NGT(0))
	if len(c.CompanyIds) > 0 {
		tq.Where(premisetally.CompanyIDIn(c.CompanyIds...))
	}
	inMonths := make([]predicate.Premise, len(months))
	for i, m := range months {
		inMonths[i] = premise.And(premise.DeviceReplaceOnGTE(m+"-01"), premise.DeviceReplaceOnLTE(m+"-31"))
	}
	// The two counts are independent: on two connections at once, except in
	// a transaction (one connection: in turn).
	var out, edge []premiseGroup
	g, gctx := errgroup.WithContext(ctx)
	if s.inTx {
		g.SetLimit(1)
	}
	g.Go(func() error {
		return tq.GroupBy(cols[0], cols[1:]...).Aggregate(rateAggregates(c, day, premisetally.FieldN)...).Scan(gctx, &out)
	})
	g.Go(func() error {
		return s.client.Premise.Query().Where(campaignPremises(c)...).
			Where(premise.DeviceStatusIn(WorkingStatuses...), premise.Or(inMonths...)).
			GroupBy(cols[0], cols[1:]...).Aggregate(rateAggregates(c, day, "")...).Scan(gctx, &edge)
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return append(out, edge...), nil
}

// codes are enum values as the strings a tally keeps.
func codes[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// campaignPremises are the premises a campaign counts: of its user types,
// served by its companies (all when it names none), not vacant.
func campaignPremises(c *ent.AlarmCampaign) []predicate.Premise {
	ps := []predicate.Premise{premise.TenantID(c.TenantID), premise.UserTypeIn(UserTypesOf(c.Scope)...),
		premise.StatusNEQ(enum.PremiseVacant)}
	if len(c.CompanyIds) > 0 {
		ps = append(ps, premise.CompanyIDIn(c.CompanyIds...))
	}
	return ps
}

// Rates is the rate table of the campaign id grouped by groupBy, in the
// viewer's scope (a street its streets' rows, a company its own, the
// bureau all), on the district's today: one grouped query over the
// premises' device state and one over the targets, joined here.
func (s *Service) Rates(ctx context.Context, id uuid.UUID, groupBy string) (*RateTable, error) {
	if groupBy == "" {
		groupBy = "street"
	}
	if !slices.Contains(GroupBys, groupBy) {
		return nil, services.Invalid(services.Field("group_by", "must be one of: "+strings.Join(GroupBys, ", ")))
	}
	c, err := s.client.AlarmCampaign.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.rates(ctx, c, groupBy, s.Today(ctx))
}

func (s *Service) rates(ctx context.Context, c *ent.AlarmCampaign, groupBy, day string) (*RateTable, error) {
	return s.ratesFrom(ctx, c, groupBy, day, s.premiseGroups)
}

// groupsFunc counts a campaign's premises on a day grouped by columns.
type groupsFunc func(ctx context.Context, c *ent.AlarmCampaign, cols []string, day string) ([]premiseGroup, error)

func (s *Service) ratesFrom(ctx context.Context, c *ent.AlarmCampaign, groupBy, day string, groups groupsFunc) (*RateTable, error) {
	cols := groupCols(groupBy)
	pg, err := groups(ctx, c, cols, day)
	if err != nil {
		return nil, err
	}
	var tg []targetGroup
	if err := s.client.AlarmTarget.Query().Where(alarmtarget.CampaignID(c.ID)).GroupBy(cols[0], cols[1:]...).
		Aggregate(ent.As(ent.Sum(alarmtarget.FieldTargetCount), "target_count"),
			ent.As(ent.Sum(alarmtarget.FieldBaselineInstalled), "baseline_installed"),
			ent.As(ent.Sum(alarmtarget.FieldSpecialTarget), "special_target"),
			ent.As(func(s *sql.Selector) string { return sumWhen(s.C(alarmtarget.FieldConfirmedAt) + " IS NOT NULL") }, "confirmed"),
			ent.As(ent.Count(), "rows")).Scan(ctx, &tg); err != nil {
		return nil, err
	}
	expected := Expected(c.StartOn, c.Year, c.Milestones, day)
	t := &RateTable{CampaignID: c.ID, Campaign: c.Name, GroupBy: groupBy, Day: day, Expected: expected}
	rows := map[string]*RateRow{}
	var order []string
	get := func(k groupKey) *RateRow {
		key := k.key()
		r, ok := rows[key]
		if !ok {
			r = &RateRow{Key: key, StreetID: parseID(k.StreetID), CommunityID: parseID(k.CommunityID),
				CompanyID: parseID(k.CompanyID), UserType: k.UserType}
			rows[key] = r
			order = append(order, key)
		}
		return r
	}
	for _, g := range tg {
		get(groupKey{g.StreetID, g.CommunityID, g.CompanyID, g.UserType}).Targets.Add(Targets{Target: g.Target, Baseline: g.Baseline, Special: g.Special,
			Confirmed: g.Confirmed, Rows: g.Rows})
	}
	for _, g := range pg {
		get(g.key()).Counts.Add(g.counts())
	}
	if err := s.name(ctx, c.TenantID, rows); err != nil {
		return nil, err
	}
	t.Rows = make([]RateRow, 0, len(rows))
	total := RateRow{Key: "total", StreetName: "合计"}
	for _, k := range order {
		r := rows[k]
		finishRow(r, expected)
		total.Targets.Add(r.Targets)
		total.Counts.Add(r.Counts)
		t.Rows = append(t.Rows, *r)
	}
	slices.SortStableFunc(t.Rows, func(a, b RateRow) int {
		return strings.Compare(a.StreetName+"|"+a.CommunityName+"|"+a.CompanyName+"|"+deref(a.UserType),
			b.StreetName+"|"+b.CommunityName+"|"+b.CompanyName+"|"+deref(b.UserType))
	})
	finishRow(&total, expected)
	t.Total = total
	return t, nil
}

func finishRow(r *RateRow, expected float64) {
	r.Rates = RatesOf(r.Counts, r.Targets)
	p := PaceOf(r.Rates.Installed.Rate, expected)
	r.Pace, r.PaceLabel = string(p), p.Label()
	if r.UserType != nil {
		r.UserTypeLabel = enum.UserType(*r.UserType).Label()
	}
}

func parseID(s *string) *uuid.UUID {
	if s == nil {
		return nil
	}
	u, err := uuid.Parse(*s)
	if err != nil {
		return nil
	}
	return &u
}

// name gives the rows the names of their street, community and company
// (names are no secret within a district: read as the system).
func (s *Service) name(ctx context.Context, tenant uuid.UUID, rows map[string]*RateRow) error {
	var ids []uuid.UUID
	for _, r := range rows {
		for _, id := range []*uuid.UUID{r.StreetID, r.CommunityID, r.CompanyID} {
			if id != nil {
				ids = append(ids, *id)
			}
		}
	}
	names, err := OrgNames(ctx, s.client, tenant, ids)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.StreetID != nil {
			r.StreetName = names[*r.StreetID]
		}
		if r.CommunityID != nil {
			r.CommunityName = names[*r.CommunityID]
		}
		if r.CompanyID != nil {
			r.CompanyName = names[*r.CompanyID]
		}
	}
	return nil
}

// OrgNames are the names of the organisations ids of the district.
func OrgNames(ctx context.Context, c *ent.Client, tenant uuid.UUID, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	out := map[uuid.UUID]string{}
	ids = uniq(ids)
	if len(ids) == 0 {
		return out, nil
	}
	os, err := c.Org.Query().Where(org.TenantID(tenant), org.IDIn(ids...)).Select(org.FieldID, org.FieldName).All(policy.System(ctx))
	if err != nil {
		return nil, err
	}
	for _, o := range os {
		out[o.ID] = o.Name
	}
	return out, nil
}
