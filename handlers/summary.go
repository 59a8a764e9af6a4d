package handlers

import (
	"cmp"
	"context"
	"maps"
	"slices"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/predicate"
)

type summaryRow struct {
	Key               string         `json:"key"`
	Name              string         `json:"name"`
	Total             int            `json:"total"`
	ByStatus          map[string]int `json:"by_status"`
	Overdue           int            `json:"overdue"`
	Major             int            `json:"major"`
	RectificationRate float64        `json:"rectification_rate"` // verified / total
}

type summaryOut struct {
	GroupBy string       `json:"group_by"`
	From    string       `json:"from,omitempty"`
	To      string       `json:"to,omitempty"`
	Today   string       `json:"today"`
	Groups  []summaryRow `json:"groups"`
	Total   summaryRow   `json:"total"`
}

// ledgerSummary handles GET /api/v1/ledger/summary?group_by=street|company|
// industry|category&from=&to=: per group, the counts by status, overdue and
// major, and the rectification rate, for hazards found in the period and in
// the viewer's scope (a company sees its own ledger, a street its streets).
func (a *api) ledgerSummary(c *fiber.Ctx) error {
	groupBy := c.Query("group_by", "street")
	from, to := c.Query("from"), c.Query("to")
	var bad []FieldError
	if !contains([]string{"street", "company", "industry", "category"}, groupBy) {
		bad = append(bad, FieldError{Field: "group_by", Message: "must be street, company, industry or category"})
	}
	for f, v := range map[string]string{"from": from, "to": to} {
		if v != "" && !validDate(v) {
			bad = append(bad, FieldError{Field: f, Message: "must be a date, YYYY-MM-DD"})
		}
	}
	if len(bad) > 0 {
		return invalid(bad...)
	}
	ctx, v := c.UserContext(), viewer(c)
	today := a.today(v)
	var period []predicate.Hazard
	if from != "" {
		period = append(period, hazard.FoundOnGTE(from))
	}
	if to != "" {
		period = append(period, hazard.FoundOnLTE(to))
	}
	col := map[string]string{"street": hazard.FieldStreetID, "company": hazard.FieldCompanyID,
		"industry": hazard.FieldCompanyID, "category": hazard.FieldCategory}[groupBy]

	// One grouped count by (group, status, level) and one of the overdue.
	var counts []groupCount
	if err := a.Client.Hazard.Query().Where(period...).
		GroupBy(col, hazard.FieldStatus, hazard.FieldLevel).
		Aggregate(ent.As(ent.Count(), "count")).Scan(ctx, &counts); err != nil {
		return err
	}
	var late []groupCount
	if err := a.Client.Hazard.Query().Where(append(period, overdue(today))...).
		GroupBy(col).Aggregate(ent.As(ent.Count(), "count")).Scan(ctx, &late); err != nil {
		return err
	}
	keys := make([]string, len(counts))
	for i, n := range counts {
		keys[i] = n.key()
	}
	names, kinds, err := a.groupNames(ctx, groupBy, keys)
	if err != nil {
		return err
	}
	group := func(key string) string {
		if groupBy == "industry" {
			return kinds[key]
		}
		return key
	}
	rows := map[string]*summaryRow{}
	total := newSummaryRow("total", "合计")
	get := func(key string) *summaryRow {
		r, ok := rows[key]
		if !ok {
			r = newSummaryRow(key, names[key])
			rows[key] = r
		}
		return r
	}
	for _, n := range counts {
		for _, r := range []*summaryRow{get(group(n.key())), total} {
			r.Total += n.Count
			r.ByStatus[n.Status] += n.Count
			if n.Level == string(hazard.LevelMajor) {
				r.Major += n.Count
			}
		}
	}
	for _, n := range late {
		get(group(n.key())).Overdue += n.Count
		total.Overdue += n.Count
	}
	out := summaryOut{GroupBy: groupBy, From: from, To: to, Today: today, Groups: []summaryRow{}}
	for _, r := range rows {
		out.Groups = append(out.Groups, *r.rate())
	}
	slices.SortFunc(out.Groups, func(x, y summaryRow) int {
		return cmp.Or(cmp.Compare(y.Total, x.Total), cmp.Compare(x.Key, y.Key))
	})
	out.Total = *total.rate()
	return c.JSON(out)
}

// groupCount is one grouped count. It has a field for each column a summary
// may group by, since ent scans columns into fields by name (not into
// embedded structs); the others stay empty.
type groupCount struct {
	StreetID  string `json:"street_id"`
	CompanyID string `json:"company_id"`
	Category  string `json:"category"`
	Status    string `json:"status"`
	Level     string `json:"level"`
	Count     int    `json:"count"`
}

func (g groupCount) key() string { return g.StreetID + g.CompanyID + g.Category }

func newSummaryRow(key, name string) *summaryRow {
	r := &summaryRow{Key: key, Name: name, ByStatus: map[string]int{}}
	for _, s := range hazardStatuses {
		r.ByStatus[s] = 0
	}
	return r
}

func (r *summaryRow) rate() *summaryRow {
	if r.Total > 0 {
		r.RectificationRate = float64(r.ByStatus[string(hazard.StatusVerified)]) / float64(r.Total)
	}
	return r
}

// industryNames and categoryNames label the groups in Chinese, as the
// ledgers do.
var (
	industryNames = map[string]string{"gas_company": "燃气", "heating_company": "供热"}
	categoryNames = map[string]string{"pipeline_occupation": "占压", "aging_pipeline": "老旧管网", "leak": "泄漏",
		"alarm_missing": "报警器缺失或故障", "illegal_use": "违规用气", "equipment_defect": "设备缺陷",
		"heating_network_defect": "供热管网缺陷", "other": "其他"}
)

// groupNames names the groups: organisations by their names (read within
// the viewer's scope), industries and categories by their Chinese labels. For
// industry it also maps each company to its kind.
func (a *api) groupNames(ctx context.Context, groupBy string, keys []string) (names, kinds map[string]string, err error) {
	names, kinds = map[string]string{}, map[string]string{}
	switch groupBy {
	case "category":
		return categoryNames, kinds, nil
	case "industry":
		maps.Copy(names, industryNames)
	}
	var ids []uuid.UUID
	for _, k := range keys {
		if id, err := uuid.Parse(k); err == nil {
			ids = append(ids, id)
		}
	}
	orgs, err := a.Client.Org.Query().Where(org.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, o := range orgs {
		kinds[o.ID.String()] = string(o.Kind)
		if groupBy != "industry" {
			names[o.ID.String()] = o.Name
		}
	}
	return names, kinds, nil
}
