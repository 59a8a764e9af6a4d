package ledger

// Hazards another module records or moves many at a time inside its own
// transaction: a batch of occupation points recorded with their hazards
// (and folded into a project at once), evidence attached in the step's
// transaction. One transaction for a batch instead of one for each.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/attachment"
	"github.com/hearthsafety/hearth/ent/schema/enum"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/accounts"
)

// Opening is one hazard of a bulk create (CreateManyIn) and, when Then is
// set, the calling module's taking it over at once, as RescheduleIn would
// just after the create: Then's deadline, rectifying when Then.Rectify,
// and Then's history event.
type Opening struct {
	In   CreateInput
	Then *Reschedule
}

// CreateManyIn checks and records hazards in bulk inside tx: every input
// checked as Create checks one (the district's places read once), their
// numbers reserved in one step, the hazards, their history and their
// reminders inserted in bulk. A problem in any input writes nothing and
// names the input by its index (fields "3.deadline"). Hooks are not
// called: a hazard just created has no record of another module yet. Wrap
// ctx with audit.WithBatch and flush in tx to chain the audit entries in
// one step (as Import does); the caller kicks the relay after the commit.
func (s *Service) CreateManyIn(ctx context.Context, tx *ent.Tx, pl *reminders.Planner, ops []Opening) ([]*ent.Hazard, error) {
	if len(ops) == 0 {
		return nil, nil
	}
	v := policy.FromContext(ctx)
	places := accounts.NewPlaces(tx.Client())
	if err := places.Preload(ctx); err != nil {
		return nil, err
	}
	today := s.Today(ctx)
	placed := make([]accounts.Place, len(ops))
	for i := range ops {
		in := &ops[i].In
		err := services.Check(in)
		if err == nil {
			var bad []services.FieldError
			if placed[i], bad, err = check(ctx, places, in, today); err == nil && len(bad) > 0 {
				err = services.Invalid(bad...)
			}
		}
		if t := ops[i].Then; err == nil && t != nil && !services.ValidDate(t.Deadline) {
			err = services.Invalid(services.Field("deadline", "must be a date"))
		}
		if err != nil {
			return nil, indexed(i, err)
		}
	}
	year := yearOf(today)
	next, err := services.Reserve(ctx, tx, CodeSeries, year, len(ops))
	if err != nil {
		return nil, err
	}
	hs := make([]*ent.Hazard, 0, len(ops))
	for part := range slices.Chunk(ops, bulkRows) {
		creates := make([]*ent.HazardCreate, len(part))
		for i := range part {
			op := &part[i]
			c := createOf(tx, v, &op.In, placed[len(hs)+i], Code(year, next))
			next++
			if op.Then != nil {
				c.SetDeadline(op.Then.Deadline)
				if op.Then.Rectify {
					c.SetStatus(enum.StatusRectifying)
				}
			}
			creates[i] = c
		}
		saved, err := tx.Hazard.CreateBulk(creates...).Save(ctx)
		if err != nil {
			return nil, err
		}
		hs = append(hs, saved...)
	}
	var events []*ent.HazardEventCreate
	for i, h := range hs {
		op := &ops[i]
		if op.Then == nil {
			events = append(events, eventOf(tx, v, h, "create", "", string(h.Status), "", nil))
			continue
		}
		events = append(events, eventOf(tx, v, h, "create", "", string(enum.StatusReported), "", nil))
		from, to := "", ""
		if h.Status != enum.StatusReported {
			from, to = string(enum.StatusReported), string(h.Status)
		}
		details := map[string]any{"previous_deadline": op.In.Deadline, "deadline": op.Then.Deadline}
		for k, x := range op.Then.Details {
			details[k] = x
		}
		events = append(events, eventOf(tx, v, h, op.Then.Action, from, to, op.Then.Note, details))
	}
	for part := range slices.Chunk(events, bulkRows) {
		if err := tx.HazardEvent.CreateBulk(part...).Exec(ctx); err != nil {
			return nil, err
		}
	}
	dues := make([]reminders.Due, len(hs))
	for i, h := range hs {
		dues[i] = ReminderDue(h, true)
	}
	return hs, (planner{pl}).plan(ctx, tx, dues...)
}

// indexed names the input i in a service error's fields ("3.deadline"),
// or in its message when it has none.
func indexed(i int, err error) error {
	var e *services.Error
	if !errors.As(err, &e) {
		return fmt.Errorf("input %d: %w", i, err)
	}
	out := *e
	out.Fields = make([]services.FieldError, len(e.Fields))
	for j, f := range e.Fields {
		out.Fields[j] = services.Field(fmt.Sprintf("%d.%s", i, f.Field), f.Message)
	}
	if len(out.Fields) == 0 {
		out.Message = fmt.Sprintf("第 %d 条：%s", i+1, e.Message)
	}
	return &out
}

// AttachIn stores a file of evidence for the hazard id inside tx, another
// module's step that needs it (a batch of occupation points eliminated
// with their photos): the hazard locked, the cap and the closed rule
// checked as Attach checks them, the record and its history event written
// in tx. The file is stored first and removed if the record fails; a
// caller whose transaction fails later leaves it unreferenced.
func (s *Service) AttachIn(ctx context.Context, tx *ent.Tx, id uuid.UUID, in Evidence) (*ent.Attachment, error) {
	if err := checkStage(in.Stage); err != nil {
		return nil, err
	}
	ctype, _, err := Sniff(in.Data)
	if err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	h, err := lockHazard(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if h.Status == enum.StatusVerified && v.Scope() != policy.ScopeDistrict {
		return nil, transitionError(h, "verified hazards are closed; only the bureau adds to them")
	}
	if n, err := tx.Attachment.Query().Where(attachment.HazardID(h.ID)).Count(ctx); err != nil {
		return nil, err
	} else if n >= MaxAttachments {
		return nil, errFull
	}
	sum := sha256.Sum256(in.Data)
	aid := uuid.Must(uuid.NewV7())
	key := fmt.Sprintf("%s/hazards/%s/%s%s", h.TenantID, h.ID, aid, evidenceTypes[ctype])
	if err := s.storage.Put(ctx, key, bytes.NewReader(in.Data)); err != nil {
		return nil, err
	}
	name := baseName(in.Filename)
	if name == "" {
		name = aid.String() + evidenceTypes[ctype]
	}
	x, err := tx.Attachment.Create().SetID(aid).SetHazardID(h.ID).SetCompanyID(h.CompanyID).SetStreetID(h.StreetID).
		SetStage(attachment.Stage(in.Stage)).SetFilename(name).SetContentType(ctype).SetSize(int64(len(in.Data))).
		SetSha256(hex.EncodeToString(sum[:])).SetStorageKey(key).SetUploadedBy(v.UserID).
		SetUploadedByName(personName(v)).Save(ctx)
	if err == nil {
		err = addEvent(ctx, tx, v, h, "attachment_added", "", "", "",
			map[string]any{"attachment_id": x.ID, "stage": in.Stage, "filename": name})
	}
	if err != nil {
		s.storage.Delete(ctx, key)
		return nil, err
	}
	return x, nil
}
