package handlers

import (
	"net/http"

	"github.com/gofiber/fiber/v2"
)

// route is one endpoint: how it is reached, who may take it, what it reads
// and answers. The list below is the one place routes are declared.
type route struct {
	Method, Path string
	Summary      string
	Public       bool   // no sign-in
	Obj, Act     string // the casbin check; empty: any signed-in caller
	In, Out      any    // request and success body types, for OpenAPI
	Status       int    // success status (200 when zero)
	Query        []string
	Handler      fiber.Handler
}

const v1 = "/api/v1"

func (a *api) routes() []route {
	listQ := []string{"limit", "cursor"}
	return []route{
		{Method: http.MethodGet, Path: "/healthz", Summary: "Liveness", Public: true, Out: healthOut{}, Handler: a.healthz},
		{Method: http.MethodGet, Path: "/readyz", Summary: "Readiness: database and Redis (503 when not ready)", Public: true, Out: readyOut{}, Handler: a.readyz},
		{Method: http.MethodGet, Path: "/metrics", Summary: "Prometheus metrics", Public: true, Handler: a.metrics()},
		{Method: http.MethodGet, Path: v1 + "/openapi.json", Summary: "This API's OpenAPI 3 document", Public: true, Handler: a.openapi},

		{Method: http.MethodPost, Path: v1 + "/auth/login", Summary: "Sign in with district, username and password", Public: true,
			In: loginIn{}, Out: tokenOut{}, Handler: a.login},
		{Method: http.MethodPost, Path: v1 + "/auth/refresh", Summary: "Trade a refresh token for a new pair", Public: true,
			In: refreshIn{}, Out: tokenOut{}, Handler: a.refresh},
		{Method: http.MethodGet, Path: v1 + "/me", Summary: "The signed-in user, organisation, roles and jurisdiction",
			Out: meOut{}, Handler: a.me},

		{Method: http.MethodGet, Path: v1 + "/tenants", Summary: "List districts", Obj: "tenant", Act: "list",
			Out: list[tenantOut]{}, Query: listQ, Handler: a.listTenants},
		{Method: http.MethodPost, Path: v1 + "/tenants", Summary: "Provision a district with its bureau and first admin",
			Obj: "tenant", Act: "create", In: tenantCreateIn{}, Out: tenantCreatedOut{}, Status: http.StatusCreated, Handler: a.createTenant},
		{Method: http.MethodGet, Path: v1 + "/tenants/:id", Summary: "Get a district", Obj: "tenant", Act: "get",
			Out: tenantOut{}, Handler: a.getTenant},
		{Method: http.MethodPatch, Path: v1 + "/tenants/:id", Summary: "Change a district (If-Match)", Obj: "tenant", Act: "update",
			In: tenantPatchIn{}, Out: tenantOut{}, Handler: a.patchTenant},

		{Method: http.MethodGet, Path: v1 + "/settings", Summary: "The caller's district settings", Obj: "settings", Act: "read",
			Out: tenantOut{}, Handler: a.getSettings},
		{Method: http.MethodPatch, Path: v1 + "/settings", Summary: "Change the district settings (If-Match)", Obj: "settings", Act: "update",
			In: settingsPatchIn{}, Out: tenantOut{}, Handler: a.patchSettings},

		{Method: http.MethodGet, Path: v1 + "/orgs", Summary: "List organisations in scope", Obj: "org", Act: "list",
			Out: list[orgOut]{}, Query: append([]string{"kind", "parent_id", "q", "disabled"}, listQ...), Handler: a.listOrgs},
		{Method: http.MethodPost, Path: v1 + "/orgs", Summary: "Create an organisation", Obj: "org", Act: "create",
			In: orgCreateIn{}, Out: orgOut{}, Status: http.StatusCreated, Handler: a.createOrg},
		{Method: http.MethodGet, Path: v1 + "/orgs/:id", Summary: "Get an organisation", Obj: "org", Act: "get",
			Out: orgOut{}, Handler: a.getOrg},
		{Method: http.MethodPatch, Path: v1 + "/orgs/:id", Summary: "Change an organisation (If-Match)", Obj: "org", Act: "update",
			In: orgPatchIn{}, Out: orgOut{}, Handler: a.patchOrg},
		{Method: http.MethodPost, Path: v1 + "/orgs/:id/disable", Summary: "Disable an organisation: its users can no longer sign in",
			Obj: "org", Act: "disable", Out: orgOut{}, Handler: a.setOrgDisabled(true)},
		{Method: http.MethodPost, Path: v1 + "/orgs/:id/enable", Summary: "Enable an organisation again",
			Obj: "org", Act: "disable", Out: orgOut{}, Handler: a.setOrgDisabled(false)},

		{Method: http.MethodGet, Path: v1 + "/users", Summary: "List users in scope", Obj: "user", Act: "list",
			Out: list[userOut]{}, Query: append([]string{"org_id", "q", "disabled"}, listQ...), Handler: a.listUsers},
		{Method: http.MethodPost, Path: v1 + "/users", Summary: "Create a user with roles", Obj: "user", Act: "create",
			In: userCreateIn{}, Out: userOut{}, Status: http.StatusCreated, Handler: a.createUser},
		{Method: http.MethodGet, Path: v1 + "/users/:id", Summary: "Get a user", Obj: "user", Act: "get",
			Out: userOut{}, Handler: a.getUser},
		{Method: http.MethodPatch, Path: v1 + "/users/:id", Summary: "Change a user's name, password or roles (If-Match)",
			Obj: "user", Act: "update", In: userPatchIn{}, Out: userOut{}, Handler: a.patchUser},
		{Method: http.MethodPost, Path: v1 + "/users/:id/disable", Summary: "Disable a user: its tokens stop working at once",
			Obj: "user", Act: "disable", Out: userOut{}, Handler: a.setUserDisabled(true)},
		{Method: http.MethodPost, Path: v1 + "/users/:id/enable", Summary: "Enable a user again",
			Obj: "user", Act: "disable", Out: userOut{}, Handler: a.setUserDisabled(false)},

		{Method: http.MethodGet, Path: v1 + "/audit", Summary: "The district's audit trail, newest first", Obj: "audit", Act: "list",
			Out: list[auditOut]{}, Query: append([]string{"record_type", "record_id"}, listQ...), Handler: a.listAudit},
		{Method: http.MethodGet, Path: v1 + "/audit/verify", Summary: "Verify the district's audit hash chain", Obj: "audit", Act: "verify",
			Out: auditReportOut{}, Handler: a.verifyAudit},
	}
}
