package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/policy"
)

type orgOut struct {
	ID        uuid.UUID  `json:"id"`
	Name      string     `json:"name"`
	Kind      string     `json:"kind"`
	ParentID  *uuid.UUID `json:"parent_id"`
	Disabled  bool       `json:"disabled"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

func toOrg(o *ent.Org) orgOut {
	return orgOut{ID: o.ID, Name: o.Name, Kind: string(o.Kind), ParentID: o.ParentID,
		Disabled: o.Disabled, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
}

type orgCreateIn struct {
	Name     string     `json:"name" validate:"required,max=100"`
	Kind     string     `json:"kind" validate:"required,oneof=gas_company heating_company street community"`
	ParentID *uuid.UUID `json:"parent_id"`
}

type orgPatchIn struct {
	Name     *string    `json:"name" validate:"omitnil,min=1,max=100"`
	ParentID *uuid.UUID `json:"parent_id"`
}

// listOrgs handles GET /api/v1/orgs.
func (a *api) listOrgs(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.Org.Query()
	if k := c.Query("kind"); k != "" {
		if org.KindValidator(org.Kind(k)) != nil {
			return invalid(FieldError{Field: "kind", Message: "is not an organisation kind"})
		}
		q.Where(org.KindEQ(org.Kind(k)))
	}
	if s := c.Query("parent_id"); s != "" {
		id, err := uuid.Parse(s)
		if err != nil {
			return invalid(FieldError{Field: "parent_id", Message: "must be a UUID"})
		}
		q.Where(org.ParentID(id))
	}
	s, err := textQuery(c, "q", maxTextFilter)
	if err != nil {
		return err
	}
	if s != "" {
		q.Where(org.NameContains(s))
	}
	switch c.Query("disabled") {
	case "true":
		q.Where(org.Disabled(true))
	case "false":
		q.Where(org.Disabled(false))
	}
	if p.After != nil {
		q.Where(org.IDGT(*p.After))
	}
	rows, err := q.Order(ent.Asc(org.FieldID)).Limit(p.Limit + 1).All(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(finish(rows, p, func(o *ent.Org) uuid.UUID { return o.ID }, toOrg))
}

// getOrg handles GET /api/v1/orgs/{id}.
func (a *api) getOrg(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	o, err := a.Client.Org.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(o.Version))
	return c.JSON(toOrg(o))
}

// checkParent holds a community to a street of the same district, and any
// other organisation to no parent.
func (a *api) checkParent(ctx context.Context, kind string, parent *uuid.UUID) error {
	if kind != policy.KindCommunity {
		if parent != nil {
			return invalid(FieldError{Field: "parent_id", Message: "only a community has a parent"})
		}
		return nil
	}
	if parent == nil {
		return invalid(FieldError{Field: "parent_id", Message: "a community needs its street"})
	}
	p, err := a.Client.Org.Get(ctx, *parent)
	if ent.IsNotFound(err) || (err == nil && p.Kind != org.KindStreet) {
		return invalid(FieldError{Field: "parent_id", Message: "must be a street of this district"})
	}
	return err
}

// createOrg handles POST /api/v1/orgs.
func (a *api) createOrg(c *fiber.Ctx) error {
	in, err := decode[orgCreateIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if err := a.checkParent(ctx, in.Kind, in.ParentID); err != nil {
		return err
	}
	var o *ent.Org
	err = a.withTx(ctx, func(tx *ent.Tx) error {
		o, err = tx.Org.Create().SetName(in.Name).SetKind(org.Kind(in.Kind)).
			SetNillableParentID(in.ParentID).Save(ctx)
		return err
	})
	if ent.IsConstraintError(err) {
		return errorf(http.StatusConflict, "name_taken", "an organisation of this district has that name already")
	} else if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(o.Version))
	c.Set(fiber.HeaderLocation, "/api/v1/orgs/"+o.ID.String())
	return c.Status(http.StatusCreated).JSON(toOrg(o))
}

// patchOrg handles PATCH /api/v1/orgs/{id}.
func (a *api) patchOrg(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	cur, err := a.Client.Org.Get(ctx, id)
	if err != nil {
		return err
	}
	ver, err := ifMatch(c)
	if err != nil {
		return err
	}
	in, err := decode[orgPatchIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	if in.ParentID != nil {
		if err := a.checkParent(ctx, string(cur.Kind), in.ParentID); err != nil {
			return err
		}
	}
	o, err := a.updateOrg(ctx, cur, ver, func(u *ent.OrgUpdateOne) {
		if in.Name != nil {
			u.SetName(*in.Name)
		}
		if in.ParentID != nil {
			u.SetParentID(*in.ParentID)
		}
	})
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(o.Version))
	return c.JSON(toOrg(o))
}

// updateOrg applies set to the org if it is still at version ver.
func (a *api) updateOrg(ctx context.Context, cur *ent.Org, ver int64, set func(*ent.OrgUpdateOne)) (*ent.Org, error) {
	if cur.Version != ver {
		return nil, errStale
	}
	var o *ent.Org
	err := a.withTx(ctx, func(tx *ent.Tx) error {
		u := tx.Org.UpdateOneID(cur.ID).Where(org.Version(ver)).AddVersion(1)
		set(u)
		var err error
		o, err = u.Save(ctx)
		if ent.IsNotFound(err) {
			return errStale // it exists (we read it): someone changed it first
		}
		return err
	})
	if ent.IsConstraintError(err) {
		return nil, errorf(http.StatusConflict, "name_taken", "an organisation of this district has that name already")
	}
	return o, err
}

// setOrgDisabled handles POST /api/v1/orgs/{id}/disable and /enable. The
// bureau itself cannot be disabled.
func (a *api) setOrgDisabled(disabled bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		ctx := c.UserContext()
		cur, err := a.Client.Org.Get(ctx, id)
		if err != nil {
			return err
		}
		if cur.Kind == org.KindBureau {
			return errorf(http.StatusConflict, "bureau_cannot_be_disabled", "the district's bureau cannot be disabled")
		}
		o := cur
		if cur.Disabled != disabled {
			if o, err = a.updateOrg(ctx, cur, cur.Version, func(u *ent.OrgUpdateOne) { u.SetDisabled(disabled) }); err != nil {
				return err
			}
		}
		c.Set(fiber.HeaderETag, etag(o.Version))
		return c.JSON(toOrg(o))
	}
}
