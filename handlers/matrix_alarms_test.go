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

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/alarmcampaign"
	"github.com/hearthsafety/hearth/ent/alarmdevice"
	"github.com/hearthsafety/hearth/ent/alarmtarget"
	"github.com/hearthsafety/hearth/ent/document"
	"github.com/hearthsafety/hearth/ent/installvisit"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/premise"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/alarms"
)

// ---------------------------------------------------------------- gas-alarm campaigns
//
// The matrix's rows for services/alarms: campaigns, targets, rates,
// premises, visits, devices and their photos (PERMISSIONS.md, "Gas: alarm
// installation campaigns"). Heating companies are refused every one of them
// whatever their role (403, policy.KindObjects); the operator has none.
//
// Fixtures (alarmFixtures, made under System in every demo): a campaign of
// 南开 with a target in 广开街 (SO's street); premises of 津燃华润 (CA, CS) in
// 广开街 — with a device and its photo — and in 兴南街; a premise of the other
// gas company in 广开街; a campaign, target, premise, device and photo of 河西.
//
//	columns: BA bureau_admin, BI bureau_inspector, CA company_admin, CS company_staff (gas, 津燃华润),
//	         SO street_officer, OP platform operator, HA hexi bureau_admin, HK hexi company_staff,
//	         RA company_admin, RS company_staff (heating, 南开区供热服务中心)

var alPremiseProbes = []string{"al.p", "al.p.xingnan", "al.p.gas2", "hexi.al.p"}

var (
	// A campaign of 南开, its targets and rates: its district's people
	// but heating companies.
	alCampaignRead     = cells{200, 200, 200, 200, 200, 403, 404, 404, 403, 403}
	alCampaignReadHexi = cells{404, 404, 404, 404, 404, 403, 200, 200, 403, 403}
	// The bureau decides.
	alBureau     = func(ok int) cells { return cells{ok, 403, 403, 403, 403, 403, 404, 403, 403, 403} }
	alBureauHexi = func(ok int) cells { return cells{404, 403, 403, 403, 403, 403, ok, 403, 403, 403} }
	// The street confirms.
	alStreet     = func(ok int) cells { return cells{403, 403, 403, 403, ok, 403, 403, 403, 403, 403} }
	alStreetHexi = cells{403, 403, 403, 403, 404, 403, 403, 403, 403, 403}
	// Premises and what hangs off them.
	alReadOwn     = cells{200, 200, 200, 200, 200, 403, 404, 404, 403, 403}
	alReadXingnan = cells{200, 200, 200, 200, 404, 403, 404, 404, 403, 403}
	alReadGas2    = cells{200, 200, 404, 404, 200, 403, 404, 404, 403, 403}
	alReadHexi    = cells{404, 404, 404, 404, 404, 403, 200, 200, 403, 403}
	alChange      = func(ok int) cells { return cells{403, 403, ok, ok, 403, 403, 403, 404, 403, 403} }
	alChangeGas2  = cells{403, 403, 404, 404, 403, 403, 403, 404, 403, 403}
	alChangeHexi  = func(ok int) cells { return cells{403, 403, 404, 404, 403, 403, 403, ok, 403, 403} }
	alList        = cells{200, 200, 200, 200, 200, 403, 200, 200, 403, 403}
	// The 燃气报警器安装台账's template and import: gas companies, each in
	// its own district.
	alImport = func(ok int) cells { return cells{403, 403, ok, ok, 403, 403, 403, ok, 403, 403} }
)

var alListed = map[int]string{
	BA: "al.p al.p.xingnan al.p.gas2",
	BI: "al.p al.p.xingnan al.p.gas2",
	CA: "al.p al.p.xingnan",
	CS: "al.p al.p.xingnan",
	SO: "al.p al.p.gas2",
	HA: "hexi.al.p",
	HK: "hexi.al.p",
}

func onAlPremises(r row, own, xingnan, gas2, hexi cells) []row {
	var out []row
	for i, on := range alPremiseProbes {
		rr := r
		rr.on, rr.want = on, []cells{own, xingnan, gas2, hexi}[i]
		out = append(out, rr)
	}
	return out
}

var newPremise = obj{"street_id": "@guangkai", "community_id": "@wandezhuang", "user_type": "resident",
	"estate": "矩阵小区", "building": "1", "unit": "1", "room": "101", "phone": "13800000000"}

var alarmRows = slices.Concat(
	[]row{
		{route: "GET /api/v1/alarm_campaigns", want: alList, check: anyList},
		{route: "POST /api/v1/alarm_campaigns", body: obj{"name": "矩阵报警器安装", "scope": "both", "year": 2026,
			"start_on": "2026-01-01", "due_on": "2026-12-31"}, want: cells{201, 403, 403, 403, 403, 403, 201, 403, 403, 403}},
		{route: "GET /api/v1/premises", want: alList, check: probed(alPremiseProbes, alListed)},
		{route: "GET /api/v1/premises", query: "has_valid_device=true&user_type=resident", want: alList, check: anyList},
		{route: "POST /api/v1/premises", body: newPremise, want: cells{403, 403, 201, 201, 403, 403, 403, 422, 403, 403},
			field: map[int]string{HK: "street_id"}, check: phonesShown},
		{route: "GET /api/v1/alarms/export.xlsx", want: alList, check: alarmExport},
		{route: "GET /api/v1/alarms/export.xlsx", query: "user_type=resident&has_valid_device=false", want: alList, check: isWorkbook},
		{route: "GET /api/v1/alarms/import/template", want: alImport(200), check: isWorkbook},
		{route: "POST /api/v1/alarms/import", query: "dry_run=true", form: alarmWorkbook(false), want: alImport(200),
			check: alarmDryRun(CA, CS, HK)},
		{route: "POST /api/v1/alarms/import", query: "dry_run=true", what: "in 广开街", form: alarmWorkbook(true), want: alImport(200),
			check: alarmDryRun(CA, CS)},
		{route: "POST /api/v1/alarms/import", form: alarmWorkbook(false), want: alImport(201), check: alarmImported},
	},
	[]row{
		{route: "GET /api/v1/alarm_campaigns/:id", on: "al.c", want: alCampaignRead},
		{route: "GET /api/v1/alarm_campaigns/:id", on: "hexi.al.c", want: alCampaignReadHexi},
		{route: "PATCH /api/v1/alarm_campaigns/:id", on: "al.c", body: obj{"note": "矩阵修改"}, want: alBureau(200)},
		{route: "PATCH /api/v1/alarm_campaigns/:id", on: "hexi.al.c", body: obj{"note": "矩阵修改"}, want: alBureauHexi(200)},
		{route: "GET /api/v1/alarm_campaigns/:id/targets", on: "al.c", want: alCampaignRead, check: targetsListed},
		{route: "GET /api/v1/alarm_campaigns/:id/targets", on: "hexi.al.c", want: alCampaignReadHexi, check: anyList},
		{route: "PUT /api/v1/alarm_campaigns/:id/targets", on: "al.c", body: obj{"targets": []any{
			obj{"community_id": "@wandezhuang", "company_id": "@gas1", "user_type": "resident", "target_count": 99}}},
			want: alBureau(200), check: anyOK},
		{route: "PUT /api/v1/alarm_campaigns/:id/targets", on: "hexi.al.c", body: obj{"targets": []any{
			obj{"community_id": "@wandezhuang", "company_id": "@gas1", "user_type": "resident", "target_count": 99}}},
			want: cells{404, 403, 403, 403, 403, 403, 422, 403, 403, 403}, field: map[int]string{HA: "targets[0].community_id targets[0].company_id"}},
		{route: "POST /api/v1/alarm_campaigns/:id/targets", on: "al.c", body: obj{"community_id": "@wandezhuang",
			"company_id": "@gas2", "user_type": "resident", "target_count": 7}, want: alBureau(201), check: anyOK},
		{route: "POST /api/v1/alarm_campaigns/:id/targets", on: "hexi.al.c", body: obj{"community_id": "@wandezhuang",
			"company_id": "@gas2", "user_type": "resident", "target_count": 7}, want: cells{404, 403, 403, 403, 403, 403, 422, 403, 403, 403},
			field: map[int]string{HA: "targets[0].community_id targets[0].company_id"}},
		{route: "POST /api/v1/alarm_campaigns/:id/targets/confirm", on: "al.c", want: alStreet(200), check: confirmedOne},
		{route: "POST /api/v1/alarm_campaigns/:id/targets/confirm", on: "hexi.al.c", want: alStreetHexi},
		{route: "POST /api/v1/alarm_campaigns/:id/targets/:tid/confirm", on: "al.c", item: "al.t", want: alStreet(200), check: anyOK},
		{route: "POST /api/v1/alarm_campaigns/:id/targets/:tid/confirm", on: "hexi.al.c", item: "hexi.al.t", want: alStreetHexi},
		{route: "GET /api/v1/alarm_campaigns/:id/rates", on: "al.c", want: alCampaignRead, check: ratesScoped},
		{route: "GET /api/v1/alarm_campaigns/:id/rates", on: "al.c", query: "group_by=community", want: alCampaignRead, check: ratesScoped},
		{route: "GET /api/v1/alarm_campaigns/:id/rates", on: "hexi.al.c", want: alCampaignReadHexi, check: anyOK},
	},
	onAlPremises(row{route: "GET /api/v1/premises/:id", check: phonesMasked}, alReadOwn, alReadXingnan, alReadGas2, alReadHexi),
	onAlPremises(row{route: "PATCH /api/v1/premises/:id", body: obj{"note": "矩阵修改"}}, alChange(200), alChange(200), alChangeGas2, alChangeHexi(200)),
	onAlPremises(row{route: "GET /api/v1/premises/:id/visits", check: anyList}, alReadOwn, alReadXingnan, alReadGas2, alReadHexi),
	onAlPremises(row{route: "POST /api/v1/premises/:id/visits", body: obj{"visited_on": "2026-01-10", "outcome": "refused"}, check: anyOK},
		alChange(201), alChange(201), alChangeGas2, alChangeHexi(201)),
	onAlPremises(row{route: "GET /api/v1/premises/:id/devices", check: anyList}, alReadOwn, alReadXingnan, alReadGas2, alReadHexi),
	onAlPremises(row{route: "POST /api/v1/premises/:id/devices", body: obj{"serial_no": "矩阵-SN-1", "installed_on": "2026-01-10"}, check: deviceRecorded},
		alChange(201), alChange(201), alChangeGas2, alChangeHexi(201)),
	[]row{
		{route: "GET /api/v1/alarm_devices/:id", on: "al.d", want: alReadOwn},
		{route: "GET /api/v1/alarm_devices/:id", on: "hexi.al.d", want: alReadHexi},
		{route: "PATCH /api/v1/alarm_devices/:id", on: "al.d", body: obj{"status": "online"}, want: alChange(200)},
		{route: "PATCH /api/v1/alarm_devices/:id", on: "hexi.al.d", body: obj{"status": "online"}, want: alChangeHexi(200)},
		{route: "GET /api/v1/alarm_devices/:id/documents", on: "al.d", want: alReadOwn, check: anyList},
		{route: "GET /api/v1/alarm_devices/:id/documents", on: "hexi.al.d", want: alReadHexi, check: anyList},
		{route: "POST /api/v1/alarm_devices/:id/documents", on: "al.d", form: reportUpload, want: alChange(201), check: anyOK},
		{route: "POST /api/v1/alarm_devices/:id/documents", on: "hexi.al.d", form: reportUpload, want: alChangeHexi(201), check: anyOK},
		{route: "GET /api/v1/alarm_devices/:id/documents/:did", on: "al.d", sub: "al.doc", want: alReadOwn, check: downloaded},
		{route: "GET /api/v1/alarm_devices/:id/documents/:did", on: "hexi.al.d", sub: "hexi.al.doc", want: alReadHexi, check: downloaded},
	},
)

// importedEstate is the estate of the 燃气报警器安装台账's import rows.
const importedEstate = "矩阵导入小区"

// alarmWorkbook is a 燃气报警器安装台账 of one row: a household of
// importedEstate with its alarm, in 广开街 (guangkai) or in the street of
// the login's district (河西's for its logins).
func alarmWorkbook(guangkai bool) func(*cell) ([]byte, string) {
	return func(c *cell) ([]byte, string) {
		street := "广开街"
		if !guangkai && (c.col == HA || c.col == HK) {
			o, err := c.d.DB.Client.Org.Get(policy.System(context.Background()), uuid.MustParse(c.d.id["hexi.street"]))
			if err != nil {
				c.t.Fatal(err)
			}
			street = o.Name
		}
		f := excelize.NewFile()
		defer f.Close()
		for i, r := range [][]any{
			{"序号", "街道", "社区", "小区", "楼栋", "单元", "房号/商户", "用户类型", "燃气户号", "报警器型号", "编号", "安装日期", "安装人", "是否联网", "是否联动切断"},
			{1, street, "", importedEstate, "1", "1", "101", "居民", "MX-0001", "JT-1", "矩阵导入-SN", "2026-01-10", "李工", "是", "否"},
		} {
			if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
				c.t.Fatal(err)
			}
		}
		var b bytes.Buffer
		if err := f.Write(&b); err != nil {
			c.t.Fatal(err)
		}
		return multipartForm(nil, "燃气报警器安装台账.xlsx", b.Bytes())
	}
}

// alarmExport checks an export: a workbook that holds exactly the probe
// premises the login lists (found by their estates), in Chinese labels.
func alarmExport(c *cell, _ obj) string {
	if ct := c.res.Header.Get("Content-Type"); ct != xlsxType {
		return "the export is " + ct
	}
	text, err := workbookText(c.res.Body)
	if err != nil {
		return "the export is not a workbook: " + err.Error()
	}
	want := strings.Fields(alListed[c.col])
	for _, p := range alPremiseProbes {
		if in := strings.Contains(text, ">"+p+"小区<"); in != slices.Contains(want, p) {
			return fmt.Sprintf("%s in the export: %v, want %v", p, in, !in)
		}
	}
	if !strings.Contains(text, "燃气报警器安装台账") || !strings.Contains(text, ">居民<") || strings.Contains(text, ">resident<") {
		return "the export is not the 燃气报警器安装台账 in Chinese labels"
	}
	if strings.Contains(text, "13900000000") {
		return "the export shows a phone"
	}
	return ""
}

// alarmDryRun checks a dry run of one row: valid for the logins valid
// names, and nothing written.
func alarmDryRun(valid ...int) func(*cell, obj) string {
	return func(c *cell, answer obj) string {
		ok := slices.Contains(valid, c.col)
		want := map[bool]float64{true: 1, false: 0}[ok]
		if answer["dry_run"] != true || answer["rows"] != 1.0 || answer["valid"] != want || ok != (len(asList(answer["problems"])) == 0) {
			return fmt.Sprintf("the row should be valid: %v (%v)", ok, answer)
		}
		n, err := c.d.DB.Client.Premise.Query().Where(premise.Estate(importedEstate)).Count(policy.System(context.Background()))
		if err != nil || n != 0 {
			return fmt.Sprintf("a dry run recorded %d premises (%v)", n, err)
		}
		return ""
	}
}

// alarmImported checks a real import: the premise the company's, in its
// district, with its alarm current.
func alarmImported(c *cell, answer obj) string {
	if answer["created"] != 1.0 || answer["devices"] != 1.0 {
		return fmt.Sprintf("created %v devices %v, want 1 and 1", answer["created"], answer["devices"])
	}
	ctx := policy.System(context.Background())
	p, err := c.d.DB.Client.Premise.Query().Where(premise.Estate(importedEstate)).Only(ctx)
	if err != nil {
		return err.Error()
	}
	company := map[bool]string{true: "hexi.gas", false: "gas1"}[c.col == HK]
	if p.CompanyID.String() != c.d.id[company] || p.DeviceID == nil || !p.DeviceNetworked || p.GasAccountNo == nil {
		return fmt.Sprintf("the premise is not the company's with its alarm: %+v", p)
	}
	return ""
}

// phonesShown: the company sees the phone it sent.
func phonesShown(c *cell, answer obj) string {
	if answer["phone"] != "13800000000" || answer["street_name"] != "广开街" || answer["user_type_label"] != "居民" {
		return fmt.Sprintf("phone %v, street %v, label %v", answer["phone"], answer["street_name"], answer["user_type_label"])
	}
	return ""
}

// phonesMasked: a street office never sees a premise's phone or contact;
// the company and the bureau do.
func phonesMasked(c *cell, answer obj) string {
	if answer["id"] != c.target() {
		return "it answered another record"
	}
	hidden := answer["phone"] == nil && answer["contact_name"] == nil
	if street := c.col == SO; hidden != street {
		return fmt.Sprintf("phone %v for %s", answer["phone"], c.actor())
	}
	if answer["company_name"] == "" || answer["street_name"] == "" {
		return "the premise's names are missing"
	}
	return ""
}

// targetsListed: the street office sees its street's target only; the
// company its own.
func targetsListed(c *cell, answer obj) string {
	for _, it := range asList(answer["items"]) {
		if c.col == SO && it["street_id"] != c.d.id["guangkai"] {
			return "the street office sees another street's target"
		}
		if (c.col == CA || c.col == CS) && it["company_id"] != c.d.id["gas1"] {
			return "the company sees another company's target"
		}
		if it["street_name"] == "" || it["company_name"] == "" {
			return "a target without names"
		}
	}
	return ""
}

func confirmedOne(c *cell, answer obj) string {
	if answer["confirmed"] != 1.0 {
		return fmt.Sprintf("confirmed %v, want the street's one target", answer["confirmed"])
	}
	return ""
}

// ratesScoped: a street office's rows are its street's; the total counts
// what it sees.
func ratesScoped(c *cell, answer obj) string {
	for _, r := range asList(answer["rows"]) {
		if c.col == SO && r["street_id"] != c.d.id["guangkai"] {
			return "the street office sees another street's row"
		}
	}
	total, _ := answer["total"].(map[string]any)
	if total == nil || total["pace_label"] == "" {
		return "no total with its pace"
	}
	return ""
}

func deviceRecorded(c *cell, answer obj) string {
	if answer["premise_id"] != c.target() || answer["status_label"] != "已安装" || answer["service_life_years"] == nil {
		return "it is not the device sent, on the target"
	}
	return ""
}

// alarmsPath fills a target of the row (:tid).
func (c *cell) alarmsPath(p string) string {
	if !strings.Contains(p, ":tid") {
		return p
	}
	if c.d.id[c.r.item] == "" {
		c.t.Fatalf("%s: no demo target %q", c.r.route, c.r.item)
	}
	return strings.Replace(p, ":tid", c.d.id[c.r.item], 1)
}

// alarmsChildren sums up what hangs off a campaign (its targets' versions),
// a premise (its visits and devices) or a device (its documents), so that a
// refused change to them shows.
func (c *cell) alarmsChildren() string {
	ctx := policy.System(context.Background())
	client := c.d.DB.Client
	id := uuid.MustParse(c.target())
	switch p := c.r.pattern(); {
	case strings.HasPrefix(p, "/api/v1/alarm_campaigns/:id"):
		ts, err := client.AlarmTarget.Query().Where(alarmtarget.CampaignID(id)).Order(ent.Asc(alarmtarget.FieldID)).All(ctx)
		if err != nil {
			c.t.Fatal(err)
		}
		var b strings.Builder
		for _, t := range ts {
			fmt.Fprintf(&b, " %s:%d", t.ID, t.Version)
		}
		return b.String()
	case strings.HasPrefix(p, "/api/v1/premises/:id"):
		v, err := client.InstallVisit.Query().Where(installvisit.PremiseID(id)).Count(ctx)
		if err != nil {
			c.t.Fatal(err)
		}
		d, err := client.AlarmDevice.Query().Where(alarmdevice.PremiseID(id)).Count(ctx)
		if err != nil {
			c.t.Fatal(err)
		}
		return fmt.Sprintf(" visits %d devices %d", v, d)
	case strings.HasPrefix(p, "/api/v1/alarm_devices/:id"):
		n, err := client.Document.Query().Where(document.Owner(alarms.DocumentOwner), document.OwnerID(id)).Count(ctx)
		if err != nil {
			c.t.Fatal(err)
		}
		return fmt.Sprintf(" documents %d", n)
	}
	return ""
}

// alarmsLeftAlone tells whether a refused create of a campaign or a premise
// made nothing; ok is false for another route.
func (c *cell) alarmsLeftAlone() (n int, ok bool) {
	ctx := policy.System(context.Background())
	client := c.d.DB.Client
	var err error
	switch c.r.pattern() {
	case "/api/v1/alarm_campaigns":
		n, err = client.AlarmCampaign.Query().Where(alarmcampaign.Name(c.r.body["name"].(string))).Count(ctx)
	case "/api/v1/premises":
		n, err = client.Premise.Query().Where(premise.Estate("矩阵小区")).Count(ctx)
	case "/api/v1/alarms/import":
		n, err = client.Premise.Query().Where(premise.Estate(importedEstate)).Count(ctx)
	default:
		return 0, false
	}
	if err != nil {
		c.t.Fatal(err)
	}
	return n, true
}

// alarmFixtures makes the alarm rows' records under System.
func (d *demo) alarmFixtures(t *testing.T) {
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
	hexiComm, err := tx.Org.Query().Where(org.Name("友谊路街平山道社区")).Only(ctx)
	must(err)
	for _, c := range []struct {
		alias, slug       string
		comm, company, st uuid.UUID
	}{
		{"al", "nankai", orgID("wandezhuang"), orgID("gas1"), orgID("guangkai")},
		{"hexi.al", "hexi", hexiComm.ID, orgID("hexi.gas"), orgID("hexi.street")},
	} {
		cp, err := tx.AlarmCampaign.Create().SetTenantID(tenantOf[c.slug]).SetName("矩阵2026年燃气报警器安装").
			SetScope(enum.ScopeBoth).SetYear(2026).SetStartOn("2026-01-01").SetDueOn("2026-12-31").
			SetMilestones([]enum.Milestone{{On: "06-30", Percent: 50}, {On: "12-31", Percent: 100}}).Save(ctx)
		must(err)
		tg, err := tx.AlarmTarget.Create().SetTenantID(tenantOf[c.slug]).SetCampaignID(cp.ID).SetCommunityID(c.comm).
			SetStreetID(c.st).SetCompanyID(c.company).SetUserType(enum.UserResident).SetTargetCount(10).Save(ctx)
		must(err)
		d.id[c.alias+".c"], d.id[c.alias+".t"] = cp.ID.String(), tg.ID.String()
		d.district[cp.ID.String()], d.district[tg.ID.String()] = c.slug, c.slug
	}
	mk := func(alias, slug string, company, street uuid.UUID, comm *uuid.UUID) *ent.Premise {
		p, err := tx.Premise.Create().SetTenantID(tenantOf[slug]).SetCompanyID(company).SetStreetID(street).
			SetNillableCommunityID(comm).SetUserType(enum.UserResident).SetAddressKey(alias + "小区1栋1单元101").
			SetAddress(alias + "小区1栋1单元101").SetEstate(alias + "小区").SetPhone("13900000000").
			SetContactName("李先生").Save(ctx)
		must(err)
		d.id[alias], d.district[p.ID.String()] = p.ID.String(), slug
		return p
	}
	wdz := orgID("wandezhuang")
	p := mk("al.p", "nankai", orgID("gas1"), orgID("guangkai"), &wdz)
	mk("al.p.xingnan", "nankai", orgID("gas1"), orgID("xingnan"), nil)
	mk("al.p.gas2", "nankai", orgID("gas2"), orgID("guangkai"), &wdz)
	hp := mk("hexi.al.p", "hexi", orgID("hexi.gas"), orgID("hexi.street"), &hexiComm.ID)
	for _, x := range []struct {
		alias string
		p     *ent.Premise
	}{{"al", p}, {"hexi.al", hp}} {
		dv, err := tx.AlarmDevice.Create().SetTenantID(x.p.TenantID).SetCompanyID(x.p.CompanyID).SetStreetID(x.p.StreetID).
			SetPremiseID(x.p.ID).SetSerialNo(x.alias + "-SN").SetInstalledOn("2026-01-05").SetServiceLifeYears(5).
			SetReplaceOn("2031-01-05").Save(ctx)
		must(err)
		must(tx.Premise.UpdateOneID(x.p.ID).SetDeviceID(dv.ID).SetDeviceReplaceOn(dv.ReplaceOn).
			SetDeviceStatus(dv.Status).Exec(ctx))
		d.id[x.alias+".d"], d.district[dv.ID.String()] = dv.ID.String(), d.district[x.p.ID.String()]
		key := fmt.Sprintf("%s/alarms/%s/photo.png", x.p.TenantID, dv.ID)
		must(d.Storage.Put(ctx, key, bytes.NewReader(tinyPNG)))
		doc, err := tx.Document.Create().SetTenantID(x.p.TenantID).SetCompanyID(x.p.CompanyID).SetStreetID(x.p.StreetID).
			SetOwner(alarms.DocumentOwner).SetOwnerID(dv.ID).SetFilename("安装照片.png").SetContentType("image/png").
			SetSize(int64(len(tinyPNG))).SetSha256("matrix").SetStorageKey(key).SetUploadedBy(uuid.New()).
			SetUploadedByName("矩阵").Save(ctx)
		must(err)
		d.id[x.alias+".doc"], d.district[doc.ID.String()] = doc.ID.String(), d.district[x.p.ID.String()]
	}
	must(tx.Commit())
}
