package renovation

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/occupationpoint"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/renovationproject"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/sheets"
)

// BoardRow is the board's figures of one street or scope type.
type BoardRow struct {
	ID    *uuid.UUID `json:"id,omitempty"`
	Code  string     `json:"code,omitempty"`
	Name  string     `json:"name"`
	Label string     `json:"label,omitempty"`
	Figures
}

// Board is the plan's board (改造进度看板) for a year, in the viewer's
// scope: km done against the target, projects by status and behind
// schedule, points eliminated and verified (销号) against the target,
// major points open; by street and by scope type.
type Board struct {
	Year     int        `json:"year"`
	PlanID   *uuid.UUID `json:"plan_id"`
	PlanName string     `json:"plan_name"`
	Today    string     `json:"today"`
	Figures
	ByStreet    []BoardRow `json:"by_street"`
	ByScopeType []BoardRow `json:"by_scope_type"`
}

// BoardOf counts the board of year in the viewer's scope.
func (s *Service) BoardOf(ctx context.Context, year int) (*Board, error) {
	if year < 2000 || year > 2100 {
		return nil, services.Invalid(services.Field("year", "must be a year"))
	}
	today := s.Today(ctx)
	b := &Board{Year: year, Today: today, Figures: NewFigures(), ByStreet: []BoardRow{}, ByScopeType: []BoardRow{}}
	plan, err := s.PlanOfYear(ctx, year)
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	var projects []*ent.RenovationProject
	if plan != nil {
		b.PlanID, b.PlanName = &plan.ID, plan.Name
		if projects, err = s.client.RenovationProject.Query().Where(renovationproject.PlanID(plan.ID)).
			Order(ent.Asc(renovationproject.FieldProjectNo)).All(ctx); err != nil {
			return nil, err
		}
	}
	ids := make([]uuid.UUID, len(projects))
	byID := map[uuid.UUID]*ent.RenovationProject{}
	for i, p := range projects {
		ids[i], byID[p.ID] = p.ID, p
	}
	points, err := s.client.OccupationPoint.Query().Where(occupationpoint.Or(
		occupationpoint.ProjectIDIn(ids...),
		occupationpoint.And(occupationpoint.ProjectIDIsNil(), occupationpoint.PointNoHasPrefix(fmt.Sprintf("ZY-%d-", year))))).
		Select(occupationpoint.FieldStreetID, occupationpoint.FieldProjectID, occupationpoint.FieldStatus, occupationpoint.FieldPipePressure).All(ctx)
	if err != nil {
		return nil, err
	}
	streets := map[uuid.UUID]*BoardRow{}
	scopes := map[enum.ScopeType]*BoardRow{}
	street := func(id uuid.UUID) *BoardRow {
		r, ok := streets[id]
		if !ok {
			id := id
			r = &BoardRow{ID: &id, Figures: NewFigures()}
			streets[id] = r
		}
		return r
	}
	scope := func(t enum.ScopeType) *BoardRow {
		r, ok := scopes[t]
		if !ok {
			r = &BoardRow{Code: string(t), Name: t.Label(), Label: t.Label(), Figures: NewFigures()}
			scopes[t] = r
		}
		return r
	}
	for _, p := range projects {
		f := ProjectFact{Status: p.Status, PlannedKm: p.PlannedKm, KmDone: p.KmDone,
			Behind: BehindSchedule(p.Status, Percent(p.KmDone, p.PlannedKm, p.HouseholdsDone, p.PlannedHouseholds), p.PlannedStart, p.PlannedEnd, today)}
		b.AddProject(f)
		street(p.StreetID).AddProject(f)
		scope(p.ScopeType).AddProject(f)
	}
	for _, pt := range points {
		f := PointFact{Status: pt.Status, Major: PointLevel(pt.PipePressure) == enum.LevelMajor}
		b.AddPoint(f)
		street(pt.StreetID).AddPoint(f)
		if pt.ProjectID != nil {
			if p := byID[*pt.ProjectID]; p != nil {
				scope(p.ScopeType).AddPoint(f)
			}
		}
	}
	// The district's figures against the plan's targets; a street's and a
	// scope type's against their own projects and points. A street office
	// sees its streets only, so its totals are its streets' too.
	var tk *float64
	var tp *int
	if plan != nil && policy.FromContext(ctx).Scope() == policy.ScopeDistrict {
		tk, tp = &plan.TargetKm, &plan.TargetPoints
	}
	b.Finish(tk, tp)
	names, err := s.orgNames(ctx, keys(streets))
	if err != nil {
		return nil, err
	}
	for id, r := range streets {
		r.Name = names[id]
		r.Finish(nil, nil)
		b.ByStreet = append(b.ByStreet, *r)
	}
	sort.Slice(b.ByStreet, func(i, j int) bool { return b.ByStreet[i].Name < b.ByStreet[j].Name })
	for _, t := range enum.ScopeTypes() {
		if r := scopes[t]; r != nil {
			r.Finish(nil, nil)
			b.ByScopeType = append(b.ByScopeType, *r)
		}
	}
	return b, nil
}

func keys(m map[uuid.UUID]*BoardRow) []uuid.UUID {
	out := make([]uuid.UUID, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// orgNames names organisations the viewer reached records of.
func (s *Service) orgNames(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	os, err := s.client.Org.Query().Where(org.IDIn(ids...)).Select(org.FieldID, org.FieldName).All(policy.System(ctx))
	if err != nil {
		return nil, err
	}
	out := map[uuid.UUID]string{}
	for _, o := range os {
		out[o.ID] = o.Name
	}
	return out, nil
}

// OrgNames names organisations (for the handlers' outputs).
func (s *Service) OrgNames(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]string, error) {
	return s.orgNames(ctx, ids)
}

func (s *Service) form(ctx context.Context, sheet, title, note string, cols []sheets.Column) (*sheets.Book, error) {
	v := policy.FromContext(ctx)
	t, err := s.client.Tenant.Get(ctx, v.TenantID)
	if err != nil {
		return nil, err
	}
	return sheets.New(sheets.Form{Sheet: sheet, Title: t.Name + title, Unit: v.OrgName, Filler: personName(v),
		Date: s.Today(ctx), Note: note, Columns: cols})
}

// BoardWorkbook is the board as a print-ready summary (改造进度汇总表): a
// row per street, then per scope type, and the district's 合计.
func (s *Service) BoardWorkbook(ctx context.Context, year int) (_ *excelize.File, err error) {
	b, err := s.BoardOf(ctx, year)
	if err != nil {
		return nil, err
	}
	n := func(h string) sheets.Column { return sheets.Column{Header: h, Width: 8, Kind: sheets.Number} }
	pc := func(h string) sheets.Column { return sheets.Column{Header: h, Width: 9, Kind: sheets.Percent} }
	d := func(h string) sheets.Column { return sheets.Column{Header: h, Width: 8, Kind: sheets.Decimal} }
	cols := []sheets.Column{{Header: "序号", Width: 5, Kind: sheets.Number}, {Header: "街道 / 改造类型", Width: 22, Kind: sheets.Text},
		d("计划公里"), d("完成公里"), pc("公里完成率"), n("项目数"), n("施工中"), n("已完工"), n("进度滞后"),
		n("占压点位"), n("已消除"), n("已销号"), pc("占压消除率"), pc("销号率"), n("重大隐患未销号"), n("暂缓")}
	bk, err := s.form(ctx, "改造进度汇总", fmt.Sprintf("%d年燃气旧管网改造及占压整治进度汇总表", year),
		fmt.Sprintf("截至 %s；%s；公里完成率 = 完成公里 ÷ 计划公里；占压消除率 = (已消除 + 已销号) ÷ 占压点位目标；销号率 = 已销号 ÷ 占压点位目标。", b.Today, b.PlanName), cols)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			bk.Close()
		}
	}()
	row := func(first any, name string, f Figures) []any {
		built := f.ProjectsByStatus[string(enum.ProjectCompleted)] + f.ProjectsByStatus[string(enum.ProjectGasRestored)] + f.ProjectsByStatus[string(enum.ProjectAccepted)]
		return []any{first, name, f.TargetKm, f.DoneKm, f.PercentKm / 100, f.Projects, f.ProjectsByStatus[string(enum.ProjectInConstruction)],
			built, f.BehindSchedule, f.TargetPoints, f.EliminatedPoints, f.VerifiedPoints, f.EliminationRate / 100,
			f.VerificationRate / 100, f.MajorOpen, f.PointsByStatus[string(enum.PointDeferred)]}
	}
	i := 0
	for _, r := range b.ByStreet {
		i++
		if err := bk.Row(r.BehindSchedule > 0, row(i, r.Name, r.Figures)...); err != nil {
			return nil, err
		}
	}
	for _, r := range b.ByScopeType {
		i++
		if err := bk.Row(r.BehindSchedule > 0, row(i, "改造类型："+r.Label, r.Figures)...); err != nil {
			return nil, err
		}
	}
	if err := bk.Total(row(nil, "合计", b.Figures)...); err != nil {
		return nil, err
	}
	return bk.Finish()
}

// ProjectsWorkbook is the project ledger (旧管网改造项目台账, programmes §4)
// of the projects q holds, in the viewer's scope.
func (s *Service) ProjectsWorkbook(ctx context.Context, ps []*ent.RenovationProject, note string) (_ *excelize.File, err error) {
	cols := []sheets.Column{{Header: "序号", Width: 5, Kind: sheets.Number}, {Header: "项目编号", Width: 13, Kind: sheets.Short},
		{Header: "项目名称", Width: 24, Kind: sheets.Text}, {Header: "街道", Width: 10, Kind: sheets.Short},
		{Header: "改造类型", Width: 12, Kind: sheets.Short}, {Header: "原材质", Width: 10, Kind: sheets.Short},
		{Header: "压力级别", Width: 8, Kind: sheets.Short}, {Header: "计划公里", Width: 8, Kind: sheets.Decimal},
		{Header: "已完成公里", Width: 8, Kind: sheets.Decimal}, {Header: "进度", Width: 8, Kind: sheets.Percent},
		{Header: "开工日期", Width: 11, Kind: sheets.Date}, {Header: "完工日期", Width: 11, Kind: sheets.Date},
		{Header: "建设/施工/监理单位", Width: 26, Kind: sheets.Text}, {Header: "状态", Width: 9, Kind: sheets.Short},
		{Header: "是否挂牌督办", Width: 7, Kind: sheets.Short}}
	bk, err := s.form(ctx, "改造项目台账", "燃气旧管网改造项目台账", note, cols)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			bk.Close()
		}
	}()
	ids := make([]uuid.UUID, 0, len(ps))
	for _, p := range ps {
		ids = append(ids, p.StreetID)
	}
	names, err := s.orgNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	today := s.Today(ctx)
	for i, p := range ps {
		start, end := p.PlannedStart, p.PlannedEnd
		if p.ActualStart != nil {
			start = *p.ActualStart
		}
		if p.ActualEnd != nil {
			end = *p.ActualEnd
		}
		status := p.Status.Label()
		if p.Status == enum.ProjectSuspended && p.SuspendReason != "" {
			status += "（" + p.SuspendReason + "）"
		}
		pct := Percent(p.KmDone, p.PlannedKm, p.HouseholdsDone, p.PlannedHouseholds)
		units := strings.Join(nonEmpty(p.BuildUnit, p.ConstructionUnit, p.SupervisionUnit), " / ")
		behind := BehindSchedule(p.Status, pct, p.PlannedStart, p.PlannedEnd, today)
		if err := bk.Row(behind, i+1, p.ProjectNo, p.Name, names[p.StreetID], p.ScopeType.Label(), p.MaterialBefore,
			p.PressureLevel.Label(), p.PlannedKm, p.KmDone, pct/100, start, end, units, status, yesNo(p.Supervised)); err != nil {
			return nil, err
		}
	}
	return bk.Finish()
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// PointsWorkbook is the point ledger (占压点位台账, programmes §4).
func (s *Service) PointsWorkbook(ctx context.Context, ps []*ent.OccupationPoint, note string) (_ *excelize.File, err error) {
	cols := []sheets.Column{{Header: "序号", Width: 5, Kind: sheets.Number}, {Header: "点位编号", Width: 13, Kind: sheets.Short},
		{Header: "街道", Width: 10, Kind: sheets.Short}, {Header: "社区", Width: 10, Kind: sheets.Short},
		{Header: "地址", Width: 22, Kind: sheets.Text}, {Header: "占压物类型", Width: 10, Kind: sheets.Short},
		{Header: "管线压力级别/管径", Width: 12, Kind: sheets.Short}, {Header: "发现日期", Width: 11, Kind: sheets.Date},
		{Header: "整治方式", Width: 12, Kind: sheets.Short}, {Header: "纳入项目", Width: 20, Kind: sheets.Text},
		{Header: "责任单位", Width: 16, Kind: sheets.Text}, {Header: "整治期限", Width: 11, Kind: sheets.Date},
		{Header: "状态", Width: 9, Kind: sheets.Short}, {Header: "销号日期", Width: 11, Kind: sheets.Date}}
	bk, err := s.form(ctx, "占压点位台账", "燃气管道占压点位台账", note, cols)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			bk.Close()
		}
	}()
	var oids, pids []uuid.UUID
	for _, p := range ps {
		oids = append(oids, p.StreetID, p.CompanyID)
		if p.CommunityID != nil {
			oids = append(oids, *p.CommunityID)
		}
		if p.ProjectID != nil {
			pids = append(pids, *p.ProjectID)
		}
	}
	names, err := s.orgNames(ctx, oids)
	if err != nil {
		return nil, err
	}
	projects := map[uuid.UUID]string{}
	prs, err := s.client.RenovationProject.Query().Where(renovationproject.IDIn(pids...)).All(policy.System(ctx))
	if err != nil {
		return nil, err
	}
	for _, p := range prs {
		projects[p.ID] = projectTitle(p)
	}
	today := s.Today(ctx)
	for i, p := range ps {
		community, project, disposition, verified := "", "", "", ""
		if p.CommunityID != nil {
			community = names[*p.CommunityID]
		}
		if p.ProjectID != nil {
			project = projects[*p.ProjectID]
		}
		if p.Disposition != nil {
			disposition = p.Disposition.Label()
		}
		if p.VerifiedOn != nil {
			verified = *p.VerifiedOn
		}
		pipe := p.PipePressure.Label()
		if p.PipeDn != "" {
			pipe += " / " + p.PipeDn
		}
		var vOn any = verified
		if verified == "" {
			vOn = ""
		}
		late := p.Status != enum.PointVerified && p.Status != enum.PointEliminated && p.Status != enum.PointDeferred && p.Deadline < today
		if err := bk.Row(late, i+1, p.PointNo, names[p.StreetID], community, p.Address, p.OccupierType.Label(), pipe,
			p.DiscoveredOn, disposition, project, names[p.CompanyID], p.Deadline, p.Status.Label(), vOn); err != nil {
			return nil, err
		}
	}
	return bk.Finish()
}
