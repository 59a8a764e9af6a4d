package readiness

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	entequipment "github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/readinessitem"
	"github.com/hearthsafety/hearth/ent/readinessplan"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/site"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/equipment"
	"github.com/hearthsafety/hearth/services/ledger"
)

// FactsOf reads what the gate decides on for the plan p: its items, the
// company's units in scope that are not intact, the statutory clocks of
// its units, and the major hazards open on its sites or against it. The
// hazards are read across companies (a hazard another party recorded on
// the company's site blocks it too), within the plan's district.
func FactsOf(ctx context.Context, c *ent.Client, p *ent.ReadinessPlan) (Facts, error) {
	var f Facts
	items, err := c.ReadinessItem.Query().Where(readinessitem.PlanID(p.ID)).
		Order(ent.Asc(readinessitem.FieldDueOn), ent.Asc(readinessitem.FieldID)).
		Select(readinessitem.FieldID, readinessitem.FieldTitle, readinessitem.FieldStatus).All(ctx)
	if err != nil {
		return f, err
	}
	for _, it := range items {
		f.Items = append(f.Items, ItemFact{ID: it.ID, Title: it.Title, Status: it.Status})
	}
	sys := policy.System(ctx)
	units, err := c.Equipment.Query().Where(entequipment.TenantID(p.TenantID), entequipment.CompanyID(p.CompanyID),
		entequipment.StatusIn(equipment.ScopeStatuses...), entequipment.ConditionNEQ(enum.ConditionIntact)).
		WithSite(func(q *ent.SiteQuery) { q.Select(site.FieldID, site.FieldName) }).
		Order(ent.Asc(entequipment.FieldID)).All(sys)
	if err != nil {
		return f, err
	}
	for _, u := range units {
		name := ""
		if u.Edges.Site != nil {
			name = u.Edges.Site.Name
		}
		f.Units = append(f.Units, UnitFact{ID: u.ID, Name: u.Name, SiteName: name, Status: u.Status, Condition: u.Condition})
	}
	if f.Clocks, err = registerClocks(sys, c, p.CompanyID); err != nil {
		return f, err
	}
	siteIDs, err := c.Site.Query().Where(site.TenantID(p.TenantID), site.CompanyID(p.CompanyID)).IDs(sys)
	if err != nil {
		return f, err
	}
	hs, err := c.Hazard.Query().Where(hazard.TenantID(p.TenantID), hazard.LevelEQ(enum.LevelMajor),
		hazard.StatusNEQ(enum.StatusVerified), hazard.Or(hazard.CompanyID(p.CompanyID), hazard.SiteIDIn(siteIDs...))).
		Order(ent.Asc(hazard.FieldID)).All(sys)
	if err != nil {
		return f, err
	}
	for _, h := range hs {
		f.Hazards = append(f.Hazards, HazardFact{ID: h.ID, Code: h.Code, Address: h.Address})
	}
	return f, nil
}

// Check lists every blocker of the plan id as it stands now.
func (s *Service) Check(ctx context.Context, id uuid.UUID) ([]Blocker, error) {
	p, err := s.client.ReadinessPlan.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	se, err := s.client.Season.Get(ctx, p.SeasonID)
	if err != nil {
		return nil, err
	}
	f, err := FactsOf(ctx, s.client, p)
	if err != nil {
		return nil, err
	}
	return Blockers(f, DatesOf(se)), nil
}

// Declare declares the company's plan id ready for the season (具备供热条件):
// refused with every blocker (422, code not_ready, member blockers) while
// any is left. Only a company declares its own plan, in progress or
// rejected at its last acceptance.
func (s *Service) Declare(ctx context.Context, id uuid.UUID, note string) (*ent.ReadinessPlan, error) {
	v := policy.FromContext(ctx)
	if v.Scope() != policy.ScopeCompany {
		return nil, services.ErrForbidden
	}
	note = strings.TrimSpace(note)
	if len([]rune(note)) > 2000 {
		return nil, services.Invalid(services.Field("note", "must be at most 2000 long"))
	}
	p, err := s.client.ReadinessPlan.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Status != enum.PlanInProgress && p.Status != enum.PlanRejected {
		return nil, planError(p, "任务清单当前为"+p.Status.Label()+"，不能申报具备供热条件")
	}
	bl, err := s.Check(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(bl) > 0 {
		return nil, &services.Error{Kind: services.KindInvalid, Code: "not_ready",
			Message: fmt.Sprintf("尚不具备供热条件：有 %d 项未满足，逐项处理后再申报", len(bl)),
			Extra:   map[string]any{"blockers": bl}}
	}
	var out *ent.ReadinessPlan
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		out, err = tx.ReadinessPlan.UpdateOneID(p.ID).Where(readinessplan.StatusIn(enum.PlanInProgress, enum.PlanRejected)).
			AddVersion(1).SetStatus(enum.PlanDeclared).SetDeclaredAt(s.now()).SetDeclaredByName(personName(v)).Save(ctx)
		if ent.IsNotFound(err) {
			return planError(p, "任务清单在此期间已变更，请刷新后再试")
		} else if err != nil {
			return err
		}
		return event(tx, v, out, nil, "declare", string(p.Status), string(out.Status), note, nil).Exec(ctx)
	})
	return out, err
}

// ConditionInput is a condition of an acceptance: a follow-up item with a
// deadline.
type ConditionInput struct {
	Title             string             `json:"title" validate:"required,max=200"`
	DueOn             string             `json:"due_on" validate:"required,date"`
	SiteID            *uuid.UUID         `json:"site_id"`
	Category          *enum.ItemCategory `json:"category" validate:"omitnil,enum"`
	ResponsiblePerson string             `json:"responsible_person" validate:"max=50"`
}

// FindingInput is a finding of an acceptance: a hazard on a site of the
// company.
type FindingInput struct {
	Description string               `json:"description" validate:"required,max=2000"`
	SiteID      uuid.UUID            `json:"site_id" validate:"required"`
	Level       enum.HazardLevel     `json:"level" validate:"required,enum"`
	Deadline    string               `json:"deadline" validate:"required,date"`
	Category    *enum.HazardCategory `json:"category" validate:"omitnil,enum"`
}

// AcceptInput is the acceptance (验收) of a declared plan.
type AcceptInput struct {
	Result      enum.AcceptanceResult `json:"result" validate:"required,enum"`
	InspectedOn string                `json:"inspected_on" validate:"required,date"`
	Note        string                `json:"note" validate:"max=2000"`
	Conditions  []ConditionInput      `json:"conditions" validate:"max=50,dive"`
	Findings    []FindingInput        `json:"findings" validate:"max=50,dive"`
}

// resultStatus is where a plan stands after an acceptance of a result.
var resultStatus = map[enum.AcceptanceResult]enum.PlanStatus{
	enum.AcceptPass: enum.PlanAccepted, enum.AcceptConditional: enum.PlanConditional, enum.AcceptFail: enum.PlanRejected,
}

// Accept records the acceptance of the declared plan id by the bureau or a
// street office it reaches: pass, pass with conditions (each a follow-up
// item of the plan, at least one) or fail (with a note: the company works
// again and declares again); findings become hazards of the company in the
// ledger. The acceptance, its items and hazards, the plan's status and its
// history commit together.
func (s *Service) Accept(ctx context.Context, id uuid.UUID, in AcceptInput) (*ent.ReadinessAcceptance, *ent.ReadinessPlan, error) {
	if err := services.Check(&in); err != nil {
		return nil, nil, err
	}
	v := policy.FromContext(ctx)
	if v.Scope() != policy.ScopeDistrict && v.Scope() != policy.ScopeStreet {
		return nil, nil, services.ErrForbidden
	}
	p, err := s.client.ReadinessPlan.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	var bad []services.FieldError
	switch {
	case in.Result == enum.AcceptConditional && len(in.Conditions) == 0:
		bad = append(bad, services.Field("conditions", "a conditional acceptance needs at least one condition"))
	case in.Result != enum.AcceptConditional && len(in.Conditions) > 0:
		bad = append(bad, services.Field("conditions", "only a conditional acceptance has conditions"))
	case in.Result == enum.AcceptFail && in.Note == "":
		bad = append(bad, services.Field("note", "is required when the plan fails"))
	}
	today := s.Today(ctx)
	if in.InspectedOn > today {
		bad = append(bad, services.Field("inspected_on", "cannot be in the future"))
	}
	// Sites named are the company's, and a street's in its street.
	siteOf := map[uuid.UUID]*ent.Site{}
	checkSite := func(field string, id uuid.UUID) {
		st, err := s.client.Site.Query().Where(site.ID(id), site.CompanyID(p.CompanyID)).Only(policy.System(ctx))
		switch {
		case err != nil || st.TenantID != v.TenantID:
			bad = append(bad, services.Field(field, "no such site of the company"))
		case v.Scope() == policy.ScopeStreet && st.StreetID != v.OrgID:
			bad = append(bad, services.Field(field, "lies outside your street"))
		default:
			siteOf[id] = st
		}
	}
	for i, c := range in.Conditions {
		if c.SiteID != nil {
			checkSite(fmt.Sprintf("conditions[%d].site_id", i), *c.SiteID)
		}
		if c.DueOn < in.InspectedOn {
			bad = append(bad, services.Field(fmt.Sprintf("conditions[%d].due_on", i), "must be on or after inspected_on"))
		}
	}
	for i, f := range in.Findings {
		checkSite(fmt.Sprintf("findings[%d].site_id", i), f.SiteID)
	}
	if len(bad) > 0 {
		return nil, nil, services.Invalid(bad...)
	}
	// A plan not declared (the gate refuses it) may still be accepted with
	// conditions by the bureau, with its reason: programmes §1.4, this
	// happens in practice and must be explicit. The blockers it overrides
	// go into the plan's history.
	var overridden []Blocker
	if p.Status != enum.PlanDeclared {
		undeclared := v.Scope() == policy.ScopeDistrict && in.Result == enum.AcceptConditional &&
			(p.Status == enum.PlanInProgress || p.Status == enum.PlanRejected)
		if !undeclared {
			return nil, nil, planError(p, "只能验收已申报具备供热条件的任务清单（当前："+p.Status.Label()+"）；"+
				"未申报的任务清单只能由主管部门有条件通过")
		}
		if in.Note == "" {
			return nil, nil, services.Invalid(services.Field("note", "is required to accept a plan that was not declared ready: say why"))
		}
		if overridden, err = s.Check(ctx, p.ID); err != nil {
			return nil, nil, err
		}
	}
	// A condition without a site lies in the accepting street, or where the
	// company's first site does.
	home := v.OrgID
	if v.Scope() == policy.ScopeDistrict {
		pl, bad, err := placeOf(ctx, s.client, p.CompanyID, nil, nil, nil)
		if err != nil {
			return nil, nil, err
		}
		if len(bad) > 0 && len(in.Conditions) > 0 {
			for _, c := range in.Conditions {
				if c.SiteID == nil {
					return nil, nil, services.Invalid(services.Field("conditions", "name a site: the company has none to place a condition at"))
				}
			}
		}
		home = pl.street
	}
	var preps []*ledger.Prepared
	for _, f := range in.Findings {
		st := siteOf[f.SiteID]
		cat := enum.CategoryHeatingNetworkDefect
		if f.Category != nil {
			cat = *f.Category
		}
		src := enum.SourceBureauInspection
		if v.Scope() == policy.ScopeStreet {
			src = enum.SourceStreetInspection
		}
		addr := st.Address
		if addr == "" {
			addr = st.Name
		}
		company := p.CompanyID
		prep, err := s.ledger.Prepare(ctx, ledger.CreateInput{CompanyID: &company, StreetID: st.StreetID, CommunityID: st.CommunityID,
			Address: addr, Category: cat, Level: f.Level, Source: src, FoundOn: in.InspectedOn,
			Description: f.Description, Deadline: f.Deadline}, &st.ID, nil)
		if err != nil {
			return nil, nil, err
		}
		preps = append(preps, prep)
	}
	rp, err := s.planner(ctx, v.TenantID)
	if err != nil {
		return nil, nil, err
	}
	status := resultStatus[in.Result]
	var (
		acc *ent.ReadinessAcceptance
		out *ent.ReadinessPlan
	)
	aid := uuid.Must(uuid.NewV7())
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		out, err = tx.ReadinessPlan.UpdateOneID(p.ID).Where(readinessplan.StatusEQ(p.Status)).AddVersion(1).
			SetStatus(status).SetResult(in.Result).SetDecidedAt(s.now()).SetNote(in.Note).Save(ctx)
		if ent.IsNotFound(err) {
			return planError(p, "任务清单在此期间已变更，请刷新后再试")
		} else if err != nil {
			return err
		}
		var itemIDs, hazardIDs []uuid.UUID
		var dues []reminders.Due
		for i, c := range in.Conditions {
			street, siteID := home, c.SiteID
			if siteID != nil {
				street = siteOf[*siteID].StreetID
			}
			cat := enum.ItemOther
			if c.Category != nil {
				cat = *c.Category
			}
			it, err := tx.ReadinessItem.Create().SetPlanID(p.ID).SetSeasonID(p.SeasonID).SetCompanyID(p.CompanyID).
				SetStreetID(street).SetNillableSiteID(siteID).SetCategory(cat).SetTitle(c.Title).
				SetDueOn(c.DueOn).SetResponsiblePerson(c.ResponsiblePerson).
				SetSource(enum.FromCondition).SetSourceKey(fmt.Sprintf("acceptance/%s/%d", aid, i+1)).Save(ctx)
			if err != nil {
				return err
			}
			itemIDs = append(itemIDs, it.ID)
			dues = append(dues, ItemDue(it, true))
		}
		for _, prep := range preps {
			h, err := s.ledger.CreateTx(ctx, tx, prep)
			if err != nil {
				return err
			}
			hazardIDs = append(hazardIDs, h.ID)
		}
		acc, err = tx.ReadinessAcceptance.Create().SetID(aid).SetPlanID(p.ID).SetCompanyID(p.CompanyID).SetResult(in.Result).
			SetInspectedOn(in.InspectedOn).SetInspectorOrgID(v.OrgID).SetInspectorName(personName(v)).SetNote(in.Note).
			SetItemIds(itemIDs).SetHazardIds(hazardIDs).Save(ctx)
		if err != nil {
			return err
		}
		if err := event(tx, v, out, nil, "accept", string(p.Status), string(out.Status), in.Note,
			acceptDetails(acc, in.Result, len(itemIDs), len(hazardIDs), overridden)).Exec(ctx); err != nil {
			return err
		}
		return rp.plan(ctx, tx, dues...)
	})
	if err != nil {
		return nil, nil, err
	}
	s.engine.Kick()
	return acc, out, nil
}

// acceptDetails are an acceptance's facts in the plan's history: with the
// blockers it overrode when the plan had not been declared.
func acceptDetails(acc *ent.ReadinessAcceptance, result enum.AcceptanceResult, items, hazards int, overridden []Blocker) map[string]any {
	d := map[string]any{"acceptance_id": acc.ID, "result": string(result), "items": items, "hazards": hazards}
	if overridden != nil {
		msgs := make([]string, len(overridden))
		for i, b := range overridden {
			msgs[i] = b.Message
		}
		d["undeclared"], d["blockers"] = true, msgs
	}
	return d
}
