package handlers_test

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hearthsafety/hearth/policy"
)

// ---------------------------------------------------------------- accounts
//
// The authorization matrix's rows for the accounts module (services/accounts):
// who am I, districts (the operator's), a district's settings, organisations,
// users, and the audit trail. PERMISSIONS.md rows "districts", "district
// settings", "organisations", "users" and "audit". The harness (columns,
// demo, cell runner) is in matrix_test.go.
//
// Each column meets its own organisation and users and those of another
// company (a gas company for the heating company's logins, the heating
// company for the gas company's), of a street office's own street and
// another, and of another district.

// The records a list row looks for: present or absent, each as stated.
var (
	orgProbes  = slices.Sorted(maps.Keys(orgAliases))
	userProbes = []string{"nankai/bureau.inspector", "nankai/gas1.admin", "nankai/gas1.clerk",
		"nankai/gas2.clerk", heatAdmin, "nankai/heat1.engineer", "nankai/street.guangkai", "nankai/street.xingnan",
		"hexi/bureau.admin", "hexi/gas1.clerk"}
	districtProbes = []string{"nankai", "hexi"}
)

var (
	renameIt = obj{"name": "矩阵改名"}
	relabel  = obj{"display_name": "矩阵改名"}
)

// newUser is the body that creates a user in an organisation.
func newUser(orgAlias string, roles ...string) obj {
	return obj{"username": "matrix.new", "password": "matrix-password-1", "org_id": "@" + orgAlias, "roles": roles}
}

// accountRows are the matrix's rows for who am I, districts, settings,
// organisations, users and the audit trail.
//
//	columns: BA bureau_admin, BI bureau_inspector, CA company_admin, CS company_staff (gas, 津燃华润),
//	         SO street_officer, OP platform operator, HA hexi bureau_admin, HK hexi company_staff,
//	         RA company_admin, RS company_staff (heating, 南开区供热服务中心)
var accountRows = []row{
	// Who am I: every signed-in login, itself only.
	{route: "GET /api/v1/me", want: cells{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}, check: isSelf},
	// Changing one's own password: every login may, and each is held to
	// its current password (a wrong one changes nothing; auth_test changes
	// one for real).
	{route: "POST /api/v1/me/password", body: obj{"current_password": "not-the-password", "new_password": "a-new-password-1"},
		want: cells{422, 422, 422, 422, 422, 422, 422, 422, 422, 422},
		field: map[int]string{BA: "current_password", BI: "current_password", CA: "current_password", CS: "current_password",
			SO: "current_password", OP: "current_password", HA: "current_password", HK: "current_password",
			RA: "current_password", RS: "current_password"}},

	// Districts: the operator's alone.
	{route: "GET /api/v1/tenants", want: cells{403, 403, 403, 403, 403, 200, 403, 403, 403, 403},
		check: lists(districtProbes, map[int]seen{OP: {2, "nankai hexi"}})},
	{route: "POST /api/v1/tenants", what: "new district",
		body: obj{"slug": "matrix", "name": "矩阵区", "admin_password": "matrix-password-1"},
		want: cells{403, 403, 403, 403, 403, 201, 403, 403, 403, 403}},
	{route: "GET /api/v1/tenants/:id", on: "nankai", want: cells{403, 403, 403, 403, 403, 200, 403, 403, 403, 403}},
	{route: "GET /api/v1/tenants/:id", on: "hexi", want: cells{403, 403, 403, 403, 403, 200, 403, 403, 403, 403}},
	{route: "PATCH /api/v1/tenants/:id", on: "nankai", body: renameIt, want: cells{403, 403, 403, 403, 403, 200, 403, 403, 403, 403}},
	{route: "PATCH /api/v1/tenants/:id", on: "hexi", body: renameIt, want: cells{403, 403, 403, 403, 403, 200, 403, 403, 403, 403}},

	// The caller's own district settings.
	{route: "GET /api/v1/settings", want: cells{200, 200, 200, 200, 200, 403, 200, 200, 200, 200}, check: ownDistrict},
	{route: "PATCH /api/v1/settings", body: obj{"timezone": "Asia/Urumqi"}, want: cells{200, 403, 403, 403, 403, 403, 200, 403, 403, 403}},

	// Organisations.
	{route: "GET /api/v1/orgs", want: cells{200, 200, 200, 200, 200, 403, 200, 200, 200, 200},
		check: lists(orgProbes, map[int]seen{
			BA: {19, "bureau gas1 gas2 heat1 guangkai wandezhuang xingnan xingnan.c"},
			BI: {19, "bureau gas1 gas2 heat1 guangkai wandezhuang xingnan xingnan.c"},
			CA: {16, "gas1 guangkai wandezhuang xingnan xingnan.c"},  // own company, no other; streets and communities
			CS: {16, "gas1 guangkai wandezhuang xingnan xingnan.c"},  // the same
			SO: {6, "gas1 gas2 heat1 guangkai wandezhuang"},          // companies, gas and heating; its own street, no other
			HA: {4, "hexi.gas hexi.street"},                          // nothing of 南开
			HK: {3, "hexi.gas hexi.street"},                          // own company and 河西's street
			RA: {16, "heat1 guangkai wandezhuang xingnan xingnan.c"}, // as CA: its own company, not the gas companies
			RS: {16, "heat1 guangkai wandezhuang xingnan xingnan.c"},
		})},
	{route: "GET /api/v1/orgs/:id", on: "bureau", want: cells{200, 200, 404, 404, 404, 403, 404, 404, 404, 404}},
	{route: "GET /api/v1/orgs/:id", on: "gas1", want: cells{200, 200, 200, 200, 200, 403, 404, 404, 404, 404}},
	{route: "GET /api/v1/orgs/:id", on: "gas2", want: cells{200, 200, 404, 404, 200, 403, 404, 404, 404, 404}},
	{route: "GET /api/v1/orgs/:id", on: "heat1", want: cells{200, 200, 404, 404, 200, 403, 404, 404, 200, 200}},
	{route: "GET /api/v1/orgs/:id", on: "guangkai", want: cells{200, 200, 200, 200, 200, 403, 404, 404, 200, 200}},
	{route: "GET /api/v1/orgs/:id", on: "wandezhuang", want: cells{200, 200, 200, 200, 200, 403, 404, 404, 200, 200}},
	{route: "GET /api/v1/orgs/:id", on: "xingnan", want: cells{200, 200, 200, 200, 404, 403, 404, 404, 200, 200}},
	{route: "GET /api/v1/orgs/:id", on: "xingnan.c", want: cells{200, 200, 200, 200, 404, 403, 404, 404, 200, 200}},
	{route: "GET /api/v1/orgs/:id", on: "hexi.gas", want: cells{404, 404, 404, 404, 404, 403, 200, 200, 404, 404}},
	{route: "GET /api/v1/orgs/:id", on: "hexi.street", want: cells{404, 404, 404, 404, 404, 403, 200, 200, 404, 404}},

	{route: "POST /api/v1/orgs", what: "company", body: obj{"name": "矩阵燃气公司", "kind": "gas_company"},
		want: cells{201, 403, 403, 403, 403, 403, 201, 403, 403, 403}},
	{route: "POST /api/v1/orgs", what: "street", body: obj{"name": "矩阵街", "kind": "street"},
		want: cells{201, 403, 403, 403, 403, 403, 201, 403, 403, 403}},
	{route: "POST /api/v1/orgs", what: "community of 广开街",
		body: obj{"name": "矩阵社区", "kind": "community", "parent_id": "@guangkai"},
		want: cells{201, 403, 403, 403, 403, 403, 422, 403, 403, 403}, field: map[int]string{HA: "parent_id"}},
	{route: "POST /api/v1/orgs", what: "community of 友谊路街",
		body: obj{"name": "矩阵社区", "kind": "community", "parent_id": "@hexi.street"},
		want: cells{422, 403, 403, 403, 403, 403, 201, 403, 403, 403}, field: map[int]string{BA: "parent_id"}},

	{route: "PATCH /api/v1/orgs/:id", on: "bureau", body: renameIt, want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "gas1", body: renameIt, want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "gas2", body: renameIt, want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "heat1", body: renameIt, want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "guangkai", body: renameIt, want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "wandezhuang", body: renameIt, want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "xingnan", body: renameIt, want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "xingnan.c", body: renameIt, want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "hexi.gas", body: renameIt, want: cells{404, 403, 403, 403, 403, 403, 200, 403, 403, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "hexi.street", body: renameIt, want: cells{404, 403, 403, 403, 403, 403, 200, 403, 403, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "wandezhuang", what: "moved under 兴南街", body: obj{"parent_id": "@xingnan"},
		want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "PATCH /api/v1/orgs/:id", on: "wandezhuang", what: "moved under 友谊路街", body: obj{"parent_id": "@hexi.street"},
		want: cells{422, 403, 403, 403, 403, 403, 404, 403, 403, 403}, field: map[int]string{BA: "parent_id"}},

	{route: "POST /api/v1/orgs/:id/disable", on: "bureau", want: cells{409, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/disable", on: "gas1", want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/disable", on: "gas2", want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/disable", on: "heat1", want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/disable", on: "guangkai", want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/disable", on: "wandezhuang", want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/disable", on: "xingnan", want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/disable", on: "xingnan.c", want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/disable", on: "hexi.gas", want: cells{404, 403, 403, 403, 403, 403, 200, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/disable", on: "hexi.street", want: cells{404, 403, 403, 403, 403, 403, 200, 403, 403, 403}},
	// enable answers like disable; on an enabled record it changes nothing.
	{route: "POST /api/v1/orgs/:id/enable", on: "bureau", want: cells{409, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/enable", on: "gas1", want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/enable", on: "gas2", want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/enable", on: "heat1", want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/enable", on: "guangkai", want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/enable", on: "wandezhuang", want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/enable", on: "xingnan", want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/enable", on: "xingnan.c", want: cells{200, 403, 403, 403, 403, 403, 404, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/enable", on: "hexi.gas", want: cells{404, 403, 403, 403, 403, 403, 200, 403, 403, 403}},
	{route: "POST /api/v1/orgs/:id/enable", on: "hexi.street", want: cells{404, 403, 403, 403, 403, 403, 200, 403, 403, 403}},

	// Users. A company admin adds users to its own company only (403 for
	// another's), and grants company roles only (403 for others, before the
	// request's validity).
	{route: "GET /api/v1/users", want: cells{200, 200, 200, 403, 403, 403, 200, 403, 200, 403},
		check: lists(userProbes, map[int]seen{
			BA: {9, "nankai/bureau.inspector nankai/gas1.admin nankai/gas1.clerk nankai/gas2.clerk " + heatAdmin +
				" nankai/heat1.engineer nankai/street.guangkai nankai/street.xingnan"},
			BI: {9, "nankai/bureau.inspector nankai/gas1.admin nankai/gas1.clerk nankai/gas2.clerk " + heatAdmin +
				" nankai/heat1.engineer nankai/street.guangkai nankai/street.xingnan"},
			CA: {2, "nankai/gas1.admin nankai/gas1.clerk"}, // its own company's only
			HA: {2, "hexi/bureau.admin hexi/gas1.clerk"},   // nothing of 南开
			RA: {2, heatAdmin + " nankai/heat1.engineer"},  // its own company's only
		})},
	{route: "GET /api/v1/users/:id", on: "nankai/bureau.inspector", want: cells{200, 200, 404, 403, 403, 403, 404, 403, 404, 403}},
	{route: "GET /api/v1/users/:id", on: "nankai/gas1.admin", want: cells{200, 200, 200, 403, 403, 403, 404, 403, 404, 403}},
	{route: "GET /api/v1/users/:id", on: "nankai/gas1.clerk", want: cells{200, 200, 200, 403, 403, 403, 404, 403, 404, 403}},
	{route: "GET /api/v1/users/:id", on: "nankai/gas2.clerk", want: cells{200, 200, 404, 403, 403, 403, 404, 403, 404, 403}},
	{route: "GET /api/v1/users/:id", on: heatAdmin, want: cells{200, 200, 404, 403, 403, 403, 404, 403, 200, 403}},
	{route: "GET /api/v1/users/:id", on: "nankai/heat1.engineer", want: cells{200, 200, 404, 403, 403, 403, 404, 403, 200, 403}},
	{route: "GET /api/v1/users/:id", on: "nankai/street.guangkai", want: cells{200, 200, 404, 403, 403, 403, 404, 403, 404, 403}},
	{route: "GET /api/v1/users/:id", on: "nankai/street.xingnan", want: cells{200, 200, 404, 403, 403, 403, 404, 403, 404, 403}},
	{route: "GET /api/v1/users/:id", on: "hexi/bureau.admin", want: cells{404, 404, 404, 403, 403, 403, 200, 403, 404, 403}},
	{route: "GET /api/v1/users/:id", on: "hexi/gas1.clerk", want: cells{404, 404, 404, 403, 403, 403, 200, 403, 404, 403}},

	{route: "POST /api/v1/users", what: "company_staff of 津燃华润", body: newUser("gas1", policy.RoleCompanyStaff),
		want: cells{201, 403, 201, 403, 403, 403, 422, 403, 403, 403}, field: map[int]string{HA: "org_id"}},
	{route: "POST /api/v1/users", what: "bureau_admin of 津燃华润", body: newUser("gas1", policy.RoleBureauAdmin),
		want: cells{422, 403, 403, 403, 403, 403, 422, 403, 403, 403}, field: map[int]string{BA: "roles", HA: "org_id"}},
	{route: "POST /api/v1/users", what: "company_staff of another company", body: newUser("gas2", policy.RoleCompanyStaff),
		want: cells{201, 403, 403, 403, 403, 403, 422, 403, 403, 403}, field: map[int]string{HA: "org_id"}},
	{route: "POST /api/v1/users", what: "company_staff of 南开区供热服务中心", body: newUser("heat1", policy.RoleCompanyStaff),
		want: cells{201, 403, 403, 403, 403, 403, 422, 403, 201, 403}, field: map[int]string{HA: "org_id"}},
	{route: "POST /api/v1/users", what: "bureau_admin of 南开区供热服务中心", body: newUser("heat1", policy.RoleBureauAdmin),
		want: cells{422, 403, 403, 403, 403, 403, 422, 403, 403, 403}, field: map[int]string{BA: "roles", HA: "org_id"}},
	{route: "POST /api/v1/users", what: "bureau_inspector of the bureau", body: newUser("bureau", policy.RoleBureauInspector),
		want: cells{201, 403, 403, 403, 403, 403, 422, 403, 403, 403}, field: map[int]string{HA: "org_id"}},
	{route: "POST /api/v1/users", what: "street_officer of 广开街", body: newUser("guangkai", policy.RoleStreetOfficer),
		want: cells{201, 403, 403, 403, 403, 403, 422, 403, 403, 403}, field: map[int]string{HA: "org_id"}},
	{route: "POST /api/v1/users", what: "company_staff of 河西燃气", body: newUser("hexi.gas", policy.RoleCompanyStaff),
		want: cells{422, 403, 403, 403, 403, 403, 201, 403, 403, 403}, field: map[int]string{BA: "org_id"}},

	{route: "PATCH /api/v1/users/:id", on: "nankai/bureau.inspector", body: relabel, want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}},
	{route: "PATCH /api/v1/users/:id", on: "nankai/gas1.admin", body: relabel, want: cells{200, 403, 200, 403, 403, 403, 404, 403, 404, 403}},
	{route: "PATCH /api/v1/users/:id", on: "nankai/gas1.clerk", body: relabel, want: cells{200, 403, 200, 403, 403, 403, 404, 403, 404, 403}},
	{route: "PATCH /api/v1/users/:id", on: "nankai/gas2.clerk", body: relabel, want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}},
	{route: "PATCH /api/v1/users/:id", on: heatAdmin, body: relabel, want: cells{200, 403, 404, 403, 403, 403, 404, 403, 200, 403}},
	{route: "PATCH /api/v1/users/:id", on: "nankai/heat1.engineer", body: relabel, want: cells{200, 403, 404, 403, 403, 403, 404, 403, 200, 403}},
	{route: "PATCH /api/v1/users/:id", on: "nankai/street.guangkai", body: relabel, want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}},
	{route: "PATCH /api/v1/users/:id", on: "nankai/street.xingnan", body: relabel, want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}},
	{route: "PATCH /api/v1/users/:id", on: "hexi/bureau.admin", body: relabel, want: cells{404, 403, 404, 403, 403, 403, 200, 403, 404, 403}},
	{route: "PATCH /api/v1/users/:id", on: "hexi/gas1.clerk", body: relabel, want: cells{404, 403, 404, 403, 403, 403, 200, 403, 404, 403}},
	{route: "PATCH /api/v1/users/:id", on: "nankai/gas1.clerk", what: "roles company_admin",
		body: obj{"roles": []string{policy.RoleCompanyAdmin}}, want: cells{200, 403, 200, 403, 403, 403, 404, 403, 404, 403}},
	{route: "PATCH /api/v1/users/:id", on: "nankai/gas1.clerk", what: "roles bureau_admin",
		body: obj{"roles": []string{policy.RoleBureauAdmin}}, want: cells{422, 403, 403, 403, 403, 403, 404, 403, 404, 403},
		field: map[int]string{BA: "roles"}},
	{route: "PATCH /api/v1/users/:id", on: "nankai/heat1.engineer", what: "roles company_admin",
		body: obj{"roles": []string{policy.RoleCompanyAdmin}}, want: cells{200, 403, 404, 403, 403, 403, 404, 403, 200, 403}},
	{route: "PATCH /api/v1/users/:id", on: "nankai/heat1.engineer", what: "roles bureau_admin",
		body: obj{"roles": []string{policy.RoleBureauAdmin}}, want: cells{422, 403, 404, 403, 403, 403, 404, 403, 403, 403},
		field: map[int]string{BA: "roles"}},

	{route: "POST /api/v1/users/:id/disable", on: "nankai/bureau.inspector", want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/disable", on: "nankai/gas1.admin", want: cells{200, 403, 409, 403, 403, 403, 404, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/disable", on: "nankai/gas1.clerk", want: cells{200, 403, 200, 403, 403, 403, 404, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/disable", on: "nankai/gas2.clerk", want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/disable", on: heatAdmin, want: cells{200, 403, 404, 403, 403, 403, 404, 403, 409, 403}},
	{route: "POST /api/v1/users/:id/disable", on: "nankai/heat1.engineer", want: cells{200, 403, 404, 403, 403, 403, 404, 403, 200, 403}},
	{route: "POST /api/v1/users/:id/disable", on: "nankai/street.guangkai", want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/disable", on: "nankai/street.xingnan", want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/disable", on: "hexi/bureau.admin", want: cells{404, 403, 404, 403, 403, 403, 409, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/disable", on: "hexi/gas1.clerk", want: cells{404, 403, 404, 403, 403, 403, 200, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/enable", on: "nankai/bureau.inspector", want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/enable", on: "nankai/gas1.admin", want: cells{200, 403, 409, 403, 403, 403, 404, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/enable", on: "nankai/gas1.clerk", want: cells{200, 403, 200, 403, 403, 403, 404, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/enable", on: "nankai/gas2.clerk", want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/enable", on: heatAdmin, want: cells{200, 403, 404, 403, 403, 403, 404, 403, 409, 403}},
	{route: "POST /api/v1/users/:id/enable", on: "nankai/heat1.engineer", want: cells{200, 403, 404, 403, 403, 403, 404, 403, 200, 403}},
	{route: "POST /api/v1/users/:id/enable", on: "nankai/street.guangkai", want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/enable", on: "nankai/street.xingnan", want: cells{200, 403, 404, 403, 403, 403, 404, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/enable", on: "hexi/bureau.admin", want: cells{404, 403, 404, 403, 403, 403, 409, 403, 404, 403}},
	{route: "POST /api/v1/users/:id/enable", on: "hexi/gas1.clerk", want: cells{404, 403, 404, 403, 403, 403, 200, 403, 404, 403}},

	// The audit trail: the bureau's, of its own district.
	{route: "GET /api/v1/audit", want: cells{200, 200, 403, 403, 403, 403, 200, 403, 403, 403}, check: ownTrail},
	{route: "GET /api/v1/audit/verify", want: cells{200, 200, 403, 403, 403, 403, 200, 403, 403, 403}, check: ownChain},
	{route: "GET /api/v1/audit/checkpoints", want: cells{200, 200, 403, 403, 403, 403, 200, 403, 403, 403}, check: signedBy},
	{route: "POST /api/v1/audit/checkpoints/verify", want: cells{200, 200, 403, 403, 403, 403, 200, 403, 403, 403},
		body:  obj{"tenant_id": "01900000-0000-7000-8000-000000000001", "seq": 1, "hash": "00", "at": "2026-01-01T00:00:00Z"},
		check: notOwnCheckpoint},
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

// signedBy checks /audit/checkpoints: the key they verify with, and a list.
func signedBy(c *cell, answer obj) string {
	if k, _ := answer["public_key"].(string); len(k) != 64 || answer["items"] == nil {
		return "no public key, or no list"
	}
	return ""
}

// notOwnCheckpoint checks /audit/checkpoints/verify with a checkpoint of no
// district: refused as another district's, for the caller's district.
func notOwnCheckpoint(c *cell, answer obj) string {
	if answer["tenant_id"] != c.d.id[c.home()] || answer["ok"] != false {
		return "a checkpoint of another district was not refused"
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
