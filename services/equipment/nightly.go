package equipment

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/equipment"
	"github.com/hearthsafety/hearth/ent/tenant"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
)

// nightlyBatch is how many units the nightly pass reconciles in one
// transaction: short transactions, so writes of the day wait little.
const nightlyBatch = 2000

// NightlyResult says what a nightly pass did.
type NightlyResult struct {
	Districts int
	Units     int
	Took      time.Duration
}

// Nightly brings every district's clocks, and its units' state, next due
// date and condition, in line with the district's today: a unit crosses
// into due_soon or overdue by the calendar alone, with no change to any
// record. Clocks missing (units entered before a rule existed) are laid and
// planned; clocks whose due date did not move keep their reminders. It
// runs under System (every district, on behalf of none); `hearth worker`
// runs it daily.
func (s *Service) Nightly(ctx context.Context) (NightlyResult, error) {
	start := time.Now()
	ctx = policy.System(ctx)
	ts, err := s.client.Tenant.Query().Where(tenant.Disabled(false)).All(ctx)
	if err != nil {
		return NightlyResult{}, err
	}
	var res NightlyResult
	for _, t := range ts {
		r, err := s.reconciler(ctx, t.ID)
		if err != nil {
			return res, err
		}
		r.planAll = false
		// Each batch read and written in its own transaction, so a unit
		// edited meanwhile is reconciled as it is now.
		var after *uuid.UUID
		for {
			var n int
			err := services.InTx(ctx, s.client, func(tx *ent.Tx) error {
				q := tx.Equipment.Query().Where(equipment.TenantID(t.ID))
				if after != nil {
					q.Where(equipment.IDGT(*after))
				}
				eqs, err := q.Order(ent.Asc(equipment.FieldID)).Limit(nightlyBatch).All(ctx)
				if err != nil || len(eqs) == 0 {
					return err
				}
				n, after = len(eqs), &eqs[len(eqs)-1].ID
				return r.run(ctx, tx, eqs)
			})
			if err != nil {
				return res, err
			}
			res.Units += n
			if n < nightlyBatch {
				break
			}
		}
		res.Districts++
	}
	s.engine.Kick()
	res.Took = time.Since(start)
	return res, nil
}
