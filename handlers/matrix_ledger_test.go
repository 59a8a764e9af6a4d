package handlers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/attachment"
	"github.com/hearthsafety/hearth/ent/extension"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/hazardevent"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
)

// ---------------------------------------------------------------- the hazard ledger
//
// The authorization matrix's rows for the ledger module (services/ledger):
// hazards (list, get, history, create, edit, start, submit, verify, reject),
// extension requests and their decisions, evidence (attachments), the ledger
// summary, and the Excel export, template and import. PERMISSIONS.md rows
// "hazards", "extensions" and "ledger summary". The harness (columns, demo,
// cell runner) is in matrix_test.go.
//
// Hazard rows name a target (hazardTargets), recorded through the API on
// first use and brought to the row's state; a cell that must change its
// hazard gets a target of its own. Lists, summaries and exports are checked
// against every hazard in the database, read under System: exactly those the
// login reaches.

// hazardTargets are the hazards the matrix reaches. Each is recorded through
// the API by its company's login when a row first names it, and brought to
// the row's state the same way (hazardSteps): the gas columns' own company's
// (津燃华润) and another company's (天津市南开燃气服务有限公司), each in SO's
// street (广开街) and in another (兴南街); one of another district; and the
// heating company's (南开区供热服务中心: a heating-network defect) in 广开街,
// RA's and RS's own. To RA and RS every gas company's hazard is another
// company's, as theirs is to CA and CS.
var hazardTargets = map[string]struct {
	owner, street string
	category      enum.HazardCategory // "": a leak
}{
	"hz.gas1":          {owner: "nankai/gas1.clerk", street: "广开街"},
	"hz.gas1.xingnan":  {owner: "nankai/gas1.clerk", street: "兴南街"},
	"hz.gas2.guangkai": {owner: "nankai/gas2.clerk", street: "广开街"},
	"hz.gas2":          {owner: "nankai/gas2.clerk", street: "兴南街"},
	"hexi.hz":          {owner: "hexi/gas1.clerk", street: "友谊路街"},
	"hz.heat1":         {owner: "nankai/heat1.engineer", street: "广开街", category: enum.CategoryHeatingNetworkDefect},
}

// hazardTargetOrder is the order of the cells onHazards takes.
var hazardTargetOrder = []string{"hz.gas1", "hz.gas1.xingnan", "hz.gas2.guangkai", "hz.gas2", "hexi.hz", "hz.heat1"}

// Expected statuses on the hazard targets, one line per target in
// hazardTargetOrder, by what the route does (PERMISSIONS.md, hazards rows).
//
//	columns: BA bureau_admin, BI bureau_inspector, CA company_admin, CS company_staff (gas, 津燃华润),
//	         SO street_officer, OP platform operator, HA hexi bureau_admin, HK hexi company_staff,
//	         RA company_admin, RS company_staff (heating, 南开区供热服务中心)
var (
	// list, get, history, export: the bureau all of its district, a company
	// its own, a street office what lies in its street.
	readCells = []cells{
		{200, 200, 200, 200, 200, 403, 404, 404, 404, 404}, // 津燃华润 in 广开街
		{200, 200, 200, 200, 404, 403, 404, 404, 404, 404}, // 津燃华润 in 兴南街
		{200, 200, 404, 404, 200, 403, 404, 404, 404, 404}, // another company in 广开街
		{200, 200, 404, 404, 404, 403, 404, 404, 404, 404}, // another company in 兴南街
		{404, 404, 404, 404, 404, 403, 200, 200, 404, 404}, // 河西区
		{200, 200, 404, 404, 200, 403, 404, 404, 200, 200}, // the heating company in 广开街
	}
	// edit fields: the bureau and the owning company; never a street office.
	editCells = []cells{
		{200, 200, 200, 200, 403, 403, 404, 404, 404, 404},
		{200, 200, 200, 200, 403, 403, 404, 404, 404, 404},
		{200, 200, 404, 404, 403, 403, 404, 404, 404, 404},
		{200, 200, 404, 404, 403, 403, 404, 404, 404, 404},
		{404, 404, 404, 404, 403, 403, 200, 200, 404, 404},
		{200, 200, 404, 404, 403, 403, 404, 404, 200, 200},
	}
	// start, submit: the owning company only.
	rectifyCells = []cells{
		{403, 403, 200, 200, 403, 403, 403, 404, 404, 404},
		{403, 403, 200, 200, 403, 403, 403, 404, 404, 404},
		{403, 403, 404, 404, 403, 403, 403, 404, 404, 404},
		{403, 403, 404, 404, 403, 403, 403, 404, 404, 404},
		{403, 403, 404, 404, 403, 403, 403, 200, 404, 404},
		{403, 403, 404, 404, 403, 403, 403, 404, 200, 200},
	}
	// request an extension: the owning company only.
	requestCells = []cells{
		{403, 403, 201, 201, 403, 403, 403, 404, 404, 404},
		{403, 403, 201, 201, 403, 403, 403, 404, 404, 404},
		{403, 403, 404, 404, 403, 403, 403, 404, 404, 404},
		{403, 403, 404, 404, 403, 403, 403, 404, 404, 404},
		{403, 403, 404, 404, 403, 403, 403, 201, 404, 404},
		{403, 403, 404, 404, 403, 403, 403, 404, 201, 201},
	}
	// verify, reject: the bureau, and the street office on its own ground.
	verdictCells = []cells{
		{200, 200, 403, 403, 200, 403, 404, 403, 403, 403},
		{200, 200, 403, 403, 404, 403, 404, 403, 403, 403},
		{200, 200, 403, 403, 200, 403, 404, 403, 403, 403},
		{200, 200, 403, 403, 404, 403, 404, 403, 403, 403},
		{404, 404, 403, 403, 404, 403, 200, 403, 403, 403},
		{200, 200, 403, 403, 200, 403, 404, 403, 403, 403},
	}
	// approve, refuse an extension: the bureau only.
	decisionCells = []cells{
		{200, 200, 403, 403, 403, 403, 404, 403, 403, 403},
		{200, 200, 403, 403, 403, 403, 404, 403, 403, 403},
		{200, 200, 403, 403, 403, 403, 404, 403, 403, 403},
		{200, 200, 403, 403, 403, 403, 404, 403, 403, 403},
		{404, 404, 403, 403, 403, 403, 200, 403, 403, 403},
		{200, 200, 403, 403, 403, 403, 404, 403, 403, 403},
	}
	// attach evidence: whoever reads the hazard.
	attachCells = []cells{
		{201, 201, 201, 201, 201, 403, 404, 404, 404, 404},
		{201, 201, 201, 201, 404, 403, 404, 404, 404, 404},
		{201, 201, 404, 404, 201, 403, 404, 404, 404, 404},
		{201, 201, 404, 404, 404, 403, 404, 404, 404, 404},
		{404, 404, 404, 404, 404, 403, 201, 201, 404, 404},
		{201, 201, 404, 404, 201, 403, 404, 404, 201, 201},
	}
)

// ledgerSees is which targets each login finds in the ledger.
var ledgerSees = map[int]string{
	BA: "hz.gas1 hz.gas1.xingnan hz.gas2.guangkai hz.gas2 hz.heat1",
	BI: "hz.gas1 hz.gas1.xingnan hz.gas2.guangkai hz.gas2 hz.heat1",
	CA: "hz.gas1 hz.gas1.xingnan", // its own company's, in any street
	CS: "hz.gas1 hz.gas1.xingnan",
	SO: "hz.gas1 hz.gas2.guangkai hz.heat1", // any company's, gas or heating, in its own street
	HA: "hexi.hz",                           // nothing of 南开
	HK: "hexi.hz",
	RA: "hz.heat1", // its own company's: no gas company's
	RS: "hz.heat1",
}

// bothPlaces: a create naming a company and a street the login cannot reach
// (another district's, or 南开's for a login of 河西) is wrong twice.
const bothPlaces = "company_id street_id"

// hazardRows are the matrix's rows for the hazard ledger: every route, on
// every hazard target where it takes one.
var hazardRows = slices.Concat(
	// The ledger in scope: lists, summaries and the export hold exactly the
	// hazards each login reaches.
	[]row{
		{route: "GET /api/v1/hazards", query: "limit=200", want: cells{200, 200, 200, 200, 200, 403, 200, 200, 200, 200}, check: ledgerList},
		{route: "GET /api/v1/ledger/summary", query: "group_by=company", want: cells{200, 200, 200, 200, 200, 403, 200, 200, 200, 200}, check: ledgerSummary},
		{route: "GET /api/v1/ledger/summary", query: "group_by=street", want: cells{200, 200, 200, 200, 200, 403, 200, 200, 200, 200}, check: ledgerSummary},
		{route: "GET /api/v1/ledger/summary.xlsx", query: "group_by=company", want: cells{200, 200, 200, 200, 200, 403, 200, 200, 200, 200}, check: ledgerSummaryWorkbook},
		{route: "GET /api/v1/ledger/summary.xlsx", query: "group_by=street", want: cells{200, 200, 200, 200, 200, 403, 200, 200, 200, 200}, check: ledgerSummaryWorkbook},
		{route: "GET /api/v1/hazards/export.xlsx", want: cells{200, 200, 200, 200, 200, 403, 200, 200, 200, 200}, check: ledgerExport},
		{route: "GET /api/v1/extensions", query: "limit=200", state: "extension", want: cells{200, 200, 200, 200, 200, 403, 200, 200, 200, 200}, check: extensionQueue},
	},

	// Recording: the bureau any company's hazard in its district; a company
	// its own, in any street; a street office any company's, in its street.
	[]row{
		{route: "POST /api/v1/hazards", what: "津燃华润 in 广开街", body: reportBody("gas1", "guangkai"),
			want:  cells{201, 201, 201, 201, 201, 403, 422, 422, 422, 422},
			field: map[int]string{HA: bothPlaces, HK: bothPlaces, RA: "company_id", RS: "company_id"}, check: recorded},
		{route: "POST /api/v1/hazards", what: "津燃华润 in 兴南街", body: reportBody("gas1", "xingnan"),
			want:  cells{201, 201, 201, 201, 422, 403, 422, 422, 422, 422},
			field: map[int]string{SO: "street_id", HA: bothPlaces, HK: bothPlaces, RA: "company_id", RS: "company_id"}, check: recorded},
		{route: "POST /api/v1/hazards", what: "another company in 广开街", body: reportBody("gas2", "guangkai"),
			want: cells{201, 201, 422, 422, 201, 403, 422, 422, 422, 422},
			field: map[int]string{CA: "company_id", CS: "company_id", HA: bothPlaces, HK: bothPlaces,
				RA: "company_id", RS: "company_id"}, check: recorded},
		{route: "POST /api/v1/hazards", what: "another company in 兴南街", body: reportBody("gas2", "xingnan"),
			want: cells{201, 201, 422, 422, 422, 403, 422, 422, 422, 422},
			field: map[int]string{CA: "company_id", CS: "company_id", SO: "street_id", HA: bothPlaces, HK: bothPlaces,
				RA: "company_id", RS: "company_id"}, check: recorded},
		{route: "POST /api/v1/hazards", what: "南开区供热服务中心 in 广开街", body: reportBody("heat1", "guangkai"),
			want:  cells{201, 201, 422, 422, 201, 403, 422, 422, 201, 201},
			field: map[int]string{CA: "company_id", CS: "company_id", HA: bothPlaces, HK: bothPlaces}, check: recorded},
		{route: "POST /api/v1/hazards", what: "南开区供热服务中心 in 兴南街", body: reportBody("heat1", "xingnan"),
			want:  cells{201, 201, 422, 422, 422, 403, 422, 422, 201, 201},
			field: map[int]string{CA: "company_id", CS: "company_id", SO: "street_id", HA: bothPlaces, HK: bothPlaces}, check: recorded},
		{route: "POST /api/v1/hazards", what: "河西燃气 in 友谊路街", body: reportBody("hexi.gas", "hexi.street"),
			want: cells{422, 422, 422, 422, 422, 403, 201, 201, 422, 422},
			field: map[int]string{BA: bothPlaces, BI: bothPlaces, CA: bothPlaces, CS: bothPlaces, SO: bothPlaces,
				RA: bothPlaces, RS: bothPlaces}, check: recorded},
		{route: "POST /api/v1/hazards", what: "no company, in 广开街", body: reportBody("", "guangkai"),
			want:  cells{422, 422, 201, 201, 422, 403, 422, 422, 201, 201},
			field: map[int]string{BA: "company_id", BI: "company_id", SO: "company_id", HA: bothPlaces, HK: "street_id"}, check: recorded},
		{route: "GET /api/v1/hazards/import/template", want: cells{200, 200, 200, 200, 200, 403, 200, 200, 200, 200}, check: isWorkbook},
		{route: "POST /api/v1/hazards/import", query: "dry_run=true", what: "津燃华润 in 广开街",
			form: ledgerWorkbook("gas1", "guangkai"), want: cells{200, 200, 200, 200, 200, 403, 200, 200, 200, 200},
			check: dryRunImport(BA, BI, CA, CS, SO)},
		{route: "POST /api/v1/hazards/import", query: "dry_run=true", what: "another company in 兴南街",
			form: ledgerWorkbook("gas2", "xingnan"), want: cells{200, 200, 200, 200, 200, 403, 200, 200, 200, 200},
			check: dryRunImport(BA, BI)},
		{route: "POST /api/v1/hazards/import", query: "dry_run=true", what: "南开区供热服务中心 in 广开街",
			form: ledgerWorkbook("heat1", "guangkai"), want: cells{200, 200, 200, 200, 200, 403, 200, 200, 200, 200},
			check: dryRunImport(BA, BI, SO, RA, RS)},
	},

	onHazards(row{route: "GET /api/v1/hazards/:id"}, readCells...),
	onHazards(row{route: "GET /api/v1/hazards/:id/history", state: "rectified", check: historyOfTarget}, readCells...),

	onHazards(row{route: "PATCH /api/v1/hazards/:id", body: obj{"measure": "矩阵整改措施", "responsible_person": "矩阵"}}, editCells...),
	[]row{
		// A verified hazard is closed to its company; the bureau corrects it.
		{route: "PATCH /api/v1/hazards/:id", on: "hz.gas1", state: "verified", body: obj{"measure": "矩阵更正"},
			want: cells{200, 200, 409, 409, 403, 403, 404, 404, 404, 404}},
		{route: "PATCH /api/v1/hazards/:id", on: "hz.heat1", state: "verified", body: obj{"measure": "矩阵更正"},
			want: cells{200, 200, 404, 404, 403, 403, 404, 404, 409, 409}},
		{route: "PATCH /api/v1/hazards/:id", on: "hz.gas1", what: "moved to 兴南街", body: obj{"street_id": "@xingnan"},
			want: cells{200, 200, 200, 200, 403, 403, 404, 404, 404, 404}},
		{route: "PATCH /api/v1/hazards/:id", on: "hz.gas1", what: "moved to 友谊路街", body: obj{"street_id": "@hexi.street"},
			want:  cells{422, 422, 422, 422, 403, 403, 404, 404, 404, 404},
			field: map[int]string{BA: "street_id", BI: "street_id", CA: "street_id", CS: "street_id"}},
	},

	onHazards(row{route: "POST /api/v1/hazards/:id/start", check: becomes("rectifying")}, rectifyCells...),
	onHazards(row{route: "POST /api/v1/hazards/:id/submit", state: "evidenced", body: obj{"note": "矩阵整改完成"},
		check: becomes("rectified")}, rectifyCells...),
	onHazards(row{route: "POST /api/v1/hazards/:id/verify", state: "rectified", body: obj{"note": "矩阵验收"},
		check: becomes("verified")}, verdictCells...),
	onHazards(row{route: "POST /api/v1/hazards/:id/reject", state: "rectified", body: obj{"note": "矩阵退回"},
		check: becomes("rectifying")}, verdictCells...),

	onHazards(row{route: "GET /api/v1/hazards/:id/extensions", state: "extension", check: oneChild}, readCells...),
	onHazards(row{route: "POST /api/v1/hazards/:id/extensions", body: obj{"deadline": "2030-12-31", "note": "矩阵申请延期"},
		check: requested}, requestCells...),
	onHazards(row{route: "POST /api/v1/hazards/:id/extensions/:eid/approve", state: "extension", body: obj{"note": "矩阵同意"},
		check: decided("approved")}, decisionCells...),
	onHazards(row{route: "POST /api/v1/hazards/:id/extensions/:eid/refuse", state: "extension", body: obj{"note": "矩阵不同意"},
		check: decided("refused")}, decisionCells...),

	onHazards(row{route: "GET /api/v1/hazards/:id/attachments", state: "attached", check: oneChild}, readCells...),
	onHazards(row{route: "POST /api/v1/hazards/:id/attachments", form: photoUpload, check: attached}, attachCells...),
	onHazards(row{route: "GET /api/v1/hazards/:id/attachments/:aid", state: "attached", check: downloaded}, readCells...),
)

// onHazards is r once for each hazard target, in hazardTargetOrder, with
// that target's cells.
func onHazards(r row, want ...cells) []row {
	if len(want) != len(hazardTargetOrder) {
		panic(fmt.Sprintf("%s: %d lines of cells for %d hazard targets", r.route, len(want), len(hazardTargetOrder)))
	}
	out := make([]row, len(want))
	for i, w := range want {
		out[i] = r
		out[i].on, out[i].want = hazardTargetOrder[i], w
	}
	return out
}

// reportBody is the body that records a hazard of company (an org alias; ""
// for none) in street.
func reportBody(company, street string) obj {
	b := obj{"street_id": "@" + street, "address": "矩阵路1号", "category": string(categoryOf(company)), "level": "general",
		"source": "street_inspection", "found_on": "2026-03-01", "description": "矩阵新隐患", "deadline": "2026-04-30"}
	if company != "" {
		b["company_id"] = "@" + company
	}
	return b
}

// categoryOf is what the matrix records for company (an org alias): a
// heating company a heating-network defect, any other a leak.
func categoryOf(company string) enum.HazardCategory {
	if strings.HasPrefix(company, "heat") {
		return enum.CategoryHeatingNetworkDefect
	}
	return enum.CategoryLeak
}

// importedHazard describes the hazard of the matrix's import workbooks.
const importedHazard = "矩阵导入隐患"

// ledgerWorkbook is an import upload: the ledger's headers and one hazard of
// company in street (org aliases), by their names.
func ledgerWorkbook(company, street string) func(*cell) ([]byte, string) {
	return func(c *cell) ([]byte, string) {
		f := excelize.NewFile()
		defer f.Close()
		for i, r := range [][]any{
			{"隐患名称/描述", "隐患等级", "隐患类别", "所属企业", "所属街道", "地址", "发现日期", "整改期限"},
			{importedHazard, "一般", categoryOf(company).Label(), orgAliases[company], orgAliases[street], "矩阵路2号", "2026-03-01", "2026-04-30"},
		} {
			if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
				c.t.Fatal(err)
			}
		}
		var b bytes.Buffer
		if err := f.Write(&b); err != nil {
			c.t.Fatal(err)
		}
		return multipartForm(nil, "台账.xlsx", b.Bytes())
	}
}

// photoUpload is an evidence upload: a PNG of the site before rectification.
func photoUpload(*cell) ([]byte, string) {
	return multipartForm(map[string]string{"stage": "before"}, "现场.png", tinyPNG)
}

// hazardFixture is a hazard target in a state, with the evidence and the
// extension request that took it there.
type hazardFixture struct{ id, attachment, extension string }

// hazard returns target alias in state, recording it first if need be; with
// an owner, a hazard of that owner's alone. Its description names all three,
// so an export can be searched for it.
func (d *demo) hazard(t testing.TB, alias, state, owner string) hazardFixture {
	t.Helper()
	if state == "" {
		state = "reported"
	}
	key := strings.TrimSpace(alias + " " + state + " " + owner)
	if fx, ok := d.hazards[key]; ok {
		return fx
	}
	tg, ok := hazardTargets[alias]
	if !ok {
		t.Fatalf("no hazard target %q", alias)
	}
	l := &ledger{d.Env, t}
	over := obj{"description": "矩阵隐患 " + key}
	if tg.category != "" {
		over["category"] = string(tg.category)
	}
	fx := hazardFixture{id: l.report(tg.owner, tg.street, over)["id"].(string)}
	fx.attachment, fx.extension = l.drive(tg.owner, fx.id, state)
	d.hazards[key], d.district[fx.id] = fx, districtOfTarget(alias)
	return fx
}

// ledgerTargets records every hazard target, as reported, if not yet.
func (d *demo) ledgerTargets(t testing.TB, state string) {
	for _, alias := range hazardTargetOrder {
		d.hazard(t, alias, state, "")
	}
}

// hazardChildren sums up what hangs off the row's hazard (its history,
// evidence and extension requests), for children.
func (c *cell) hazardChildren() string {
	id := uuid.MustParse(c.target())
	ctx, client := policy.System(context.Background()), c.d.DB.Client
	events, err1 := client.HazardEvent.Query().Where(hazardevent.HazardID(id)).Count(ctx)
	files, err2 := client.Attachment.Query().Where(attachment.HazardID(id)).Count(ctx)
	requests, err3 := client.Extension.Query().Where(extension.HazardID(id)).Count(ctx)
	pending, err4 := client.Extension.Query().Where(extension.HazardID(id), extension.StatusEQ(enum.ExtensionPending)).Count(ctx)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		c.t.Fatal(err)
	}
	return fmt.Sprintf(", %d events, %d files, %d extension requests (%d pending)", events, files, requests, pending)
}

// allHazards reads every hazard of every district, under System.
func (c *cell) allHazards() []*ent.Hazard {
	hs, err := c.d.DB.Client.Hazard.Query().All(policy.System(context.Background()))
	if err != nil {
		c.t.Fatal(err)
	}
	return hs
}

// reaches tells whether the cell's login reaches h, as PERMISSIONS.md says:
// the bureau its whole district, a company its own hazards, a street office
// the hazards located in its street.
func (c *cell) reaches(h *ent.Hazard) bool {
	is := func(id uuid.UUID, alias string) bool { return id.String() == c.d.id[alias] }
	switch c.col {
	case BA, BI:
		return is(h.TenantID, "nankai")
	case SO:
		return is(h.StreetID, "guangkai")
	case HA:
		return is(h.TenantID, "hexi")
	case CA, CS, HK, RA, RS:
		return is(h.CompanyID, ownCompany[c.col])
	}
	return false
}

// ownCompany is the company (an org alias) of each company column.
var ownCompany = map[int]string{CA: "gas1", CS: "gas1", HK: "hexi.gas", RA: "heat1", RS: "heat1"}

// sameHazards checks that got are exactly the hazards the login reaches, and
// that the targets among them are those ledgerSees states.
func (c *cell) sameHazards(got []string) string {
	var want []string
	for _, h := range c.allHazards() {
		if c.reaches(h) {
			want = append(want, h.ID.String())
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		return fmt.Sprintf("it holds %d hazards, not the %d in the login's scope", len(got), len(want))
	}
	for _, alias := range hazardTargetOrder {
		in := slices.Contains(got, c.d.hazard(c.t, alias, "", "").id)
		if in != slices.Contains(strings.Fields(ledgerSees[c.col]), alias) {
			return fmt.Sprintf("target %s held: %v, want %v", alias, in, !in)
		}
	}
	return ""
}

// ledgerList checks a hazard list: exactly the hazards in scope.
func ledgerList(c *cell, answer obj) string {
	if answer["next_cursor"] != nil {
		return "the matrix's hazards do not fit on one page"
	}
	return c.sameHazards(itemIDs(answer))
}

// extensionQueue checks GET /extensions: exactly the extension requests on
// hazards in the login's scope (each target has one), each naming its
// hazard's number and company as the district knows them.
func extensionQueue(c *cell, answer obj) string {
	if answer["next_cursor"] != nil {
		return "the matrix's extension requests do not fit on one page"
	}
	all, err := c.d.DB.Client.Extension.Query().WithHazard().All(policy.System(context.Background()))
	if err != nil {
		c.t.Fatal(err)
	}
	var want []string
	byID := map[string]*ent.Extension{}
	for _, e := range all {
		if c.reaches(e.Edges.Hazard) {
			want = append(want, e.ID.String())
			byID[e.ID.String()] = e
		}
	}
	got := itemIDs(answer)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		return fmt.Sprintf("it holds %d extension requests, not the %d in the login's scope", len(got), len(want))
	}
	for _, it := range answer["items"].([]any) {
		item := it.(map[string]any)
		e := byID[item["id"].(string)]
		co, err := c.d.DB.Client.Org.Get(policy.System(context.Background()), e.CompanyID)
		if err != nil {
			c.t.Fatal(err)
		}
		if item["hazard_code"] != e.Edges.Hazard.Code || item["company_name"] != co.Name {
			return fmt.Sprintf("request %s names hazard %v of %v; want %s of %s", e.ID, item["hazard_code"],
				item["company_name"], e.Edges.Hazard.Code, co.Name)
		}
	}
	return ""
}

// xlsxType is the content type of an Excel workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// workbookText is every XML part of an .xlsx, concatenated: the text of
// every cell is in there.
func workbookText(data []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			return "", err
		}
		_, err = io.Copy(&b, r)
		r.Close()
		if err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

// ledgerExport checks an export: a workbook that holds exactly the hazards
// in scope (found by their descriptions).
func ledgerExport(c *cell, _ obj) string {
	if ct := c.res.Header.Get("Content-Type"); ct != xlsxType {
		return "the export is " + ct
	}
	text, err := workbookText(c.res.Body)
	if err != nil {
		return "the export is not a workbook: " + err.Error()
	}
	var got []string
	for _, h := range c.allHazards() {
		if strings.Contains(text, ">"+h.Description+"<") {
			got = append(got, h.ID.String())
		}
	}
	return c.sameHazards(got)
}

// isWorkbook checks that the answer is an Excel workbook.
func isWorkbook(c *cell, _ obj) string {
	text, err := workbookText(c.res.Body)
	if ct := c.res.Header.Get("Content-Type"); ct != xlsxType || err != nil || !strings.Contains(text, "<workbook") {
		return fmt.Sprintf("the answer is not a workbook (%s, %v)", ct, err)
	}
	return ""
}

// ledgerSummary checks a summary: per group and in total, the counts by
// status of exactly the hazards in scope.
func ledgerSummary(c *cell, answer obj) string {
	want, total := map[string]map[string]int{}, 0
	for _, h := range c.allHazards() {
		if !c.reaches(h) {
			continue
		}
		key := h.CompanyID.String()
		if c.r.query == "group_by=street" {
			key = h.StreetID.String()
		}
		if want[key] == nil {
			want[key] = map[string]int{}
		}
		want[key][string(h.Status)]++
		total++
	}
	got := map[string]map[string]int{}
	for _, g := range asList(answer["groups"]) {
		got[g["key"].(string)] = toTally(g).byStatus
	}
	if !maps.EqualFunc(got, want, maps.Equal) {
		return fmt.Sprintf("its groups are %v, want %v", got, want)
	}
	if n := toTally(answer["total"].(map[string]any)).total; n != total {
		return fmt.Sprintf("its total is %d, want %d", n, total)
	}
	return ""
}

// ledgerSummaryWorkbook checks the summary table: a row a group, by name,
// with the counts by status of exactly the hazards in scope, and the totals
// (合计) below them.
func ledgerSummaryWorkbook(c *cell, _ obj) string {
	if ct := c.res.Header.Get("Content-Type"); ct != xlsxType {
		return "the summary table is " + ct
	}
	f, err := excelize.OpenReader(bytes.NewReader(c.res.Body))
	if err != nil {
		return "the summary table is not a workbook: " + err.Error()
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil || len(rows) < 5 { // the form's top, the header, the totals
		return fmt.Sprintf("the summary table has rows %q (%v)", rows, err)
	}
	header, body := rows[3], rows[4:]
	ctx := policy.System(context.Background())
	want, total := map[string]map[string]int{}, map[string]int{}
	for _, h := range c.allHazards() {
		if !c.reaches(h) {
			continue
		}
		id := h.CompanyID
		if c.r.query == "group_by=street" {
			id = h.StreetID
		}
		o, err := c.d.DB.Client.Org.Get(ctx, id)
		if err != nil {
			c.t.Fatal(err)
		}
		if want[o.Name] == nil {
			want[o.Name] = map[string]int{}
		}
		want[o.Name][h.Status.Label()]++
		total[h.Status.Label()]++
	}
	// byStatus reads a row's counts under the status columns (the zeros left out).
	byStatus := func(r []string) map[string]int {
		out := map[string]int{}
		for _, st := range enum.HazardStatuses() {
			i := slices.Index(header, st.Label())
			if i < 0 || i >= len(r) {
				continue
			}
			if n, _ := strconv.Atoi(r[i]); n != 0 {
				out[st.Label()] = n
			}
		}
		return out
	}
	got := map[string]map[string]int{}
	for _, r := range body[:len(body)-1] {
		got[r[1]] = byStatus(r)
	}
	if !maps.EqualFunc(got, want, maps.Equal) {
		return fmt.Sprintf("its groups are %v, want %v", got, want)
	}
	if last := body[len(body)-1]; last[1] != "合计" || !maps.Equal(byStatus(last), total) {
		return fmt.Sprintf("its totals are %q, want %v", last, total)
	}
	return ""
}

// recorded checks a created hazard: as sent, of the company sent (or the
// login's own), reported, with a Location.
func recorded(c *cell, answer obj) string {
	if wrong := c.asAsked(answer, c.res.Header.Get("Location")); wrong != "" {
		return wrong
	}
	company, _ := c.body().(obj)["company_id"].(string)
	if company == "" {
		company = c.d.id[ownCompany[c.col]]
	}
	if answer["company_id"] != company || answer["status"] != "reported" || answer["original_deadline"] != answer["deadline"] {
		return "it is not a reported hazard of " + company
	}
	return ""
}

// dryRunImport checks a dry-run import of one row: valid for the logins named,
// with problems for the others; nothing recorded.
func dryRunImport(valid ...int) func(*cell, obj) string {
	return func(c *cell, answer obj) string {
		ok := slices.Contains(valid, c.col)
		want := map[bool]float64{true: 1, false: 0}[ok]
		if answer["dry_run"] != true || answer["rows"] != 1.0 || answer["valid"] != want || ok != (len(asList(answer["problems"])) == 0) {
			return fmt.Sprintf("the row should be valid: %v", ok)
		}
		n, err := c.d.DB.Client.Hazard.Query().Where(hazard.Description(importedHazard)).Count(policy.System(context.Background()))
		if err != nil || n != 0 {
			return fmt.Sprintf("a dry run recorded %d hazards (%v)", n, err)
		}
		return ""
	}
}

// becomes checks a lifecycle step's answer: the target, now in status.
func becomes(status string) func(*cell, obj) string {
	return func(c *cell, answer obj) string {
		if answer["id"] != c.target() || answer["status"] != status {
			return fmt.Sprintf("it answered hazard %v in %v, want the target in %s", answer["id"], answer["status"], status)
		}
		return ""
	}
}

// historyOfTarget checks a history: a step for the record and each step that
// brought it to its state, beginning with its creation.
func historyOfTarget(c *cell, answer obj) string {
	items := asList(answer["items"])
	if len(items) != 1+len(hazardSteps[c.r.state]) || items[0]["action"] != "create" {
		return fmt.Sprintf("%d steps, want %d beginning with create", len(items), 1+len(hazardSteps[c.r.state]))
	}
	return ""
}

// oneChild checks a list of a hazard's extension requests or evidence: the
// one its state made, of the target.
func oneChild(c *cell, answer obj) string {
	items := asList(answer["items"])
	fx := c.fixture()
	if len(items) != 1 || items[0]["hazard_id"] != fx.id || items[0]["id"] != fx.extension+fx.attachment {
		return "it is not the one record of the target"
	}
	return ""
}

// requested checks a new extension request: of the target, pending.
func requested(c *cell, answer obj) string {
	if answer["hazard_id"] != c.target() || answer["status"] != "pending" || answer["requested_deadline"] != "2030-12-31" {
		return "it is not a pending request of the target"
	}
	return ""
}

// decided checks a decision: the target's request, now status.
func decided(status string) func(*cell, obj) string {
	return func(c *cell, answer obj) string {
		if answer["id"] != c.fixture().extension || answer["hazard_id"] != c.target() || answer["status"] != status {
			return "it is not the target's request, " + status
		}
		return ""
	}
}

// attached checks new evidence: the target's, as sent.
func attached(c *cell, answer obj) string {
	if answer["hazard_id"] != c.target() || answer["stage"] != "before" || answer["content_type"] != "image/png" {
		return "it is not the target's photo"
	}
	return ""
}

// downloaded checks a download: the target's photoUpload, byte for byte.
func downloaded(c *cell, _ obj) string {
	if !bytes.Equal(c.res.Body, tinyPNG) || c.res.Header.Get("Content-Type") != "image/png" {
		return "it is not the photo uploaded"
	}
	return ""
}
