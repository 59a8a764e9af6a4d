package alarms

// The campaigns' service: campaigns and their targets (the bureau's), the
// premises a gas company serves, their visits and devices (the company's),
// and the rates. It copies the heating register's shape
// (services/equipment): methods take the viewer from ctx and typed inputs
// checked by services.Check; one services.InTx holds a change, its audit
// entries (ent hooks), the premise's device state it moves and the
// alarm_missing hazard it opens or closes.

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/alarmcampaign"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/ledger"
	"github.com/hearthsafety/hearth/storage"
)

// Service is the campaigns' rules over a database.
type Service struct {
	client  *ent.Client
	engine  *reminders.Engine
	storage storage.Store
	now     func() time.Time
	ledger  *ledger.Service
	// inTx: client is a transaction's, one connection that runs one query
	// at a time (reads that could run side by side run in turn).
	inTx bool
}

// New is the campaigns over client; engine plans reminders (nil: none),
// store keeps device photos, now is the clock (time.Now when nil).
func New(client *ent.Client, engine *reminders.Engine, store storage.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{client: client, engine: engine, storage: store, now: now,
		ledger: ledger.New(client, engine, store, now)}
}

// Today is the date in the district of the viewer in ctx.
func (s *Service) Today(ctx context.Context) string {
	return ledger.TodayOf(policy.FromContext(ctx), s.now())
}

// gasOnly refuses a change to premises, visits and devices by anyone but a
// gas company's people: the premises are theirs (PERMISSIONS.md, "Gas").
func gasOnly(v *policy.Viewer) error {
	if v == nil || v.OrgKind != enum.OrgGasCompany {
		return services.ErrForbidden
	}
	return nil
}

// bureauOnly refuses a change to campaigns and targets by anyone but the
// bureau: it decides them.
func bureauOnly(v *policy.Viewer) error {
	if v == nil || v.Scope() != policy.ScopeDistrict {
		return services.ErrForbidden
	}
	return nil
}

// personName is how the viewer is named where a record keeps who acted.
func personName(v *policy.Viewer) string {
	if v.DisplayName != "" {
		return v.DisplayName
	}
	return v.Username
}

// CampaignInput is a new campaign, as POST /alarm_campaigns gives it.
type CampaignInput struct {
	Name              string               `json:"name" validate:"required,max=100"`
	Scope             enum.CampaignScope   `json:"scope" validate:"required,enum"`
	Year              int                  `json:"year" validate:"required,min=2000,max=2100"`
	StartOn           string               `json:"start_on" validate:"required,date"`
	DueOn             string               `json:"due_on" validate:"required,date"`
	Funding           *enum.Funding        `json:"funding" validate:"omitnil,enum"`
	NetworkedRequired bool                 `json:"networked_required"`
	ShutoffRequired   bool                 `json:"shutoff_required"`
	Milestones        []enum.Milestone     `json:"milestones" validate:"max=12"`
	CompanyIDs        []uuid.UUID          `json:"company_ids" validate:"max=50"`
	Status            *enum.CampaignStatus `json:"status" validate:"omitnil,enum"`
	Note              string               `json:"note" validate:"max=2000"`
}

// CampaignPatch changes a campaign's fields; nil leaves one as it is.
type CampaignPatch struct {
	Name              *string              `json:"name" validate:"omitnil,min=1,max=100"`
	Scope             *enum.CampaignScope  `json:"scope" validate:"omitnil,enum"`
	StartOn           *string              `json:"start_on" validate:"omitnil,date"`
	DueOn             *string              `json:"due_on" validate:"omitnil,date"`
	Funding           *enum.Funding        `json:"funding" validate:"omitnil,enum"`
	NetworkedRequired *bool                `json:"networked_required"`
	ShutoffRequired   *bool                `json:"shutoff_required"`
	Milestones        []enum.Milestone     `json:"milestones" validate:"omitempty,max=12"`
	CompanyIDs        []uuid.UUID          `json:"company_ids" validate:"omitempty,max=50"`
	Status            *enum.CampaignStatus `json:"status" validate:"omitnil,enum"`
	Note              *string              `json:"note" validate:"omitnil,max=2000"`
}

// campaignStatusNext are the moves of a campaign's status: draft → active
// → closing → closed, and back from closing to active.
var campaignStatusNext = map[enum.CampaignStatus][]enum.CampaignStatus{
	enum.CampaignDraft:   {enum.CampaignActive},
	enum.CampaignActive:  {enum.CampaignClosing},
	enum.CampaignClosing: {enum.CampaignActive, enum.CampaignClosed},
}

// checkCampaign holds a campaign's dates, milestones and companies to the
// rules a form cannot.
func (s *Service) checkCampaign(ctx context.Context, year int, start, due string, ms []enum.Milestone, companies []uuid.UUID) ([]services.FieldError, error) {
	var bad []services.FieldError
	if services.ValidDate(start) && services.ValidDate(due) && due < start {
		bad = append(bad, services.Field("due_on", "must be on or after start_on"))
	}
	for _, m := range ms {
		d, err := MilestoneDate(year, m.On)
		switch {
		case err != nil:
			bad = append(bad, services.Field("milestones", "each milestone's on must be MM-DD or YYYY-MM-DD"))
		case m.Percent <= 0 || m.Percent > 100:
			bad = append(bad, services.Field("milestones", "each milestone's percent must be above 0 and at most 100"))
		case services.ValidDate(start) && d < start:
			bad = append(bad, services.Field("milestones", "a milestone cannot fall before start_on"))
		}
	}
	if len(companies) > 0 {
		n, err := s.client.Org.Query().Where(orgGasCompanies(companies)...).Count(ctx)
		if err != nil {
			return nil, err
		}
		if n != len(uniq(companies)) {
			bad = append(bad, services.Field("company_ids", "must be gas companies of this district"))
		}
	}
	return bad, nil
}

func uniq(ids []uuid.UUID) []uuid.UUID {
	out := slices.Clone(ids)
	slices.SortFunc(out, func(a, b uuid.UUID) int { return compareUUID(a, b) })
	return slices.Compact(out)
}

func compareUUID(a, b uuid.UUID) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

var errCampaignName = services.Invalid(services.Field("name", "the district has a campaign of this name already"))

// CreateCampaign opens a campaign of the bureau's district.
func (s *Service) CreateCampaign(ctx context.Context, in CampaignInput) (*ent.AlarmCampaign, error) {
	if err := bureauOnly(policy.FromContext(ctx)); err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	bad, err := s.checkCampaign(ctx, in.Year, in.StartOn, in.DueOn, in.Milestones, in.CompanyIDs)
	if err != nil {
		return nil, err
	}
	if len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	status := enum.CampaignActive
	if in.Status != nil {
		status = *in.Status
	}
	var out *ent.AlarmCampaign
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if taken, err := tx.AlarmCampaign.Query().Where(alarmcampaign.Name(in.Name)).Exist(ctx); err != nil {
			return err
		} else if taken {
			return errCampaignName
		}
		c := tx.AlarmCampaign.Create().SetName(in.Name).SetScope(in.Scope).SetYear(in.Year).
			SetStartOn(in.StartOn).SetDueOn(in.DueOn).SetNillableFunding(in.Funding).
			SetNetworkedRequired(in.NetworkedRequired).SetShutoffRequired(in.ShutoffRequired).
			SetStatus(status).SetNote(in.Note)
		if in.Milestones != nil {
			c.SetMilestones(in.Milestones)
		}
		if in.CompanyIDs != nil {
			c.SetCompanyIds(uniq(in.CompanyIDs))
		}
		out, err = c.Save(ctx)
		return err
	})
	return out, err
}

// GetCampaign reads a campaign of the viewer's district.
func (s *Service) GetCampaign(ctx context.Context, id uuid.UUID) (*ent.AlarmCampaign, error) {
	return s.client.AlarmCampaign.Get(ctx, id)
}

// EditCampaign changes the campaign id at version.
func (s *Service) EditCampaign(ctx context.Context, id uuid.UUID, version int64, in CampaignPatch) (*ent.AlarmCampaign, error) {
	if err := bureauOnly(policy.FromContext(ctx)); err != nil {
		return nil, err
	}
	cur, err := s.client.AlarmCampaign.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	start, due, ms, cs := cur.StartOn, cur.DueOn, cur.Milestones, cur.CompanyIds
	if in.StartOn != nil {
		start = *in.StartOn
	}
	if in.DueOn != nil {
		due = *in.DueOn
	}
	if in.Milestones != nil {
		ms = in.Milestones
	}
	bad, err := s.checkCampaign(ctx, cur.Year, start, due, ms, in.CompanyIDs)
	if err != nil {
		return nil, err
	}
	_ = cs
	if in.Status != nil && *in.Status != cur.Status && !slices.Contains(campaignStatusNext[cur.Status], *in.Status) {
		bad = append(bad, services.Field("status", "a campaign moves draft → active → closing → closed (closing may go back to active); not "+
			cur.Status.Label()+" → "+in.Status.Label()))
	}
	if len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	if cur.Version != version {
		return nil, services.ErrStale
	}
	var out *ent.AlarmCampaign
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if in.Name != nil && *in.Name != cur.Name {
			if taken, err := tx.AlarmCampaign.Query().Where(alarmcampaign.Name(*in.Name)).Exist(ctx); err != nil {
				return err
			} else if taken {
				return errCampaignName
			}
		}
		u := tx.AlarmCampaign.UpdateOneID(id).Where(alarmcampaign.Version(version)).AddVersion(1).
			SetNillableName(in.Name).SetNillableScope(in.Scope).SetNillableStartOn(in.StartOn).
			SetNillableDueOn(in.DueOn).SetNillableFunding(in.Funding).
			SetNillableNetworkedRequired(in.NetworkedRequired).SetNillableShutoffRequired(in.ShutoffRequired).
			SetNillableStatus(in.Status).SetNillableNote(in.Note)
		if in.Milestones != nil {
			u.SetMilestones(in.Milestones)
		}
		if in.CompanyIDs != nil {
			u.SetCompanyIds(uniq(in.CompanyIDs))
		}
		if out, err = u.Save(ctx); ent.IsNotFound(err) {
			return services.ErrStale
		}
		return err
	})
	return out, err
}
