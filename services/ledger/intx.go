package ledger

import (
	"context"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
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
// linked to a heating site and unit (either may be nil), reading outside
// the transaction it will be written in (CreateTx).
func (s *Service) Prepare(ctx context.Context, in CreateInput, siteID, equipmentID *uuid.UUID) (*Prepared, error) {
	pl, err := s.planner(ctx, policy.FromContext(ctx))
	if err != nil {
		return nil, err
	}
	return s.prepare(ctx, s.client, in, Link{SiteID: siteID, EquipmentID: equipmentID}, pl)
}

// prepare checks in as c sees the district, for a hazard linked by link
// whose reminders pl plans.
func (s *Service) prepare(ctx context.Context, c *ent.Client, in CreateInput, link Link, pl planner) (*Prepared, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	place, bad, err := check(ctx, accounts.NewPlaces(c), &in, s.Today(ctx))
	if err != nil {
		return nil, err
	}
	if len(bad) > 0 {
		return nil, services.Invalid(bad...)
	}
	return &Prepared{in: in, place: place, year: yearOf(s.Today(ctx)), pl: pl, site: link.SiteID, equip: link.EquipmentID}, nil
}

// CreateIn checks and records a hazard inside tx, the transaction of
// another module's change that opens it (a failing inspection record),
// reading through tx; pl is the district's planner, read before tx
// (reminders.Engine.Planner); nil plans no reminders.
func (s *Service) CreateIn(ctx context.Context, tx *ent.Tx, pl *reminders.Planner, in CreateInput, link Link) (*ent.Hazard, error) {
	p, err := s.prepare(ctx, tx.Client(), in, link, planner{pl})
	if err != nil {
		return nil, err
	}
	return s.CreateTx(ctx, tx, p)
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
