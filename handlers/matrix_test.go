package handlers_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/ent/user"
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
	on    string // the record :id names: an org alias, a login or a district slug
	what  string // what the request asks, when the route and record do not say
	body  obj
	want  cells
	field map[int]string // the field at fault of each 422 cell, by column
	// check reads a 2xx answer's content and says what is wrong with it, if
	// anything; nil: the record answered is the one asked for, with the
	// values sent.
	check func(c *cell, answer obj) string
}

var (
	renameIt = obj{"name": "矩阵改名"}
	relabel  = obj{"display_name": "矩阵改名"}
)

// newUser is the body that creates a user in an organisation.
func newUser(orgAlias string, roles ...string) obj {
	return obj{"username": "matrix.new", "password": "matrix-password-1", "org_id": "@" + orgAlias, "roles": roles}
}

// matrix is the authorization matrix.
//
//	columns: BA bureau_admin, BI bureau_inspector, CA company_admin, CS company_staff,
//	         SO street_officer, OP platform operator, HA hexi bureau_admin, HK hexi company_staff
var matrix = []row{
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
// as seeded throughout. A change that must succeed gets a demo of its own.
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
		for _, r := range matrix {
			for col := range actors {
				if r.changes(col) {
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

// changes tells whether the cell must change something.
func (r row) changes(col int) bool { return r.mutates() && r.want[col] < 300 }

func (r row) name() string {
	return strings.Join(slices.DeleteFunc([]string{r.route, r.on, r.what}, func(s string) bool { return s == "" }), " ")
}

// demo is a running API on the seeded districts, with the ids of the
// records the matrix names.
type demo struct {
	*handlerstest.Env
	id       map[string]string // org alias, login ("hexi/gas1.clerk") or district slug → id
	district map[string]string // id of an org, user or district → its district slug
}

func newDemo(t *testing.T) *demo {
	t.Helper()
	d := &demo{Env: handlerstest.New(t), id: map[string]string{}, district: map[string]string{}}
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
	return d
}

// cell is one login's request on one row.
type cell struct {
	t   *testing.T
	d   *demo
	r   row
	col int
}

func (c *cell) actor() string { return actors[c.col] }

// home is the actor's district; "" for the operator.
func (c *cell) home() string { slug, _, _ := strings.Cut(c.actor(), "/"); return slug }

func (c *cell) path() string {
	if c.r.on != "" && c.d.id[c.r.on] == "" {
		c.t.Fatalf("no demo record %q", c.r.on)
	}
	return strings.Replace(c.r.pattern(), ":id", c.d.id[c.r.on], 1)
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
	id := c.d.id[c.r.on]
	if strings.HasPrefix(p, "/api/v1/tenants/") {
		return "/platform.admin", p[:i] + id
	}
	return c.d.district[id] + "/bureau.admin", p[:i] + id
}

// etag reads the row's record as its district's bureau admin (or the
// operator) and returns its ETag.
func (c *cell) etag() string {
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
	method, path := c.r.method(), c.path()
	var before string
	var headers []string
	if login, _ := c.record(); login != "" && c.r.mutates() {
		before = c.etag()
		if c.r.method() == http.MethodPatch {
			headers = []string{"If-Match", before}
		}
	}
	res := c.d.As(c.actor(), method, path, c.body(), headers...)
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

// faultIn checks that a 422 names the field the matrix expects.
func (c *cell) faultIn(answer obj) string {
	want := c.r.field[c.col]
	if want == "" {
		return "the matrix names no field for this 422"
	}
	fields, _ := answer["fields"].([]any)
	if len(fields) != 1 || fields[0].(map[string]any)["field"] != want {
		return "the field at fault is not " + want
	}
	return ""
}

// leftAlone checks that a refused change changed nothing: the record has
// its ETag still, or nothing by the requested name was created.
func (c *cell) leftAlone(before string) string {
	if before != "" {
		if after := c.etag(); after != before {
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
	if c.r.on != "" && answer["id"] != c.d.id[c.r.on] {
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
