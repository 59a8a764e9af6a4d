package handlers

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/user"
	"github.com/hearthsafety/hearth/policy"
)

type userOut struct {
	ID          uuid.UUID `json:"id"`
	Username    string    `json:"username"`
	DisplayName string    `json:"display_name"`
	OrgID       uuid.UUID `json:"org_id"`
	Roles       []string  `json:"roles"`
	Disabled    bool      `json:"disabled"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func (a *api) toUser(u *ent.User) userOut {
	return userOut{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, OrgID: u.OrgID,
		Roles: a.Authz.Roles(u.ID, u.TenantID), Disabled: u.Disabled, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

type userCreateIn struct {
	Username    string    `json:"username" validate:"required,min=3,max=64,username"`
	Password    string    `json:"password" validate:"required,password"`
	DisplayName string    `json:"display_name" validate:"max=100"`
	OrgID       uuid.UUID `json:"org_id" validate:"required"`
	Roles       []string  `json:"roles" validate:"required,min=1,max=2,dive,required"`
}

type userPatchIn struct {
	DisplayName *string   `json:"display_name" validate:"omitnil,max=100"`
	Password    *string   `json:"password" validate:"omitnil,password"`
	Roles       *[]string `json:"roles" validate:"omitnil,min=1,max=2,dive,required"`
}

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
			return invalid(FieldError{Field: "org_id", Message: "must be a UUID"})
		}
		q.Where(user.OrgID(id))
	}
	s, err := textQuery(c, "q", maxTextFilter)
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

// checkRoles holds the roles granted to what the granting viewer may hand out
// (a company admin grants company roles only: 403 otherwise, decided before
// the request's validity) and to what the org kind allows.
func checkRoles(v *policy.Viewer, kind string, roles []string) error {
	if v.Scope() != policy.ScopeDistrict {
		for _, r := range roles {
			if !slices.Contains(policy.RolesForKind(policy.KindGasCompany), r) {
				return errForbidden
			}
		}
	}
	allowed := policy.RolesForKind(kind)
	for _, r := range roles {
		if !slices.Contains(allowed, r) {
			return invalid(FieldError{Field: "roles", Message: "a " + kind + " user may hold only: " + joinRoles(allowed)})
		}
	}
	if dup := slices.Compact(slices.Sorted(slices.Values(roles))); len(dup) != len(roles) {
		return invalid(FieldError{Field: "roles", Message: "lists a role twice"})
	}
	return nil
}

func joinRoles(rs []string) string {
	out := ""
	for i, r := range rs {
		if i > 0 {
			out += ", "
		}
		out += r
	}
	return out
}

// createUser handles POST /api/v1/users.
func (a *api) createUser(c *fiber.Ctx) error {
	in, err := decode[userCreateIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	v := viewer(c)
	if v.Scope() == policy.ScopeCompany && in.OrgID != v.OrgID {
		return errorf(http.StatusForbidden, "forbidden", "a company admin adds users to its own company only")
	}
	o, err := a.Client.Org.Get(ctx, in.OrgID)
	if ent.IsNotFound(err) {
		return invalid(FieldError{Field: "org_id", Message: "is not an organisation of this district"})
	} else if err != nil {
		return err
	}
	if o.Kind == policy.KindCommunity {
		return invalid(FieldError{Field: "org_id", Message: "users belong to the bureau, a company or a street, not a community"})
	}
	if err := checkRoles(v, string(o.Kind), in.Roles); err != nil {
		return err
	}
	hash, err := a.hashPassword(ctx, in.Password)
	if err != nil {
		return err
	}
	var u *ent.User
	err = a.withTx(ctx, func(tx *ent.Tx) error {
		u, err = addUser(ctx, tx, v.TenantID, o.ID, in.Username, hash, in.DisplayName, in.Roles)
		return err
	})
	if ent.IsConstraintError(err) {
		return errorf(http.StatusConflict, "username_taken", "this district has a user with that username already")
	} else if err != nil {
		return err
	}
	if err := a.Authz.Reload(ctx); err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(u.Version))
	c.Set(fiber.HeaderLocation, "/api/v1/users/"+u.ID.String())
	return c.Status(http.StatusCreated).JSON(a.toUser(u))
}

// addUser creates a user and grants its roles inside tx, auditing both.
func addUser(ctx context.Context, tx *ent.Tx, tenantID, orgID uuid.UUID, username, hash, display string, roles []string) (*ent.User, error) {
	u, err := tx.User.Create().SetTenantID(tenantID).SetOrgID(orgID).SetUsername(username).
		SetPasswordHash(hash).SetDisplayName(display).Save(ctx)
	if err != nil {
		return nil, err
	}
	return u, setRoles(ctx, tx, u, roles)
}

// setRoles writes a user's roles and audits the change in the same tx.
func setRoles(ctx context.Context, tx *ent.Tx, u *ent.User, roles []string) error {
	roles = slices.Sorted(slices.Values(roles))
	before, err := policy.WriteRoles(ctx, tx.Client(), u.TenantID, u.ID, roles)
	if err != nil || slices.Equal(before, roles) {
		return err
	}
	return audit.Append(ctx, tx.Client(), audit.Entry{
		TenantID: u.TenantID, Action: "user.roles", RecordType: "user", RecordID: u.ID,
		Before: map[string]any{"roles": before}, After: map[string]any{"roles": roles},
	})
}

// patchUser handles PATCH /api/v1/users/{id}.
func (a *api) patchUser(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	cur, err := a.Client.User.Query().Where(user.ID(id)).WithOrg().Only(ctx)
	if err != nil {
		return err
	}
	ver, err := ifMatch(c)
	if err != nil {
		return err
	}
	in, err := decode[userPatchIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	v := viewer(c)
	if in.Roles != nil {
		if err := checkRoles(v, string(cur.Edges.Org.Kind), *in.Roles); err != nil {
			return err
		}
		if cur.ID == v.UserID && !slices.Equal(slices.Sorted(slices.Values(*in.Roles)), v.Roles) {
			return errorf(http.StatusConflict, "own_roles", "you cannot change your own roles; ask another admin")
		}
	}
	var hash string
	if in.Password != nil {
		if hash, err = a.hashPassword(ctx, *in.Password); err != nil {
			return err
		}
	}
	u, err := a.updateUser(ctx, cur, ver, func(u *ent.UserUpdateOne) {
		if in.DisplayName != nil {
			u.SetDisplayName(*in.DisplayName)
		}
		if in.Password != nil {
			u.SetPasswordHash(hash).AddTokenVersion(1) // old sessions end
		}
	}, in.Roles)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(u.Version))
	return c.JSON(a.toUser(u))
}

// updateUser applies set (and roles, when given) if the user is still at ver.
func (a *api) updateUser(ctx context.Context, cur *ent.User, ver int64, set func(*ent.UserUpdateOne), roles *[]string) (*ent.User, error) {
	if cur.Version != ver {
		return nil, errStale
	}
	var u *ent.User
	err := a.withTx(ctx, func(tx *ent.Tx) error {
		up := tx.User.UpdateOneID(cur.ID).Where(user.Version(ver)).AddVersion(1)
		set(up)
		var err error
		if u, err = up.Save(ctx); ent.IsNotFound(err) {
			return errStale
		} else if err != nil {
			return err
		}
		if roles != nil {
			return setRoles(ctx, tx, u, *roles)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if roles != nil {
		if err := a.Authz.Reload(ctx); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// setUserDisabled handles POST /api/v1/users/{id}/disable and /enable.
// Disabling ends the user's tokens at once; nobody disables themselves.
func (a *api) setUserDisabled(disabled bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		ctx := c.UserContext()
		cur, err := a.Client.User.Get(ctx, id)
		if err != nil {
			return err
		}
		if cur.ID == viewer(c).UserID {
			return errorf(http.StatusConflict, "cannot_disable_self", "you cannot disable your own account")
		}
		u := cur
		if cur.Disabled != disabled {
			u, err = a.updateUser(ctx, cur, cur.Version, func(up *ent.UserUpdateOne) {
				up.SetDisabled(disabled)
				if disabled {
					up.AddTokenVersion(1)
				}
			}, nil)
			if err != nil {
				return err
			}
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
	Roles        []string     `json:"roles"`
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
