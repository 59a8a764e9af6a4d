package ledger

import (
	"context"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
)

// The system's own steps: a module whose records open a hazard by rule (a
// restaurant without a valid gas alarm) also closes it by rule when the
// record mends (a new valid device), and a nightly pass may open one on
// behalf of nobody. Such steps name the system as their actor.

// SystemActor is how the system is named in a hazard's history and as its
// verifier.
const SystemActor = "系统"

// actorID is the viewer's user, nil for the system (no viewer).
func actorID(v *policy.Viewer) *uuid.UUID {
	if v == nil || v.UserID == uuid.Nil {
		return nil
	}
	id := v.UserID
	return &id
}

// actorName is the viewer's username, SystemActor for the system.
func actorName(v *policy.Viewer) string {
	if v == nil || v.Username == "" {
		return SystemActor
	}
	return v.Username
}

// CloseIn verifies the hazard id (销号) inside tx as the system, whatever
// open status it is in, because the record it is about has mended: note
// says why and details name the record (a device's serial number). The
// hazard's row is locked first; one already verified is left as it is
// (answered unchanged). pl is the district's planner read before tx (nil:
// none); the caller kicks the relay after the commit.
func (s *Service) CloseIn(ctx context.Context, tx *ent.Tx, pl *reminders.Planner, id uuid.UUID, note string, details map[string]any) (*ent.Hazard, error) {
	cur, err := lockHazard(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if cur.Status == enum.StatusVerified {
		return cur, nil
	}
	h, err := tx.Hazard.UpdateOneID(cur.ID).Where(hazard.Version(cur.Version)).AddVersion(1).
		SetStatus(enum.StatusVerified).ClearVerifiedBy().SetVerifiedByName(SystemActor).
		SetVerifiedOn(s.Today(ctx)).Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := (planner{pl}).plan(ctx, tx, ReminderDue(h, false)); err != nil {
		return nil, err
	}
	if err := eventOf(tx, nil, h, "verify", string(cur.Status), string(h.Status), note, details).Exec(ctx); err != nil {
		return nil, err
	}
	// Another module's record on this hazard follows it, as after any step.
	return h, s.changed(ctx, tx, h)
}
