package ledger

import (
	"context"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
)

// Prepared is a hazard checked for recording inside another module's
// transaction (CreateTx): a readiness acceptance's finding, a failing
// inspection. Checking reads outside that transaction; writing happens in
// it, with the hazard's history and reminders.
type Prepared struct {
	in          CreateInput
	place       accounts.Place
	year        int
	pl          planner
	site, equip *uuid.UUID
}

// Prepare checks a hazard to record for the viewer in ctx as Create would,
// linked to a heating site and unit (either may be nil).
func (s *Service) Prepare(ctx context.Context, in CreateInput, siteID, equipmentID *uuid.UUID) (*Prepared, error) {
	in.trim()
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	place, bad, err := check(ctx, accounts.NewPlaces(s.client), &in, s.Today(ctx))
	if err != nil {
		return nil, err
	}
	if len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	pl, err := s.planner(ctx, v)
	if err != nil {
		return nil, err
	}
	return &Prepared{in: in, place: place, year: yearOf(s.Today(ctx)), pl: pl, site: siteID, equip: equipmentID}, nil
}

// CreateTx records a prepared hazard in tx, with its history and its
// reminders. The caller kicks the reminder relay after the commit.
func (s *Service) CreateTx(ctx context.Context, tx *ent.Tx, p *Prepared) (*ent.Hazard, error) {
	v := policy.FromContext(ctx)
	n, err := services.Reserve(ctx, tx, CodeSeries, p.year, 1)
	if err != nil {
		return nil, err
	}
	h, err := createOf(tx, v, &p.in, p.place, Code(p.year, n)).SetNillableSiteID(p.site).SetNillableEquipmentID(p.equip).Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := addEvent(ctx, tx, v, h, "create", "", string(h.Status), "", nil); err != nil {
		return nil, err
	}
	return h, p.pl.plan(ctx, tx, ReminderDue(h, true))
}
