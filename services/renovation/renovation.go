// Package renovation is the old gas pipeline renovation (燃气旧管网改造) and
// its occupation points (占压点位): the bureau records the year's plan and
// its projects; the implementing gas company moves a project's status and
// reports its progress (cumulative km and households), which the bureau
// accepts or questions; every occupation point is also a hazard of the
// ledger (category pipeline_occupation), created with it in one
// transaction, folded into the project of its street so that the new pipe
// removes it, eliminated with evidence and verified (销号) by the street or
// the bureau; the bureau may defer one with interim measures. The board
// counts km and points against the plan, by street and by scope type.
//
// A point's status follows its hazard's whatever route moves the hazard:
// the package registers a ledger hook (ledger.OnChange) that, in the
// hazard's own transaction, sets the point's status from the hazard's
// (PointStatusOf). The ledger knows nothing of points; every process
// linking this package keeps them in step.
//
// It copies the readiness module's shape: a Service with its
// dependencies, typed inputs checked with services.Check, one
// services.InTx per change holding its history (RenovationEvent), audit
// (ent hooks), reminders and the hazards' steps.
package renovation

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/occupationpoint"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/renovationproject"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/storage"
)

// Service is the renovation's rules over a database.
type Service struct {
	client  *ent.Client
	engine  *reminders.Engine
	storage storage.Store
	ledger  *ledger.Service
	now     func() time.Time
}

// New is the renovation over client; engine plans reminders (nil: none),
// store keeps photos, lg keeps the points' hazards, now is the clock
// (time.Now when nil).
func New(client *ent.Client, engine *reminders.Engine, store storage.Store, lg *ledger.Service, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{client: client, engine: engine, storage: store, ledger: lg, now: now}
}

func init() { ledger.OnChange(follow) }

// Today is the date in the district of the viewer in ctx.
func (s *Service) Today(ctx context.Context) string {
	return ledger.TodayOf(policy.FromContext(ctx), s.now())
}

// personName is how the viewer is named on a record.
func personName(v *policy.Viewer) string {
	if n := strings.TrimSpace(v.DisplayName); n != "" {
		return n
	}
	return v.Username
}

// actorOf is who moves a project: the bureau, or a company (a street office
// moves none: casbin refuses it before).
func actorOf(v *policy.Viewer) Actor {
	if v.Scope() == policy.ScopeDistrict {
		return ByBureau
	}
	return ByCompany
}

// planner is the engine's planner of the viewer's district, nil without an
// engine.
func (s *Service) planner(ctx context.Context) (*reminders.Planner, error) {
	if s.engine == nil {
		return nil, nil
	}
	return s.engine.Planner(ctx, policy.FromContext(ctx).TenantID)
}

func plan(ctx context.Context, tx *ent.Tx, pl *reminders.Planner, dues ...reminders.Due) error {
	if pl == nil || len(dues) == 0 {
		return nil
	}
	return pl.Plan(ctx, tx, dues...)
}

// kick wakes the reminder relay after a commit.
func (s *Service) kick() {
	if s.engine != nil {
		s.engine.Kick()
	}
}

// projectEvent is one step of a project's history.
func projectEvent(tx *ent.Tx, v *policy.Viewer, p *ent.RenovationProject, action, from, to, note string, details map[string]any) *ent.RenovationEventCreate {
	return tx.RenovationEvent.Create().SetProjectID(p.ID).SetCompanyID(p.CompanyID).SetStreetID(p.StreetID).
		SetAction(action).SetFromStatus(from).SetToStatus(to).SetNote(note).SetDetails(details).
		SetActorID(v.UserID).SetActor(personName(v))
}

// pointEvent is one step of a point's history.
func pointEvent(tx *ent.Tx, v *policy.Viewer, p *ent.OccupationPoint, action, from, to, note string, details map[string]any) *ent.RenovationEventCreate {
	c := tx.RenovationEvent.Create().SetPointID(p.ID).SetCompanyID(p.CompanyID).SetStreetID(p.StreetID).
		SetAction(action).SetFromStatus(from).SetToStatus(to).SetNote(note).SetDetails(details).
		SetActor("system")
	if v != nil {
		c.SetActorID(v.UserID).SetActor(personName(v))
	}
	return c
}

// lockProject holds a project's row until the transaction ends.
func lockProject(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*ent.RenovationProject, error) {
	return services.Locked(func(forUpdate bool) (*ent.RenovationProject, error) {
		q := tx.RenovationProject.Query().Where(renovationproject.ID(id))
		if forUpdate {
			q.ForUpdate()
		}
		return q.Only(ctx)
	})
}

// lockPoint holds a point's row until the transaction ends.
func lockPoint(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*ent.OccupationPoint, error) {
	return services.Locked(func(forUpdate bool) (*ent.OccupationPoint, error) {
		q := tx.OccupationPoint.Query().Where(occupationpoint.ID(id))
		if forUpdate {
			q.ForUpdate()
		}
		return q.Only(ctx)
	})
}

// conflict is a refusal of the record's state, in Chinese.
func conflict(code, msg string, status string) *services.Error {
	e := &services.Error{Kind: services.KindConflict, Code: code, Message: msg}
	if status != "" {
		e.Extra = map[string]any{"current_status": status}
	}
	return e
}

// follow is the ledger hook: the occupation point of a hazard, if any,
// takes the status the hazard's gives it (PointStatusOf), its street and
// community with it, and the dates it was eliminated and verified, in the
// hazard's transaction.
func follow(ctx context.Context, tx *ent.Tx, h *ent.Hazard, today string) error {
	if h.Category != enum.CategoryPipelineOccupation {
		return nil
	}
	// The point lies where its hazard lies, so whoever moved the hazard
	// reaches it; System reads it even for a viewer whose scope changed
	// with the move (a street handing the hazard on).
	sys := policy.System(ctx)
	p, err := tx.OccupationPoint.Query().Where(occupationpoint.HazardID(h.ID)).Only(sys)
	if ent.IsNotFound(err) {
		return nil
	} else if err != nil {
		return err
	}
	var ps *enum.ProjectStatus
	if p.ProjectID != nil {
		pr, err := tx.RenovationProject.Get(sys, *p.ProjectID)
		if err != nil {
			return err
		}
		ps = &pr.Status
	}
	return syncPoint(ctx, tx, p, h, ps, today)
}

// syncPoint brings p in line with its hazard h (and its project's status
// ps), writing only when something changed, with an event for a status
// change.
func syncPoint(ctx context.Context, tx *ent.Tx, p *ent.OccupationPoint, h *ent.Hazard, ps *enum.ProjectStatus, today string) error {
	to := PointStatusOf(h.Status, p.Status == enum.PointDeferred, ps)
	u := tx.OccupationPoint.UpdateOneID(p.ID)
	dirty := false
	if to != p.Status {
		u.SetStatus(to)
		dirty = true
		switch to {
		case enum.PointEliminated:
			if p.EliminatedOn == nil {
				u.SetEliminatedOn(today)
			}
		case enum.PointVerified:
			on := today
			if h.VerifiedOn != nil {
				on = *h.VerifiedOn
			}
			u.SetVerifiedOn(on)
		}
		if p.Status == enum.PointVerified || p.Status == enum.PointEliminated {
			if to != enum.PointVerified {
				u.ClearVerifiedOn()
			}
			if to != enum.PointEliminated && to != enum.PointVerified {
				u.ClearEliminatedOn()
			}
		}
	}
	if p.StreetID != h.StreetID || !sameUUID(p.CommunityID, h.CommunityID) {
		u.SetStreetID(h.StreetID).SetNillableCommunityID(h.CommunityID)
		if h.CommunityID == nil {
			u.ClearCommunityID()
		}
		dirty = true
	}
	if !dirty {
		return nil
	}
	sys := policy.System(ctx)
	np, err := u.AddVersion(1).Save(sys)
	if err != nil {
		return err
	}
	if to != p.Status {
		return pointEvent(tx, policy.FromContext(ctx), np, "follow_hazard", string(p.Status), string(to),
			"隐患 "+h.Code+" 状态："+h.Status.Label(), map[string]any{"hazard_id": h.ID, "hazard_status": string(h.Status)}).
			SetTenantID(np.TenantID).Exec(sys)
	}
	return nil
}

func sameUUID(a, b *uuid.UUID) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// bureauOf is the viewer's district's bureau.
func (s *Service) bureauOf(ctx context.Context) (uuid.UUID, error) {
	v := policy.FromContext(ctx)
	if v.Scope() == policy.ScopeDistrict {
		return v.OrgID, nil
	}
	return s.client.Org.Query().Where(org.TenantID(v.TenantID), org.KindEQ(enum.OrgBureau)).
		Order(ent.Asc(org.FieldID)).FirstID(policy.System(ctx))
}
