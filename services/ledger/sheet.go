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
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/xuri/excelize/v2"
)

// The Excel side of the hazard ledger: companies keep their ledgers in
// Excel, and superiors ask for them in Excel. The export writes the standard
// ledger columns with Chinese headers and values, as a print-ready form
// (export.go); the import reads the same layout (matched by header text, in
// any order, below whatever title lines stand above the header) into
// ordinary creates, checked exactly as Create checks them, all or nothing. A
// row whose 编号 is in the ledger already is left as it is, so an export
// imports back without a change.

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
	// maxImportCols is the column budget of an import: the ledger has 20,
	// and a sheet with anything (a space will do) to the right of column
	// maxImportCols is refused at the first row that has it. excelize pads a
	// row up to its last non-empty cell, so one such cell in column XFD
	// costs 16,384 strings, and 100,000 rows of them (a 500 KiB file) took
	// over a minute to read.
	maxImportCols = 100
	// maxBlankRows is the row budget for rows that are present but empty (a
	// formatted, never filled range): past it the sheet is refused rather
	// than read on to its end.
	maxBlankRows = 5_000

	ledgerSheet   = "隐患台账"
	templateNotes = "填写说明"
)

// The ledger's columns, in the order of the standard ledger.
const (
	colSeq         = "序号"
	colCode        = "编号"
	colDescription = "隐患名称/描述"
	colLevel       = "隐患等级"
	colCategory    = "隐患类别"
	colSource      = "来源"
	colCompany     = "所属企业"
	colStreet      = "所属街道"
	colCommunity   = "社区"
	colAddress     = "地址"
	colFoundOn     = "发现日期"
	colMeasure     = "整改措施"
	colPerson      = "整改责任人"
	colDeadline    = "整改期限"
	colStatus      = "状态"
	colRectifiedOn = "整改完成时间"
	colNote        = "整改情况"
	colVerifier    = "验收人"
	colVerifiedOn  = "验收日期"
	colRemark      = "备注"
)

var (
	// importRequired are the columns an import cannot do without, in the
	// ledger's order. 所属企业 may be left out by a company: its rows are its
	// own.
	importRequired = []string{colDescription, colLevel, colCategory, colCompany, colStreet, colAddress, colFoundOn, colDeadline}
	// importIgnored are exported for the reader but not imported (编号 is
	// read: a row whose number is in the ledger already is left as it is).
	importIgnored = []string{colSeq, colSource, colStatus, colRectifiedOn, colNote, colVerifier, colVerifiedOn, colRemark}

	// headerAliases are other spellings of the headers seen in ledgers.
	headerAliases = map[string]string{
		"隐患名称": colDescription, "隐患描述": colDescription, "隐患内容": colDescription, "隐患名称及描述": colDescription,
		"隐患级别": colLevel, "隐患类型": colCategory, "企业名称": colCompany, "责任企业": colCompany,
		"所属单位": colCompany, "街道": colStreet, "所在街道": colStreet, "隐患地址": colAddress,
		"详细地址": colAddress, "排查日期": colFoundOn, "整改责任人姓名": colPerson, "责任人": colPerson,
		"整改时限": colDeadline, "整改完成期限": colDeadline, "隐患编号": colCode, "所属社区": colCommunity,
		"社区名称": colCommunity, "隐患来源": colSource, "整改完成日期": colRectifiedOn, "整改情况说明": colNote,
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

// ---------------------------------------------------------------- import

// RowProblem is one thing wrong with one cell (or row) of an import.
type RowProblem struct {
	Row     int    `json:"row"`    // the Excel row number
	Column  string `json:"column"` // the Chinese header; empty for the row as a whole
	Message string `json:"message"`
}

// hazardRow is one parsed data row: the create it becomes, with the company,
// street and community still as names, and its hazard number if it has one
// (a row of an exported ledger).
type hazardRow struct {
	Row                        int
	Code                       string
	Company, Street, Community string
	In                         CreateInput
}

// checkedRow is a row ready to write.
type checkedRow struct {
	hazardRow
	place accounts.Place
}

// UnchangedRow is a row of an import that is in the ledger already: its
// 编号 is a hazard's of the viewer's ledger (an exported ledger imported
// back). It is left as it is.
type UnchangedRow struct {
	Row  int    `json:"row"` // the Excel row number
	Code string `json:"code"`
}

// checkImport parses every row, resolves its company, street and community
// among the organisations the viewer sees, and holds it to the create's
// rules. A row whose 编号 is in the viewer's ledger already is not checked
// but set aside as unchanged. It returns the rows to create, every problem
// (ordered by row and column) and the unchanged rows.
func (s *Service) checkImport(ctx context.Context, v *policy.Viewer, sheet *importSheet) ([]checkedRow, []RowProblem, []UnchangedRow, error) {
	// Every organisation the viewer sees, read once: names resolve against
	// them and each row's place is checked without a query.
	places := accounts.NewPlaces(s.client)
	if err := places.Preload(ctx); err != nil {
		return nil, nil, nil, err
	}
	companies, streets, communities := importOrgs(places)
	known, err := s.knownCodes(ctx, sheet)
	if err != nil {
		return nil, nil, nil, err
	}
	unchanged := []UnchangedRow{}
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
		switch {
		case hr.Code == "":
		case known[hr.Code]:
			unchanged = append(unchanged, UnchangedRow{Row: sr.num, Code: hr.Code})
			continue
		case !codeRE.MatchString(hr.Code):
			add(colCode, "must be a hazard number such as YH-2026-000123, or empty for a new hazard")
		default:
			add(colCode, fmt.Sprintf("no hazard of your ledger is numbered %s: numbers are given by Hearth; leave it empty for a new hazard", hr.Code))
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
			if hr.Community != "" {
				if c, ok := communities[id][hr.Community]; ok {
					hr.In.CommunityID = &c
				} else {
					add(colCommunity, fmt.Sprintf("%s has no community named %s", hr.Street, hr.Community))
				}
			}
		}
		if err := services.Check(&hr.In); err != nil {
			var e *services.Error
			if !errors.As(err, &e) {
				return nil, nil, nil, err
			}
			for _, fe := range e.Fields {
				add(fieldColumns[fe.Field], fe.Message)
			}
		}
		// The create's own rules, all at once (a cell already at fault
		// keeps its first problem).
		place, bad, err := check(ctx, places, &hr.In, today)
		if err != nil {
			return nil, nil, nil, err
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
	return rows, problems, unchanged, nil
}

// fieldColumns names the ledger column of a create's field.
var fieldColumns = map[string]string{"company_id": colCompany, "street_id": colStreet, "community_id": colCommunity,
	"address": colAddress, "category": colCategory, "level": colLevel, "found_on": colFoundOn,
	"description": colDescription, "measure": colMeasure, "responsible_person": colPerson, "deadline": colDeadline}

// fieldsAsColumns speaks of columns where the create's messages name fields.
var fieldsAsColumns = strings.NewReplacer("found_on", colFoundOn, "company_id", colCompany, "street_id", colStreet,
	"community_id", colCommunity)

// importOrgs maps the names of the gas and heating companies and of the
// streets the viewer sees to their ids (a company sees only itself, a street
// office only its own street), and those of each street's communities.
func importOrgs(places *accounts.Places) (companies, streets map[string]uuid.UUID, communities map[uuid.UUID]map[string]uuid.UUID) {
	companies, streets, communities = map[string]uuid.UUID{}, map[string]uuid.UUID{}, map[uuid.UUID]map[string]uuid.UUID{}
	for _, o := range places.Known() {
		switch {
		case o.Kind == enum.OrgStreet:
			streets[o.Name] = o.ID
		case o.Kind.Company():
			companies[o.Name] = o.ID
		case o.Kind == enum.OrgCommunity && o.ParentID != nil:
			if communities[*o.ParentID] == nil {
				communities[*o.ParentID] = map[string]uuid.UUID{}
			}
			communities[*o.ParentID][o.Name] = o.ID
		}
	}
	return companies, streets, communities
}

// knownCodes is which of the hazard numbers in the 编号 column of sheet are
// in the viewer's ledger.
func (s *Service) knownCodes(ctx context.Context, sheet *importSheet) (map[string]bool, error) {
	known := map[string]bool{}
	i, ok := sheet.header[colCode]
	if !ok {
		return known, nil
	}
	var codes []string
	for _, r := range sheet.rows {
		if i < len(r.cells) {
			if c := importCode(r.cells[i]); codeRE.MatchString(c) {
				codes = append(codes, c)
			}
		}
	}
	for part := range slices.Chunk(codes, services.LookupRows) {
		found, err := s.client.Hazard.Query().Where(services.AnyOf(hazard.FieldCode, part)).Select(hazard.FieldCode).Strings(ctx)
		if err != nil {
			return nil, err
		}
		for _, c := range found {
			known[c] = true
		}
	}
	return known, nil
}

// importCode reads a hazard number as typed: spaces around it and case do
// not matter.
func importCode(s string) string { return strings.ToUpper(cleanCell(s)) }

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
	r.Code = importCode(cell(colCode))
	r.Company, r.Street, r.Community = cell(colCompany), cell(colStreet), cell(colCommunity)
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

// Layout is a form's columns as an import reads them: its headers, other
// spellings of them, the ones a sheet cannot do without, and what a row
// is (for messages: "hazards", "units").
type Layout struct {
	Columns  []string
	Aliases  map[string]string
	Required []string
	Rows     string
	// MaxRows caps the data rows (0: MaxImportRows). A layout whose rows
	// are written in bulk takes more (the alarm ledger's 20,000).
	MaxRows int
}

// Sheet is the first sheet of an upload as ReadSheet read it: its header
// (column → index), its non-blank data rows, and its date system.
type Sheet struct {
	Header   map[string]int
	Rows     []SheetRow
	Date1904 bool
}

// SheetRow is a data row: its Excel row number and its cells.
type SheetRow struct {
	Num   int
	Cells []string
}

// ReadSheet reads the first sheet of an upload in layout l with the
// ledger's checks and budgets: what is not an .xlsx (an .ods, an old .xls,
// a zip bomb) refused by name, the header found by its text below title
// lines, at most maxImportRows rows, maxImportCols columns and maxBlankRows
// empty rows. Another module's import reads through it.
func ReadSheet(data []byte, l Layout) (*Sheet, error) {
	is, err := readSheet(data, l)
	if err != nil {
		return nil, err
	}
	out := &Sheet{Header: is.header, Rows: make([]SheetRow, len(is.rows)), Date1904: is.date1904}
	for i, r := range is.rows {
		out.Rows[i] = SheetRow{Num: r.num, Cells: r.cells}
	}
	return out, nil
}

// MaxImportRows caps the data rows of one import (ReadSheet).
const MaxImportRows = maxImportRows

// ParseDate reads a date cell as an import does (parseLedgerDate).
func ParseDate(s string, date1904 bool) (string, bool) { return parseLedgerDate(s, date1904) }

// CleanCell trims a cell and drops what a database does not store.
func CleanCell(s string) string { return cleanCell(s) }

// ledgerLayout is the hazard ledger's layout; without needCompany, 所属企业
// is not required (a company's rows are its own).
func ledgerLayout(needCompany bool) Layout {
	required := importRequired
	if !needCompany {
		required = slices.DeleteFunc(slices.Clone(importRequired), func(c string) bool { return c == colCompany })
	}
	return Layout{Columns: ledgerColumns, Aliases: headerAliases, Required: required, Rows: "hazards"}
}

// readImportSheet opens an upload as a workbook and reads its first sheet
// in the ledger's layout.
func readImportSheet(data []byte, needCompany bool) (*importSheet, error) {
	return readSheet(data, ledgerLayout(needCompany))
}

// readSheet opens an upload as a workbook and reads its first sheet: the
// header row of l, found by its text among the first rows, then every
// non-blank row below it.
func readSheet(data []byte, l Layout) (*importSheet, error) {
	required := l.Required
	maxRows := l.MaxRows
	if maxRows <= 0 {
		maxRows = maxImportRows
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
	num, above, blanks := 0, 0, 0
	var best map[string]int // the row above that named the most columns
	for it.Next() {
		num++
		cells, err := it.Columns()
		if err != nil {
			return nil, notXLSX("its first sheet could not be read")
		}
		if len(cells) > maxImportCols {
			return nil, tooWide(num, len(cells))
		}
		if blankRow(cells) {
			if blanks++; blanks > maxBlankRows {
				return nil, &services.Error{Kind: services.KindInvalid, Code: "too_many_blank_rows",
					Message: fmt.Sprintf("the first sheet has more than %d empty rows (formatted but not filled, down to row %d at least): "+
						"delete the rows below the ledger and import again", maxBlankRows, num),
					Extra: map[string]any{"max_blank_rows": maxBlankRows, "row": num}}
			}
			continue
		}
		cells = slices.Clone(cells) // the iterator's slice is not ours to keep
		if out.header == nil {
			h, dups := readHeader(cells, l)
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
		if len(out.rows) == maxRows {
			return nil, &services.Error{Kind: services.KindInvalid, Code: "too_many_rows",
				Message: fmt.Sprintf("an import holds at most %d rows; split the file", maxRows),
				Extra:   map[string]any{"max_rows": maxRows}}
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
			"the first sheet has a header row but no %s below it", l.Rows)
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
func readHeader(cells []string, l Layout) (map[string]int, []string) {
	h := map[string]int{}
	var dups []string
	for i, c := range cells {
		col := headerName(c, l)
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
func headerName(s string, l Layout) string {
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
	if slices.Contains(l.Columns, s) {
		return s
	}
	return l.Aliases[s]
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

// tooWide refuses a sheet whose row num has something in column n, beyond
// the column budget, naming the cell so that it can be cleared.
func tooWide(num, n int) *services.Error {
	col, _ := excelize.ColumnNumberToName(n)
	last, _ := excelize.ColumnNumberToName(maxImportCols)
	cell := col + strconv.Itoa(num)
	return &services.Error{Kind: services.KindInvalid, Code: "too_many_columns",
		Message: fmt.Sprintf("cell %s holds something (a space counts) right of column %s, beyond the ledger's columns: "+
			"clear or delete the columns right of the ledger and import again", cell, last),
		Extra: map[string]any{"cell": cell, "max_columns": maxImportCols}}
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
