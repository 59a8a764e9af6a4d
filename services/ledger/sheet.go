package ledger

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"
	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/xuri/excelize/v2"
)

// The Excel side of the hazard ledger: companies keep their ledgers in
// Excel, and superiors ask for them in Excel. The export writes the standard
// ledger columns with Chinese headers and values; the import reads the same
// layout (matched by header text, in any order) into ordinary creates,
// checked exactly as Create checks them, all or nothing.

// Export is every hazard q matches in the viewer's scope (no paging, at
// most maxExportRows), as a ledger workbook, and the district's today. The
// caller closes the workbook. Rows stream through excelize's StreamWriter and the workbook
// through a temporary file, so memory stays flat up to maxExportRows.
func (s *Service) Export(ctx context.Context, q Query) (_ *excelize.File, today string, err error) {
	today = s.Today(ctx)
	where := q.Where(today)
	n, err := s.client.Hazard.Query().Where(where...).Count(ctx)
	if err != nil {
		return nil, "", err
	}
	if n > maxExportRows {
		return nil, "", &services.Error{Kind: services.KindInvalid, Code: "too_many_rows",
			Message: fmt.Sprintf("%d hazards match; an export holds at most %d: narrow the filters (e.g. found_from and found_to, street_id or company_id)", n, maxExportRows),
			Extra:   map[string]any{"matched": n, "max_rows": maxExportRows}}
	}

	f, st, err := newLedgerBook()
	if err != nil {
		return nil, "", err
	}
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	last, _ := excelize.CoordinatesToCellName(len(ledgerColumns), n+1)
	if err := f.AutoFilter(ledgerSheet, "A1:"+last, nil); err != nil {
		return nil, "", err
	}
	sw, err := f.NewStreamWriter(ledgerSheet)
	if err != nil {
		return nil, "", err
	}
	if err := ledgerHeader(sw, st); err != nil {
		return nil, "", err
	}
	names := map[uuid.UUID]string{}
	q.Limit, q.After = exportBatch, nil
	row := 1
	for row <= maxExportRows {
		batch, err := q.Page(s.client.Hazard.Query().Where(where...)).All(ctx)
		if err != nil {
			return nil, "", err
		}
		more := len(batch) > exportBatch
		batch = batch[:min(len(batch), exportBatch)]
		if err := s.orgNames(ctx, names, batch); err != nil {
			return nil, "", err
		}
		for _, h := range batch {
			if row > maxExportRows {
				break
			}
			row++
			if err := sw.SetRow("A"+strconv.Itoa(row), ledgerRow(h, row-1, names, today, st)); err != nil {
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
	if err := sw.Flush(); err != nil {
		return nil, "", err
	}
	return f, today, nil
}

// Template is the import template: the ledger's
// header row, drop-downs for level and category, date columns as dates, and
// a second sheet that explains every column with an example row made of
// names from the viewer's own scope.
func (s *Service) Template(ctx context.Context) (_ *excelize.File, err error) {
	v := policy.FromContext(ctx)
	today := s.Today(ctx)
	company, street, err := s.exampleNames(ctx, v)
	if err != nil {
		return nil, err
	}
	f, st, err := newLedgerBook()
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			f.Close()
		}
	}()
	last := len(ledgerColumns)
	for _, col := range []string{ledgerCol(colFoundOn), ledgerCol(colDeadline)} { // a date typed in stays a date
		if err := f.SetColStyle(ledgerSheet, col, st.date); err != nil {
			return nil, err
		}
	}
	for i, h := range ledgerColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(ledgerSheet, col, col, ledgerWidths[i]); err != nil {
			return nil, err
		}
		style := st.header
		if slices.Contains(importIgnored, h) {
			style = st.ignored
		}
		if err := f.SetCellStr(ledgerSheet, col+"1", h); err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(ledgerSheet, col+"1", col+"1", style); err != nil {
			return nil, err
		}
		if note := columnNotes(h, v); note != "" {
			if err := f.AddComment(ledgerSheet, excelize.Comment{Author: "Hearth", Cell: col + "1",
				Text: note, Width: 260, Height: 120}); err != nil {
				return nil, err
			}
		}
	}
	if err := f.SetRowHeight(ledgerSheet, 1, 22); err != nil {
		return nil, err
	}
	if err := f.SetPanes(ledgerSheet, frozenHeader()); err != nil {
		return nil, err
	}
	dataRows := fmt.Sprintf("%d", maxImportRows+1)
	for _, d := range []struct {
		col   string
		items []string
	}{{ledgerCol(colLevel), enum.HazardLevelLabels()}, {ledgerCol(colCategory), categoryLabels()}} {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(d.col + "2:" + d.col + dataRows)
		if err := dv.SetDropList(d.items); err != nil {
			return nil, err
		}
		if err := f.AddDataValidation(ledgerSheet, dv); err != nil {
			return nil, err
		}
	}

	// The notes sheet: what each column takes, then an example row.
	if _, err := f.NewSheet(templateNotes); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(templateNotes, "A", "A", 16); err != nil {
		return nil, err
	}
	if err := f.SetColWidth(templateNotes, "B", "B", 100); err != nil {
		return nil, err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	if err := f.SetColStyle(templateNotes, "B", wrap); err != nil {
		return nil, err
	}
	notes := [][]string{
		{"填写说明", "在第一个工作表（" + ledgerSheet + "）第一行表头下逐行填写，每行一条隐患。按表头文字识别列，列的顺序可调整，多余的列忽略。一次最多导入 " + strconv.Itoa(maxImportRows) + " 行；任何一行有问题则整批不导入，可先用 dry_run=true 检查。"},
	}
	for _, h := range ledgerColumns {
		notes = append(notes, []string{h, columnNotes(h, v)})
	}
	row := 1
	for _, n := range notes {
		if err := f.SetSheetRow(templateNotes, "A"+strconv.Itoa(row), &[]any{n[0], n[1]}); err != nil {
			return nil, err
		}
		row++
	}
	if err := f.SetCellStyle(templateNotes, "A1", "A"+strconv.Itoa(row-1), st.header); err != nil {
		return nil, err
	}
	row++
	if err := f.SetCellStr(templateNotes, "A"+strconv.Itoa(row), "示例（可复制到第一个工作表）"); err != nil {
		return nil, err
	}
	row++
	header := make([]any, len(ledgerColumns))
	for i, h := range ledgerColumns {
		header[i] = h
	}
	if err := f.SetSheetRow(templateNotes, "A"+strconv.Itoa(row), &header); err != nil {
		return nil, err
	}
	lastCol, _ := excelize.ColumnNumberToName(last)
	if err := f.SetCellStyle(templateNotes, "A"+strconv.Itoa(row), lastCol+strconv.Itoa(row), st.header); err != nil {
		return nil, err
	}
	deadline := mustDate(today).AddDate(0, 0, 30).Format(time.DateOnly)
	example := []any{1, "居民楼道内燃气立管锈蚀", "一般", enum.CategoryAgingPipeline.Label(), company, street,
		"学府路12号楼2单元", today, "更换锈蚀立管并做气密性试验", "张工", deadline, "", "", ""}
	if err := f.SetSheetRow(templateNotes, "A"+strconv.Itoa(row+1), &example); err != nil {
		return nil, err
	}
	return f, nil
}

const (
	// maxExportRows caps one export; more matching rows answer 422.
	maxExportRows = 100_000
	// maxImportRows caps the data rows of one import.
	maxImportRows = 5_000
	// exportBatch is how many hazards the export reads at a time.
	exportBatch = 1_000
	// maxUnzipped caps what an uploaded workbook may unpack to, against zip
	// bombs (excelize's own default is 16 GB): a 5,000-row ledger unpacks to
	// a few MiB. It is checked on the zip's directory before excelize reads
	// anything, and by excelize while it reads.
	maxUnzipped = 64 << 20
	// maxZipEntries caps the parts of an uploaded workbook.
	maxZipEntries = 500
	// maxImportCols is how many columns of a row the import reads: the ledger
	// has 14. excelize pads a row up to its last cell, so a row with one cell
	// far to the right would otherwise cost thousands of strings.
	maxImportCols = 64

	ledgerSheet    = "隐患台账"
	templateNotes  = "填写说明"
	excelDateStyle = "yyyy-mm-dd"
)

// The ledger's columns, in the order of the standard ledger.
const (
	colSeq         = "序号"
	colDescription = "隐患名称/描述"
	colLevel       = "隐患等级"
	colCategory    = "隐患类别"
	colCompany     = "所属企业"
	colStreet      = "所属街道"
	colAddress     = "地址"
	colFoundOn     = "发现日期"
	colMeasure     = "整改措施"
	colPerson      = "整改责任人"
	colDeadline    = "整改期限"
	colStatus      = "状态"
	colVerifier    = "验收人"
	colVerifiedOn  = "验收日期"
)

var (
	ledgerColumns = []string{colSeq, colDescription, colLevel, colCategory, colCompany, colStreet, colAddress,
		colFoundOn, colMeasure, colPerson, colDeadline, colStatus, colVerifier, colVerifiedOn}
	ledgerWidths = []float64{7, 42, 10, 18, 30, 16, 34, 12, 34, 12, 12, 14, 12, 12}

	// importRequired are the columns an import cannot do without, in the
	// ledger's order. 所属企业 may be left out by a company: its rows are its
	// own.
	importRequired = []string{colDescription, colLevel, colCategory, colCompany, colStreet, colAddress, colFoundOn, colDeadline}
	// importIgnored are exported for the reader but not imported.
	importIgnored = []string{colSeq, colStatus, colVerifier, colVerifiedOn}

	// headerAliases are other spellings of the headers seen in ledgers.
	headerAliases = map[string]string{
		"隐患名称": colDescription, "隐患描述": colDescription, "隐患内容": colDescription, "隐患名称及描述": colDescription,
		"隐患级别": colLevel, "隐患类型": colCategory, "企业名称": colCompany, "责任企业": colCompany,
		"所属单位": colCompany, "街道": colStreet, "所在街道": colStreet, "隐患地址": colAddress,
		"详细地址": colAddress, "排查日期": colFoundOn, "整改责任人姓名": colPerson, "责任人": colPerson,
		"整改时限": colDeadline, "整改完成期限": colDeadline,
	}

	// categoryAliases are other labels of the categories, beside
	// the enum's labels and the API's own values.
	categoryAliases = map[string]enum.HazardCategory{"管网占压": "pipeline_occupation", "占压点位": "pipeline_occupation",
		"老旧管线": "aging_pipeline", "燃气泄漏": "leak", "漏气": "leak", "报警器": "alarm_missing",
		"报警器缺失": "alarm_missing", "报警器故障": "alarm_missing", "违规用气行为": "illegal_use",
		"设备隐患": "equipment_defect", "热网缺陷": "heating_network_defect", "供热管网": "heating_network_defect"}
)

// ledgerCol is the letter of a ledger column.
func ledgerCol(name string) string {
	col, _ := excelize.ColumnNumberToName(slices.Index(ledgerColumns, name) + 1)
	return col
}

// categoryLabels lists the Chinese categories in the API's order.
func categoryLabels() []string { return enum.HazardCategoryLabels() }

// ---------------------------------------------------------------- export

// ExportQueryKeys are the list filters the export takes.
var ExportQueryKeys = slices.DeleteFunc(slices.Clone(QueryKeys),
	func(k string) bool { return k == "limit" || k == "cursor" })

// ledgerStyles are the cell styles of a ledger sheet.
type ledgerStyles struct {
	header, ignored, date, late int
}

// newLedgerBook opens a workbook whose first sheet is the ledger sheet, with
// the ledger's styles.
func newLedgerBook() (*excelize.File, ledgerStyles, error) {
	f := excelize.NewFile()
	st, err := newLedgerStyles(f)
	if err == nil {
		err = f.SetSheetName("Sheet1", ledgerSheet)
	}
	if err != nil {
		f.Close()
		return nil, st, err
	}
	return f, st, nil
}

func newLedgerStyles(f *excelize.File) (ledgerStyles, error) {
	var st ledgerStyles
	border := []excelize.Border{{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1}}
	head := func(fill string) (int, error) {
		return f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	}
	var err error
	if st.header, err = head("DDEBF7"); err != nil {
		return st, err
	}
	if st.ignored, err = head("EDEDED"); err != nil {
		return st, err
	}
	df := excelDateStyle
	if st.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &df}); err != nil {
		return st, err
	}
	st.late, err = f.NewStyle(&excelize.Style{CustomNumFmt: &df, Font: &excelize.Font{Color: "C00000", Bold: true}})
	return st, err
}

// ledgerHeader sets the widths, freezes the header row and writes it.
func ledgerHeader(sw *excelize.StreamWriter, st ledgerStyles) error {
	// Last to first: the stream writer puts each new column before the
	// others, and Excel wants them in order.
	for i := len(ledgerWidths) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, ledgerWidths[i]); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(frozenHeader()); err != nil {
		return err
	}
	cells := make([]any, len(ledgerColumns))
	for i, h := range ledgerColumns {
		cells[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	return sw.SetRow("A1", cells, excelize.RowOpts{Height: 22})
}

func frozenHeader() *excelize.Panes {
	return &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}
}

// ledgerRow is one hazard in the ledger's columns. Dates are date cells;
// an overdue deadline stands out.
func ledgerRow(h *ent.Hazard, seq int, names map[uuid.UUID]string, today string, st ledgerStyles) []any {
	date := func(s string, style int) any {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return s
		}
		return excelize.Cell{StyleID: style, Value: t}
	}
	deadlineStyle := st.date
	if Overdue(h, today) {
		deadlineStyle = st.late
	}
	var verifiedOn any
	if h.VerifiedOn != nil {
		verifiedOn = date(*h.VerifiedOn, st.date)
	}
	return []any{seq, textCell(h.Description), h.Level.Label(), h.Category.Label(),
		textCell(names[h.CompanyID]), textCell(names[h.StreetID]), textCell(h.Address), date(h.FoundOn, st.date),
		textCell(h.Measure), textCell(h.ResponsiblePerson), date(h.Deadline, deadlineStyle),
		h.Status.Label(), textCell(h.VerifiedByName), verifiedOn}
}

// textCell is a text cell, or no cell at all when empty. A text cell stays text
// whatever it starts with ("=" makes no formula).
func textCell(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// orgNames adds the names of the batch's companies and streets that names
// lacks, read within the viewer's scope.
func (s *Service) orgNames(ctx context.Context, names map[uuid.UUID]string, batch []*ent.Hazard) error {
	var ids []uuid.UUID
	for _, h := range batch {
		for _, id := range []uuid.UUID{h.CompanyID, h.StreetID} {
			if _, ok := names[id]; !ok && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	orgs, err := s.client.Org.Query().Where(org.IDIn(ids...)).All(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		names[id] = "" // not visible: asked once
	}
	for _, o := range orgs {
		names[o.ID] = o.Name
	}
	return nil
}

// columnNotes explains what a column takes on import.
func columnNotes(col string, v *policy.Viewer) string {
	switch col {
	case colSeq:
		return "可留空；导入时忽略。"
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
	case colStatus, colVerifier, colVerifiedOn:
		return "导出时填写；导入时忽略：新导入的隐患状态为“已上报”。"
	}
	return ""
}

// exampleNames picks a company and a street from the viewer's scope for the
// template's example row.
func (s *Service) exampleNames(ctx context.Context, v *policy.Viewer) (company, street string, err error) {
	company, street = "某某燃气有限公司", "某某街"
	if v.Scope() == policy.ScopeCompany {
		company = v.OrgName
	} else if o, err := s.client.Org.Query().Where(org.KindIn(enum.OrgGasCompany, enum.OrgHeatingCompany),
		org.Disabled(false)).Order(ent.Asc(org.FieldName)).First(ctx); err == nil {
		company = o.Name
	} else if !ent.IsNotFound(err) {
		return "", "", err
	}
	if v.Scope() == policy.ScopeStreet {
		street = v.OrgName
	} else if o, err := s.client.Org.Query().Where(org.KindEQ(enum.OrgStreet)).
		Order(ent.Asc(org.FieldName)).First(ctx); err == nil {
		street = o.Name
	} else if !ent.IsNotFound(err) {
		return "", "", err
	}
	return company, street, nil
}

// ---------------------------------------------------------------- import

// RowProblem is one thing wrong with one cell (or row) of an import.
type RowProblem struct {
	Row     int    `json:"row"`    // the Excel row number
	Column  string `json:"column"` // the Chinese header; empty for the row as a whole
	Message string `json:"message"`
}

// hazardRow is one parsed data row: the create it becomes, with the company
// and street still as names.
type hazardRow struct {
	Row             int
	Company, Street string
	In              CreateInput
}

// checkedRow is a row ready to write.
type checkedRow struct {
	hazardRow
	place accounts.Place
}

// checkImport parses every row, resolves its company and street among the
// organisations the viewer sees, and holds it to the create's rules. It
// returns the rows and every problem, ordered by row and column.
func (s *Service) checkImport(ctx context.Context, v *policy.Viewer, sheet *importSheet) ([]checkedRow, []RowProblem, error) {
	// Every organisation the viewer sees, read once: names resolve against
	// them and each row's place is checked without a query.
	places := accounts.NewPlaces(s.client)
	if err := places.Preload(ctx); err != nil {
		return nil, nil, err
	}
	companies, streets := importOrgs(places)
	source := map[policy.Scope]enum.HazardSource{policy.ScopeCompany: enum.SourceSelfInspection,
		policy.ScopeDistrict: enum.SourceBureauInspection, policy.ScopeStreet: enum.SourceStreetInspection}[v.Scope()]
	today := TodayOf(v, s.now())
	problems := []RowProblem{}
	rows := make([]checkedRow, 0, len(sheet.rows))
	for _, sr := range sheet.rows {
		hr, probs := parseImportRow(sheet.header, sr.cells, sheet.date1904)
		hr.Row = sr.num
		flagged := map[string]bool{}
		add := func(col, msg string) {
			if col != "" && flagged[col] {
				return // one problem a cell is enough: the first says what to fix
			}
			flagged[col] = true
			problems = append(problems, RowProblem{Row: sr.num, Column: col, Message: msg})
		}
		for _, p := range probs {
			add(p.Column, p.Message)
		}
		hr.In.Source = source
		// The company: a company's rows are its own; others name one.
		switch {
		case v.Scope() == policy.ScopeCompany:
			if hr.Company != "" && hr.Company != v.OrgName {
				add(colCompany, fmt.Sprintf("a company imports its own hazards only: leave it empty or write %s (not %s)", v.OrgName, hr.Company))
			}
		case hr.Company == "":
			add(colCompany, "is required: the full name of a gas or heating company of this district")
		case companies[hr.Company] == uuid.Nil:
			add(colCompany, fmt.Sprintf("no gas or heating company of this district is named %s", hr.Company))
		default:
			id := companies[hr.Company]
			hr.In.CompanyID = &id
		}
		switch id := streets[hr.Street]; {
		case hr.Street == "":
			add(colStreet, "is required: the full name of a street of this district")
		case id == uuid.Nil && v.Scope() == policy.ScopeStreet:
			add(colStreet, fmt.Sprintf("must be your street, %s (not %s)", v.OrgName, hr.Street))
		case id == uuid.Nil:
			add(colStreet, fmt.Sprintf("no street of this district is named %s", hr.Street))
		default:
			hr.In.StreetID = id
		}
		if err := services.Check(&hr.In); err != nil {
			var e *services.Error
			if !errors.As(err, &e) {
				return nil, nil, err
			}
			for _, fe := range e.Fields {
				add(fieldColumns[fe.Field], fe.Message)
			}
		}
		// The create's own rules, all at once (a cell already at fault
		// keeps its first problem).
		place, bad, err := check(ctx, places, &hr.In, today)
		if err != nil {
			return nil, nil, err
		}
		for _, fe := range bad {
			add(fieldColumns[fe.Field], fieldsAsColumns.Replace(fe.Message))
		}
		rows = append(rows, checkedRow{hazardRow: hr, place: place})
	}
	order := map[string]int{}
	for i, col := range ledgerColumns {
		order[col] = i + 1
	}
	slices.SortStableFunc(problems, func(x, y RowProblem) int {
		return cmp.Or(cmp.Compare(x.Row, y.Row), cmp.Compare(order[x.Column], order[y.Column]))
	})
	return rows, problems, nil
}

// fieldColumns names the ledger column of a create's field.
var fieldColumns = map[string]string{"company_id": colCompany, "street_id": colStreet, "community_id": colStreet,
	"address": colAddress, "category": colCategory, "level": colLevel, "found_on": colFoundOn,
	"description": colDescription, "measure": colMeasure, "responsible_person": colPerson, "deadline": colDeadline}

// fieldsAsColumns speaks of columns where the create's messages name fields.
var fieldsAsColumns = strings.NewReplacer("found_on", colFoundOn, "company_id", colCompany, "street_id", colStreet)

// importOrgs maps the names of the gas and heating companies and of the
// streets the viewer sees to their ids: a company sees only itself, a street
// office only its own street.
func importOrgs(places *accounts.Places) (companies, streets map[string]uuid.UUID) {
	companies, streets = map[string]uuid.UUID{}, map[string]uuid.UUID{}
	for _, o := range places.Known() {
		switch {
		case o.Kind == enum.OrgStreet:
			streets[o.Name] = o.ID
		case o.Kind.Company():
			companies[o.Name] = o.ID
		}
	}
	return companies, streets
}

// parseImportRow reads one data row into a create, by the header's column
// positions. It needs nothing but its arguments: names stay names (resolved
// afterwards), lengths are left to the create's validation. A problem's Row
// is left for the caller. date1904 is the workbook's date system.
func parseImportRow(header map[string]int, cells []string, date1904 bool) (hazardRow, []RowProblem) {
	var r hazardRow
	var probs []RowProblem
	fail := func(col, msg string) { probs = append(probs, RowProblem{Column: col, Message: msg}) }
	cell := func(col string) string {
		i, ok := header[col]
		if !ok || i < 0 || i >= len(cells) {
			return ""
		}
		return cleanCell(cells[i])
	}
	r.In.Description = cell(colDescription)
	if r.In.Description == "" {
		fail(colDescription, "is required: describe the hazard")
	}
	switch s := cell(colLevel); {
	case s == "":
		fail(colLevel, "is required: 一般 or 重大")
	default:
		if r.In.Level = parseLevel(s); r.In.Level == "" {
			fail(colLevel, "must be 一般 or 重大 (general or major)")
		}
	}
	switch s := cell(colCategory); {
	case s == "":
		fail(colCategory, "is required: one of "+strings.Join(categoryLabels(), ", "))
	default:
		if r.In.Category = parseCategory(s); r.In.Category == "" {
			fail(colCategory, "must be one of: "+strings.Join(categoryLabels(), ", "))
		}
	}
	r.Company, r.Street = cell(colCompany), cell(colStreet)
	r.In.Address = cell(colAddress)
	if r.In.Address == "" {
		fail(colAddress, "is required")
	}
	for _, d := range []struct {
		col string
		to  *string
	}{{colFoundOn, &r.In.FoundOn}, {colDeadline, &r.In.Deadline}} {
		s := cell(d.col)
		if s == "" {
			fail(d.col, "is required: a date, YYYY-MM-DD")
			continue
		}
		var ok bool
		if *d.to, ok = parseLedgerDate(s, date1904); !ok {
			fail(d.col, services.DateMessage+" (2026/11/05 and Excel dates also do)")
		}
	}
	r.In.Measure = cell(colMeasure)
	r.In.ResponsiblePerson = cell(colPerson)
	return r, probs
}

// cleanCell trims a cell and keeps what a database stores: valid UTF-8,
// no NUL or other control characters but tab and line breaks.
func cleanCell(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.IndexFunc(s, badControl) >= 0 {
		s = strings.Map(func(r rune) rune {
			if badControl(r) {
				return -1
			}
			return r
		}, s)
	}
	return strings.TrimSpace(s)
}

func badControl(r rune) bool { return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' }

// parseLevel reads a level from its Chinese label or API value.
func parseLevel(s string) enum.HazardLevel {
	s = strings.TrimSuffix(s, "隐患")
	if l, ok := enum.ParseHazardLevel(s); ok {
		return l
	}
	if l, ok := enum.ParseHazardLevel(strings.ToLower(s)); ok {
		return l
	}
	return ""
}

// parseCategory reads a category from its Chinese label (or a common other
// label) or API value.
func parseCategory(s string) enum.HazardCategory {
	if c, ok := enum.ParseHazardCategory(s); ok {
		return c
	}
	if c, ok := enum.ParseHazardCategory(strings.ToLower(s)); ok {
		return c
	}
	return categoryAliases[s]
}

var (
	serialDate  = regexp.MustCompile(`^[0-9]{1,7}(\.[0-9]+)?$`)
	compactDate = regexp.MustCompile(`^(19|20)[0-9]{6}$`)
	partsDate   = regexp.MustCompile(`^([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?$`)
	timeTail    = regexp.MustCompile(`^[0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$`)
)

// parseLedgerDate reads the dates ledgers hold: 2026-11-05, 2026/11/5,
// 2026.11.05, 2026年11月5日, 20261105, a date with a time after it, or an
// Excel date (a serial day number, in the workbook's date system). It
// answers YYYY-MM-DD, or false.
func parseLedgerDate(s string, date1904 bool) (string, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "T "); i >= 8 && timeTail.MatchString(s[i+1:]) {
		s = s[:i] // "2026-11-05T00:00:00Z", "2026/11/05 08:30"
	}
	switch {
	case compactDate.MatchString(s):
		s = s[:4] + "-" + s[4:6] + "-" + s[6:]
	case serialDate.MatchString(s):
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < 1 || f > 2958465 { // 9999-12-31
			return "", false
		}
		t, err := excelize.ExcelDateToTime(math.Floor(f), date1904)
		// A number is a date cell; one before 1950 is more likely a
		// year or a count typed into the wrong column.
		if err != nil || t.Year() < 1950 {
			return "", false
		}
		s = t.Format(time.DateOnly)
	default:
		m := partsDate.FindStringSubmatch(s)
		if m == nil {
			return "", false
		}
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		s = fmt.Sprintf("%s-%02d-%02d", m[1], mo, d)
	}
	if !services.ValidDate(s) {
		return "", false
	}
	return s, true
}

// importSheet is the first sheet of an upload: its header (column → index)
// and its non-blank data rows.
type importSheet struct {
	header   map[string]int
	rows     []sheetRow
	date1904 bool
}

type sheetRow struct {
	num   int // the Excel row number
	cells []string
}

// headerSearch is how many non-blank rows may stand above the header (a
// title, a date line) before the sheet counts as headless.
const headerSearch = 10

// readImportSheet opens an upload as a workbook and reads its first sheet:
// the header row, found by its text among the first rows, then every
// non-blank row below it.
func readImportSheet(data []byte, needCompany bool) (*importSheet, error) {
	required := importRequired
	if !needCompany {
		required = slices.DeleteFunc(slices.Clone(importRequired), func(c string) bool { return c == colCompany })
	}
	if err := sniffXLSX(data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size") {
			return nil, services.Errorf(services.KindTooLarge, "payload_too_large",
				"the workbook unpacks to more than %d MiB", maxUnzipped>>20)
		}
		return nil, notXLSX("it could not be read as an .xlsx workbook")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, notXLSX("it has no worksheet")
	}
	out := &importSheet{}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		out.date1904 = *props.Date1904
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		return nil, notXLSX("its first sheet could not be read")
	}
	defer it.Close()
	num, above := 0, 0
	var best map[string]int // the row above that named the most columns
	for it.Next() {
		num++
		cells, err := it.Columns()
		if err != nil {
			return nil, notXLSX("its first sheet could not be read")
		}
		cells = slices.Clone(cells[:min(len(cells), maxImportCols)]) // keep no padded row
		if blankRow(cells) {
			continue
		}
		if out.header == nil {
			h, dups := readHeader(cells)
			if len(h) < 3 { // not the header yet: a title above it, perhaps
				if len(h) > len(best) {
					best = h
				}
				if above++; above >= headerSearch {
					break
				}
				continue
			}
			if len(dups) > 0 {
				return nil, &services.Error{Kind: services.KindInvalid, Code: "duplicate_headers",
					Message: "these headers appear more than once in row " + strconv.Itoa(num) + ": " + strings.Join(dups, ", "),
					Extra:   map[string]any{"duplicate_headers": dups}}
			}
			if missing := missingHeaders(h, required); len(missing) > 0 {
				return nil, missingHeadersError(missing, "row "+strconv.Itoa(num)+" lacks")
			}
			out.header = h
			continue
		}
		if len(out.rows) == maxImportRows {
			return nil, &services.Error{Kind: services.KindInvalid, Code: "too_many_rows",
				Message: fmt.Sprintf("an import holds at most %d rows; split the file", maxImportRows),
				Extra:   map[string]any{"max_rows": maxImportRows}}
		}
		out.rows = append(out.rows, sheetRow{num: num, cells: cells})
	}
	if err := it.Error(); err != nil {
		return nil, notXLSX("its first sheet could not be read")
	}
	switch {
	case out.header == nil && above == 0:
		return nil, missingHeadersError(required, "the first sheet is empty; it needs a header row with")
	case out.header == nil:
		return nil, missingHeadersError(missingHeaders(best, required),
			"the first sheet has no header row (within its first rows); it lacks")
	case len(out.rows) == 0:
		return nil, services.Errorf(services.KindInvalid, "no_rows",
			"the first sheet has a header row but no hazards below it")
	}
	return out, nil
}

// sniffXLSX refuses what is not a zip (an .xlsx is one) before excelize
// reads it, with a word on what it seems to be instead.
// checkZip refuses a workbook whose directory declares more parts or more
// unpacked bytes than a ledger needs, before anything is inflated.
func checkZip(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return notXLSX("it is not a readable zip archive")
	}
	if len(zr.File) > maxZipEntries {
		return notXLSX(fmt.Sprintf("it has %d parts; a workbook has far fewer", len(zr.File)))
	}
	var total uint64
	for _, f := range zr.File {
		if total += f.UncompressedSize64; total > maxUnzipped {
			return services.Errorf(services.KindTooLarge, "payload_too_large",
				"the workbook unpacks to more than %d MiB", maxUnzipped>>20)
		}
	}
	return nil
}

func sniffXLSX(data []byte) error {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if err := openDocument(data); err != nil { // formats.go
			return err
		}
		return checkZip(data)
	case len(data) == 0:
		return services.Invalid(services.FieldError{Field: "file", Message: "is empty"})
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return notXLSX("it is an old .xls workbook or a password-protected one: save it as an unprotected .xlsx")
	}
	ct := http.DetectContentType(data)
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return notXLSX("it looks like " + ct)
}

func notXLSX(why string) *services.Error {
	return services.Errorf(services.KindUnsupported, "not_xlsx", "the file is not an Excel .xlsx workbook: %s", why)
}

func missingHeadersError(missing []string, msg string) *services.Error {
	return &services.Error{Kind: services.KindInvalid, Code: "missing_headers",
		Message: msg + ": " + strings.Join(missing, ", "), Extra: map[string]any{"missing_headers": missing}}
}

// readHeader maps the ledger columns a row names to their positions, and
// lists the ones it names twice. Other cells are extra columns, ignored.
func readHeader(cells []string) (map[string]int, []string) {
	h := map[string]int{}
	var dups []string
	for i, c := range cells {
		col := headerName(c)
		if col == "" {
			continue
		}
		if _, seen := h[col]; seen {
			if !slices.Contains(dups, col) {
				dups = append(dups, col)
			}
			continue
		}
		h[col] = i
	}
	return h, dups
}

// headerName is the ledger column a header cell names, or "": spaces, a
// required mark (*, 必填) and full-width brackets do not matter.
func headerName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '*' || r == '＊' {
			return -1
		}
		return r
	}, cleanCell(s))
	for _, mark := range []string{"（必填）", "(必填)", "（选填）", "(选填)"} {
		s = strings.TrimSuffix(s, mark)
	}
	s = strings.ReplaceAll(s, "／", "/")
	if slices.Contains(ledgerColumns, s) {
		return s
	}
	return headerAliases[s]
}

func missingHeaders(h map[string]int, required []string) []string {
	var out []string
	for _, col := range required {
		if _, ok := h[col]; !ok {
			out = append(out, col)
		}
	}
	return out
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func mustDate(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
