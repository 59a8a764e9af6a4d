package renovation

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/occupationpoint"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/progressreport"
	"github.com/hearthsafety/hearth/ent/renovationevent"
	"github.com/hearthsafety/hearth/ent/renovationproject"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
	"github.com/hearthsafety/hearth/services/documents"
	"github.com/hearthsafety/hearth/services/ledger"
)

// ProjectSeries is the district counter series of project numbers
// (GW-<plan year>-NNN).
const ProjectSeries = "renovation_project"

// ProjectInput is a new project of a plan, as the bureau records it:
// company_id is the implementing gas company, street_id the street the
// project lies in.
type ProjectInput struct {
	PlanID            uuid.UUID          `json:"plan_id" validate:"required"`
	CompanyID         uuid.UUID          `json:"company_id" validate:"required"`
	StreetID          uuid.UUID          `json:"street_id" validate:"required"`
	CommunityID       *uuid.UUID         `json:"community_id"`
	Name              string             `json:"name" validate:"required,max=100"`
	ScopeType         enum.ScopeType     `json:"scope_type" validate:"required,enum"`
	AgingReason       enum.AgingReason   `json:"aging_reason" validate:"required,enum"`
	MaterialBefore    string             `json:"material_before" validate:"max=40"`
	PressureLevel     enum.PressureLevel `json:"pressure_level" validate:"omitempty,enum"`
	DnRange           string             `json:"dn_range" validate:"max=40"`
	PlannedKm         float64            `json:"planned_km" validate:"min=0,max=10000"`
	PlannedHouseholds int                `json:"planned_households" validate:"min=0,max=1000000"`
	PlannedStart      string             `json:"planned_start" validate:"required,date"`
	PlannedEnd        string             `json:"planned_end" validate:"required,date"`
	BuildUnit         string             `json:"build_unit" validate:"max=100"`
	ConstructionUnit  string             `json:"construction_unit" validate:"max=100"`
	SupervisionUnit   string             `json:"supervision_unit" validate:"max=100"`
	Contact           string             `json:"contact" validate:"max=100"`
	Supervised        bool               `json:"supervised"`
	Note              string             `json:"note" validate:"max=2000"`
}

// ProjectPatch changes a project's plan fields (the bureau); nil leaves one
// as it is. The status moves by Move and the progress by reports.
type ProjectPatch struct {
	StreetID          *uuid.UUID          `json:"street_id"`
	CommunityID       *uuid.UUID          `json:"community_id"`
	Name              *string             `json:"name" validate:"omitnil,min=1,max=100"`
	ScopeType         *enum.ScopeType     `json:"scope_type" validate:"omitnil,enum"`
	AgingReason       *enum.AgingReason   `json:"aging_reason" validate:"omitnil,enum"`
	MaterialBefore    *string             `json:"material_before" validate:"omitnil,max=40"`
	PressureLevel     *enum.PressureLevel `json:"pressure_level" validate:"omitnil,enum"`
	DnRange           *string             `json:"dn_range" validate:"omitnil,max=40"`
	PlannedKm         *float64            `json:"planned_km" validate:"omitnil,min=0,max=10000"`
	PlannedHouseholds *int                `json:"planned_households" validate:"omitnil,min=0,max=1000000"`
	PlannedStart      *string             `json:"planned_start" validate:"omitnil,date"`
	PlannedEnd        *string             `json:"planned_end" validate:"omitnil,date"`
	BuildUnit         *string             `json:"build_unit" validate:"omitnil,max=100"`
	ConstructionUnit  *string             `json:"construction_unit" validate:"omitnil,max=100"`
	SupervisionUnit   *string             `json:"supervision_unit" validate:"omitnil,max=100"`
	Contact           *string             `json:"contact" validate:"omitnil,max=100"`
	Supervised        *bool               `json:"supervised"`
	Note              *string             `json:"note" validate:"omitnil,max=2000"`
}

// checkPlace holds a project's company to an enabled gas company of the
// district and its street and community to the district's.
func (s *Service) checkPlace(ctx context.Context, company, street uuid.UUID, community *uuid.UUID) error {
	o, err := s.client.Org.Query().Where(org.ID(company)).Only(policy.System(ctx))
	v := policy.FromContext(ctx)
	if ent.IsNotFound(err) || (err == nil && (o.TenantID != v.TenantID || o.Kind != enum.OrgGasCompany || o.Disabled)) {
		return services.Invalid(services.Field("company_id", "须是本区在用的燃气企业"))
	} else if err != nil {
		return err
	}
	_, bad, err := accounts.NewPlaces(s.client).CheckMove(ctx, company, street, community)
	if err != nil {
		return err
	}
	if len(bad) > 0 {
		return services.Invalid(bad...)
	}
	return nil
}

func checkDates(start, end string) error {
	if end < start {
		return services.Invalid(services.Field("planned_end", "计划完工日期不能早于计划开工日期"))
	}
	return nil
}

// CreateProject records a project of a plan under the plan year's next
// number (GW-2026-001), reserved in the transaction (services.Reserve),
// so racing creates never share one.
func (s *Service) CreateProject(ctx context.Context, in ProjectInput) (*ent.RenovationProject, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	if in.PressureLevel == "" {
		in.PressureLevel = enum.PressureLow
	}
	if err := checkDates(in.PlannedStart, in.PlannedEnd); err != nil {
		return nil, err
	}
	pl, err := s.client.RenovationPlan.Get(ctx, in.PlanID)
	if ent.IsNotFound(err) {
		return nil, services.Invalid(services.Field("plan_id", "no such plan"))
	} else if err != nil {
		return nil, err
	}
	if err := s.checkPlace(ctx, in.CompanyID, in.StreetID, in.CommunityID); err != nil {
		return nil, err
	}
	rp, err := s.planner(ctx)
	if err != nil {
		return nil, err
	}
	bureau, err := s.bureauOf(ctx)
	if err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	var p *ent.RenovationProject
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		n, err := services.Reserve(ctx, tx, ProjectSeries, pl.Year, 1)
		if err != nil {
			return err
		}
		p, err = projectCreate(tx, &in, ProjectNumber(pl.Year, n)).Save(ctx)
		if err != nil {
			return err
		}
		if err := projectEvent(tx, v, p, "create", "", string(p.Status), "", nil).Exec(ctx); err != nil {
			return err
		}
		return plan(ctx, tx, rp, ProjectDues(p, bureau, true)...)
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return p, nil
}

func projectCreate(tx *ent.Tx, in *ProjectInput, no string) *ent.RenovationProjectCreate {
	return tx.RenovationProject.Create().SetPlanID(in.PlanID).SetProjectNo(no).SetName(in.Name).
		SetCompanyID(in.CompanyID).SetStreetID(in.StreetID).SetNillableCommunityID(in.CommunityID).
		SetScopeType(in.ScopeType).SetAgingReason(in.AgingReason).SetMaterialBefore(in.MaterialBefore).
		SetPressureLevel(in.PressureLevel).SetDnRange(in.DnRange).SetPlannedKm(in.PlannedKm).
		SetPlannedHouseholds(in.PlannedHouseholds).SetPlannedStart(in.PlannedStart).SetPlannedEnd(in.PlannedEnd).
		SetBuildUnit(in.BuildUnit).SetConstructionUnit(in.ConstructionUnit).SetSupervisionUnit(in.SupervisionUnit).
		SetContact(in.Contact).SetSupervised(in.Supervised).SetNote(in.Note)
}

// EndMoved is what moving a project's planned end did to its folded
// points' hazards: an extension asked for each (ids), the hazards that had
// one pending already (their codes: nothing asked, the pending request
// stands), those whose deadline moved earlier at once.
type EndMoved struct {
	From, To   string
	Requested  []uuid.UUID `json:"extensions_requested"`
	Pending    []string    `json:"already_pending"`
	Brought    []string    `json:"moved_earlier"`
	Unaffected int         `json:"unaffected"`
}

// PatchProject changes the plan fields of the project id at version.
// Moving its planned end later asks for an extension on every open hazard
// of a point folded into it (reason "改造项目完工日期调整: <old> → <new>"),
// in the same transaction; a hazard with a request pending keeps that one
// and is named in the answer. Moving it earlier brings those hazards'
// deadlines forward at once (a shorter deadline needs no approval) [D].
func (s *Service) PatchProject(ctx context.Context, id uuid.UUID, version int64, in ProjectPatch) (*ent.RenovationProject, *EndMoved, error) {
	cur, err := s.client.RenovationProject.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, nil, err
	}
	start, end := cur.PlannedStart, cur.PlannedEnd
	if in.PlannedStart != nil {
		start = *in.PlannedStart
	}
	if in.PlannedEnd != nil {
		end = *in.PlannedEnd
	}
	if err := checkDates(start, end); err != nil {
		return nil, nil, err
	}
	if in.StreetID != nil || in.CommunityID != nil {
		street, community := cur.StreetID, cur.CommunityID
		if in.StreetID != nil {
			street, community = *in.StreetID, nil
		}
		if in.CommunityID != nil {
			community = in.CommunityID
		}
		_, bad, err := accounts.NewPlaces(s.client).CheckMove(ctx, cur.CompanyID, street, community)
		if err != nil {
			return nil, nil, err
		} else if len(bad) > 0 {
			return nil, nil, services.Invalid(bad...)
		}
		in.StreetID, in.CommunityID = &street, community
	}
	if cur.Version != version {
		return nil, nil, services.ErrStale
	}
	rp, err := s.planner(ctx)
	if err != nil {
		return nil, nil, err
	}
	bureau, err := s.bureauOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	v := policy.FromContext(ctx)
	var (
		p     *ent.RenovationProject
		moved *EndMoved
	)
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		u := tx.RenovationProject.UpdateOneID(id).Where(renovationproject.Version(version)).AddVersion(1).
			SetNillableStreetID(in.StreetID).
			SetNillableName(in.Name).SetNillableScopeType(in.ScopeType).SetNillableAgingReason(in.AgingReason).
			SetNillableMaterialBefore(in.MaterialBefore).SetNillablePressureLevel(in.PressureLevel).SetNillableDnRange(in.DnRange).
			SetNillablePlannedKm(in.PlannedKm).SetNillablePlannedHouseholds(in.PlannedHouseholds).
			SetNillablePlannedStart(in.PlannedStart).SetNillablePlannedEnd(in.PlannedEnd).
			SetNillableBuildUnit(in.BuildUnit).SetNillableConstructionUnit(in.ConstructionUnit).
			SetNillableSupervisionUnit(in.SupervisionUnit).SetNillableContact(in.Contact).
			SetNillableSupervised(in.Supervised).SetNillableNote(in.Note)
		if in.StreetID != nil {
			u.SetNillableCommunityID(in.CommunityID)
			if in.CommunityID == nil {
				u.ClearCommunityID()
			}
		}
		if p, err = u.Save(ctx); ent.IsNotFound(err) {
			return services.ErrStale
		} else if err != nil {
			return err
		}
		if p.StreetID != cur.StreetID {
			if err := carryStreet(ctx, tx, p); err != nil {
				return err
			}
		}
		details := map[string]any{}
		if p.PlannedEnd != cur.PlannedEnd {
			if moved, err = s.moveEnd(ctx, tx, p, cur.PlannedEnd); err != nil {
				return err
			}
			details["planned_end"] = map[string]any{"from": cur.PlannedEnd, "to": p.PlannedEnd,
				"extensions_requested": len(moved.Requested), "already_pending": moved.Pending, "moved_earlier": moved.Brought}
		}
		if err := projectEvent(tx, v, p, "edit", "", "", "", details).Exec(ctx); err != nil {
			return err
		}
		return plan(ctx, tx, rp, ProjectDues(p, bureau, false)...)
	})
	if err != nil {
		return nil, nil, err
	}
	s.kick()
	return p, moved, nil
}

// ResumeStatuses are the statuses the suspended projects among ps resume
// to: each the one it was last suspended from, as its history says (a
// project not suspended, or whose history does not say, is left out). One
// query for them all.
func ResumeStatuses(ctx context.Context, c *ent.Client, ps ...*ent.RenovationProject) (map[uuid.UUID]string, error) {
	out := map[uuid.UUID]string{}
	var ids []uuid.UUID
	for _, p := range ps {
		if p.Status == enum.ProjectSuspended {
			ids = append(ids, p.ID)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	evs, err := c.RenovationEvent.Query().Where(renovationevent.ProjectIDIn(ids...), renovationevent.Action("status"),
		renovationevent.ToStatus(string(enum.ProjectSuspended))).
		Order(ent.Asc(renovationevent.FieldAt), ent.Asc(renovationevent.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, ev := range evs { // oldest first: the last suspension stays
		out[*ev.ProjectID] = ev.FromStatus
	}
	return out, nil
}

// carryStreet moves what a project carries to its new street, in the
// transaction that moved it (which holds its row: a report or a photo added
// meanwhile waits for it, then takes the new street): its progress
// reports, their photos and its history.
func carryStreet(ctx context.Context, tx *ent.Tx, p *ent.RenovationProject) error {
	sys := policy.System(ctx) // in the viewer's checked change
	// One update a record, as the audit trail takes them.
	ids, err := tx.ProgressReport.Query().Where(progressreport.ProjectID(p.ID)).IDs(sys)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := tx.ProgressReport.UpdateOneID(id).SetStreetID(p.StreetID).AddVersion(1).Exec(sys); err != nil {
			return err
		}
	}
	evs, err := tx.RenovationEvent.Query().Where(renovationevent.ProjectID(p.ID), renovationevent.PointIDIsNil(),
		renovationevent.StreetIDNEQ(p.StreetID)).IDs(sys)
	if err != nil {
		return err
	}
	for _, id := range evs {
		if err := tx.RenovationEvent.UpdateOneID(id).SetStreetID(p.StreetID).Exec(sys); err != nil {
			return err
		}
	}
	return documents.Move(sys, tx, ReportDocumentOwner, ids, p.StreetID)
}

// moveEnd carries a project's moved planned end (from its old one) to the
// hazards of the points folded into it, in tx.
func (s *Service) moveEnd(ctx context.Context, tx *ent.Tx, p *ent.RenovationProject, old string) (*EndMoved, error) {
	m := &EndMoved{From: old, To: p.PlannedEnd, Requested: []uuid.UUID{}, Pending: []string{}, Brought: []string{}}
	pts, err := tx.OccupationPoint.Query().Where(occupationpoint.ProjectID(p.ID)).Order(ent.Asc(occupationpoint.FieldID)).All(policy.System(ctx))
	if err != nil {
		return nil, err
	}
	rp, err := s.planner(ctx)
	if err != nil {
		return nil, err
	}
	reason := fmt.Sprintf("改造项目完工日期调整: %s → %s", old, p.PlannedEnd)
	for _, pt := range pts {
		h, err := tx.Hazard.Get(policy.System(ctx), pt.HazardID)
		if err != nil {
			return nil, err
		}
		switch {
		case h.Status == enum.StatusVerified || h.Status == enum.StatusRectified:
			m.Unaffected++
		case p.PlannedEnd > h.Deadline:
			e, err := s.ledger.RequestExtensionIn(ctx, tx, h.ID, ledger.ExtensionInput{Deadline: p.PlannedEnd, Note: reason})
			if err == ledger.ErrExtensionPending {
				m.Pending = append(m.Pending, h.Code)
				continue
			} else if err != nil {
				return nil, err
			}
			m.Requested = append(m.Requested, e.ID)
		case p.PlannedEnd < h.Deadline:
			if _, err := s.ledger.RescheduleIn(ctx, tx, rp, h.ID, ledger.Reschedule{Deadline: p.PlannedEnd,
				Action: "deadline_moved", Note: reason, Details: map[string]any{"project_id": p.ID}}); err != nil {
				return nil, err
			}
			m.Brought = append(m.Brought, h.Code)
		default:
			m.Unaffected++
		}
	}
	return m, nil
}

// MoveInput moves a project's status, with a reason where the move needs
// one (suspend, cancel).
type MoveInput struct {
	To     enum.ProjectStatus `json:"to" validate:"required,enum"`
	Reason string             `json:"reason" validate:"max=500"`
}

// MoveStatus moves the project id's status (Moves): the company its own
// projects' up to gas restored and their suspensions; the bureau also
// accepts and cancels. The update names the status it leaves, so of two
// racing moves one wins. The points folded into it follow (planned while
// it is not in construction, in progress from then on).
func (s *Service) MoveStatus(ctx context.Context, id uuid.UUID, in MoveInput) (*ent.RenovationProject, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	cur, err := s.client.RenovationProject.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	resume, err := ResumeStatuses(ctx, s.client, cur)
	if err != nil {
		return nil, err
	}
	if me := CheckMove(cur.Status, in.To, actorOf(v), in.Reason, resume[cur.ID]); me != nil {
		if me.Forbidden {
			return nil, &services.Error{Kind: services.KindForbidden, Code: "forbidden", Message: me.Message}
		}
		return nil, conflict("invalid_transition", me.Message, string(cur.Status))
	}
	rp, err := s.planner(ctx)
	if err != nil {
		return nil, err
	}
	bureau, err := s.bureauOf(ctx)
	if err != nil {
		return nil, err
	}
	today := s.Today(ctx)
	var p *ent.RenovationProject
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		u := tx.RenovationProject.UpdateOneID(id).Where(renovationproject.StatusEQ(cur.Status)).AddVersion(1).SetStatus(in.To)
		switch in.To {
		case enum.ProjectSuspended:
			u.SetSuspendReason(in.Reason)
		case enum.ProjectInConstruction:
			if cur.ActualStart == nil {
				u.SetActualStart(today)
			}
		case enum.ProjectCompleted:
			u.SetActualEnd(today)
		}
		if cur.Status == enum.ProjectSuspended {
			u.SetSuspendReason("")
		}
		if p, err = u.Save(ctx); ent.IsNotFound(err) {
			return conflict("invalid_transition", "项目状态已被他人修改，请刷新后重试", "")
		} else if err != nil {
			return err
		}
		if err := projectEvent(tx, v, p, "status", string(cur.Status), string(p.Status), in.Reason, nil).Exec(ctx); err != nil {
			return err
		}
		if err := s.followProject(ctx, tx, p); err != nil {
			return err
		}
		return plan(ctx, tx, rp, ProjectDues(p, bureau, false)...)
	})
	if err != nil {
		return nil, err
	}
	s.kick()
	return p, nil
}

// followProject brings the points folded into p in line with its status
// (planned or in progress), one at a time (audited).
func (s *Service) followProject(ctx context.Context, tx *ent.Tx, p *ent.RenovationProject) error {
	sys := policy.System(ctx)
	pts, err := tx.OccupationPoint.Query().Where(occupationpoint.ProjectID(p.ID),
		occupationpoint.StatusIn(enum.PointPlanned, enum.PointInProgress)).All(sys)
	if err != nil {
		return err
	}
	today := s.Today(ctx)
	for _, pt := range pts {
		h, err := tx.Hazard.Get(sys, pt.HazardID)
		if err != nil {
			return err
		}
		if err := syncPoint(ctx, tx, pt, h, &p.Status, today); err != nil {
			return err
		}
	}
	return nil
}
