package accounts

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/session"
	"github.com/hearthsafety/hearth/ent/user"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
)

// CreatableKind is an organisation kind a bureau may create: any but the
// bureau, which a district gets once, when it is provisioned. It is an
// enum.Enum, so the `enum` rule lists exactly these kinds when refusing.
type CreatableKind enum.OrgKind

// Values of CreatableKind: the organisation kinds but the bureau.
func (CreatableKind) Values() []string {
	return slices.DeleteFunc(enum.OrgKind("").Values(), func(k string) bool { return k == string(enum.OrgBureau) })
}

// Valid tells whether k is a kind a bureau may create.
func (k CreatableKind) Valid() bool {
	return enum.OrgKind(k).Valid() && enum.OrgKind(k) != enum.OrgBureau
}

// Label is k in Chinese.
func (k CreatableKind) Label() string { return enum.OrgKind(k).Label() }

// NewOrg is an organisation to create in the viewer's district: a company,
// a street, or a community under one of the district's streets.
type NewOrg struct {
	Name     string        `json:"name" validate:"required,max=100"`
	Kind     CreatableKind `json:"kind" validate:"required,enum"`
	ParentID *uuid.UUID    `json:"parent_id"`
}

// OrgPatch changes an organisation; nil fields stay as they are. Its kind
// never changes.
type OrgPatch struct {
	Name     *string    `json:"name" validate:"omitnil,min=1,max=100"`
	ParentID *uuid.UUID `json:"parent_id"`
}

// CreateOrg creates an organisation in the viewer's district (privacy leaves
// that to the bureau). Names are unique in a district (ErrOrgNameTaken).
func (s *Service) CreateOrg(ctx context.Context, in NewOrg) (*ent.Org, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	kind := enum.OrgKind(in.Kind)
	if err := s.checkParent(ctx, kind, in.ParentID); err != nil {
		return nil, err
	}
	var o *ent.Org
	err := services.InTx(ctx, s.client, func(tx *ent.Tx) (err error) {
		o, err = tx.Org.Create().SetName(in.Name).SetKind(kind).SetNillableParentID(in.ParentID).Save(ctx)
		return err
	})
	if ent.IsConstraintError(err) {
		return nil, ErrOrgNameTaken
	}
	return o, err
}

// ChangeOrg changes organisation id if it is still at version (ErrStale
// otherwise).
func (s *Service) ChangeOrg(ctx context.Context, id uuid.UUID, version int64, in OrgPatch) (*ent.Org, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	cur, err := s.client.Org.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if in.ParentID != nil {
		if err := s.checkParent(ctx, cur.Kind, in.ParentID); err != nil {
			return nil, err
		}
	}
	return s.updateOrg(ctx, cur, version, func(u *ent.OrgUpdateOne) {
		if in.Name != nil {
			u.SetName(*in.Name)
		}
		if in.ParentID != nil {
			u.SetParentID(*in.ParentID)
		}
	})
}

// SetOrgDisabled disables or enables organisation id: a disabled one's
// users cannot sign in, their sessions end (a token held before stays dead
// after an enable), and new records cannot name a disabled company. The
// bureau itself cannot be disabled (ErrBureauDisabled).
func (s *Service) SetOrgDisabled(ctx context.Context, id uuid.UUID, disabled bool) (*ent.Org, error) {
	cur, err := s.client.Org.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if cur.Kind == enum.OrgBureau {
		return nil, ErrBureauDisabled
	}
	if cur.Disabled == disabled {
		return cur, nil
	}
	return s.updateOrg(ctx, cur, cur.Version, func(u *ent.OrgUpdateOne) {
		u.SetDisabled(disabled)
		if !disabled { // its users' tokens issued before the disable stay dead
			u.SetEnabledAt(tokenClock())
		}
	})
}

// checkParent holds a community to a street of the same district, and any
// other organisation to no parent.
func (s *Service) checkParent(ctx context.Context, kind enum.OrgKind, parent *uuid.UUID) error {
	if kind != enum.OrgCommunity {
		if parent != nil {
			return services.Invalid(services.Field("parent_id", "only a community has a parent"))
		}
		return nil
	}
	if parent == nil {
		return services.Invalid(services.Field("parent_id", "a community needs its street"))
	}
	p, err := s.client.Org.Get(ctx, *parent)
	if ent.IsNotFound(err) || (err == nil && p.Kind != enum.OrgStreet) {
		return services.Invalid(services.Field("parent_id", "must be a street of this district"))
	}
	return err
}

// updateOrg applies set to the organisation if it is still at version.
func (s *Service) updateOrg(ctx context.Context, cur *ent.Org, version int64, set func(*ent.OrgUpdateOne)) (*ent.Org, error) {
	if cur.Version != version {
		return nil, services.ErrStale
	}
	var o *ent.Org
	err := services.InTx(ctx, s.client, func(tx *ent.Tx) (err error) {
		u := tx.Org.UpdateOneID(cur.ID).Where(org.Version(version)).AddVersion(1)
		set(u)
		o, err = u.Save(ctx)
		if ent.IsNotFound(err) {
			return services.ErrStale // it exists (we read it): someone changed it first
		} else if err != nil {
			return err
		}
		if !o.Disabled || cur.Disabled {
			return nil
		}
		ids, err := tx.User.Query().Where(user.OrgID(o.ID)).IDs(policy.System(ctx))
		if err != nil {
			return err
		}
		return s.endSessions(ctx, tx, session.AccountIDIn(ids...))
	})
	if ent.IsConstraintError(err) {
		return nil, ErrOrgNameTaken
	}
	return o, err
}
