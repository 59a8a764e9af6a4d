package alarms

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/alarmtarget"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/predicate"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
)

func orgGasCompanies(ids []uuid.UUID) []predicate.Org {
	return []predicate.Org{org.IDIn(uniq(ids)...), org.KindEQ(enum.OrgGasCompany)}
}

// TargetInput is one target, as PUT /alarm_campaigns/{id}/targets lists
// them and POST gives one: a community (its street follows), a gas
// company, a user type, and the counts.
type TargetInput struct {
	CommunityID       uuid.UUID     `json:"community_id" validate:"required"`
	CompanyID         uuid.UUID     `json:"company_id" validate:"required"`
	UserType          enum.UserType `json:"user_type" validate:"required,enum"`
	TargetCount       int           `json:"target_count" validate:"min=0,max=10000000"`
	BaselineInstalled int           `json:"baseline_installed" validate:"min=0,max=10000000"`
	SpecialTarget     int           `json:"special_target" validate:"min=0,max=10000000"`
	Note              string        `json:"note" validate:"max=500"`
}

// TargetsInput is the bulk form: every target to set.
type TargetsInput struct {
	Targets []TargetInput `json:"targets" validate:"required,min=1,max=5000,dive"`
}

// MaxTargets caps the targets one request sets.
const MaxTargets = 5000

// SetTargets sets targets of the campaign id in one transaction, upserted
// on (community, company, user type): a new key is created, a known one
// changed. A changed count clears the street's confirmation: the street
// confirms the new one. It answers the targets set, in the order given.
func (s *Service) SetTargets(ctx context.Context, id uuid.UUID, in []TargetInput) ([]*ent.AlarmTarget, error) {
	if err := bureauOnly(policy.FromContext(ctx)); err != nil {
		return nil, err
	}
	c, err := s.client.AlarmCampaign.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := services.Check(&TargetsInput{Targets: in}); err != nil {
		return nil, err
	}
	places := accounts.NewPlaces(s.client)
	if err := places.Preload(ctx); err != nil {
		return nil, err
	}
	known := map[uuid.UUID]*ent.Org{}
	for _, o := range places.Known() {
		known[o.ID] = o
	}
	type key struct {
		comm, company uuid.UUID
		ut            enum.UserType
	}
	seen := map[key]int{}
	var bad []services.FieldError
	streets := make([]uuid.UUID, len(in))
	for i, t := range in {
		f := func(field, msg string) {
			bad = append(bad, services.Field(fmt.Sprintf("targets[%d].%s", i, field), msg))
		}
		if co := known[t.CommunityID]; co == nil || co.Kind != enum.OrgCommunity || co.ParentID == nil {
			f("community_id", "must be a community of this district")
		} else {
			streets[i] = *co.ParentID
		}
		if g := known[t.CompanyID]; g == nil || g.Kind != enum.OrgGasCompany {
			f("company_id", "must be a gas company of this district")
		} else if len(c.CompanyIds) > 0 && !containsID(c.CompanyIds, t.CompanyID) {
			f("company_id", "is not one of the campaign's companies")
		}
		if !scopeHas(c.Scope, t.UserType) {
			f("user_type", "is not covered by the campaign's scope ("+c.Scope.Label()+")")
		}
		if t.SpecialTarget > t.TargetCount {
			f("special_target", "cannot exceed target_count")
		}
		k := key{t.CommunityID, t.CompanyID, t.UserType}
		if j, dup := seen[k]; dup {
			f("community_id", fmt.Sprintf("targets[%d] has the same community, company and user type", j))
		}
		seen[k] = i
	}
	if len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	out := make([]*ent.AlarmTarget, len(in))
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		cur, err := tx.AlarmTarget.Query().Where(alarmtarget.CampaignID(id)).All(ctx)
		if err != nil {
			return err
		}
		have := map[key]*ent.AlarmTarget{}
		for _, t := range cur {
			have[key{t.CommunityID, t.CompanyID, t.UserType}] = t
		}
		var creates []*ent.AlarmTargetCreate
		var at []int
		for i, t := range in {
			if old := have[key{t.CommunityID, t.CompanyID, t.UserType}]; old != nil {
				if old.TargetCount == t.TargetCount && old.BaselineInstalled == t.BaselineInstalled &&
					old.SpecialTarget == t.SpecialTarget && old.Note == t.Note {
					out[i] = old // unchanged
					continue
				}
				u := tx.AlarmTarget.UpdateOneID(old.ID).Where(alarmtarget.Version(old.Version)).AddVersion(1).
					SetTargetCount(t.TargetCount).SetBaselineInstalled(t.BaselineInstalled).
					SetSpecialTarget(t.SpecialTarget).SetNote(t.Note)
				if old.TargetCount != t.TargetCount || old.SpecialTarget != t.SpecialTarget {
					u.ClearConfirmedAt().SetConfirmedByName("")
				}
				if out[i], err = u.Save(ctx); ent.IsNotFound(err) {
					return services.ErrStale
				} else if err != nil {
					return err
				}
				continue
			}
			creates = append(creates, tx.AlarmTarget.Create().SetCampaignID(id).SetCommunityID(t.CommunityID).
				SetStreetID(streets[i]).SetCompanyID(t.CompanyID).SetUserType(t.UserType).
				SetTargetCount(t.TargetCount).SetBaselineInstalled(t.BaselineInstalled).
				SetSpecialTarget(t.SpecialTarget).SetNote(t.Note))
			at = append(at, i)
		}
		for lo := 0; lo < len(creates); lo += 500 {
			hi := min(lo+500, len(creates))
			made, err := tx.AlarmTarget.CreateBulk(creates[lo:hi]...).Save(ctx)
			if err != nil {
				return err
			}
			for j, m := range made {
				out[at[lo+j]] = m
			}
		}
		return nil
	})
	if ent.IsConstraintError(err) {
		return nil, services.Errorf(services.KindConflict, "conflict", "目标已被同时修改，请刷新后重试 (the targets changed meanwhile; read them again)")
	}
	return out, err
}

func containsID(ids []uuid.UUID, id uuid.UUID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// scopeHas tells whether a campaign of scope covers ut.
func scopeHas(scope enum.CampaignScope, ut enum.UserType) bool {
	for _, x := range UserTypesOf(scope) {
		if x == ut {
			return true
		}
	}
	return false
}

// GetTarget reads the target tid of the campaign id in the viewer's scope.
func (s *Service) GetTarget(ctx context.Context, id, tid uuid.UUID) (*ent.AlarmTarget, error) {
	return s.client.AlarmTarget.Query().Where(alarmtarget.ID(tid), alarmtarget.CampaignID(id)).Only(ctx)
}

// streetOnly refuses a confirmation by anyone but a street office.
func streetOnly(v *policy.Viewer) error {
	if v == nil || v.Scope() != policy.ScopeStreet {
		return services.ErrForbidden
	}
	return nil
}

// ConfirmTarget confirms the target tid of the campaign id as the street
// office it lies in; a target confirmed already is answered as it is.
func (s *Service) ConfirmTarget(ctx context.Context, id, tid uuid.UUID) (*ent.AlarmTarget, error) {
	v := policy.FromContext(ctx)
	if err := streetOnly(v); err != nil {
		return nil, err
	}
	t, err := s.GetTarget(ctx, id, tid)
	if err != nil {
		return nil, err
	}
	if t.ConfirmedAt != nil {
		return t, nil
	}
	var out *ent.AlarmTarget
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		out, err = tx.AlarmTarget.UpdateOneID(t.ID).Where(alarmtarget.Version(t.Version)).AddVersion(1).
			SetConfirmedAt(s.now()).SetConfirmedByName(personName(v)).Save(ctx)
		if ent.IsNotFound(err) {
			return services.ErrStale
		}
		return err
	})
	return out, err
}

// ConfirmAll confirms every target of the campaign id in the viewer's
// street not confirmed yet; it answers how many it confirmed.
func (s *Service) ConfirmAll(ctx context.Context, id uuid.UUID) (int, error) {
	v := policy.FromContext(ctx)
	if err := streetOnly(v); err != nil {
		return 0, err
	}
	if _, err := s.client.AlarmCampaign.Get(ctx, id); err != nil {
		return 0, err
	}
	n := 0
	err := services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		ts, err := tx.AlarmTarget.Query().Where(alarmtarget.CampaignID(id), alarmtarget.ConfirmedAtIsNil()).All(ctx)
		if err != nil {
			return err
		}
		at := s.now()
		for _, t := range ts {
			if err := tx.AlarmTarget.UpdateOneID(t.ID).Where(alarmtarget.Version(t.Version)).AddVersion(1).
				SetConfirmedAt(at).SetConfirmedByName(personName(v)).Exec(ctx); ent.IsNotFound(err) {
				return services.ErrStale
			} else if err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
