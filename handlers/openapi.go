package handlers

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	entsql "entgo.io/ent/dialect/sql/schema"
	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent/migrate"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
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

// The OpenAPI 3.1 document is built from the route table and the request
// and response types themselves, so it cannot drift from what the server
// does; a test holds every registered route to it, and another the answers
// the server gives to the schemas it names.
//
// How a Go type becomes a schema:
//   - a named struct is a component schema, by its type name (orgOut → Org,
//     loginIn → LoginRequest, list[orgOut] → OrgList; docNames names the types
//     of other packages);
//   - in an answer, a field without omitempty is required and a pointer is
//     nullable; in a request, a field is required when its `validate` tag
//     says so, and `validate` bounds become minLength, maximum, enum…;
//   - a type with Values() []string (package enum's) is an enumeration, a
//     component by its type name; a string field names one with an
//     `enum:"Name"` tag (docEnums lists them; "A|B": either's values),
//     ",empty" letting it be "" too;
//     on a map[string]T field the tag makes every value a required member;
//   - a date (YYYY-MM-DD) is `format:"date"` in an answer, `validate:"date"`
//     in a request; time.Time is a date-time, uuid.UUID a uuid.

const openAPIVersion = "3.1.0"

var pathParam = regexp.MustCompile(`:(\w+)`)

func (a *api) openapi(c *fiber.Ctx) error {
	a.docOnce.Do(func() { a.doc = must(json.Marshal(buildOpenAPI(a.routes()))) })
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.Send(a.doc)
}

type docCache struct {
	docOnce sync.Once
	doc     []byte
}

// param is a query parameter of a route.
type param struct {
	Name     string
	Desc     string
	Required bool
	Schema   map[string]any
	Enum     string // values of the enumeration of docEnums so named, not Schema
	List     bool   // any number of Enum's values
	Default  any
}

func qInt(name, desc string, minimum, maximum, def int) param {
	return param{Name: name, Desc: desc, Schema: map[string]any{"type": "integer", "minimum": minimum, "maximum": maximum, "default": def}}
}

func qBool(name, desc string) param {
	return param{Name: name, Desc: desc, Schema: map[string]any{"type": "boolean"}}
}

func qDate(name, desc string) param {
	return param{Name: name, Desc: desc, Schema: dateSchema()}
}

func qUUID(name, desc string) param {
	return param{Name: name, Desc: desc, Schema: map[string]any{"type": "string", "format": "uuid"}}
}

func qText(name, desc string, maxLen int) param {
	return param{Name: name, Desc: desc, Schema: map[string]any{"type": "string", "maxLength": maxLen}}
}

// qEnum is one value of the enumeration named e (docEnums).
func qEnum(name, desc, e string) param {
	return param{Name: name, Desc: desc, Enum: e}
}

// qEnums is any number of values of the enumeration named e.
func qEnums(name, desc, e string) param {
	return param{Name: name, Desc: desc + " Repeat the parameter, or separate values by commas, for any of several.",
		Enum: e, List: true}
}

// required marks a parameter the route cannot do without.
func (p param) required() param { p.Required = true; return p }

// withDefault gives the value the route takes when p is absent.
func (p param) withDefault(v any) param { p.Default = v; return p }

// schema is p's schema, its enumeration declared in b.
func (p param) schema(b *docBuilder) map[string]any {
	s := p.Schema
	if p.Enum != "" {
		e, ok := docEnums[p.Enum]
		if !ok {
			panic("openapi: parameter " + p.Name + " names no enumeration of docEnums: " + p.Enum)
		}
		s = b.enumSchema(e)
		if p.List {
			s = map[string]any{"type": "array", "items": s}
		}
	}
	if p.Default != nil {
		if _, isRef := s["$ref"]; isRef {
			s = map[string]any{"allOf": []any{s}}
		} else {
			s = maps.Clone(s)
		}
		s["default"] = p.Default
	}
	return s
}

// The paging parameters of every list.
var (
	limitParam  = qInt("limit", "Items per page.", 1, services.MaxLimit, services.DefaultLimit)
	cursorParam = param{Name: "cursor", Desc: "The next_cursor of the previous page, as given.", Schema: map[string]any{"type": "string", "maxLength": 200}}
	pageParams  = []param{limitParam, cursorParam}
)

// hazardFilters are the filters of the hazard list and its Excel export, one
// per name of ledger.QueryKeys (the names the ledger takes).
var hazardFilters = map[string]param{
	"status":        qEnums("status", "Only hazards in these statuses.", "HazardStatus"),
	"category":      qEnums("category", "Only hazards of these categories.", "HazardCategory"),
	"level":         qEnums("level", "Only hazards of these levels.", "HazardLevel"),
	"source":        qEnums("source", "Only hazards found in these ways.", "HazardSource"),
	"company_id":    qUUID("company_id", "Only this company's hazards."),
	"street_id":     qUUID("street_id", "Only hazards in this street."),
	"community_id":  qUUID("community_id", "Only hazards in this community."),
	"overdue":       qBool("overdue", "true: only hazards past their deadline and not verified; false: only the others."),
	"deadline_from": qDate("deadline_from", "Only hazards due on or after this date."),
	"deadline_to":   qDate("deadline_to", "Only hazards due on or before this date."),
	"found_from":    qDate("found_from", "Only hazards found on or after this date."),
	"found_to":      qDate("found_to", "Only hazards found on or before this date."),
	"q":             qText("q", "Text the description, the address or the hazard number contains (case-insensitive).", services.MaxTextFilter),
	"code":          qText("code", "Only the hazard with this number (YH-2026-000123; any case).", 20),
	"sort":          qEnum("sort", "The order: by deadline or by date found; a leading - for the latest first.", "HazardSort").withDefault("deadline"),
	"limit":         limitParam,
	"cursor":        cursorParam,
}

// equipmentFilters are the filters of the equipment list and its export,
// one per name of equipment.QueryKeys.
var equipmentFilters = map[string]param{
	"site_id":    qUUID("site_id", "Only units on this site."),
	"kind":       qEnums("kind", "Only units of these kinds.", "EquipmentKind"),
	"status":     qEnums("status", "Only units in these statuses.", "EquipmentStatus"),
	"special":    qBool("special", "true: only special equipment (特种设备); false: only the rest."),
	"state":      qEnums("state", "Only units whose worst inspection is in these states.", "InspectionState"),
	"due_before": qDate("due_before", "Only units with an inspection due on or before this date."),
	"street_id":  qUUID("street_id", "Only units in this street."),
	"company_id": qUUID("company_id", "Only this company's units."),
	"q":          qText("q", "Text the name, equipment code, registration number or serial number contains.", services.MaxTextFilter),
	"limit":      limitParam,
	"cursor":     cursorParam,
}

var premiseFilters = map[string]param{
	"street_id":        qUUID("street_id", "Only users in this street."),
	"community_id":     qUUID("community_id", "Only users in this community."),
	"company_id":       qUUID("company_id", "Only this gas company's users."),
	"user_type":        qEnums("user_type", "Only users of these types.", "UserType"),
	"status":           qEnums("status", "Only users in these statuses.", "PremiseStatus"),
	"tag":              qEnum("tag", "Only users with this tag.", "PremiseTag"),
	"has_valid_device": qBool("has_valid_device", "true: only users with a valid alarm today; false: only those without."),
	"q":                qText("q", "Text the address, estate, shop name or gas account number contains.", services.MaxTextFilter),
	"limit":            limitParam,
	"cursor":           cursorParam,
}

// premiseQuery is the parameters named keys, from premiseFilters.
func premiseQuery(keys []string) []param {
	out := make([]param, len(keys))
	for i, k := range keys {
		p, ok := premiseFilters[k]
		if !ok {
			panic("openapi: the premise filter " + k + " has no declaration in premiseFilters")
		}
		out[i] = p
	}
	return out
}

// equipmentQuery is the parameters named keys, from equipmentFilters.
func equipmentQuery(keys []string) []param {
	out := make([]param, len(keys))
	for i, k := range keys {
		p, ok := equipmentFilters[k]
		if !ok {
			panic("openapi: the equipment filter " + k + " has no declaration in equipmentFilters")
		}
		out[i] = p
	}
	return out
}

// hazardQuery is the parameters named keys, from hazardFilters.
func hazardQuery(keys []string) []param {
	out := make([]param, len(keys))
	for i, k := range keys {
		p, ok := hazardFilters[k]
		if !ok {
			panic("openapi: the hazard filter " + k + " has no declaration in hazardFilters")
		}
		out[i] = p
	}
	return out
}

// enumeration is a named set of string values: a component schema.
type enumeration struct {
	Name   string
	Values []string
	Labels []string // the values' Chinese labels, when they have them
	Desc   string
}

// valuer is an enumeration type: package enum's, and accounts.CreatableKind.
type valuer interface{ Values() []string }

var valuerType = reflect.TypeFor[valuer]()

// enumOf describes an enumeration type by its name and values.
func enumOf(t reflect.Type) enumeration {
	v := reflect.Zero(t).Interface().(valuer)
	e := enumeration{Name: t.Name(), Values: v.Values()}
	if _, ok := v.(enum.Enum); ok {
		for _, s := range e.Values {
			e.Labels = append(e.Labels, reflect.ValueOf(s).Convert(t).Interface().(enum.Enum).Label())
		}
	}
	return e
}

// columnValues are the values of an ent enum column without a Go type of
// its own, as the generated schema lists them.
func columnValues(cols []*entsql.Column, name string) []string {
	for _, c := range cols {
		if c.Name == name {
			return c.Enums
		}
	}
	panic("openapi: no enum column " + name)
}

// docEnums are the enumerations fields and parameters name. The typed ones
// come with their labels; the others read their values where the server
// does.
var docEnums = func() map[string]enumeration {
	m := map[string]enumeration{}
	add := func(e enumeration) {
		if _, dup := m[e.Name]; dup || len(e.Values) == 0 {
			panic("openapi: enumeration " + e.Name + " is declared twice or empty")
		}
		m[e.Name] = e
	}
	for _, v := range []valuer{enum.HazardCategory(""), enum.HazardLevel(""), enum.HazardSource(""),
		enum.HazardStatus(""), enum.OrgKind(""), enum.ReminderKind(""), enum.ExtensionStatus(""),
		accounts.CreatableKind(""), enum.SiteKind(""), enum.SiteStatus(""), enum.EquipmentKind(""),
		enum.EquipmentStatus(""), enum.Condition(""), enum.InspectionType(""), enum.InspectionConclusion(""),
		enum.InspectionState(""), enum.ReadinessTest(""), enum.SeasonStatus(""), enum.PlanStatus(""), enum.ItemCategory(""), enum.ItemStatus(""),
		enum.ItemSource(""), enum.AcceptanceResult(""), enum.CampaignScope(""), enum.CampaignStatus(""),
		enum.Funding(""), enum.UserType(""), enum.PremiseTag(""), enum.GasKind(""), enum.PremiseStatus(""),
		enum.VisitOutcome(""), enum.Detects(""), enum.DeviceStatus(""), enum.Pace("")} {
		add(enumOf(reflect.TypeOf(v)))
	}
	for _, v := range []valuer{enum.RenovationPlanStatus(""), enum.ScopeType(""), enum.AgingReason(""), enum.PressureLevel(""),
		enum.ProjectStatus(""), enum.ReportDecision(""), enum.OccupierType(""), enum.PointSource(""), enum.Disposition(""),
		enum.PointStatus("")} {
		add(enumOf(reflect.TypeOf(v)))
	}
	for _, e := range []enumeration{
		{Name: "AttachmentStage", Values: columnValues(migrate.HazardAttachmentsColumns, "stage"),
			Labels: []string{"整改前", "整改后"}, Desc: "When a piece of evidence was taken: before or after the rectification."},
		{Name: "WebhookKind", Values: columnValues(migrate.WebhooksColumns, "kind"),
			Desc: "generic: a signed JSON POST; wecom: a WeCom (企业微信) group robot; dingtalk: a DingTalk (钉钉) group robot."},
		{Name: "DeliveryState", Values: columnValues(migrate.WebhookDeliveriesColumns, "state"),
			Desc: "Where a webhook delivery stands."},
		{Name: "DeliveryQueue", Values: deliveryQueues,
			Desc: "Where a webhook delivery is: pending (never tried), retrying (an attempt failed), succeeded or failed."},
		{Name: "ReminderState", Values: columnValues(migrate.RemindersColumns, "state"),
			Desc: "Where a reminder stands."},
		{Name: "ReminderQueue", Values: queueStates,
			Desc: "Where a reminder is: scheduled (not yet due), due (waiting for a worker), retrying (an attempt failed), sent, cancelled or failed."},
		{Name: "Role", Values: append([]string{policy.RolePlatformAdmin}, policy.DistrictRoles...),
			Desc: "A role: the platform operator's, or one of a district's."},
		{Name: "DistrictRole", Values: policy.DistrictRoles, Desc: "A role a district grants its users."},
		{Name: "Audience", Values: []string{reminders.AudienceCompany, reminders.AudienceStreet, reminders.AudienceBureau},
			Desc: "Who a reminder tells: the hazard's company, its street, the bureau."},
		{Name: "Liveness", Values: []string{"ok"}},
		{Name: "ReadinessCheck", Values: []string{"database", "redis"}, Desc: "A dependency readiness checks: ok or unreachable."},
		{Name: "HazardSort", Values: []string{"deadline", "-deadline", "found_on", "-found_on"}},
		{Name: "RuleSource", Values: []string{"default", "overridden"}, Labels: []string{"法定默认", "本区调整"},
			Desc: "Whether a district's inspection rule is the statutory default or the bureau's override."},
		{Name: "ReadinessStatus", Values: readinessStatuses(),
			Desc: "A step's status in a plan's history: the plan's (PlanStatus) or the item's (ItemStatus)."},
		{Name: "BoardGroup", Values: []string{"company", "street"}, Desc: "What the readiness board has a row per."},
		{Name: "BlockerCode", Values: readiness.BlockerCodes,
			Desc: "Why a plan may not be declared ready: an item not finished, a unit not intact, a statutory inspection not valid for the season, an open major hazard."},
		{Name: "AlarmGroup", Values: alarms.GroupBys, Desc: "What an alarm campaign's rate table has a row per (community: street × community)."},
		{Name: "SummaryGroup", Values: []string{"street", "company", "industry", "category"},
			Desc: "What the ledger summary counts by."},
	} {
		add(e)
	}
	return m
}()

// docNames names the component schemas of types from other packages, and
// of a few whose Go names say too little.
var docNames = map[reflect.Type]string{
	reflect.TypeFor[ledger.CreateInput]():       "HazardCreateRequest",
	reflect.TypeFor[alarms.CampaignInput]():     "AlarmCampaignCreateRequest",
	reflect.TypeFor[alarms.CampaignPatch]():     "AlarmCampaignPatchRequest",
	reflect.TypeFor[alarms.TargetInput]():       "AlarmTargetRequest",
	reflect.TypeFor[alarms.TargetsInput]():      "AlarmTargetsRequest",
	reflect.TypeFor[alarms.PremiseInput]():      "PremiseCreateRequest",
	reflect.TypeFor[alarms.PremisePatch]():      "PremisePatchRequest",
	reflect.TypeFor[alarms.VisitInput]():        "InstallVisitCreateRequest",
	reflect.TypeFor[alarms.DeviceInput]():       "AlarmDeviceCreateRequest",
	reflect.TypeFor[alarms.DevicePatch]():       "AlarmDevicePatchRequest",
	reflect.TypeFor[alarms.RateTable]():         "AlarmRateTable",
	reflect.TypeFor[alarms.RateRow]():           "AlarmRateRow",
	reflect.TypeFor[alarms.Rate]():              "AlarmRate",
	reflect.TypeFor[alarms.Rates]():             "AlarmRates",
	reflect.TypeFor[alarms.Counts]():            "AlarmCounts",
	reflect.TypeFor[alarms.Targets]():           "AlarmTargetTotals",
	reflect.TypeFor[enum.Milestone]():           "AlarmMilestone",
	reflect.TypeFor[milestoneOut]():             "AlarmMilestoneOut",
	reflect.TypeFor[campaignOut]():              "AlarmCampaign",
	reflect.TypeFor[targetOut]():                "AlarmTarget",
	reflect.TypeFor[visitOut]():                 "InstallVisit",
	reflect.TypeFor[deviceOut]():                "AlarmDevice",
	reflect.TypeFor[premiseOut]():               "Premise",
	reflect.TypeFor[ledger.PatchInput]():        "HazardPatchRequest",
	reflect.TypeFor[ledger.ExtensionInput]():    "ExtensionCreateRequest",
	reflect.TypeFor[ledger.SummaryOut]():        "LedgerSummary",
	reflect.TypeFor[ledger.SummaryRow]():        "LedgerSummaryRow",
	reflect.TypeFor[notify.NewWebhook]():        "WebhookCreateRequest",
	reflect.TypeFor[notify.WebhookPatch]():      "WebhookPatchRequest",
	reflect.TypeFor[audit.Break]():              "AuditBreak",
	reflect.TypeFor[problemDoc]():               "Problem",
	reflect.TypeFor[itemOut]():                  "NotificationItem",
	reflect.TypeFor[auditOut]():                 "AuditEntry",
	reflect.TypeFor[eventOut]():                 "HazardEvent",
	reflect.TypeFor[importOut]():                "ImportResult",
	reflect.TypeFor[equipmentImportOut]():       "EquipmentImportResult",
	reflect.TypeFor[equipmentImportCheckOut]():  "EquipmentImportCheck",
	reflect.TypeFor[alarmImportOut]():           "AlarmImportResult",
	reflect.TypeFor[alarmImportCheckOut]():      "AlarmImportCheck",
	reflect.TypeFor[alarms.UnchangedRow]():      "AlarmUnchangedRow",
	reflect.TypeFor[equipment.UnchangedRow]():   "EquipmentUnchangedRow",
	reflect.TypeFor[readiness.SeasonInput]():    "SeasonCreateRequest",
	reflect.TypeFor[readiness.SeasonPatch]():    "SeasonPatchRequest",
	reflect.TypeFor[readiness.PlanInput]():      "ReadinessPlanCreateRequest",
	reflect.TypeFor[readiness.ItemInput]():      "ReadinessItemCreateRequest",
	reflect.TypeFor[readiness.ItemPatch]():      "ReadinessItemPatchRequest",
	reflect.TypeFor[readiness.StepInput]():      "ReadinessItemStepRequest",
	reflect.TypeFor[readiness.AcceptInput]():    "ReadinessAcceptRequest",
	reflect.TypeFor[readiness.ConditionInput](): "ReadinessCondition",
	reflect.TypeFor[readiness.FindingInput]():   "ReadinessFinding",
	reflect.TypeFor[readiness.Board]():          "ReadinessBoard",
	reflect.TypeFor[readiness.BoardRow]():       "ReadinessBoardRow",
	reflect.TypeFor[readiness.TrendPoint]():     "ReadinessTrendPoint",
	reflect.TypeFor[readiness.Rate]():           "ReadinessRate",
	reflect.TypeFor[readiness.Dates]():          "SeasonDates",
	reflect.TypeFor[readiness.Blocker]():        "ReadinessBlocker",
	reflect.TypeFor[readiness.Counts]():         "ReadinessItemCounts",
	reflect.TypeFor[renovation.PlanInput]():     "RenovationPlanCreateRequest",
	reflect.TypeFor[renovation.PlanPatch]():     "RenovationPlanPatchRequest",
	reflect.TypeFor[renovation.ProjectInput]():  "RenovationProjectCreateRequest",
	reflect.TypeFor[renovation.ProjectPatch]():  "RenovationProjectPatchRequest",
	reflect.TypeFor[renovation.MoveInput]():     "RenovationProjectStatusRequest",
	reflect.TypeFor[renovation.ReportInput]():   "ProgressReportCreateRequest",
	reflect.TypeFor[renovation.DecisionInput](): "ProgressReportDecisionRequest",
	reflect.TypeFor[renovation.EndMoved]():      "RenovationEndMoved",
	reflect.TypeFor[renovation.PointInput]():    "OccupationPointCreateRequest",
	reflect.TypeFor[renovation.PointPatch]():    "OccupationPointPatchRequest",
	reflect.TypeFor[renovation.FoldInput]():     "OccupationPointFoldRequest",
	reflect.TypeFor[renovation.NoteInput]():     "OccupationPointStepRequest",
	reflect.TypeFor[renovation.DeferInput]():    "OccupationPointDeferRequest",
	reflect.TypeFor[renovation.Board]():         "RenovationBoard",
	reflect.TypeFor[renovation.BoardRow]():      "RenovationBoardRow",
	reflect.TypeFor[renovation.Figures]():       "RenovationFigures",
	reflect.TypeFor[renovationPlanOut]():        "RenovationPlan",
	reflect.TypeFor[projectOut]():               "RenovationProject",
	reflect.TypeFor[reportOut]():                "ProgressReport",
	reflect.TypeFor[pointOut]():                 "OccupationPoint",
}

// The areas of the API: an operation's tag is its area, by the first
// segment of its path after /api/v1.
var (
	docTags = []map[string]any{
		{"name": "auth", "description": "Signing in and out, tokens, the signed-in user."},
		{"name": "accounts", "description": "Districts and their settings, organisations, users."},
		{"name": "ledger", "description": "The hazard ledger: hazards, their steps, evidence, extensions, Excel, summaries."},
		{"name": "reminders", "description": "Deadline reminders and each user's inbox."},
		{"name": "webhooks", "description": "Organisations' webhooks and their delivery logs."},
		{"name": "equipment", "description": "The heating register: sites, equipment, inspection records and their documents, the district's inspection rules, Excel."},
		{"name": "readiness", "description": "Heating seasons and the readiness campaign (冬病夏治): plans, items, the declaration, acceptance, the board."},
		{"name": "alarms", "description": "Gas-alarm installation campaigns (燃气报警器安装): campaigns, targets, rates, gas users, visits, devices, Excel."},
		{"name": "renovation", "description": "The old gas pipeline renovation (燃气旧管网改造): plans, projects, progress reports, occupation points (占压) on their hazards, the board."},
		{"name": "calendar", "description": "China's working-day calendar."},
		{"name": "audit", "description": "The audit trail and its hash chain."},
		{"name": "health", "description": "Liveness, readiness, metrics and this document."},
	}
	areaTag = map[string]string{
		"auth": "auth", "me": "auth",
		"tenants": "accounts", "settings": "accounts", "orgs": "accounts", "users": "accounts",
		"hazards": "ledger", "ledger": "ledger", "extensions": "ledger",
		"reminders": "reminders", "notifications": "reminders",
		"webhooks": "webhooks", "calendar": "calendar", "audit": "audit",
		"renovation": "renovation", "occupation_points": "renovation",
		"sites": "equipment", "equipment": "equipment", "inspection_rules": "equipment",
		"seasons": "readiness", "readiness": "readiness",
		"alarm_campaigns": "alarms", "premises": "alarms", "alarm_devices": "alarms", "alarms": "alarms",
		"openapi.json": "health", "healthz": "health", "readyz": "health", "metrics": "health",
		"api": "health", // /api/docs
	}
)

func tagOf(path string) string {
	rest := strings.TrimPrefix(strings.TrimPrefix(path, v1), "/")
	first, _, _ := strings.Cut(rest, "/")
	return areaTag[first] // empty for an area not listed: the tests say so
}

// The error answers, by status: each a problem+json body.
var problemAnswers = map[int]string{
	http.StatusBadRequest:            "The request is malformed: not JSON, or JSON of the wrong shape (code malformed_json).",
	http.StatusUnauthorized:          "No access token, or one that is invalid or expired (codes unauthorized, invalid_token): refresh the token or sign in; at sign-in, wrong credentials (invalid_credentials).",
	http.StatusForbidden:             "The caller's roles do not allow this (code forbidden).",
	http.StatusNotFound:              "No such record in the caller's scope (code not_found); a malformed id is not found either.",
	http.StatusConflict:              "The record is not in a state that allows this, or a name is taken (codes such as invalid_transition, name_taken, request_in_progress, request_committed).",
	http.StatusPreconditionFailed:    "If-Match names a version that is not the record's current one: read it again (code stale).",
	http.StatusRequestEntityTooLarge: "The body or the file is too large (code payload_too_large).",
	http.StatusUnsupportedMediaType:  "The file is not of a type this route takes (codes unsupported_file_type, not_xlsx), or the body is compressed (code unsupported_content_encoding: send it without Content-Encoding).",
	http.StatusUnprocessableEntity:   "Invalid input: `fields` says which field and why (code invalid); an import's row problems come in `problems`; a declaration the gate refuses (code not_ready) lists every blocker in `blockers`.",
	http.StatusPreconditionRequired:  "If-Match is missing (code if_match_required).",
	http.StatusTooManyRequests:       "Too many attempts: wait the seconds Retry-After (and retry_after) say (code too_many_attempts).",
	http.StatusServiceUnavailable:    "The server is busy or lacks a dependency: try again in a moment. A write given up for its district's budget (a write slot, a lock or a statement not had in time; PostgreSQL) answers code busy with Retry-After: nothing was written, and the same request may be sent again.",
}

// errorStatuses are the error answers a route gives: those of its shape
// (signed-in, casbin-checked, with a path id, a body, query parameters, an
// If-Match, an Idempotency-Key) and those it declares.
func errorStatuses(r route) []int {
	var out []int
	add := func(ok bool, codes ...int) {
		if ok {
			out = append(out, codes...)
		}
	}
	add(!r.Public, http.StatusUnauthorized)
	add(r.Obj != "", http.StatusForbidden)
	add(strings.Contains(r.Path, ":"), http.StatusNotFound)
	add(r.In != nil && !r.Upload, http.StatusBadRequest)
	add(r.In != nil, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity)
	add(r.In != nil, http.StatusUnsupportedMediaType)
	add(len(r.Query) > 0, http.StatusUnprocessableEntity)
	add(r.Method == http.MethodPatch, http.StatusPreconditionFailed, http.StatusPreconditionRequired)
	add(r.Idempotent, http.StatusConflict, http.StatusUnprocessableEntity)
	// A signed-in write runs under its district's write budget (503 busy).
	add(!r.Public && r.Method != http.MethodGet, http.StatusServiceUnavailable)
	out = append(out, r.Errors...)
	slices.Sort(out)
	return slices.Compact(out)
}

func problemName(status int) string {
	return strings.ReplaceAll(http.StatusText(status), " ", "")
}

// problemDoc is a problem body as the document shows it: the members of
// every problem, and those some errors add (services.Error's Extra).
type problemDoc struct {
	problem
	// An invalid step: the record's status now (a hazard's, an item's, a
	// plan's).
	CurrentStatus string `json:"current_status,omitempty" enum:"HazardStatus|ItemStatus|PlanStatus"`
	// A retry of what did not fail: its state now.
	State string `json:"state,omitempty" enum:"ReminderState|DeliveryState"`
	// A refused import: its rows, how many were valid, every row's problems.
	Rows     int                 `json:"rows,omitempty"`
	Valid    int                 `json:"valid,omitempty"`
	Problems []ledger.RowProblem `json:"problems,omitempty"`
	// An export or import over the limit.
	Matched int `json:"matched,omitempty"`
	MaxRows int `json:"max_rows,omitempty"`
	// A workbook whose header row is wrong.
	DuplicateHeaders []string `json:"duplicate_headers,omitempty"`
	MissingHeaders   []string `json:"missing_headers,omitempty"`
	// A declaration the gate refuses (not_ready): every blocker.
	Blockers []readiness.Blocker `json:"blockers,omitempty"`
	// Too many sign-in attempts: the seconds to wait.
	RetryAfter int `json:"retry_after,omitempty"`
	// A retry whose first request was carried out but whose answer was lost
	// (request_committed): where the record it made is, when known.
	Location string `json:"location,omitempty"`
}

func buildOpenAPI(routes []route) map[string]any {
	b := &docBuilder{schemas: map[string]any{}, types: map[string]reflect.Type{}}
	b.schemaOf(reflect.TypeFor[problemDoc](), false)
	b.schemas["Problem"].(map[string]any)["additionalProperties"] = true // an error may add members of its own
	responses := map[string]any{}
	for status, desc := range problemAnswers {
		resp := map[string]any{"description": desc, "content": map[string]any{
			"application/problem+json": map[string]any{"schema": ref("Problem")}}}
		if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
			resp["headers"] = map[string]any{"Retry-After": map[string]any{
				"description": "Seconds to wait.", "schema": map[string]any{"type": "integer", "minimum": 0}}}
		}
		responses[problemName(status)] = resp
	}
	responses["Error"] = map[string]any{"description": "An unexpected error (500), described as a problem.",
		"content": map[string]any{"application/problem+json": map[string]any{"schema": ref("Problem")}}}

	paths := map[string]map[string]any{}
	for _, r := range routes {
		p := pathParam.ReplaceAllString(r.Path, "{$1}")
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		paths[p][strings.ToLower(r.Method)] = b.operation(r, p)
	}
	return map[string]any{
		"openapi": openAPIVersion,
		"info": map[string]any{"title": "Hearth", "version": "1.0.0",
			"description": "Gas and heating safety supervision: the hazard ledger of a district's gas and heating companies, " +
				"streets and bureau. Errors are RFC 9457 problems with a stable `code`."},
		"servers":  []any{map[string]any{"url": "/", "description": "This server"}},
		"tags":     docTags,
		"security": []any{map[string]any{"bearer": []any{}}},
		"paths":    paths,
		"components": map[string]any{
			"schemas":   b.schemas,
			"responses": responses,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
					"description": "The access_token of POST /api/v1/auth/login or /auth/refresh."},
				"metricsToken": map[string]any{"type": "http", "scheme": "bearer",
					"description": "The server's HEARTH_METRICS_TOKEN."},
			},
		},
	}
}

func (b *docBuilder) operation(r route, path string) map[string]any {
	op := map[string]any{"summary": r.Summary, "operationId": strings.ToLower(r.Method) + opName(path),
		"tags": []string{tagOf(r.Path)}}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(r.Path, -1) {
		schema := map[string]any{"type": "string", "format": "uuid"} // ids are UUIDs
		if m[1] == "year" {
			schema = map[string]any{"type": "integer", "minimum": calendar.MinYear, "maximum": calendar.MaxYear}
		}
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": schema})
	}
	for _, q := range r.Query {
		p := map[string]any{"name": q.Name, "in": "query", "schema": q.schema(b), "description": q.Desc}
		if q.Required {
			p["required"] = true
		}
		if q.List {
			p["style"], p["explode"] = "form", true
		}
		params = append(params, p)
	}
	if r.Method == http.MethodPatch {
		params = append(params, map[string]any{"name": "If-Match", "in": "header", "required": true,
			"description": "The ETag of the record as last read.", "schema": map[string]any{"type": "string"}})
	}
	if r.Idempotent {
		params = append(params, map[string]any{"name": "Idempotency-Key", "in": "header",
			"description": "Makes the request safe to retry: a retry with the same key and body answers the first answer again and makes nothing.",
			"schema":      map[string]any{"type": "string", "maxLength": 200}})
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	if r.In != nil {
		ct, schema := "application/json", b.schemaOf(reflect.TypeOf(r.In), true)
		if r.Upload { // a form's other parts are ignored, not refused
			ct = "multipart/form-data"
			delete(b.schemas[componentName(reflect.TypeOf(r.In))].(map[string]any), "additionalProperties")
		}
		_, note := r.In.(noteIn) // a step's note is read only when a body is sent
		op["requestBody"] = map[string]any{"required": !note, "content": map[string]any{
			ct: map[string]any{"schema": schema}}}
	}

	responses := map[string]any{}
	status := r.Status
	if status == 0 {
		status = http.StatusOK
	}
	responses[strconv.Itoa(status)] = b.answer(status, r.Out, r.Produces)
	for st, out := range r.Also {
		responses[strconv.Itoa(st)] = b.answer(st, out, nil)
	}
	for _, st := range errorStatuses(r) {
		if _, taken := responses[strconv.Itoa(st)]; !taken {
			responses[strconv.Itoa(st)] = ref("", "responses", problemName(st))
		}
	}
	responses["default"] = ref("", "responses", "Error")
	op["responses"] = responses
	switch {
	case r.Path == "/metrics":
		op["security"] = []any{map[string]any{"metricsToken": []any{}}}
	case r.Public:
		op["security"] = []any{}
	}
	return op
}

// answer is a success response: a JSON body of type out, or a download of
// the media types produces.
func (b *docBuilder) answer(status int, out any, produces []string) map[string]any {
	resp := map[string]any{"description": http.StatusText(status)}
	switch {
	case out != nil:
		resp["content"] = map[string]any{"application/json": map[string]any{"schema": b.schemaOf(reflect.TypeOf(out), false)}}
	case len(produces) > 0:
		content := map[string]any{}
		for _, mt := range produces {
			schema := map[string]any{"type": "string", "format": "binary"}
			switch {
			case mt == fiber.MIMEApplicationJSON:
				schema = map[string]any{"type": "object", "description": "A JSON document."}
			case strings.HasPrefix(mt, "text/"):
				schema = map[string]any{"type": "string"}
			default:
				resp["headers"] = map[string]any{"Content-Disposition": map[string]any{
					"description": "attachment, with the file's name", "schema": map[string]any{"type": "string"}}}
			}
			content[mt] = map[string]any{"schema": schema}
		}
		resp["content"] = content
	}
	return resp
}

func opName(p string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(p, func(r rune) bool { return r == '/' || r == '{' || r == '}' || r == '.' || r == '_' }) {
		if part == "api" || part == "v1" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

var (
	timeType    = reflect.TypeFor[time.Time]()
	uuidType    = reflect.TypeFor[uuid.UUID]()
	rawJSONType = reflect.TypeFor[rawJSON]()
)

// docBuilder gathers the component schemas of one document.
type docBuilder struct {
	schemas map[string]any
	types   map[string]reflect.Type // the Go type each component describes
	modes   map[string]bool         // request (true) or answer
}

func ref(name string, kind ...string) map[string]any {
	if len(kind) == 0 {
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{"$ref": "#/components/" + kind[0] + "/" + kind[1]}
}

func dateSchema() map[string]any {
	return map[string]any{"type": "string", "format": "date", "description": "YYYY-MM-DD"}
}

// claim makes name the component of t (in the given mode); false when it
// is already.
func (b *docBuilder) claim(name string, t reflect.Type, req bool) bool {
	if b.modes == nil {
		b.modes = map[string]bool{}
	}
	if prev, ok := b.types[name]; ok {
		if prev != t {
			panic(fmt.Sprintf("openapi: %v and %v are both component %s; name one in docNames", prev, t, name))
		}
		if b.modes[name] != req {
			panic(fmt.Sprintf("openapi: %v is both a request and an answer; give each its own type", t))
		}
		return false
	}
	if _, ok := b.schemas[name]; ok {
		panic("openapi: " + t.String() + " takes the name of enumeration " + name)
	}
	b.types[name], b.modes[name] = t, req
	return true
}

// enumSchema declares the enumeration e as a component and refers to it.
func (b *docBuilder) enumSchema(e enumeration) map[string]any {
	if _, ok := b.schemas[e.Name]; !ok {
		s := map[string]any{"type": "string", "enum": e.Values}
		desc := e.Desc
		if len(e.Labels) == len(e.Values) {
			labels := map[string]string{}
			var parts []string
			for i, v := range e.Values {
				labels[v] = e.Labels[i]
				parts = append(parts, v+" "+e.Labels[i])
			}
			s["x-enumDescriptions"] = labels
			desc = strings.TrimSpace(desc + " " + strings.Join(parts, "; ") + ".")
		}
		if desc != "" {
			s["description"] = desc
		}
		b.schemas[e.Name] = s
	}
	return ref(e.Name)
}

// schemaOf describes a Go type as a JSON schema; named structs and
// enumerations become components referred to by name. req: the type is read
// from a request (its fields' validate tags apply), not written in an answer.
func (b *docBuilder) schemaOf(t reflect.Type, req bool) map[string]any {
	if t.Kind() == reflect.Pointer {
		return nullable(b.schemaOf(t.Elem(), req))
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == uuidType:
		return map[string]any{"type": "string", "format": "uuid"}
	case t == reflect.TypeFor[[]byte]():
		return map[string]any{"type": "string", "format": "binary"}
	case t == rawJSONType:
		return map[string]any{"type": []string{"object", "null"}, "description": "The record as JSON; null when none."}
	case t.Kind() == reflect.String && t.Implements(valuerType):
		if e, ok := docEnums[t.Name()]; ok {
			return b.enumSchema(e)
		}
		return b.enumSchema(enumOf(t))
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int32, reflect.Int64, reflect.Uint8, reflect.Uint32:
		return map[string]any{"type": "integer"}
	case reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": b.schemaOf(t.Elem(), req)}
	case reflect.Map:
		s := map[string]any{"type": "object"}
		if t.Elem().Kind() == reflect.Interface {
			s["additionalProperties"] = true
		} else {
			s["additionalProperties"] = b.schemaOf(t.Elem(), req)
		}
		return s
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		name := componentName(t)
		if b.claim(name, t, req) {
			b.schemas[name] = map[string]any{} // a placeholder against recursion
			props := map[string]any{}
			var required []string
			b.addFields(t, req, props, &required)
			obj := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
			if len(required) > 0 {
				slices.Sort(required)
				obj["required"] = slices.Compact(required)
			}
			b.schemas[name] = obj
		}
		return ref(name)
	}
	panic(fmt.Sprintf("openapi: no schema for %v", t))
}

// addFields describes t's fields as encoding/json sees them: an embedded
// struct without a JSON name lends its fields, and a field of the outer
// struct wins over an embedded one of the same name.
func (b *docBuilder) addFields(t reflect.Type, req bool, props map[string]any, required *[]string) {
	var embedded []reflect.Type
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		jn, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && jn == "" && f.Type.Kind() == reflect.Struct {
			embedded = append(embedded, f.Type)
			continue
		}
		if !f.IsExported() || jn == "-" {
			continue
		}
		if jn == "" {
			jn = f.Name
		}
		omitempty := slices.Contains(strings.Split(opts, ","), "omitempty")
		props[jn] = b.fieldSchema(f, req, omitempty)
		if req && hasRule(f.Tag.Get("validate"), "required") || !req && !omitempty {
			*required = append(*required, jn)
		}
	}
	for _, et := range embedded {
		inner := map[string]any{}
		var innerRequired []string
		b.addFields(et, req, inner, &innerRequired)
		for k, v := range inner {
			if _, ok := props[k]; !ok {
				props[k] = v
				if slices.Contains(innerRequired, k) {
					*required = append(*required, k)
				}
			}
		}
	}
}

// fieldSchema is a field's schema: its type's, with what its tags add. A
// pointer is nullable, but in an answer one that is omitted when nil.
func (b *docBuilder) fieldSchema(f reflect.StructField, req, omitempty bool) map[string]any {
	t, ptr := f.Type, false
	if t.Kind() == reflect.Pointer {
		t, ptr = t.Elem(), true
	}
	var s map[string]any
	switch name, opt, _ := strings.Cut(f.Tag.Get("enum"), ","); {
	case name != "":
		var es []enumeration // one, or "A|B": either's values
		for _, n := range strings.Split(name, "|") {
			e, ok := docEnums[n]
			if !ok {
				panic("openapi: field " + f.Name + " names no enumeration of docEnums: " + n)
			}
			es = append(es, e)
		}
		e := es[0]
		one := func() map[string]any {
			var alts []any
			for _, e := range es {
				alts = append(alts, b.enumSchema(e))
			}
			if opt == "empty" {
				alts = append(alts, map[string]any{"const": ""})
			}
			if len(alts) == 1 {
				return alts[0].(map[string]any)
			}
			return map[string]any{"anyOf": alts}
		}
		switch t.Kind() {
		case reflect.String:
			s = one()
		case reflect.Slice:
			s = map[string]any{"type": "array", "items": one()}
		case reflect.Map: // every value a member
			members := map[string]any{}
			for _, v := range e.Values {
				members[v] = b.schemaOf(t.Elem(), req)
			}
			s = map[string]any{"type": "object", "properties": members, "required": e.Values, "additionalProperties": false}
		default:
			panic("openapi: enum tag on " + f.Name + " of kind " + t.Kind().String())
		}
	case f.Tag.Get("format") == "date":
		s = dateSchema()
		if t.Kind() == reflect.Slice {
			s = map[string]any{"type": "array", "items": s}
		}
	default:
		s = b.schemaOf(t, req)
	}
	if req {
		s = b.constrain(s, t, f.Tag.Get("validate"))
	}
	if ptr && (req || !omitempty) {
		s = nullable(s)
	}
	return s
}

// hasRule tells whether a validate tag holds rule (before any dive).
func hasRule(tag, rule string) bool {
	before, _, _ := strings.Cut(tag, ",dive")
	for _, r := range strings.Split(before, ",") {
		if r == rule {
			return true
		}
	}
	return false
}

// constrain adds what a request field's validate rules say to its schema s
// (of type t): lengths, bounds, one of a set, dates. After dive, the rules
// are the items'.
func (b *docBuilder) constrain(s map[string]any, t reflect.Type, tag string) map[string]any {
	if tag == "" {
		return s
	}
	rules, itemRules, dive := strings.Cut(tag, ",dive")
	out := map[string]any{}
	for k, v := range s {
		out[k] = v
	}
	if dive && t.Kind() == reflect.Slice {
		if items, ok := out["items"].(map[string]any); ok {
			out["items"] = b.constrain(items, t.Elem(), strings.TrimPrefix(itemRules, ","))
		}
	}
	if _, isRef := out["$ref"]; isRef {
		return out
	}
	lo, hi := "minimum", "maximum"
	switch t.Kind() {
	case reflect.String:
		lo, hi = "minLength", "maxLength"
	case reflect.Slice:
		lo, hi = "minItems", "maxItems"
	}
	for _, r := range strings.Split(rules, ",") {
		name, arg, _ := strings.Cut(r, "=")
		switch name {
		case "required":
			if t.Kind() == reflect.String {
				if _, ok := out["minLength"]; !ok {
					out["minLength"] = 1
				}
			}
		case "min", "max":
			n, err := strconv.Atoi(arg)
			if err != nil {
				panic("openapi: validate " + r)
			}
			out[map[string]string{"min": lo, "max": hi}[name]] = n
		case "unique":
			out["uniqueItems"] = true
		case "oneof":
			vals := strings.Fields(arg)
			for _, e := range docEnums {
				if slices.Equal(e.Values, vals) {
					return b.enumSchema(e)
				}
			}
			out["enum"] = vals
		case "date":
			for k, v := range dateSchema() {
				out[k] = v
			}
		case "latitude":
			out["type"], out["minimum"], out["maximum"] = "number", -90, 90
		case "longitude":
			out["type"], out["minimum"], out["maximum"] = "number", -180, 180
		case "password":
			out["minLength"] = 10
			out["description"] = fmt.Sprintf("At least 10 characters, at most %d bytes.", services.MaxPassword)
		case "timezone":
			out["description"] = "An IANA time zone, such as Asia/Shanghai."
		case "username":
			out["description"] = "Lower-case letters, digits, dot, underscore and hyphen; a letter or digit first."
		case "slug":
			out["description"] = "Lower-case letters, digits and hyphens; a letter first."
		case "phone":
			out["description"] = "Digits, spaces and hyphens, with an optional leading +."
		}
	}
	return out
}

// nullable lets s be null too.
func nullable(s map[string]any) map[string]any {
	if typ, ok := s["type"].(string); ok {
		out := map[string]any{}
		for k, v := range s {
			out[k] = v
		}
		out["type"] = []string{typ, "null"}
		if vals, ok := s["enum"].([]string); ok {
			out["enum"] = append(slices.Clone(anySlice(vals)), nil)
		}
		return out
	}
	if typ, ok := s["type"].([]string); ok && slices.Contains(typ, "null") {
		return s
	}
	return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// componentName turns a Go type name into a schema name: orgOut → Org,
// list[...orgOut] → OrgList, loginIn → LoginRequest; docNames names the
// types of other packages.
func componentName(t reflect.Type) string {
	if n, ok := docNames[t]; ok {
		return n
	}
	n := t.Name()
	if strings.HasPrefix(n, "list[") {
		return componentName(t.Field(0).Type.Elem()) + "List"
	}
	switch {
	case strings.HasSuffix(n, "In"):
		return exported(strings.TrimSuffix(n, "In")) + "Request"
	case strings.HasSuffix(n, "Out"):
		return exported(strings.TrimSuffix(n, "Out"))
	}
	return exported(n)
}

func exported(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// readinessStatuses are the statuses a plan's history names: its own and
// its items'.
func readinessStatuses() []string {
	var out []string
	for _, s := range enum.PlanStatuses() {
		out = append(out, string(s))
	}
	for _, s := range enum.ItemStatuses() {
		if !slices.Contains(out, string(s)) {
			out = append(out, string(s))
		}
	}
	return out
}
