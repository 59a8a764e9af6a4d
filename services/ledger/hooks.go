package ledger

// What another module needs to keep its own records in step with a hazard
// inside one transaction: a hook every change of a hazard's status (or
// street) calls, and the steps the renovation's occupation points take on
// their hazards (fold into a project, eliminate, verify, an extension when
// the project's end moves) done inside the caller's transaction.

import (
	"context"
	"sync"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/extension"
	"github.com/hearthsafety/hearth/ent/hazard"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
)

// Hook is told, in the transaction of the change, of a hazard whose status,
// deadline or street changed, whichever route changed it (a lifecycle step,
// an edit, an approved extension, another module's step in). A module
// keeping a record per hazard (an occupation point) brings it in line; an
// error rolls the change back. today is the district's date by the
// ledger's clock.
type Hook func(ctx context.Context, tx *ent.Tx, h *ent.Hazard, today string) error

var (
	hooksMu sync.RWMutex
	hooks   []Hook
)

// OnChange registers a hook; a module calls it from its package's init, so
// every process linking the module keeps its records in step.
func OnChange(f Hook) {
	hooksMu.Lock()
	defer hooksMu.Unlock()
	hooks = append(hooks, f)
}

// changed runs the hooks on h in tx.
func (s *Service) changed(ctx context.Context, tx *ent.Tx, h *ent.Hazard) error {
	today := s.Today(ctx)
	hooksMu.RLock()
	hs := append([]Hook(nil), hooks...)
	hooksMu.RUnlock()
	for _, f := range hs {
		if err := f(ctx, tx, h, today); err != nil {
			return err
		}
	}
	return nil
}

// StepIn takes step on the hazard id inside tx, another module's
// transaction (eliminating an occupation point submits its hazard,
// verifying the point verifies it): the hazard's row is locked, its status
// checked, its history, reminders and hooks written as Take writes them.
// The caller checks the evidence a submit needs, and kicks the relay after
// the commit; pl is the district's planner (nil: none).
func (s *Service) StepIn(ctx context.Context, tx *ent.Tx, pl *reminders.Planner, id uuid.UUID, step Step, note string) (*ent.Hazard, error) {
	if len([]rune(note)) > MaxNote {
		return nil, services.Invalid(services.Field("note", "must be at most 2000 long"))
	}
	if step.NeedNote && note == "" {
		return nil, services.Invalid(services.Field("note", "is required for "+step.Action))
	}
	cur, err := lockHazard(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if cur.Status != step.From {
		return nil, transitionError(cur, step.Action+" is not allowed from "+string(cur.Status))
	}
	return s.take(ctx, tx, policy.FromContext(ctx), planner{pl}, cur, step, note)
}

// take writes step on cur in tx: the status (named in the update, so of
// two racing steps one wins), its history, its reminders and the hooks.
func (s *Service) take(ctx context.Context, tx *ent.Tx, v *policy.Viewer, pl planner, cur *ent.Hazard, step Step, note string) (*ent.Hazard, error) {
	u := tx.Hazard.UpdateOneID(cur.ID).Where(hazard.StatusEQ(step.From)).AddVersion(1).SetStatus(step.To)
	switch step {
	case Submit:
		u.SetRectificationNote(note)
	case Verify:
		u.SetVerifiedBy(v.UserID).SetVerifiedByName(personName(v)).SetVerifiedOn(s.Today(ctx))
	}
	h, err := u.Save(ctx)
	if ent.IsNotFound(err) {
		return nil, errLostRace
	} else if err != nil {
		return nil, err
	}
	if step == Verify {
		if err := pl.plan(ctx, tx, ReminderDue(h, false)); err != nil { // nothing more is sent
			return nil, err
		}
	}
	if err := addEvent(ctx, tx, v, h, step.Action, string(step.From), string(step.To), note, nil); err != nil {
		return nil, err
	}
	return h, s.changed(ctx, tx, h)
}

// Reschedule is what another module sets on an open hazard it takes over
// or gives back (an occupation point folded into a renovation project and
// out of it): a new deadline, rectifying when it was only reported, and
// the history event that says why.
type Reschedule struct {
	Deadline string
	// Rectify moves a reported hazard to rectifying (the work is planned).
	Rectify bool
	Action  string
	Note    string
	Details map[string]any
}

// RescheduleIn sets r on the open hazard id inside tx: its deadline moves
// (with its reminders) without an extension request, because the caller's
// own rule sets it (the project's planned end); a verified or rectified
// hazard is refused. The caller kicks the relay after the commit.
func (s *Service) RescheduleIn(ctx context.Context, tx *ent.Tx, pl *reminders.Planner, id uuid.UUID, r Reschedule) (*ent.Hazard, error) {
	if !services.ValidDate(r.Deadline) {
		return nil, services.Invalid(services.Field("deadline", "must be a date"))
	}
	cur, err := lockHazard(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	switch cur.Status {
	case enum.StatusVerified:
		return nil, transitionError(cur, "该隐患已销号，不能再调整")
	case enum.StatusRectified:
		return nil, errAwaiting(cur)
	}
	v := policy.FromContext(ctx)
	u := tx.Hazard.UpdateOneID(cur.ID).AddVersion(1).SetDeadline(r.Deadline)
	to := ""
	if r.Rectify && cur.Status == enum.StatusReported {
		u.SetStatus(enum.StatusRectifying)
		to = string(enum.StatusRectifying)
	}
	h, err := u.Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := (planner{pl}).plan(ctx, tx, ReminderDue(h, false)); err != nil {
		return nil, err
	}
	from := ""
	if to != "" {
		from = string(cur.Status)
	}
	details := map[string]any{"previous_deadline": cur.Deadline, "deadline": r.Deadline}
	for k, x := range r.Details {
		details[k] = x
	}
	if err := addEvent(ctx, tx, v, h, r.Action, from, to, r.Note, details); err != nil {
		return nil, err
	}
	return h, s.changed(ctx, tx, h)
}

// ErrExtensionPending is a request for an extension refused because one
// awaits a decision already (one pending request at a time).
var ErrExtensionPending = services.Errorf(services.KindConflict, "extension_pending", "this hazard has an extension request awaiting a decision")

// RequestExtensionIn asks for a later deadline for the hazard id inside
// tx, as RequestExtension does (the hazard locked; one pending request at
// a time: ErrExtensionPending otherwise): a renovation project's planned
// end moved later asks it for every hazard folded into the project.
func (s *Service) RequestExtensionIn(ctx context.Context, tx *ent.Tx, id uuid.UUID, in ExtensionInput) (*ent.Extension, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	h, err := lockHazard(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	return requestIn(ctx, tx, policy.FromContext(ctx), h, in)
}

// requestIn records an extension request on the locked hazard h.
func requestIn(ctx context.Context, tx *ent.Tx, v *policy.Viewer, h *ent.Hazard, in ExtensionInput) (*ent.Extension, error) {
	if h.Status == enum.StatusVerified {
		return nil, transitionError(h, "a verified hazard needs no new deadline")
	}
	if in.Deadline <= h.Deadline {
		return nil, services.Invalid(services.Field("deadline", "must be later than the current deadline "+h.Deadline))
	}
	open, err := tx.Extension.Query().Where(extension.HazardID(h.ID), extension.StatusEQ(enum.ExtensionPending)).Exist(ctx)
	if err != nil {
		return nil, err
	}
	if open {
		return nil, ErrExtensionPending
	}
	e, err := tx.Extension.Create().SetHazardID(h.ID).SetCompanyID(h.CompanyID).SetStreetID(h.StreetID).
		SetRequestedDeadline(in.Deadline).SetPreviousDeadline(h.Deadline).SetNote(in.Note).
		SetRequestedBy(v.UserID).SetRequestedByName(personName(v)).Save(ctx)
	if ent.IsConstraintError(err) { // extension_one_pending: the database's own word on it
		return nil, ErrExtensionPending
	} else if err != nil {
		return nil, err
	}
	return e, addEvent(ctx, tx, v, h, "extension_requested", "", "", in.Note,
		map[string]any{"extension_id": e.ID, "requested_deadline": in.Deadline})
}
