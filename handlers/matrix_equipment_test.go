package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/hearthsafety/hearth/ent/document"
	"github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/inspectionrecord"
	"github.com/hearthsafety/hearth/ent/inspectionrule"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/site"
	"github.com/hearthsafety/hearth/policy"
	eqsvc "github.com/hearthsafety/hearth/services/equipment"
)

// ---------------------------------------------------------------- the heating register
//
// The matrix's rows for services/equipment: sites, equipment, inspection
// records and their documents, the district's inspection rules
// (PERMISSIONS.md, "Heating"). Gas companies are refused every one of them
// whatever their role (403, policy.KindObjects); the operator has none.
//
// Fixtures (equipmentFixtures, made under System in every demo): the heating
// company 南开区供热服务中心 (RA, RS) has a site with a boiler, its record and
// the record's report in 广开街 (SO's street) and a site with a boiler in
// 兴南街; another company of 南开 a site and a boiler in 广开街; a company of
// 河西 a site, a boiler, a record and its report.

var (
	siteProbes = []string{"eq.site", "eq.site.xingnan", "eq.site.heat2", "hexi.eq.site"}
	unitProbes = []string{"eq.unit", "eq.unit.xingnan", "eq.unit.heat2", "hexi.eq.unit"}
)

// Statuses by who may do it. Columns as in matrix_test.go.
var (
	// Read a record of RA's and RS's company in 广开街.
	eqReadOwn = cells{200, 200, 403, 403, 200, 403, 404, 403, 200, 200}
	// …in 兴南街: SO does not reach it.
	eqReadXingnan = cells{200, 200, 403, 403, 404, 403, 404, 403, 200, 200}
	// …another heating company's in 广开街: RA and RS do not reach it.
	eqReadHeat2 = cells{200, 200, 403, 403, 200, 403, 404, 403, 404, 404}
	// …河西's.
	eqReadHexi = cells{404, 404, 403, 403, 404, 403, 200, 403, 404, 404}
	// Change: the heating company's people only.
	eqChangeOwn   = func(ok int) cells { return cells{403, 403, 403, 403, 403, 403, 403, 403, ok, ok} }
	eqChangeOther = cells{403, 403, 403, 403, 403, 403, 403, 403, 404, 404}
	// Lists: the district's people but gas companies and the operator.
	eqListCells = cells{200, 200, 403, 403, 200, 403, 200, 403, 200, 200}
)

// probed checks a list: each probe listed exactly when has names it, every
// item of the login's district. The seed may hold register data of its own,
// so the count is not held.
func probed(probes []string, has map[int]string) func(*cell, obj) string {
	return func(c *cell, answer obj) string {
		listed := map[string]bool{}
		for _, it := range asList(answer["items"]) {
			id, _ := it["id"].(string)
			listed[id] = true
			if home := c.home(); home != "" && c.d.district[id] != "" && c.d.district[id] != home {
				return fmt.Sprintf("it lists %s of district %q", id, c.d.district[id])
			}
		}
		want := strings.Fields(has[c.col])
		for _, p := range probes {
			if in := listed[c.d.id[p]]; in != slices.Contains(want, p) {
				return fmt.Sprintf("%s listed: %v, want %v", p, in, !in)
			}
		}
		return ""
	}
}

var eqListed = map[int]string{
	BA: "eq.site eq.site.xingnan eq.site.heat2 eq.unit eq.unit.xingnan eq.unit.heat2",
	BI: "eq.site eq.site.xingnan eq.site.heat2 eq.unit eq.unit.xingnan eq.unit.heat2",
	SO: "eq.site eq.site.heat2 eq.unit eq.unit.heat2",
	HA: "hexi.eq.site hexi.eq.unit",
	RA: "eq.site eq.site.xingnan eq.unit eq.unit.xingnan",
	RS: "eq.site eq.site.xingnan eq.unit eq.unit.xingnan",
}

// onUnits is a row on each unit target, with its cells.
func onUnits(r row, own, xingnan, heat2, hexi cells) []row {
	var out []row
	for i, on := range []string{"eq.unit", "eq.unit.xingnan", "eq.unit.heat2", "hexi.eq.unit"} {
		rr := r
		rr.on, rr.want = on, []cells{own, xingnan, heat2, hexi}[i]
		out = append(out, rr)
	}
	return out
}

func onSites(r row, own, xingnan, heat2, hexi cells) []row {
	var out []row
	for i, on := range []string{"eq.site", "eq.site.xingnan", "eq.site.heat2", "hexi.eq.site"} {
		rr := r
		rr.on, rr.want = on, []cells{own, xingnan, heat2, hexi}[i]
		out = append(out, rr)
	}
	return out
}

// A new record's body.
var newRecord = obj{"type": "external_inspection", "performed_on": "2026-01-10", "conclusion": "pass",
	"agency": "天津市特种设备监督检验技术研究院", "report_no": "矩阵-001"}

var equipmentRows = slices.Concat(
	[]row{
		{route: "GET /api/v1/sites", want: eqListCells, check: probed(siteProbes, eqListed)},
		{route: "POST /api/v1/sites", body: obj{"kind": "boiler_room", "name": "矩阵锅炉房", "street_id": "@guangkai"},
			want: eqChangeOwn(201)},
		{route: "POST /api/v1/sites", what: "in another district's street", body: obj{"kind": "boiler_room", "name": "矩阵锅炉房",
			"street_id": "@hexi.street"}, want: cells{403, 403, 403, 403, 403, 403, 403, 403, 422, 422},
			field: map[int]string{RA: "street_id", RS: "street_id"}},
		{route: "GET /api/v1/equipment", want: eqListCells, check: probed(unitProbes, eqListed)},
		{route: "GET /api/v1/equipment", query: "state=missing&kind=boiler", want: eqListCells, check: probed(unitProbes, eqListed)},
		{route: "POST /api/v1/equipment", body: obj{"site_id": "@eq.site", "kind": "pressure_gauge", "name": "矩阵压力表"},
			want: eqChangeOwn(201)},
		{route: "POST /api/v1/equipment", what: "on another company's site", body: obj{"site_id": "@eq.site.heat2",
			"kind": "pressure_gauge", "name": "矩阵压力表"}, want: cells{403, 403, 403, 403, 403, 403, 403, 403, 422, 422},
			field: map[int]string{RA: "site_id", RS: "site_id"}},
		{route: "GET /api/v1/equipment/export.xlsx", want: eqListCells, check: equipmentExport},
		{route: "GET /api/v1/equipment/export.xlsx", query: "kind=boiler&state=missing", want: eqListCells, check: equipmentExport},
		{route: "GET /api/v1/equipment/import/template", want: eqChangeOwn(200), check: isWorkbook},
		{route: "POST /api/v1/equipment/import", query: "dry_run=true", form: registerWorkbook("eq锅炉房"),
			want: eqChangeOwn(200), check: equipmentDryRun(true)},
		{route: "POST /api/v1/equipment/import", query: "dry_run=true", what: "on another company's site",
			form: registerWorkbook("eq.heat2锅炉房"), want: eqChangeOwn(200), check: equipmentDryRun(false)},
		{route: "POST /api/v1/equipment/import", form: registerWorkbook("eq锅炉房"), want: eqChangeOwn(201), check: equipmentImported},
		{route: "GET /api/v1/inspection_rules", want: eqListCells, check: rulesListed},
		{route: "PUT /api/v1/inspection_rules/:equipment_kind/:type", body: obj{"interval_months": 5, "lead_days": 14,
			"readiness": "on_start", "enabled": true}, want: cells{200, 403, 403, 403, 403, 403, 200, 403, 403, 403}},
		{route: "DELETE /api/v1/inspection_rules/:equipment_kind/:type", want: cells{204, 403, 403, 403, 403, 403, 204, 403, 403, 403}},
	},
	onSites(row{route: "GET /api/v1/sites/:id"}, eqReadOwn, eqReadXingnan, eqReadHeat2, eqReadHexi),
	onSites(row{route: "PATCH /api/v1/sites/:id", body: obj{"note": "矩阵修改"}}, eqChangeOwn(200), eqChangeOwn(200), eqChangeOther, eqChangeOther),
	onUnits(row{route: "GET /api/v1/equipment/:id"}, eqReadOwn, eqReadXingnan, eqReadHeat2, eqReadHexi),
	onUnits(row{route: "PATCH /api/v1/equipment/:id", body: obj{"note": "矩阵修改"}}, eqChangeOwn(200), eqChangeOwn(200), eqChangeOther, eqChangeOther),
	onUnits(row{route: "GET /api/v1/equipment/:id/inspections", check: anyList}, eqReadOwn, eqReadXingnan, eqReadHeat2, eqReadHexi),
	onUnits(row{route: "POST /api/v1/equipment/:id/inspections", body: newRecord, check: inspected}, eqChangeOwn(201), eqChangeOwn(201), eqChangeOther, eqChangeOther),
	[]row{
		{route: "GET /api/v1/equipment/:id/inspections/:rid/documents", on: "eq.unit", want: eqReadOwn, check: oneDocument},
		{route: "GET /api/v1/equipment/:id/inspections/:rid/documents", on: "hexi.eq.unit", want: eqReadHexi, check: anyList},
		{route: "POST /api/v1/equipment/:id/inspections/:rid/documents", on: "eq.unit", form: reportUpload, want: eqChangeOwn(201), check: anyOK},
		{route: "POST /api/v1/equipment/:id/inspections/:rid/documents", on: "hexi.eq.unit", form: reportUpload, want: eqChangeOther},
		{route: "GET /api/v1/equipment/:id/inspections/:rid/documents/:did", on: "eq.unit", sub: "eq.doc", want: eqReadOwn, check: downloaded},
		{route: "GET /api/v1/equipment/:id/inspections/:rid/documents/:did", on: "hexi.eq.unit", sub: "hexi.eq.doc", want: eqReadHexi, check: downloaded},
	},
)

// importedUnit is the unit the register's import rows name.
const importedUnit = "矩阵导入锅炉"

// registerWorkbook is a 特种设备台账 of one row: a boiler on the site named
// site, with an external inspection.
func registerWorkbook(site string) func(*cell) ([]byte, string) {
	return func(c *cell) ([]byte, string) {
		f := excelize.NewFile()
		defer f.Close()
		for i, r := range [][]any{
			{"序号", "设备类别", "设备名称", "使用地点", "检验类别", "检验日期", "检验机构", "检验结论"},
			{1, "锅炉本体", importedUnit, site, "外部检验", "2026-01-10", "天津市特种设备监督检验技术研究院", "合格"},
		} {
			if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
				c.t.Fatal(err)
			}
		}
		var b bytes.Buffer
		if err := f.Write(&b); err != nil {
			c.t.Fatal(err)
		}
		return multipartForm(nil, "特种设备台账.xlsx", b.Bytes())
	}
}

// equipmentExport checks an export: a workbook that holds exactly the
// probe units the login lists (found by their names).
func equipmentExport(c *cell, _ obj) string {
	if ct := c.res.Header.Get("Content-Type"); ct != xlsxType {
		return "the export is " + ct
	}
	text, err := workbookText(c.res.Body)
	if err != nil {
		return "the export is not a workbook: " + err.Error()
	}
	want := strings.Fields(eqListed[c.col])
	for _, p := range unitProbes {
		alias := strings.Replace(p, "eq.unit", "eq", 1)
		if in := strings.Contains(text, ">"+alias+"1#锅炉<"); in != slices.Contains(want, p) {
			return fmt.Sprintf("%s in the export: %v, want %v", p, in, !in)
		}
	}
	if !strings.Contains(text, "特种设备台账") || strings.Contains(text, ">boiler<") {
		return "the export is not the 特种设备台账 in Chinese labels"
	}
	return ""
}

// equipmentDryRun checks a dry run of one row: valid or not, and nothing
// written.
func equipmentDryRun(valid bool) func(*cell, obj) string {
	return func(c *cell, answer obj) string {
		want := map[bool]float64{true: 1, false: 0}[valid]
		if answer["dry_run"] != true || answer["rows"] != 1.0 || answer["valid"] != want || valid != (len(asList(answer["problems"])) == 0) {
			return fmt.Sprintf("the row should be valid: %v (%v)", valid, answer)
		}
		n, err := c.d.DB.Client.Equipment.Query().Where(equipment.Name(importedUnit)).Count(policy.System(context.Background()))
		if err != nil || n != 0 {
			return fmt.Sprintf("a dry run recorded %d units (%v)", n, err)
		}
		return ""
	}
}

// equipmentImported checks a real import: the unit on the company's site,
// with its record.
func equipmentImported(c *cell, answer obj) string {
	if answer["created"] != 1.0 || answer["records"] != 1.0 {
		return fmt.Sprintf("created %v records %v, want 1 and 1", answer["created"], answer["records"])
	}
	ctx := policy.System(context.Background())
	u, err := c.d.DB.Client.Equipment.Query().Where(equipment.Name(importedUnit)).Only(ctx)
	if err != nil || u.SiteID.String() != c.d.id["eq.site"] {
		return fmt.Sprintf("the unit is not on the company's site (%v)", err)
	}
	if n, err := c.d.DB.Client.InspectionRecord.Query().Where(inspectionrecord.EquipmentID(u.ID)).Count(ctx); err != nil || n != 1 {
		return fmt.Sprintf("the unit has %d records (%v)", n, err)
	}
	return ""
}

func anyOK(*cell, obj) string   { return "" }
func anyList(*cell, obj) string { return "" }

func inspected(c *cell, answer obj) string {
	if answer["equipment_id"] != c.target() || answer["report_no"] != "矩阵-001" || answer["conclusion_label"] != "合格" {
		return "it is not the record sent, on the target"
	}
	return ""
}

func oneDocument(c *cell, answer obj) string {
	items := asList(answer["items"])
	if len(items) != 1 || items[0]["id"] != c.d.id["eq.doc"] {
		return "it is not the record's one document"
	}
	return ""
}

func rulesListed(c *cell, answer obj) string {
	if n := len(asList(answer["items"])); n != len(eqsvc.Defaults) {
		return fmt.Sprintf("%d rules, want the %d defaults", n, len(eqsvc.Defaults))
	}
	return ""
}

func reportUpload(*cell) ([]byte, string) { return multipartForm(nil, "检验报告.png", tinyPNG) }

// equipmentPath fills the register's own path parameters: the record of
// the unit (:rid), the rule of the rule rows.
func (c *cell) equipmentPath(p string) string {
	if strings.Contains(p, ":rid") {
		p = strings.Replace(p, ":rid", c.d.id[c.r.on+".record"], 1)
	}
	p = strings.Replace(p, ":equipment_kind", "pressure_gauge", 1)
	return strings.Replace(p, ":type", "gauge_verification", 1)
}

// equipmentChildren sums up a unit's records and documents, so that a
// refused record or upload shows.
func (c *cell) equipmentChildren() string {
	ctx := policy.System(context.Background())
	id := uuid.MustParse(c.target())
	recs, err := c.d.DB.Client.InspectionRecord.Query().Where(inspectionrecord.EquipmentID(id)).IDs(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	docs, err := c.d.DB.Client.Document.Query().Where(document.OwnerIDIn(recs...)).Count(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	return fmt.Sprintf(" records %d documents %d", len(recs), docs)
}

// equipmentLeftAlone tells whether a refused create of the register made
// nothing; ok is false for a route not of the register.
func (c *cell) equipmentLeftAlone() (n int, ok bool) {
	ctx := policy.System(context.Background())
	client := c.d.DB.Client
	var err error
	switch c.r.pattern() {
	case "/api/v1/sites":
		n, err = client.Site.Query().Where(site.Name(c.r.body["name"].(string))).Count(ctx)
	case "/api/v1/equipment":
		n, err = client.Equipment.Query().Where(equipment.Name(c.r.body["name"].(string))).Count(ctx)
	case "/api/v1/equipment/import":
		n, err = client.Equipment.Query().Where(equipment.Name(importedUnit)).Count(ctx)
	case "/api/v1/inspection_rules/:equipment_kind/:type":
		n, err = client.InspectionRule.Query().Where(inspectionrule.IntervalMonths(5)).Count(ctx)
	default:
		return 0, false
	}
	if err != nil {
		c.t.Fatal(err)
	}
	return n, true
}

// equipmentFixtures makes the register rows' records under System.
func (d *demo) equipmentFixtures(t *testing.T) {
	t.Helper()
	ctx := policy.System(context.Background())
	tx, err := d.DB.Client.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			tx.Rollback()
			t.Fatal(err)
		}
	}
	tenants, err := tx.Tenant.Query().All(ctx)
	must(err)
	tenantOf := map[string]uuid.UUID{}
	for _, tn := range tenants {
		tenantOf[tn.Slug] = tn.ID
	}
	orgID := func(alias string) uuid.UUID { return uuid.MustParse(d.id[alias]) }
	// The other company of each district is a company the heating
	// company's people do not reach: 南开's second gas company and 河西's gas
	// company stand in for another heating company (an org added here would
	// change every organisation list of the matrix); scope goes by company,
	// not by kind.
	heat2, hexiHeat := orgID("gas2"), orgID("hexi.gas")
	mk := func(alias, slug string, company, street uuid.UUID) {
		st, err := tx.Site.Create().SetTenantID(tenantOf[slug]).SetCompanyID(company).SetStreetID(street).
			SetKind(enum.SiteBoilerRoom).SetName(alias + "锅炉房").Save(ctx)
		must(err)
		u, err := tx.Equipment.Create().SetTenantID(tenantOf[slug]).SetCompanyID(company).SetStreetID(street).
			SetSiteID(st.ID).SetKind(enum.EquipBoiler).SetName(alias + "1#锅炉").SetSpecial(true).
			SetState(enum.StateMissing).Save(ctx)
		must(err)
		sa, ua := strings.Replace(alias, "eq", "eq.site", 1), strings.Replace(alias, "eq", "eq.unit", 1)
		d.id[sa], d.id[ua] = st.ID.String(), u.ID.String()
		d.district[st.ID.String()], d.district[u.ID.String()] = slug, slug
	}
	mk("eq", "nankai", orgID("heat1"), orgID("guangkai"))
	mk("eq.xingnan", "nankai", orgID("heat1"), orgID("xingnan"))
	mk("eq.heat2", "nankai", heat2, orgID("guangkai"))
	mk("hexi.eq", "hexi", hexiHeat, orgID("hexi.street"))
	for _, alias := range []string{"eq", "hexi.eq"} {
		ua := strings.Replace(alias, "eq", "eq.unit", 1)
		u, err := tx.Equipment.Get(ctx, uuid.MustParse(d.id[ua]))
		must(err)
		r, err := tx.InspectionRecord.Create().SetTenantID(u.TenantID).SetCompanyID(u.CompanyID).SetStreetID(u.StreetID).
			SetEquipmentID(u.ID).SetType(enum.InspExternal).SetPerformedOn("2025-12-01").
			SetConclusion(enum.ConclusionPass).Save(ctx)
		must(err)
		d.id[ua+".record"] = r.ID.String()
		d.district[r.ID.String()] = d.district[u.ID.String()]
		key := fmt.Sprintf("%s/inspections/%s/report.png", u.TenantID, r.ID)
		must(d.Storage.Put(ctx, key, bytes.NewReader(tinyPNG)))
		doc, err := tx.Document.Create().SetTenantID(u.TenantID).SetCompanyID(u.CompanyID).SetStreetID(u.StreetID).
			SetOwner(eqsvc.DocumentOwner).SetOwnerID(r.ID).SetFilename("报告.png").SetContentType("image/png").
			SetSize(int64(len(tinyPNG))).SetSha256("matrix").SetStorageKey(key).SetUploadedBy(uuid.New()).
			SetUploadedByName("矩阵").Save(ctx)
		must(err)
		d.id[strings.Replace(alias, "eq", "eq.doc", 1)] = doc.ID.String()
		d.district[doc.ID.String()] = d.district[u.ID.String()]
	}
	must(tx.Commit())
}
