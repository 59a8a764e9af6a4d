package handlers

import (
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services/accounts"
)

type tenantOut struct {
	ID       uuid.UUID `json:"id"`
	Slug     string    `json:"slug"`
	Name     string    `json:"name"`
	Timezone string    `json:"timezone"`
	Disabled bool      `json:"disabled"`
	// The reminder ladder: days before a deadline, at the local hour.
	ReminderDays []int     `json:"reminder_days"`
	ReminderHour int       `json:"reminder_hour"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func toTenant(t *ent.Tenant) tenantOut {
	l := reminders.LadderOf(t)
	return tenantOut{ID: t.ID, Slug: t.Slug, Name: t.Name, Timezone: t.Timezone, Disabled: t.Disabled,
		ReminderDays: l.DaysBefore, ReminderHour: l.Hour, CreatedAt: t.CreatedAt, UpdatedAt: t.UpdatedAt}
}

// The request bodies are the accounts service's inputs under the names the
// OpenAPI document gives them.
type (
	tenantCreateIn  accounts.NewDistrict
	tenantPatchIn   accounts.DistrictPatch
	settingsPatchIn accounts.SettingsPatch
)

type tenantCreatedOut struct {
	Tenant tenantOut `json:"tenant"`
	Bureau orgOut    `json:"bureau"`
	Admin  userOut   `json:"admin"`
}

// listTenants handles GET /api/v1/tenants (operators).
func (a *api) listTenants(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.Tenant.Query()
	if p.After != nil {
		q.Where(tenant.IDGT(*p.After))
	}
	rows, err := q.Order(ent.Asc(tenant.FieldID)).Limit(p.Limit + 1).All(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(finish(rows, p, func(t *ent.Tenant) uuid.UUID { return t.ID }, toTenant))
}

// getTenant handles GET /api/v1/tenants/{id} (operators).
func (a *api) getTenant(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	t, err := a.Client.Tenant.Get(c.UserContext(), id)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(t.Version))
	return c.JSON(toTenant(t))
}

// createTenant handles POST /api/v1/tenants: an operator provisions a
// district with its bureau and first bureau admin.
func (a *api) createTenant(c *fiber.Ctx) error {
	in, err := decode[tenantCreateIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	d, err := a.accounts.Provision(c.UserContext(), accounts.NewDistrict(*in))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(d.Tenant.Version))
	c.Set(fiber.HeaderLocation, "/api/v1/tenants/"+d.Tenant.ID.String())
	return c.Status(http.StatusCreated).JSON(tenantCreatedOut{
		Tenant: toTenant(d.Tenant), Bureau: toOrg(d.Bureau), Admin: a.toUser(d.Admin)})
}

// patchTenant handles PATCH /api/v1/tenants/{id} (operators).
func (a *api) patchTenant(c *fiber.Ctx) error {
	ver, err := ifMatch(c)
	if err != nil {
		return err
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	in, err := decode[tenantPatchIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	t, err := a.accounts.ChangeDistrict(c.UserContext(), id, ver, accounts.DistrictPatch(*in))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(t.Version))
	return c.JSON(toTenant(t))
}

// getSettings handles GET /api/v1/settings: the caller's district.
func (a *api) getSettings(c *fiber.Ctx) error {
	t, err := a.Client.Tenant.Get(c.UserContext(), viewer(c).TenantID)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(t.Version))
	return c.JSON(toTenant(t))
}

// patchSettings handles PATCH /api/v1/settings (bureau admin).
func (a *api) patchSettings(c *fiber.Ctx) error {
	ver, err := ifMatch(c)
	if err != nil {
		return err
	}
	in, err := decode[settingsPatchIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	t, err := a.accounts.ChangeSettings(c.UserContext(), ver, accounts.SettingsPatch(*in))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(t.Version))
	return c.JSON(toTenant(t))
}
