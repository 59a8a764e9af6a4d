package ledger

import (
	"cmp"
	"context"
	"slices"

	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/services"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/predicate"
)

// SummaryRow is one group of a summary.
type SummaryRow struct {
	Key               string         `json:"key"`
	Name              string         `json:"name"`
	Total             int            `json:"total"`
	ByStatus          map[string]int `json:"by_status" enum:"HazardStatus"`
	Overdue           int            `json:"overdue"`
	Major             int            `json:"major"`
	MajorOpen         int            `json:"major_open"`         // major and not yet verified
	RectificationRate float64        `json:"rectification_rate"` // verified / total
}

// SummaryOut is a summary: its groups, largest first, and the total.
type SummaryOut struct {
	GroupBy string       `json:"group_by" enum:"SummaryGroup"`
	From    string       `json:"from,omitempty" format:"date"`
	To      string       `json:"to,omitempty" format:"date"`
	Today   string       `json:"today" format:"date"`
	Groups  []SummaryRow `json:"groups"`
	Total   SummaryRow   `json:"total"`
}

// Summary counts the hazards found in a period (from, to: dates or empty)
// in the viewer's scope (a company sees its own ledger, a street its
// streets) per group (groupBy: street, company, industry or category): the
// counts by status, overdue, major (and major still open), and the
// rectification rate.
func (s *Service) Summary(ctx context.Context, groupBy, from, to string) (*SummaryOut, error) {
	if groupBy == "" {
		groupBy = "street"
	}
	var bad []services.FieldError
	if !contains([]string{"street", "company", "industry", "category"}, groupBy) {
		bad = append(bad, services.FieldError{Field: "group_by", Message: "must be street, company, industry or category"})
	}
	for f, v := range map[string]string{"from": from, "to": to} {
		if v != "" && !services.ValidDate(v) {
			bad = append(bad, services.FieldError{Field: f, Message: services.DateMessage})
		}
	}
	if len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	today := s.Today(ctx)
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
	if err := s.client.Hazard.Query().Where(period...).
		GroupBy(col, hazard.FieldStatus, hazard.FieldLevel).
		Aggregate(ent.As(ent.Count(), "count")).Scan(ctx, &counts); err != nil {
		return nil, err
	}
	var late []groupCount
	if err := s.client.Hazard.Query().Where(append(period, OverdueOn(today))...).
		GroupBy(col).Aggregate(ent.As(ent.Count(), "count")).Scan(ctx, &late); err != nil {
		return nil, err
	}
	keys := make([]string, len(counts))
	for i, n := range counts {
		keys[i] = n.key()
	}
	names, kinds, err := s.groupNames(ctx, groupBy, keys)
	if err != nil {
		return nil, err
	}
	group := func(key string) string {
		if groupBy == "industry" {
			return kinds[key]
		}
		return key
	}
	rows := map[string]*SummaryRow{}
	total := newSummaryRow("total", "合计")
	get := func(key string) *SummaryRow {
		r, ok := rows[key]
		if !ok {
			r = newSummaryRow(key, names[key])
			rows[key] = r
		}
		return r
	}
	for _, n := range counts {
		for _, r := range []*SummaryRow{get(group(n.key())), total} {
			r.Total += n.Count
			r.ByStatus[n.Status] += n.Count
			if n.Level == string(enum.LevelMajor) {
				r.Major += n.Count
				if n.Status != string(enum.StatusVerified) {
					r.MajorOpen += n.Count
				}
			}
		}
	}
	for _, n := range late {
		get(group(n.key())).Overdue += n.Count
		total.Overdue += n.Count
	}
	out := SummaryOut{GroupBy: groupBy, From: from, To: to, Today: today, Groups: []SummaryRow{}}
	for _, r := range rows {
		out.Groups = append(out.Groups, *r.rate())
	}
	slices.SortFunc(out.Groups, func(x, y SummaryRow) int {
		return cmp.Or(cmp.Compare(y.Total, x.Total), cmp.Compare(x.Key, y.Key))
	})
	out.Total = *total.rate()
	return &out, nil
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

func newSummaryRow(key, name string) *SummaryRow {
	r := &SummaryRow{Key: key, Name: name, ByStatus: map[string]int{}}
	for _, s := range hazardStatuses {
		r.ByStatus[s] = 0
	}
	return r
}

func (r *SummaryRow) rate() *SummaryRow {
	if r.Total > 0 {
		r.RectificationRate = float64(r.ByStatus[string(enum.StatusVerified)]) / float64(r.Total)
	}
	return r
}

// groupNames names the groups: organisations by their names (read within
// the viewer's scope), industries and categories by their Chinese labels. For
// industry it also maps each company to its kind.
func (s *Service) groupNames(ctx context.Context, groupBy string, keys []string) (names, kinds map[string]string, err error) {
	names, kinds = map[string]string{}, map[string]string{}
	switch groupBy {
	case "category":
		for _, c := range enum.HazardCategories() {
			names[string(c)] = c.Label()
		}
		return names, kinds, nil
	case "industry":
		for _, k := range []enum.OrgKind{enum.OrgGasCompany, enum.OrgHeatingCompany} {
			names[string(k)] = k.Industry()
		}
	}
	var ids []uuid.UUID
	for _, k := range keys {
		if id, err := uuid.Parse(k); err == nil {
			ids = append(ids, id)
		}
	}
	orgs, err := s.client.Org.Query().Where(org.IDIn(ids...)).All(ctx)
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
