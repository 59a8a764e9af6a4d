package reminders

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/notification"
)

// ReadDigest marks one of the viewer's digests read at at; reading twice
// keeps the first time. ctx carries the viewer: an inbox is its owner's
// alone, and another's digest is not found.
func ReadDigest(ctx context.Context, client *ent.Client, id uuid.UUID, at time.Time) error {
	n, err := client.Notification.Get(ctx, id)
	if err != nil || n.ReadAt != nil {
		return err
	}
	return client.Notification.Update().Where(notification.ID(id), notification.ReadAtIsNil()).
		SetReadAt(at.UTC()).Exec(ctx)
}

// ReadAllDigests marks every unread digest of the viewer read at at, and
// returns how many it marked.
func ReadAllDigests(ctx context.Context, client *ent.Client, at time.Time) (int, error) {
	return client.Notification.Update().Where(notification.ReadAtIsNil()).SetReadAt(at.UTC()).Save(ctx)
}
