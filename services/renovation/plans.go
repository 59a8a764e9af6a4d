package renovation

import (
	"context"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/renovationplan"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/services"
)

// PlanInput is the year's plan (年度改造计划), as the bureau records it.
type PlanInput struct {
	Year         int                        `json:"year" validate:"required,min=2000,max=2100"`
	Name         string                     `json:"name" validate:"required,max=100"`
	TargetKm     float64                    `json:"target_km" validate:"min=0,max=100000"`
	TargetPoints int                        `json:"target_points" validate:"min=0,max=1000000"`
	CompanyIDs   []uuid.UUID                `json:"company_ids" validate:"max=50"`
	DueOn        string                     `json:"due_on" validate:"required,date"`
	Basis        string                     `json:"basis" validate:"max=500"`
	Status       *enum.RenovationPlanStatus `json:"status" validate:"omitnil,enum"`
	Note         string                     `json:"note" validate:"max=2000"`
}

// PlanPatch changes a plan; nil leaves a field as it is.
type PlanPatch struct {
	Name         *string                    `json:"name" validate:"omitnil,min=1,max=100"`
	TargetKm     *float64                   `json:"target_km" validate:"omitnil,min=0,max=100000"`
	TargetPoints *int                       `json:"target_points" validate:"omitnil,min=0,max=1000000"`
	CompanyIDs   *[]uuid.UUID               `json:"company_ids" validate:"omitnil,max=50"`
	DueOn        *string                    `json:"due_on" validate:"omitnil,date"`
	Basis        *string                    `json:"basis" validate:"omitnil,max=500"`
	Status       *enum.RenovationPlanStatus `json:"status" validate:"omitnil,enum"`
	Note         *string                    `json:"note" validate:"omitnil,max=2000"`
}

// checkCompanies holds a plan's implementing companies to the district's
// enabled gas companies.
func (s *Service) checkCompanies(ctx context.Context, ids []uuid.UUID) error {
	if len(ids) == 0 {
		return nil
	}
	n, err := s.client.Org.Query().Where(org.IDIn(ids...), org.KindEQ(enum.OrgGasCompany), org.Disabled(false)).Count(ctx)
	if err != nil {
		return err
	}
	if n != len(uniq(ids)) {
		return services.Invalid(services.Field("company_ids", "每个实施单位都须是本区在用的燃气企业"))
	}
	return nil
}

func uniq(ids []uuid.UUID) []uuid.UUID {
	seen := map[uuid.UUID]bool{}
	var out []uuid.UUID
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// CreatePlan records the year's plan: one a year in the district (the
// unique index refuses a second with 409).
func (s *Service) CreatePlan(ctx context.Context, in PlanInput) (*ent.RenovationPlan, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	in.CompanyIDs = uniq(in.CompanyIDs)
	if err := s.checkCompanies(ctx, in.CompanyIDs); err != nil {
		return nil, err
	}
	var p *ent.RenovationPlan
	err := services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		var err error
		c := tx.RenovationPlan.Create().SetYear(in.Year).SetName(in.Name).SetTargetKm(in.TargetKm).
			SetTargetPoints(in.TargetPoints).SetCompanyIds(in.CompanyIDs).SetDueOn(in.DueOn).SetBasis(in.Basis).
			SetNote(in.Note).SetNillableStatus(in.Status)
		p, err = c.Save(ctx)
		if ent.IsConstraintError(err) {
			return services.Errorf(services.KindConflict, "plan_exists", "本区 %d 年的燃气旧管网改造计划已存在，不能重复创建", in.Year)
		}
		return err
	})
	return p, err
}

// PatchPlan changes the plan id at version.
func (s *Service) PatchPlan(ctx context.Context, id uuid.UUID, version int64, in PlanPatch) (*ent.RenovationPlan, error) {
	if _, err := s.client.RenovationPlan.Get(ctx, id); err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	if in.CompanyIDs != nil {
		ids := uniq(*in.CompanyIDs)
		in.CompanyIDs = &ids
		if err := s.checkCompanies(ctx, ids); err != nil {
			return nil, err
		}
	}
	var p *ent.RenovationPlan
	err := services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		u := tx.RenovationPlan.UpdateOneID(id).Where(renovationplan.Version(version)).AddVersion(1).
			SetNillableName(in.Name).SetNillableTargetKm(in.TargetKm).SetNillableTargetPoints(in.TargetPoints).
			SetNillableDueOn(in.DueOn).SetNillableBasis(in.Basis).SetNillableStatus(in.Status).SetNillableNote(in.Note)
		if in.CompanyIDs != nil {
			u.SetCompanyIds(*in.CompanyIDs)
		}
		var err error
		if p, err = u.Save(ctx); ent.IsNotFound(err) {
			return services.ErrStale
		}
		return err
	})
	return p, err
}

// PlanOfYear is the district's plan of year.
func (s *Service) PlanOfYear(ctx context.Context, year int) (*ent.RenovationPlan, error) {
	return s.client.RenovationPlan.Query().Where(renovationplan.Year(year)).Only(ctx)
}
