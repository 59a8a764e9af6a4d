package readiness

import (
	"context"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	entequipment "github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/inspectionclock"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/predicate"
	"github.com/hearthsafety/hearth/ent/readinessitem"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/equipment"
)

// PlanInput opens a company's plan for a season: a company its own, the
// bureau the heating company it names.
type PlanInput struct {
	SeasonID  uuid.UUID  `json:"season_id" validate:"required"`
	CompanyID *uuid.UUID `json:"company_id"`
}

// CreatePlan opens the plan of a company for a season and generates its
// items from the register, in one transaction. A second plan of the same
// company and season is refused by the unique index (409).
func (s *Service) CreatePlan(ctx context.Context, in PlanInput) (*ent.ReadinessPlan, int, error) {
	if err := services.Check(&in); err != nil {
		return nil, 0, err
	}
	v := policy.FromContext(ctx)
	company := v.OrgID
	switch {
	case v.Scope() == policy.ScopeCompany:
		if in.CompanyID != nil && *in.CompanyID != v.OrgID {
			return nil, 0, services.Invalid(services.Field("company_id", "a company opens its own plan only"))
		}
	case in.CompanyID == nil:
		return nil, 0, services.Invalid(services.Field("company_id", "is required"))
	default:
		company = *in.CompanyID
		o, err := s.client.Org.Query().Where(org.ID(company)).Only(ctx)
		if ent.IsNotFound(err) || (err == nil && (o.Kind != enum.OrgHeatingCompany || o.Disabled)) {
			return nil, 0, services.Invalid(services.Field("company_id", "must be an enabled heating company of the district"))
		} else if err != nil {
			return nil, 0, err
		}
	}
	se, err := s.client.Season.Get(ctx, in.SeasonID)
	if ent.IsNotFound(err) {
		return nil, 0, services.Invalid(services.Field("season_id", "no such season"))
	} else if err != nil {
		return nil, 0, err
	}
	pl, err := s.planner(ctx, v.TenantID)
	if err != nil {
		return nil, 0, err
	}
	var (
		p *ent.ReadinessPlan
		n int
	)
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		p, err = tx.ReadinessPlan.Create().SetSeasonID(se.ID).SetCompanyID(company).Save(ctx)
		if ent.IsConstraintError(err) {
			return services.Errorf(services.KindConflict, "plan_exists",
				"该供热企业 %s 采暖季的冬病夏治任务清单已存在，不能重复创建", se.Code)
		} else if err != nil {
			return err
		}
		if err := event(tx, v, p, nil, "create", "", string(p.Status), "", nil).Exec(ctx); err != nil {
			return err
		}
		n, err = s.generate(ctx, tx, v, pl, p, se)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	s.engine.Kick()
	return p, n, nil
}

// Generate adds to the plan id the items the register asks for that it
// does not have yet (by source key), and tells how many it added.
func (s *Service) Generate(ctx context.Context, id uuid.UUID) (*ent.ReadinessPlan, int, error) {
	p, err := s.client.ReadinessPlan.Get(ctx, id)
	if err != nil {
		return nil, 0, err
	}
	if p.Status != enum.PlanInProgress && p.Status != enum.PlanRejected {
		return nil, 0, planError(p, "只有进行中的任务清单可以从设备台账补充任务")
	}
	se, err := s.client.Season.Get(ctx, p.SeasonID)
	if err != nil {
		return nil, 0, err
	}
	v := policy.FromContext(ctx)
	pl, err := s.planner(ctx, v.TenantID)
	if err != nil {
		return nil, 0, err
	}
	var n int
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if p, err = lockPlan(ctx, tx, id); err != nil {
			return err
		}
		n, err = s.generate(ctx, tx, v, pl, p, se)
		return err
	})
	if err != nil {
		return nil, 0, err
	}
	s.engine.Kick()
	return p, n, nil
}

// registerClocks are the statutory clocks of a company's units in scope
// (in service or on standby), with their units' names and places.
func registerClocks(ctx context.Context, c *ent.Client, company uuid.UUID) ([]Clock, error) {
	cs, err := c.InspectionClock.Query().Where(inspectionclock.CompanyID(company),
		inspectionclock.HasEquipmentWith(entequipment.StatusIn(equipment.ScopeStatuses...))).
		WithEquipment(func(q *ent.EquipmentQuery) {
			q.Select(entequipment.FieldID, entequipment.FieldName, entequipment.FieldKind, entequipment.FieldSiteID, entequipment.FieldStatus)
		}).Order(ent.Asc(inspectionclock.FieldEquipmentID), ent.Asc(inspectionclock.FieldType)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Clock, 0, len(cs))
	for _, k := range cs {
		e := k.Edges.Equipment
		if e == nil || !equipment.InScope(e.Status) {
			continue
		}
		out = append(out, Clock{EquipmentID: e.ID, EquipmentName: e.Name, Kind: e.Kind, SiteID: e.SiteID,
			StreetID: k.StreetID, Type: k.Type, Due: k.DueOn, Readiness: k.Readiness})
	}
	return out, nil
}

// generate adds the register's missing items to p in tx.
func (s *Service) generate(ctx context.Context, tx *ent.Tx, v *policy.Viewer, pl planner, p *ent.ReadinessPlan, se *ent.Season) (int, error) {
	clocks, err := registerClocks(ctx, tx.Client(), p.CompanyID)
	if err != nil {
		return 0, err
	}
	want := Needed(clocks, DatesOf(se))
	if len(want) == 0 {
		return 0, nil
	}
	have, err := tx.ReadinessItem.Query().Where(readinessitem.PlanID(p.ID), readinessitem.SourceEQ(enum.FromRegister)).
		Select(readinessitem.FieldSourceKey).Strings(ctx)
	if err != nil {
		return 0, err
	}
	known := map[string]bool{}
	for _, k := range have {
		known[k] = true
	}
	var (
		dues  []reminders.Due
		units []uuid.UUID // of the items that count in a unit's condition
	)
	n := 0
	for _, w := range want {
		if known[w.SourceKey] {
			continue
		}
		it, err := tx.ReadinessItem.Create().SetPlanID(p.ID).SetSeasonID(p.SeasonID).SetCompanyID(p.CompanyID).
			SetStreetID(w.StreetID).SetCategory(w.Category).SetSiteID(w.SiteID).SetEquipmentID(w.EquipmentID).
			SetTitle(w.Title).SetDueOn(w.DueOn).SetQtyPlanned(1).SetUnit("台").
			SetSource(enum.FromRegister).SetSourceKey(w.SourceKey).Save(ctx)
		if err != nil {
			return 0, err
		}
		dues = append(dues, ItemDue(it, true))
		if it.Category != enum.ItemCalibration {
			units = append(units, w.EquipmentID)
		}
		n++
	}
	if s.Refresh != nil && len(units) > 0 {
		if err := s.Refresh(ctx, tx, units...); err != nil {
			return 0, err
		}
	}
	if n > 0 {
		if err := event(tx, v, p, nil, "generate", "", "", "", map[string]any{"added": n}).Exec(ctx); err != nil {
			return 0, err
		}
	}
	return n, pl.plan(ctx, tx, dues...)
}

// Counts are a plan's items by status, and those overdue.
type Counts struct {
	Total    int            `json:"total"`
	ByStatus map[string]int `json:"by_status" enum:"ItemStatus"`
	Overdue  int            `json:"overdue"`
}

// CountItems counts the items of plans by status (one grouped query) and
// those past their due date and not finished on today.
func (s *Service) CountItems(ctx context.Context, planIDs []uuid.UUID, today string) (map[uuid.UUID]*Counts, error) {
	var rows []struct {
		PlanID uuid.UUID `json:"plan_id"`
		Status string    `json:"status"`
		Count  int       `json:"count"`
	}
	if err := s.client.ReadinessItem.Query().Where(readinessitem.PlanIDIn(planIDs...)).
		GroupBy(readinessitem.FieldPlanID, readinessitem.FieldStatus).Aggregate(ent.Count()).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	var late []struct {
		PlanID uuid.UUID `json:"plan_id"`
		Count  int       `json:"count"`
	}
	if err := s.client.ReadinessItem.Query().Where(readinessitem.PlanIDIn(planIDs...), OverdueOn(today)).
		GroupBy(readinessitem.FieldPlanID).Aggregate(ent.Count()).Scan(ctx, &late); err != nil {
		return nil, err
	}
	out := map[uuid.UUID]*Counts{}
	for _, id := range planIDs {
		out[id] = &Counts{ByStatus: map[string]int{}}
	}
	for _, r := range rows {
		c := out[r.PlanID]
		c.Total += r.Count
		c.ByStatus[r.Status] += r.Count
	}
	for _, r := range late {
		out[r.PlanID].Overdue = r.Count
	}
	return out, nil
}

// openStatuses are an item's statuses before it is finished.
var openStatuses = []enum.ItemStatus{enum.ItemTodo, enum.ItemInProgress, enum.ItemRejected}

// OverdueOn holds the items past their due date on today and not finished.
func OverdueOn(today string) predicate.ReadinessItem {
	return readinessitem.And(readinessitem.DueOnLT(today), readinessitem.StatusIn(openStatuses...))
}
