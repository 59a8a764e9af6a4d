package notify

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/reminder"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
)

// MarkRead marks the viewer's digest id read; reading twice keeps the first
// time.
func (s *Service) MarkRead(ctx context.Context, id uuid.UUID) error {
	return reminders.ReadDigest(ctx, s.client, id, s.now())
}

// MarkAllRead marks every digest of the viewer read and says how many were
// unread.
func (s *Service) MarkAllRead(ctx context.Context) (int, error) {
	return reminders.ReadAllDigests(ctx, s.client, s.now())
}

// RetryReminder schedules the failed reminder id again, due now, and audits
// it: the bureau's answer to a reminder that could not be delivered.
func (s *Service) RetryReminder(ctx context.Context, id uuid.UUID) (*ent.Reminder, error) {
	err := services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		r, err := reminders.Retry(ctx, tx, id, policy.FromContext(ctx).Username)
		if errors.Is(err, reminders.ErrNotFailed) {
			return &services.Error{Kind: services.KindConflict, Code: "not_failed",
				Message: "only a failed reminder can be retried", Extra: map[string]any{"state": string(r.State)}}
		}
		if err != nil {
			return err
		}
		return audit.Append(ctx, tx.Client(), audit.Entry{TenantID: r.TenantID, Action: "reminder.retry",
			RecordType: "reminder", RecordID: id,
			Before: map[string]any{"state": string(r.State), "attempts": r.Attempts, "last_error": r.LastError},
			After:  map[string]any{"state": string(reminder.StateScheduled), "attempts": 0}})
	})
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return s.client.Reminder.Get(ctx, id)
}
