package ledger

import (
	"context"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/extension"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/services"
)

// ExtensionInput asks for a later deadline, with a reason.
type ExtensionInput struct {
	Deadline string `json:"deadline" validate:"required,date"`
	Note     string `json:"note" validate:"required,max=2000"`
}

// RequestExtension asks for a later deadline for the hazard id. One request
// is open at a time; a verified hazard needs none.
func (s *Service) RequestExtension(ctx context.Context, id uuid.UUID, in ExtensionInput) (*ent.Extension, error) {
	h, err := s.client.Hazard.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	// Checked before the transaction to answer early, and again under the
	// hazard's lock: a verification or another decision may commit between.
	checkOpen := func(h *ent.Hazard) error {
		if h.Status == enum.StatusVerified {
			return transitionError(h, "a verified hazard needs no new deadline")
		}
		if in.Deadline <= h.Deadline {
			return services.Invalid(services.Field("deadline", "must be later than the current deadline "+h.Deadline))
		}
		return nil
	}
	if err := checkOpen(h); err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	var e *ent.Extension
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if h, err = lockHazard(ctx, tx, h.ID); err != nil { // one pending request at a time
			return err
		}
		if err := checkOpen(h); err != nil {
			return err
		}
		e, err = requestIn(ctx, tx, v, h, in)
		return err
	})
	return e, err
}

// DecideExtension approves or refuses the pending request eid of the hazard
// id. Approval moves the hazard's deadline, and its reminders with it; the
// original deadline stays as it was.
func (s *Service) DecideExtension(ctx context.Context, id, eid uuid.UUID, approve bool, note string) (*ent.Extension, error) {
	h, err := s.client.Hazard.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if len([]rune(note)) > MaxNote {
		return nil, services.Invalid(services.Field("note", "must be at most 2000 long"))
	}
	e, err := s.client.Extension.Query().Where(extension.ID(eid), extension.HazardID(h.ID)).Only(ctx)
	if err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	status, action := enum.ExtensionRefused, "extension_refused"
	if approve {
		status, action = enum.ExtensionApproved, "extension_approved"
	}
	pl, err := s.planner(ctx, v)
	if err != nil {
		return nil, err
	}
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if h, err = lockHazard(ctx, tx, h.ID); err != nil {
			return err
		}
		e, err = tx.Extension.UpdateOneID(e.ID).Where(extension.StatusEQ(enum.ExtensionPending)).
			AddVersion(1).SetStatus(status).SetDecidedBy(v.UserID).SetDecidedByName(personName(v)).
			SetDecidedAt(s.now().UTC()).SetDecisionNote(note).Save(ctx)
		if ent.IsNotFound(err) {
			return services.Errorf(services.KindConflict, "extension_decided", "this request was decided already")
		} else if err != nil {
			return err
		}
		// A request made before the hazard was verified is refused from then
		// on, never approved: a closed hazard's deadline stays.
		if approve && h.Status == enum.StatusVerified {
			return transitionError(h, "a verified hazard keeps its deadline; refuse the request instead")
		}
		if approve {
			if h, err = tx.Hazard.UpdateOneID(h.ID).AddVersion(1).SetDeadline(e.RequestedDeadline).Save(ctx); err != nil {
				return err
			}
			if err := pl.plan(ctx, tx, ReminderDue(h, false)); err != nil { // the ladder moves with the deadline
				return err
			}
			if err := s.changed(ctx, tx, h); err != nil {
				return err
			}
		}
		return addEvent(ctx, tx, v, h, action, "", "", note,
			map[string]any{"extension_id": e.ID, "requested_deadline": e.RequestedDeadline, "previous_deadline": e.PreviousDeadline})
	})
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return e, nil
}
