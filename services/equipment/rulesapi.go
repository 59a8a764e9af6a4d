package equipment

import (
	"context"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/inspectionrule"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
)

// RuleView is a district's effective rule, as GET /inspection_rules shows
// it: overridden by the district or the statutory default, with labels.
type RuleView struct {
	Rule
	KindLabel      string `json:"equipment_kind_label"`
	TypeLabel      string `json:"type_label"`
	ReadinessLabel string `json:"readiness_label"`
	Overridden     bool   `json:"overridden"`
	// Default is the statutory rule an override replaces.
	Default *RuleRef `json:"default,omitempty"`
}

// RuleRef is a rule's cycle, as the statutory default gives it.
type RuleRef struct {
	IntervalMonths int                `json:"interval_months"`
	FirstMonths    *int               `json:"first_months"`
	GradeMonths    []int              `json:"grade_months,omitempty"`
	LeadDays       int                `json:"lead_days"`
	Readiness      enum.ReadinessTest `json:"readiness" enum:"ReadinessTest"`
	Enabled        bool               `json:"enabled"`
	Basis          string             `json:"basis"`
}

// Rules are the effective rules of the viewer's district.
func (s *Service) Rules(ctx context.Context) ([]RuleView, error) {
	v := policy.FromContext(ctx)
	overrides, err := s.client.InspectionRule.Query().Where(inspectionrule.TenantID(v.TenantID)).All(ctx)
	if err != nil {
		return nil, err
	}
	var out []RuleView
	for _, r := range Effective(overrides) {
		rv := RuleView{Rule: r, KindLabel: r.Kind.Label(), TypeLabel: r.Type.Label(), ReadinessLabel: r.Readiness.Label()}
		for _, o := range overrides {
			if o.EquipmentKind == r.Kind && o.Type == r.Type {
				rv.Overridden = true
			}
		}
		for _, d := range Defaults {
			if rv.Overridden && d.Kind == r.Kind && d.Type == r.Type {
				rv.Default = &RuleRef{IntervalMonths: d.IntervalMonths, FirstMonths: d.FirstMonths, GradeMonths: d.GradeMonths,
					LeadDays: d.LeadDays, Readiness: d.Readiness, Enabled: d.Enabled, Basis: d.Basis}
			}
		}
		out = append(out, rv)
	}
	return out, nil
}

// RuleInput is a district's override of one rule.
type RuleInput struct {
	IntervalMonths int                `json:"interval_months" validate:"min=0,max=120"`
	FirstMonths    *int               `json:"first_months" validate:"omitnil,min=0,max=120"`
	GradeMonths    []int              `json:"grade_months" validate:"omitempty,len=5,dive,min=0,max=120"`
	LeadDays       int                `json:"lead_days" validate:"min=0,max=365"`
	Readiness      enum.ReadinessTest `json:"readiness" validate:"required,enum"`
	Enabled        bool               `json:"enabled"`
	Basis          string             `json:"basis" validate:"max=200"`
}

// checkPair holds a rule's kind and type to their enums.
func checkPair(kind enum.EquipmentKind, typ enum.InspectionType) error {
	var bad []services.FieldError
	if !kind.Valid() {
		bad = append(bad, services.Field("equipment_kind", "is not a kind of equipment"))
	}
	if !typ.Valid() {
		bad = append(bad, services.Field("type", "is not an inspection type"))
	}
	if len(bad) > 0 {
		return services.Invalid(bad...)
	}
	return nil
}

// SetRule overrides the rule kind × type for the bureau's district and
// brings the clocks of every unit of that kind in line, in batches, in the
// same transaction.
func (s *Service) SetRule(ctx context.Context, kind enum.EquipmentKind, typ enum.InspectionType, in RuleInput) (RuleView, error) {
	v := policy.FromContext(ctx)
	if v.Scope() != policy.ScopeDistrict {
		return RuleView{}, services.ErrForbidden
	}
	if err := checkPair(kind, typ); err != nil {
		return RuleView{}, err
	}
	if err := services.Check(&in); err != nil {
		return RuleView{}, err
	}
	err := s.changeRule(ctx, kind, func(tx *ent.Tx) error {
		cur, err := tx.InspectionRule.Query().Where(inspectionrule.EquipmentKindEQ(kind), inspectionrule.TypeEQ(typ)).Only(ctx)
		switch {
		case ent.IsNotFound(err):
			return tx.InspectionRule.Create().SetEquipmentKind(kind).SetType(typ).SetIntervalMonths(in.IntervalMonths).
				SetNillableFirstMonths(in.FirstMonths).SetGradeMonths(in.GradeMonths).SetLeadDays(in.LeadDays).
				SetReadiness(in.Readiness).SetEnabled(in.Enabled).SetBasis(in.Basis).Exec(ctx)
		case err != nil:
			return err
		}
		u := tx.InspectionRule.UpdateOneID(cur.ID).AddVersion(1).SetIntervalMonths(in.IntervalMonths).
			SetGradeMonths(in.GradeMonths).SetLeadDays(in.LeadDays).SetReadiness(in.Readiness).
			SetEnabled(in.Enabled).SetBasis(in.Basis)
		if in.FirstMonths == nil {
			u.ClearFirstMonths()
		} else {
			u.SetFirstMonths(*in.FirstMonths)
		}
		return u.Exec(ctx)
	})
	if err != nil {
		return RuleView{}, err
	}
	return s.ruleView(ctx, kind, typ)
}

// ResetRule drops the district's override of kind × type: the default
// holds again, and the clocks follow.
func (s *Service) ResetRule(ctx context.Context, kind enum.EquipmentKind, typ enum.InspectionType) error {
	v := policy.FromContext(ctx)
	if v.Scope() != policy.ScopeDistrict {
		return services.ErrForbidden
	}
	if err := checkPair(kind, typ); err != nil {
		return err
	}
	return s.changeRule(ctx, kind, func(tx *ent.Tx) error {
		cur, err := tx.InspectionRule.Query().Where(inspectionrule.EquipmentKindEQ(kind), inspectionrule.TypeEQ(typ)).Only(ctx)
		if ent.IsNotFound(err) {
			return nil // nothing overridden: the default holds already
		}
		if err != nil {
			return err
		}
		return tx.InspectionRule.DeleteOneID(cur.ID).Exec(ctx)
	})
}

func (s *Service) ruleView(ctx context.Context, kind enum.EquipmentKind, typ enum.InspectionType) (RuleView, error) {
	all, err := s.Rules(ctx)
	if err != nil {
		return RuleView{}, err
	}
	for _, r := range all {
		if r.Kind == kind && r.Type == typ {
			return r, nil
		}
	}
	return RuleView{}, services.ErrNotFound
}

// reclockBatch is how many units a rule change re-clocks at a time.
const reclockBatch = 1000

// changeRule runs change, then re-clocks every unit of kind in the
// district with the rules as they are after it, all in one transaction.
func (s *Service) changeRule(ctx context.Context, kind enum.EquipmentKind, change func(tx *ent.Tx) error) error {
	v := policy.FromContext(ctx)
	r, err := s.reconciler(ctx, v.TenantID)
	if err != nil {
		return err
	}
	r.planAll = false
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if err := change(tx); err != nil {
			return err
		}
		sys := policy.System(ctx)
		overrides, err := tx.InspectionRule.Query().Where(inspectionrule.TenantID(v.TenantID)).All(sys)
		if err != nil {
			return err
		}
		r.rules = Effective(overrides)
		return eachBatch(sys, tx.Equipment.Query().Where(equipment.TenantID(v.TenantID), equipment.KindEQ(kind)),
			reclockBatch, func(eqs []*ent.Equipment) error { return r.run(ctx, tx, eqs) })
	})
	if err == nil {
		s.engine.Kick()
	}
	return err
}

// eachBatch reads q's units by id, n at a time.
func eachBatch(ctx context.Context, q *ent.EquipmentQuery, n int, fn func([]*ent.Equipment) error) error {
	var after *ent.Equipment
	for {
		qq := q.Clone()
		if after != nil {
			qq.Where(equipment.IDGT(after.ID))
		}
		eqs, err := qq.Order(ent.Asc(equipment.FieldID)).Limit(n).All(ctx)
		if err != nil {
			return err
		}
		if len(eqs) == 0 {
			return nil
		}
		after = eqs[len(eqs)-1]
		if err := fn(eqs); err != nil {
			return err
		}
		if len(eqs) < n {
			return nil
		}
	}
}
