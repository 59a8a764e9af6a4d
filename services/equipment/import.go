package equipment

// The import of the 特种设备台账 layout (excel.go): each row names a unit by
// its site (使用地点) and name or its 设备代码, and, when its inspection
// columns are filled, one inspection record of it. A unit the company's
// register has already, and a record its unit has already (same type, same
// date), are left as they are, so an export imports back without a change.
// Rows are checked as CreateEquipment and AddRecord check them (the same
// validation, checkUnit, checkRecord) with every problem named in Chinese
// by row and column; a dry run writes nothing; a real import writes every
// row in one transaction through the same paths (createOf, writeRecord, the
// reconciler), or nothing.

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/inspectionrecord"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/budget"
	"github.com/hearthsafety/hearth/services/ledger"
)

// RowProblem is one thing wrong with one cell of an import (the ledger's).
type RowProblem = ledger.RowProblem

// UnchangedRow is a row of an import whose unit, and record if it has one,
// are in the register already. It is left as it is.
type UnchangedRow struct {
	Row  int    `json:"row"` // the Excel row number
	Site string `json:"site"`
	Name string `json:"name"`
}

// ImportResult is what an import did, or (dry run) would do: the rows read,
// how many are valid, every problem by row and column, the rows already in
// the register, the units created and the records added.
type ImportResult struct {
	DryRun    bool
	Rows      int
	Valid     int
	Problems  []RowProblem
	Unchanged []UnchangedRow
	Units     []uuid.UUID
	Records   []uuid.UUID
}

// importRow is a checked data row.
type importRow struct {
	num  int
	site *ent.Site
	in   EquipmentInput
	rec  *RecordInput // nil: no record on the row
	// unit is the unit the row names: existing (in the register) or the
	// new one an earlier row of the file (or this one) creates.
	existing *ent.Equipment
	first    int // the row whose unit this is, for a new unit
}

// Import reads the first sheet of an .xlsx upload in the 特种设备台账 layout
// for the viewer's heating company. A dry run reports every row's problems
// and writes nothing; a real import writes every row or, if any row has a
// problem, none.
func (s *Service) Import(ctx context.Context, data []byte, dryRun bool) (*ImportResult, error) {
	v := policy.FromContext(ctx)
	if err := heatingOnly(v); err != nil {
		return nil, err
	}
	sheet, err := ledger.ReadSheet(data, registerLayout)
	if err != nil {
		return nil, err
	}
	r, err := s.reconciler(ctx, v.TenantID)
	if err != nil {
		return nil, err
	}
	rows, problems, unchanged, err := s.checkImport(ctx, r, sheet)
	if err != nil {
		return nil, err
	}
	bad := map[int]bool{}
	for _, p := range problems {
		bad[p.Row] = true
	}
	res := &ImportResult{DryRun: dryRun, Rows: len(sheet.Rows), Valid: len(sheet.Rows) - len(bad), Problems: problems,
		Unchanged: unchanged, Units: []uuid.UUID{}, Records: []uuid.UUID{}}
	if dryRun {
		return res, nil
	}
	if len(problems) > 0 {
		return nil, &services.Error{Kind: services.KindInvalid, Code: "import_failed",
			Message: fmt.Sprintf("%d 行（共 %d 行）有问题，未导入任何数据。%d of %d rows have problems; nothing was imported",
				len(bad), len(sheet.Rows), len(bad), len(sheet.Rows)),
			Extra: map[string]any{"rows": res.Rows, "valid": res.Valid, "problems": problems}}
	}
	if len(rows) == 0 {
		return res, nil
	}
	// The units' and records' audit entries are chained in one step at the
	// end, under the import's budget.
	actx, batch := audit.WithBatch(budget.With(ctx, budget.Import))
	err = services.InTx(actx, s.client, func(tx *ent.Tx) error {
		res.Units, res.Records = res.Units[:0], res.Records[:0]
		created := map[int]*ent.Equipment{} // by the row that creates it
		touched := map[uuid.UUID]*ent.Equipment{}
		var order []uuid.UUID
		touch := func(e *ent.Equipment) {
			if _, ok := touched[e.ID]; !ok {
				order = append(order, e.ID)
			}
			touched[e.ID] = e
		}
		for i := range rows {
			row := &rows[i]
			if row.existing != nil || row.first != row.num {
				continue
			}
			e, err := createOf(tx, row.site, &row.in).Save(actx)
			if err != nil {
				return fmt.Errorf("import row %d: %w", row.num, err)
			}
			created[row.num] = e
			res.Units = append(res.Units, e.ID)
			touch(e)
		}
		for i := range rows {
			row := &rows[i]
			if row.rec == nil {
				continue
			}
			var id uuid.UUID
			if row.existing != nil {
				id = row.existing.ID
			} else {
				id = created[row.first].ID
			}
			rec, e, err := s.writeRecord(actx, tx, r, id, row.rec)
			if err != nil {
				return fmt.Errorf("import row %d: %w", row.num, err)
			}
			res.Records = append(res.Records, rec.ID)
			touch(e)
		}
		eqs := make([]*ent.Equipment, len(order))
		for i, id := range order {
			eqs[i] = touched[id]
		}
		if err := r.run(actx, tx, eqs); err != nil {
			return err
		}
		// The district's chain head last: held from here to the commit.
		return batch.Flush(actx, tx.Client())
	})
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return res, nil
}

// checkImport parses and checks every row: the rows to write (a unit to
// create, a record to add, or both), every problem ordered by row and
// column, and the rows already in the register.
func (s *Service) checkImport(ctx context.Context, r *reconciler, sheet *ledger.Sheet) ([]importRow, []RowProblem, []UnchangedRow, error) {
	sites := map[string]*ent.Site{}
	all, err := s.client.Site.Query().All(ctx) // the company's own: the viewer's scope
	if err != nil {
		return nil, nil, nil, err
	}
	for _, st := range all {
		sites[st.Name] = st
	}
	problems := []RowProblem{}
	unchanged := []UnchangedRow{}
	var parsed []parsedRow
	for _, sr := range sheet.Rows {
		p, found := parseRow(sheet.Header, sr.Cells, sheet.Date1904)
		p.num = sr.Num
		for _, f := range found {
			p.fail(f.Column, f.Message)
		}
		if p.siteName != "" {
			if p.site = sites[p.siteName]; p.site == nil {
				p.fail(colSite, fmt.Sprintf("本企业没有名为“%s”的场站：填写已登记场站的名称（%s）", p.siteName, siteHint(all)))
			} else {
				p.in.SiteID = p.site.ID
			}
		}
		parsed = append(parsed, p)
	}
	existing, err := s.existingUnits(ctx, parsed)
	if err != nil {
		return nil, nil, nil, err
	}
	done, err := s.existingRecords(ctx, existing)
	if err != nil {
		return nil, nil, nil, err
	}
	today := r.today
	// Units new to the register, by the keys later rows may name them by.
	firstBy := map[string]int{}
	kindOf := map[int]enum.EquipmentKind{}
	pending := map[recordKey]bool{} // records added by earlier rows of new units: unit row, type, date
	var rows []importRow
	for i := range parsed {
		p := &parsed[i]
		row := importRow{num: p.num, site: p.site, in: p.in, rec: p.rec, first: p.num}
		if p.site != nil || p.in.EquipmentCode != "" {
			row.existing = existing.match(p)
		}
		kind := p.in.Kind
		switch {
		case row.existing != nil:
			kind = row.existing.Kind
		case p.site != nil:
			keys := unitKeys(p)
			for _, k := range keys {
				if n, ok := firstBy[k]; ok {
					row.first = n
					break
				}
			}
			if row.first != p.num {
				if kindOf[row.first] != "" && p.in.Kind != "" && kindOf[row.first] != p.in.Kind {
					p.fail(colKind, fmt.Sprintf("与第 %d 行的同一设备（%s）设备类别不同：%s、%s", row.first, p.in.Name,
						kindOf[row.first].Label(), p.in.Kind.Label()))
				}
				kind = kindOf[row.first]
			} else {
				for _, k := range keys {
					firstBy[k] = p.num
				}
				kindOf[p.num] = p.in.Kind
				// The create's own rules, as CreateEquipment holds them.
				if err := services.Check(&row.in); err != nil {
					if err := p.fieldErrors(err); err != nil {
						return nil, nil, nil, err
					}
				}
				ub, err := checkUnit(ctx, s.client, p.site, &row.in, today)
				if err != nil {
					return nil, nil, nil, err
				}
				p.fieldErrors(services.Invalid(ub...))
			}
		}
		if p.rec != nil {
			switch {
			case row.existing != nil && done[recordKey{row.existing.ID.String(), p.rec.Type, p.rec.PerformedOn}]:
				row.rec = nil // in the register already
			case row.existing == nil && pending[recordKey{strconv.Itoa(row.first), p.rec.Type, p.rec.PerformedOn}]:
				row.rec = nil // an earlier row of the file adds it
			default:
				if row.existing != nil && row.existing.Status == enum.EquipScrapped {
					p.fail(colType, "该设备已报废，不再添加检验记录")
				}
				if err := services.Check(p.rec); err != nil {
					if err := p.fieldErrors(err); err != nil {
						return nil, nil, nil, err
					}
				}
				if kind != "" {
					unit := &ent.Equipment{Kind: kind}
					p.fieldErrors(services.Invalid(r.checkRecord(unit, p.rec)...))
				}
				if row.existing == nil {
					pending[recordKey{strconv.Itoa(row.first), p.rec.Type, p.rec.PerformedOn}] = true
				} else {
					done[recordKey{row.existing.ID.String(), p.rec.Type, p.rec.PerformedOn}] = true
				}
			}
		}
		problems = append(problems, p.problems...)
		if len(p.problems) > 0 {
			continue
		}
		if row.existing != nil && row.rec == nil {
			unchanged = append(unchanged, UnchangedRow{Row: p.num, Site: p.siteName, Name: p.in.Name})
			continue
		}
		if row.existing == nil && row.first != p.num && row.rec == nil {
			continue // names a unit an earlier row creates, and adds nothing
		}
		rows = append(rows, row)
	}
	order := map[string]int{}
	for i, col := range registerLayout.Columns {
		order[col] = i + 1
	}
	slices.SortStableFunc(problems, func(x, y RowProblem) int {
		return cmp.Or(cmp.Compare(x.Row, y.Row), cmp.Compare(order[x.Column], order[y.Column]))
	})
	return rows, problems, unchanged, nil
}

// siteHint names a few of the company's sites for a message.
func siteHint(all []*ent.Site) string {
	if len(all) == 0 {
		return "本企业尚未登记场站，请先登记"
	}
	names := make([]string, 0, 3)
	for _, st := range all[:min(3, len(all))] {
		names = append(names, st.Name)
	}
	hint := "如 " + strings.Join(names, "、")
	if len(all) > 3 {
		hint += fmt.Sprintf(" 等 %d 处", len(all))
	}
	return hint
}

// unitKeys are the keys a row names its unit by: its site and name, and its
// 设备代码 if it has one.
func unitKeys(p *parsedRow) []string {
	keys := []string{"n\x00" + p.site.ID.String() + "\x00" + p.in.Name}
	if p.in.EquipmentCode != "" {
		keys = append(keys, "c\x00"+p.in.EquipmentCode)
	}
	return keys
}

// registerUnits are the company's units a file's rows name.
type registerUnits struct {
	byCode map[string]*ent.Equipment
	byName map[string]*ent.Equipment // site id, name
}

// match is the unit of the register a row names: the same 设备代码, or the
// same site and name.
func (u registerUnits) match(p *parsedRow) *ent.Equipment {
	if p.in.EquipmentCode != "" {
		if e := u.byCode[p.in.EquipmentCode]; e != nil {
			return e
		}
	}
	if p.site != nil && p.in.Name != "" {
		return u.byName[p.site.ID.String()+"\x00"+p.in.Name]
	}
	return nil
}

// existingUnits reads the units of the register the rows name, by code and
// by site and name.
func (s *Service) existingUnits(ctx context.Context, rows []parsedRow) (registerUnits, error) {
	u := registerUnits{byCode: map[string]*ent.Equipment{}, byName: map[string]*ent.Equipment{}}
	var codes, names []string
	var siteIDs []uuid.UUID
	for i := range rows {
		p := &rows[i]
		if p.in.EquipmentCode != "" {
			codes = append(codes, p.in.EquipmentCode)
		}
		if p.site != nil && p.in.Name != "" {
			names = append(names, p.in.Name)
			siteIDs = append(siteIDs, p.site.ID)
		}
	}
	slices.Sort(codes)
	for part := range slices.Chunk(slices.Compact(codes), services.LookupRows) {
		es, err := s.client.Equipment.Query().Where(services.AnyOf(equipment.FieldEquipmentCode, part)).All(ctx)
		if err != nil {
			return u, err
		}
		for _, e := range es {
			u.byCode[e.EquipmentCode] = e
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	slices.SortFunc(siteIDs, func(a, b uuid.UUID) int { return strings.Compare(a.String(), b.String()) })
	siteIDs = slices.Compact(siteIDs)
	for part := range slices.Chunk(names, services.LookupRows) {
		es, err := s.client.Equipment.Query().Where(equipment.SiteIDIn(siteIDs...), services.AnyOf(equipment.FieldName, part)).All(ctx)
		if err != nil {
			return u, err
		}
		for _, e := range es {
			u.byName[e.SiteID.String()+"\x00"+e.Name] = e
		}
	}
	return u, nil
}

// recordKey is a record as the import compares them: its unit (an id, or
// the row that creates it), type and date.
type recordKey struct {
	unit string
	t    enum.InspectionType
	on   string
}

// existingRecords is which records the units have: unit, type, date.
func (s *Service) existingRecords(ctx context.Context, u registerUnits) (map[recordKey]bool, error) {
	seen := map[uuid.UUID]bool{}
	var ids []uuid.UUID
	for _, m := range []map[string]*ent.Equipment{u.byCode, u.byName} {
		for _, e := range m {
			if !seen[e.ID] {
				seen[e.ID] = true
				ids = append(ids, e.ID)
			}
		}
	}
	done := map[recordKey]bool{}
	for part := range chunks(ids, 500) {
		recs, err := s.client.InspectionRecord.Query().Where(inspectionrecord.EquipmentIDIn(part...)).
			Select(inspectionrecord.FieldEquipmentID, inspectionrecord.FieldType, inspectionrecord.FieldPerformedOn).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			done[recordKey{r.EquipmentID.String(), r.Type, r.PerformedOn}] = true
		}
	}
	return done, nil
}

// parsedRow is a data row read into a unit's and a record's inputs, with
// the site still a name and the problems found so far.
type parsedRow struct {
	num      int
	siteName string
	site     *ent.Site
	in       EquipmentInput
	rec      *RecordInput
	problems []RowProblem
	flagged  map[string]bool
}

// fail adds a problem in column col; one a cell is enough: the first says
// what to fix.
func (p *parsedRow) fail(col, msg string) {
	if p.flagged == nil {
		p.flagged = map[string]bool{}
	}
	if p.flagged[col] {
		return
	}
	p.flagged[col] = true
	p.problems = append(p.problems, RowProblem{Row: p.num, Column: col, Message: fmt.Sprintf("第 %d 行“%s”：%s", p.num, col, msg)})
}

// fieldErrors adds the field errors of a service's refusal as problems of
// their columns, in Chinese; another error is answered.
func (p *parsedRow) fieldErrors(err error) error {
	if err == nil {
		return nil
	}
	var e *services.Error
	if !errors.As(err, &e) {
		return err
	}
	for _, fe := range e.Fields {
		col := fieldColumns[fe.Field]
		if col == "" {
			col = colName
		}
		p.fail(col, chinese(fe))
	}
	return nil
}

// fieldColumns names the layout column of an input's field.
var fieldColumns = map[string]string{
	"kind": colKind, "name": colName, "equipment_code": colCode, "registration_no": colRegNo, "serial_no": colSerial,
	"model": colModel, "commissioned_on": colCommissioned, "status": colStatus, "site_id": colSite, "parent_id": colName,
	"type": colType, "performed_on": colPerformed, "agency": colAgency, "report_no": colReport,
	"conclusion": colConclusion, "safety_grade": colGrade, "next_due_on": colNextDue, "main_issues": colIssues,
}

var (
	maxLenRE = regexp.MustCompile(`^must be at most ([0-9]+) long$`)
	owesRE   = regexp.MustCompile(`^is not an inspection a (.+) owes$`)
)

// chinese says a service's field error in Chinese, as a row problem does.
func chinese(fe services.FieldError) string {
	switch m := fe.Message; {
	case m == "is required":
		return "必填"
	case maxLenRE.MatchString(m):
		return "最多 " + maxLenRE.FindStringSubmatch(m)[1] + " 个字"
	case m == services.DateMessage:
		return dateProblem
	case m == "cannot be in the future":
		return "不能晚于今天"
	case m == "must be after performed_on":
		return "须晚于检验日期"
	case strings.HasPrefix(m, "is required when the conclusion is fail"):
		return "检验结论为不合格时必填：写明发现的主要问题（在表中加一列“主要问题”）"
	case owesRE.MatchString(m):
		kind := owesRE.FindStringSubmatch(m)[1]
		return kind + "不做此类检验"
	case strings.HasPrefix(m, "must be one of"):
		return "不是可选的值"
	}
	return "不符合要求（" + fe.Message + "）"
}

// dateProblem says what a date cell takes.
var dateProblem = fmt.Sprintf("须为 %d 至 %d 年间的日期，如 2026-03-10（也可为 Excel 日期或 2026/03/10）", services.MinYear, services.MaxYear)

// parseRow reads one data row by the header's column positions, with the
// problems of its cells (their Row left for the caller). Names stay names
// (the site is resolved afterwards); lengths and the record's rules are
// left to the service's checks.
func parseRow(header map[string]int, cells []string, date1904 bool) (parsedRow, []RowProblem) {
	var p parsedRow
	cell := func(col string) string {
		i, ok := header[col]
		if !ok || i < 0 || i >= len(cells) {
			return ""
		}
		return ledger.CleanCell(cells[i])
	}
	var later []RowProblem
	fail := func(col, msg string) { later = append(later, RowProblem{Column: col, Message: msg}) }
	date := func(col string) *string {
		s := cell(col)
		if s == "" {
			return nil
		}
		d, ok := ledger.ParseDate(s, date1904)
		if !ok {
			fail(col, "“"+s+"”不是有效日期："+dateProblem)
			return nil
		}
		return &d
	}
	p.in.Special = true // the 特种设备台账's units
	switch s := cell(colKind); {
	case s == "":
		fail(colKind, "必填，其一："+strings.Join(labelsOf(enum.EquipmentKinds()), "、"))
	default:
		if k, ok := parseEnum(s, enum.ParseEquipmentKind, kindAliases); ok {
			p.in.Kind = k
		} else {
			fail(colKind, "“"+s+"”不是设备类别，其一："+strings.Join(labelsOf(enum.EquipmentKinds()), "、"))
		}
	}
	p.in.Name = cell(colName)
	if p.in.Name == "" {
		fail(colName, "必填")
	}
	p.in.EquipmentCode, p.in.RegistrationNo = cell(colCode), cell(colRegNo)
	p.in.Model, p.in.SerialNo = cell(colModel), cell(colSerial)
	if p.siteName = cell(colSite); p.siteName == "" {
		fail(colSite, "必填：本企业已登记场站的名称")
	}
	p.in.CommissionedOn = date(colCommissioned)
	if s := cell(colStatus); s != "" {
		if st, ok := parseEnum(s, enum.ParseEquipmentStatus, statusAliases); ok {
			p.in.Status = &st
		} else {
			fail(colStatus, "“"+s+"”不是设备状态，其一："+strings.Join(labelsOf(enum.EquipmentStatuses()), "、"))
		}
	}
	// The record: any of its own columns filled. 检验类别 and 下次检验日期
	// alone are an exported clock without a record.
	var t enum.InspectionType
	if s := cell(colType); s != "" {
		var ok bool
		if t, ok = parseEnum(s, enum.ParseInspectionType, typeAliases); !ok {
			fail(colType, "“"+s+"”不是检验类别，其一："+strings.Join(labelsOf(enum.InspectionTypes()), "、"))
		}
	}
	if cell(colPerformed) != "" || cell(colAgency) != "" || cell(colReport) != "" || cell(colConclusion) != "" ||
		cell(colGrade) != "" || cell(colIssues) != "" {
		rec := &RecordInput{Type: t, Agency: cell(colAgency), ReportNo: cell(colReport), MainIssues: cell(colIssues)}
		if cell(colType) == "" {
			fail(colType, "有检验记录时必填，其一："+strings.Join(labelsOf(enum.InspectionTypes()), "、"))
		}
		if cell(colPerformed) == "" {
			fail(colPerformed, "有检验记录时必填："+dateProblem)
		} else if d := date(colPerformed); d != nil {
			rec.PerformedOn = *d
		}
		switch s := cell(colConclusion); {
		case s == "":
			fail(colConclusion, "有检验记录时必填，其一："+strings.Join(labelsOf(enum.InspectionConclusions()), "、"))
		default:
			if c, ok := parseEnum(s, enum.ParseInspectionConclusion, conclusionAliases); ok {
				rec.Conclusion = c
			} else {
				fail(colConclusion, "“"+s+"”不是检验结论，其一："+strings.Join(labelsOf(enum.InspectionConclusions()), "、"))
			}
		}
		if s := cell(colGrade); s != "" {
			if g, ok := parseGrade(s); ok {
				rec.SafetyGrade = &g
			} else {
				fail(colGrade, "“"+s+"”不是安全状况等级：填 1 至 5")
			}
		}
		rec.NextDueOn = date(colNextDue)
		p.rec = rec
	} else if s := cell(colNextDue); s != "" {
		date(colNextDue) // checked, not kept: the clock's own date
	}
	return p, later
}

// The other words ledgers use for the labels.
var (
	kindAliases = map[string]string{"锅炉": "boiler", "燃气锅炉": "boiler", "热水锅炉": "boiler", "蒸汽锅炉": "boiler",
		"容器": "pressure_vessel", "换热器": "plate_exchanger", "压力表（检定）": "pressure_gauge",
		"燃气报警器": "gas_detector", "可燃气体报警器": "gas_detector", "切断阀": "shutoff_valve"}
	typeAliases = map[string]string{"外检": "external_inspection", "内检": "internal_inspection",
		"水压试验": "hydro_test", "耐压试验": "hydro_test", "全面检验": "periodic_inspection",
		"年度检验": "annual_check", "年检": "annual_check", "校验": "valve_calibration", "检定": "gauge_verification",
		"标定": "detector_calibration"}
	conclusionAliases = map[string]string{"符合要求": "pass", "允许使用": "pass", "基本符合": "conditional",
		"不符合要求": "fail", "不允许使用": "fail"}
	statusAliases = map[string]string{"使用中": "in_service", "停用": "sealed", "封存": "sealed", "维修": "under_repair",
		"检修": "under_repair", "已报废": "scrapped"}
)

// parseEnum reads a label or code, then another word for one.
func parseEnum[T ~string](s string, parse func(string) (T, bool), aliases map[string]string) (T, bool) {
	if v, ok := parse(s); ok {
		return v, true
	}
	if v, ok := parse(strings.ToLower(s)); ok {
		return v, true
	}
	if a, ok := aliases[s]; ok {
		return parse(a)
	}
	return "", false
}

// parseGrade reads 2, 2.0, 2级, 二级.
func parseGrade(s string) (int, bool) {
	s = strings.TrimSuffix(strings.TrimSpace(s), "级")
	if i := strings.IndexRune("一二三四五", []rune(s + " ")[0]); i >= 0 && len([]rune(s)) == 1 {
		return i/len("一") + 1, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != float64(int(f)) || f < 1 || f > 5 {
		return 0, false
	}
	return int(f), true
}
