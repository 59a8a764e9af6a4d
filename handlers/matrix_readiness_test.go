package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/document"
	"github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/readinessacceptance"
	"github.com/hearthsafety/hearth/ent/readinessevent"
	"github.com/hearthsafety/hearth/ent/readinessitem"
	"github.com/hearthsafety/hearth/ent/readinessplan"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/season"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services/readiness"
)

// ---------------------------------------------------------------- the heating season and readiness
//
// The matrix's rows for services/readiness: seasons, readiness plans, their
// items, the items' documents, declaration, acceptance and the board
// (PERMISSIONS.md, "Heating"). Gas companies are refused every one of them
// whatever their role (403, policy.KindObjects); the operator has none.
//
//	columns: BA bureau_admin, BI bureau_inspector, CA company_admin, CS company_staff (gas, 津燃华润),
//	         SO street_officer, OP platform operator, HA hexi bureau_admin, HK hexi company_staff,
//	         RA company_admin, RS company_staff (heating, 南开区供热服务中心)
//
// Fixtures (readinessFixtures, made under System in every demo, beside
// the register's): 南开's seasons 2026-2027 (rd.season), 2025-2026, 2024-2025
// and 2027-2028 (rd.season.free, no plan in it), 河西's 2026-2027 and
// 2024-2025. Plans, each with its items:
//   - rd.plan: 南开区供热服务中心's in 2026-2027, in progress; items to do and
//     done in 广开街 (rd.item, rd.item.done; rd.item has a document rd.doc)
//     and in 兴南街 (rd.item.xn, rd.item.xn.done);
//   - rd.plan.ready: the same company's in 2025-2026, in progress, its one
//     item verified and its units intact: nothing blocks its declaration;
//   - rd.plan.old: the same company's in 2024-2025, declared, its one item
//     in 兴南街 (SO does not reach it);
//   - rd.plan.heat2: another company's in 2026-2027, declared, items in 广开街
//     (rd.item.heat2, rd.item.heat2.done);
//   - hexi.rd.plan: 河西's company's in progress (hexi.rd.item,
//     hexi.rd.item.done, hexi.rd.doc) and hexi.rd.plan.declared.

var (
	planProbes = []string{"rd.plan", "rd.plan.ready", "rd.plan.old", "rd.plan.heat2", "hexi.rd.plan", "hexi.rd.plan.declared"}
	itemProbes = []string{"rd.item", "rd.item.done", "rd.item.xn", "rd.item.xn.done", "hexi.rd.item", "hexi.rd.item.done"}
)

var plansListed = map[int]string{
	BA: "rd.plan rd.plan.ready rd.plan.old rd.plan.heat2",
	BI: "rd.plan rd.plan.ready rd.plan.old rd.plan.heat2",
	SO: "rd.plan rd.plan.ready rd.plan.heat2",
	HA: "hexi.rd.plan hexi.rd.plan.declared",
	RA: "rd.plan rd.plan.ready rd.plan.old",
	RS: "rd.plan rd.plan.ready rd.plan.old",
}

var itemsListed = map[int]string{
	BA: "rd.item rd.item.done rd.item.xn rd.item.xn.done",
	BI: "rd.item rd.item.done rd.item.xn rd.item.xn.done",
	SO: "rd.item rd.item.done",
	HA: "hexi.rd.item hexi.rd.item.done",
	RA: "rd.item rd.item.done rd.item.xn rd.item.xn.done",
	RS: "rd.item rd.item.done rd.item.xn rd.item.xn.done",
}

// Statuses by who may do it, beside the register's (eqReadOwn, …).
var (
	// Open a season, change one: the bureau admin of its district.
	seasonCreate     = cells{201, 403, 403, 403, 403, 403, 201, 403, 403, 403}
	seasonChangeOwn  = cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}
	seasonChangeHexi = cells{404, 403, 403, 403, 403, 403, 200, 403, 403, 403}
	// Generate a plan's items: the bureau and the company (readiness: create).
	planCreateOwn  = cells{200, 200, 403, 403, 403, 403, 404, 403, 200, 200}
	planCreateHexi = cells{404, 404, 403, 403, 403, 403, 200, 403, 404, 404}
	// Verify or send back an item: the bureau, the street in its street.
	verifyOwn     = cells{200, 200, 403, 403, 200, 403, 404, 403, 403, 403}
	verifyXingnan = cells{200, 200, 403, 403, 404, 403, 404, 403, 403, 403}
	verifyHexi    = cells{404, 404, 403, 403, 404, 403, 200, 403, 403, 403}
	// Waive: the bureau.
	waiveOwn  = cells{200, 200, 403, 403, 403, 403, 404, 403, 403, 403}
	waiveHexi = cells{404, 404, 403, 403, 403, 403, 200, 403, 403, 403}
	// The board: the bureau and the street.
	boardCells = cells{200, 200, 403, 403, 200, 403, 200, 403, 403, 403}
)

// onItems is a row on each item target (of its plan), with its cells.
func onItems(r row, items [4]string, own, xingnan, heat2, hexi cells) []row {
	plans := [4]string{"rd.plan", "rd.plan", "rd.plan.heat2", "hexi.rd.plan"}
	var out []row
	for i, want := range []cells{own, xingnan, heat2, hexi} {
		rr := r
		rr.on, rr.item, rr.want = plans[i], items[i], want
		out = append(out, rr)
	}
	return out
}

var (
	todoItems = [4]string{"rd.item", "rd.item.xn", "rd.item.heat2", "hexi.rd.item"}
	doneItems = [4]string{"rd.item.done", "rd.item.xn.done", "rd.item.heat2.done", "hexi.rd.item.done"}
)

var newItem = obj{"category": "heat_network", "title": "矩阵任务", "due_on": "2026-10-20", "street_id": "@guangkai"}

var readinessRows = slices.Concat(
	[]row{
		{route: "GET /api/v1/seasons", want: eqListCells, check: seasonsListed},
		{route: "POST /api/v1/seasons", body: obj{"code": "2030-2031"}, want: seasonCreate},
		{route: "GET /api/v1/seasons/:id", on: "rd.season", want: eqReadOwn},
		{route: "GET /api/v1/seasons/:id", on: "hexi.rd.season", want: eqReadHexi},
		{route: "PATCH /api/v1/seasons/:id", on: "rd.season", body: obj{"trial_run_start": "2026-09-30"}, want: seasonChangeOwn},
		{route: "PATCH /api/v1/seasons/:id", on: "hexi.rd.season", body: obj{"trial_run_start": "2026-09-30"}, want: seasonChangeHexi},

		{route: "GET /api/v1/readiness/plans", want: eqListCells, check: probed(planProbes, plansListed)},
		{route: "GET /api/v1/readiness/plans", query: "season_id=@rd.season&status=in_progress", want: eqListCells,
			check: probed([]string{"rd.plan", "rd.plan.ready", "rd.plan.heat2"}, map[int]string{BA: "rd.plan", BI: "rd.plan",
				SO: "rd.plan", RA: "rd.plan", RS: "rd.plan"})},
		{route: "POST /api/v1/readiness/plans", body: obj{"season_id": "@rd.season.free", "company_id": "@heat1"},
			want: cells{201, 201, 403, 403, 403, 403, 422, 403, 201, 201}, field: map[int]string{HA: "company_id"}},
		{route: "POST /api/v1/readiness/plans", what: "of a company that is not a heating company",
			body:  obj{"season_id": "@rd.season.free", "company_id": "@gas1"},
			want:  cells{422, 422, 403, 403, 403, 403, 422, 403, 422, 422},
			field: map[int]string{BA: "company_id", BI: "company_id", HA: "company_id", RA: "company_id", RS: "company_id"}},
		{route: "GET /api/v1/readiness/board", query: "season=2026-2027", want: boardCells, check: boardOf},
		{route: "GET /api/v1/readiness/board", query: "season=2026-2027&group_by=street", want: boardCells, check: boardOf},
		{route: "GET /api/v1/readiness/board/export.xlsx", query: "season=2026-2027", want: boardCells, check: workbookAnswer},

		{route: "GET /api/v1/readiness/plans/:id", on: "rd.plan", want: eqReadOwn},
		{route: "GET /api/v1/readiness/plans/:id", on: "rd.plan.old", want: eqReadXingnan},
		{route: "GET /api/v1/readiness/plans/:id", on: "rd.plan.heat2", want: eqReadHeat2},
		{route: "GET /api/v1/readiness/plans/:id", on: "hexi.rd.plan", want: eqReadHexi},
		{route: "POST /api/v1/readiness/plans/:id/generate", on: "rd.plan", want: planCreateOwn},
		{route: "POST /api/v1/readiness/plans/:id/generate", on: "hexi.rd.plan", want: planCreateHexi},
		{route: "POST /api/v1/readiness/plans/:id/declare", on: "rd.plan.ready", body: obj{"note": "已具备供热条件"},
			want: cells{403, 403, 403, 403, 403, 403, 403, 403, 200, 403}, check: declared},
		{route: "POST /api/v1/readiness/plans/:id/declare", on: "hexi.rd.plan", body: obj{"note": "已具备供热条件"},
			want: cells{403, 403, 403, 403, 403, 403, 403, 403, 404, 403}},
		{route: "POST /api/v1/readiness/plans/:id/accept", on: "rd.plan.heat2", body: acceptBody, check: accepted,
			want: cells{201, 201, 403, 403, 201, 403, 404, 403, 403, 403}},
		{route: "POST /api/v1/readiness/plans/:id/accept", on: "rd.plan.old", body: acceptBody, check: accepted,
			want: cells{201, 201, 403, 403, 404, 403, 404, 403, 403, 403}},
		{route: "POST /api/v1/readiness/plans/:id/accept", on: "hexi.rd.plan.declared", body: acceptBody, check: accepted,
			want: cells{404, 404, 403, 403, 404, 403, 201, 403, 403, 403}},
		{route: "GET /api/v1/readiness/plans/:id/history", on: "rd.plan", want: eqReadOwn, check: anyList},
		{route: "GET /api/v1/readiness/plans/:id/history", on: "hexi.rd.plan", want: eqReadHexi, check: anyList},
		{route: "GET /api/v1/readiness/plans/:id/items", on: "rd.plan", want: eqReadOwn, check: probed(itemProbes, itemsListed)},
		{route: "GET /api/v1/readiness/plans/:id/items", on: "hexi.rd.plan", want: eqReadHexi, check: probed(itemProbes, itemsListed)},
		{route: "POST /api/v1/readiness/plans/:id/items", on: "rd.plan", body: newItem, want: eqChangeOwn(201), check: itemAdded},
		{route: "POST /api/v1/readiness/plans/:id/items", on: "rd.plan", what: "in another district's street",
			body: obj{"category": "heat_network", "title": "矩阵任务", "due_on": "2026-10-20", "street_id": "@hexi.street"},
			want: cells{403, 403, 403, 403, 403, 403, 403, 403, 422, 422}, field: map[int]string{RA: "street_id", RS: "street_id"}},
		{route: "POST /api/v1/readiness/plans/:id/items", on: "hexi.rd.plan", body: newItem, want: eqChangeOther},
	},
	onItems(row{route: "GET /api/v1/readiness/plans/:id/items/:iid", check: itemAnswered}, todoItems,
		eqReadOwn, eqReadXingnan, eqReadHeat2, eqReadHexi),
	onItems(row{route: "PATCH /api/v1/readiness/plans/:id/items/:iid", body: obj{"title": "矩阵修改"}, check: itemAnswered}, todoItems,
		eqChangeOwn(200), eqChangeOwn(200), eqChangeOther, eqChangeOther),
	onItems(row{route: "POST /api/v1/readiness/plans/:id/items/:iid/start", check: itemStepped("in_progress")}, todoItems,
		eqChangeOwn(200), eqChangeOwn(200), eqChangeOther, eqChangeOther),
	onItems(row{route: "POST /api/v1/readiness/plans/:id/items/:iid/done", body: obj{"note": "已完成", "qty_done": 1},
		check: itemStepped("done")}, todoItems, eqChangeOwn(200), eqChangeOwn(200), eqChangeOther, eqChangeOther),
	onItems(row{route: "POST /api/v1/readiness/plans/:id/items/:iid/verify", check: itemStepped("verified")}, doneItems,
		verifyOwn, verifyXingnan, verifyOwn, verifyHexi),
	onItems(row{route: "POST /api/v1/readiness/plans/:id/items/:iid/reject", body: obj{"note": "照片不清楚"},
		check: itemStepped("rejected")}, doneItems, verifyOwn, verifyXingnan, verifyOwn, verifyHexi),
	onItems(row{route: "POST /api/v1/readiness/plans/:id/items/:iid/waive", body: obj{"note": "本季不适用"},
		check: itemStepped("waived")}, todoItems, waiveOwn, waiveOwn, waiveOwn, waiveHexi),
	[]row{
		{route: "GET /api/v1/readiness/plans/:id/items/:iid/documents", on: "rd.plan", item: "rd.item", want: eqReadOwn, check: itemDocument("rd.doc")},
		{route: "GET /api/v1/readiness/plans/:id/items/:iid/documents", on: "rd.plan", item: "rd.item.xn", want: eqReadXingnan, check: anyList},
		{route: "GET /api/v1/readiness/plans/:id/items/:iid/documents", on: "hexi.rd.plan", item: "hexi.rd.item", want: eqReadHexi, check: itemDocument("hexi.rd.doc")},
		{route: "POST /api/v1/readiness/plans/:id/items/:iid/documents", on: "rd.plan", item: "rd.item", form: reportUpload, want: eqChangeOwn(201), check: anyOK},
		{route: "POST /api/v1/readiness/plans/:id/items/:iid/documents", on: "rd.plan.heat2", item: "rd.item.heat2", form: reportUpload, want: eqChangeOther},
		{route: "POST /api/v1/readiness/plans/:id/items/:iid/documents", on: "hexi.rd.plan", item: "hexi.rd.item", form: reportUpload, want: eqChangeOther},
		{route: "GET /api/v1/readiness/plans/:id/items/:iid/documents/:did", on: "rd.plan", item: "rd.item", sub: "rd.doc", want: eqReadOwn, check: downloaded},
		{route: "GET /api/v1/readiness/plans/:id/items/:iid/documents/:did", on: "hexi.rd.plan", item: "hexi.rd.item", sub: "hexi.rd.doc", want: eqReadHexi, check: downloaded},
	},
)

var acceptBody = obj{"result": "pass", "inspected_on": "2026-11-20", "note": "验收合格"}

// seasonsListed: the district's seasons, each of the login's district.
func seasonsListed(c *cell, answer obj) string {
	want := map[string]int{"nankai": 4, "hexi": 2}[c.home()]
	if n := len(asList(answer["items"])); n != want {
		return fmt.Sprintf("%d seasons, want %d", n, want)
	}
	return probed([]string{"rd.season", "hexi.rd.season"}, map[int]string{BA: "rd.season", BI: "rd.season", SO: "rd.season",
		RA: "rd.season", RS: "rd.season", HA: "hexi.rd.season"})(c, answer)
}

func boardOf(_ *cell, answer obj) string {
	if answer["season"] != "2026-2027" {
		return fmt.Sprintf("the board is of season %v", answer["season"])
	}
	return ""
}

func workbookAnswer(c *cell, _ obj) string {
	text, err := workbookText(c.res.Body)
	if ct := c.res.Header.Get("Content-Type"); ct != xlsxType || err != nil || !strings.Contains(text, "<workbook") {
		return fmt.Sprintf("the answer is not a workbook (%s, %v)", ct, err)
	}
	return ""
}

func declared(c *cell, answer obj) string {
	if answer["id"] != c.target() || answer["status"] != string(enum.PlanDeclared) {
		return "the plan answered is not the target, declared"
	}
	return ""
}

func accepted(c *cell, answer obj) string {
	if answer["plan_id"] != c.target() || answer["result"] != "pass" || answer["plan_status"] != string(enum.PlanAccepted) {
		return "it is not the target's acceptance, passed"
	}
	return ""
}

func itemAdded(c *cell, answer obj) string {
	if answer["plan_id"] != c.target() || answer["title"] != "矩阵任务" || answer["street_id"] != c.d.id["guangkai"] ||
		c.res.Header.Get("Location") == "" {
		return "it is not the item sent, on the target"
	}
	return ""
}

func itemAnswered(c *cell, answer obj) string {
	if answer["id"] != c.d.id[c.r.item] || answer["plan_id"] != c.target() {
		return "it answered another item"
	}
	if title, ok := c.r.body["title"]; ok && answer["title"] != title {
		return fmt.Sprintf("title is %v, not %v", answer["title"], title)
	}
	return ""
}

func itemStepped(status string) func(*cell, obj) string {
	return func(c *cell, answer obj) string {
		if wrong := itemAnswered(c, answer); wrong != "" {
			return wrong
		}
		if answer["status"] != status {
			return fmt.Sprintf("the item is %v, not %s", answer["status"], status)
		}
		return ""
	}
}

func itemDocument(alias string) func(*cell, obj) string {
	return func(c *cell, answer obj) string {
		items := asList(answer["items"])
		if len(items) != 1 || items[0]["id"] != c.d.id[alias] {
			return "it is not the item's one document"
		}
		return ""
	}
}

// readinessPath fills the item of the row (:iid).
func (c *cell) readinessPath(p string) string {
	if !strings.Contains(p, ":iid") {
		return p
	}
	if c.d.id[c.r.item] == "" {
		c.t.Fatalf("%s: no demo item %q", c.r.route, c.r.item)
	}
	return strings.Replace(p, ":iid", c.d.id[c.r.item], 1)
}

// readinessChildren sums up a plan's items (their statuses and versions),
// their documents, its acceptances and its history, so that a refused step
// on an item shows.
func (c *cell) readinessChildren() string {
	ctx := policy.System(context.Background())
	client := c.d.DB.Client
	id := uuid.MustParse(c.target())
	items, err := client.ReadinessItem.Query().Where(readinessitem.PlanID(id)).Order(ent.Asc(readinessitem.FieldID)).All(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	var b strings.Builder
	ids := make([]uuid.UUID, len(items))
	for i, it := range items {
		ids[i] = it.ID
		fmt.Fprintf(&b, " %s:%s:%d", it.ID, it.Status, it.Version)
	}
	docs, err := client.Document.Query().Where(document.Owner(readiness.DocumentOwner), document.OwnerIDIn(ids...)).Count(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	evs, err := client.ReadinessEvent.Query().Where(readinessevent.PlanID(id)).Count(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	accs, err := client.ReadinessAcceptance.Query().Where(readinessacceptance.PlanID(id)).Count(ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	return fmt.Sprintf("%s documents %d events %d acceptances %d", b.String(), docs, evs, accs)
}

// readinessLeftAlone tells whether a refused create of a season or a plan
// made nothing; ok is false for another route.
func (c *cell) readinessLeftAlone() (n int, ok bool) {
	ctx := policy.System(context.Background())
	client := c.d.DB.Client
	var err error
	switch c.r.pattern() {
	case "/api/v1/seasons":
		n, err = client.Season.Query().Where(season.Code(c.r.body["code"].(string))).Count(ctx)
	case "/api/v1/readiness/plans":
		n, err = client.ReadinessPlan.Query().Where(readinessplan.SeasonID(uuid.MustParse(c.d.id["rd.season.free"]))).Count(ctx)
	default:
		return 0, false
	}
	if err != nil {
		c.t.Fatal(err)
	}
	return n, true
}

// readinessFixtures makes the readiness rows' records under System.
func (d *demo) readinessFixtures(t *testing.T) {
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
	seasons := map[string]*ent.Season{}
	for _, s := range []struct{ alias, slug, code string }{
		{"rd.season", "nankai", "2026-2027"}, {"rd.season.prev", "nankai", "2025-2026"},
		{"rd.season.old", "nankai", "2024-2025"}, {"rd.season.free", "nankai", "2027-2028"},
		{"hexi.rd.season", "hexi", "2026-2027"}, {"hexi.rd.season.old", "hexi", "2024-2025"},
	} {
		dt, _ := readiness.Defaults(s.code, "")
		se, err := tx.Season.Create().SetTenantID(tenant[s.slug]).SetCode(s.code).SetCampaignStart(dt.CampaignStart).
			SetTrialRunStart(dt.TrialRunStart).SetReadinessDeadline(dt.ReadinessDeadline).SetHeatingStart(dt.HeatingStart).
			SetHeatingEnd(dt.HeatingEnd).SetSummaryDays(dt.SummaryDays).Save(ctx)
		must(err)
		seasons[s.alias] = se
		keep(s.alias, s.slug, se.ID)
	}
	org := func(alias string) uuid.UUID { return uuid.MustParse(d.id[alias]) }
	plans := map[string]*ent.ReadinessPlan{}
	for _, p := range []struct {
		alias, slug, season, company string
		status                       enum.PlanStatus
	}{
		{"rd.plan", "nankai", "rd.season", "heat1", enum.PlanInProgress},
		{"rd.plan.ready", "nankai", "rd.season.prev", "heat1", enum.PlanInProgress},
		{"rd.plan.old", "nankai", "rd.season.old", "heat1", enum.PlanDeclared},
		{"rd.plan.heat2", "nankai", "rd.season", "gas2", enum.PlanDeclared},
		{"hexi.rd.plan", "hexi", "hexi.rd.season", "hexi.gas", enum.PlanInProgress},
		{"hexi.rd.plan.declared", "hexi", "hexi.rd.season.old", "hexi.gas", enum.PlanDeclared},
	} {
		pl, err := tx.ReadinessPlan.Create().SetTenantID(tenant[p.slug]).SetSeasonID(seasons[p.season].ID).
			SetCompanyID(org(p.company)).SetStatus(p.status).Save(ctx)
		must(err)
		plans[p.alias] = pl
		keep(p.alias, p.slug, pl.ID)
	}
	for _, it := range []struct {
		alias, plan, street string
		status              enum.ItemStatus
	}{
		{"rd.item", "rd.plan", "guangkai", enum.ItemTodo},
		{"rd.item.done", "rd.plan", "guangkai", enum.ItemDone},
		{"rd.item.xn", "rd.plan", "xingnan", enum.ItemTodo},
		{"rd.item.xn.done", "rd.plan", "xingnan", enum.ItemDone},
		{"rd.item.ready", "rd.plan.ready", "guangkai", enum.ItemVerified},
		{"rd.item.old", "rd.plan.old", "xingnan", enum.ItemVerified},
		{"rd.item.heat2", "rd.plan.heat2", "guangkai", enum.ItemTodo},
		{"rd.item.heat2.done", "rd.plan.heat2", "guangkai", enum.ItemDone},
		{"hexi.rd.item", "hexi.rd.plan", "hexi.street", enum.ItemTodo},
		{"hexi.rd.item.done", "hexi.rd.plan", "hexi.street", enum.ItemDone},
		{"hexi.rd.item.declared", "hexi.rd.plan.declared", "hexi.street", enum.ItemVerified},
	} {
		p := plans[it.plan]
		row, err := tx.ReadinessItem.Create().SetTenantID(p.TenantID).SetPlanID(p.ID).SetSeasonID(p.SeasonID).
			SetCompanyID(p.CompanyID).SetStreetID(org(it.street)).SetCategory(enum.ItemHeatNetwork).
			SetTitle(it.alias + "检修").SetDueOn(seasons["rd.season"].ReadinessDeadline).SetStatus(it.status).Save(ctx)
		must(err)
		keep(it.alias, d.district[p.ID.String()], row.ID)
	}
	for _, alias := range []string{"rd.item", "hexi.rd.item"} {
		it, err := tx.ReadinessItem.Get(ctx, uuid.MustParse(d.id[alias]))
		must(err)
		key := fmt.Sprintf("%s/readiness/%s/photo.png", it.TenantID, it.ID)
		must(d.Storage.Put(ctx, key, bytes.NewReader(tinyPNG)))
		doc, err := tx.Document.Create().SetTenantID(it.TenantID).SetCompanyID(it.CompanyID).SetStreetID(it.StreetID).
			SetOwner(readiness.DocumentOwner).SetOwnerID(it.ID).SetFilename("现场照片.png").SetContentType("image/png").
			SetSize(int64(len(tinyPNG))).SetSha256("matrix").SetStorageKey(key).SetUploadedBy(uuid.New()).
			SetUploadedByName("矩阵").Save(ctx)
		must(err)
		keep(strings.Replace(alias, "item", "doc", 1), d.district[it.ID.String()], doc.ID)
	}
	// Nothing blocks rd.plan.ready: its company's units are intact.
	units, err := tx.Equipment.Query().Where(equipment.CompanyID(org("heat1"))).IDs(ctx)
	must(err)
	for _, id := range units {
		must(tx.Equipment.UpdateOneID(id).SetCondition(enum.ConditionIntact).Exec(ctx))
	}
	must(tx.Commit())
}
