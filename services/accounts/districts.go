package accounts

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/session"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
)

// NewDistrict is a district to provision (POST /api/v1/tenants, `hearth
// tenant create`): its slug, used at sign-in, its name, its time zone
// (Asia/Shanghai, the schema's default, when empty) and its first bureau
// admin ("bureau.admin" when no username is given). The `timezone` rule
// holds a zone to one time.LoadLocation loads, neither empty (UTC there, but
// read as another zone elsewhere) nor "Local" (the server's own).
type NewDistrict struct {
	Slug          string `json:"slug" validate:"required,min=2,max=40,slug"`
	Name          string `json:"name" validate:"required,max=100"`
	Timezone      string `json:"timezone" validate:"omitempty,max=64,timezone"`
	AdminUsername string `json:"admin_username" validate:"omitempty,min=3,max=64,username"`
	AdminPassword string `json:"admin_password" validate:"required,password" trim:"no"`
}

// Provisioned is what Provision made.
type Provisioned struct {
	Tenant *ent.Tenant
	Bureau *ent.Org
	Admin  *ent.User
}

// DefaultAdminUsername is the first bureau admin's username when none is
// given.
const DefaultAdminUsername = "bureau.admin"

// Provision creates a district, its bureau (named after the district) and
// its first bureau admin in one transaction, and makes the admin's role take
// effect. Only an operator or the command line provisions; it writes under
// System, as the district has no viewer yet. A slug in use is ErrSlugTaken.
func (s *Service) Provision(ctx context.Context, in NewDistrict) (*Provisioned, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	if err := platform(ctx); err != nil {
		return nil, err
	}
	if in.AdminUsername == "" {
		in.AdminUsername = DefaultAdminUsername
	}
	hash, err := s.HashPassword(ctx, in.AdminPassword)
	if err != nil {
		return nil, err
	}
	sys := policy.System(ctx)
	var p Provisioned
	err = services.InTx(sys, s.client, func(tx *ent.Tx) error {
		t := tx.Tenant.Create().SetSlug(in.Slug).SetName(in.Name)
		if in.Timezone != "" {
			t.SetTimezone(in.Timezone)
		}
		if p.Tenant, err = t.Save(sys); err != nil {
			return err
		}
		if p.Bureau, err = tx.Org.Create().SetTenantID(p.Tenant.ID).SetName(in.Name + "城市管理委员会").
			SetKind(enum.OrgBureau).Save(sys); err != nil {
			return err
		}
		p.Admin, err = AddUser(sys, tx, UserRow{TenantID: p.Tenant.ID, OrgID: p.Bureau.ID, Username: in.AdminUsername,
			PasswordHash: hash, DisplayName: "区城管委管理员", Roles: []string{policy.RoleBureauAdmin}})
		return err
	})
	if ent.IsConstraintError(err) {
		return nil, ErrSlugTaken
	} else if err != nil {
		return nil, err
	}
	return &p, s.reload(ctx)
}

// DistrictPatch is an operator's change to a district (PATCH
// /api/v1/tenants/{id}); nil fields stay as they are.
type DistrictPatch struct {
	Name     *string `json:"name" validate:"omitnil,min=1,max=100"`
	Timezone *string `json:"timezone" validate:"omitnil,max=64,timezone"`
	Disabled *bool   `json:"disabled"`
}

// SettingsPatch is a bureau admin's change to its own district (PATCH
// /api/v1/settings); nil fields stay as they are.
type SettingsPatch struct {
	Name     *string `json:"name" validate:"omitnil,min=1,max=100"`
	Timezone *string `json:"timezone" validate:"omitnil,max=64,timezone"`
	// Days before a deadline to remind (1–60, at most 5, each once), and
	// the local hour (0–23). Open hazards' reminders not yet sent follow.
	ReminderDays []int `json:"reminder_days" validate:"omitempty,max=5,unique,dive,min=1,max=60"`
	ReminderHour *int  `json:"reminder_hour" validate:"omitnil,min=0,max=23"`
}

// ChangeDistrict changes district id if it is still at version (ErrStale
// otherwise). Districts are the operators' to change (the bureau changes
// its own settings: ChangeSettings). Disabling a district
// stops its sign-ins and ends its sessions; enabling it again lays its
// reminders again.
func (s *Service) ChangeDistrict(ctx context.Context, id uuid.UUID, version int64, in DistrictPatch) (*ent.Tenant, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	if err := platform(ctx); err != nil {
		return nil, err
	}
	return s.updateTenant(ctx, id, version, func(u *ent.TenantUpdateOne) {
		setTenantFields(u, in.Name, in.Timezone)
		if in.Disabled != nil {
			u.SetDisabled(*in.Disabled)
		}
	})
}

// ChangeSettings changes the viewer's own district if it is still at
// version (ErrStale otherwise). A new reminder ladder or time zone lays the
// open hazards' reminders not yet sent again.
func (s *Service) ChangeSettings(ctx context.Context, version int64, in SettingsPatch) (*ent.Tenant, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	v, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	return s.updateTenant(ctx, v.TenantID, version, func(u *ent.TenantUpdateOne) {
		setTenantFields(u, in.Name, in.Timezone)
		if in.ReminderDays != nil {
			u.SetReminderDays(in.ReminderDays)
		}
		if in.ReminderHour != nil {
			u.SetReminderHour(*in.ReminderHour)
		}
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

// updateTenant applies set to district id if it is still at version, and
// lays its reminders again when the change calls for it.
func (s *Service) updateTenant(ctx context.Context, id uuid.UUID, version int64, set func(*ent.TenantUpdateOne)) (*ent.Tenant, error) {
	cur, err := s.client.Tenant.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if cur.Version != version {
		return nil, services.ErrStale
	}
	var t *ent.Tenant
	replanned := false
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		u := tx.Tenant.UpdateOneID(id).Where(tenant.Version(version)).AddVersion(1)
		set(u)
		if d, ok := u.Mutation().Disabled(); ok && !d && cur.Disabled {
			u.SetEnabledAt(tokenClock()) // enabled again: tokens issued before the disable stay dead
		}
		if t, err = u.Save(ctx); ent.IsNotFound(err) {
			return services.ErrStale
		} else if err != nil {
			return err
		}
		if t.Disabled && !cur.Disabled {
			if err := s.endSessions(ctx, tx, session.TenantID(t.ID)); err != nil {
				return err
			}
		}
		if !needsReplan(cur, t) {
			return nil
		}
		replanned = true
		return s.replan(ctx, tx, t)
	})
	if err != nil {
		return nil, err
	}
	if replanned {
		s.kick()
	}
	return t, nil
}

// needsReplan tells whether a district's change moves its reminders: a new
// ladder or zone, or the district back from disabled.
func needsReplan(before, after *ent.Tenant) bool {
	sorted := func(days []int) []int { return slices.Sorted(slices.Values(days)) }
	return (before.Disabled && !after.Disabled) || before.Timezone != after.Timezone ||
		before.ReminderHour != after.ReminderHour || !slices.Equal(sorted(before.ReminderDays), sorted(after.ReminderDays))
}
