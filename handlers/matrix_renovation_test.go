package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/document"
	"github.com/hearthsafety/hearth/ent/occupationpoint"
	"github.com/hearthsafety/hearth/ent/progressreport"
	"github.com/hearthsafety/hearth/ent/renovationevent"
	"github.com/hearthsafety/hearth/ent/renovationplan"
	"github.com/hearthsafety/hearth/ent/renovationproject"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/renovation"
)

// ---------------------------------------------------------------- the old pipeline renovation and its occupation points
//
// The matrix's rows for services/renovation: plans, projects, progress
// reports and their photos, the board, occupation points and their steps
// (PERMISSIONS.md, "Gas: the old pipeline renovation"). Heating companies
// are refused every one of them whatever their role (403,
// policy.KindObjects); the operator has none.
//
//	columns: BA bureau_admin, BI bureau_inspector, CA company_admin, CS company_staff (gas, 津燃华润),
//	         SO street_officer (广开街), OP platform operator, HA hexi bureau_admin, HK hexi company_staff,
//	         RA company_admin, RS company_staff (heating, 南开区供热服务中心)
//
// Fixtures (renovationFixtures, made under System in every demo): 南开's
// plan 2026 (rn.plan) with 津燃华润's projects in 广开街 (rn.project, in
// construction, its report rn.project.record with a photo rn.report.doc)
// and in 兴南街 (rn.project.xn); points of 津燃华润 in 广开街: rn.point
// (identified, a photo rn.point.doc), rn.point.folded (in rn.project),
// rn.point.done (eliminated, awaiting verification), rn.point.deferred;
// rn.point.xn in 兴南街. 河西's the same under hexi.rn.… (河西燃气, 友谊路街).

var (
	// Reads: the district's people but heating companies and the operator.
	rnRead = cells{200, 200, 200, 200, 200, 403, 404, 404, 403, 403}
	// …in 兴南街: SO does not reach it.
	rnReadXingnan = cells{200, 200, 200, 200, 404, 403, 404, 404, 403, 403}
	// …河西's.
	rnReadHexi = cells{404, 404, 404, 404, 404, 403, 200, 200, 403, 403}
	// Lists and the board.
	rnList = cells{200, 200, 200, 200, 200, 403, 200, 200, 403, 403}
	// The bureau admin's own (renovation: create, update, decide; occupation_point: defer).
	rnBureauOwn  = func(ok int) cells { return cells{ok, 403, 403, 403, 403, 403, 404, 403, 403, 403} }
	rnBureauHexi = func(ok int) cells { return cells{404, 403, 403, 403, 403, 403, ok, 403, 403, 403} }
	// The company's and the bureau admin's (renovation: status; occupation_point: update).
	rnManageOwn  = cells{200, 403, 200, 200, 403, 403, 404, 404, 403, 403}
	rnManageHexi = cells{404, 403, 404, 404, 403, 403, 200, 200, 403, 403}
	// The company's alone (renovation: report).
	rnReportOwn  = func(ok int) cells { return cells{403, 403, ok, ok, 403, 403, 403, 404, 403, 403} }
	rnReportHexi = func(ok int) cells { return cells{403, 403, 404, 404, 403, 403, 403, ok, 403, 403} }
	// Verify: the bureau and the street in its street.
	rnVerifyOwn  = cells{200, 200, 403, 403, 200, 403, 404, 403, 403, 403}
	rnVerifyHexi = cells{404, 404, 403, 403, 404, 403, 200, 403, 403, 403}
)

var (
	rnProjectProbes = []string{"rn.project", "rn.project.xn", "hexi.rn.project"}
	rnPointProbes   = []string{"rn.point", "rn.point.xn", "hexi.rn.point"}
)

var rnProjectsListed = map[int]string{
	BA: "rn.project rn.project.xn", BI: "rn.project rn.project.xn", CA: "rn.project rn.project.xn", CS: "rn.project rn.project.xn",
	SO: "rn.project", HA: "hexi.rn.project", HK: "hexi.rn.project",
}

var rnPointsListed = map[int]string{
	BA: "rn.point rn.point.xn", BI: "rn.point rn.point.xn", CA: "rn.point rn.point.xn", CS: "rn.point rn.point.xn",
	SO: "rn.point", HA: "hexi.rn.point", HK: "hexi.rn.point",
}

var newProject = obj{"plan_id": "@rn.plan", "company_id": "@gas1", "street_id": "@guangkai", "name": "矩阵改造项目",
	"scope_type": "courtyard", "aging_reason": "grey_cast_iron", "planned_km": 1.5, "planned_start": "2026-03-01", "planned_end": "2026-10-31"}

var newPoint = obj{"street_id": "@guangkai", "address": "矩阵路1号", "pipe_pressure": "medium_a", "occupier_type": "shed",
	"discovered_on": "2025-01-10", "deadline": "2026-06-30"}

var deferBody = obj{"interim_measures": "警示桩+每周巡查", "review_on": "2099-12-31", "reason": "待拆违"}

var renovationRows = []row{
	{route: "GET /api/v1/renovation/plans", want: rnList, check: probed([]string{"rn.plan", "hexi.rn.plan"},
		map[int]string{BA: "rn.plan", BI: "rn.plan", CA: "rn.plan", CS: "rn.plan", SO: "rn.plan", HA: "hexi.rn.plan", HK: "hexi.rn.plan"})},
	{route: "POST /api/v1/renovation/plans", body: obj{"year": 2030, "name": "2030年燃气旧管网改造计划", "target_km": 10, "target_points": 5, "due_on": "2030-12-31"},
		want: cells{201, 403, 403, 403, 403, 403, 201, 403, 403, 403}},
	{route: "GET /api/v1/renovation/plans/:id", on: "rn.plan", want: cells{200, 200, 200, 200, 200, 403, 404, 404, 403, 403}},
	{route: "GET /api/v1/renovation/plans/:id", on: "hexi.rn.plan", want: rnReadHexi},
	{route: "PATCH /api/v1/renovation/plans/:id", on: "rn.plan", body: obj{"basis": "区城管委工作要点"}, want: rnBureauOwn(200)},
	{route: "PATCH /api/v1/renovation/plans/:id", on: "hexi.rn.plan", body: obj{"basis": "区城管委工作要点"}, want: rnBureauHexi(200)},

	{route: "GET /api/v1/renovation/projects", want: rnList, check: probed(rnProjectProbes, rnProjectsListed)},
	{route: "GET /api/v1/renovation/projects", query: "status=in_construction&q=广开", want: rnList,
		check: probed(rnProjectProbes, map[int]string{BA: "rn.project", BI: "rn.project", CA: "rn.project", CS: "rn.project", SO: "rn.project"})},
	{route: "GET /api/v1/renovation/projects/export.xlsx", want: rnList, check: workbookAnswer},
	{route: "POST /api/v1/renovation/projects", body: newProject, want: cells{201, 403, 403, 403, 403, 403, 422, 403, 403, 403},
		field: map[int]string{HA: "plan_id"}},
	{route: "GET /api/v1/renovation/projects/:id", on: "rn.project", want: rnRead},
	{route: "GET /api/v1/renovation/projects/:id", on: "rn.project.xn", want: rnReadXingnan},
	{route: "GET /api/v1/renovation/projects/:id", on: "hexi.rn.project", want: rnReadHexi},
	{route: "PATCH /api/v1/renovation/projects/:id", on: "rn.project", body: obj{"contact": "张工 13800000000"}, want: rnBureauOwn(200)},
	{route: "PATCH /api/v1/renovation/projects/:id", on: "hexi.rn.project", body: obj{"contact": "张工 13800000000"}, want: rnBureauHexi(200)},
	{route: "POST /api/v1/renovation/projects/:id/status", on: "rn.project", body: obj{"to": "completed"}, want: rnManageOwn, check: projectStatus("completed")},
	{route: "POST /api/v1/renovation/projects/:id/status", on: "hexi.rn.project", body: obj{"to": "completed"}, want: rnManageHexi, check: projectStatus("completed")},
	{route: "POST /api/v1/renovation/projects/:id/status", on: "rn.project", what: "suspended with a reason", body: obj{"to": "suspended", "reason": "协调拆违"},
		want: rnManageOwn, check: projectStatus("suspended")},
	{route: "GET /api/v1/renovation/projects/:id/reports", on: "rn.project", want: rnRead, check: oneOf("rn.project.record")},
	{route: "GET /api/v1/renovation/projects/:id/reports", on: "hexi.rn.project", want: rnReadHexi, check: oneOf("hexi.rn.project.record")},
	{route: "POST /api/v1/renovation/projects/:id/reports", on: "rn.project", body: obj{"reported_on": "2025-02-10", "km_done_cumulative": 1.2},
		want: rnReportOwn(201), check: anyOK},
	{route: "POST /api/v1/renovation/projects/:id/reports", on: "hexi.rn.project", body: obj{"reported_on": "2025-02-10", "km_done_cumulative": 1.2},
		want: rnReportHexi(201), check: anyOK},
	{route: "POST /api/v1/renovation/projects/:id/reports/:rid/decision", on: "rn.project", body: obj{"decision": "accepted"},
		want: rnBureauOwn(200), check: anyOK},
	{route: "POST /api/v1/renovation/projects/:id/reports/:rid/decision", on: "hexi.rn.project", body: obj{"decision": "accepted"},
		want: rnBureauHexi(200), check: anyOK},
	{route: "GET /api/v1/renovation/projects/:id/reports/:rid/documents", on: "rn.project", want: rnRead, check: oneOf("rn.report.doc")},
	{route: "GET /api/v1/renovation/projects/:id/reports/:rid/documents", on: "hexi.rn.project", want: rnReadHexi, check: oneOf("hexi.rn.report.doc")},
	{route: "POST /api/v1/renovation/projects/:id/reports/:rid/documents", on: "rn.project", form: reportUpload, want: rnReportOwn(201), check: anyOK},
	{route: "POST /api/v1/renovation/projects/:id/reports/:rid/documents", on: "hexi.rn.project", form: reportUpload, want: rnReportHexi(201), check: anyOK},
	{route: "GET /api/v1/renovation/projects/:id/reports/:rid/documents/:did", on: "rn.project", sub: "rn.report.doc", want: rnRead, check: downloaded},
	{route: "GET /api/v1/renovation/projects/:id/reports/:rid/documents/:did", on: "hexi.rn.project", sub: "hexi.rn.report.doc", want: rnReadHexi, check: downloaded},
	{route: "GET /api/v1/renovation/board", query: "year=2026", want: rnList, check: renovationBoard},
	{route: "GET /api/v1/renovation/board/export.xlsx", query: "year=2026", want: rnList, check: workbookAnswer},

	{route: "GET /api/v1/occupation_points", want: rnList, check: probed(rnPointProbes, rnPointsListed)},
	{route: "GET /api/v1/occupation_points", query: "major=true&status=identified", want: rnList, check: probed(rnPointProbes, rnPointsListed)},
	{route: "GET /api/v1/occupation_points/export.xlsx", want: rnList, check: workbookAnswer},
	{route: "POST /api/v1/occupation_points", body: newPoint, want: cells{422, 403, 201, 201, 403, 403, 422, 422, 403, 403},
		field: map[int]string{BA: "company_id", HA: "company_id street_id", HK: "street_id"}, check: pointCreated},
	{route: "POST /api/v1/occupation_points", what: "naming the gas company", body: withKV(newPoint, "company_id", "@gas1"),
		want:  cells{201, 403, 201, 201, 403, 403, 422, 422, 403, 403},
		field: map[int]string{HA: "company_id street_id", HK: "company_id street_id"}, check: pointCreated},
	{route: "GET /api/v1/occupation_points/:id", on: "rn.point", want: rnRead, check: pointAnswered},
	{route: "GET /api/v1/occupation_points/:id", on: "rn.point.xn", want: rnReadXingnan, check: pointAnswered},
	{route: "GET /api/v1/occupation_points/:id", on: "hexi.rn.point", want: rnReadHexi, check: pointAnswered},
	{route: "PATCH /api/v1/occupation_points/:id", on: "rn.point", body: obj{"occupier_name": "矩阵占压人"}, want: rnManageOwn},
	{route: "PATCH /api/v1/occupation_points/:id", on: "hexi.rn.point", body: obj{"occupier_name": "矩阵占压人"}, want: rnManageHexi},
	{route: "POST /api/v1/occupation_points/:id/fold", on: "rn.point", body: obj{"project_id": "@rn.project"}, want: rnManageOwn, check: pointStatus("in_progress")},
	{route: "POST /api/v1/occupation_points/:id/fold", on: "hexi.rn.point", body: obj{"project_id": "@hexi.rn.project"}, want: rnManageHexi, check: pointStatus("in_progress")},
	{route: "POST /api/v1/occupation_points/:id/unfold", on: "rn.point.folded", want: rnManageOwn, check: pointStatus("in_progress")},
	{route: "POST /api/v1/occupation_points/:id/unfold", on: "hexi.rn.point.folded", want: rnManageHexi, check: pointStatus("in_progress")},
	{route: "POST /api/v1/occupation_points/:id/eliminate", on: "rn.point", body: obj{"note": "已拆除"}, want: rnManageOwn, check: pointStatus("eliminated")},
	{route: "POST /api/v1/occupation_points/:id/eliminate", on: "hexi.rn.point", body: obj{"note": "已拆除"}, want: rnManageHexi, check: pointStatus("eliminated")},
	{route: "POST /api/v1/occupation_points/:id/verify", on: "rn.point.done", body: obj{"note": "销号"}, want: rnVerifyOwn, check: pointStatus("verified")},
	{route: "POST /api/v1/occupation_points/:id/verify", on: "hexi.rn.point.done", body: obj{"note": "销号"}, want: rnVerifyHexi, check: pointStatus("verified")},
	{route: "POST /api/v1/occupation_points/:id/defer", on: "rn.point", body: deferBody, want: rnBureauOwn(200), check: pointStatus("deferred")},
	{route: "POST /api/v1/occupation_points/:id/defer", on: "hexi.rn.point", body: deferBody, want: rnBureauHexi(200), check: pointStatus("deferred")},
	{route: "POST /api/v1/occupation_points/:id/resume", on: "rn.point.deferred", body: obj{"note": "恢复整治"}, want: rnBureauOwn(200), check: pointStatus("in_progress")},
	{route: "POST /api/v1/occupation_points/:id/resume", on: "hexi.rn.point.deferred", body: obj{"note": "恢复整治"}, want: rnBureauHexi(200), check: pointStatus("in_progress")},
	{route: "GET /api/v1/occupation_points/:id/documents", on: "rn.point", want: rnRead, check: oneOf("rn.point.doc")},
	{route: "GET /api/v1/occupation_points/:id/documents", on: "hexi.rn.point", want: rnReadHexi, check: oneOf("hexi.rn.point.doc")},
	{route: "POST /api/v1/occupation_points/:id/documents", on: "rn.point", form: reportUpload, want: cells{201, 403, 201, 201, 403, 403, 404, 404, 403, 403}, check: anyOK},
	{route: "POST /api/v1/occupation_points/:id/documents", on: "hexi.rn.point", form: reportUpload, want: cells{404, 403, 404, 404, 403, 403, 201, 201, 403, 403}, check: anyOK},
	{route: "GET /api/v1/occupation_points/:id/documents/:did", on: "rn.point", sub: "rn.point.doc", want: rnRead, check: downloaded},
	{route: "GET /api/v1/occupation_points/:id/documents/:did", on: "hexi.rn.point", sub: "hexi.rn.point.doc", want: rnReadHexi, check: downloaded},
}

func withKV(o obj, k string, v any) obj {
	out := obj{}
	for kk, vv := range o {
		out[kk] = vv
	}
	out[k] = v
	return out
}

// oneOf: a list of exactly the one record alias.
func oneOf(alias string) func(*cell, obj) string {
	return func(c *cell, answer obj) string {
		items := asList(answer["items"])
		if len(items) != 1 || items[0]["id"] != c.d.id[alias] {
			return fmt.Sprintf("it lists %d items, not just %s", len(items), alias)
		}
		return ""
	}
}

func projectStatus(status string) func(*cell, obj) string {
	return func(c *cell, answer obj) string {
		if answer["id"] != c.target() || answer["status"] != status || answer["status_label"] != enum.ProjectStatus(status).Label() {
			return "the project answered is not the target in status " + status
		}
		return ""
	}
}

func pointStatus(status string) func(*cell, obj) string {
	return func(c *cell, answer obj) string {
		if answer["id"] != c.target() || answer["status"] != status || answer["hazard_id"] == "" || answer["hazard_code"] == "" {
			return fmt.Sprintf("the point answered is not the target in status %s (%v)", status, answer["status"])
		}
		return ""
	}
}

func pointAnswered(c *cell, answer obj) string {
	if answer["id"] != c.target() || answer["hazard_code"] == "" || answer["street_name"] == "" || answer["company_name"] == "" {
		return "the point answered is not the target, with its hazard and names"
	}
	return ""
}

func pointCreated(c *cell, answer obj) string {
	code, _ := answer["point_no"].(string)
	if !strings.HasPrefix(code, "ZY-") || answer["level"] != "major" || answer["hazard_id"] == "" ||
		!strings.HasPrefix(fmt.Sprint(answer["hazard_code"]), "YH-") {
		return "the point created has no number, hazard or major level"
	}
	return ""
}

// renovationBoard: the board of the login's district, counting its own
// projects and points only.
func renovationBoard(c *cell, answer obj) string {
	projects, _ := answer["projects"].(float64)
	points, _ := answer["points"].(float64)
	want := map[int][2]float64{BA: {2, 5}, BI: {2, 5}, CA: {2, 5}, CS: {2, 5}, SO: {1, 4}, HA: {1, 4}, HK: {1, 4}}[c.col]
	if projects != want[0] || points != want[1] {
		return fmt.Sprintf("the board counts %v projects and %v points, want %v", projects, points, want)
	}
	return ""
}

// renovationChildren sums up what hangs off a project (reports, photos,
// history) or a point (photos, history, its hazard's version), so that a
// refused change to them shows too.
func (c *cell) renovationChildren() string {
	ctx := policy.System(context.Background())
	client := c.d.DB.Client
	id := uuid.MustParse(c.target())
	var parts []int
	switch {
	case strings.HasPrefix(c.r.pattern(), "/api/v1/renovation/projects/:id"):
		reports, err := client.ProgressReport.Query().Where(progressreport.ProjectID(id)).All(ctx)
		if err != nil {
			c.t.Fatal(err)
		}
		var ids []uuid.UUID
		n := 0
		for _, r := range reports {
			ids = append(ids, r.ID)
			n += int(r.Version)
		}
		docs := rnMust(client.Document.Query().Where(document.OwnerIDIn(ids...)).Count(ctx))
		evs := rnMust(client.RenovationEvent.Query().Where(renovationevent.ProjectID(id)).Count(ctx))
		parts = []int{len(reports), n, docs, evs}
	case strings.HasPrefix(c.r.pattern(), "/api/v1/occupation_points/:id"):
		p := rnMust(client.OccupationPoint.Get(ctx, id))
		h := rnMust(client.Hazard.Get(ctx, p.HazardID))
		docs := rnMust(client.Document.Query().Where(document.OwnerID(id)).Count(ctx))
		evs := rnMust(client.RenovationEvent.Query().Where(renovationevent.PointID(id)).Count(ctx))
		parts = []int{docs, evs, int(h.Version)}
	default:
		return ""
	}
	return fmt.Sprint(parts)
}

// renovationLeftAlone counts what a refused create would have made.
func (c *cell) renovationLeftAlone() (n int, ok bool) {
	ctx := policy.System(context.Background())
	client := c.d.DB.Client
	var err error
	switch c.r.pattern() {
	case "/api/v1/renovation/plans":
		n, err = client.RenovationPlan.Query().Where(renovationplan.Year(2030)).Count(ctx)
	case "/api/v1/renovation/projects":
		n, err = client.RenovationProject.Query().Where(renovationproject.Name("矩阵改造项目")).Count(ctx)
	case "/api/v1/occupation_points":
		n, err = client.OccupationPoint.Query().Where(occupationpoint.Address("矩阵路1号")).Count(ctx)
	default:
		return 0, false
	}
	if err != nil {
		c.t.Fatal(err)
	}
	return n, true
}

// renovationFixtures makes the renovation rows' records under System.
func (d *demo) renovationFixtures(t *testing.T) {
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
	tenant := map[string]uuid.UUID{"nankai": uuid.MustParse(d.id["nankai"]), "hexi": uuid.MustParse(d.id["hexi"])}
	keep := func(alias, slug string, id uuid.UUID) {
		d.id[alias], d.district[id.String()] = id.String(), slug
	}
	org := func(alias string) uuid.UUID { return uuid.MustParse(d.id[alias]) }
	user := uuid.New()
	for _, side := range []struct{ prefix, slug, gas, street, xn string }{
		{"rn.", "nankai", "gas1", "guangkai", "xingnan"}, {"hexi.rn.", "hexi", "hexi.gas", "hexi.street", ""},
	} {
		tn := tenant[side.slug]
		pl, err := tx.RenovationPlan.Create().SetTenantID(tn).SetYear(2026).SetName("2026年燃气旧管网改造计划").SetTargetKm(88).
			SetTargetPoints(387).SetCompanyIds([]uuid.UUID{org(side.gas)}).SetDueOn("2026-12-31").Save(ctx)
		must(err)
		keep(side.prefix+"plan", side.slug, pl.ID)
		project := func(alias, street, name string) *ent.RenovationProject {
			p, err := tx.RenovationProject.Create().SetTenantID(tn).SetPlanID(pl.ID).SetProjectNo("GW-2026-" + alias).SetName(name).
				SetCompanyID(org(side.gas)).SetStreetID(org(street)).SetScopeType(enum.ScopeCourtyard).SetAgingReason(enum.AgingGreyCastIron).
				SetPlannedKm(10).SetPlannedStart("2025-01-01").SetPlannedEnd("2026-10-31").SetStatus(enum.ProjectInConstruction).
				SetActualStart("2025-01-01").SetKmDone(1).SetLastReportOn("2025-01-10").Save(ctx)
			must(err)
			keep(side.prefix+alias, side.slug, p.ID)
			return p
		}
		name := map[string]string{"nankai": "广开片区庭院管改造", "hexi": "友谊路片区庭院管改造"}[side.slug]
		pr := project("project", side.street, name)
		if side.xn != "" {
			project("project.xn", side.xn, "兴南片区庭院管改造")
		}
		r, err := tx.ProgressReport.Create().SetTenantID(tn).SetProjectID(pr.ID).SetCompanyID(pr.CompanyID).SetStreetID(pr.StreetID).
			SetReportedOn("2025-01-10").SetKmDoneCumulative(1).SetReporterName("矩阵").Save(ctx)
		must(err)
		keep(side.prefix+"project.record", side.slug, r.ID)
		doc := func(alias, owner string, id, company, street uuid.UUID) {
			key := fmt.Sprintf("%s/renovation/%s/photo.png", tn, id)
			must(d.Storage.Put(ctx, key, bytes.NewReader(tinyPNG)))
			dc, err := tx.Document.Create().SetTenantID(tn).SetCompanyID(company).SetStreetID(street).SetOwner(owner).SetOwnerID(id).
				SetFilename("现场照片.png").SetContentType("image/png").SetSize(int64(len(tinyPNG))).SetSha256("matrix").
				SetStorageKey(key).SetUploadedBy(user).SetUploadedByName("矩阵").Save(ctx)
			must(err)
			keep(alias, side.slug, dc.ID)
		}
		doc(side.prefix+"report.doc", renovation.ReportDocumentOwner, r.ID, r.CompanyID, r.StreetID)
		n := 0
		point := func(alias, street string, status enum.PointStatus, hs enum.HazardStatus, project *ent.RenovationProject) *ent.OccupationPoint {
			n++
			h, err := tx.Hazard.Create().SetTenantID(tn).SetCode(fmt.Sprintf("YH-2025-9%05d", n)).SetCompanyID(org(side.gas)).
				SetStreetID(org(street)).SetAddress(alias + "号").SetCategory(enum.CategoryPipelineOccupation).SetLevel(enum.LevelMajor).
				SetSource(enum.SourceSelfInspection).SetFoundOn("2025-01-05").SetDescription("矩阵占压点位 " + side.prefix + alias).SetDeadline("2026-06-30").
				SetOriginalDeadline("2026-06-30").SetStatus(hs).SetCreatedBy(user).Save(ctx)
			must(err)
			d.district[h.ID.String()] = side.slug
			c := tx.OccupationPoint.Create().SetTenantID(tn).SetPointNo(fmt.Sprintf("ZY-2026-9%02d", n)).SetHazardID(h.ID).
				SetCompanyID(org(side.gas)).SetStreetID(org(street)).SetAddress(alias + "号").SetPipePressure(enum.PressureMediumA).
				SetOccupierType(enum.OccupierShed).SetDiscoveredOn("2025-01-05").SetDeadline("2026-06-30").SetStatus(status)
			if project != nil {
				c.SetProjectID(project.ID).SetDisposition(enum.DisposeRerouteByProject)
			}
			if status == enum.PointDeferred {
				c.SetInterimMeasures("警示桩").SetReviewOn("2099-01-01")
			}
			p, err := c.Save(ctx)
			must(err)
			keep(side.prefix+alias, side.slug, p.ID)
			return p
		}
		p := point("point", side.street, enum.PointIdentified, enum.StatusReported, nil)
		doc(side.prefix+"point.doc", renovation.PointDocumentOwner, p.ID, p.CompanyID, p.StreetID)
		point("point.folded", side.street, enum.PointInProgress, enum.StatusRectifying, pr)
		point("point.done", side.street, enum.PointEliminated, enum.StatusRectified, pr)
		point("point.deferred", side.street, enum.PointDeferred, enum.StatusRectifying, nil)
		if side.xn != "" {
			point("point.xn", side.xn, enum.PointIdentified, enum.StatusReported, nil)
		}
	}
	must(tx.Commit())
}

func rnMust[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
