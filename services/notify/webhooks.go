// Package notify is what people do with the reminder engine's output: an
// organisation's webhooks (add, change, delete, rotate a secret, send a test,
// send a failed delivery again), the inbox (mark read), and the bureau's
// retry of a failed reminder. The engine itself (package reminders) plans
// and delivers; the rules of managing what it delivers to live here.
package notify

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/webhook"
	"github.com/hearthsafety/hearth/ent/webhookdelivery"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	"github.com/hearthsafety/hearth/services"
)

// Service holds the rules over a database.
type Service struct {
	client       *ent.Client
	engine       *reminders.Engine
	allowPrivate bool
	now          func() time.Time
}

// New is the service over client; engine is kicked after a commit that gave
// it something to send (nil: the next relay pass finds it); allowPrivate
// lets webhooks reach loopback and private addresses (an intranet
// receiver, tests).
func New(client *ent.Client, engine *reminders.Engine, allowPrivate bool, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{client: client, engine: engine, allowPrivate: allowPrivate, now: now}
}

// MaxWebhooks is how many webhooks one organisation may have.
const MaxWebhooks = 10

// NewWebhook adds an organisation's webhook.
type NewWebhook struct {
	OrgID   *uuid.UUID `json:"org_id"` // the bureau names one; a company's is its own
	Name    string     `json:"name" validate:"required,max=100"`
	Kind    string     `json:"kind" validate:"required,oneof=generic wecom dingtalk"`
	URL     string     `json:"url" validate:"required,max=2000"`
	Secret  string     `json:"secret" validate:"max=200" trim:"no"` // DingTalk's 加签 secret; a generic webhook's is generated
	Enabled *bool      `json:"enabled"`
}

// WebhookPatch changes a webhook; nil leaves a field as it is.
type WebhookPatch struct {
	Name    *string `json:"name" validate:"omitnil,min=1,max=100"`
	URL     *string `json:"url" validate:"omitnil,max=2000"`
	Secret  *string `json:"secret" validate:"omitnil,max=200" trim:"no"` // DingTalk only
	Enabled *bool   `json:"enabled"`
}

// checkTarget refuses a URL a webhook may not call.
func (s *Service) checkTarget(ctx context.Context, raw string) error {
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := reminders.CheckTarget(cctx, raw, s.allowPrivate, nil); err != nil {
		msg := strings.TrimPrefix(err.Error(), reminders.ErrForbiddenTarget.Error()+": ")
		return services.Invalid(services.Field("url", msg))
	}
	return nil
}

func newSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return "whsec_" + hex.EncodeToString(b)
}

// CreateWebhook adds a webhook to an organisation the viewer manages: the
// bureau any of its district's, a company its own; at most MaxWebhooks
// each. A generic webhook's signing secret is generated (and shown once by
// the caller).
func (s *Service) CreateWebhook(ctx context.Context, in NewWebhook) (*ent.Webhook, error) {
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	v := policy.FromContext(ctx)
	orgID := v.OrgID
	if in.OrgID != nil {
		orgID = *in.OrgID
	}
	if v.Scope() != policy.ScopeDistrict && orgID != v.OrgID {
		return nil, services.Invalid(services.Field("org_id", "must be your own organisation"))
	}
	if ok, err := s.client.Org.Query().Where(org.ID(orgID)).Exist(ctx); err != nil {
		return nil, err
	} else if !ok {
		return nil, services.Invalid(services.Field("org_id", "no such organisation in this district"))
	}
	if err := s.checkCap(ctx, s.client, orgID); err != nil { // early, before the address is resolved
		return nil, err
	}
	if in.Secret != "" && in.Kind != string(webhook.KindDingtalk) {
		return nil, services.Invalid(services.Field("secret", "only a DingTalk robot takes a secret; a generic webhook's is generated"))
	}
	if err := s.checkTarget(ctx, in.URL); err != nil {
		return nil, err
	}
	secret := in.Secret
	if in.Kind == string(webhook.KindGeneric) {
		secret = newSecret()
	}
	var w *ent.Webhook
	err := services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		// The cap again, under the organisation's row lock: creates racing
		// for the last place do not all get it.
		if _, err := services.Locked(func(forUpdate bool) (*ent.Org, error) {
			q := tx.Org.Query().Where(org.ID(orgID))
			if forUpdate {
				q.ForUpdate()
			}
			return q.Only(ctx)
		}); err != nil {
			return err
		}
		if err := s.checkCap(ctx, tx.Client(), orgID); err != nil {
			return err
		}
		cr := tx.Webhook.Create().SetOrgID(orgID).SetName(in.Name).SetKind(webhook.Kind(in.Kind)).
			SetURL(in.URL).SetSecret(secret).SetCreatedBy(v.UserID)
		if in.Enabled != nil {
			cr.SetEnabled(*in.Enabled)
		}
		var err error
		w, err = cr.Save(ctx)
		return err
	})
	return w, err
}

// ChangeWebhook changes the webhook id at version (the ETag read).
func (s *Service) ChangeWebhook(ctx context.Context, id uuid.UUID, version int64, in WebhookPatch) (*ent.Webhook, error) {
	cur, err := s.client.Webhook.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := services.Check(&in); err != nil {
		return nil, err
	}
	if in.Secret != nil && cur.Kind != webhook.KindDingtalk {
		return nil, services.Invalid(services.Field("secret", "only a DingTalk robot takes a secret; rotate a generic webhook's"))
	}
	if in.URL != nil {
		if err := s.checkTarget(ctx, *in.URL); err != nil {
			return nil, err
		}
	}
	if cur.Version != version {
		return nil, services.ErrStale
	}
	return s.setWebhook(ctx, cur.ID, version, func(u *ent.WebhookUpdateOne) {
		u.SetNillableName(in.Name).SetNillableURL(in.URL).SetNillableSecret(in.Secret).SetNillableEnabled(in.Enabled)
	})
}

// RotateSecret gives a generic webhook a new signing secret.
func (s *Service) RotateSecret(ctx context.Context, id uuid.UUID) (*ent.Webhook, error) {
	cur, err := s.client.Webhook.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if cur.Kind != webhook.KindGeneric {
		return nil, services.Errorf(services.KindConflict, "not_generic", "only a generic webhook has a generated secret")
	}
	secret := newSecret()
	return s.setWebhook(ctx, cur.ID, cur.Version, func(u *ent.WebhookUpdateOne) { u.SetSecret(secret) })
}

func (s *Service) setWebhook(ctx context.Context, id uuid.UUID, version int64, set func(*ent.WebhookUpdateOne)) (*ent.Webhook, error) {
	var w *ent.Webhook
	err := services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		u := tx.Webhook.UpdateOneID(id).Where(webhook.Version(version)).AddVersion(1)
		set(u)
		var err error
		if w, err = u.Save(ctx); ent.IsNotFound(err) {
			return services.ErrStale
		}
		return err
	})
	return w, err
}

// DeleteWebhook deletes the webhook id and its delivery log.
func (s *Service) DeleteWebhook(ctx context.Context, id uuid.UUID) error {
	w, err := s.client.Webhook.Get(ctx, id)
	if err != nil {
		return err
	}
	return services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if _, err := tx.WebhookDelivery.Delete().Where(webhookdelivery.WebhookID(w.ID)).Exec(ctx); err != nil {
			return err
		}
		gone := audit.Deleting(ctx, map[string]any{"org_id": w.OrgID.String(), "name": w.Name, "kind": string(w.Kind),
			"enabled": w.Enabled})
		return tx.Webhook.DeleteOneID(w.ID).Exec(gone)
	})
}

// TestWebhook queues a ping to the webhook id, sent and logged like any
// other delivery; one at a time.
func (s *Service) TestWebhook(ctx context.Context, id uuid.UUID) (*ent.WebhookDelivery, error) {
	w, err := s.client.Webhook.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	busy, err := s.client.WebhookDelivery.Query().Where(webhookdelivery.WebhookID(w.ID), webhookdelivery.Event(reminders.EventPing),
		webhookdelivery.StateEQ(webhookdelivery.StatePending)).Exist(ctx)
	if err != nil {
		return nil, err
	}
	if busy {
		return nil, services.Errorf(services.KindConflict, "test_pending", "a test message to this webhook is still on its way")
	}
	did := uuid.Must(uuid.NewV7())
	payload, err := json.Marshal(reminders.Ping(did, policy.FromContext(ctx).TenantSlug, s.now().UTC()))
	if err != nil {
		return nil, err
	}
	d, err := s.client.WebhookDelivery.Create().SetID(did).SetWebhookID(w.ID).SetOrgID(w.OrgID).
		SetEvent(reminders.EventPing).SetPayload(string(payload)).Save(ctx)
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return d, nil
}

// RetryDelivery sends the failed delivery did of the webhook id again.
func (s *Service) RetryDelivery(ctx context.Context, id, did uuid.UUID) (*ent.WebhookDelivery, error) {
	w, err := s.client.Webhook.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	d, err := s.client.WebhookDelivery.Query().Where(webhookdelivery.ID(did), webhookdelivery.WebhookID(w.ID)).Only(ctx)
	if err != nil {
		return nil, err
	}
	if d.State != webhookdelivery.StateFailed {
		return nil, &services.Error{Kind: services.KindConflict, Code: "not_failed",
			Message: "only a failed delivery can be retried", Extra: map[string]any{"state": string(d.State)}}
	}
	before := map[string]any{"state": string(d.State), "attempts": d.Attempts, "last_status": d.LastStatus}
	err = services.InTx(ctx, s.client, func(tx *ent.Tx) error {
		if d, err = tx.WebhookDelivery.UpdateOneID(d.ID).Where(webhookdelivery.StateEQ(webhookdelivery.StateFailed)).
			SetState(webhookdelivery.StatePending).SetAttempts(0).ClearQueuedAt().Save(ctx); ent.IsNotFound(err) {
			return services.Errorf(services.KindConflict, "not_failed", "the delivery changed while it was retried")
		} else if err != nil {
			return err
		}
		return audit.Append(ctx, tx.Client(), audit.Entry{TenantID: d.TenantID, Action: "webhook_delivery.retry",
			RecordType: "webhook_delivery", RecordID: d.ID, Before: before,
			After: map[string]any{"state": string(d.State), "attempts": 0}})
	})
	if err != nil {
		return nil, err
	}
	s.engine.Kick()
	return d, nil
}

// checkCap refuses a webhook beyond an organisation's MaxWebhooks.
func (s *Service) checkCap(ctx context.Context, c *ent.Client, orgID uuid.UUID) error {
	if n, err := c.Webhook.Query().Where(webhook.OrgID(orgID)).Count(ctx); err != nil {
		return err
	} else if n >= MaxWebhooks {
		return services.Errorf(services.KindConflict, "too_many_webhooks",
			"an organisation has at most %d webhooks; delete one first", MaxWebhooks)
	}
	return nil
}
