package handlers

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/hearthsafety/hearth/services"
	"github.com/hearthsafety/hearth/services/notify"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/webhook"
	"github.com/hearthsafety/hearth/ent/webhookdelivery"
	"github.com/hearthsafety/hearth/reminders"
)

// webhookOut is a webhook as its managers see it. The URL's query (where a
// group robot keeps its key) is masked; a generic webhook's signing secret
// is shown only when made (create, rotate).
type webhookOut struct {
	ID     uuid.UUID `json:"id"`
	OrgID  uuid.UUID `json:"org_id"`
	Name   string    `json:"name"`
	Kind   string    `json:"kind" enum:"WebhookKind"`
	URL    string    `json:"url"`
	Signed bool      `json:"signed"` // has a secret
	Secret string    `json:"secret,omitempty"`
	// SecretNotice is in a create's answer replayed for its Idempotency-Key
	// instead of the secret, which is shown once and never kept for replay.
	SecretNotice string    `json:"secret_notice,omitempty"`
	Enabled      bool      `json:"enabled"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// secretNotice stands for a generic webhook's secret in a replayed create.
const secretNotice = "签名密钥只在首次创建的应答中显示一次，不再保留；如未保存，请轮换密钥（POST /api/v1/webhooks/{id}/rotate_secret）"

func toWebhook(w *ent.Webhook) webhookOut {
	return webhookOut{ID: w.ID, OrgID: w.OrgID, Name: w.Name, Kind: string(w.Kind), URL: reminders.MaskURL(w.URL),
		Signed: w.Secret != "", Enabled: w.Enabled, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt}
}

// createWebhook handles POST /api/v1/webhooks.
func (a *api) createWebhook(c *fiber.Ctx) error {
	in, err := decode[notify.NewWebhook](c, a.BodyLimit)
	if err != nil {
		return err
	}
	w, err := a.notify.CreateWebhook(c.UserContext(), *in)
	if err != nil {
		return err
	}
	out := toWebhook(w)
	if w.Kind == webhook.KindGeneric {
		// Shown once: a retry with the same Idempotency-Key replays the
		// answer without it (the replay is kept for a day).
		kept := out
		kept.SecretNotice = secretNotice
		b, err := json.Marshal(kept)
		if err != nil {
			return err
		}
		c.Locals(localReplayBody, b)
		out.Secret = w.Secret
	}
	c.Set(fiber.HeaderETag, etag(w.Version))
	c.Set(fiber.HeaderLocation, "/api/v1/webhooks/"+w.ID.String())
	return c.Status(http.StatusCreated).JSON(out)
}

// listWebhooks handles GET /api/v1/webhooks (?org_id=).
func (a *api) listWebhooks(c *fiber.Ctx) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.Webhook.Query()
	if s := c.Query("org_id"); s != "" {
		id, err := uuid.Parse(s)
		if err != nil {
			return services.Invalid(services.FieldError{Field: "org_id", Message: "must be a UUID"})
		}
		q.Where(webhook.OrgID(id))
	}
	if p.After != nil {
		q.Where(webhook.IDGT(*p.After))
	}
	rows, err := q.Order(ent.Asc(webhook.FieldID)).Limit(p.Limit + 1).All(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(finish(rows, p, func(w *ent.Webhook) uuid.UUID { return w.ID }, toWebhook))
}

func (a *api) webhookOf(c *fiber.Ctx) (*ent.Webhook, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return nil, err
	}
	return a.Client.Webhook.Get(c.UserContext(), id)
}

// getWebhook handles GET /api/v1/webhooks/{id}.
func (a *api) getWebhook(c *fiber.Ctx) error {
	w, err := a.webhookOf(c)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(w.Version))
	return c.JSON(toWebhook(w))
}

// patchWebhook handles PATCH /api/v1/webhooks/{id} (If-Match).
func (a *api) patchWebhook(c *fiber.Ctx) error {
	cur, err := a.webhookOf(c)
	if err != nil {
		return err
	}
	ver, err := ifMatch(c)
	if err != nil {
		return err
	}
	in, err := decode[notify.WebhookPatch](c, a.BodyLimit)
	if err != nil {
		return err
	}
	w, err := a.notify.ChangeWebhook(c.UserContext(), cur.ID, ver, *in)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, etag(w.Version))
	return c.JSON(toWebhook(w))
}

// rotateSecret handles POST /api/v1/webhooks/{id}/rotate_secret: a generic
// webhook gets a new signing secret, shown once.
func (a *api) rotateSecret(c *fiber.Ctx) error {
	cur, err := a.webhookOf(c)
	if err != nil {
		return err
	}
	w, err := a.notify.RotateSecret(c.UserContext(), cur.ID)
	if err != nil {
		return err
	}
	out := toWebhook(w)
	out.Secret = w.Secret
	c.Set(fiber.HeaderETag, etag(w.Version))
	return c.JSON(out)
}

// deleteWebhook handles DELETE /api/v1/webhooks/{id}; its delivery log goes
// with it.
func (a *api) deleteWebhook(c *fiber.Ctx) error {
	w, err := a.webhookOf(c)
	if err != nil {
		return err
	}
	if err := a.notify.DeleteWebhook(c.UserContext(), w.ID); err != nil {
		return err
	}
	return c.SendStatus(http.StatusNoContent)
}

// deliveryOut is one line of a webhook's delivery log.
type deliveryOut struct {
	ID            uuid.UUID  `json:"id"`
	WebhookID     uuid.UUID  `json:"webhook_id"`
	ReminderID    *uuid.UUID `json:"reminder_id"`
	Event         string     `json:"event"`
	State         string     `json:"state" enum:"DeliveryState"`
	Attempts      int        `json:"attempts"`
	LastStatus    int        `json:"last_status"`
	LastError     string     `json:"last_error"`
	LastAttemptAt *time.Time `json:"last_attempt_at"`
	DeliveredAt   *time.Time `json:"delivered_at"`
	CreatedAt     time.Time  `json:"created_at"`
}

func toDelivery(d *ent.WebhookDelivery) deliveryOut {
	return deliveryOut{ID: d.ID, WebhookID: d.WebhookID, ReminderID: d.ReminderID, Event: d.Event,
		State: string(d.State), Attempts: d.Attempts, LastStatus: d.LastStatus, LastError: d.LastError,
		LastAttemptAt: d.LastAttemptAt, DeliveredAt: d.DeliveredAt, CreatedAt: d.CreatedAt}
}

// listDeliveries handles GET /api/v1/webhooks/{id}/deliveries: newest first,
// ?state= pending, succeeded or failed.
func (a *api) listDeliveries(c *fiber.Ctx) error {
	w, err := a.webhookOf(c)
	if err != nil {
		return err
	}
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	q := a.Client.WebhookDelivery.Query().Where(webhookdelivery.WebhookID(w.ID))
	switch s := c.Query("state"); s {
	case "":
	case "pending", "succeeded", "failed":
		q.Where(webhookdelivery.StateEQ(webhookdelivery.State(s)))
	default:
		return services.Invalid(services.FieldError{Field: "state", Message: "must be pending, succeeded or failed"})
	}
	if p.After != nil {
		q.Where(webhookdelivery.IDLT(*p.After))
	}
	rows, err := q.Order(ent.Desc(webhookdelivery.FieldID)).Limit(p.Limit + 1).All(c.UserContext())
	if err != nil {
		return err
	}
	return c.JSON(finish(rows, p, func(d *ent.WebhookDelivery) uuid.UUID { return d.ID }, toDelivery))
}

// testWebhook handles POST /api/v1/webhooks/{id}/test: a ping delivery, sent
// and logged like any other.
func (a *api) testWebhook(c *fiber.Ctx) error {
	w, err := a.webhookOf(c)
	if err != nil {
		return err
	}
	d, err := a.notify.TestWebhook(c.UserContext(), w.ID)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderLocation, "/api/v1/webhooks/"+w.ID.String()+"/deliveries")
	return c.Status(http.StatusAccepted).JSON(toDelivery(d))
}

// retryDelivery handles POST /api/v1/webhooks/{id}/deliveries/{did}/retry:
// a failed delivery is sent again.
func (a *api) retryDelivery(c *fiber.Ctx) error {
	w, err := a.webhookOf(c)
	if err != nil {
		return err
	}
	did, err := idParam(c, "did")
	if err != nil {
		return err
	}
	d, err := a.notify.RetryDelivery(c.UserContext(), w.ID, did)
	if err != nil {
		return err
	}
	return c.JSON(toDelivery(d))
}
