package ledger

import (
	"context"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/attachment"
	"github.com/hearthsafety/hearth/ent/extension"
	"github.com/hearthsafety/hearth/ent/hazardevent"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
)

// Step is one move of the lifecycle: from which status to which.
type Step struct {
	Action   string
	From, To enum.HazardStatus
	NeedNote bool
}

// The lifecycle: reported → start → rectifying → submit (evidence and a
// note) → rectified → verify → verified, or reject (a reason) back to
// rectifying.
var (
	Start  = Step{Action: "start", From: enum.StatusReported, To: enum.StatusRectifying}
	Submit = Step{Action: "submit", From: enum.StatusRectifying, To: enum.StatusRectified, NeedNote: true}
	Verify = Step{Action: "verify", From: enum.StatusRectified, To: enum.StatusVerified}
	Reject = Step{Action: "reject", From: enum.StatusRectified, To: enum.StatusRectifying, NeedNote: true}
)

// MaxNote bounds a step's note.
const MaxNote = 2000

// transitionError is a step the hazard's status does not allow; it carries
// the status found.
func transitionError(h *ent.Hazard, msg string) *services.Error {
	return &services.Error{Kind: services.KindConflict, Code: "invalid_transition", Message: msg,
		Extra: map[string]any{"current_status": string(h.Status)}}
}

// Take takes step on the hazard id with a note. The update names the status
// it leaves, so of two racing steps one wins and the other fails with the
// status it found.
func (s *Service) Take(ctx context.Context, id uuid.UUID, step Step, note string) (*ent.Hazard, error) {
	cur, err := s.client.Hazard.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if len([]rune(note)) > MaxNote {
		return nil, services.Invalid(services.Field("note", "must be at most 2000 long"))
	}
	if step.NeedNote && note == "" {
		return nil, services.Invalid(services.Field("note", "is required for "+step.Action))
	}
	if cur.Status != step.From {
		return nil, transitionError(cur, step.Action+" is not allowed from "+string(cur.Status))
	}
	if step == Submit {
		n, err := cur.QueryAttachments().Count(ctx)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, &services.Error{Kind: services.KindInvalid, Code: "evidence_required",
				Message: "attach at least one photo or PDF of the rectification before submitting"}
		}
	}
	v := policy.FromContext(ctx)
	var pl planner
	if step == Verify { // the one step that changes what is sent
		if pl, err = s.planner(ctx, v); err != nil {
			return nil, err
		}
	}
	var h *ent.Hazard
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		h, err = s.take(ctx, tx, v, pl, cur, step, note)
		return err
	})
	if err == errLostRace {
		if now, err := s.client.Hazard.Get(ctx, cur.ID); err == nil {
			return nil, transitionError(now, step.Action+" is not allowed from "+string(now.Status))
		}
	}
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return h, nil
}

var errLostRace = services.Errorf(services.KindConflict, "invalid_transition", "the hazard changed while this step ran")

// moveRecords puts a moved hazard's history, extension requests, evidence
// and reminders in its new street: the scope rule reads each record's own
// street_id, so left behind they would stay visible to the old street office
// and hidden from the new one. History, extensions and evidence are audited, so one
// at a time.
func moveRecords(ctx context.Context, tx *ent.Tx, h *ent.Hazard) error {
	events, err := tx.HazardEvent.Query().Where(hazardevent.HazardID(h.ID), hazardevent.StreetIDNEQ(h.StreetID)).IDs(ctx)
	if err != nil {
		return err
	}
	for _, id := range events {
		if err := tx.HazardEvent.UpdateOneID(id).SetStreetID(h.StreetID).Exec(ctx); err != nil {
			return err
		}
	}
	if err := reminders.MoveStreet(ctx, tx, ReminderSubject, h.ID, h.StreetID); err != nil {
		return err
	}
	exts, err := tx.Extension.Query().Where(extension.HazardID(h.ID)).All(ctx)
	if err != nil {
		return err
	}
	for _, e := range exts {
		if err := tx.Extension.UpdateOne(e).AddVersion(1).SetStreetID(h.StreetID).Exec(ctx); err != nil {
			return err
		}
	}
	atts, err := tx.Attachment.Query().Where(attachment.HazardID(h.ID)).All(ctx)
	if err != nil {
		return err
	}
	for _, x := range atts {
		if err := tx.Attachment.UpdateOne(x).SetStreetID(h.StreetID).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}
