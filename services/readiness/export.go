package readiness

import (
	"context"
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/sheets"
)

// BoardWorkbook is the board as a print-ready summary table (汇总表): a row
// a company or street, most blockers first, each rate with its numerator
// and denominator, the blockers by kind, the plan's status, and the 合计
// row.
func (s *Service) BoardWorkbook(ctx context.Context, code, groupBy string) (_ *excelize.File, _ *Board, err error) {
	b, err := s.BoardOf(ctx, code, groupBy)
	if err != nil {
		return nil, nil, err
	}
	v := policy.FromContext(ctx)
	t, err := s.client.Tenant.Get(ctx, v.TenantID)
	if err != nil {
		return nil, nil, err
	}
	group := map[string]string{"company": "供热企业", "street": "街道"}[b.GroupBy]
	n := func(h string) sheets.Column { return sheets.Column{Header: h, Width: 8, Kind: sheets.Number} }
	pc := func(h string) sheets.Column { return sheets.Column{Header: h, Width: 9, Kind: sheets.Percent} }
	columns := []sheets.Column{{Header: "序号", Width: 5, Kind: sheets.Number}, {Header: group, Width: 24, Kind: sheets.Text},
		n("完好设备"), n("在用及备用设备"), pc("设备完好率"),
		n("已完成任务"), n("任务总数（不含免于执行）"), pc("检修完成率"),
		n("检验有效设备"), n("应检验特种设备"), pc("年度校验完成率"),
		n("逾期任务"), n("未完成任务"), n("带病设备"), n("检验不满足"), n("重大隐患未销号")}
	if b.GroupBy == "company" {
		columns = append(columns, sheets.Column{Header: "状态", Width: 12, Kind: sheets.Short})
	}
	bk, err := sheets.New(sheets.Form{Sheet: "供热准备汇总", Title: t.Name + b.Season + "采暖季供热准备情况汇总表",
		Unit: v.OrgName, Filler: personName(v), Date: b.Today, Columns: columns,
		Note: fmt.Sprintf("截至 %s；完成期限 %s，供热 %s 至 %s；设备完好率 = 完好设备 ÷ 在用及备用设备；检修完成率 = 已完成（含复核通过）任务 ÷ 任务总数；年度校验完成率 = 各项法定检验均满足本采暖季要求的设备 ÷ 应检验特种设备。",
			b.Today, b.Dates.ReadinessDeadline, b.Dates.HeatingStart, b.Dates.HeatingEnd)})
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if err != nil {
			bk.Close()
		}
	}()
	pct := func(r Rate) any {
		if r.Rate == nil {
			return "—"
		}
		return *r.Rate
	}
	row := func(r BoardRow, first any) []any {
		cells := []any{first, r.Name,
			r.IntactRate.Numerator, r.IntactRate.Denominator, pct(r.IntactRate),
			r.OverhaulRate.Numerator, r.OverhaulRate.Denominator, pct(r.OverhaulRate),
			r.InspectionRate.Numerator, r.InspectionRate.Denominator, pct(r.InspectionRate),
			r.ItemsOverdue, r.Blockers[BlockItemOpen], r.Blockers[BlockDefective], r.Blockers[BlockInspection], r.Blockers[BlockMajorHazard]}
		if b.GroupBy == "company" {
			label := r.StatusLabel
			if first != nil && r.Status == "" {
				label = "未建立任务清单"
			}
			cells = append(cells, label)
		}
		return cells
	}
	for i, r := range b.Rows {
		late := r.ItemsOverdue > 0 || enum.PlanStatus(r.Status) == enum.PlanRejected
		if err := bk.Row(late, row(r, i+1)...); err != nil {
			return nil, nil, err
		}
	}
	if err := bk.Total(row(b.Total, nil)...); err != nil {
		return nil, nil, err
	}
	f, err := bk.Finish()
	if err != nil {
		return nil, nil, err
	}
	return f, b, nil
}
