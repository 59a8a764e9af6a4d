package equipment

// The register in Excel, in the 特种设备台账 layout heating companies keep
// (programmes §4): the export, a print-ready form (services/sheets) with
// one row per inspection a unit owes, and the import template. The import
// (import.go) reads the same layout, so an export imports back without a
// change. The shape is the hazard ledger's (services/ledger export.go,
// sheet.go).

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
	"github.com/hearthsafety/hearth/ent/inspectionclock"
	"github.com/hearthsafety/hearth/ent/inspectionrecord"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/site"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/services/sheets"
)

const (
	// maxExportUnits caps one export, as the ledger caps its rows; more
	// matching units answer 422.
	maxExportUnits = 100_000
	// exportBatch is how many units the export reads at a time.
	exportBatch = 1_000

	registerSheet = "特种设备台账"
	registerName  = "特种设备台账"
	templateNotes = "填写说明"
	// templateBlankRows is how many bordered blank rows the template has.
	templateBlankRows = 15
)

// The register's columns, in the order of the 特种设备台账.
const (
	colSeq          = "序号"
	colKind         = "设备类别"
	colCode         = "设备代码"
	colRegNo        = "使用登记证编号"
	colName         = "设备名称"
	colModel        = "型号"
	colSerial       = "出厂编号"
	colSite         = "使用地点"
	colCommissioned = "投用日期"
	colType         = "检验类别"
	colPerformed    = "检验日期"
	colAgency       = "检验机构"
	colReport       = "报告编号"
	colConclusion   = "检验结论"
	colGrade        = "安全状况等级"
	colNextDue      = "下次检验日期"
	colState        = "检验状态"
	colStatus       = "状态"
	// colIssues is read by the import only: a failing report's defects
	// (主要问题), which the layout has no column for.
	colIssues = "主要问题"
)

// registerForm is the layout's columns with their widths (some 185 Arial
// digits: A4 landscape fits them at about 68%).
var registerForm = []sheets.Column{
	{Header: colSeq, Width: 5, Kind: sheets.Number},
	{Header: colKind, Width: 9, Kind: sheets.Short},
	{Header: colCode, Width: 12, Kind: sheets.Short},
	{Header: colRegNo, Width: 12, Kind: sheets.Short},
	{Header: colName, Width: 13, Kind: sheets.Text},
	{Header: colModel, Width: 11, Kind: sheets.Short},
	{Header: colSerial, Width: 10, Kind: sheets.Short},
	{Header: colSite, Width: 12, Kind: sheets.Text},
	{Header: colCommissioned, Width: 9.5, Kind: sheets.Date},
	{Header: colType, Width: 9, Kind: sheets.Short},
	{Header: colPerformed, Width: 9.5, Kind: sheets.Date},
	{Header: colAgency, Width: 14, Kind: sheets.Text},
	{Header: colReport, Width: 13, Kind: sheets.Short},
	{Header: colConclusion, Width: 7.5, Kind: sheets.Short},
	{Header: colGrade, Width: 6.5, Kind: sheets.Number},
	{Header: colNextDue, Width: 9.5, Kind: sheets.Date},
	{Header: colState, Width: 7, Kind: sheets.Short},
	{Header: colStatus, Width: 6.5, Kind: sheets.Short},
}

// registerColumns are the layout's headers, in order.
var registerColumns = func() []string {
	out := make([]string, len(registerForm))
	for i, c := range registerForm {
		out[i] = c.Header
	}
	return out
}()

var (
	// importRequired are the columns an import cannot do without.
	importRequired = []string{colKind, colName, colSite}
	// importIgnored are exported for the reader but not imported.
	importIgnored = []string{colSeq, colState}

	// registerLayout is the layout as the import reads it (ledger.ReadSheet).
	registerLayout = ledger.Layout{Columns: append(slices.Clone(registerColumns), colIssues), Required: importRequired,
		Rows: "equipment", Aliases: map[string]string{
			"设备种类": colKind, "设备类型": colKind, "设备品种": colKind, "注册代码": colCode, "设备注册代码": colCode,
			"使用证编号": colRegNo, "登记证编号": colRegNo, "使用登记证号": colRegNo, "规格型号": colModel, "型号规格": colModel,
			"产品编号": colSerial, "出厂号": colSerial, "安装地点": colSite, "使用场站": colSite, "所在场站": colSite,
			"投入使用日期": colCommissioned, "投运日期": colCommissioned, "检验类型": colType, "检验机构名称": colAgency,
			"检验报告编号": colReport, "安全等级": colGrade, "下次检验时间": colNextDue, "设备状态": colStatus,
			"使用状态": colStatus, "主要问题及整改": colIssues, "存在问题": colIssues,
		}}
)

// registerCol is the letter of a column of the form.
func registerCol(name string) string {
	col, _ := excelize.ColumnNumberToName(slices.Index(registerColumns, name) + 1)
	return col
}

// ---------------------------------------------------------------- export

// Export is every unit q matches in the viewer's scope (no paging, at most
// maxExportUnits) as the 特种设备台账 workbook, and the district's today. A
// unit gives a row per inspection it owes (its clock and the latest record
// of that type), a unit owing none one row with the inspection columns
// blank. The caller closes the workbook. Rows stream.
func (s *Service) Export(ctx context.Context, q Query) (_ *excelize.File, today string, err error) {
	v := policy.FromContext(ctx)
	today = s.Today(ctx)
	where := q.Where()
	n, err := s.client.Equipment.Query().Where(where...).Count(ctx)
	if err != nil {
		return nil, "", err
	}
	if n > maxExportUnits {
		return nil, "", &services.Error{Kind: services.KindInvalid, Code: "too_many_rows",
			Message: fmt.Sprintf("%d units match; an export holds at most %d: narrow the filters (e.g. site_id, kind or company_id)", n, maxExportUnits),
			Extra:   map[string]any{"matched": n, "max_rows": maxExportUnits}}
	}
	title, err := s.registerTitle(ctx, v)
	if err != nil {
		return nil, "", err
	}
	note, err := s.filterNote(ctx, q, n)
	if err != nil {
		return nil, "", err
	}
	b, err := sheets.New(sheets.Form{Sheet: registerSheet, Title: title, Unit: v.OrgName, Filler: personName(v),
		Date: today, Note: note, Columns: registerForm})
	if err != nil {
		return nil, "", err
	}
	defer func() {
		if err != nil {
			b.Close()
		}
	}()
	sites := map[uuid.UUID]string{}
	q.Limit, q.After = exportBatch, nil
	seq := 0
	for {
		batch, err := q.Page(s.client.Equipment.Query().Where(where...)).All(ctx)
		if err != nil {
			return nil, "", err
		}
		more := len(batch) > exportBatch
		batch = batch[:min(len(batch), exportBatch)]
		if len(batch) == 0 {
			break
		}
		clocks, recs, err := s.exportClocks(ctx, batch, sites)
		if err != nil {
			return nil, "", err
		}
		for _, e := range batch {
			seq++
			if len(clocks[e.ID]) == 0 {
				if err := b.Row(false, registerRow(e, seq, sites, nil, nil)...); err != nil {
					return nil, "", err
				}
				continue
			}
			for _, c := range clocks[e.ID] {
				var rec *ent.InspectionRecord
				if c.LastRecordID != nil {
					rec = recs[*c.LastRecordID]
				}
				if err := b.Row(c.State == enum.StateOverdue, registerRow(e, seq, sites, c, rec)...); err != nil {
					return nil, "", err
				}
			}
		}
		if !more {
			break
		}
		q.After = &batch[len(batch)-1].ID
	}
	f, err := b.Finish()
	if err != nil {
		return nil, "", err
	}
	return f, today, nil
}

// exportClocks reads the clocks of a batch of units, in the order of the
// inspection types, the latest records they name, and the names of the
// units' sites that sites lacks. The units were read in the viewer's scope;
// what they carry (their clocks, records and sites lie where they do) is
// read by their ids alone: with the scope's tenant_id beside an IN of a
// thousand ids, SQLite's planner took the (tenant_id, due_on) index and
// scanned the district's clocks for every batch (30,000 units: 15 s of 20).
func (s *Service) exportClocks(ctx context.Context, batch []*ent.Equipment, sites map[uuid.UUID]string) (
	map[uuid.UUID][]*ent.InspectionClock, map[uuid.UUID]*ent.InspectionRecord, error) {
	ctx = policy.System(ctx)
	ids := make([]uuid.UUID, len(batch))
	var siteIDs []uuid.UUID
	for i, e := range batch {
		ids[i] = e.ID
		if _, ok := sites[e.SiteID]; !ok && !slices.Contains(siteIDs, e.SiteID) {
			siteIDs = append(siteIDs, e.SiteID)
		}
	}
	if len(siteIDs) > 0 {
		sts, err := s.client.Site.Query().Where(site.IDIn(siteIDs...)).Select(site.FieldName).All(ctx)
		if err != nil {
			return nil, nil, err
		}
		for _, id := range siteIDs {
			sites[id] = ""
		}
		for _, st := range sts {
			sites[st.ID] = st.Name
		}
	}
	cs, err := s.client.InspectionClock.Query().Where(inspectionclock.EquipmentIDIn(ids...)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	order := map[enum.InspectionType]int{}
	for i, t := range enum.InspectionTypes() {
		order[t] = i
	}
	slices.SortFunc(cs, func(a, b *ent.InspectionClock) int { return order[a.Type] - order[b.Type] })
	clocks := map[uuid.UUID][]*ent.InspectionClock{}
	var recIDs []uuid.UUID
	for _, c := range cs {
		clocks[c.EquipmentID] = append(clocks[c.EquipmentID], c)
		if c.LastRecordID != nil {
			recIDs = append(recIDs, *c.LastRecordID)
		}
	}
	recs := map[uuid.UUID]*ent.InspectionRecord{}
	if len(recIDs) > 0 {
		rs, err := s.client.InspectionRecord.Query().Where(inspectionrecord.IDIn(recIDs...)).All(ctx)
		if err != nil {
			return nil, nil, err
		}
		for _, r := range rs {
			recs[r.ID] = r
		}
	}
	return clocks, recs, nil
}

// registerRow is a unit in the layout's columns, with one of its clocks and
// that clock's latest record (either may be nil): labels, never codes;
// dates as dates; an overdue due date in bold.
func registerRow(e *ent.Equipment, seq int, sites map[uuid.UUID]string, c *ent.InspectionClock, rec *ent.InspectionRecord) []any {
	var commissioned string
	if e.CommissionedOn != nil {
		commissioned = *e.CommissionedOn
	}
	row := []any{seq, e.Kind.Label(), e.EquipmentCode, e.RegistrationNo, e.Name, e.Model, e.SerialNo, sites[e.SiteID],
		commissioned, nil, nil, nil, nil, nil, nil, nil, nil, e.Status.Label()}
	if c == nil {
		return row
	}
	row[9] = c.Type.Label()
	if rec != nil {
		row[10], row[11], row[12], row[13] = rec.PerformedOn, rec.Agency, rec.ReportNo, rec.Conclusion.Label()
		if rec.SafetyGrade != nil {
			row[14] = *rec.SafetyGrade
		}
	}
	if c.DueOn != nil {
		row[15] = *c.DueOn
		if c.State == enum.StateOverdue {
			row[15] = sheets.Strong{Value: *c.DueOn}
		}
	}
	row[16] = c.State.Label()
	return row
}

// registerTitle is the form's title: the district's name, the industry
// and the layout's name (南开区供热特种设备台账).
func (s *Service) registerTitle(ctx context.Context, v *policy.Viewer) (string, error) {
	t, err := s.client.Tenant.Get(ctx, v.TenantID)
	if err != nil {
		return "", err
	}
	return t.Name + enum.OrgHeatingCompany.Industry() + registerName, nil
}

// filterNote says in Chinese which units an export holds, and how many:
// 筛选：设备类别 锅炉本体；检验状态 已超期（共 12 台）.
func (s *Service) filterNote(ctx context.Context, q Query, n int) (string, error) {
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
	labels("设备类别", q.Kinds, func(v string) string { return enum.EquipmentKind(v).Label() })
	labels("状态", q.Statuses, func(v string) string { return enum.EquipmentStatus(v).Label() })
	labels("检验状态", q.States, func(v string) string { return enum.InspectionState(v).Label() })
	if q.Site != nil {
		name := "（不在本单位范围内）"
		if st, err := s.client.Site.Get(ctx, *q.Site); err == nil {
			name = st.Name
		} else if !ent.IsNotFound(err) {
			return "", err
		}
		parts = append(parts, "使用地点 "+name)
	}
	for _, f := range []struct {
		what string
		id   *uuid.UUID
	}{{"企业", q.Company}, {"街道", q.Street}} {
		if f.id == nil {
			continue
		}
		name := "（不在本单位范围内）"
		if o, err := s.client.Org.Query().Where(org.ID(*f.id)).Only(ctx); err == nil {
			name = o.Name
		} else if !ent.IsNotFound(err) {
			return "", err
		}
		parts = append(parts, f.what+" "+name)
	}
	if q.Special != nil {
		parts = append(parts, map[bool]string{true: "仅特种设备", false: "非特种设备"}[*q.Special])
	}
	if q.DueBefore != "" {
		parts = append(parts, "下次检验日期 至 "+q.DueBefore)
	}
	if q.Text != "" {
		parts = append(parts, "含“"+q.Text+"”")
	}
	what := "全部"
	if len(parts) > 0 {
		what = strings.Join(parts, "；")
	}
	return "筛选：" + what + "（共 " + strconv.Itoa(n) + " 台设备；有多项检验的设备每项一行）", nil
}

// ---------------------------------------------------------------- template

// Template is the import template: the layout's form with blank rows to
// fill in, drop-down lists for the columns that take a label (设备类别,
// 检验类别, 检验结论, 安全状况等级, 状态, and 使用地点 from the company's
// sites), the columns the import ignores shaded grey, a note on every
// header, and a second sheet that explains every column with an example
// row made of the viewer's own sites.
func (s *Service) Template(ctx context.Context) (_ *excelize.File, err error) {
	v := policy.FromContext(ctx)
	today := s.Today(ctx)
	siteNames, err := s.client.Site.Query().Order(ent.Asc(site.FieldName)).Select(site.FieldName).Strings(ctx)
	if err != nil {
		return nil, err
	}
	title, err := s.registerTitle(ctx, v)
	if err != nil {
		return nil, err
	}
	columns := slices.Clone(registerForm)
	for i := range columns {
		columns[i].Muted = slices.Contains(importIgnored, columns[i].Header)
	}
	b, err := sheets.New(sheets.Form{Sheet: registerSheet, Title: title, Unit: v.OrgName, Filler: personName(v),
		Date: today, Columns: columns,
		Note: "每行一台设备的一项检验；同一设备有多项检验时每项一行（设备各列相同）。灰色表头的列导入时忽略。各列填法见“" + templateNotes + "”工作表。"})
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
	for _, h := range registerColumns {
		if note := columnNote(h); note != "" {
			if err := f.AddComment(registerSheet, excelize.Comment{Author: "Hearth", Cell: registerCol(h) + header,
				Text: note, Width: 260, Height: 120}); err != nil {
				return nil, err
			}
		}
	}
	lists := []struct {
		col   string
		items []string
	}{
		{colKind, labelsOf(enum.EquipmentKinds())}, {colType, labelsOf(enum.InspectionTypes())},
		{colConclusion, labelsOf(enum.InspectionConclusions())}, {colGrade, []string{"1", "2", "3", "4", "5"}},
		{colStatus, labelsOf(enum.EquipmentStatuses())},
	}
	// A list typed into the validation holds at most 255 characters; a
	// company with more sites types the name.
	if len(siteNames) > 0 && len(strings.Join(siteNames, ",")) <= 255 {
		lists = append(lists, struct {
			col   string
			items []string
		}{colSite, siteNames})
	}
	first, last := strconv.Itoa(sheets.HeaderRow+1), strconv.Itoa(sheets.HeaderRow+ledger.MaxImportRows)
	for _, d := range lists {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(registerCol(d.col) + first + ":" + registerCol(d.col) + last)
		if err := dv.SetDropList(d.items); err != nil {
			return nil, err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "请从列表中选择", columnNote(d.col))
		if err := f.AddDataValidation(registerSheet, dv); err != nil {
			return nil, err
		}
	}
	if _, err := b.Finish(); err != nil {
		return nil, err
	}
	example := "1号锅炉房"
	if len(siteNames) > 0 {
		example = siteNames[0]
	}
	if err := templateNotesSheet(f, example, today); err != nil {
		return nil, err
	}
	return f, nil
}

// columnNote explains what a column takes on import.
func columnNote(col string) string {
	switch col {
	case colSeq:
		return "可留空；导入时忽略。"
	case colKind:
		return "必填，其一：" + strings.Join(labelsOf(enum.EquipmentKinds()), "、") + "。"
	case colCode:
		return "特种设备的设备代码（可留空，最多 40 字）。本企业已有此设备代码的设备视为已在台账中，不重复登记。"
	case colRegNo:
		return "使用登记证编号（可留空，最多 40 字）。"
	case colName:
		return "必填，最多 100 字，如“1#燃气热水锅炉”。同一使用地点已有同名设备的，视为已在台账中，不重复登记。"
	case colModel:
		return "可留空，最多 60 字。"
	case colSerial:
		return "可留空，最多 60 字。"
	case colSite:
		return "必填：本企业已登记场站（锅炉房、换热站等）的名称，须与系统中一致。"
	case colCommissioned:
		return "可留空；日期 YYYY-MM-DD（如 2018-10-20），也可为 Excel 日期或 2018/10/20；不能晚于今天。"
	case colType:
		return "有检验记录时必填，其一：" + strings.Join(labelsOf(enum.InspectionTypes()), "、") + "；须为该设备类别应做的检验。"
	case colPerformed:
		return "有检验记录时必填：日期 YYYY-MM-DD，不能晚于今天。检验日期、检验机构、报告编号、检验结论、安全状况等级任一有值即视为一条检验记录；同一设备同类检验同一日期已有记录的，不重复登记。"
	case colAgency:
		return "可留空，最多 100 字。"
	case colReport:
		return "可留空，最多 60 字。"
	case colConclusion:
		return "有检验记录时必填，其一：" + strings.Join(labelsOf(enum.InspectionConclusions()), "、") + "。不合格时须另加一列“主要问题”写明缺陷，系统将在隐患台账中登记设备缺陷隐患。"
	case colGrade:
		return "可留空；压力容器等定期检验报告给出的安全状况等级 1 至 5。"
	case colNextDue:
		return "可留空：报告给出的下次检验日期，须晚于检验日期；留空时按法定周期推算。"
	case colState:
		return "导出时填写（有效、即将到期、已超期、无记录）；导入时忽略。"
	case colStatus:
		return "可留空（即“在用”），其一：" + strings.Join(labelsOf(enum.EquipmentStatuses()), "、") + "。"
	case colIssues:
		return "导入时可加的列：检验结论为不合格时必填，写明发现的主要问题，最多 2000 字。"
	}
	return ""
}

// templateNotesSheet adds the sheet that says what each column takes, with
// an example row that imports as it is on the site named example.
func templateNotesSheet(f *excelize.File, example, today string) error {
	notes := [][]string{
		{"填写说明", "在第一个工作表（" + registerSheet + "）的表头（第 " + strconv.Itoa(sheets.HeaderRow) + " 行）下逐行填写，" +
			"每行一台设备的一项检验；表头上方的标题和填报行导入时跳过。按表头文字识别列，列的顺序可调整，多余的列忽略。" +
			"一次最多导入 " + strconv.Itoa(ledger.MaxImportRows) + " 行；任何一行有问题则整批不导入，可先用 dry_run=true 检查。" +
			"导入的设备记为特种设备。导出的台账可以原样导入：已在台账中的设备和检验记录不会重复登记。"},
	}
	for _, h := range append(slices.Clone(registerColumns), colIssues) {
		notes = append(notes, []string{h, columnNote(h)})
	}
	row, err := sheets.NotesSheet(f, templateNotes, notes, registerColumns)
	if err != nil {
		return err
	}
	performed := mustDate(today).AddDate(0, -2, 0).Format(time.DateOnly)
	next := mustDate(performed).AddDate(1, 0, 0).Format(time.DateOnly)
	for i, cells := range []map[string]any{
		{colSeq: 1, colKind: enum.EquipBoiler.Label(), colCode: "3110120100201800011", colRegNo: "锅津A00123",
			colName: "1#燃气热水锅炉", colModel: "WNS7-1.0/115/70-Q", colSerial: "18-0521", colSite: example,
			colCommissioned: "2018-10-20", colType: enum.InspExternal.Label(), colPerformed: performed,
			colAgency: "天津市特种设备监督检验技术研究院", colReport: "TJWJ-" + performed[:4] + "-0456",
			colConclusion: enum.ConclusionPass.Label(), colNextDue: next, colStatus: enum.EquipInService.Label()},
		{colSeq: 2, colKind: enum.EquipPressureGauge.Label(), colName: "1#锅炉出水压力表", colModel: "Y-100 0-1.6MPa",
			colSite: example, colStatus: enum.EquipInService.Label()},
	} {
		values := make([]any, len(registerColumns))
		for j, h := range registerColumns {
			values[j] = cells[h]
		}
		if err := f.SetSheetRow(templateNotes, "A"+strconv.Itoa(row+1+i), &values); err != nil {
			return err
		}
	}
	return nil
}

// mustDate reads a YYYY-MM-DD date the service made.
func mustDate(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// labelsOf is the Chinese labels of codes, in order.
func labelsOf[T interface{ Label() string }](codes []T) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = c.Label()
	}
	return out
}
