package handlers

import (
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/user"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
)

type userOut struct {
	ID          uuid.UUID `json:"id"`
	Username    string    `json:"username"`
	DisplayName string    `json:"display_name"`
	OrgID       uuid.UUID `json:"org_id"`
	Roles       []string  `json:"roles" enum:"Role"`
	Disabled    bool      `json:"disabled"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func (a *api) toUser(u *ent.User) userOut {
	return userOut{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, OrgID: u.OrgID,
		Roles: a.Authz.Roles(u.ID, u.TenantID), Disabled: u.Disabled, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

// The request bodies are the accounts service's inputs under the names the
// OpenAPI document gives them.
type (
	userCreateIn accounts.NewUser
	userPatchIn  accounts.UserPatch
)

// listUsers handles GET /api/v1/users.
func (a *api) listUsers(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.User.Query()
	if s := c.Query("org_id"); s != "" {
		id, err := uuid.Parse(s)
		if err != nil {
			return services.Invalid(services.FieldError{Field: "org_id", Message: "must be a UUID"})
		}
		q.Where(user.OrgID(id))
	}
	s, err := textQuery(c, "q", services.MaxTextFilter)
	if err != nil {
		return err
	}
	if s != "" {
		q.Where(user.Or(user.UsernameContains(s), user.DisplayNameContains(s)))
	}
	switch c.Query("disabled") {
	case "true":
		q.Where(user.Disabled(true))
	case "false":
		q.Where(user.Disabled(false))
	}
	if p.After != nil {
		q.Where(user.IDGT(*p.After))
	}
	rows, err := q.Order(ent.Asc(user.FieldID)).Limit(p.Limit + 1).All(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(finish(rows, p, func(u *ent.User) uuid.UUID { return u.ID }, a.toUser))
}

// getUser handles GET /api/v1/users/{id}.
func (a *api) getUser(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u, err := a.Client.User.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(u.Version))
	return c.JSON(a.toUser(u))
}

// createUser handles POST /api/v1/users.
func (a *api) createUser(c *fiber.Ctx) error {
	in, err := decode[userCreateIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	u, err := a.accounts.CreateUser(c.UserContext(), accounts.NewUser(*in))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(u.Version))
	c.Set(fiber.HeaderLocation, "/api/v1/users/"+u.ID.String())
	return c.Status(http.StatusCreated).JSON(a.toUser(u))
}

// patchUser handles PATCH /api/v1/users/{id}.
func (a *api) patchUser(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if _, err := a.Client.User.Get(ctx, id); err != nil {
		return err // one out of scope is 404, If-Match or not
	}
	ver, err := ifMatch(c)
	if err != nil {
		return err
	}
	in, err := decode[userPatchIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	u, err := a.accounts.ChangeUser(ctx, id, ver, accounts.UserPatch(*in))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(u.Version))
	return c.JSON(a.toUser(u))
}

// setUserDisabled handles POST /api/v1/users/{id}/disable and /enable.
// Disabling ends the user's tokens at once; nobody disables themselves.
func (a *api) setUserDisabled(disabled bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		u, err := a.accounts.SetUserDisabled(c.UserContext(), id, disabled)
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderETag, etag(u.Version))
		return c.JSON(a.toUser(u))
	}
}

type meOut struct {
	User         meUserOut    `json:"user"`
	Operator     bool         `json:"operator"`
	Tenant       *tenantBrief `json:"tenant,omitempty"`
	Org          *orgOut      `json:"org,omitempty"`
	Roles        []string     `json:"roles" enum:"Role"`
	Jurisdiction []orgOut     `json:"jurisdiction,omitempty"`
}

// meUserOut is the caller as a user; an operator belongs to no organisation,
// so org_id is null there (this field shadows the embedded one in JSON).
type meUserOut struct {
	userOut
	OrgID *uuid.UUID `json:"org_id"`
}

func meUser(u userOut) meUserOut { return meUserOut{userOut: u, OrgID: &u.OrgID} }

type tenantBrief struct {
	ID       uuid.UUID `json:"id"`
	Slug     string    `json:"slug"`
	Name     string    `json:"name"`
	Timezone string    `json:"timezone"`
}

// me handles GET /api/v1/me: who the caller is, its organisation, roles and,
// for a street office, its jurisdiction.
func (a *api) me(c *fiber.Ctx) error {
	v := viewer(c)
	ctx := c.UserContext()
	if v.Operator {
		op, err := a.Client.Operator.Get(ctx, v.UserID)
		if err != nil {
			return err
		}
		return c.JSON(meOut{User: meUserOut{userOut: userOut{ID: op.ID, Username: op.Username, Roles: v.Roles,
			CreatedAt: op.CreatedAt, UpdatedAt: op.UpdatedAt}}, Operator: true, Roles: v.Roles})
	}
	u, err := a.Client.User.Query().Where(user.ID(v.UserID)).WithOrg().WithTenant().Only(policy.System(ctx)) // one's own record, whatever the users policy says
	if err != nil {
		return err
	}
	t, o := u.Edges.Tenant, toOrg(u.Edges.Org)
	out := meOut{User: meUser(a.toUser(u)), Tenant: &tenantBrief{ID: t.ID, Slug: t.Slug, Name: t.Name, Timezone: t.Timezone},
		Org: &o, Roles: v.Roles}
	if len(v.Streets) > 0 {
		orgs, err := a.Client.Org.Query().Where(org.IDIn(v.Streets...)).Order(ent.Asc(org.FieldID)).All(ctx)
		if err != nil {
			return err
		}
		for _, s := range orgs {
			out.Jurisdiction = append(out.Jurisdiction, toOrg(s))
		}
	}
	return c.JSON(out)
}
