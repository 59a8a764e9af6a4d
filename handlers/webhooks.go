package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hearthsafety/hearth/services"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/audit"
	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/org"
	"github.com/hearthsafety/hearth/ent/webhook"
	"github.com/hearthsafety/hearth/ent/webhookdelivery"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
)

// webhookOut is a webhook as its managers see it. The URL's query (where a
// group robot keeps its key) is masked; a generic webhook's signing secret
// is shown only when made (create, rotate).
type webhookOut struct {
	ID        uuid.UUID `json:"id"`
	OrgID     uuid.UUID `json:"org_id"`
	Name      string    `json:"name"`
	Kind      string    `json:"kind"`
	URL       string    `json:"url"`
	Signed    bool      `json:"signed"` // has a secret
	Secret    string    `json:"secret,omitempty"`
	Enabled   bool      `json:"enabled"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func toWebhook(w *ent.Webhook) webhookOut {
	return webhookOut{ID: w.ID, OrgID: w.OrgID, Name: w.Name, Kind: string(w.Kind), URL: maskURL(w.URL),
		Signed: w.Secret != "", Enabled: w.Enabled, CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt}
}

// maskURL shows a URL's scheme and host only: robots keep their key in the
// query, other services (Slack-like) in the path.
func maskURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	out := u.Scheme + "://" + u.Host
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" || u.Fragment != "" {
		out += "/****"
	}
	return out
}

type webhookCreateIn struct {
	OrgID   *uuid.UUID `json:"org_id"` // the bureau names one; a company's is its own
	Name    string     `json:"name" validate:"required,max=100"`
	Kind    string     `json:"kind" validate:"required,oneof=generic wecom dingtalk"`
	URL     string     `json:"url" validate:"required,max=2000"`
	Secret  string     `json:"secret" validate:"max=200"` // DingTalk's 加签 secret; a generic webhook's is generated
	Enabled *bool      `json:"enabled"`
}

type webhookPatchIn struct {
	Name    *string `json:"name" validate:"omitnil,min=1,max=100"`
	URL     *string `json:"url" validate:"omitnil,max=2000"`
	Secret  *string `json:"secret" validate:"omitnil,max=200"` // DingTalk only
	Enabled *bool   `json:"enabled"`
}

// checkTarget refuses a URL a webhook may not call.
func (a *api) checkTarget(ctx context.Context, raw string) error {
	cctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if err := reminders.CheckTarget(cctx, raw, a.WebhookAllowPrivate, nil); err != nil {
		msg := strings.TrimPrefix(err.Error(), reminders.ErrForbiddenTarget.Error()+": ")
		return services.Invalid(services.FieldError{Field: "url", Message: msg})
	}
	return nil
}

// maxWebhooks is how many webhooks one organisation may have.
const maxWebhooks = 10

func newSecret() string {
	b := make([]byte, 32)
	rand.Read(b)
	return "whsec_" + hex.EncodeToString(b)
}

// createWebhook handles POST /api/v1/webhooks.
func (a *api) createWebhook(c *fiber.Ctx) error {
	in, err := decode[webhookCreateIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	ctx, v := c.UserContext(), viewer(c)
	orgID := v.OrgID
	if in.OrgID != nil {
		orgID = *in.OrgID
	}
	// The organisation must be one the caller manages: the bureau any of
	// its district, a company its own.
	if v.Scope() != policy.ScopeDistrict && orgID != v.OrgID {
		return services.Invalid(services.FieldError{Field: "org_id", Message: "must be your own organisation"})
	}
	if ok, err := a.Client.Org.Query().Where(org.ID(orgID)).Exist(ctx); err != nil {
		return err
	} else if !ok {
		return services.Invalid(services.FieldError{Field: "org_id", Message: "no such organisation in this district"})
	}
	if n, err := a.Client.Webhook.Query().Where(webhook.OrgID(orgID)).Count(ctx); err != nil {
		return err
	} else if n >= maxWebhooks {
		return services.Errorf(services.KindConflict, "too_many_webhooks",
			"an organisation has at most %d webhooks; delete one first", maxWebhooks)
	}
	if in.Secret != "" && in.Kind != string(webhook.KindDingtalk) {
		return services.Invalid(services.FieldError{Field: "secret", Message: "only a DingTalk robot takes a secret; a generic webhook's is generated"})
	}
	if err := a.checkTarget(ctx, in.URL); err != nil {
		return err
	}
	secret := in.Secret
	if in.Kind == string(webhook.KindGeneric) {
		secret = newSecret()
	}
	var w *ent.Webhook
	err = a.withTx(ctx, func(tx *ent.Tx) error {
		cr := tx.Webhook.Create().SetOrgID(orgID).SetName(in.Name).SetKind(webhook.Kind(in.Kind)).
			SetURL(in.URL).SetSecret(secret).SetCreatedBy(v.UserID)
		if in.Enabled != nil {
			cr.SetEnabled(*in.Enabled)
		}
		w, err = cr.Save(ctx)
		return err
	})
	if err != nil {
		return err
	}
	out := toWebhook(w)
	if w.Kind == webhook.KindGeneric {
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
	in, err := decode[webhookPatchIn](c, a.BodyLimit)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if in.Secret != nil && cur.Kind != webhook.KindDingtalk {
		return services.Invalid(services.FieldError{Field: "secret", Message: "only a DingTalk robot takes a secret; rotate a generic webhook's"})
	}
	if in.URL != nil {
		if err := a.checkTarget(ctx, *in.URL); err != nil {
			return err
		}
	}
	if cur.Version != ver {
		return services.ErrStale
	}
	return a.updateWebhook(c, cur, ver, func(u *ent.WebhookUpdateOne) {
		u.SetNillableName(in.Name).SetNillableURL(in.URL).SetNillableSecret(in.Secret).SetNillableEnabled(in.Enabled)
	}, false)
}

// rotateSecret handles POST /api/v1/webhooks/{id}/rotate_secret: a generic
// webhook gets a new signing secret, shown once.
func (a *api) rotateSecret(c *fiber.Ctx) error {
	cur, err := a.webhookOf(c)
	if err != nil {
		return err
	}
	if cur.Kind != webhook.KindGeneric {
		return services.Errorf(services.KindConflict, "not_generic", "only a generic webhook has a generated secret")
	}
	secret := newSecret()
	return a.updateWebhook(c, cur, cur.Version, func(u *ent.WebhookUpdateOne) { u.SetSecret(secret) }, true)
}

func (a *api) updateWebhook(c *fiber.Ctx, cur *ent.Webhook, ver int64, set func(*ent.WebhookUpdateOne), showSecret bool) error {
	ctx := c.UserContext()
	var w *ent.Webhook
	err := a.withTx(ctx, func(tx *ent.Tx) error {
		u := tx.Webhook.UpdateOneID(cur.ID).Where(webhook.Version(ver)).AddVersion(1)
		set(u)
		var err error
		if w, err = u.Save(ctx); ent.IsNotFound(err) {
			return services.ErrStale
		}
		return err
	})
	if err != nil {
		return err
	}
	out := toWebhook(w)
	if showSecret {
		out.Secret = w.Secret
	}
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
	ctx := c.UserContext()
	err = a.withTx(ctx, func(tx *ent.Tx) error {
		if _, err := tx.WebhookDelivery.Delete().Where(webhookdelivery.WebhookID(w.ID)).Exec(ctx); err != nil {
			return err
		}
		gone := audit.Deleting(ctx, map[string]any{"org_id": w.OrgID.String(), "name": w.Name, "kind": string(w.Kind),
			"enabled": w.Enabled})
		return tx.Webhook.DeleteOneID(w.ID).Exec(gone)
	})
	if err != nil {
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
	State         string     `json:"state"`
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
	ctx, v := c.UserContext(), viewer(c)
	busy, err := a.Client.WebhookDelivery.Query().Where(webhookdelivery.WebhookID(w.ID), webhookdelivery.Event("ping"),
		webhookdelivery.StateEQ(webhookdelivery.StatePending)).Exist(ctx)
	if err != nil {
		return err
	}
	if busy {
		return services.Errorf(services.KindConflict, "test_pending", "a test message to this webhook is still on its way")
	}
	now := a.Now().UTC()
	id := uuid.Must(uuid.NewV7())
	ev := reminders.Ping(id, v.TenantSlug, now)
	payload, err := json.Marshal(ev)
	if err != nil {
		return err
	}
	d, err := a.Client.WebhookDelivery.Create().SetID(id).SetWebhookID(w.ID).SetOrgID(w.OrgID).
		SetEvent("ping").SetPayload(string(payload)).Save(ctx)
	if err != nil {
		return err
	}
	a.Reminders.Kick()
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
	ctx := c.UserContext()
	d, err := a.Client.WebhookDelivery.Query().Where(webhookdelivery.ID(did), webhookdelivery.WebhookID(w.ID)).Only(ctx)
	if err != nil {
		return err
	}
	if d.State != webhookdelivery.StateFailed {
		return &services.Error{Kind: services.KindConflict, Code: "not_failed",
			Message: "only a failed delivery can be retried", Extra: map[string]any{"state": string(d.State)}}
	}
	before := map[string]any{"state": string(d.State), "attempts": d.Attempts, "last_status": d.LastStatus}
	err = a.withTx(ctx, func(tx *ent.Tx) error {
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
		return err
	}
	a.Reminders.Kick()
	return c.JSON(toDelivery(d))
}
