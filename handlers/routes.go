package handlers

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/alarms"
	"github.com/hearthsafety/hearth/services/calendar"
	"github.com/hearthsafety/hearth/services/equipment"
	"github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/services/notify"
	"github.com/hearthsafety/hearth/services/readiness"
	"github.com/hearthsafety/hearth/services/renovation"
)

// route is one endpoint: how it is reached, who may take it, what it reads
// and answers. The list below is the one place routes are declared.
type route struct {
	Method, Path string
	Summary      string
	Public       bool        // no sign-in
	Obj, Act     string      // the casbin check; empty: any signed-in caller
	In, Out      any         // request and success body types, for OpenAPI
	Status       int         // success status (200 when zero)
	Also         map[int]any // other answers with a body of their own: status → type
	Errors       []int       // error statuses besides those of the route's shape (see errorStatuses)
	Query        []param
	Idempotent   bool     // takes Idempotency-Key
	Upload       bool     // In is a multipart form, not JSON
	Produces     []string // the success content types when not JSON
	Handler      fiber.Handler
}

const v1 = "/api/v1"

// summaryParams are the parameters of the ledger summary, as JSON and as a
// workbook.
var summaryParams = []param{qEnum("group_by", "What to count by.", "SummaryGroup").withDefault("street"),
	qDate("from", "Only hazards found on or after this date."), qDate("to", "Only hazards found on or before this date.")}

// projectParams are the filters of the renovation projects, as JSON and
// as a workbook.
var projectParams = []param{qUUID("plan_id", "Only this plan's projects."), qInt("year", "Only the projects of this year's plan.", 2000, 2100, 0),
	qUUID("street_id", "Only projects in this street."), qEnum("status", "Only projects in this status.", "ProjectStatus"),
	qEnum("scope_type", "Only projects of this scope.", "ScopeType"), qBool("supervised", "Only supervised (挂牌督办) projects, or only others."),
	qText("q", "Projects whose number or name contains this.", 100)}

// pointParams are the filters of the occupation points.
var pointParams = []param{qUUID("street_id", "Only points in this street."), qEnum("status", "Only points in this status.", "PointStatus"),
	qUUID("project_id", "Only points folded into this project."), qUUID("hazard_id", "The point whose ledger hazard this is."),
	qEnum("level", "Only points of this level (major: on medium-pressure or higher mains).", "HazardLevel"),
	qBool("major", "Only major points, or only general ones."), qText("q", "Points whose number, address or occupier contains this.", 100)}

// renovationBoardParams are the parameters of the renovation board.
var renovationBoardParams = []param{qInt("year", "The plan's year; this year when left out.", 2000, 2100, 0)}

// boardParams are the parameters of the readiness board, as JSON and as a
// workbook.
var boardParams = []param{qText("season", "The season's code, as 2026-2027; the latest season when left out.", 9),
	qEnum("group_by", "A row per company or per street.", "BoardGroup").withDefault("company")}

func (a *api) routes() []route {
	q := func(ps ...param) []param { return append(ps, pageParams...) } // a list's filters, then paging
	return []route{
		{Method: http.MethodGet, Path: "/healthz", Summary: "Liveness", Public: true, Out: healthOut{}, Handler: a.healthz},
		{Method: http.MethodGet, Path: "/readyz", Summary: "Readiness: database and Redis (503 when not ready)", Public: true, Out: readyOut{},
			Also: map[int]any{http.StatusServiceUnavailable: readyOut{}}, Handler: a.readyz},
		{Method: http.MethodGet, Path: "/metrics", Summary: "Prometheus metrics, for the bearer of HEARTH_METRICS_TOKEN (off without one)", Public: true,
			Produces: []string{"text/plain"}, Errors: []int{http.StatusUnauthorized, http.StatusNotFound}, Handler: a.metrics()},
		{Method: http.MethodGet, Path: v1 + "/openapi.json", Summary: "This API's OpenAPI 3.1 document", Public: true,
			Produces: []string{fiber.MIMEApplicationJSON}, Handler: a.openapi},
		{Method: http.MethodGet, Path: "/api/docs", Summary: "This API's reference as one HTML page (the OpenAPI document rendered; no script, works offline)", Public: true,
			Produces: []string{fiber.MIMETextHTML}, Handler: a.apiDocs},

		{Method: http.MethodPost, Path: v1 + "/auth/login", Summary: "Sign in with district, username and password", Public: true,
			In: loginIn{}, Out: tokenOut{}, Errors: []int{http.StatusUnauthorized, http.StatusTooManyRequests, http.StatusServiceUnavailable},
			Handler: a.login},
		{Method: http.MethodPost, Path: v1 + "/auth/refresh", Summary: "Trade a refresh token for a new pair", Public: true,
			In: refreshIn{}, Out: tokenOut{}, Errors: []int{http.StatusUnauthorized}, Handler: a.refresh},
		{Method: http.MethodPost, Path: v1 + "/auth/logout", Summary: "Sign out: the refresh token's session ends, and every token issued in it", Public: true,
			In: refreshIn{}, Status: http.StatusNoContent, Errors: []int{http.StatusUnauthorized}, Handler: a.logout},
		{Method: http.MethodGet, Path: v1 + "/me", Summary: "The signed-in user, organisation, roles and jurisdiction",
			Out: meOut{}, Handler: a.me},
		{Method: http.MethodPost, Path: v1 + "/me/password", Summary: "Change your own password (every session of yours ends; sign in again)",
			In: accounts.OwnPassword{}, Status: http.StatusNoContent, Handler: a.changeOwnPassword},

		{Method: http.MethodGet, Path: v1 + "/tenants", Summary: "List districts", Obj: "tenant", Act: "list",
			Out: list[tenantOut]{}, Query: pageParams, Handler: a.listTenants},
		{Method: http.MethodPost, Path: v1 + "/tenants", Summary: "Provision a district with its bureau and first admin",
			Obj: "tenant", Act: "create", In: tenantCreateIn{}, Out: tenantCreatedOut{}, Status: http.StatusCreated, Idempotent: true, Handler: a.createTenant},
		{Method: http.MethodGet, Path: v1 + "/tenants/:id", Summary: "Get a district", Obj: "tenant", Act: "get",
			Out: tenantOut{}, Handler: a.getTenant},
		{Method: http.MethodPatch, Path: v1 + "/tenants/:id", Summary: "Change a district (If-Match)", Obj: "tenant", Act: "update",
			In: tenantPatchIn{}, Out: tenantOut{}, Handler: a.patchTenant},

		{Method: http.MethodGet, Path: v1 + "/settings", Summary: "The caller's district settings", Obj: "settings", Act: "read",
			Out: tenantOut{}, Handler: a.getSettings},
		{Method: http.MethodPatch, Path: v1 + "/settings", Summary: "Change the district settings (If-Match)", Obj: "settings", Act: "update",
			In: settingsPatchIn{}, Out: tenantOut{}, Handler: a.patchSettings},

		{Method: http.MethodGet, Path: v1 + "/notifications", Summary: "The caller's inbox: one digest a day, newest first",
			Obj: "notification", Act: "list", Out: list[notificationOut]{}, Query: q(qBool("unread", "true: only unread digests; false: only read ones.")),
			Handler: a.listNotifications},
		{Method: http.MethodGet, Path: v1 + "/notifications/unread_count", Summary: "How many of the caller's digests are unread",
			Obj: "notification", Act: "list", Out: unreadOut{}, Handler: a.unreadCount},
		{Method: http.MethodPost, Path: v1 + "/notifications/read_all", Summary: "Mark every digest of the caller read",
			Obj: "notification", Act: "read", Out: readAllOut{}, Handler: a.readAll},
		{Method: http.MethodGet, Path: v1 + "/notifications/:id", Summary: "One digest with its items",
			Obj: "notification", Act: "list", Out: notificationOut{}, Handler: a.getNotification},
		{Method: http.MethodPost, Path: v1 + "/notifications/:id/read", Summary: "Mark a digest read",
			Obj: "notification", Act: "read", Out: notificationOut{}, Handler: a.readNotification},

		{Method: http.MethodGet, Path: v1 + "/reminders", Summary: "The district's reminder queue",
			Obj: "reminder", Act: "list", Out: list[reminderOut]{},
			Query: q(qEnum("queue", "Only reminders at this place in the queue.", "ReminderQueue"),
				qUUID("hazard_id", "Only this hazard's reminders."),
				qText("subject", "Only reminders of this kind of record (hazard).", 40),
				qUUID("subject_id", "Only this record's reminders."),
				qEnum("kind", "Only reminders of this kind.", "ReminderKind")), Handler: a.listReminders},
		{Method: http.MethodGet, Path: v1 + "/reminders/summary", Summary: "Reminders and webhook deliveries counted by where they are",
			Obj: "reminder", Act: "list", Out: queueSummaryOut{}, Handler: a.reminderSummary},
		{Method: http.MethodGet, Path: v1 + "/reminders/:id", Summary: "One reminder",
			Obj: "reminder", Act: "list", Out: reminderOut{}, Handler: a.getReminder},
		{Method: http.MethodPost, Path: v1 + "/reminders/:id/retry", Summary: "Schedule a failed reminder again, due now",
			Obj: "reminder", Act: "retry", Out: reminderOut{}, Errors: []int{http.StatusConflict}, Handler: a.retryReminder},

		{Method: http.MethodGet, Path: v1 + "/webhooks", Summary: "List webhooks in scope",
			Obj: "webhook", Act: "list", Out: list[webhookOut]{}, Query: q(qUUID("org_id", "Only this organisation's webhooks.")), Handler: a.listWebhooks},
		{Method: http.MethodPost, Path: v1 + "/webhooks", Summary: "Add an organisation's webhook (generic, wecom or dingtalk)",
			Obj: "webhook", Act: "create", In: notify.NewWebhook{}, Out: webhookOut{}, Status: http.StatusCreated,
			Idempotent: true, Handler: a.createWebhook},
		{Method: http.MethodGet, Path: v1 + "/webhooks/:id", Summary: "Get a webhook",
			Obj: "webhook", Act: "get", Out: webhookOut{}, Handler: a.getWebhook},
		{Method: http.MethodPatch, Path: v1 + "/webhooks/:id", Summary: "Change a webhook (If-Match)",
			Obj: "webhook", Act: "update", In: notify.WebhookPatch{}, Out: webhookOut{}, Handler: a.patchWebhook},
		{Method: http.MethodDelete, Path: v1 + "/webhooks/:id", Summary: "Delete a webhook and its delivery log",
			Obj: "webhook", Act: "delete", Status: http.StatusNoContent, Handler: a.deleteWebhook},
		{Method: http.MethodPost, Path: v1 + "/webhooks/:id/rotate_secret", Summary: "Give a generic webhook a new signing secret",
			Obj: "webhook", Act: "update", Out: webhookOut{}, Errors: []int{http.StatusConflict}, Handler: a.rotateSecret},
		{Method: http.MethodPost, Path: v1 + "/webhooks/:id/test", Summary: "Send a test message",
			Obj: "webhook", Act: "update", Out: deliveryOut{}, Status: http.StatusAccepted, Errors: []int{http.StatusConflict}, Handler: a.testWebhook},
		{Method: http.MethodGet, Path: v1 + "/webhooks/:id/deliveries", Summary: "A webhook's delivery log, newest first",
			Obj: "webhook", Act: "get", Out: list[deliveryOut]{}, Query: q(qEnum("state", "Only deliveries in this state.", "DeliveryState")),
			Handler: a.listDeliveries},
		{Method: http.MethodPost, Path: v1 + "/webhooks/:id/deliveries/:did/retry", Summary: "Send a failed delivery again",
			Obj: "webhook", Act: "update", Out: deliveryOut{}, Errors: []int{http.StatusConflict}, Handler: a.retryDelivery},

		{Method: http.MethodGet, Path: v1 + "/orgs", Summary: "List organisations in scope", Obj: "org", Act: "list",
			Out: list[orgOut]{}, Query: q(qEnum("kind", "Only organisations of this kind.", "OrgKind"),
				qUUID("parent_id", "Only organisations under this one (a street's communities)."),
				qText("q", "Text the name contains.", services.MaxTextFilter),
				qBool("disabled", "true: only disabled organisations; false: only enabled ones.")), Handler: a.listOrgs},
		{Method: http.MethodPost, Path: v1 + "/orgs", Summary: "Create an organisation", Obj: "org", Act: "create",
			In: orgCreateIn{}, Out: orgOut{}, Status: http.StatusCreated, Idempotent: true, Handler: a.createOrg},
		{Method: http.MethodGet, Path: v1 + "/orgs/:id", Summary: "Get an organisation", Obj: "org", Act: "get",
			Out: orgOut{}, Handler: a.getOrg},
		{Method: http.MethodPatch, Path: v1 + "/orgs/:id", Summary: "Change an organisation (If-Match)", Obj: "org", Act: "update",
			In: orgPatchIn{}, Out: orgOut{}, Errors: []int{http.StatusConflict}, Handler: a.patchOrg},
		{Method: http.MethodPost, Path: v1 + "/orgs/:id/disable", Summary: "Disable an organisation: its users can no longer sign in",
			Obj: "org", Act: "disable", Out: orgOut{}, Errors: []int{http.StatusConflict}, Handler: a.setOrgDisabled(true)},
		{Method: http.MethodPost, Path: v1 + "/orgs/:id/enable", Summary: "Enable an organisation again",
			Obj: "org", Act: "disable", Out: orgOut{}, Handler: a.setOrgDisabled(false)},

		{Method: http.MethodGet, Path: v1 + "/users", Summary: "List users in scope", Obj: "user", Act: "list",
			Out: list[userOut]{}, Query: q(qUUID("org_id", "Only this organisation's users."),
				qText("q", "Text the username or the display name contains.", services.MaxTextFilter),
				qBool("disabled", "true: only disabled users; false: only enabled ones.")), Handler: a.listUsers},
		{Method: http.MethodPost, Path: v1 + "/users", Summary: "Create a user with roles", Obj: "user", Act: "create",
			In: userCreateIn{}, Out: userOut{}, Status: http.StatusCreated, Idempotent: true, Handler: a.createUser},
		{Method: http.MethodGet, Path: v1 + "/users/:id", Summary: "Get a user", Obj: "user", Act: "get",
			Out: userOut{}, Handler: a.getUser},
		{Method: http.MethodPatch, Path: v1 + "/users/:id", Summary: "Change a user's name, password or roles (If-Match)",
			Obj: "user", Act: "update", In: userPatchIn{}, Out: userOut{}, Errors: []int{http.StatusConflict}, Handler: a.patchUser},
		{Method: http.MethodPost, Path: v1 + "/users/:id/disable", Summary: "Disable a user: its tokens stop working at once",
			Obj: "user", Act: "disable", Out: userOut{}, Errors: []int{http.StatusConflict}, Handler: a.setUserDisabled(true)},
		{Method: http.MethodPost, Path: v1 + "/users/:id/enable", Summary: "Enable a user again",
			Obj: "user", Act: "disable", Out: userOut{}, Handler: a.setUserDisabled(false)},

		{Method: http.MethodGet, Path: v1 + "/hazards", Summary: "List the hazard ledger in scope", Obj: "hazard", Act: "list",
			Out: list[hazardOut]{}, Query: hazardQuery(ledger.QueryKeys), Handler: a.listHazards},
		{Method: http.MethodPost, Path: v1 + "/hazards", Summary: "Record a hazard", Obj: "hazard", Act: "create",
			In: ledger.CreateInput{}, Out: hazardOut{}, Status: http.StatusCreated, Idempotent: true, Handler: a.createHazard},
		// Before /hazards/:id, which would take "export.xlsx" and "import" for ids.
		{Method: http.MethodGet, Path: v1 + "/hazards/export.xlsx", Summary: "The ledger in scope as an Excel workbook: the list's filters, every matching row (at most 100,000), Chinese headers and values",
			Obj: "hazard", Act: "export", Query: hazardQuery(ledger.ExportQueryKeys), Produces: []string{xlsxMIME}, Handler: a.exportHazards},
		{Method: http.MethodGet, Path: v1 + "/hazards/import/template", Summary: "The Excel import template: the ledger's header row, with notes and an example on a second sheet",
			Obj: "hazard", Act: "create", Produces: []string{xlsxMIME}, Handler: a.importTemplate},
		{Method: http.MethodPost, Path: v1 + "/hazards/import", Summary: "Import hazards from the first sheet of an .xlsx (multipart: file; at most 5,000 rows), all or nothing; a row whose 编号 is in the ledger already is left as it is (unchanged), so an export imports back without a change; dry_run=true answers 200 with each row's problems and writes nothing",
			Obj: "hazard", Act: "create", In: importForm{}, Upload: true, Out: importOut{}, Status: http.StatusCreated,
			Also:       map[int]any{http.StatusOK: importCheckOut{}},
			Query:      []param{qBool("dry_run", "true: check every row and answer 200 with the problems, writing nothing.").withDefault(false)},
			Idempotent: true, Handler: a.importHazards},
		{Method: http.MethodGet, Path: v1 + "/hazards/:id", Summary: "Get a hazard", Obj: "hazard", Act: "get",
			Out: hazardOut{}, Handler: a.getHazard},
		{Method: http.MethodPatch, Path: v1 + "/hazards/:id", Summary: "Edit a hazard's fields (If-Match)", Obj: "hazard", Act: "update",
			In: ledger.PatchInput{}, Out: hazardOut{}, Errors: []int{http.StatusConflict}, Handler: a.patchHazard},
		{Method: http.MethodPost, Path: v1 + "/hazards/:id/start", Summary: "Start rectifying (reported → rectifying)", Obj: "hazard", Act: "start",
			In: noteIn{}, Out: hazardOut{}, Errors: []int{http.StatusConflict}, Handler: a.step(ledger.Start)},
		{Method: http.MethodPost, Path: v1 + "/hazards/:id/submit", Summary: "Submit the rectification with evidence (rectifying → rectified)", Obj: "hazard", Act: "submit",
			In: noteIn{}, Out: hazardOut{}, Errors: []int{http.StatusConflict}, Handler: a.step(ledger.Submit)},
		{Method: http.MethodPost, Path: v1 + "/hazards/:id/verify", Summary: "Accept the rectification (rectified → verified, 销号)", Obj: "hazard", Act: "verify",
			In: noteIn{}, Out: hazardOut{}, Errors: []int{http.StatusConflict}, Handler: a.step(ledger.Verify)},
		{Method: http.MethodPost, Path: v1 + "/hazards/:id/reject", Summary: "Send the rectification back with a reason (rectified → rectifying)", Obj: "hazard", Act: "reject",
			In: noteIn{}, Out: hazardOut{}, Errors: []int{http.StatusConflict}, Handler: a.step(ledger.Reject)},
		{Method: http.MethodGet, Path: v1 + "/hazards/:id/history", Summary: "Every step of a hazard: who, when, why", Obj: "hazard", Act: "history",
			Out: list[eventOut]{}, Handler: a.hazardHistory},
		{Method: http.MethodGet, Path: v1 + "/extensions", Summary: "Extension requests in scope, oldest first: the bureau's queue of its district, a company's own, a street's",
			Obj: "extension", Act: "list", Out: list[extensionQueueOut]{},
			Query: q(qEnum("status", "Only requests in this state (pending: the queue).", "ExtensionStatus")), Handler: a.listDistrictExtensions},
		{Method: http.MethodGet, Path: v1 + "/hazards/:id/extensions", Summary: "A hazard's deadline extension requests", Obj: "hazard", Act: "get",
			Out: list[extensionOut]{}, Handler: a.listExtensions},
		{Method: http.MethodPost, Path: v1 + "/hazards/:id/extensions", Summary: "Ask for a later deadline", Obj: "extension", Act: "request",
			In: ledger.ExtensionInput{}, Out: extensionOut{}, Status: http.StatusCreated, Errors: []int{http.StatusConflict}, Handler: a.requestExtension},
		{Method: http.MethodPost, Path: v1 + "/hazards/:id/extensions/:eid/approve", Summary: "Approve an extension: the deadline moves", Obj: "extension", Act: "decide",
			In: noteIn{}, Out: extensionOut{}, Errors: []int{http.StatusConflict}, Handler: a.decideExtension(true)},
		{Method: http.MethodPost, Path: v1 + "/hazards/:id/extensions/:eid/refuse", Summary: "Refuse an extension", Obj: "extension", Act: "decide",
			In: noteIn{}, Out: extensionOut{}, Errors: []int{http.StatusConflict}, Handler: a.decideExtension(false)},
		{Method: http.MethodGet, Path: v1 + "/hazards/:id/attachments", Summary: "A hazard's evidence", Obj: "hazard", Act: "get",
			Out: list[attachmentOut]{}, Handler: a.listAttachments},
		{Method: http.MethodPost, Path: v1 + "/hazards/:id/attachments", Summary: "Attach evidence (multipart: file, stage before|after; photos and PDFs, 10 MiB)", Obj: "hazard", Act: "attach",
			In: attachmentForm{}, Upload: true, Out: attachmentOut{}, Status: http.StatusCreated, Errors: []int{http.StatusConflict}, Idempotent: true,
			Handler: a.addAttachment},
		{Method: http.MethodGet, Path: v1 + "/hazards/:id/attachments/:aid", Summary: "Download one piece of evidence", Obj: "hazard", Act: "get",
			Produces: []string{"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"}, Handler: a.getAttachment},
		{Method: http.MethodGet, Path: v1 + "/ledger/summary", Summary: "Ledger counts by street, company, industry or category", Obj: "ledger", Act: "summary",
			Out: ledger.SummaryOut{}, Query: summaryParams, Handler: a.ledgerSummary},
		{Method: http.MethodGet, Path: v1 + "/ledger/summary.xlsx", Summary: "The ledger counts as a print-ready Excel summary table (汇总表): a row a group, the totals, Chinese headers",
			Obj: "ledger", Act: "summary", Query: summaryParams, Produces: []string{xlsxMIME}, Handler: a.ledgerSummaryWorkbook},

		{Method: http.MethodGet, Path: v1 + "/sites", Summary: "List the heating register's sites in scope (热源厂/锅炉房, 换热站, 管网段, 燃气设施)",
			Obj: "site", Act: "list", Out: list[siteOut]{}, Query: q(qUUID("street_id", "Only sites in this street."),
				qUUID("company_id", "Only this heating company's sites."), qEnum("kind", "Only sites of this kind.", "SiteKind"),
				qText("q", "Text the name or the address contains.", services.MaxTextFilter)), Handler: a.listSites},
		{Method: http.MethodPost, Path: v1 + "/sites", Summary: "Record a site of your heating company",
			Obj: "site", Act: "create", In: equipment.SiteInput{}, Out: siteOut{}, Status: http.StatusCreated, Idempotent: true, Handler: a.createSite},
		{Method: http.MethodGet, Path: v1 + "/sites/:id", Summary: "Get a site", Obj: "site", Act: "get", Out: siteOut{}, Handler: a.getSite},
		{Method: http.MethodPatch, Path: v1 + "/sites/:id", Summary: "Change a site (If-Match); a move to another street takes its equipment, their inspections, documents and reminders along",
			Obj: "site", Act: "update", In: equipment.SitePatch{}, Out: siteOut{}, Handler: a.patchSite},

		{Method: http.MethodGet, Path: v1 + "/equipment", Summary: "List the equipment register in scope (设备台账)", Obj: "equipment", Act: "list",
			Out: list[equipmentOut]{}, Query: equipmentQuery(equipment.QueryKeys), Handler: a.listEquipment},
		{Method: http.MethodPost, Path: v1 + "/equipment", Summary: "Record a unit on a site of your company; its inspection clocks follow",
			Obj: "equipment", Act: "create", In: equipment.EquipmentInput{}, Out: equipmentOut{}, Status: http.StatusCreated, Idempotent: true, Handler: a.createEquipment},
		// Before /equipment/:id, which would take "export.xlsx" and "import" for ids.
		{Method: http.MethodGet, Path: v1 + "/equipment/export.xlsx", Summary: "The register in scope as the 特种设备台账 workbook: the list's filters, every matching unit (at most 100,000), one row per inspection it owes with its latest record, Chinese headers and values",
			Obj: "equipment", Act: "export", Query: equipmentQuery(equipment.ExportQueryKeys), Produces: []string{xlsxMIME}, Handler: a.exportEquipment},
		{Method: http.MethodGet, Path: v1 + "/equipment/import/template", Summary: "The 特种设备台账 import template: the header row with notes and drop-down lists, an explanation and an example on a second sheet",
			Obj: "equipment", Act: "create", Produces: []string{xlsxMIME}, Handler: a.equipmentTemplate},
		{Method: http.MethodPost, Path: v1 + "/equipment/import", Summary: "Import the 特种设备台账 from the first sheet of an .xlsx (multipart: file; at most 5,000 rows), all or nothing: a row names its site by 使用地点, creates its unit unless the site has one of that name or the register one of that 设备代码, and adds its inspection record unless the unit has one of that type on that date (unchanged), so an export imports back without a change; dry_run=true answers 200 with each row's problems and writes nothing",
			Obj: "equipment", Act: "create", In: importForm{}, Upload: true, Out: equipmentImportOut{}, Status: http.StatusCreated,
			Also:       map[int]any{http.StatusOK: equipmentImportCheckOut{}},
			Query:      []param{qBool("dry_run", "true: check every row and answer 200 with the problems, writing nothing.").withDefault(false)},
			Idempotent: true, Handler: a.importEquipment},
		{Method: http.MethodGet, Path: v1 + "/equipment/:id", Summary: "Get a unit with the inspections it owes (one clock per inspection type: due date and state)",
			Obj: "equipment", Act: "get", Out: equipmentOut{}, Handler: a.getEquipment},
		{Method: http.MethodPatch, Path: v1 + "/equipment/:id", Summary: "Change a unit (If-Match); its clocks follow",
			Obj: "equipment", Act: "update", In: equipment.EquipmentPatch{}, Out: equipmentOut{}, Handler: a.patchEquipment},
		{Method: http.MethodGet, Path: v1 + "/equipment/:id/inspections", Summary: "A unit's inspection records, newest first",
			Obj: "inspection", Act: "list", Out: list[recordOut]{}, Query: q(qEnum("type", "Only records of this inspection type.", "InspectionType")),
			Handler: a.listRecords},
		{Method: http.MethodPost, Path: v1 + "/equipment/:id/inspections", Summary: "Record an inspection (append-only; supersedes the last of its type; a failing one opens an equipment_defect hazard linked both ways)",
			Obj: "inspection", Act: "create", In: equipment.RecordInput{}, Out: recordOut{}, Status: http.StatusCreated, Idempotent: true,
			Errors: []int{http.StatusConflict}, Handler: a.addRecord},
		{Method: http.MethodGet, Path: v1 + "/equipment/:id/inspections/:rid/documents", Summary: "An inspection record's documents",
			Obj: "inspection", Act: "list", Out: list[documentOut]{}, Handler: a.listDocuments},
		{Method: http.MethodPost, Path: v1 + "/equipment/:id/inspections/:rid/documents", Summary: "Attach a document to an inspection record (multipart: file; photos and PDFs, 10 MiB)",
			Obj: "inspection", Act: "create", In: documentForm{}, Upload: true, Out: documentOut{}, Status: http.StatusCreated,
			Errors: []int{http.StatusConflict}, Handler: a.addDocument},
		{Method: http.MethodGet, Path: v1 + "/equipment/:id/inspections/:rid/documents/:did", Summary: "Download one document",
			Obj: "inspection", Act: "list", Produces: []string{"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"}, Handler: a.getDocument},

		{Method: http.MethodGet, Path: v1 + "/inspection_rules", Summary: "The district's effective inspection rules: each the statutory default or the bureau's override, with labels and basis",
			Obj: "inspection_rule", Act: "list", Out: list[ruleOut]{}, Handler: a.listRules},
		{Method: http.MethodPut, Path: v1 + "/inspection_rules/:equipment_kind/:type", Summary: "Override a rule for the district; the clocks of that kind follow",
			Obj: "inspection_rule", Act: "update", In: equipment.RuleInput{}, Out: ruleOut{}, Handler: a.putRule},
		{Method: http.MethodDelete, Path: v1 + "/inspection_rules/:equipment_kind/:type", Summary: "Drop the district's override: the statutory default holds again",
			Obj: "inspection_rule", Act: "update", Status: http.StatusNoContent, Handler: a.deleteRule},
		{Method: http.MethodGet, Path: v1 + "/seasons", Summary: "The district's heating seasons, newest first", Obj: "season", Act: "list",
			Out: list[seasonOut]{}, Query: pageParams, Handler: a.listSeasons},
		{Method: http.MethodPost, Path: v1 + "/seasons", Summary: "Open a heating season (采暖季); dates left out take Tianjin's defaults: campaign from the day after the previous season ends, trial run 10-01, ready by 10-31, heating 11-15 to 03-15, summaries 10-15 and 10-25",
			Obj: "season", Act: "create", In: readiness.SeasonInput{}, Out: seasonOut{}, Status: http.StatusCreated, Idempotent: true,
			Errors: []int{http.StatusConflict}, Handler: a.createSeason},
		{Method: http.MethodGet, Path: v1 + "/seasons/:id", Summary: "Get a heating season", Obj: "season", Act: "list",
			Out: seasonOut{}, Handler: a.getSeason},
		{Method: http.MethodPatch, Path: v1 + "/seasons/:id", Summary: "Change a season's dates or status (If-Match); the dates are checked in order",
			Obj: "season", Act: "update", In: readiness.SeasonPatch{}, Out: seasonOut{}, Handler: a.patchSeason},

		{Method: http.MethodGet, Path: v1 + "/readiness/plans", Summary: "Readiness plans (冬病夏治任务清单) in scope, with their items counted",
			Obj: "readiness", Act: "list", Out: list[planOut]{}, Query: q(qUUID("season_id", "Only this season's plans."),
				qUUID("company_id", "Only this company's plan."), qEnum("status", "Only plans in this state.", "PlanStatus")),
			Handler: a.listPlans},
		{Method: http.MethodPost, Path: v1 + "/readiness/plans", Summary: "Open a heating company's plan for a season (one per company and season) with the items its register needs (each statutory inspection not valid for the season)",
			Obj: "readiness", Act: "create", In: readiness.PlanInput{}, Out: planOut{}, Status: http.StatusCreated, Idempotent: true,
			Errors: []int{http.StatusConflict}, Handler: a.createPlan},
		// Before /readiness/plans/:id's kin, the board.
		{Method: http.MethodGet, Path: v1 + "/readiness/board", Summary: "The readiness board of a season per company or per street: 设备完好率, 检修完成率, 年度校验完成率 with numerators and denominators, items overdue, blockers by kind, status; district totals; the weekly trend",
			Obj: "readiness", Act: "board", Out: readiness.Board{}, Query: boardParams, Handler: a.readinessBoard},
		{Method: http.MethodGet, Path: v1 + "/readiness/board/export.xlsx", Summary: "The readiness board as a print-ready Excel summary table (供热准备情况汇总表)",
			Obj: "readiness", Act: "board", Query: boardParams, Produces: []string{xlsxMIME}, Handler: a.readinessBoardWorkbook},
		{Method: http.MethodGet, Path: v1 + "/readiness/plans/:id", Summary: "Get a readiness plan with its items counted", Obj: "readiness", Act: "list",
			Out: planOut{}, Handler: a.getPlan},
		{Method: http.MethodPost, Path: v1 + "/readiness/plans/:id/generate", Summary: "Add the items the register needs now that the plan does not have yet",
			Obj: "readiness", Act: "create", Out: planOut{}, Errors: []int{http.StatusConflict}, Handler: a.generatePlan},
		{Method: http.MethodPost, Path: v1 + "/readiness/plans/:id/declare", Summary: "Declare the company ready for the season (具备供热条件); refused with 422 not_ready, whose member blockers lists every one ({code, message, item_id, equipment_id, hazard_id}: an item not finished, a unit in scope not intact, a statutory inspection not valid for the season, an open major hazard)",
			Obj: "readiness", Act: "declare", In: declareIn{}, Out: planOut{},
			Errors: []int{http.StatusConflict}, Handler: a.declarePlan},
		{Method: http.MethodPost, Path: v1 + "/readiness/plans/:id/accept", Summary: "Accept a declared plan (验收): pass, conditional (each condition a follow-up item) or fail (a note); findings become hazards",
			Obj: "readiness", Act: "accept", In: readiness.AcceptInput{}, Out: acceptanceOut{}, Status: http.StatusCreated, Idempotent: true,
			Errors: []int{http.StatusConflict}, Handler: a.acceptPlan},
		{Method: http.MethodGet, Path: v1 + "/readiness/plans/:id/history", Summary: "Every step of a plan and its items: who, when, why",
			Obj: "readiness", Act: "list", Out: list[readinessEventOut]{}, Query: pageParams, Handler: a.planHistory},
		{Method: http.MethodGet, Path: v1 + "/readiness/plans/:id/items", Summary: "A plan's items in scope (a street: those in its street)",
			Obj: "readiness", Act: "list", Out: list[readinessItemOut]{}, Query: q(qEnum("status", "Only items in this state.", "ItemStatus"),
				qEnum("category", "Only items of this category.", "ItemCategory")), Handler: a.listItems},
		{Method: http.MethodPost, Path: v1 + "/readiness/plans/:id/items", Summary: "Add an item to a plan (at a site, a unit, or in a street); due by the readiness deadline",
			Obj: "readiness", Act: "update", In: readiness.ItemInput{}, Out: readinessItemOut{}, Status: http.StatusCreated, Idempotent: true,
			Errors: []int{http.StatusConflict}, Handler: a.addItem},
		{Method: http.MethodGet, Path: v1 + "/readiness/plans/:id/items/:iid", Summary: "Get an item", Obj: "readiness", Act: "list",
			Out: readinessItemOut{}, Handler: a.getItem},
		{Method: http.MethodPatch, Path: v1 + "/readiness/plans/:id/items/:iid", Summary: "Change an item's fields (If-Match)", Obj: "readiness", Act: "update",
			In: readiness.ItemPatch{}, Out: readinessItemOut{}, Errors: []int{http.StatusConflict}, Handler: a.patchItem},
		{Method: http.MethodPost, Path: v1 + "/readiness/plans/:id/items/:iid/start", Summary: "Start an item (todo or rejected → in progress)",
			Obj: "readiness", Act: "update", In: readiness.StepInput{}, Out: readinessItemOut{}, Errors: []int{http.StatusConflict}, Handler: a.itemStep(readiness.Start)},
		{Method: http.MethodPost, Path: v1 + "/readiness/plans/:id/items/:iid/done", Summary: "Finish an item with evidence: a document or a note, and the quantity done (→ done)",
			Obj: "readiness", Act: "update", In: readiness.StepInput{}, Out: readinessItemOut{}, Errors: []int{http.StatusConflict}, Handler: a.itemStep(readiness.Done)},
		{Method: http.MethodPost, Path: v1 + "/readiness/plans/:id/items/:iid/verify", Summary: "Verify a finished item (done → verified)",
			Obj: "readiness", Act: "verify", In: readiness.StepInput{}, Out: readinessItemOut{}, Errors: []int{http.StatusConflict}, Handler: a.itemStep(readiness.Verify)},
		{Method: http.MethodPost, Path: v1 + "/readiness/plans/:id/items/:iid/reject", Summary: "Send a finished item back with a reason (done → rejected, back at work)",
			Obj: "readiness", Act: "verify", In: readiness.StepInput{}, Out: readinessItemOut{}, Errors: []int{http.StatusConflict}, Handler: a.itemStep(readiness.Reject)},
		{Method: http.MethodPost, Path: v1 + "/readiness/plans/:id/items/:iid/waive", Summary: "Waive an item as not applicable (不适用), with a reason",
			Obj: "readiness", Act: "waive", In: readiness.StepInput{}, Out: readinessItemOut{}, Errors: []int{http.StatusConflict}, Handler: a.itemStep(readiness.Waive)},
		{Method: http.MethodGet, Path: v1 + "/readiness/plans/:id/items/:iid/documents", Summary: "An item's documents (evidence)",
			Obj: "readiness", Act: "list", Out: list[documentOut]{}, Handler: a.listItemDocuments},
		{Method: http.MethodPost, Path: v1 + "/readiness/plans/:id/items/:iid/documents", Summary: "Attach a document to an item (multipart: file; photos and PDFs, 10 MiB)",
			Obj: "readiness", Act: "update", In: documentForm{}, Upload: true, Out: documentOut{}, Status: http.StatusCreated,
			Errors: []int{http.StatusConflict}, Handler: a.addItemDocument},
		{Method: http.MethodGet, Path: v1 + "/readiness/plans/:id/items/:iid/documents/:did", Summary: "Download one document of an item",
			Obj: "readiness", Act: "list", Produces: []string{"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"}, Handler: a.getItemDocument},

		{Method: http.MethodGet, Path: v1 + "/alarm_campaigns", Summary: "Gas-alarm installation campaigns (燃气报警器安装) of the district",
			Obj: "alarm_campaign", Act: "list", Out: list[campaignOut]{}, Query: q(param{Name: "year", Desc: "Only campaigns of this year.", Schema: map[string]any{"type": "integer", "minimum": 2000, "maximum": 2100}},
				qEnum("status", "Only campaigns in this state.", "CampaignStatus")), Handler: a.listCampaigns},
		{Method: http.MethodPost, Path: v1 + "/alarm_campaigns", Summary: "Open a campaign (the bureau): scope, year, dates, milestones (50% by 06-30), device requirements, implementing gas companies",
			Obj: "alarm_campaign", Act: "create", In: alarms.CampaignInput{}, Out: campaignOut{}, Status: http.StatusCreated, Idempotent: true, Handler: a.createCampaign},
		{Method: http.MethodGet, Path: v1 + "/alarm_campaigns/:id", Summary: "Get a campaign", Obj: "alarm_campaign", Act: "list",
			Out: campaignOut{}, Handler: a.getCampaign},
		{Method: http.MethodPatch, Path: v1 + "/alarm_campaigns/:id", Summary: "Change a campaign (If-Match); its status moves draft → active → closing → closed",
			Obj: "alarm_campaign", Act: "update", In: alarms.CampaignPatch{}, Out: campaignOut{}, Handler: a.patchCampaign},
		{Method: http.MethodGet, Path: v1 + "/alarm_campaigns/:id/targets", Summary: "A campaign's targets in scope (应装户数 per street × community × user type × gas company)",
			Obj: "alarm_campaign", Act: "list", Out: list[targetOut]{}, Query: q(qUUID("street_id", "Only targets in this street."),
				qBool("confirmed", "true: only targets the street confirmed; false: only those it has not.")), Handler: a.listTargets},
		{Method: http.MethodPut, Path: v1 + "/alarm_campaigns/:id/targets", Summary: "Set many targets at once (the bureau), upserted on community × company × user type; a changed count needs the street's confirmation again",
			Obj: "alarm_campaign", Act: "target", In: alarms.TargetsInput{}, Out: list[targetOut]{}, Errors: []int{http.StatusConflict}, Handler: a.putTargets},
		{Method: http.MethodPost, Path: v1 + "/alarm_campaigns/:id/targets", Summary: "Set one target (the bureau), upserted on community × company × user type",
			Obj: "alarm_campaign", Act: "target", In: alarms.TargetInput{}, Out: targetOut{}, Status: http.StatusCreated, Idempotent: true,
			Errors: []int{http.StatusConflict}, Handler: a.postTarget},
		// Before /targets/:tid/confirm's kin.
		{Method: http.MethodPost, Path: v1 + "/alarm_campaigns/:id/targets/confirm", Summary: "Confirm every target of the street office's street not confirmed yet",
			Obj: "alarm_campaign", Act: "confirm", Out: confirmAllOut{}, Handler: a.confirmAll},
		{Method: http.MethodPost, Path: v1 + "/alarm_campaigns/:id/targets/:tid/confirm", Summary: "Confirm a target in the street office's street",
			Obj: "alarm_campaign", Act: "confirm", Out: targetOut{}, Handler: a.confirmTarget},
		{Method: http.MethodGet, Path: v1 + "/alarm_campaigns/:id/rates", Summary: "A campaign's rates in scope per street, street × community, company or user type, each {numerator, denominator, rate}: 安装率, 特殊户覆盖率, 接入率, 在线率, 达标率; 拒装, 到访不遇 and 到期待换 beside them; the totals; the pace against the milestones",
			Obj: "alarm_campaign", Act: "list", Out: alarms.RateTable{},
			Query: []param{qEnum("group_by", "What the table has a row per.", "AlarmGroup").withDefault("street")}, Handler: a.campaignRates},

		{Method: http.MethodGet, Path: v1 + "/alarms/export.xlsx", Summary: "The gas users in scope as the 燃气报警器安装台账 workbook: the premise list's filters, every matching user (at most 100,000) with its current alarm, Chinese headers and values (是/否)",
			Obj: "premise", Act: "export", Query: premiseQuery(alarms.ExportQueryKeys), Produces: []string{xlsxMIME}, Handler: a.exportAlarms},
		{Method: http.MethodGet, Path: v1 + "/alarms/import/template", Summary: "The 燃气报警器安装台账 import template: the header row with notes and drop-down lists, an explanation and examples on a second sheet",
			Obj: "premise", Act: "create", Produces: []string{xlsxMIME}, Handler: a.alarmTemplate},
		{Method: http.MethodPost, Path: v1 + "/alarms/import", Summary: "Import the 燃气报警器安装台账 from the first sheet of an .xlsx (multipart: file; at most 20,000 rows) as your company's gas users, all or nothing: a row names its user by 燃气户号, else by its address (小区, 楼栋, 单元, 房号/商户), created unless the district has it, and its alarm by 编号, added unless recorded (a new serial replaces the user's current alarm), so an export imports back without a change; dry_run=true answers 200 with each row's problems in Chinese and writes nothing",
			Obj: "premise", Act: "create", In: importForm{}, Upload: true, Out: alarmImportOut{}, Status: http.StatusCreated,
			Also:       map[int]any{http.StatusOK: alarmImportCheckOut{}},
			Query:      []param{qBool("dry_run", "true: check every row and answer 200 with the problems, writing nothing.").withDefault(false)},
			Errors:     []int{http.StatusConflict},
			Idempotent: true, Handler: a.importAlarms},
		{Method: http.MethodGet, Path: v1 + "/premises", Summary: "Gas users (用气户) in scope, with their alarm's state (contact and phone hidden from street offices)",
			Obj: "premise", Act: "list", Out: list[premiseOut]{}, Query: premiseQuery(alarms.QueryKeys), Handler: a.listPremises},
		{Method: http.MethodPost, Path: v1 + "/premises", Summary: "Record a gas user your company serves; a duplicate gas account number or address answers 409 naming the one recorded; a restaurant without a valid alarm opens an alarm_missing hazard",
			Obj: "premise", Act: "create", In: alarms.PremiseInput{}, Out: premiseOut{}, Status: http.StatusCreated, Idempotent: true,
			Errors: []int{http.StatusConflict}, Handler: a.createPremise},
		{Method: http.MethodGet, Path: v1 + "/premises/:id", Summary: "Get a gas user", Obj: "premise", Act: "list", Out: premiseOut{}, Handler: a.getPremise},
		{Method: http.MethodPatch, Path: v1 + "/premises/:id", Summary: "Change a gas user (If-Match); a move to another street takes its visits and devices along",
			Obj: "premise", Act: "update", In: alarms.PremisePatch{}, Out: premiseOut{}, Errors: []int{http.StatusConflict}, Handler: a.patchPremise},
		{Method: http.MethodGet, Path: v1 + "/premises/:id/visits", Summary: "A gas user's visits (入户记录), oldest first",
			Obj: "premise", Act: "list", Out: list[visitOut]{}, Query: pageParams, Handler: a.listVisits},
		{Method: http.MethodPost, Path: v1 + "/premises/:id/visits", Summary: "Record a visit (installed, not home, refused, vacant, has a valid device); the latest sets the user's last outcome",
			Obj: "premise", Act: "record", In: alarms.VisitInput{}, Out: visitOut{}, Status: http.StatusCreated, Idempotent: true, Handler: a.addVisit},
		{Method: http.MethodGet, Path: v1 + "/premises/:id/devices", Summary: "A gas user's alarms, newest first",
			Obj: "premise", Act: "list", Out: list[deviceOut]{}, Query: pageParams, Handler: a.listDevices},
		{Method: http.MethodPost, Path: v1 + "/premises/:id/devices", Summary: "Record an alarm: its replacement date follows the user type (5 years resident, 3 commercial; CJJ/T 146); it replaces the current one; a valid one closes the user's alarm_missing hazard",
			Obj: "premise", Act: "record", In: alarms.DeviceInput{}, Out: deviceOut{}, Status: http.StatusCreated, Idempotent: true,
			Errors: []int{http.StatusConflict}, Handler: a.addDevice},
		{Method: http.MethodGet, Path: v1 + "/alarm_devices/:id", Summary: "Get an alarm", Obj: "premise", Act: "list", Out: deviceOut{}, Handler: a.getDevice},
		{Method: http.MethodPatch, Path: v1 + "/alarm_devices/:id", Summary: "Change an alarm's status (online, offline, faulty, removed) or details (If-Match); the user's alarm state follows",
			Obj: "premise", Act: "record", In: alarms.DevicePatch{}, Out: deviceOut{}, Errors: []int{http.StatusConflict}, Handler: a.patchDevice},
		{Method: http.MethodGet, Path: v1 + "/alarm_devices/:id/documents", Summary: "An alarm's photos",
			Obj: "premise", Act: "list", Out: list[documentOut]{}, Handler: a.listDeviceDocuments},
		{Method: http.MethodPost, Path: v1 + "/alarm_devices/:id/documents", Summary: "Attach a photo of an alarm's installation (multipart: file; photos and PDFs, 10 MiB)",
			Obj: "premise", Act: "record", In: documentForm{}, Upload: true, Out: documentOut{}, Status: http.StatusCreated,
			Errors: []int{http.StatusConflict}, Handler: a.addDeviceDocument},
		{Method: http.MethodGet, Path: v1 + "/alarm_devices/:id/documents/:did", Summary: "Download one photo of an alarm",
			Obj: "premise", Act: "list", Produces: []string{"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"}, Handler: a.getDeviceDocument},

		// Before /calendar/:year, which would take "add" for a year.
		{Method: http.MethodGet, Path: v1 + "/calendar/add", Summary: "The date a number of working days after another (counting starts the day after)",
			Obj: "calendar", Act: "read", Out: calendarAddOut{}, Query: []param{
				qDate("from", fmt.Sprintf("The day to count from (not itself counted), in %d–%d.", calendar.MinYear, calendar.MaxYear)).required(),
				qInt("working_days", "How many working days to add.", 0, maxAddWorkdays, 0).required()},
			Handler: a.calendarAdd},
		{Method: http.MethodGet, Path: v1 + "/calendar/:year", Summary: "A year of China's working-day calendar: holidays, make-up workdays, working days",
			Obj: "calendar", Act: "read", Out: calendarYearOut{}, Handler: a.getCalendarYear},
		{Method: http.MethodPut, Path: v1 + "/calendar/:year", Summary: "Load a year from the State Council's notice (official from then on; open working-day deadlines are re-laid)",
			Obj: "calendar", Act: "update", In: calendarLoadIn{}, Out: calendarYearOut{}, Errors: []int{http.StatusServiceUnavailable}, Handler: a.putCalendarYear},

		// The old pipeline renovation and its occupation points (gas companies only).
		{Method: http.MethodGet, Path: v1 + "/renovation/plans", Summary: "The district's renovation plans (燃气旧管网改造计划), newest first",
			Obj: "renovation", Act: "list", Out: list[renovationPlanOut]{}, Query: pageParams, Handler: a.listRenovationPlans},
		{Method: http.MethodPost, Path: v1 + "/renovation/plans", Summary: "Record the year's renovation plan: target km and occupation points, implementing gas companies, due date (one a year)",
			Obj: "renovation", Act: "create", In: renovation.PlanInput{}, Out: renovationPlanOut{}, Status: http.StatusCreated, Idempotent: true,
			Errors: []int{http.StatusConflict}, Handler: a.createRenovationPlan},
		{Method: http.MethodGet, Path: v1 + "/renovation/plans/:id", Summary: "Get a renovation plan", Obj: "renovation", Act: "list",
			Out: renovationPlanOut{}, Handler: a.getRenovationPlan},
		{Method: http.MethodPatch, Path: v1 + "/renovation/plans/:id", Summary: "Change a renovation plan (If-Match)", Obj: "renovation", Act: "update",
			In: renovation.PlanPatch{}, Out: renovationPlanOut{}, Handler: a.patchRenovationPlan},
		{Method: http.MethodGet, Path: v1 + "/renovation/projects", Summary: "Renovation projects in scope, each with its percent done and whether it is behind schedule",
			Obj: "renovation", Act: "list", Out: list[projectOut]{}, Query: q(projectParams...), Handler: a.listProjects},
		{Method: http.MethodGet, Path: v1 + "/renovation/projects/export.xlsx", Summary: "The projects in scope as the 旧管网改造项目台账 workbook (the list's filters)",
			Obj: "renovation", Act: "list", Query: projectParams, Produces: []string{xlsxMIME}, Handler: a.exportProjects},
		{Method: http.MethodPost, Path: v1 + "/renovation/projects", Summary: "Record a project of a plan under its next number (GW-<year>-NNN): the implementing gas company, street, scope, why the pipe counts as aged, km and dates, units",
			Obj: "renovation", Act: "create", In: renovation.ProjectInput{}, Out: projectOut{}, Status: http.StatusCreated, Idempotent: true,
			Handler: a.createProject},
		{Method: http.MethodGet, Path: v1 + "/renovation/projects/:id", Summary: "Get a renovation project", Obj: "renovation", Act: "list",
			Out: projectOut{}, Handler: a.getProject},
		{Method: http.MethodPatch, Path: v1 + "/renovation/projects/:id", Summary: "Change a project's plan fields (If-Match); a later planned end asks for an extension on every open hazard folded into it (end_moved says which, and which had one pending already), an earlier one brings their deadlines forward",
			Obj: "renovation", Act: "update", In: renovation.ProjectPatch{}, Out: projectOut{}, Errors: []int{http.StatusConflict}, Handler: a.patchProject},
		{Method: http.MethodPost, Path: v1 + "/renovation/projects/:id/status", Summary: "Move a project's status: planned → preparing → in construction → completed → gas restored → accepted (the bureau); suspended with a reason and back; cancelled by the bureau with a reason",
			Obj: "renovation", Act: "status", In: renovation.MoveInput{}, Out: projectOut{}, Errors: []int{http.StatusConflict}, Handler: a.moveProject},
		{Method: http.MethodGet, Path: v1 + "/renovation/projects/:id/reports", Summary: "A project's progress reports, newest first",
			Obj: "renovation", Act: "list", Out: list[reportOut]{}, Query: pageParams, Handler: a.listReports},
		{Method: http.MethodPost, Path: v1 + "/renovation/projects/:id/reports", Summary: "Report a project's progress (cumulative km and households); lower than the last report needs lower_reason",
			Obj: "renovation", Act: "report", In: renovation.ReportInput{}, Out: reportOut{}, Status: http.StatusCreated, Idempotent: true,
			Errors: []int{http.StatusConflict}, Handler: a.addReport},
		{Method: http.MethodPost, Path: v1 + "/renovation/projects/:id/reports/:rid/decision", Summary: "Accept a progress report or question it (a note); a questioned report no longer counts",
			Obj: "renovation", Act: "decide", In: renovation.DecisionInput{}, Out: reportOut{}, Handler: a.decideReport},
		{Method: http.MethodGet, Path: v1 + "/renovation/projects/:id/reports/:rid/documents", Summary: "A progress report's photos",
			Obj: "renovation", Act: "list", Out: list[documentOut]{}, Handler: a.listReportDocuments},
		{Method: http.MethodPost, Path: v1 + "/renovation/projects/:id/reports/:rid/documents", Summary: "Attach a photo to a progress report (multipart: file; photos and PDFs, 10 MiB)",
			Obj: "renovation", Act: "report", In: documentForm{}, Upload: true, Out: documentOut{}, Status: http.StatusCreated,
			Errors: []int{http.StatusConflict}, Handler: a.addReportDocument},
		{Method: http.MethodGet, Path: v1 + "/renovation/projects/:id/reports/:rid/documents/:did", Summary: "Download one photo of a progress report",
			Obj: "renovation", Act: "list", Produces: []string{"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"}, Handler: a.getReportDocument},
		{Method: http.MethodGet, Path: v1 + "/renovation/board", Summary: "The year's renovation board: km done against the target, projects by status and behind schedule, occupation points eliminated and verified (销号) against the target, major points open; by street and by scope type",
			Obj: "renovation", Act: "board", Out: renovation.Board{}, Query: renovationBoardParams, Handler: a.renovationBoard},
		{Method: http.MethodGet, Path: v1 + "/renovation/board/export.xlsx", Summary: "The renovation board as a print-ready summary table (改造进度汇总表)",
			Obj: "renovation", Act: "board", Query: renovationBoardParams, Produces: []string{xlsxMIME}, Handler: a.renovationBoardWorkbook},
		{Method: http.MethodGet, Path: v1 + "/occupation_points", Summary: "Occupation points (占压点位) in scope, each with its hazard (hazard_id, hazard_code) and its project",
			Obj: "occupation_point", Act: "list", Out: list[pointOut]{}, Query: q(pointParams...), Handler: a.listPoints},
		{Method: http.MethodGet, Path: v1 + "/occupation_points/export.xlsx", Summary: "The points in scope as the 占压点位台账 workbook (the list's filters)",
			Obj: "occupation_point", Act: "list", Query: pointParams, Produces: []string{xlsxMIME}, Handler: a.exportPoints},
		{Method: http.MethodPost, Path: v1 + "/occupation_points", Summary: "Record an occupation point and its ledger hazard (pipeline_occupation; major on medium-pressure or higher mains) under its number (ZY-<year>-NNN)",
			Obj: "occupation_point", Act: "create", In: renovation.PointInput{}, Out: pointOut{}, Status: http.StatusCreated, Idempotent: true,
			Handler: a.createPoint},
		{Method: http.MethodGet, Path: v1 + "/occupation_points/:id", Summary: "Get an occupation point", Obj: "occupation_point", Act: "list",
			Out: pointOut{}, Handler: a.getPoint},
		{Method: http.MethodPatch, Path: v1 + "/occupation_points/:id", Summary: "Change a point's description (If-Match)", Obj: "occupation_point", Act: "update",
			In: renovation.PointPatch{}, Out: pointOut{}, Handler: a.patchPoint},
		{Method: http.MethodPost, Path: v1 + "/occupation_points/:id/fold", Summary: "Fold a point into a renovation project: disposition reroute by project, its hazard rectifying with the project's planned end as deadline (409 when in another project, or the project is cancelled or accepted)",
			Obj: "occupation_point", Act: "update", In: renovation.FoldInput{}, Out: pointOut{}, Errors: []int{http.StatusConflict},
			Handler: pointStep(a, (*renovation.Service).Fold)},
		{Method: http.MethodPost, Path: v1 + "/occupation_points/:id/unfold", Summary: "Take a point out of its project: its hazard's deadline back to the point's own",
			Obj: "occupation_point", Act: "update", Out: pointOut{}, Errors: []int{http.StatusConflict}, Handler: a.unfoldPoint},
		{Method: http.MethodPost, Path: v1 + "/occupation_points/:id/eliminate", Summary: "Record a point eliminated, with evidence (a photo on the point or its hazard): its hazard rectified, awaiting verification",
			Obj: "occupation_point", Act: "update", In: renovation.NoteInput{}, Out: pointOut{}, Errors: []int{http.StatusConflict},
			Handler: pointStep(a, (*renovation.Service).Eliminate)},
		{Method: http.MethodPost, Path: v1 + "/occupation_points/:id/verify", Summary: "Verify an eliminated point (销号): its hazard verified",
			Obj: "occupation_point", Act: "verify", In: renovation.NoteInput{}, Out: pointOut{}, Errors: []int{http.StatusConflict},
			Handler: pointStep(a, (*renovation.Service).Verify)},
		{Method: http.MethodPost, Path: v1 + "/occupation_points/:id/defer", Summary: "Defer a point (暂缓) with interim measures and a review date (the bureau's approval)",
			Obj: "occupation_point", Act: "defer", In: renovation.DeferInput{}, Out: pointOut{}, Errors: []int{http.StatusConflict},
			Handler: pointStep(a, (*renovation.Service).Defer)},
		{Method: http.MethodPost, Path: v1 + "/occupation_points/:id/resume", Summary: "End a point's deferral: its status is its hazard's again",
			Obj: "occupation_point", Act: "defer", In: renovation.NoteInput{}, Out: pointOut{}, Errors: []int{http.StatusConflict},
			Handler: pointStep(a, (*renovation.Service).Resume)},
		{Method: http.MethodGet, Path: v1 + "/occupation_points/:id/documents", Summary: "A point's photos",
			Obj: "occupation_point", Act: "list", Out: list[documentOut]{}, Handler: a.listPointDocuments},
		{Method: http.MethodPost, Path: v1 + "/occupation_points/:id/documents", Summary: "Attach a photo to a point (multipart: file; photos and PDFs, 10 MiB)",
			Obj: "occupation_point", Act: "update", In: documentForm{}, Upload: true, Out: documentOut{}, Status: http.StatusCreated,
			Errors: []int{http.StatusConflict}, Handler: a.addPointDocument},
		{Method: http.MethodGet, Path: v1 + "/occupation_points/:id/documents/:did", Summary: "Download one photo of a point",
			Obj: "occupation_point", Act: "list", Produces: []string{"image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf"}, Handler: a.getPointDocument},

		{Method: http.MethodGet, Path: v1 + "/audit", Summary: "The district's audit trail, newest first", Obj: "audit", Act: "list",
			Out: list[auditOut]{}, Query: q(qText("record_type", "Only entries of this kind of record (hazard, org, user…).", 40),
				qUUID("record_id", "Only this record's entries.")), Handler: a.listAudit},
		{Method: http.MethodGet, Path: v1 + "/audit/verify", Summary: "Verify the district's audit hash chain", Obj: "audit", Act: "verify",
			Out: auditReportOut{}, Handler: a.verifyAudit},
		{Method: http.MethodGet, Path: v1 + "/audit/checkpoints", Summary: "The district's signed audit checkpoints, newest first, with the key they verify with",
			Obj: "audit", Act: "list", Out: checkpointsOut{}, Handler: a.listCheckpoints},
		{Method: http.MethodPost, Path: v1 + "/audit/checkpoints/verify", Summary: "Hold an exported checkpoint against the chain as it is now",
			Obj: "audit", Act: "verify", In: checkpointIn{}, Out: auditReportOut{}, Handler: a.verifyCheckpoint},
	}
}

// paths is the route table by path, for what fiber's router does not say:
// which declared pattern a raw path is when no route answered it (a 405, a
// body refused before routing), and which methods a literal path answers.
// Patterns are literal segments and :parameters, as every route is.
type paths struct {
	declared map[string]string   // every pattern, to itself
	static   map[string][]string // a pattern without parameters → its methods
	patterns [][]string          // every pattern's segments, in declaration order
}

func newPaths(rs []route) *paths {
	p := &paths{declared: map[string]string{}, static: map[string][]string{}}
	for _, r := range rs {
		if !strings.Contains(r.Path, "/:") {
			p.static[r.Path] = append(p.static[r.Path], r.Method)
		}
		if _, ok := p.declared[r.Path]; !ok {
			p.declared[r.Path] = r.Path
			p.patterns = append(p.patterns, strings.Split(r.Path, "/"))
		}
	}
	return p
}

// match is the declared pattern path is, whatever the method: the one with
// the most literal segments (/hazards/import before /hazards/:id), or
// "unmatched".
func (p *paths) match(path string) string {
	if len(path) > 1 {
		path = strings.TrimSuffix(path, "/")
	}
	segs := strings.Split(path, "/")
	best, bestLiteral := "unmatched", -1
	for _, pat := range p.patterns {
		if len(pat) != len(segs) {
			continue
		}
		literal := 0
		for i, s := range pat {
			switch {
			case strings.HasPrefix(s, ":") && segs[i] != "":
			case s == segs[i]:
				literal++
			default:
				literal = -1
			}
			if literal < 0 {
				break
			}
		}
		if literal > bestLiteral {
			best, bestLiteral = strings.Join(pat, "/"), literal
		}
	}
	if bestLiteral < 0 {
		return "unmatched"
	}
	return p.declared[best]
}
