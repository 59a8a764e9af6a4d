// Package readiness is the heating season and its readiness campaign
// (冬病夏治): the bureau opens a season; each heating company keeps one plan
// a season, with items some of which the register generates (the statutory
// inspections the season needs); items go todo → in progress → done (with
// evidence) → verified by the street or the bureau, or are sent back, or
// waived by the bureau; the company declares itself ready (具备供热条件)
// through a gate that lists every blocker; the bureau or the street accepts,
// with conditions (follow-up items) and findings (hazards). The board counts
// the rates of programmes §1.4 per company and per street.
//
// It copies the hazard ledger's shape: a Service with its dependencies,
// typed inputs checked with services.Check, one services.InTx per change
// holding history (ReadinessEvent), audit (ent hooks) and reminders.
package readiness

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/readinessplan"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/ent/season"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/storage"
)

// Service is the readiness campaign's rules over a database.
type Service struct {
	client  *ent.Client
	engine  *reminders.Engine
	storage storage.Store
	ledger  *ledger.Service
	now     func() time.Time
	// Refresh brings the condition of units whose overhaul item changed in
	// line, in the item's transaction (the register's service); nil: the
	// register refreshes them on its own pass.
	Refresh func(ctx context.Context, tx *ent.Tx, equipmentIDs ...uuid.UUID) error
}

// New is the campaign over client; engine plans reminders (nil: none),
// store keeps evidence, lg opens the hazards of acceptance findings, now is
// the clock (time.Now when nil).
func New(client *ent.Client, engine *reminders.Engine, store storage.Store, lg *ledger.Service, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{client: client, engine: engine, storage: store, ledger: lg, now: now}
}

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

// planner is the engine's planner of the viewer's district, or one that
// plans nothing without an engine.
type planner struct{ p *reminders.Planner }

func (s *Service) planner(ctx context.Context, tenantID uuid.UUID) (planner, error) {
	if s.engine == nil {
		return planner{}, nil
	}
	p, err := s.engine.Planner(ctx, tenantID)
	return planner{p}, err
}

func (p planner) plan(ctx context.Context, tx *ent.Tx, dues ...reminders.Due) error {
	if p.p == nil || len(dues) == 0 {
		return nil
	}
	return p.p.Plan(ctx, tx, dues...)
}

// ---------------------------------------------------------------- seasons

// SeasonInput opens a season; dates left out take Tianjin's defaults
// (Defaults).
type SeasonInput struct {
	Code              string    `json:"code" validate:"required,max=9"`
	CampaignStart     *string   `json:"campaign_start" validate:"omitnil,date"`
	TrialRunStart     *string   `json:"trial_run_start" validate:"omitnil,date"`
	ReadinessDeadline *string   `json:"readiness_deadline" validate:"omitnil,date"`
	HeatingStart      *string   `json:"heating_start" validate:"omitnil,date"`
	HeatingEnd        *string   `json:"heating_end" validate:"omitnil,date"`
	SummaryDays       *[]string `json:"summary_days" validate:"omitnil,max=6"`
}

// SeasonPatch changes a season's dates or status; nil leaves one as it is.
type SeasonPatch struct {
	CampaignStart     *string            `json:"campaign_start" validate:"omitnil,date"`
	TrialRunStart     *string            `json:"trial_run_start" validate:"omitnil,date"`
	ReadinessDeadline *string            `json:"readiness_deadline" validate:"omitnil,date"`
	HeatingStart      *string            `json:"heating_start" validate:"omitnil,date"`
	HeatingEnd        *string            `json:"heating_end" validate:"omitnil,date"`
	SummaryDays       *[]string          `json:"summary_days" validate:"omitnil,max=6"`
	Status            *enum.SeasonStatus `json:"status" validate:"omitnil,enum"`
}

// DatesOf are a season's dates.
func DatesOf(se *ent.Season) Dates {
	return Dates{CampaignStart: se.CampaignStart, TrialRunStart: se.TrialRunStart, ReadinessDeadline: se.ReadinessDeadline,
		HeatingStart: se.HeatingStart, HeatingEnd: se.HeatingEnd, SummaryDays: se.SummaryDays}
}

func (d *Dates) apply(campaign, trial, deadline, start, end *string, summary *[]string) {
	for _, p := range []struct {
		dst *string
		src *string
	}{{&d.CampaignStart, campaign}, {&d.TrialRunStart, trial}, {&d.ReadinessDeadline, deadline},
		{&d.HeatingStart, start}, {&d.HeatingEnd, end}} {
		if p.src != nil {
			*p.dst = *p.src
		}
	}
	if summary != nil {
		d.SummaryDays = append([]string{}, *summary...)
	}
}

// CreateSeason opens a season of the viewer's district. The campaign starts,
// unless given, the day after the previous season's heating ends.
func (s *Service) CreateSeason(ctx context.Context, in SeasonInput) (*ent.Season, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	y, _, ok := SeasonYears(in.Code)
	if !ok {
		return nil, services.Invalid(services.Field("code", "must be two following years, as 2026-2027"))
	}
	prevEnd := ""
	prev, err := s.client.Season.Query().Where(season.Code(fmt.Sprintf("%d-%d", y-1, y))).Only(ctx)
	if err == nil {
		prevEnd = prev.HeatingEnd
	} else if !ent.IsNotFound(err) {
		return nil, err
	}
	d, _ := Defaults(in.Code, prevEnd)
	d.apply(in.CampaignStart, in.TrialRunStart, in.ReadinessDeadline, in.HeatingStart, in.HeatingEnd, in.SummaryDays)
	if bad := CheckDates(in.Code, d); len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	v := policy.FromContext(ctx)
	pl, err := s.planner(ctx, v.TenantID)
	if err != nil {
		return nil, err
	}
	bureau, err := s.bureauOf(ctx)
	if err != nil {
		return nil, err
	}
	var se *ent.Season
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		se, err = tx.Season.Create().SetCode(in.Code).SetCampaignStart(d.CampaignStart).SetTrialRunStart(d.TrialRunStart).
			SetReadinessDeadline(d.ReadinessDeadline).SetHeatingStart(d.HeatingStart).SetHeatingEnd(d.HeatingEnd).
			SetSummaryDays(d.SummaryDays).Save(ctx)
		if ent.IsConstraintError(err) {
			return services.Errorf(services.KindConflict, "season_exists", "本区已有 %s 采暖季", in.Code)
		} else if err != nil {
			return err
		}
		return pl.plan(ctx, tx, SeasonDue(se, bureau, true))
	})
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return se, nil
}

// PatchSeason changes a season's dates or status at version; the dates are
// checked as a whole.
func (s *Service) PatchSeason(ctx context.Context, id uuid.UUID, version int64, in SeasonPatch) (*ent.Season, error) {
	cur, err := s.client.Season.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	d := DatesOf(cur)
	d.apply(in.CampaignStart, in.TrialRunStart, in.ReadinessDeadline, in.HeatingStart, in.HeatingEnd, in.SummaryDays)
	if bad := CheckDates(cur.Code, d); len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	if cur.Version != version {
		return nil, services.ErrStale
	}
	v := policy.FromContext(ctx)
	pl, err := s.planner(ctx, v.TenantID)
	if err != nil {
		return nil, err
	}
	bureau, err := s.bureauOf(ctx)
	if err != nil {
		return nil, err
	}
	var se *ent.Season
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		se, err = tx.Season.UpdateOneID(id).Where(season.Version(version)).AddVersion(1).
			SetCampaignStart(d.CampaignStart).SetTrialRunStart(d.TrialRunStart).SetReadinessDeadline(d.ReadinessDeadline).
			SetHeatingStart(d.HeatingStart).SetHeatingEnd(d.HeatingEnd).SetSummaryDays(d.SummaryDays).
			SetNillableStatus(in.Status).Save(ctx)
		if ent.IsNotFound(err) {
			return services.ErrStale
		} else if err != nil {
			return err
		}
		return pl.plan(ctx, tx, SeasonDue(se, bureau, false))
	})
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return se, nil
}

// bureauOf is the viewer's district's bureau: where a season's reminders
// lie (a season belongs to no company and no street).
func (s *Service) bureauOf(ctx context.Context) (uuid.UUID, error) {
	v := policy.FromContext(ctx)
	if v.Scope() == policy.ScopeDistrict {
		return v.OrgID, nil
	}
	return s.client.Org.Query().Where(org.TenantID(v.TenantID), org.KindEQ(enum.OrgBureau)).
		Order(ent.Asc(org.FieldID)).FirstID(policy.System(ctx))
}

// ---------------------------------------------------------------- history

// event is one step of a plan's (and an item's) history.
func event(tx *ent.Tx, v *policy.Viewer, p *ent.ReadinessPlan, item *ent.ReadinessItem, action, from, to, note string,
	details map[string]any) *ent.ReadinessEventCreate {
	c := tx.ReadinessEvent.Create().SetPlanID(p.ID).SetCompanyID(p.CompanyID).SetAction(action).
		SetFromStatus(from).SetToStatus(to).SetNote(note).SetDetails(details).SetActorID(v.UserID).SetActor(personName(v))
	if item != nil {
		c.SetItemID(item.ID)
	}
	return c
}

// lockPlan holds a plan's row until the transaction ends.
func lockPlan(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*ent.ReadinessPlan, error) {
	return services.Locked(func(forUpdate bool) (*ent.ReadinessPlan, error) {
		q := tx.ReadinessPlan.Query().Where(readinessplan.ID(id))
		if forUpdate {
			q.ForUpdate()
		}
		return q.Only(ctx)
	})
}

// planError is a step the plan's status does not allow.
func planError(p *ent.ReadinessPlan, msg string) *services.Error {
	return &services.Error{Kind: services.KindConflict, Code: "invalid_transition", Message: msg,
		Extra: map[string]any{"current_status": string(p.Status)}}
}
