package handlers

import (
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
)

type orgOut struct {
	ID        uuid.UUID  `json:"id"`
	Name      string     `json:"name"`
	Kind      string     `json:"kind" enum:"OrgKind"`
	ParentID  *uuid.UUID `json:"parent_id"`
	Disabled  bool       `json:"disabled"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
}

func toOrg(o *ent.Org) orgOut {
	return orgOut{ID: o.ID, Name: o.Name, Kind: string(o.Kind), ParentID: o.ParentID,
		Disabled: o.Disabled, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
}

// The request bodies are the accounts service's inputs under the names the
// OpenAPI document gives them.
type (
	orgCreateIn accounts.NewOrg
	orgPatchIn  accounts.OrgPatch
)

// listOrgs handles GET /api/v1/orgs.
func (a *api) listOrgs(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.Org.Query()
	if k := c.Query("kind"); k != "" {
		if org.KindValidator(enum.OrgKind(k)) != nil {
			return services.Invalid(services.FieldError{Field: "kind", Message: "is not an organisation kind"})
		}
		q.Where(org.KindEQ(enum.OrgKind(k)))
	}
	if s := c.Query("parent_id"); s != "" {
		id, err := uuid.Parse(s)
		if err != nil {
			return services.Invalid(services.FieldError{Field: "parent_id", Message: "must be a UUID"})
		}
		q.Where(org.ParentID(id))
	}
	s, err := textQuery(c, "q", services.MaxTextFilter)
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

// createOrg handles POST /api/v1/orgs.
func (a *api) createOrg(c *fiber.Ctx) error {
	in, err := decode[orgCreateIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	o, err := a.accounts.CreateOrg(c.UserContext(), accounts.NewOrg(*in))
	if err != nil {
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
	if _, err := a.Client.Org.Get(ctx, id); err != nil {
		return err // one out of scope is 404, If-Match or not
	}
	ver, err := ifMatch(c)
	if err != nil {
		return err
	}
	in, err := decode[orgPatchIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	o, err := a.accounts.ChangeOrg(ctx, id, ver, accounts.OrgPatch(*in))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(o.Version))
	return c.JSON(toOrg(o))
}

// setOrgDisabled handles POST /api/v1/orgs/{id}/disable and /enable. The
// bureau itself cannot be disabled.
func (a *api) setOrgDisabled(disabled bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := idParam(c, "id")
		if err != nil {
			return err
		}
		o, err := a.accounts.SetOrgDisabled(c.UserContext(), id, disabled)
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderETag, etag(o.Version))
		return c.JSON(toOrg(o))
	}
}
