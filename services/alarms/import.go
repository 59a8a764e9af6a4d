package alarms

// The import of the 燃气报警器安装台账 layout (excel.go): each row names a
// premise of the viewer's gas company by its 燃气户号, else by its address
// (小区, 楼栋, 单元, 房号/商户 normalised into the address key), and, when
// its device columns are filled, one alarm of it keyed by its 编号. A
// premise the district has already, and a device it has already, are left
// as they are, so an export imports back without a change; a premise is
// never recorded twice. Rows are checked as CreatePremise and AddDevice
// check them (the same validation, keyOf, the places, checkDevice) with
// every problem named in Chinese by row and column; a dry run writes
// nothing. A real import reads and checks everything before its
// transaction, which then holds bulk inserts in chunks (premises with
// their current device's state, devices), one at a time under the
// premise's row lock, new devices of premises recorded before, and last
// every audit entry in one step of the district's chain (its head held
// only from there to the commit): every row or nothing.

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
	"github.com/hearthsafety/hearth/ent/alarmdevice"
	"github.com/hearthsafety/hearth/ent/premise"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/budget"
	"github.com/hearthsafety/hearth/services/ledger"
)

// RowProblem is one thing wrong with one cell of an import (the ledger's).
type RowProblem = ledger.RowProblem

// UnchangedRow is a row of an import whose premise, and device if it has
// one, are recorded already. It is left as it is.
type UnchangedRow struct {
	Row      int    `json:"row"` // the Excel row number
	Address  string `json:"address"`
	SerialNo string `json:"serial_no,omitempty"`
}

// ImportResult is what an import did, or (dry run) would do: the rows read,
// how many are valid, every problem by row and column, the rows recorded
// already, the premises created and the devices added.
type ImportResult struct {
	DryRun    bool
	Rows      int
	Valid     int
	Problems  []RowProblem
	Unchanged []UnchangedRow
	Premises  []uuid.UUID
	Devices   []uuid.UUID
}

// bulkRows caps the rows of one insert: a premise binds about 35 values;
// PostgreSQL takes 65,535 in a statement, SQLite 32,766.
const bulkRows = 500

// restaurantWords are what a 用户类型 cell may say of a restaurant: a
// commercial premise tagged 餐饮.
var restaurantWords = []string{"餐饮", "餐饮用户", "餐饮户", "餐饮商户"}

// importRow is a checked data row.
type importRow struct {
	num          int
	in           PremiseInput
	place        accounts.Place
	address, key string
	dev          *DeviceInput // nil: no new device on the row
	existing     *ent.Premise // the district's premise the row names
	first        int          // the row whose new premise this is
}

// Import reads the first sheet of an .xlsx upload in the 燃气报警器安装台账
// layout for the viewer's gas company. A dry run reports every row's
// problems and writes nothing; a real import writes every row or, if any
// row has a problem, none.
func (s *Service) Import(ctx context.Context, data []byte, dryRun bool) (*ImportResult, error) {
	v := policy.FromContext(ctx)
	if err := gasOnly(v); err != nil {
		return nil, err
	}
	sheet, err := ledger.ReadSheet(data, alarmLayout)
	if err != nil {
		return nil, err
	}
	today := s.Today(ctx)
	rows, problems, unchanged, err := s.checkImport(ctx, v, sheet, today)
	if err != nil {
		return nil, err
	}
	bad := map[int]bool{}
	for _, p := range problems {
		bad[p.Row] = true
	}
	res := &ImportResult{DryRun: dryRun, Rows: len(sheet.Rows), Valid: len(sheet.Rows) - len(bad), Problems: problems,
		Unchanged: unchanged, Premises: []uuid.UUID{}, Devices: []uuid.UUID{}}
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
	rp, err := s.planner(ctx, v.TenantID)
	if err != nil {
		return nil, err
	}
	plan := planImport(rows)
	actx, batch := audit.WithBatch(budget.With(ctx, budget.Import))
	err = services.InTx(actx, s.client, func(tx *ent.Tx) error {
		res.Premises, res.Devices = res.Premises[:0], res.Devices[:0]
		// New premises, their current device's state set as they are made.
		for part := range slices.Chunk(plan.premises, bulkRows) {
			creates := make([]*ent.PremiseCreate, len(part))
			for i, np := range part {
				r := np.row
				c := premiseCreate(tx, r.place, &r.in, r.address, r.key).SetID(np.id)
				if d := np.current; d != nil {
					c.SetDeviceID(d.id).SetDeviceReplaceOn(d.replaceOn).SetDeviceNetworked(d.in.Networked).
						SetDeviceShutoff(d.in.ShutoffLinked).SetDeviceStatus(enum.DeviceInstalled)
				}
				creates[i] = c
				res.Premises = append(res.Premises, np.id)
			}
			if err := tx.Premise.CreateBulk(creates...).Exec(actx); err != nil {
				return fmt.Errorf("import rows %d–%d: %w", part[0].row.num, part[len(part)-1].row.num, err)
			}
		}
		// Their devices, each current one's predecessors replaced by it.
		for part := range slices.Chunk(plan.devices, bulkRows) {
			creates := make([]*ent.AlarmDeviceCreate, len(part))
			for i, nd := range part {
				c, err := deviceCreate(tx, nd.premise, &nd.in)
				if err != nil {
					return err
				}
				c.SetID(nd.id)
				if nd.next != nil {
					c.SetStatus(enum.DeviceReplaced).SetSupersededByID(*nd.next)
				}
				creates[i] = c
				res.Devices = append(res.Devices, nd.id)
			}
			if err := tx.AlarmDevice.CreateBulk(creates...).Exec(actx); err != nil {
				return fmt.Errorf("import rows %d–%d: %w", part[0].row, part[len(part)-1].row, err)
			}
		}
		// A new restaurant without a valid alarm opens its hazard.
		for _, np := range plan.premises {
			r := np.row
			valid := np.current != nil && today <= np.current.replaceOn
			if !NeedsAlarm(r.in.UserType, r.in.Tags, enum.PremiseActive) || valid {
				continue
			}
			p, err := tx.Premise.Get(actx, np.id)
			if err != nil {
				return err
			}
			if _, err := s.syncHazard(actx, tx, rp, p, today, ""); err != nil {
				return fmt.Errorf("import row %d: %w", r.num, err)
			}
		}
		// New devices of premises recorded before: one at a time, each
		// under its premise's row lock, as AddDevice adds one.
		for _, r := range plan.later {
			p, err := lockPremise(actx, tx, r.existing.ID)
			if err != nil {
				return err
			}
			d, _, err := s.addDevice(actx, tx, rp, p, r.dev, today)
			if err != nil {
				return fmt.Errorf("import row %d: %w", r.num, err)
			}
			res.Devices = append(res.Devices, d.ID)
		}
		// The district's chain head last: held from here to the commit.
		return batch.Flush(actx, tx.Client())
	})
	if ent.IsConstraintError(err) {
		return nil, services.Errorf(services.KindConflict, "premise_exists",
			"导入期间有用户或报警器编号被登记，未导入任何数据，请重新导入 (a premise or serial was recorded meanwhile; nothing was imported)")
	}
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return res, nil
}

// newPremise is a premise an import creates, with its id, the row that
// names it first and its current device (nil: none).
type newPremise struct {
	id      uuid.UUID
	row     *importRow
	current *newDevice
}

// newDevice is a device an import adds to a new premise; next is the
// device of the file that replaces it (nil: it is the current one).
type newDevice struct {
	id        uuid.UUID
	row       int
	premise   *ent.Premise // what deviceCreate reads of it
	in        DeviceInput
	replaceOn string
	next      *uuid.UUID
}

// importPlan is what an import writes: new premises and their devices in
// bulk, then new devices of premises recorded before (later), in row order.
type importPlan struct {
	premises []newPremise
	devices  []newDevice
	later    []*importRow
}

// planImport gives the new records their ids (UUIDv7, in row order) and
// orders each new premise's devices by installation date: the latest is
// current, each earlier one replaced by the next.
func planImport(rows []importRow) importPlan {
	var plan importPlan
	index := map[int]int{} // first row → plans.premises index
	devs := map[int][]int{}
	for i := range rows {
		r := &rows[i]
		if r.existing == nil && r.first == r.num {
			index[r.num] = len(plan.premises)
			plan.premises = append(plan.premises, newPremise{id: newID(), row: r})
		}
	}
	for i := range rows {
		r := &rows[i]
		switch {
		case r.dev == nil:
		case r.existing != nil:
			plan.later = append(plan.later, r)
		default:
			np := &plan.premises[index[r.first]]
			p := &ent.Premise{ID: np.id, CompanyID: np.row.place.Company, StreetID: np.row.place.Street,
				UserType: np.row.in.UserType, GasKind: enum.GasNaturalGas}
			replace, _ := ReplaceOn(r.dev.InstalledOn, ServiceLife(p.UserType)) // checked already
			devs[r.first] = append(devs[r.first], len(plan.devices))
			plan.devices = append(plan.devices, newDevice{id: newID(), row: r.num, premise: p, in: *r.dev, replaceOn: replace})
		}
	}
	for first, ds := range devs {
		slices.SortStableFunc(ds, func(a, b int) int {
			return cmp.Compare(plan.devices[a].in.InstalledOn, plan.devices[b].in.InstalledOn)
		})
		for i := 0; i < len(ds)-1; i++ {
			next := plan.devices[ds[i+1]].id
			plan.devices[ds[i]].next = &next
		}
		plan.premises[index[first]].current = &plan.devices[ds[len(ds)-1]]
	}
	return plan
}

func newID() uuid.UUID { return uuid.Must(uuid.NewV7()) }

// checkImport parses and checks every row: the rows to write (a premise to
// create, a device to add, or both), every problem ordered by row and
// column, and the rows recorded already.
func (s *Service) checkImport(ctx context.Context, v *policy.Viewer, sheet *ledger.Sheet, today string) ([]importRow, []RowProblem, []UnchangedRow, error) {
	places := accounts.NewPlaces(s.client)
	if err := places.Preload(ctx); err != nil {
		return nil, nil, nil, err
	}
	streets, communities := map[string]uuid.UUID{}, map[uuid.UUID]map[string]uuid.UUID{}
	for _, o := range places.Known() {
		switch {
		case o.Kind == enum.OrgStreet:
			streets[o.Name] = o.ID
		case o.Kind == enum.OrgCommunity && o.ParentID != nil:
			if communities[*o.ParentID] == nil {
				communities[*o.ParentID] = map[string]uuid.UUID{}
			}
			communities[*o.ParentID][o.Name] = o.ID
		}
	}
	parsed := make([]parsedRow, 0, len(sheet.Rows))
	for _, sr := range sheet.Rows {
		p := parseRow(sheet.Header, sr.Cells, sheet.Date1904)
		p.num = sr.Num
		for _, f := range p.later {
			p.fail(f.Column, f.Message)
		}
		switch id := streets[p.street]; {
		case p.street == "":
		case id == uuid.Nil:
			p.fail(colStreet, fmt.Sprintf("本区没有名为“%s”的街道：填写街道的全称", p.street))
		default:
			p.in.StreetID = id
			if p.community != "" {
				if c, ok := communities[id][p.community]; ok {
					p.in.CommunityID = &c
				} else {
					p.fail(colCommunity, fmt.Sprintf("%s没有名为“%s”的社区", p.street, p.community))
				}
			}
		}
		if err := services.Check(&p.in); err != nil {
			if err := p.fieldErrors(err); err != nil {
				return nil, nil, nil, err
			}
		}
		if p.in.StreetID != uuid.Nil {
			pl, bad, err := places.Check(ctx, accounts.PlaceInput{StreetID: p.in.StreetID, CommunityID: p.in.CommunityID})
			if err != nil {
				return nil, nil, nil, err
			}
			p.place = pl
			p.fieldErrors(services.Invalid(bad...))
		}
		var kb []services.FieldError
		p.address, p.key, kb = keyOf(&p.in)
		for _, fe := range kb {
			if fe.Message == "must be at most 200 long" {
				p.fail(colEstate, "地址（小区、楼栋、单元、房号/商户合起来）最多 200 字")
			} else {
				p.fail(colEstate, "必填：填写小区（及楼栋、单元、房号/商户），或在本列填写完整地址")
			}
		}
		if p.dev != nil {
			if err := services.Check(p.dev); err != nil {
				if err := p.fieldErrors(err); err != nil {
					return nil, nil, nil, err
				}
			}
			db, err := s.checkDevice(ctx, p.dev, today)
			if err != nil {
				return nil, nil, nil, err
			}
			p.fieldErrors(services.Invalid(db...))
		}
		parsed = append(parsed, p)
	}
	known, err := s.knownKeys(ctx, v.TenantID, parsed)
	if err != nil {
		return nil, nil, nil, err
	}
	problems := []RowProblem{}
	unchanged := []UnchangedRow{}
	var rows []importRow
	// Premises new to the district, by the keys later rows may name them
	// by; serials of the file.
	firstByAccount, firstByKey := map[string]int{}, map[string]int{}
	firstOf := map[int]*parsedRow{}
	serialRow := map[string]int{}
	for i := range parsed {
		p := &parsed[i]
		row := importRow{num: p.num, in: p.in, place: p.place, address: p.address, key: p.key, dev: p.dev, first: p.num}
		account := deref(p.in.GasAccountNo)
		// The premise: the district's, by account, else by address.
		if account != "" {
			row.existing = known.byAccount[account]
		}
		if row.existing == nil && p.key != "" {
			if e := known.byKey[p.key]; e != nil {
				if account != "" && e.GasAccountNo != nil && *e.GasAccountNo != account {
					p.fail(colAccount, fmt.Sprintf("该地址已登记为用户「%s」，燃气户号为 %s，与本行的 %s 不同：核对户号或地址",
						e.Address, *e.GasAccountNo, account))
				} else {
					row.existing = e
				}
			}
		}
		if e := row.existing; e != nil && e.CompanyID != v.OrgID {
			col := colEstate
			if account != "" && deref(e.GasAccountNo) == account {
				col = colAccount
			}
			p.fail(col, fmt.Sprintf("已由其他燃气企业登记为用户「%s」，不能导入为本企业的用户", e.Address))
			row.existing = nil
		}
		// Else an earlier row of the file that creates it.
		if row.existing == nil && len(p.problems) == 0 {
			n, ok := 0, false
			if account != "" {
				n, ok = firstByAccount[account]
			}
			if !ok {
				if n, ok = firstByKey[p.key]; ok {
					if fa := deref(firstOf[n].in.GasAccountNo); account != "" && fa != "" && fa != account {
						p.fail(colAccount, fmt.Sprintf("与第 %d 行地址相同，燃气户号不同（%s、%s）：核对户号或地址", n, fa, account))
						ok = false
					}
				}
			}
			switch {
			case ok:
				row.first = n
				if first := firstOf[n]; first.in.UserType != p.in.UserType {
					p.fail(colUserType, fmt.Sprintf("与第 %d 行为同一户，用户类型不同：%s、%s", n,
						first.in.UserType.Label(), p.in.UserType.Label()))
				}
			case len(p.problems) == 0:
				if account != "" {
					firstByAccount[account] = p.num
				}
				firstByKey[p.key] = p.num
				firstOf[p.num] = p
			}
		}
		// The device: the district's, by serial, else new.
		if p.dev != nil {
			serial := p.dev.SerialNo
			switch d := known.bySerial[serial]; {
			case d != nil && row.existing != nil && d.PremiseID == row.existing.ID:
				row.dev = nil // recorded already
			case d != nil:
				p.fail(colSerial, fmt.Sprintf("报警器编号 %s 已登记在本区另一户，不能重复登记", serial))
			case serialRow[serial] != 0:
				p.fail(colSerial, fmt.Sprintf("与第 %d 行的报警器编号重复", serialRow[serial]))
			default:
				serialRow[serial] = p.num
			}
		}
		problems = append(problems, p.problems...)
		if len(p.problems) > 0 {
			continue
		}
		if row.existing != nil && row.dev == nil {
			unchanged = append(unchanged, UnchangedRow{Row: p.num, Address: row.existing.Address, SerialNo: p.serial})
			continue
		}
		if row.existing == nil && row.first != p.num && row.dev == nil {
			continue // names a premise an earlier row creates, and adds nothing
		}
		rows = append(rows, row)
	}
	order := map[string]int{}
	for i, col := range alarmColumns {
		order[col] = i + 1
	}
	slices.SortStableFunc(problems, func(x, y RowProblem) int {
		return cmp.Or(cmp.Compare(x.Row, y.Row), cmp.Compare(order[x.Column], order[y.Column]))
	})
	return rows, problems, unchanged, nil
}

// knownRecords are the district's premises and devices the rows name, by
// gas account number, address key and serial. The keys are the district's
// whoever serves the premise, so they are read as the system.
type knownRecords struct {
	byAccount, byKey map[string]*ent.Premise
	bySerial         map[string]*ent.AlarmDevice
}

func (s *Service) knownKeys(ctx context.Context, tenant uuid.UUID, rows []parsedRow) (knownRecords, error) {
	k := knownRecords{byAccount: map[string]*ent.Premise{}, byKey: map[string]*ent.Premise{}, bySerial: map[string]*ent.AlarmDevice{}}
	var accts, keys, serials []string
	for i := range rows {
		p := &rows[i]
		if a := deref(p.in.GasAccountNo); a != "" {
			accts = append(accts, a)
		}
		if p.key != "" {
			keys = append(keys, p.key)
		}
		if p.dev != nil && p.dev.SerialNo != "" {
			serials = append(serials, p.dev.SerialNo)
		}
	}
	sys := policy.System(ctx)
	fields := []string{premise.FieldID, premise.FieldCompanyID, premise.FieldGasAccountNo, premise.FieldAddressKey, premise.FieldAddress}
	for part := range slices.Chunk(sortedUniq(accts), services.LookupRows) {
		ps, err := s.client.Premise.Query().Where(premise.TenantID(tenant), services.AnyOf(premise.FieldGasAccountNo, part)).Select(fields...).All(sys)
		if err != nil {
			return k, err
		}
		for _, p := range ps {
			k.byAccount[*p.GasAccountNo] = p
		}
	}
	for part := range slices.Chunk(sortedUniq(keys), services.LookupRows) {
		ps, err := s.client.Premise.Query().Where(premise.TenantID(tenant), services.AnyOf(premise.FieldAddressKey, part)).Select(fields...).All(sys)
		if err != nil {
			return k, err
		}
		for _, p := range ps {
			k.byKey[p.AddressKey] = p
		}
	}
	for part := range slices.Chunk(sortedUniq(serials), services.LookupRows) {
		ds, err := s.client.AlarmDevice.Query().Where(alarmdevice.TenantID(tenant), services.AnyOf(alarmdevice.FieldSerialNo, part)).
			Select(alarmdevice.FieldID, alarmdevice.FieldSerialNo, alarmdevice.FieldPremiseID).All(sys)
		if err != nil {
			return k, err
		}
		for _, d := range ds {
			k.bySerial[d.SerialNo] = d
		}
	}
	return k, nil
}

func sortedUniq(ss []string) []string {
	slices.Sort(ss)
	return slices.Compact(ss)
}

// parsedRow is a data row read into a premise's and a device's inputs,
// with the street and community still names and the problems found so far.
type parsedRow struct {
	num               int
	street, community string
	in                PremiseInput
	place             accounts.Place
	address, key      string
	dev               *DeviceInput
	serial            string
	later             []RowProblem // a cell's problems, before the row's number is known
	problems          []RowProblem
	flagged           map[string]bool
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
			col = colEstate
		}
		p.fail(col, chinese(fe))
	}
	return nil
}

// fieldColumns names the layout column of an input's field.
var fieldColumns = map[string]string{
	"street_id": colStreet, "community_id": colCommunity, "user_type": colUserType, "tags": colUserType,
	"gas_account_no": colAccount, "estate": colEstate, "building": colBuilding, "unit": colUnit, "room": colRoom,
	"shop_name": colRoom, "address": colEstate, "note": colNote, "serial_no": colSerial, "model": colModel,
	"installed_on": colInstalled, "installer": colInstaller,
}

var maxLenRE = regexp.MustCompile(`^must be at most ([0-9]+) long$`)

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
	case m == "must be a community of that street":
		return "不是该街道的社区"
	case strings.HasPrefix(m, "must be a street"):
		return "不是本区的街道"
	case strings.HasPrefix(m, "must be one of"):
		return "不是可选的值"
	}
	return "不符合要求（" + fe.Message + "）"
}

// dateProblem says what a date cell takes.
var dateProblem = fmt.Sprintf("须为 %d 至 %d 年间的日期，如 2026-03-10（也可为 Excel 日期或 2026/03/10）", services.MinYear, services.MaxYear)

// sciRE is a number as a spreadsheet may keep a long one (1.2003E+11).
var sciRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?[eE]\+?[0-9]+$`)

// codeCell reads a cell that holds a number-like code (燃气户号, 编号): a
// number Excel kept in scientific notation is written out.
func codeCell(s string) string {
	if sciRE.MatchString(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f < 1e18 {
			return strconv.FormatFloat(f, 'f', -1, 64)
		}
	}
	return s
}

// parseRow reads one data row by the header's column positions, with the
// problems of its cells kept for later (their row is the caller's). Names
// stay names (resolved afterwards); lengths are left to the service's
// checks.
func parseRow(header map[string]int, cells []string, date1904 bool) parsedRow {
	var p parsedRow
	cell := func(col string) string {
		i, ok := header[col]
		if !ok || i < 0 || i >= len(cells) {
			return ""
		}
		return ledger.CleanCell(cells[i])
	}
	fail := func(col, msg string) { p.later = append(p.later, RowProblem{Column: col, Message: msg}) }
	flag := func(col string) bool {
		switch s := cell(col); s {
		case "", "否", "N", "n", "no", "No", "NO", "false", "FALSE", "0", "×", "无", "未联网", "未联动":
			return false
		case "是", "Y", "y", "yes", "Yes", "YES", "true", "TRUE", "1", "√", "有", "已联网", "已联动":
			return true
		default:
			fail(col, "“"+s+"”应填 是 或 否")
			return false
		}
	}
	p.street, p.community = cell(colStreet), cell(colCommunity)
	if p.street == "" {
		fail(colStreet, "必填：本区街道的名称")
	}
	types := strings.Join(labelsOf(enum.UserTypes()), "、") + "、餐饮"
	switch s := cell(colUserType); {
	case s == "":
		fail(colUserType, "必填，其一："+types)
	case slices.Contains(restaurantWords, s):
		p.in.UserType, p.in.Tags = enum.UserCommercial, []enum.PremiseTag{enum.TagRestaurant}
	default:
		ut, ok := enum.ParseUserType(s)
		if !ok {
			ut, ok = userTypeAliases[s]
		}
		if ok {
			p.in.UserType = ut
		} else {
			fail(colUserType, "“"+s+"”不是用户类型，其一："+types)
		}
	}
	if a := codeCell(cell(colAccount)); a != "" {
		p.in.GasAccountNo = &a
	}
	p.in.Estate, p.in.Building, p.in.Unit = cell(colEstate), cell(colBuilding), cell(colUnit)
	if p.in.UserType == enum.UserResident {
		p.in.Room = cell(colRoom)
	} else {
		p.in.ShopName = cell(colRoom)
	}
	p.in.Note = cell(colNote)
	// The device: any of its columns filled (是 in a flag column).
	p.serial = codeCell(cell(colSerial))
	networked, shutoff := flag(colNetworked), flag(colShutoff)
	if p.serial != "" || cell(colModel) != "" || cell(colInstalled) != "" || cell(colInstaller) != "" || networked || shutoff {
		d := &DeviceInput{SerialNo: p.serial, Model: cell(colModel), Installer: cell(colInstaller),
			Networked: networked, ShutoffLinked: shutoff}
		if p.serial == "" {
			fail(colSerial, "有报警器时必填：报警器的编号")
		}
		switch s := cell(colInstalled); {
		case s == "":
			fail(colInstalled, "有报警器时必填："+dateProblem)
		default:
			if day, ok := ledger.ParseDate(s, date1904); ok {
				d.InstalledOn = day
			} else {
				fail(colInstalled, "“"+s+"”不是有效日期："+dateProblem)
			}
		}
		p.dev = d
	}
	if s := cell(colReplace); s != "" {
		if _, ok := ledger.ParseDate(s, date1904); !ok {
			// Ignored, but a wrong date says the row may be misaligned.
			fail(colReplace, "“"+s+"”不是有效日期（本列导入时按安装日期推算，可留空）")
		}
	}
	return p
}

// userTypeAliases are the other words ledgers use for the user types.
var userTypeAliases = map[string]enum.UserType{
	"居民用户": enum.UserResident, "居民户": enum.UserResident, "民用": enum.UserResident, "住宅": enum.UserResident,
	"商业": enum.UserCommercial, "商业用户": enum.UserCommercial, "工商业": enum.UserCommercial, "非居民": enum.UserCommercial,
	"工商户用户": enum.UserCommercial, "商户": enum.UserCommercial, "工业": enum.UserIndustrial, "工业户": enum.UserIndustrial,
}
