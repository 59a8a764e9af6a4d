package accounts

import (
	"context"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/policy"
)

// replan lays district t's open reminders not yet sent again, inside tx,
// after its ladder or zone moved or it came back from disabled. It runs
// under System: an operator may change a district and reaches none of its
// records. This and kick are the service's only ties to the reminder
// planner.
func (s *Service) replan(ctx context.Context, tx *ent.Tx, t *ent.Tenant) error {
	if s.engine == nil {
		return nil
	}
	return s.engine.Replan(policy.System(ctx), tx, t.ID)
}

// kick wakes the relay after a commit that re-laid reminders.
func (s *Service) kick() { s.engine.Kick() }
