package ledger

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/hazardevent"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/predicate"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/calendar"
	"github.com/hearthsafety/hearth/services/sheets"
)

// The hazard ledger as the form companies print, stamp and hand to
// inspectors (services/sheets): the export and the import template.

// ledgerForm is the ledger's columns, in the order of the standard ledger,
// with their widths (in Arial digits, some 190 in all: A4 landscape fits
// them at about 65%).
var ledgerForm = []sheets.Column{
	{Header: colSeq, Width: 5, Kind: sheets.Number},
	{Header: colCode, Width: 13.5, Kind: sheets.Short},
	{Header: colDescription, Width: 21, Kind: sheets.Text},
	{Header: colLevel, Width: 5, Kind: sheets.Short},
	{Header: colCategory, Width: 7.5, Kind: sheets.Short},
	{Header: colSource, Width: 7.5, Kind: sheets.Short},
	{Header: colCompany, Width: 11, Kind: sheets.Text},
	{Header: colStreet, Width: 7, Kind: sheets.Short},
	{Header: colCommunity, Width: 9, Kind: sheets.Text},
	{Header: colAddress, Width: 11, Kind: sheets.Text},
	{Header: colFoundOn, Width: 9.5, Kind: sheets.Date},
	{Header: colMeasure, Width: 14, Kind: sheets.Text},
	{Header: colPerson, Width: 6, Kind: sheets.Short},
	{Header: colDeadline, Width: 9.5, Kind: sheets.Date},
	{Header: colStatus, Width: 6, Kind: sheets.Short},
	{Header: colRectifiedOn, Width: 9.5, Kind: sheets.Date},
	{Header: colNote, Width: 12, Kind: sheets.Text},
	{Header: colVerifier, Width: 6, Kind: sheets.Short},
	{Header: colVerifiedOn, Width: 9.5, Kind: sheets.Date},
	{Header: colRemark, Width: 10, Kind: sheets.Text},
}

// ledgerColumns are the ledger's headers, in order.
var ledgerColumns = func() []string {
	out := make([]string, len(ledgerForm))
	for i, c := range ledgerForm {
		out[i] = c.Header
	}
	return out
}()

// ledgerName is what the ledger is called after the district and industry.
const ledgerName = "安全隐患排查整治台账"

// Export is every hazard q matches in the viewer's scope (no paging, at
// most maxExportRows), as the ledger's print-ready workbook, and the
// district's today. The caller closes the workbook. Rows stream through
// excelize's StreamWriter and the workbook through a temporary file, so
// memory stays flat up to maxExportRows.
func (s *Service) Export(ctx context.Context, q Query) (_ *excelize.File, today string, err error) {
	v := policy.FromContext(ctx)
	today = s.Today(ctx)
	where := q.Where(today)
	n, err := s.client.Hazard.Query().Where(where...).Count(ctx)
	if err != nil {
		return nil, "", err
	}
	if n > maxExportRows {
		return nil, "", tooManyRows(n)
	}
	names := map[uuid.UUID]string{}
	title, err := s.ledgerTitle(ctx, v, where, names)
	if err != nil {
		return nil, "", err
	}
	note, err := s.filterNote(ctx, q, names, n)
	if err != nil {
		return nil, "", err
	}
	b, err := sheets.New(sheets.Form{Sheet: ledgerSheet, Title: title, Unit: v.OrgName, Filler: personName(v), Date: today,
		Note: note, Columns: ledgerForm})
	if err != nil {
		return nil, "", err
	}
	defer func() {
		if err != nil {
			b.Close()
		}
	}()
	loc := calendar.Location(v.Timezone)
	q.Limit, q.After = exportBatch, nil
	seq := 0
	for seq < maxExportRows {
		batch, err := q.Page(s.client.Hazard.Query().Where(where...)).All(ctx)
		if err != nil {
			return nil, "", err
		}
		more := len(batch) > exportBatch
		batch = batch[:min(len(batch), exportBatch)]
		if err := s.orgNames(ctx, names, batch); err != nil {
			return nil, "", err
		}
		done, err := s.rectifiedOn(ctx, batch, loc)
		if err != nil {
			return nil, "", err
		}
		for _, h := range batch {
			if seq == maxExportRows {
				break
			}
			seq++
			if err := b.Row(Overdue(h, today), ledgerRow(h, seq, names, done, today)...); err != nil {
				return nil, "", err
			}
		}
		if !more || len(batch) == 0 {
			break
		}
		h := batch[len(batch)-1]
		q.After = &Cursor{V: h.Deadline, ID: h.ID}
		if q.Sort == "found_on" {
			q.After.V = h.FoundOn
		}
	}
	f, err := b.Finish()
	if err != nil {
		return nil, "", err
	}
	return f, today, nil
}

// tooManyRows refuses an export of more than maxExportRows.
func tooManyRows(n int) error {
	return &services.Error{Kind: services.KindInvalid, Code: "too_many_rows",
		Message: fmt.Sprintf("%d hazards match; an export holds at most %d: narrow the filters (e.g. found_from and found_to, street_id or company_id)", n, maxExportRows),
		Extra:   map[string]any{"matched": n, "max_rows": maxExportRows}}
}

// ledgerRow is one hazard in the ledger's columns: names, never ids;
// dates as dates; an overdue deadline in bold.
func ledgerRow(h *ent.Hazard, seq int, names map[uuid.UUID]string, done map[uuid.UUID]string, today string) []any {
	var deadline any = h.Deadline
	if Overdue(h, today) {
		deadline = sheets.Strong{Value: h.Deadline}
	}
	var community, verifiedOn string
	if h.CommunityID != nil {
		community = names[*h.CommunityID]
	}
	if h.VerifiedOn != nil {
		verifiedOn = *h.VerifiedOn
	}
	return []any{seq, h.Code, h.Description, h.Level.Label(), h.Category.Label(), h.Source.Label(),
		names[h.CompanyID], names[h.StreetID], community, h.Address, h.FoundOn, h.Measure, h.ResponsiblePerson,
		deadline, h.Status.Label(), done[h.ID], h.RectificationNote, h.VerifiedByName, verifiedOn, remark(h, today)}
}

// remark is the 备注 of a hazard: how long overdue, and whether its
// deadline was extended.
func remark(h *ent.Hazard, today string) string {
	var parts []string
	if Overdue(h, today) {
		days := int(mustDate(today).Sub(mustDate(h.Deadline)).Hours() / 24)
		parts = append(parts, fmt.Sprintf("逾期 %d 天", days))
	}
	if h.OriginalDeadline != "" && h.Deadline != h.OriginalDeadline {
		parts = append(parts, "已延期，原期限 "+h.OriginalDeadline)
	}
	return strings.Join(parts, "；")
}

// rectifiedOn is when each rectified or verified hazard of batch was
// rectified (整改完成时间): the day, in the district, of its last
// submission with evidence; for a hazard without one in its history (load
// data), the day it was verified.
func (s *Service) rectifiedOn(ctx context.Context, batch []*ent.Hazard, loc *time.Location) (map[uuid.UUID]string, error) {
	out := map[uuid.UUID]string{}
	var ids []uuid.UUID
	for _, h := range batch {
		if h.Status == enum.StatusRectified || h.Status == enum.StatusVerified {
			ids = append(ids, h.ID)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	events, err := s.client.HazardEvent.Query().Where(hazardevent.HazardIDIn(ids...), hazardevent.Action(Submit.Action)).
		Select(hazardevent.FieldHazardID, hazardevent.FieldAt).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		if d := calendar.Today(loc, e.At); d > out[e.HazardID] {
			out[e.HazardID] = d
		}
	}
	for _, h := range batch {
		if _, ok := out[h.ID]; !ok && h.VerifiedOn != nil {
			out[h.ID] = *h.VerifiedOn
		}
	}
	return out, nil
}

// ledgerTitle is the title of the ledger of the hazards where matches: the
// district's name, the industry of their companies (燃气, 供热, or both;
// with no hazards, of the companies the viewer sees), and the ledger's
// name. The companies' names go into names.
func (s *Service) ledgerTitle(ctx context.Context, v *policy.Viewer, where []predicate.Hazard, names map[uuid.UUID]string) (string, error) {
	var groups []struct {
		CompanyID string `json:"company_id"`
	}
	if err := s.client.Hazard.Query().Where(where...).GroupBy(hazard.FieldCompanyID).Scan(ctx, &groups); err != nil {
		return "", err
	}
	if len(groups) == 0 {
		title, err := s.districtTitle(ctx, v)
		return title + ledgerName, err
	}
	t, err := s.client.Tenant.Get(ctx, v.TenantID)
	if err != nil {
		return "", err
	}
	var ids []uuid.UUID
	for _, g := range groups {
		if id, err := uuid.Parse(g.CompanyID); err == nil {
			ids = append(ids, id)
		}
	}
	kinds, err := s.loadNames(ctx, names, ids)
	if err != nil {
		return "", err
	}
	return t.Name + industry(v, kinds) + ledgerName, nil
}

// districtTitle is the start of the title of a form of the viewer's
// district: its name and the industry of the companies the viewer sees
// (南开区燃气, 南开区燃气供热).
func (s *Service) districtTitle(ctx context.Context, v *policy.Viewer) (string, error) {
	t, err := s.client.Tenant.Get(ctx, v.TenantID)
	if err != nil {
		return "", err
	}
	found, err := s.client.Org.Query().Where(org.KindIn(enum.OrgGasCompany, enum.OrgHeatingCompany)).
		Unique(true).Select(org.FieldKind).Strings(ctx)
	if err != nil {
		return "", err
	}
	kinds := make([]enum.OrgKind, len(found))
	for i, k := range found {
		kinds[i] = enum.OrgKind(k)
	}
	return t.Name + industry(v, kinds), nil
}

// industry names the industries of kinds (燃气, 供热, 燃气供热); with
// none, a company's own, or both.
func industry(v *policy.Viewer, kinds []enum.OrgKind) string {
	gas, heat := slices.Contains(kinds, enum.OrgGasCompany), slices.Contains(kinds, enum.OrgHeatingCompany)
	if !gas && !heat && v.Scope() == policy.ScopeCompany {
		return v.OrgKind.Industry()
	}
	switch {
	case gas && !heat:
		return enum.OrgGasCompany.Industry()
	case heat && !gas:
		return enum.OrgHeatingCompany.Industry()
	}
	return enum.OrgGasCompany.Industry() + enum.OrgHeatingCompany.Industry()
}

// filterNote says in Chinese which hazards an export holds, and how many:
// 筛选：状态 整改中；街道 广开街（共 12 条）.
func (s *Service) filterNote(ctx context.Context, q Query, names map[uuid.UUID]string, n int) (string, error) {
	var ids []uuid.UUID
	for _, id := range []*uuid.UUID{q.Company, q.Street, q.Community} {
		if id != nil {
			ids = append(ids, *id)
		}
	}
	if _, err := s.loadNames(ctx, names, ids); err != nil {
		return "", err
	}
	var parts []string
	labels := func(what string, vals []string, label func(string) string) {
		if len(vals) == 0 {
			return
		}
		out := make([]string, len(vals))
		for i, v := range vals {
			out[i] = label(v)
		}
		parts = append(parts, what+" "+strings.Join(out, "、"))
	}
	labels("状态", q.Statuses, func(v string) string { return enum.HazardStatus(v).Label() })
	labels("等级", q.Levels, func(v string) string { return enum.HazardLevel(v).Label() })
	labels("类别", q.Categories, func(v string) string { return enum.HazardCategory(v).Label() })
	labels("来源", q.Sources, func(v string) string { return enum.HazardSource(v).Label() })
	for _, f := range []struct {
		what string
		id   *uuid.UUID
	}{{"企业", q.Company}, {"街道", q.Street}, {"社区", q.Community}} {
		if f.id != nil {
			name := names[*f.id]
			if name == "" {
				name = "（不在本单位范围内）"
			}
			parts = append(parts, f.what+" "+name)
		}
	}
	if q.Overdue != nil {
		parts = append(parts, map[bool]string{true: "仅逾期未整改", false: "未逾期"}[*q.Overdue])
	}
	period := func(what, from, to string) {
		switch {
		case from != "" && to != "":
			parts = append(parts, what+" "+from+" 至 "+to)
		case from != "":
			parts = append(parts, what+" "+from+" 起")
		case to != "":
			parts = append(parts, what+" 至 "+to)
		}
	}
	period("发现日期", q.FoundFrom, q.FoundTo)
	period("整改期限", q.DeadlineFrom, q.DeadlineTo)
	if q.Text != "" {
		parts = append(parts, "含“"+q.Text+"”")
	}
	if q.Code != "" {
		parts = append(parts, "编号 "+q.Code)
	}
	what := "全部"
	if len(parts) > 0 {
		what = strings.Join(parts, "；")
	}
	return "筛选：" + what + "（共 " + strconv.Itoa(n) + " 条）", nil
}

// orgNames adds the names of the batch's companies, streets and
// communities that names lacks, read within the viewer's scope.
func (s *Service) orgNames(ctx context.Context, names map[uuid.UUID]string, batch []*ent.Hazard) error {
	var ids []uuid.UUID
	for _, h := range batch {
		ids = append(ids, h.CompanyID, h.StreetID)
		if h.CommunityID != nil {
			ids = append(ids, *h.CommunityID)
		}
	}
	_, err := s.loadNames(ctx, names, ids)
	return err
}

// loadNames adds to names the organisations of ids it lacks, read within
// the viewer's scope (one not visible is asked once and stays ""), and
// answers the kinds of those it read.
func (s *Service) loadNames(ctx context.Context, names map[uuid.UUID]string, ids []uuid.UUID) ([]enum.OrgKind, error) {
	ids = slices.DeleteFunc(slices.Clone(ids), func(id uuid.UUID) bool { _, ok := names[id]; return ok })
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	ids = slices.Compact(ids)
	if len(ids) == 0 {
		return nil, nil
	}
	orgs, err := s.client.Org.Query().Where(org.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		names[id] = ""
	}
	kinds := make([]enum.OrgKind, 0, len(orgs))
	for _, o := range orgs {
		names[o.ID] = o.Name
		kinds = append(kinds, o.Kind)
	}
	return kinds, nil
}

// Template is the import template: the ledger's form with no rows but
// blank ones to fill in, drop-downs for level and category, the columns
// the import ignores shaded grey, a note on every header, and a second
// sheet that explains every column with an example row made of names from
// the viewer's own scope.
func (s *Service) Template(ctx context.Context) (_ *excelize.File, err error) {
	v := policy.FromContext(ctx)
	today := s.Today(ctx)
	ex, err := s.exampleNames(ctx, v)
	if err != nil {
		return nil, err
	}
	title, err := s.districtTitle(ctx, v)
	if err != nil {
		return nil, err
	}
	columns := slices.Clone(ledgerForm)
	for i := range columns {
		columns[i].Muted = slices.Contains(importIgnored, columns[i].Header)
	}
	b, err := sheets.New(sheets.Form{Sheet: ledgerSheet, Title: title + ledgerName,
		Unit: v.OrgName, Filler: personName(v), Date: today, Columns: columns,
		Note: "新隐患在表头下逐行填写，编号留空（由系统生成）；灰色表头的列导入时忽略。各列填法见“" + templateNotes + "”工作表。"})
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			b.Close()
		}
	}()
	if err := b.Blank(templateBlankRows); err != nil {
		return nil, err
	}
	f := b.File()
	header := strconv.Itoa(sheets.HeaderRow)
	for _, h := range ledgerColumns {
		if note := columnNotes(h, v); note != "" {
			if err := f.AddComment(ledgerSheet, excelize.Comment{Author: "Hearth", Cell: ledgerCol(h) + header,
				Text: note, Width: 260, Height: 120}); err != nil {
				return nil, err
			}
		}
	}
	first, last := strconv.Itoa(sheets.HeaderRow+1), strconv.Itoa(sheets.HeaderRow+maxImportRows)
	for _, d := range []struct {
		col   string
		items []string
	}{{ledgerCol(colLevel), enum.HazardLevelLabels()}, {ledgerCol(colCategory), categoryLabels()}} {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(d.col + first + ":" + d.col + last)
		if err := dv.SetDropList(d.items); err != nil {
			return nil, err
		}
		if err := f.AddDataValidation(ledgerSheet, dv); err != nil {
			return nil, err
		}
	}
	if _, err := b.Finish(); err != nil {
		return nil, err
	}
	if err := templateNotesSheet(f, v, ex, today); err != nil {
		return nil, err
	}
	return f, nil
}

// templateBlankRows is how many bordered blank rows the template has, to
// fill in on screen or on paper.
const templateBlankRows = 15

// templateNotesSheet adds the sheet that says what each column takes, with
// an example row that imports as it is.
func templateNotesSheet(f *excelize.File, v *policy.Viewer, ex example, today string) error {
	notes := [][]string{
		{"填写说明", "在第一个工作表（" + ledgerSheet + "）的表头（第 " + strconv.Itoa(sheets.HeaderRow) + " 行）下逐行填写，每行一条隐患；表头上方的标题和填报行导入时跳过。" +
			"按表头文字识别列，列的顺序可调整，多余的列忽略。一次最多导入 " + strconv.Itoa(maxImportRows) + " 行；任何一行有问题则整批不导入，可先用 dry_run=true 检查。" +
			"导出的台账可以原样导入：已有编号的行已在台账中，不会重复导入。"},
	}
	for _, h := range ledgerColumns {
		notes = append(notes, []string{h, columnNotes(h, v)})
	}
	row, err := sheets.NotesSheet(f, templateNotes, notes, ledgerColumns)
	if err != nil {
		return err
	}
	deadline := mustDate(today).AddDate(0, 0, 30).Format(time.DateOnly)
	cells := map[string]any{colSeq: 1, colDescription: "居民楼道内燃气立管锈蚀", colLevel: enum.LevelGeneral.Label(),
		colCategory: enum.CategoryAgingPipeline.Label(), colCompany: ex.company, colStreet: ex.street,
		colCommunity: ex.community, colAddress: "学府路12号楼2单元", colFoundOn: today,
		colMeasure: "更换锈蚀立管并做气密性试验", colPerson: "张伟", colDeadline: deadline}
	values := make([]any, len(ledgerColumns))
	for i, h := range ledgerColumns {
		values[i] = cells[h]
	}
	return f.SetSheetRow(templateNotes, "A"+strconv.Itoa(row+1), &values)
}

// columnNotes explains what a column takes on import.
func columnNotes(col string, v *policy.Viewer) string {
	switch col {
	case colSeq:
		return "可留空；导入时忽略。"
	case colCode:
		return "隐患编号，由系统生成（如 YH-2026-000123）：新隐患留空。填有本台账已有编号的行视为已在台账中，导入时跳过、不作修改；编号在本台账中不存在的行不能导入。"
	case colDescription:
		return "必填，最多 2000 字。"
	case colLevel:
		return "必填：一般 或 重大。"
	case colCategory:
		return "必填，其一：" + strings.Join(categoryLabels(), "、") + "。"
	case colCompany:
		if v.Scope() == policy.ScopeCompany {
			return "可留空（即本企业：" + v.OrgName + "）；不能填写其他企业。"
		}
		return "必填：本区燃气或供热企业的全称。"
	case colStreet:
		if v.Scope() == policy.ScopeStreet {
			return "必填：本街道的全称（" + v.OrgName + "）。"
		}
		return "必填：本区街道的全称。"
	case colCommunity:
		return "可留空；填写时须为所属街道下社区的全称。"
	case colAddress:
		return "必填，最多 200 字。"
	case colFoundOn:
		return "必填，日期 YYYY-MM-DD（如 2026-11-05），也可为 Excel 日期或 2026/11/05；不能晚于今天。"
	case colMeasure:
		return "可留空，最多 2000 字。"
	case colPerson:
		return "可留空，最多 50 字。"
	case colDeadline:
		return "必填，日期 YYYY-MM-DD，不早于发现日期。"
	case colSource:
		return "导出时填写；导入时忽略：按导入单位记为企业自查、街道排查或区局检查。"
	case colStatus, colRectifiedOn, colNote, colVerifier, colVerifiedOn:
		return "导出时填写；导入时忽略：新导入的隐患状态为“" + enum.StatusReported.Label() + "”。"
	case colRemark:
		return "导出时填写（逾期天数、延期）；导入时忽略。"
	}
	return ""
}

// example is the names of the template's example row, from the viewer's
// scope.
type example struct{ company, street, community string }

// exampleNames picks a company, a street and one of its communities from
// the viewer's scope for the template's example row.
func (s *Service) exampleNames(ctx context.Context, v *policy.Viewer) (example, error) {
	ex := example{company: "某某燃气有限公司", street: "某某街"}
	if v.Scope() == policy.ScopeCompany {
		ex.company = v.OrgName
	} else if o, err := s.client.Org.Query().Where(org.KindIn(enum.OrgGasCompany, enum.OrgHeatingCompany),
		org.Disabled(false)).Order(ent.Asc(org.FieldName)).First(ctx); err == nil {
		ex.company = o.Name
	} else if !ent.IsNotFound(err) {
		return ex, err
	}
	st, err := s.client.Org.Query().Where(org.KindEQ(enum.OrgStreet)).Order(ent.Asc(org.FieldName)).First(ctx)
	switch {
	case ent.IsNotFound(err):
		return ex, nil
	case err != nil:
		return ex, err
	}
	ex.street = st.Name
	c, err := s.client.Org.Query().Where(org.KindEQ(enum.OrgCommunity), org.ParentID(st.ID)).
		Order(ent.Asc(org.FieldName)).First(ctx)
	if err == nil {
		ex.community = c.Name
	} else if !ent.IsNotFound(err) {
		return ex, err
	}
	return ex, nil
}
