package accounts

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/ent/user"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
)

// NewUser is a user to create in the viewer's district, with one or two
// roles its organisation's kind allows.
type NewUser struct {
	Username    string    `json:"username" validate:"required,min=3,max=64,username"`
	Password    string    `json:"password" validate:"required,password" trim:"no"`
	DisplayName string    `json:"display_name" validate:"max=100"`
	OrgID       uuid.UUID `json:"org_id" validate:"required"`
	Roles       []string  `json:"roles" validate:"required,min=1,max=2,dive,required" enum:"DistrictRole"`
}

// UserPatch changes a user; nil fields stay as they are. A new password
// ends the user's sessions.
type UserPatch struct {
	DisplayName *string   `json:"display_name" validate:"omitnil,max=100"`
	Password    *string   `json:"password" validate:"omitnil,password" trim:"no"`
	Roles       *[]string `json:"roles" validate:"omitnil,min=1,max=2,dive,required" enum:"DistrictRole"`
}

// CreateUser creates a user with its roles in the viewer's district and
// makes the roles take effect on every replica. A company admin adds users
// to its own company only (ErrOtherCompany) and grants company roles only;
// users belong to the bureau, a company or a street, never a community.
func (s *Service) CreateUser(ctx context.Context, in NewUser) (*ent.User, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	v, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	if v.Scope() == policy.ScopeCompany && in.OrgID != v.OrgID {
		return nil, ErrOtherCompany
	}
	o, err := s.client.Org.Get(ctx, in.OrgID)
	if ent.IsNotFound(err) {
		return nil, errNoSuchOrgForUser
	} else if err != nil {
		return nil, err
	}
	if o.Kind == enum.OrgCommunity {
		return nil, services.Invalid(services.Field("org_id", "users belong to the bureau, a company or a street, not a community"))
	}
	if err := checkRoles(v, o.Kind, in.Roles); err != nil {
		return nil, err
	}
	hash, err := s.HashPassword(ctx, in.Password)
	if err != nil {
		return nil, err
	}
	var u *ent.User
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) (err error) {
		u, err = AddUser(ctx, tx, UserRow{TenantID: v.TenantID, OrgID: o.ID, Username: in.Username,
			PasswordHash: hash, DisplayName: in.DisplayName, Roles: in.Roles})
		return err
	})
	if ent.IsConstraintError(err) {
		return nil, ErrUsernameTaken
	} else if err != nil {
		return nil, err
	}
	return u, s.reload(ctx)
}

// ChangeUser changes user id if it is still at version (ErrStale
// otherwise). Nobody changes their own roles (ErrOwnRoles); new roles take
// effect on every replica, and a new password ends the user's sessions.
func (s *Service) ChangeUser(ctx context.Context, id uuid.UUID, version int64, in UserPatch) (*ent.User, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	v, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := s.client.User.Query().Where(user.ID(id)).WithOrg().Only(ctx)
	if err != nil {
		return nil, err
	}
	if in.Roles != nil {
		if err := checkRoles(v, cur.Edges.Org.Kind, *in.Roles); err != nil {
			return nil, err
		}
		if cur.ID == v.UserID && !slices.Equal(slices.Sorted(slices.Values(*in.Roles)), v.Roles) {
			return nil, ErrOwnRoles
		}
	}
	if cur.Version != version {
		return nil, services.ErrStale
	}
	var hash string
	if in.Password != nil {
		if hash, err = s.HashPassword(ctx, *in.Password); err != nil {
			return nil, err
		}
	}
	return s.updateUser(ctx, cur, version, func(u *ent.UserUpdateOne) {
		if in.DisplayName != nil {
			u.SetDisplayName(*in.DisplayName)
		}
		if in.Password != nil {
			u.SetPasswordHash(hash).AddTokenVersion(1) // old sessions end
		}
	}, in.Roles)
}

// SetUserDisabled disables or enables user id. Disabling ends the user's
// sessions at once; nobody disables themselves (ErrDisableSelf).
func (s *Service) SetUserDisabled(ctx context.Context, id uuid.UUID, disabled bool) (*ent.User, error) {
	v, err := viewer(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := s.client.User.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if cur.ID == v.UserID {
		return nil, ErrDisableSelf
	}
	if cur.Disabled == disabled {
		return cur, nil
	}
	return s.updateUser(ctx, cur, cur.Version, func(u *ent.UserUpdateOne) {
		u.SetDisabled(disabled)
		if disabled {
			u.AddTokenVersion(1)
		}
	}, nil)
}

// checkRoles holds the roles granted to what the granting viewer may hand out
// (a company admin grants company roles only: forbidden otherwise, decided
// before the roles' validity) and to what the organisation's kind allows.
func checkRoles(v *policy.Viewer, kind enum.OrgKind, roles []string) error {
	if v.Scope() != policy.ScopeDistrict {
		for _, r := range roles {
			if !slices.Contains(policy.RolesForKind(enum.OrgGasCompany), r) {
				return services.ErrForbidden
			}
		}
	}
	allowed := policy.RolesForKind(kind)
	for _, r := range roles {
		if !slices.Contains(allowed, r) {
			return services.Invalid(services.Field("roles", "a "+string(kind)+" user may hold only: "+strings.Join(allowed, ", ")))
		}
	}
	if dup := slices.Compact(slices.Sorted(slices.Values(roles))); len(dup) != len(roles) {
		return services.Invalid(services.Field("roles", "lists a role twice"))
	}
	return nil
}

// updateUser applies set (and roles, when given) if the user is still at
// version, then makes new roles take effect.
func (s *Service) updateUser(ctx context.Context, cur *ent.User, version int64, set func(*ent.UserUpdateOne), roles *[]string) (*ent.User, error) {
	if cur.Version != version {
		return nil, services.ErrStale
	}
	var u *ent.User
	err := services.InTx(ctx, s.client, func(tx *ent.Tx) (err error) {
		up := tx.User.UpdateOneID(cur.ID).Where(user.Version(version)).AddVersion(1)
		set(up)
		if u, err = up.Save(ctx); ent.IsNotFound(err) {
			return services.ErrStale
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
		return u, s.reload(ctx)
	}
	return u, nil
}

// UserRow is a user as AddUser writes it: the password already hashed, the
// roles already checked.
type UserRow struct {
	TenantID, OrgID        uuid.UUID
	Username, PasswordHash string
	DisplayName            string
	Roles                  []string
}

// AddUser writes a user and grants its roles inside tx, auditing both. It
// checks no rule: CreateUser does, and seeds, whose data is fixed, call it
// in their own transaction. The caller reloads Authz after the commit.
func AddUser(ctx context.Context, tx *ent.Tx, r UserRow) (*ent.User, error) {
	u, err := tx.User.Create().SetTenantID(r.TenantID).SetOrgID(r.OrgID).SetUsername(r.Username).
		SetPasswordHash(r.PasswordHash).SetDisplayName(r.DisplayName).Save(ctx)
	if err != nil {
		return nil, err
	}
	return u, setRoles(ctx, tx, u, r.Roles)
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

// UserPassword is a district user's new password, set by whoever runs the
// platform (`hearth user set-password`).
type UserPassword struct {
	Tenant   string `json:"tenant" validate:"required,max=64"`
	Username string `json:"username" validate:"required,max=64"`
	Password string `json:"password" validate:"required,password" trim:"no"`
}

// SetPasswordBySystem gives a district user a new password: the way back
// in for someone who lost theirs and has no admin to ask (the demo bureau
// admin of a first run). It holds the password to the API's rules, writes
// it as a password change through the API does (audited, password
// redacted) and ends the user's sessions: every token issued before it
// carries the old token version. Only an operator or the command line sets
// one; an unknown district or user is KindNotFound, named in Chinese and
// English.
func (s *Service) SetPasswordBySystem(ctx context.Context, in UserPassword) (*ent.User, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	if err := platform(ctx); err != nil {
		return nil, err
	}
	sys := policy.System(ctx)
	t, err := s.client.Tenant.Query().Where(tenant.Slug(in.Tenant)).Only(sys)
	if ent.IsNotFound(err) {
		return nil, services.Errorf(services.KindNotFound, "not_found",
			"没有标识为 %q 的区 (no district has the slug %q)", in.Tenant, in.Tenant)
	} else if err != nil {
		return nil, err
	}
	cur, err := s.client.User.Query().Where(user.TenantID(t.ID), user.Username(in.Username)).Only(sys)
	if ent.IsNotFound(err) {
		return nil, services.Errorf(services.KindNotFound, "not_found",
			"%s（%s）没有用户名为 %q 的用户 (district %s has no user %q)", t.Name, t.Slug, in.Username, t.Slug, in.Username)
	} else if err != nil {
		return nil, err
	}
	hash, err := s.HashPassword(ctx, in.Password)
	if err != nil {
		return nil, err
	}
	return s.updateUser(sys, cur, cur.Version, func(u *ent.UserUpdateOne) {
		u.SetPasswordHash(hash).AddTokenVersion(1) // old sessions end
	}, nil)
}
