package alarms

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/alarmcampaign"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/predicate"
	"github.com/hearthsafety/hearth/ent/premise"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
)

// nightlyBatch is how many premises the nightly pass reads at a time; each
// premise it changes is changed in a transaction of its own, under its row
// lock, so the day's writes wait little.
const nightlyBatch = 500

// NightlyResult says what a nightly pass did.
type NightlyResult struct {
	Districts int
	// Expired counts the working devices past their replacement date (the
	// premise's device state: no row changes, validity is derived).
	Expired int
	// Opened and Closed count the alarm_missing hazards the pass opened
	// (restaurants whose alarm expired, or none open for another reason)
	// and closed (a restaurant valid again or no longer one).
	Opened, Closed int
	// Pace and Replace count the reminder records planned: campaign ×
	// organisation for the month, company × replacement date.
	Pace, Replace int
	Took          time.Duration
}

// SystemViewer is the system acting in a district, as the bureau's
// organisation and nobody's user: the ledger names it 系统 (no user), and
// the places it checks are the whole district's.
func SystemViewer(ctx context.Context, c *ent.Client, t *ent.Tenant) (*policy.Viewer, error) {
	b, err := c.Org.Query().Where(org.TenantID(t.ID), org.KindEQ(enum.OrgBureau), org.Disabled(false)).
		Order(ent.Asc(org.FieldID)).First(policy.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("district %s has no bureau to act for: %w", t.Slug, err)
	}
	return &policy.Viewer{TenantID: t.ID, TenantSlug: t.Slug, Timezone: t.Timezone, OrgID: b.ID, OrgName: b.Name,
		OrgKind: enum.OrgBureau}, nil
}

// Nightly brings every district's alarms in line with its today: a
// restaurant whose device passed its replacement date (validity is derived
// from the premise's device state) gets its alarm_missing hazard through
// syncHazard, as any change would give it, and one valid again has it
// closed; the month's pace reminders and the replacement reminders of the
// coming dates are planned. It runs as each district's system viewer;
// `hearth worker` runs it daily. Running it twice changes nothing more.
func (s *Service) Nightly(ctx context.Context) (NightlyResult, error) {
	start := time.Now()
	var res NightlyResult
	ts, err := enabledTenants(ctx, s.client)
	if err != nil {
		return res, err
	}
	for _, t := range ts {
		if err := s.nightlyDistrict(ctx, t, &res); err != nil {
			return res, fmt.Errorf("district %s: %w", t.Slug, err)
		}
		res.Districts++
	}
	if s.engine != nil {
		s.engine.Kick()
	}
	res.Took = time.Since(start)
	return res, nil
}

func (s *Service) nightlyDistrict(ctx context.Context, t *ent.Tenant, res *NightlyResult) error {
	v, err := SystemViewer(ctx, s.client, t)
	if err != nil {
		return err
	}
	// The system viewer, not System: the pass reaches the whole district
	// (the bureau's scope) and no other, its creates take the district
	// from it, and the ledger records 系统 (no user).
	ctx = policy.NewContext(ctx, v)
	today := s.Today(ctx)
	n, err := s.client.Premise.Query().Where(premise.TenantID(t.ID), premise.DeviceStatusIn(WorkingStatuses...),
		premise.DeviceReplaceOnLT(today)).Count(ctx)
	if err != nil {
		return err
	}
	res.Expired += n
	pl, err := s.planner(ctx, t.ID)
	if err != nil {
		return err
	}
	if err := s.nightlyHazards(ctx, t.ID, pl, today, res); err != nil {
		return err
	}
	if pl == nil {
		return nil
	}
	return s.nightlyReminders(ctx, t.ID, pl, today, res)
}

// hazardOut are the premises whose alarm_missing hazard is out of line on
// today: a restaurant in use, not vacant, without a valid device and
// without an open hazard; or one with a hazard that is valid again or no
// longer needs one. syncHazard decides each under its row lock.
func hazardOut(tenantID uuid.UUID, today string) predicate.Premise {
	invalid := premise.Or(premise.DeviceStatusIsNil(), premise.DeviceStatusNotIn(WorkingStatuses...),
		premise.DeviceReplaceOnIsNil(), premise.DeviceReplaceOnLT(today))
	needs := premise.And(premise.UserTypeNEQ(enum.UserResident), premise.StatusEQ(enum.PremiseActive),
		premise.TagsContains(","+string(enum.TagRestaurant)+","))
	return premise.And(premise.TenantID(tenantID), premise.Or(
		premise.And(premise.HazardIDIsNil(), needs, invalid),
		premise.And(premise.HazardIDNotNil(), premise.Or(premise.Not(needs), premise.Not(invalid)))))
}

func (s *Service) nightlyHazards(ctx context.Context, tenantID uuid.UUID, pl *reminders.Planner, today string, res *NightlyResult) error {
	after := uuid.Nil
	for {
		ids, err := s.client.Premise.Query().Where(hazardOut(tenantID, today), premise.IDGT(after)).
			Order(ent.Asc(premise.FieldID)).Limit(nightlyBatch).IDs(ctx)
		if err != nil || len(ids) == 0 {
			return err
		}
		after = ids[len(ids)-1]
		for _, id := range ids {
			err := services.InTx(ctx, s.client, func(tx *ent.Tx) error {
				p, err := lockPremise(ctx, tx, id)
				if err != nil {
					return err
				}
				had := p.HazardID != nil
				np, err := s.syncHazard(ctx, tx, pl, p, today, "")
				if err != nil {
					return err
				}
				switch has := np.HazardID != nil; {
				case has && !had:
					res.Opened++
				case had && !has:
					res.Closed++
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("premise %s: %w", id, err)
			}
		}
		if len(ids) < nightlyBatch {
			return nil
		}
	}
}

// nightlyReminders plans each campaign's pace records for the month (a
// campaign no longer active has its scheduled ones cancelled) and the
// replacement records of dates coming within ReplaceHorizon that have none.
func (s *Service) nightlyReminders(ctx context.Context, tenantID uuid.UUID, pl *reminders.Planner, today string, res *NightlyResult) error {
	cs, err := s.client.AlarmCampaign.Query().Where(alarmcampaign.TenantID(tenantID)).All(ctx)
	if err != nil {
		return err
	}
	var pace []reminders.Due
	for _, c := range cs {
		ds, err := PaceDues(ctx, s.client, c, today)
		if err != nil {
			return err
		}
		pace = append(pace, ds...)
	}
	repl, err := ReplaceDues(ctx, s.client, tenantID, today)
	if err != nil {
		return err
	}
	if repl, err = unplannedOf(ctx, s.client, ReplaceSubject, repl); err != nil {
		return err
	}
	for i := range repl {
		repl[i].New = true // its id names its date: nothing else to cancel
	}
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if err := pl.Plan(ctx, tx, pace...); err != nil {
			return err
		}
		return pl.Plan(ctx, tx, repl...)
	})
	if err != nil {
		return err
	}
	for _, d := range pace {
		if !d.Closed {
			res.Pace++
		}
	}
	res.Replace += len(repl)
	return nil
}
