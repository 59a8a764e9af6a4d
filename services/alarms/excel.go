package alarms

// The premises in Excel, in the 燃气报警器安装台账 layout gas companies keep
// (programmes §4 item 6): the export, a print-ready form (services/sheets)
// with one row per premise and its current alarm, and the import template.
// The import (import.go) reads the same layout, so an export imports back
// without a change. The shape is the heating register's
// (services/equipment excel.go).

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
	"github.com/hearthsafety/hearth/ent/alarmdevice"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/services/sheets"
)

const (
	// maxExportPremises caps one export, as the other ledgers cap theirs;
	// more matching premises answer 422.
	maxExportPremises = 100_000
	// exportBatch is how many premises the export reads at a time.
	exportBatch = 1_000
	// MaxImportRows caps the rows of one import: written in bulk, a
	// company's year of installations fits (20,000 rows in well under 20 s).
	MaxImportRows = 20_000

	alarmSheet    = "燃气报警器安装台账"
	alarmName     = "燃气报警器安装台账"
	templateNotes = "填写说明"
	// templateBlankRows is how many bordered blank rows the template has.
	templateBlankRows = 15
)

// The layout's columns, in the order of the 燃气报警器安装台账.
const (
	colSeq       = "序号"
	colStreet    = "街道"
	colCommunity = "社区"
	colEstate    = "小区"
	colBuilding  = "楼栋"
	colUnit      = "单元"
	colRoom      = "房号/商户"
	colUserType  = "用户类型"
	colAccount   = "燃气户号"
	colModel     = "报警器型号"
	colSerial    = "编号"
	colInstalled = "安装日期"
	colInstaller = "安装人"
	colNetworked = "是否联网"
	colShutoff   = "是否联动切断"
	colReplace   = "到期更换日期"
	colNote      = "备注"
)

// alarmForm is the layout's columns with their widths (A4 landscape fits
// them at about 70%).
var alarmForm = []sheets.Column{
	{Header: colSeq, Width: 6, Kind: sheets.Number},
	{Header: colStreet, Width: 10, Kind: sheets.Short},
	{Header: colCommunity, Width: 11, Kind: sheets.Short},
	{Header: colEstate, Width: 14, Kind: sheets.Text},
	{Header: colBuilding, Width: 6, Kind: sheets.Short},
	{Header: colUnit, Width: 6, Kind: sheets.Short},
	{Header: colRoom, Width: 12, Kind: sheets.Text},
	{Header: colUserType, Width: 7, Kind: sheets.Short},
	{Header: colAccount, Width: 12, Kind: sheets.Short},
	{Header: colModel, Width: 11, Kind: sheets.Short},
	{Header: colSerial, Width: 13, Kind: sheets.Short},
	{Header: colInstalled, Width: 10, Kind: sheets.Date},
	{Header: colInstaller, Width: 7, Kind: sheets.Short},
	{Header: colNetworked, Width: 6, Kind: sheets.Short},
	{Header: colShutoff, Width: 7, Kind: sheets.Short},
	{Header: colReplace, Width: 10, Kind: sheets.Date},
	{Header: colNote, Width: 14, Kind: sheets.Text},
}

// alarmColumns are the layout's headers, in order.
var alarmColumns = func() []string {
	out := make([]string, len(alarmForm))
	for i, c := range alarmForm {
		out[i] = c.Header
	}
	return out
}()

var (
	// importRequired are the columns an import cannot do without.
	importRequired = []string{colStreet, colUserType}
	// importIgnored are exported for the reader but not imported: the
	// replacement date follows from the installation date and user type.
	importIgnored = []string{colSeq, colReplace}

	// alarmLayout is the layout as the import reads it (ledger.ReadSheet).
	alarmLayout = ledger.Layout{Columns: alarmColumns, Required: importRequired, Rows: "premises", MaxRows: MaxImportRows,
		Aliases: map[string]string{
			"所属街道": colStreet, "街道办事处": colStreet, "所属社区": colCommunity, "社区居委会": colCommunity,
			"小区名称": colEstate, "小区/地址": colEstate, "地址": colEstate, "楼号": colBuilding, "楼栋号": colBuilding,
			"单元号": colUnit, "门牌号": colRoom, "房号": colRoom, "商户名称": colRoom, "房号/商户名称": colRoom,
			"户号": colAccount, "燃气用户号": colAccount, "用户编号": colAccount, "报警器编号": colSerial,
			"设备编号": colSerial, "型号": colModel, "规格型号": colModel, "报警器规格型号": colModel,
			"安装时间": colInstalled, "安装人员": colInstaller, "施工人": colInstaller, "联网": colNetworked,
			"是否接入平台": colNetworked, "联动切断": colShutoff, "是否联动": colShutoff, "是否联动切断阀": colShutoff,
			"到期日期": colReplace, "更换日期": colReplace,
		}}
)

// alarmCol is the letter of a column of the form.
func alarmCol(name string) string {
	col, _ := excelize.ColumnNumberToName(slices.Index(alarmColumns, name) + 1)
	return col
}

// yesNo is a flag as the form writes it.
func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// ---------------------------------------------------------------- export

// Export is every premise q matches in the viewer's scope (no paging, at
// most maxExportPremises) as the 燃气报警器安装台账 workbook, and the
// district's today. A premise is one row with its current alarm (the device
// columns blank when it has none); a device past its replacement date is a
// red row. The caller closes the workbook. Rows stream.
func (s *Service) Export(ctx context.Context, q Query) (_ *excelize.File, today string, err error) {
	v := policy.FromContext(ctx)
	today = s.Today(ctx)
	where := q.Where(today)
	n, err := s.client.Premise.Query().Where(where...).Count(ctx)
	if err != nil {
		return nil, "", err
	}
	if n > maxExportPremises {
		return nil, "", &services.Error{Kind: services.KindInvalid, Code: "too_many_rows",
			Message: fmt.Sprintf("%d premises match; an export holds at most %d: narrow the filters (e.g. street_id, community_id or user_type)", n, maxExportPremises),
			Extra:   map[string]any{"matched": n, "max_rows": maxExportPremises}}
	}
	names, err := s.placeNames(ctx, v.TenantID)
	if err != nil {
		return nil, "", err
	}
	title, err := s.alarmTitle(ctx, v)
	if err != nil {
		return nil, "", err
	}
	b, err := sheets.New(sheets.Form{Sheet: alarmSheet, Title: title, Unit: v.OrgName, Filler: personName(v),
		Date: today, Note: filterNote(q, names, n), Columns: alarmForm})
	if err != nil {
		return nil, "", err
	}
	defer func() {
		if err != nil {
			b.Close()
		}
	}()
	q.Limit, q.After = exportBatch, nil
	seq := 0
	for {
		batch, err := q.Page(s.client.Premise.Query().Where(where...)).All(ctx)
		if err != nil {
			return nil, "", err
		}
		more := len(batch) > exportBatch
		batch = batch[:min(len(batch), exportBatch)]
		if len(batch) == 0 {
			break
		}
		devs, err := s.currentDevices(ctx, batch)
		if err != nil {
			return nil, "", err
		}
		for _, p := range batch {
			seq++
			var d *ent.AlarmDevice
			if p.DeviceID != nil {
				d = devs[*p.DeviceID]
			}
			late := d != nil && today > d.ReplaceOn && Working(d.Status)
			if err := b.Row(late, alarmRow(p, d, seq, names, late)...); err != nil {
				return nil, "", err
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

// currentDevices reads the current devices of a batch of premises by their
// ids alone (the premises were read in the viewer's scope; their devices lie
// where they do).
func (s *Service) currentDevices(ctx context.Context, batch []*ent.Premise) (map[uuid.UUID]*ent.AlarmDevice, error) {
	var ids []uuid.UUID
	for _, p := range batch {
		if p.DeviceID != nil {
			ids = append(ids, *p.DeviceID)
		}
	}
	out := map[uuid.UUID]*ent.AlarmDevice{}
	if len(ids) == 0 {
		return out, nil
	}
	ds, err := s.client.AlarmDevice.Query().Where(alarmdevice.IDIn(ids...)).All(policy.System(ctx))
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		out[d.ID] = d
	}
	return out, nil
}

// placeNames names the district's streets and communities (and companies),
// for the rows and the filter line.
func (s *Service) placeNames(ctx context.Context, tenant uuid.UUID) (map[uuid.UUID]string, error) {
	os, err := s.client.Org.Query().Where(org.TenantID(tenant),
		org.KindIn(enum.OrgStreet, enum.OrgCommunity, enum.OrgGasCompany)).
		Select(org.FieldName).All(policy.System(ctx))
	if err != nil {
		return nil, err
	}
	out := make(map[uuid.UUID]string, len(os))
	for _, o := range os {
		out[o.ID] = o.Name
	}
	return out, nil
}

// roomOf is the 房号/商户 cell of a premise: its room, else its shop.
func roomOf(p *ent.Premise) string {
	if p.Room != "" {
		return p.Room
	}
	return p.ShopName
}

// alarmRow is a premise with its current device (nil: none) in the layout's
// columns: labels, never codes; 是/否; dates as dates; an expired device's
// replacement date in bold. A premise recorded by its address alone shows
// the address under 小区, which imports back to the same address key.
func alarmRow(p *ent.Premise, d *ent.AlarmDevice, seq int, names map[uuid.UUID]string, late bool) []any {
	community := ""
	if p.CommunityID != nil {
		community = names[*p.CommunityID]
	}
	estate, building, unit, room := p.Estate, p.Building, p.Unit, roomOf(p)
	if estate == "" {
		estate, building, unit, room = p.Address, "", "", ""
	}
	row := []any{seq, names[p.StreetID], community, estate, building, unit, room, userTypeCell(p),
		deref(p.GasAccountNo), nil, nil, nil, nil, nil, nil, nil, p.Note}
	if d == nil {
		return row
	}
	row[9], row[10], row[11], row[12] = d.Model, d.SerialNo, d.InstalledOn, d.Installer
	row[13], row[14], row[15] = yesNo(d.Networked), yesNo(d.ShutoffLinked), d.ReplaceOn
	if late {
		row[15] = sheets.Strong{Value: d.ReplaceOn}
	}
	return row
}

// userTypeCell is the 用户类型 cell of a premise: its label, or 餐饮 for a
// commercial premise tagged restaurant (which the import reads back as
// one).
func userTypeCell(p *ent.Premise) string {
	if p.UserType == enum.UserCommercial && slices.Contains(TagsOf(p.Tags), enum.TagRestaurant) {
		return restaurantWords[0]
	}
	return p.UserType.Label()
}

// alarmTitle is the form's title: the district's name and the layout's
// (南开区燃气报警器安装台账).
func (s *Service) alarmTitle(ctx context.Context, v *policy.Viewer) (string, error) {
	t, err := s.client.Tenant.Get(policy.System(ctx), v.TenantID)
	if err != nil {
		return "", err
	}
	return t.Name + alarmName, nil
}

// filterNote says in Chinese which premises an export holds, and how many:
// 筛选：街道 体育中心街；用户类型 居民（共 120 户）.
func filterNote(q Query, names map[uuid.UUID]string, n int) string {
	var parts []string
	name := func(id uuid.UUID) string {
		if s, ok := names[id]; ok {
			return s
		}
		return "（不在本区）"
	}
	if q.Street != nil {
		parts = append(parts, "街道 "+name(*q.Street))
	}
	if q.Community != nil {
		parts = append(parts, "社区 "+name(*q.Community))
	}
	if q.Company != nil {
		parts = append(parts, "燃气企业 "+name(*q.Company))
	}
	if len(q.UserTypes) > 0 {
		ls := make([]string, len(q.UserTypes))
		for i, u := range q.UserTypes {
			ls[i] = enum.UserType(u).Label()
		}
		parts = append(parts, "用户类型 "+strings.Join(ls, "、"))
	}
	if len(q.Statuses) > 0 {
		ls := make([]string, len(q.Statuses))
		for i, u := range q.Statuses {
			ls[i] = enum.PremiseStatus(u).Label()
		}
		parts = append(parts, "用气状态 "+strings.Join(ls, "、"))
	}
	if q.Tag != "" {
		parts = append(parts, "标签 "+enum.PremiseTag(q.Tag).Label())
	}
	if q.HasValid != nil {
		parts = append(parts, map[bool]string{true: "已安装有效报警器", false: "未安装有效报警器"}[*q.HasValid])
	}
	if q.Text != "" {
		parts = append(parts, "含“"+q.Text+"”")
	}
	what := "全部"
	if len(parts) > 0 {
		what = strings.Join(parts, "；")
	}
	return "筛选：" + what + "（共 " + strconv.Itoa(n) + " 户；每户一行，列出当前报警器）"
}

// ---------------------------------------------------------------- template

// Template is the import template: the layout's form with blank rows to
// fill in, drop-down lists for the columns that take a label (街道 and 社区
// from the district, 用户类型, 是否联网, 是否联动切断), the columns the
// import ignores shaded grey, a note on every header, and a second sheet
// that explains every column with example rows made of the district's own
// streets.
func (s *Service) Template(ctx context.Context) (_ *excelize.File, err error) {
	v := policy.FromContext(ctx)
	if err := gasOnly(v); err != nil {
		return nil, err
	}
	today := s.Today(ctx)
	sys := policy.System(ctx)
	streets, err := s.client.Org.Query().Where(org.TenantID(v.TenantID), org.KindEQ(enum.OrgStreet)).
		Order(ent.Asc(org.FieldName)).All(sys)
	if err != nil {
		return nil, err
	}
	communities, err := s.client.Org.Query().Where(org.TenantID(v.TenantID), org.KindEQ(enum.OrgCommunity)).
		Order(ent.Asc(org.FieldName)).All(sys)
	if err != nil {
		return nil, err
	}
	title, err := s.alarmTitle(ctx, v)
	if err != nil {
		return nil, err
	}
	columns := slices.Clone(alarmForm)
	for i := range columns {
		columns[i].Muted = slices.Contains(importIgnored, columns[i].Header)
	}
	b, err := sheets.New(sheets.Form{Sheet: alarmSheet, Title: title, Unit: v.OrgName, Filler: personName(v),
		Date: today, Columns: columns,
		Note: "每行一户及其报警器；同一户有多台报警器时每台一行（用户各列相同）。灰色表头的列导入时忽略。各列填法见“" + templateNotes + "”工作表。"})
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
	for _, h := range alarmColumns {
		if note := columnNote(h); note != "" {
			if err := f.AddComment(alarmSheet, excelize.Comment{Author: "Hearth", Cell: alarmCol(h) + header,
				Text: note, Width: 260, Height: 120}); err != nil {
				return nil, err
			}
		}
	}
	type list struct {
		col   string
		items []string
	}
	lists := []list{{colUserType, append(labelsOf(enum.UserTypes()), restaurantWords[0])}, {colNetworked, []string{"是", "否"}}, {colShutoff, []string{"是", "否"}}}
	// A list typed into the validation holds at most 255 characters; a
	// district with more names types them.
	for _, l := range []list{{colStreet, orgNames(streets)}, {colCommunity, orgNames(communities)}} {
		if len(l.items) > 0 && len(strings.Join(l.items, ",")) <= 255 {
			lists = append(lists, l)
		}
	}
	first, last := strconv.Itoa(sheets.HeaderRow+1), strconv.Itoa(sheets.HeaderRow+MaxImportRows)
	for _, d := range lists {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(alarmCol(d.col) + first + ":" + alarmCol(d.col) + last)
		if err := dv.SetDropList(d.items); err != nil {
			return nil, err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "请从列表中选择", columnNote(d.col))
		if err := f.AddDataValidation(alarmSheet, dv); err != nil {
			return nil, err
		}
	}
	if _, err := b.Finish(); err != nil {
		return nil, err
	}
	street, community := "体育中心街", ""
	if len(streets) > 0 {
		street = streets[0].Name
		for _, c := range communities {
			if c.ParentID != nil && *c.ParentID == streets[0].ID {
				community = c.Name
				break
			}
		}
	}
	if err := templateNotesSheet(f, street, community, today); err != nil {
		return nil, err
	}
	return f, nil
}

func orgNames(os []*ent.Org) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Name
	}
	return slices.Compact(out)
}

// columnNote explains what a column takes on import.
func columnNote(col string) string {
	switch col {
	case colSeq:
		return "可留空；导入时忽略。"
	case colStreet:
		return "必填：本区街道的名称，须与系统中一致（如“体育中心街”）。"
	case colCommunity:
		return "可留空：该街道下社区的名称，须与系统中一致。"
	case colEstate:
		return "小区名称，最多 100 字（如“时代奥城”）；也可在此填写完整地址，楼栋、单元、房号留空。小区或地址必填。"
	case colBuilding:
		return "可留空，如“3”或“3号楼”（统一记为“3栋”），最多 20 字。"
	case colUnit:
		return "可留空，如“2”或“2单元”，最多 20 字。"
	case colRoom:
		return "居民填房号（如“501”），工商户填商户名称（如“老张家面馆”）。同一小区、楼栋、单元、房号/商户的用户视为同一户。"
	case colUserType:
		return "必填，其一：" + strings.Join(labelsOf(enum.UserTypes()), "、") + "；填“餐饮”即工商户并标记为餐饮用户（须安装报警器）。居民报警器使用年限 5 年，工商户和工业用户 3 年（CJJ/T 146）。"
	case colAccount:
		return "燃气户号，可留空，最多 40 字。本区已有此户号（或无户号时已有同一地址）的用户视为已登记，不重复登记。"
	case colModel:
		return "可留空，最多 60 字。"
	case colSerial:
		return "报警器编号，有报警器时必填，最多 60 字，全区唯一。已登记在该户的编号不重复登记；新编号即为该户新装（更换）的报警器。"
	case colInstalled:
		return "有报警器时必填：日期 YYYY-MM-DD（如 2026-03-10），也可为 Excel 日期或 2026/03/10；不能晚于今天。"
	case colInstaller:
		return "可留空，最多 50 字。"
	case colNetworked:
		return "是 或 否（留空为否）：报警器是否接入燃气企业监测平台。"
	case colShutoff:
		return "是 或 否（留空为否）：报警器是否与紧急切断阀联动。"
	case colReplace:
		return "导出时填写：安装日期加使用年限（居民 5 年，工商户 3 年）；导入时按此推算，本列忽略。"
	case colNote:
		return "可留空，最多 500 字：记为该户的备注。"
	}
	return ""
}

// templateNotesSheet adds the sheet that says what each column takes, with
// example rows that import as they are in the street named street.
func templateNotesSheet(f *excelize.File, street, community, today string) error {
	notes := [][]string{
		{"填写说明", "在第一个工作表（" + alarmSheet + "）的表头（第 " + strconv.Itoa(sheets.HeaderRow) + " 行）下逐行填写，" +
			"每行一户及其一台报警器；表头上方的标题和填报行导入时跳过。按表头文字识别列，列的顺序可调整，多余的列忽略。" +
			"一次最多导入 " + strconv.Itoa(MaxImportRows) + " 行；任何一行有问题则整批不导入，可先用 dry_run=true 检查。" +
			"用户记为本企业的用户。导出的台账可以原样导入：已登记的用户和报警器不会重复登记。"},
	}
	for _, h := range alarmColumns {
		notes = append(notes, []string{h, columnNote(h)})
	}
	row, err := sheets.NotesSheet(f, templateNotes, notes, alarmColumns)
	if err != nil {
		return err
	}
	installed := mustDate(today).AddDate(0, -1, 0).Format(time.DateOnly)
	resident, _ := ReplaceOn(installed, ServiceLife(enum.UserResident))
	shop, _ := ReplaceOn(installed, ServiceLife(enum.UserCommercial))
	for i, cells := range []map[string]any{
		{colSeq: 1, colStreet: street, colCommunity: community, colEstate: "时代奥城", colBuilding: "3", colUnit: "2",
			colRoom: "501", colUserType: enum.UserResident.Label(), colAccount: "1200345678", colModel: "JT-AEC2363",
			colSerial: "BJQ2026000123", colInstalled: installed, colInstaller: "王师傅", colNetworked: "否",
			colShutoff: "否", colReplace: resident},
		{colSeq: 2, colStreet: street, colCommunity: community, colEstate: "宾水西道", colBuilding: "", colUnit: "",
			colRoom: "老张家面馆", colUserType: "餐饮", colAccount: "1200398765", colModel: "JT-AEC2363B",
			colSerial: "BJQ2026000456", colInstalled: installed, colInstaller: "王师傅", colNetworked: "是",
			colShutoff: "是", colReplace: shop, colNote: "后厨"},
	} {
		values := make([]any, len(alarmColumns))
		for j, h := range alarmColumns {
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
