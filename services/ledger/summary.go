package ledger

import (
	"cmp"
	"context"
	"slices"

	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/sheets"
	"github.com/xuri/excelize/v2"

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

// summaryGroups names a summary's groups, as the workbook's column says.
var summaryGroups = map[string]string{"street": "街道", "company": "企业", "industry": "行业", "category": "隐患类别"}

// SummaryWorkbook is Summary as the print-ready summary table (汇总表) of
// services/sheets: a row a group, largest first, then the totals (合计),
// counts by status, overdue and major, and the rectification rate. It
// answers the summary too (its Today names the file). The caller closes the
// workbook.
func (s *Service) SummaryWorkbook(ctx context.Context, groupBy, from, to string) (_ *excelize.File, _ *SummaryOut, err error) {
	out, err := s.Summary(ctx, groupBy, from, to)
	if err != nil {
		return nil, nil, err
	}
	v := policy.FromContext(ctx)
	title, err := s.districtTitle(ctx, v)
	if err != nil {
		return nil, nil, err
	}
	columns := []sheets.Column{{Header: "序号", Width: 6, Kind: sheets.Number},
		{Header: summaryGroups[out.GroupBy], Width: 32, Kind: sheets.Text},
		{Header: "隐患总数", Width: 11, Kind: sheets.Number}}
	for _, st := range enum.HazardStatuses() {
		columns = append(columns, sheets.Column{Header: st.Label(), Width: 11, Kind: sheets.Number})
	}
	columns = append(columns, sheets.Column{Header: "逾期未整改", Width: 11, Kind: sheets.Number},
		sheets.Column{Header: "重大隐患", Width: 11, Kind: sheets.Number},
		sheets.Column{Header: "整改率", Width: 11, Kind: sheets.Percent})
	period := "全部"
	switch {
	case from != "" && to != "":
		period = "发现日期 " + from + " 至 " + to
	case from != "":
		period = "发现日期 " + from + " 起"
	case to != "":
		period = "发现日期 至 " + to
	}
	b, err := sheets.New(sheets.Form{Sheet: "隐患汇总", Title: title + "安全隐患排查整治情况汇总表",
		Unit: v.OrgName, Filler: personName(v), Date: out.Today, Columns: columns,
		Note: "统计范围：" + period + "；按" + summaryGroups[out.GroupBy] + "汇总；逾期未整改截至 " + out.Today +
			"；整改率 = " + enum.StatusVerified.Label() + " ÷ 隐患总数。"})
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if err != nil {
			b.Close()
		}
	}()
	row := func(r SummaryRow, first any) []any {
		cells := []any{first, r.Name, r.Total}
		for _, st := range enum.HazardStatuses() {
			cells = append(cells, r.ByStatus[string(st)])
		}
		return append(cells, r.Overdue, r.Major, r.RectificationRate)
	}
	for i, g := range out.Groups {
		if err := b.Row(false, row(g, i+1)...); err != nil {
			return nil, nil, err
		}
	}
	if err := b.Total(row(out.Total, nil)...); err != nil {
		return nil, nil, err
	}
	f, err := b.Finish()
	if err != nil {
		return nil, nil, err
	}
	return f, out, nil
}
