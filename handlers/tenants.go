package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
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

type tenantCreateIn struct {
	Slug          string `json:"slug" validate:"required,min=2,max=40,slug"`
	Name          string `json:"name" validate:"required,max=100"`
	Timezone      string `json:"timezone" validate:"omitempty,max=64,timezone"`
	AdminUsername string `json:"admin_username" validate:"omitempty,min=3,max=64,username"`
	AdminPassword string `json:"admin_password" validate:"required,password"`
}

type tenantCreatedOut struct {
	Tenant tenantOut `json:"tenant"`
	Bureau orgOut    `json:"bureau"`
	Admin  userOut   `json:"admin"`
}

type tenantPatchIn struct {
	Name     *string `json:"name" validate:"omitnil,min=1,max=100"`
	Timezone *string `json:"timezone" validate:"omitnil,max=64,timezone"`
	Disabled *bool   `json:"disabled"`
}

type settingsPatchIn struct {
	Name     *string `json:"name" validate:"omitnil,min=1,max=100"`
	Timezone *string `json:"timezone" validate:"omitnil,max=64,timezone"`
	// Days before a deadline to remind (1–60, at most 5, each once), and
	// the local hour (0–23). Open hazards' reminders not yet sent follow.
	ReminderDays []int `json:"reminder_days" validate:"omitempty,max=5,unique,dive,min=1,max=60"`
	ReminderHour *int  `json:"reminder_hour" validate:"omitnil,min=0,max=23"`
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
	ctx := c.UserContext()
	d, err := Provision(ctx, a.Client, a.Passwords, District{Slug: in.Slug, Name: in.Name,
		Timezone: in.Timezone, AdminUsername: in.AdminUsername, AdminPassword: in.AdminPassword})
	if ent.IsConstraintError(err) {
		return errorf(http.StatusConflict, "slug_taken", "a district with that slug exists already")
	} else if err != nil {
		return err
	}
	if err := a.Authz.Reload(ctx); err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(d.Tenant.Version))
	c.Set(fiber.HeaderLocation, "/api/v1/tenants/"+d.Tenant.ID.String())
	return c.Status(http.StatusCreated).JSON(tenantCreatedOut{
		Tenant: toTenant(d.Tenant), Bureau: toOrg(d.Bureau), Admin: a.toUser(d.Admin)})
}

// patchTenant handles PATCH /api/v1/tenants/{id} (operators).
func (a *api) patchTenant(c *fiber.Ctx) error {
	return a.patchTenantBody(c, func(c *fiber.Ctx) (uuid.UUID, func(*ent.TenantUpdateOne), error) {
		id, err := idParam(c, "id")
		if err != nil {
			return id, nil, err
		}
		in, err := decode[tenantPatchIn](c, a.BodyLimit)
		if err != nil {
			return id, nil, err
		}
		return id, func(u *ent.TenantUpdateOne) {
			setTenantFields(u, in.Name, in.Timezone)
			if in.Disabled != nil {
				u.SetDisabled(*in.Disabled)
			}
		}, nil
	})
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
	return a.patchTenantBody(c, func(c *fiber.Ctx) (uuid.UUID, func(*ent.TenantUpdateOne), error) {
		in, err := decode[settingsPatchIn](c, a.BodyLimit)
		if err != nil {
			return uuid.Nil, nil, err
		}
		return viewer(c).TenantID, func(u *ent.TenantUpdateOne) {
			setTenantFields(u, in.Name, in.Timezone)
			if in.ReminderDays != nil {
				u.SetReminderDays(in.ReminderDays)
			}
			if in.ReminderHour != nil {
				u.SetReminderHour(*in.ReminderHour)
			}
		}, nil
	})
}

func setTenantFields(u *ent.TenantUpdateOne, name, tz *string) {
	if name != nil {
		u.SetName(*name)
	}
	if tz != nil {
		u.SetTimezone(*tz)
	}
}

// patchTenantBody is the If-Match update both tenant PATCH routes share.
func (a *api) patchTenantBody(c *fiber.Ctx, read func(*fiber.Ctx) (uuid.UUID, func(*ent.TenantUpdateOne), error)) error {
	ver, err := ifMatch(c)
	if err != nil {
		return err
	}
	id, set, err := read(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	cur, err := a.Client.Tenant.Get(ctx, id)
	if err != nil {
		return err
	}
	if cur.Version != ver {
		return errStale
	}
	var t *ent.Tenant
	err = a.withTx(ctx, func(tx *ent.Tx) error {
		u := tx.Tenant.UpdateOneID(id).Where(tenant.Version(ver)).AddVersion(1)
		set(u)
		if t, err = u.Save(ctx); ent.IsNotFound(err) {
			return errStale
		} else if err != nil {
			return err
		}
		reenabled := cur.Disabled && !t.Disabled
		if !reenabled && reminders.LadderOf(t).Equal(reminders.LadderOf(cur)) && t.Timezone == cur.Timezone {
			return nil
		}
		// The ladder or the zone moved, or the district is back: the open
		// hazards' reminders not yet sent are laid again. System, as an
		// operator may change a district and reaches none of its records.
		return reminders.Replan(policy.System(ctx), tx, t.ID, reminders.LadderOf(t), reminders.Location(t), a.Now().UTC())
	})
	a.Reminders.Kick()
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(t.Version))
	return c.JSON(toTenant(t))
}

// District describes a district to provision.
type District struct {
	Slug, Name, Timezone         string
	AdminUsername, AdminPassword string
}

// Provisioned is what Provision made.
type Provisioned struct {
	Tenant *ent.Tenant
	Bureau *ent.Org
	Admin  *ent.User
}

// Provision creates a district, its bureau and its first bureau admin in one
// transaction. It runs under System (an operator, or the CLI, acts for a
// district that has no viewer yet); the caller reloads Authz afterwards.
func Provision(ctx context.Context, client *ent.Client, pp PasswordParams, d District) (*Provisioned, error) {
	if d.Timezone == "" {
		d.Timezone = "Asia/Shanghai"
	}
	if _, err := time.LoadLocation(d.Timezone); err != nil {
		return nil, invalid(FieldError{Field: "timezone", Message: "is not a known time zone"})
	}
	if d.AdminUsername == "" {
		d.AdminUsername = "bureau.admin"
	}
	hash, err := HashPassword(d.AdminPassword, pp)
	if err != nil {
		return nil, err
	}
	sys := policy.System(ctx)
	var p Provisioned
	err = withTx(sys, client, func(tx *ent.Tx) error {
		if p.Tenant, err = tx.Tenant.Create().SetSlug(d.Slug).SetName(d.Name).SetTimezone(d.Timezone).Save(sys); err != nil {
			return err
		}
		if p.Bureau, err = tx.Org.Create().SetTenantID(p.Tenant.ID).SetName(d.Name + "城市管理委员会").
			SetKind("bureau").Save(sys); err != nil {
			return err
		}
		p.Admin, err = addUser(sys, tx, p.Tenant.ID, p.Bureau.ID, d.AdminUsername, hash, "区城管委管理员",
			[]string{policy.RoleBureauAdmin})
		return err
	})
	return &p, err
}
