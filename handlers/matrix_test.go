package handlers_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/xuri/excelize/v2"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/attachment"
	"github.com/hearthsafety/hearth/ent/extension"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/hazardevent"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/ent/user"
	"github.com/hearthsafety/hearth/ent/webhook"
	"github.com/hearthsafety/hearth/handlers/handlerstest"
	"github.com/hearthsafety/hearth/policy"
)

// The authorization matrix (PERMISSIONS.md, "Matrix tests"): one row per
// route, target and request; one column per demo login; in each cell the
// status that login must get. 403 is an action the role never has (casbin,
// decided before any record is read, so also for another district's id);
// 404 is a record outside the login's scope; 422 names the field at fault.
//
// Targets are the demo records, named so that every column finds its cases
// among them: its own organisation (and a user of it), another company,
// another street and a community of each street, and another district.

// actors are the columns, in this order in every row.
var actors = [...]string{
	BA: "nankai/bureau.admin",     // bureau_admin
	BI: "nankai/bureau.inspector", // bureau_inspector
	CA: "nankai/gas1.admin",       // company_admin of 津燃华润燃气有限公司
	CS: "nankai/gas1.clerk",       // company_staff of the same company
	SO: "nankai/street.guangkai",  // street_officer of 广开街
	OP: "/platform.admin",         // the platform operator
	HA: "hexi/bureau.admin",       // bureau_admin of 河西区: 南开 is another district
	HK: "hexi/gas1.clerk",         // company_staff of 河西燃气有限公司
}

// Column indexes.
const (
	BA = iota
	BI
	CA
	CS
	SO
	OP
	HA
	HK
)

// cells are the expected statuses of a row, one per actor.
type cells [len(actors)]int

// orgAliases names the organisations the matrix reaches.
var orgAliases = map[string]string{
	"bureau":      "南开区城市管理委员会",    // BA's and BI's own
	"gas1":        "津燃华润燃气有限公司",    // CA's and CS's own company
	"gas2":        "天津市南开燃气服务有限公司", // another company
	"guangkai":    "广开街",           // SO's own street
	"wandezhuang": "广开街万德庄社区",      // a community of SO's street
	"xingnan":     "兴南街",           // another street
	"xingnan.c":   "兴南街兴南社区",       // a community of another street
	"hexi.gas":    "河西燃气有限公司",      // another district: HK's own company
	"hexi.street": "友谊路街",          // another district's street
}

// The records a list row looks for: present or absent, each as stated.
var (
	orgProbes  = slices.Sorted(maps.Keys(orgAliases))
	userProbes = []string{"nankai/bureau.inspector", "nankai/gas1.admin", "nankai/gas1.clerk",
		"nankai/gas2.clerk", "nankai/street.guangkai", "nankai/street.xingnan",
		"hexi/bureau.admin", "hexi/gas1.clerk"}
	districtProbes = []string{"nankai", "hexi"}
)

// obj is a request body; a string value "@alias" stands for that record's id.
type obj map[string]any

// row is one line of the matrix.
type row struct {
	route string // "METHOD /path/:id", as the app registers it
	on    string // the record :id names: an org alias, a login, a district slug or a fixture alias
	sub   string // the record :did names (a webhook delivery alias)
	what  string // what the request asks, when the route and record do not say
	body  obj
	want  cells
	field map[int]string // the field at fault of each 422 cell, by column
	// check reads a 2xx answer's content and says what is wrong with it, if
	// anything; nil: the record answered is the one asked for, with the
	// values sent.
	check func(c *cell, answer obj) string

	state string                                          // a hazard's state before the request (hazardSteps); "" is reported
	query string                                          // the query string, without "?"
	form  func(c *cell) (body []byte, contentType string) // a multipart body, instead of body
}

var (
	renameIt = obj{"name": "矩阵改名"}
	relabel  = obj{"display_name": "矩阵改名"}
)

// newUser is the body that creates a user in an organisation.
func newUser(orgAlias string, roles ...string) obj {
	return obj{"username": "matrix.new", "password": "matrix-password-1", "org_id": "@" + orgAlias, "roles": roles}
}

// matrix is the authorization matrix: organisations, users, settings,
// districts and the audit trail, then the hazard ledger, then the inboxes,
// the reminder queue and webhooks (matrix_reminders_test.go).
var matrix = slices.Concat(coreRows, hazardRows, reminderRows)

// coreRows are the matrix's rows for organisations, users, settings,
// districts and the audit trail.
//
//	columns: BA bureau_admin, BI bureau_inspector, CA company_admin, CS company_staff,
//	         SO street_officer, OP platform operator, HA hexi bureau_admin, HK hexi company_staff
var coreRows = []row{
	// Who am I: every signed-in login, itself only.
	{route: "GET /api/v1/me", want: cells{200, 200, 200, 200, 200, 200, 200, 200}, check: isSelf},

	// Districts: the operator's alone.
	{route: "GET /api/v1/tenants", want: cells{403, 403, 403, 403, 403, 200, 403, 403},
		check: lists(districtProbes, map[int]seen{OP: {2, "nankai hexi"}})},
	{route: "POST /api/v1/tenants", what: "new district",
		body: obj{"slug": "matrix", "name": "矩阵区", "admin_password": "matrix-password-1"},
		want: cells{403, 403, 403, 403, 403, 201, 403, 403}},
	{route: "GET /api/v1/tenants/:id", on: "nankai", want: cells{403, 403, 403, 403, 403, 200, 403, 403}},
	{route: "GET /api/v1/tenants/:id", on: "hexi", want: cells{403, 403, 403, 403, 403, 200, 403, 403}},
	{route: "PATCH /api/v1/tenants/:id", on: "nankai", body: renameIt, want: cells{403, 403, 403, 403, 403, 200, 403, 403}},
	{route: "PATCH /api/v1/tenants/:id", on: "hexi", body: renameIt, want: cells{403, 403, 403, 403, 403, 200, 403, 403}},

	// The caller's own district settings.
	{route: "GET /api/v1/settings", want: cells{200, 200, 200, 200, 200, 403, 200, 200}, check: ownDistrict},
	{route: "PATCH /api/v1/settings", body: obj{"timezone": "Asia/Urumqi"}, want: cells{200, 403, 403, 403, 403, 403, 200, 403}},

	// Organisations.
	{route: "GET /api/v1/orgs", want: cells{200, 200, 200, 200, 200, 403, 200, 200},
		check: lists(orgProbes, map[int]seen{
			BA: {19, "bureau gas1 gas2 guangkai wandezhuang xingnan xingnan.c"},
			BI: {19, "bureau gas1 gas2 guangkai wandezhuang xingnan xingnan.c"},
			CA: {16, "gas1 guangkai wandezhuang xingnan xingnan.c"}, // own company, no other; streets and communities
			CS: {16, "gas1 guangkai wandezhuang xingnan xingnan.c"}, // the same
			SO: {6, "gas1 gas2 guangkai wandezhuang"},               // companies; its own street, no other
			HA: {4, "hexi.gas hexi.street"},                         // nothing of 南开
			HK: {3, "hexi.gas hexi.street"},                         // own company and 河西's street
		})},
	{route: "GET /api/v1/orgs/:id", on: "bureau", want: cells{200, 200, 404, 404, 404, 403, 404, 404}},
	{route: "GET /api/v1/orgs/:id", on: "gas1", want: cells{200, 200, 200, 200, 200, 403, 404, 404}},
	{route: "GET /api/v1/orgs/:id", on: "gas2", want: cells{200, 200, 404, 404, 200, 403, 404, 404}},
	{route: "GET /api/v1/orgs/:id", on: "guangkai", want: cells{200, 200, 200, 200, 200, 403, 404, 404}},
	{route: "GET /api/v1/orgs/:id", on: "wandezhuang", want: cells{200, 200, 200, 200, 200, 403, 404, 404}},
	{route: "GET /api/v1/orgs/:id", on: "xingnan", want: cells{200, 200, 200, 200, 404, 403, 404, 404}},
	{route: "GET /api/v1/orgs/:id", on: "xingnan.c", want: cells{200, 200, 200, 200, 404, 403, 404, 404}},
	{route: "GET /api/v1/orgs/:id", on: "hexi.gas", want: cells{404, 404, 404, 404, 404, 403, 200, 200}},
	{route: "GET /api/v1/orgs/:id", on: "hexi.street", want: cells{404, 404, 404, 404, 404, 403, 200, 200}},

	{route: "POST /api/v1/orgs", what: "company", body: obj{"name": "矩阵燃气公司", "kind": "gas_company"},
		want: cells{201, 403, 403, 403, 403, 403, 201, 403}},
	{route: "POST /api/v1/orgs", what: "street", body: obj{"name": "矩阵街", "kind": "street"},
		want: cells{201, 403, 403, 403, 403, 403, 201, 403}},
	{route: "POST /api/v1/orgs", what: "community of 广开街",
		body: obj{"name": "矩阵社区", "kind": "community", "parent_id": "@guangkai"},
		want: cells{201, 403, 403, 403, 403, 403, 422, 403}, field: map[int]string{HA: "parent_id"}},
	{route: "POST /api/v1/orgs", what: "community of 友谊路街",
		body: obj{"name": "矩阵社区", "kind": "community", "parent_id": "@hexi.street"},
		want: cells{422, 403, 403, 403, 403, 403, 201, 403}, field: map[int]string{BA: "parent_id"}},

	{route: "PATCH /api/v1/orgs/:id", on: "bureau", body: renameIt, want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "gas1", body: renameIt, want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "gas2", body: renameIt, want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "guangkai", body: renameIt, want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "wandezhuang", body: renameIt, want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "xingnan", body: renameIt, want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "xingnan.c", body: renameIt, want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "hexi.gas", body: renameIt, want: cells{404, 403, 403, 403, 403, 403, 200, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "hexi.street", body: renameIt, want: cells{404, 403, 403, 403, 403, 403, 200, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "wandezhuang", what: "moved under 兴南街", body: obj{"parent_id": "@xingnan"},
		want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "wandezhuang", what: "moved under 友谊路街", body: obj{"parent_id": "@hexi.street"},
		want: cells{422, 403, 403, 403, 403, 403, 404, 403}, field: map[int]string{BA: "parent_id"}},

	{route: "POST /api/v1/orgs/:id/disable", on: "bureau", want: cells{409, 403, 403, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/orgs/:id/disable", on: "gas1", want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/orgs/:id/disable", on: "gas2", want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/orgs/:id/disable", on: "guangkai", want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/orgs/:id/disable", on: "wandezhuang", want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/orgs/:id/disable", on: "xingnan", want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/orgs/:id/disable", on: "xingnan.c", want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/orgs/:id/disable", on: "hexi.gas", want: cells{404, 403, 403, 403, 403, 403, 200, 403}},
	{route: "POST /api/v1/orgs/:id/disable", on: "hexi.street", want: cells{404, 403, 403, 403, 403, 403, 200, 403}},
	// enable answers like disable; on an enabled record it changes nothing.
	{route: "POST /api/v1/orgs/:id/enable", on: "bureau", want: cells{409, 403, 403, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/orgs/:id/enable", on: "gas1", want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/orgs/:id/enable", on: "gas2", want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/orgs/:id/enable", on: "guangkai", want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/orgs/:id/enable", on: "wandezhuang", want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/orgs/:id/enable", on: "xingnan", want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/orgs/:id/enable", on: "xingnan.c", want: cells{200, 403, 403, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/orgs/:id/enable", on: "hexi.gas", want: cells{404, 403, 403, 403, 403, 403, 200, 403}},
	{route: "POST /api/v1/orgs/:id/enable", on: "hexi.street", want: cells{404, 403, 403, 403, 403, 403, 200, 403}},

	// Users.
	{route: "GET /api/v1/users", want: cells{200, 200, 200, 403, 403, 403, 200, 403},
		check: lists(userProbes, map[int]seen{
			BA: {8, "nankai/bureau.inspector nankai/gas1.admin nankai/gas1.clerk nankai/gas2.clerk nankai/street.guangkai nankai/street.xingnan"},
			BI: {8, "nankai/bureau.inspector nankai/gas1.admin nankai/gas1.clerk nankai/gas2.clerk nankai/street.guangkai nankai/street.xingnan"},
			CA: {2, "nankai/gas1.admin nankai/gas1.clerk"}, // its own company's only
			HA: {2, "hexi/bureau.admin hexi/gas1.clerk"},   // nothing of 南开
		})},
	{route: "GET /api/v1/users/:id", on: "nankai/bureau.inspector", want: cells{200, 200, 404, 403, 403, 403, 404, 403}},
	{route: "GET /api/v1/users/:id", on: "nankai/gas1.admin", want: cells{200, 200, 200, 403, 403, 403, 404, 403}},
	{route: "GET /api/v1/users/:id", on: "nankai/gas1.clerk", want: cells{200, 200, 200, 403, 403, 403, 404, 403}},
	{route: "GET /api/v1/users/:id", on: "nankai/gas2.clerk", want: cells{200, 200, 404, 403, 403, 403, 404, 403}},
	{route: "GET /api/v1/users/:id", on: "nankai/street.guangkai", want: cells{200, 200, 404, 403, 403, 403, 404, 403}},
	{route: "GET /api/v1/users/:id", on: "nankai/street.xingnan", want: cells{200, 200, 404, 403, 403, 403, 404, 403}},
	{route: "GET /api/v1/users/:id", on: "hexi/bureau.admin", want: cells{404, 404, 404, 403, 403, 403, 200, 403}},
	{route: "GET /api/v1/users/:id", on: "hexi/gas1.clerk", want: cells{404, 404, 404, 403, 403, 403, 200, 403}},

	{route: "POST /api/v1/users", what: "company_staff of 津燃华润", body: newUser("gas1", policy.RoleCompanyStaff),
		want: cells{201, 403, 201, 403, 403, 403, 422, 403}, field: map[int]string{HA: "org_id"}},
	{route: "POST /api/v1/users", what: "bureau_admin of 津燃华润", body: newUser("gas1", policy.RoleBureauAdmin),
		want: cells{422, 403, 403, 403, 403, 403, 422, 403}, field: map[int]string{BA: "roles", HA: "org_id"}},
	{route: "POST /api/v1/users", what: "company_staff of another company", body: newUser("gas2", policy.RoleCompanyStaff),
		want: cells{201, 403, 403, 403, 403, 403, 422, 403}, field: map[int]string{HA: "org_id"}},
	{route: "POST /api/v1/users", what: "bureau_inspector of the bureau", body: newUser("bureau", policy.RoleBureauInspector),
		want: cells{201, 403, 403, 403, 403, 403, 422, 403}, field: map[int]string{HA: "org_id"}},
	{route: "POST /api/v1/users", what: "street_officer of 广开街", body: newUser("guangkai", policy.RoleStreetOfficer),
		want: cells{201, 403, 403, 403, 403, 403, 422, 403}, field: map[int]string{HA: "org_id"}},
	{route: "POST /api/v1/users", what: "company_staff of 河西燃气", body: newUser("hexi.gas", policy.RoleCompanyStaff),
		want: cells{422, 403, 403, 403, 403, 403, 201, 403}, field: map[int]string{BA: "org_id"}},

	{route: "PATCH /api/v1/users/:id", on: "nankai/bureau.inspector", body: relabel, want: cells{200, 403, 404, 403, 403, 403, 404, 403}},
	{route: "PATCH /api/v1/users/:id", on: "nankai/gas1.admin", body: relabel, want: cells{200, 403, 200, 403, 403, 403, 404, 403}},
	{route: "PATCH /api/v1/users/:id", on: "nankai/gas1.clerk", body: relabel, want: cells{200, 403, 200, 403, 403, 403, 404, 403}},
	{route: "PATCH /api/v1/users/:id", on: "nankai/gas2.clerk", body: relabel, want: cells{200, 403, 404, 403, 403, 403, 404, 403}},
	{route: "PATCH /api/v1/users/:id", on: "nankai/street.guangkai", body: relabel, want: cells{200, 403, 404, 403, 403, 403, 404, 403}},
	{route: "PATCH /api/v1/users/:id", on: "nankai/street.xingnan", body: relabel, want: cells{200, 403, 404, 403, 403, 403, 404, 403}},
	{route: "PATCH /api/v1/users/:id", on: "hexi/bureau.admin", body: relabel, want: cells{404, 403, 404, 403, 403, 403, 200, 403}},
	{route: "PATCH /api/v1/users/:id", on: "hexi/gas1.clerk", body: relabel, want: cells{404, 403, 404, 403, 403, 403, 200, 403}},
	{route: "PATCH /api/v1/users/:id", on: "nankai/gas1.clerk", what: "roles company_admin",
		body: obj{"roles": []string{policy.RoleCompanyAdmin}}, want: cells{200, 403, 200, 403, 403, 403, 404, 403}},
	{route: "PATCH /api/v1/users/:id", on: "nankai/gas1.clerk", what: "roles bureau_admin",
		body: obj{"roles": []string{policy.RoleBureauAdmin}}, want: cells{422, 403, 403, 403, 403, 403, 404, 403},
		field: map[int]string{BA: "roles"}},

	{route: "POST /api/v1/users/:id/disable", on: "nankai/bureau.inspector", want: cells{200, 403, 404, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/disable", on: "nankai/gas1.admin", want: cells{200, 403, 409, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/disable", on: "nankai/gas1.clerk", want: cells{200, 403, 200, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/disable", on: "nankai/gas2.clerk", want: cells{200, 403, 404, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/disable", on: "nankai/street.guangkai", want: cells{200, 403, 404, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/disable", on: "nankai/street.xingnan", want: cells{200, 403, 404, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/disable", on: "hexi/bureau.admin", want: cells{404, 403, 404, 403, 403, 403, 409, 403}},
	{route: "POST /api/v1/users/:id/disable", on: "hexi/gas1.clerk", want: cells{404, 403, 404, 403, 403, 403, 200, 403}},
	{route: "POST /api/v1/users/:id/enable", on: "nankai/bureau.inspector", want: cells{200, 403, 404, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/enable", on: "nankai/gas1.admin", want: cells{200, 403, 409, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/enable", on: "nankai/gas1.clerk", want: cells{200, 403, 200, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/enable", on: "nankai/gas2.clerk", want: cells{200, 403, 404, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/enable", on: "nankai/street.guangkai", want: cells{200, 403, 404, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/enable", on: "nankai/street.xingnan", want: cells{200, 403, 404, 403, 403, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/enable", on: "hexi/bureau.admin", want: cells{404, 403, 404, 403, 403, 403, 409, 403}},
	{route: "POST /api/v1/users/:id/enable", on: "hexi/gas1.clerk", want: cells{404, 403, 404, 403, 403, 403, 200, 403}},

	// The audit trail: the bureau's, of its own district.
	{route: "GET /api/v1/audit", want: cells{200, 200, 403, 403, 403, 403, 200, 403}, check: ownTrail},
	{route: "GET /api/v1/audit/verify", want: cells{200, 200, 403, 403, 403, 403, 200, 403}, check: ownChain},
}

// TestMatrix runs every cell. Reads and refusals share one demo: a refusal
// must leave its record as it was (each such cell checks), so the demo stays
// as seeded throughout. A change that must succeed gets a demo of its own;
// on the hazard ledger, a hazard of its own (its target, recorded afresh for
// the cell) in one demo kept for such changes, one cell after another.
func TestMatrix(t *testing.T) {
	var n atomic.Int64
	t.Run("cells", func(t *testing.T) {
		t.Run("seeded", func(t *testing.T) {
			t.Parallel()
			group, d := t, newDemo(t)
			for _, r := range matrix {
				t.Run(r.name(), func(t *testing.T) {
					for col := range actors {
						if !r.changes(col) {
							if (&cell{t: t, d: d, r: r, col: col}).run() {
								d = newDemo(group) // a refusal that was not: report it once, not in every later cell
							}
							n.Add(1)
						}
					}
				})
			}
		})
		t.Run("ledger changes", func(t *testing.T) {
			t.Parallel()
			d := newDemo(t)
			for _, r := range matrix {
				for col := range actors {
					if r.changes(col) && r.ledger() {
						t.Run(r.name()+" as "+actors[col], func(t *testing.T) {
							(&cell{t: t, d: d, r: r, col: col, fresh: true}).run()
							n.Add(1)
						})
					}
				}
			}
		})
		for _, r := range matrix {
			for col := range actors {
				if r.changes(col) && !r.ledger() {
					t.Run(r.name()+" as "+actors[col], func(t *testing.T) {
						t.Parallel()
						(&cell{t: t, d: newDemo(t), r: r, col: col}).run()
						n.Add(1)
					})
				}
			}
		}
	})
	t.Logf("authorization matrix: %d cells (%d rows × %d logins)", n.Load(), len(matrix), len(actors))
}

// TestMatrixCoversEveryRoute fails for a route that has no row in the
// matrix, and for a record route whose rows do not reach both districts.
func TestMatrixCoversEveryRoute(t *testing.T) {
	rows := map[string][]string{} // route → districts of its rows' records
	for _, r := range matrix {
		rows[r.route] = append(rows[r.route], districtOfTarget(r.on))
	}
	served := map[string]bool{}
	for _, rt := range handlerstest.New(t).App.GetRoutes(true) {
		key := rt.Method + " " + rt.Path
		if rt.Method == http.MethodHead || public(rt.Path) || served[key] {
			continue
		}
		served[key] = true
		switch {
		case rows[key] == nil:
			t.Errorf("%s has no row in the authorization matrix", key)
		case strings.Contains(key, ":id") && !(slices.Contains(rows[key], "nankai") && slices.Contains(rows[key], "hexi")):
			t.Errorf("%s: the matrix reaches records of %v only; it needs both districts", key, rows[key])
		}
	}
	for key := range rows {
		if !served[key] {
			t.Errorf("the matrix has rows for %s, which the app does not serve", key)
		}
	}
	t.Logf("%d routes checked against the authorization matrix", len(served))
}

func public(path string) bool {
	switch path {
	case "/healthz", "/readyz", "/metrics", "/api/v1/openapi.json":
		return true
	}
	return strings.HasPrefix(path, "/api/v1/auth/")
}

// districtOfTarget is the district of a row's record, from its name.
func districtOfTarget(on string) string {
	switch {
	case on == "":
		return ""
	case strings.HasPrefix(on, "hexi"):
		return "hexi"
	}
	return "nankai"
}

func (r row) method() string  { m, _, _ := strings.Cut(r.route, " "); return m }
func (r row) pattern() string { _, p, _ := strings.Cut(r.route, " "); return p }
func (r row) mutates() bool   { return r.method() != http.MethodGet }

// changes tells whether the cell must change something: a dry run does not.
func (r row) changes(col int) bool {
	return r.mutates() && r.want[col] < 300 && !strings.Contains(r.query, "dry_run=true")
}

// ledger tells whether the row is about the hazard ledger.
func (r row) ledger() bool {
	return strings.HasPrefix(r.pattern(), "/api/v1/hazards") || strings.HasPrefix(r.pattern(), "/api/v1/ledger")
}

func (r row) name() string {
	return strings.Join(slices.DeleteFunc([]string{r.route, r.query, r.on, r.sub, r.state, r.what},
		func(s string) bool { return s == "" }), " ")
}

// demo is a running API on the seeded districts, with the ids of the
// records the matrix names.
type demo struct {
	*handlerstest.Env
	id       map[string]string        // org alias, login ("hexi/gas1.clerk"), district slug or fixture alias → id
	district map[string]string        // id of an org, user, district, hazard or fixture → its district slug
	hazards  map[string]hazardFixture // "alias state" → a hazard target in that state
}

func newDemo(t *testing.T) *demo {
	t.Helper()
	d := &demo{Env: handlerstest.New(t), id: map[string]string{}, district: map[string]string{},
		hazards: map[string]hazardFixture{}}
	ctx := policy.System(context.Background())
	tenants, err := d.DB.Client.Tenant.Query().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slug := map[string]string{}
	for _, tn := range tenants {
		slug[tn.ID.String()] = tn.Slug
		d.id[tn.Slug], d.district[tn.ID.String()] = tn.ID.String(), tn.Slug
	}
	alias := map[string]string{}
	for a, name := range orgAliases {
		alias[name] = a
	}
	orgs, err := d.DB.Client.Org.Query().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range orgs {
		d.district[o.ID.String()] = slug[o.TenantID.String()]
		if a, ok := alias[o.Name]; ok {
			d.id[a] = o.ID.String()
		}
	}
	users, err := d.DB.Client.User.Query().All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		d.district[u.ID.String()] = slug[u.TenantID.String()]
		d.id[slug[u.TenantID.String()]+"/"+u.Username] = u.ID.String()
	}
	d.reminderFixtures(t)
	return d
}

// cell is one login's request on one row.
type cell struct {
	t     *testing.T
	d     *demo
	r     row
	col   int
	fresh bool                  // the cell's hazard target is recorded for it alone
	res   handlerstest.Response // the answer
}

func (c *cell) actor() string { return actors[c.col] }

// home is the actor's district; "" for the operator.
func (c *cell) home() string { slug, _, _ := strings.Cut(c.actor(), "/"); return slug }

// target is the id of the row's record ("" for none). A hazard target is
// recorded, and brought to the row's state, on first use.
func (c *cell) target() string {
	if _, ok := hazardTargets[c.r.on]; ok {
		return c.fixture().id
	}
	if c.r.on != "" && c.d.id[c.r.on] == "" {
		c.t.Fatalf("no demo record %q", c.r.on)
	}
	return c.d.id[c.r.on]
}

// fixture is the row's hazard target in the row's state: the cell's own
// when fresh.
func (c *cell) fixture() hazardFixture {
	var owner string
	if c.fresh {
		owner = c.t.Name()
	}
	return c.d.hazard(c.t, c.r.on, c.r.state, owner)
}

func (c *cell) path() string {
	p := strings.Replace(c.r.pattern(), ":id", c.target(), 1)
	if strings.Contains(p, ":did") {
		if c.d.id[c.r.sub] == "" {
			c.t.Fatalf("%s: no demo delivery %q", c.r.route, c.r.sub)
		}
		p = strings.Replace(p, ":did", c.d.id[c.r.sub], 1)
	}
	for param, id := range map[string]func(hazardFixture) string{
		":eid": func(fx hazardFixture) string { return fx.extension },
		":aid": func(fx hazardFixture) string { return fx.attachment },
	} {
		if strings.Contains(p, param) {
			if id(c.fixture()) == "" {
				c.t.Fatalf("%s: hazard %s in state %q has no %s", c.r.route, c.r.on, c.r.state, param)
			}
			p = strings.Replace(p, param, id(c.fixture()), 1)
		}
	}
	if c.r.query != "" {
		q := strings.Split(c.r.query, "&")
		for i, kv := range q {
			if k, v, _ := strings.Cut(kv, "="); strings.HasPrefix(v, "@") {
				q[i] = k + "=" + c.d.id[v[1:]] // "org_id=@gas2": that record's id
			}
		}
		p += "?" + strings.Join(q, "&")
	}
	return p
}

// record is where the row's record is read back, and by whom: the bureau
// admin of its district, or the operator for a district. Empty when the row
// names no record (lists, creates).
func (c *cell) record() (login, path string) {
	p := c.r.pattern()
	if p == "/api/v1/settings" {
		home := c.home()
		if home == "" {
			home = "nankai" // the operator has no district; its refusal must leave 南开's alone
		}
		return home + "/bureau.admin", p
	}
	i := strings.Index(p, ":id")
	if i < 0 {
		return "", ""
	}
	id := c.target()
	if strings.HasPrefix(p, "/api/v1/tenants/") {
		return "/platform.admin", p[:i] + id
	}
	return c.d.district[id] + "/bureau.admin", p[:i] + id
}

// etag reads the row's record as its district's bureau admin (or the
// operator) and returns its ETag. A record that has no ETag (a reminder, a
// digest) answers what a change would alter, read under System instead.
func (c *cell) etag() string {
	if tag, ok := c.stateOf(); ok {
		return tag
	}
	login, path := c.record()
	res := c.d.As(login, http.MethodGet, path, nil)
	if res.Status != http.StatusOK || res.Header.Get("ETag") == "" {
		c.t.Fatalf("reading %s as %s for its ETag: %d %s", path, login, res.Status, res.Body)
	}
	return res.Header.Get("ETag")
}

// body is the row's request body with "@alias" values resolved to ids.
func (c *cell) body() any {
	if c.r.body == nil {
		return nil
	}
	b := obj{}
	for k, v := range c.r.body {
		if s, ok := v.(string); ok && strings.HasPrefix(s, "@") {
			v = c.d.id[s[1:]]
		}
		b[k] = v
	}
	return b
}

// run sends the cell's request and checks the answer. It reports whether
// the demo was changed where it should not have been.
func (c *cell) run() (changedWrongly bool) {
	c.t.Helper()
	if c.r.on == "" && c.r.ledger() {
		c.d.ledgerTargets(c.t) // what lists, summaries and exports must find (or not)
	}
	method, path := c.r.method(), c.path()
	var before string
	var headers []string
	if login, _ := c.record(); login != "" && c.r.mutates() {
		tag := c.etag()
		before = tag + c.children()
		if c.r.method() == http.MethodPatch {
			headers = []string{"If-Match", tag}
		}
	}
	body := c.body()
	if c.r.form != nil {
		b, ctype := c.r.form(c)
		body, headers = b, append(headers, "Content-Type", ctype)
	}
	res := c.d.As(c.actor(), method, path, body, headers...)
	c.res = res
	want := c.r.want[c.col]
	if res.Status != want {
		c.t.Errorf("%s: %s %s → %d, want %d: %.400s", c.actor(), method, path, res.Status, want, res.Body)
		return c.r.mutates() && res.Status < 300
	}
	answer := obj(res.JSON())
	var wrong string
	switch {
	case want == http.StatusUnprocessableEntity:
		wrong = c.faultIn(answer)
	case want >= 300 && c.r.mutates():
		wrong = c.leftAlone(before)
		changedWrongly = wrong != ""
	case want < 300 && c.r.check != nil:
		wrong = c.r.check(c, answer)
	case want < 300:
		wrong = c.asAsked(answer, res.Header.Get("Location"))
	}
	if wrong != "" {
		c.t.Errorf("%s: %s %s → %d as it should, but %s: %.400s", c.actor(), method, path, res.Status, wrong, res.Body)
	}
	return changedWrongly
}

// faultIn checks that a 422 names the fields the matrix expects (space-
// separated), no more, no fewer.
func (c *cell) faultIn(answer obj) string {
	want := strings.Fields(c.r.field[c.col])
	if len(want) == 0 {
		return "the matrix names no field for this 422"
	}
	got := problemFields(answer)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		return fmt.Sprintf("the fields at fault are %v, not %v", got, want)
	}
	return ""
}

// leftAlone checks that a refused change changed nothing: the record has
// its ETag still, or nothing by the requested name was created (or, for
// read_all, no digest was marked read).
func (c *cell) leftAlone(before string) string {
	if before != "" {
		if after := c.etag() + c.children(); after != before {
			return fmt.Sprintf("the record changed anyway (ETag %s → %s)", before, after)
		}
		return ""
	}
	ctx := policy.System(context.Background())
	client := c.d.DB.Client
	var n int
	var err error
	switch c.r.pattern() {
	case "/api/v1/orgs":
		n, err = client.Org.Query().Where(org.Name(c.r.body["name"].(string))).Count(ctx)
	case "/api/v1/users":
		n, err = client.User.Query().Where(user.Username(c.r.body["username"].(string))).Count(ctx)
	case "/api/v1/tenants":
		n, err = client.Tenant.Query().Where(tenant.Slug(c.r.body["slug"].(string))).Count(ctx)
	case "/api/v1/hazards":
		n, err = client.Hazard.Query().Where(hazard.Description(c.r.body["description"].(string))).Count(ctx)
	case "/api/v1/hazards/import":
		n, err = client.Hazard.Query().Where(hazard.Description(importedHazard)).Count(ctx)
	case "/api/v1/webhooks":
		n, err = client.Webhook.Query().Where(webhook.Name(c.r.body["name"].(string))).Count(ctx)
	case "/api/v1/notifications/read_all":
		if n := c.newlyRead(); n != 0 {
			return fmt.Sprintf("%d digests were marked read anyway", n)
		}
		return ""
	default:
		return "the matrix does not know how to tell that nothing changed"
	}
	if err != nil {
		c.t.Fatal(err)
	}
	if n != 0 {
		return "it was created anyway"
	}
	return ""
}

// asAsked is the check of a record's answer: the record asked for, in the
// caller's district, carrying the values sent, and a Location when created.
func (c *cell) asAsked(answer obj, location string) string {
	if c.r.on != "" && answer["id"] != c.target() {
		return "it answered another record"
	}
	if strings.HasSuffix(c.r.pattern(), "/disable") && answer["disabled"] != true ||
		strings.HasSuffix(c.r.pattern(), "/enable") && answer["disabled"] != false {
		return "the record's disabled flag is wrong"
	}
	if c.r.method() == http.MethodPost && c.r.on == "" && location == "" {
		return "a created record has no Location"
	}
	sent, _ := c.body().(obj)
	for k, v := range sent {
		if s, ok := v.(string); ok && k != "password" && k != "admin_password" && answer[k] != nil && answer[k] != s {
			return fmt.Sprintf("%s is %v, not %q as sent", k, answer[k], s)
		}
	}
	return ""
}

// seen is what a list must hold for one login: how many items, and which of
// the row's probes (space-separated); the other probes must be absent.
type seen struct {
	n   int
	has string
}

// lists checks a list answer against what each login must see; every item
// must belong to the login's own district.
func lists(probes []string, want map[int]seen) func(*cell, obj) string {
	return func(c *cell, answer obj) string {
		w, ok := want[c.col]
		if !ok {
			return "the matrix states no content for this list"
		}
		items, _ := answer["items"].([]any)
		if len(items) != w.n || answer["next_cursor"] != nil {
			return fmt.Sprintf("it lists %d items (next_cursor %v), want %d on one page", len(items), answer["next_cursor"], w.n)
		}
		listed := map[string]bool{}
		for _, it := range items {
			id, _ := it.(map[string]any)["id"].(string)
			listed[id] = true
			if home := c.home(); home != "" && c.d.district[id] != home {
				return fmt.Sprintf("it lists %s of district %q", id, c.d.district[id])
			}
		}
		has := strings.Fields(w.has)
		for _, p := range probes {
			if in := listed[c.d.id[p]]; in != slices.Contains(has, p) {
				return fmt.Sprintf("%s listed: %v, want %v", p, in, !in)
			}
		}
		return ""
	}
}

// isSelf checks /me: the caller itself, in its own district; a street
// office with its street and communities as jurisdiction.
func isSelf(c *cell, answer obj) string {
	home, username, _ := strings.Cut(c.actor(), "/")
	u, _ := answer["user"].(map[string]any)
	if u["username"] != username {
		return "it is someone else"
	}
	if home == "" {
		if answer["operator"] != true || answer["tenant"] != nil {
			return "the operator is not answered as an operator"
		}
		return ""
	}
	if tn, _ := answer["tenant"].(map[string]any); tn["slug"] != home || answer["operator"] != false {
		return "it is not a user of " + home
	}
	var jurisdiction []string
	for _, o := range asList(answer["jurisdiction"]) {
		jurisdiction = append(jurisdiction, o["id"].(string))
	}
	want := 0
	if c.col == SO {
		want = 3 // 广开街 and its two communities
	}
	if len(jurisdiction) != want || want > 0 && !(slices.Contains(jurisdiction, c.d.id["guangkai"]) &&
		slices.Contains(jurisdiction, c.d.id["wandezhuang"])) {
		return fmt.Sprintf("its jurisdiction is %v", jurisdiction)
	}
	return ""
}

// ownDistrict checks /settings: the caller's own district.
func ownDistrict(c *cell, answer obj) string {
	if answer["slug"] != c.home() || answer["id"] != c.d.id[c.home()] {
		return "these are not the settings of " + c.home()
	}
	return ""
}

// ownTrail checks /audit: entries, every one about a record of the caller's
// district.
func ownTrail(c *cell, answer obj) string {
	items := asList(answer["items"])
	if len(items) == 0 {
		return "the trail is empty"
	}
	for _, it := range items {
		if id := it["record_id"].(string); c.d.district[id] != c.home() {
			return fmt.Sprintf("entry %v is about %s, of district %q", it["seq"], id, c.d.district[id])
		}
	}
	return ""
}

// ownChain checks /audit/verify: the caller's district's chain, intact.
func ownChain(c *cell, answer obj) string {
	if answer["tenant_id"] != c.d.id[c.home()] || answer["ok"] != true {
		return "it did not verify the caller's district, intact"
	}
	return ""
}

func asList(v any) []map[string]any {
	var out []map[string]any
	items, _ := v.([]any)
	for _, it := range items {
		out = append(out, it.(map[string]any))
	}
	return out
}

// ---------------------------------------------------------------- the hazard ledger

// hazardTargets are the hazards the matrix reaches. Each is recorded through
// the API by its company's login when a row first names it, and brought to
// the row's state the same way (hazardSteps): its own company's (津燃华润)
// and another company's (天津市南开燃气服务有限公司), each in SO's street
// (广开街) and in another (兴南街), and one of another district.
var hazardTargets = map[string]struct{ owner, street string }{
	"hz.gas1":          {"nankai/gas1.clerk", "广开街"},
	"hz.gas1.xingnan":  {"nankai/gas1.clerk", "兴南街"},
	"hz.gas2.guangkai": {"nankai/gas2.clerk", "广开街"},
	"hz.gas2":          {"nankai/gas2.clerk", "兴南街"},
	"hexi.hz":          {"hexi/gas1.clerk", "友谊路街"},
}

// hazardTargetOrder is the order of the cells onHazards takes.
var hazardTargetOrder = []string{"hz.gas1", "hz.gas1.xingnan", "hz.gas2.guangkai", "hz.gas2", "hexi.hz"}

// Expected statuses on the hazard targets, one line per target in
// hazardTargetOrder, by what the route does (PERMISSIONS.md, hazards rows).
//
//	BA bureau_admin, BI bureau_inspector, CA company_admin, CS company_staff,
//	SO street_officer, OP platform operator, HA hexi bureau_admin, HK hexi company_staff
var (
	// list, get, history, export: the bureau all of its district, a company
	// its own, a street office what lies in its street.
	readCells = []cells{
		{200, 200, 200, 200, 200, 403, 404, 404}, // 津燃华润 in 广开街
		{200, 200, 200, 200, 404, 403, 404, 404}, // 津燃华润 in 兴南街
		{200, 200, 404, 404, 200, 403, 404, 404}, // another company in 广开街
		{200, 200, 404, 404, 404, 403, 404, 404}, // another company in 兴南街
		{404, 404, 404, 404, 404, 403, 200, 200}, // 河西区
	}
	// edit fields: the bureau and the owning company; never a street office.
	editCells = []cells{
		{200, 200, 200, 200, 403, 403, 404, 404},
		{200, 200, 200, 200, 403, 403, 404, 404},
		{200, 200, 404, 404, 403, 403, 404, 404},
		{200, 200, 404, 404, 403, 403, 404, 404},
		{404, 404, 404, 404, 403, 403, 200, 200},
	}
	// start, submit: the owning company only.
	rectifyCells = []cells{
		{403, 403, 200, 200, 403, 403, 403, 404},
		{403, 403, 200, 200, 403, 403, 403, 404},
		{403, 403, 404, 404, 403, 403, 403, 404},
		{403, 403, 404, 404, 403, 403, 403, 404},
		{403, 403, 404, 404, 403, 403, 403, 200},
	}
	// request an extension: the owning company only.
	requestCells = []cells{
		{403, 403, 201, 201, 403, 403, 403, 404},
		{403, 403, 201, 201, 403, 403, 403, 404},
		{403, 403, 404, 404, 403, 403, 403, 404},
		{403, 403, 404, 404, 403, 403, 403, 404},
		{403, 403, 404, 404, 403, 403, 403, 201},
	}
	// verify, reject: the bureau, and the street office on its own ground.
	verdictCells = []cells{
		{200, 200, 403, 403, 200, 403, 404, 403},
		{200, 200, 403, 403, 404, 403, 404, 403},
		{200, 200, 403, 403, 200, 403, 404, 403},
		{200, 200, 403, 403, 404, 403, 404, 403},
		{404, 404, 403, 403, 404, 403, 200, 403},
	}
	// approve, refuse an extension: the bureau only.
	decisionCells = []cells{
		{200, 200, 403, 403, 403, 403, 404, 403},
		{200, 200, 403, 403, 403, 403, 404, 403},
		{200, 200, 403, 403, 403, 403, 404, 403},
		{200, 200, 403, 403, 403, 403, 404, 403},
		{404, 404, 403, 403, 403, 403, 200, 403},
	}
	// attach evidence: whoever reads the hazard.
	attachCells = []cells{
		{201, 201, 201, 201, 201, 403, 404, 404},
		{201, 201, 201, 201, 404, 403, 404, 404},
		{201, 201, 404, 404, 201, 403, 404, 404},
		{201, 201, 404, 404, 404, 403, 404, 404},
		{404, 404, 404, 404, 404, 403, 201, 201},
	}
)

// ledgerSees is which targets each login finds in the ledger.
var ledgerSees = map[int]string{
	BA: "hz.gas1 hz.gas1.xingnan hz.gas2.guangkai hz.gas2",
	BI: "hz.gas1 hz.gas1.xingnan hz.gas2.guangkai hz.gas2",
	CA: "hz.gas1 hz.gas1.xingnan", // its own company's, in any street
	CS: "hz.gas1 hz.gas1.xingnan",
	SO: "hz.gas1 hz.gas2.guangkai", // any company's, in its own street
	HA: "hexi.hz",                  // nothing of 南开
	HK: "hexi.hz",
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
		{route: "GET /api/v1/hazards", query: "limit=200", want: cells{200, 200, 200, 200, 200, 403, 200, 200}, check: ledgerList},
		{route: "GET /api/v1/ledger/summary", query: "group_by=company", want: cells{200, 200, 200, 200, 200, 403, 200, 200}, check: ledgerSummary},
		{route: "GET /api/v1/ledger/summary", query: "group_by=street", want: cells{200, 200, 200, 200, 200, 403, 200, 200}, check: ledgerSummary},
		{route: "GET /api/v1/hazards/export.xlsx", want: cells{200, 200, 200, 200, 200, 403, 200, 200}, check: ledgerExport},
	},

	// Recording: the bureau any company's hazard in its district; a company
	// its own, in any street; a street office any company's, in its street.
	[]row{
		{route: "POST /api/v1/hazards", what: "津燃华润 in 广开街", body: reportBody("gas1", "guangkai"),
			want: cells{201, 201, 201, 201, 201, 403, 422, 422}, field: map[int]string{HA: bothPlaces, HK: bothPlaces}, check: recorded},
		{route: "POST /api/v1/hazards", what: "津燃华润 in 兴南街", body: reportBody("gas1", "xingnan"),
			want:  cells{201, 201, 201, 201, 422, 403, 422, 422},
			field: map[int]string{SO: "street_id", HA: bothPlaces, HK: bothPlaces}, check: recorded},
		{route: "POST /api/v1/hazards", what: "another company in 广开街", body: reportBody("gas2", "guangkai"),
			want:  cells{201, 201, 422, 422, 201, 403, 422, 422},
			field: map[int]string{CA: "company_id", CS: "company_id", HA: bothPlaces, HK: bothPlaces}, check: recorded},
		{route: "POST /api/v1/hazards", what: "another company in 兴南街", body: reportBody("gas2", "xingnan"),
			want:  cells{201, 201, 422, 422, 422, 403, 422, 422},
			field: map[int]string{CA: "company_id", CS: "company_id", SO: "street_id", HA: bothPlaces, HK: bothPlaces}, check: recorded},
		{route: "POST /api/v1/hazards", what: "河西燃气 in 友谊路街", body: reportBody("hexi.gas", "hexi.street"),
			want:  cells{422, 422, 422, 422, 422, 403, 201, 201},
			field: map[int]string{BA: bothPlaces, BI: bothPlaces, CA: bothPlaces, CS: bothPlaces, SO: bothPlaces}, check: recorded},
		{route: "POST /api/v1/hazards", what: "no company, in 广开街", body: reportBody("", "guangkai"),
			want:  cells{422, 422, 201, 201, 422, 403, 422, 422},
			field: map[int]string{BA: "company_id", BI: "company_id", SO: "company_id", HA: bothPlaces, HK: "street_id"}, check: recorded},
		{route: "GET /api/v1/hazards/import/template", want: cells{200, 200, 200, 200, 200, 403, 200, 200}, check: isWorkbook},
		{route: "POST /api/v1/hazards/import", query: "dry_run=true", what: "津燃华润 in 广开街",
			form: ledgerWorkbook("gas1", "guangkai"), want: cells{200, 200, 200, 200, 200, 403, 200, 200}, check: dryRunImport(BA, BI, CA, CS, SO)},
		{route: "POST /api/v1/hazards/import", query: "dry_run=true", what: "another company in 兴南街",
			form: ledgerWorkbook("gas2", "xingnan"), want: cells{200, 200, 200, 200, 200, 403, 200, 200}, check: dryRunImport(BA, BI)},
	},

	onHazards(row{route: "GET /api/v1/hazards/:id"}, readCells...),
	onHazards(row{route: "GET /api/v1/hazards/:id/history", state: "rectified", check: historyOfTarget}, readCells...),

	onHazards(row{route: "PATCH /api/v1/hazards/:id", body: obj{"measure": "矩阵整改措施", "responsible_person": "矩阵"}}, editCells...),
	[]row{
		// A verified hazard is closed to its company; the bureau corrects it.
		{route: "PATCH /api/v1/hazards/:id", on: "hz.gas1", state: "verified", body: obj{"measure": "矩阵更正"},
			want: cells{200, 200, 409, 409, 403, 403, 404, 404}},
		{route: "PATCH /api/v1/hazards/:id", on: "hz.gas1", what: "moved to 兴南街", body: obj{"street_id": "@xingnan"},
			want: cells{200, 200, 200, 200, 403, 403, 404, 404}},
		{route: "PATCH /api/v1/hazards/:id", on: "hz.gas1", what: "moved to 友谊路街", body: obj{"street_id": "@hexi.street"},
			want:  cells{422, 422, 422, 422, 403, 403, 404, 404},
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
	b := obj{"street_id": "@" + street, "address": "矩阵路1号", "category": "leak", "level": "general",
		"source": "street_inspection", "found_on": "2026-03-01", "description": "矩阵新隐患", "deadline": "2026-04-30"}
	if company != "" {
		b["company_id"] = "@" + company
	}
	return b
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
			{importedHazard, "一般", "泄漏", orgAliases[company], orgAliases[street], "矩阵路2号", "2026-03-01", "2026-04-30"},
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
	fx := hazardFixture{id: l.report(tg.owner, tg.street, obj{"description": "矩阵隐患 " + key})["id"].(string)}
	fx.attachment, fx.extension = l.drive(tg.owner, fx.id, state)
	d.hazards[key], d.district[fx.id] = fx, districtOfTarget(alias)
	return fx
}

// ledgerTargets records every hazard target, as reported, if not yet.
func (d *demo) ledgerTargets(t testing.TB) {
	for _, alias := range hazardTargetOrder {
		d.hazard(t, alias, "", "")
	}
}

// children sums up what hangs off a hazard record (its history, evidence
// and extension requests) or a webhook (its delivery log), so that a
// refused change to them shows too. Empty for other records.
func (c *cell) children() string {
	if strings.HasPrefix(c.r.pattern(), "/api/v1/webhooks/:id") {
		return c.deliveries()
	}
	if !strings.HasPrefix(c.r.pattern(), "/api/v1/hazards/:id") {
		return ""
	}
	id := uuid.MustParse(c.target())
	ctx, client := policy.System(context.Background()), c.d.DB.Client
	events, err1 := client.HazardEvent.Query().Where(hazardevent.HazardID(id)).Count(ctx)
	files, err2 := client.Attachment.Query().Where(attachment.HazardID(id)).Count(ctx)
	requests, err3 := client.Extension.Query().Where(extension.HazardID(id)).Count(ctx)
	pending, err4 := client.Extension.Query().Where(extension.HazardID(id), extension.StatusEQ(extension.StatusPending)).Count(ctx)
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
	case CA, CS:
		return is(h.CompanyID, "gas1")
	case SO:
		return is(h.StreetID, "guangkai")
	case HA:
		return is(h.TenantID, "hexi")
	case HK:
		return is(h.CompanyID, "hexi.gas")
	}
	return false
}

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

// recorded checks a created hazard: as sent, of the company sent (or the
// login's own), reported, with a Location.
func recorded(c *cell, answer obj) string {
	if wrong := c.asAsked(answer, c.res.Header.Get("Location")); wrong != "" {
		return wrong
	}
	company, _ := c.body().(obj)["company_id"].(string)
	if company == "" {
		company = c.d.id[map[int]string{CA: "gas1", CS: "gas1", HK: "hexi.gas"}[c.col]]
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
