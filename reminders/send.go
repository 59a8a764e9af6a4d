package reminders

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"

	"github.com/hearthsafety/hearth/ent"
	"github.com/hearthsafety/hearth/ent/webhook"
	"github.com/hearthsafety/hearth/ent/webhookdelivery"
	"github.com/hearthsafety/hearth/policy"
)

// HeaderDelivery carries a delivery's id: the same on every attempt, so a
// receiver can drop a repeat.
const HeaderDelivery = "X-Hearth-Delivery"

type sender struct {
	o    Options
	http *http.Client
}

func newSender(o Options) *sender {
	tr := &http.Transport{
		Proxy:                 nil, // the dialer's address check must see the receiver itself
		DialContext:           Dialer(o.WebhookTimeout, o.AllowPrivate).DialContext,
		TLSHandshakeTimeout:   o.WebhookTimeout,
		ResponseHeaderTimeout: o.WebhookTimeout,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
	}
	return &sender{o: o, http: &http.Client{Transport: tr, Timeout: 2 * o.WebhookTimeout,
		// A redirect is an answer, not a new target to follow.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// handleWebhook makes one attempt at one delivery and records it. A
// delivery already succeeded is not sent again.
func (w *Worker) handleWebhook(ctx context.Context, t *asynq.Task) error {
	id, err := uuid.ParseBytes(t.Payload())
	if err != nil {
		return fmt.Errorf("%w: bad delivery id: %v", asynq.SkipRetry, err)
	}
	sys := policy.System(ctx)
	d, err := w.o.Client.WebhookDelivery.Query().Where(webhookdelivery.ID(id)).WithWebhook().Only(sys)
	if ent.IsNotFound(err) {
		return nil // its webhook was deleted
	} else if err != nil {
		return err
	}
	if d.State != webhookdelivery.StatePending {
		return nil
	}
	last := false
	if n, _ := asynq.GetRetryCount(ctx); n >= w.webhookMaxRetry(ctx) {
		last = true
	}
	hk := d.Edges.Webhook
	if !hk.Enabled {
		cause := errors.New("webhook disabled")
		if err := w.settle(sys, d, 0, cause, true); err != nil {
			return err
		}
		w.logDelivery(d, hk, 0, cause, true, 0, 1)
		return nil
	}
	if hk.Kind != webhook.KindGeneric {
		return w.handleRobot(ctx, d, hk)
	}
	// A generic receiver gets one call per delivery, within its rate.
	if wait, err := w.pace.take(ctx, hk.ID, w.o.GenericPerMinute); err != nil {
		return err
	} else if wait > 0 {
		metrics.paced.WithLabelValues(string(hk.Kind)).Inc()
		return &notYet{wait: wait, why: "webhook at its rate"}
	}
	start := time.Now()
	status, sendErr := w.sender.send(ctx, hk, d)
	took := time.Since(start)
	if err := w.settle(sys, d, status, sendErr, last); err != nil {
		return err
	}
	w.observeCall(hk, 1, sendErr, took)
	w.logDelivery(d, hk, status, sendErr, last, took, 1)
	if sendErr != nil && !last {
		return sendErr // asynq retries with backoff
	}
	return nil
}

// logDelivery logs an attempt's outcome: delivered at info; failed at warn
// with its reason and whether it will be tried again. The target shows as
// MaskURL shows it, and the reasons send gives never carry the URL: a
// robot's key is in its query string, other services keep theirs in the
// path. Secrets and payloads are never logged.
// batch is how many deliveries the call carried (a robot's message carries
// many).
func (w *Worker) logDelivery(d *ent.WebhookDelivery, hk *ent.Webhook, status int, cause error, last bool, took time.Duration, batch int) {
	var ev struct {
		District string `json:"district"`
	}
	json.Unmarshal([]byte(d.Payload), &ev) // for the district's slug; a bad payload fails the send, and says so
	attrs := []any{"delivery", d.ID, "webhook", hk.ID, "kind", string(hk.Kind), "district", ev.District,
		"event", d.Event, "target", MaskURL(hk.URL), "attempt", d.Attempts + 1, "status", status,
		"ms", float64(took.Microseconds()) / 1000}
	if batch > 1 {
		attrs = append(attrs, "batch", batch)
	}
	if cause == nil {
		w.o.Log.Info("webhook delivered", attrs...)
		return
	}
	w.o.Log.Warn("webhook delivery failed", append(attrs, "err", cause.Error(), "will_retry", !last)...)
}

// MaskURL shows a webhook URL as the API and the logs may: its scheme and
// host only. Group robots keep their key in the query string, other
// services (Slack-like) in the path.
func MaskURL(raw string) string {
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

func (w *Worker) webhookMaxRetry(ctx context.Context) int {
	if n, ok := asynq.GetMaxRetry(ctx); ok {
		return n
	}
	return w.o.WebhookMaxRetry
}

// settle records an attempt: success, a failure to retry, or the last.
func (w *Worker) settle(ctx context.Context, d *ent.WebhookDelivery, status int, cause error, last bool) error {
	now := w.o.Now().UTC()
	u := w.o.Client.WebhookDelivery.UpdateOneID(d.ID).Where(webhookdelivery.StateEQ(webhookdelivery.StatePending)).
		AddAttempts(1).SetLastStatus(status).SetLastAttemptAt(now)
	switch {
	case cause == nil:
		u.SetState(webhookdelivery.StateSucceeded).SetDeliveredAt(now).SetLastError("")
	case last:
		u.SetState(webhookdelivery.StateFailed).SetLastError(truncate(cause.Error(), 500))
	default:
		u.SetLastError(truncate(cause.Error(), 500))
	}
	err := u.Exec(context.WithoutCancel(ctx))
	if ent.IsNotFound(err) {
		return nil
	}
	return err
}

// send makes one call with one delivery. Errors never carry the URL: a
// group robot's key is in its query string.
func (s *sender) send(ctx context.Context, hk *ent.Webhook, d *ent.WebhookDelivery) (int, error) {
	var ev Event
	if err := json.Unmarshal([]byte(d.Payload), &ev); err != nil {
		return 0, fmt.Errorf("stored payload: %w", err)
	}
	body := []byte(d.Payload)
	if hk.Kind != webhook.KindGeneric {
		m, err := message(ev)
		if err != nil {
			return 0, err
		}
		if body, err = robotBody(hk.Kind, m); err != nil {
			return 0, err
		}
	}
	return s.post(ctx, hk, d.ID, body)
}

// robotBody is a message in a robot's format.
func robotBody(kind webhook.Kind, m Message) ([]byte, error) {
	if kind == webhook.KindDingtalk {
		return DingTalkBody(m)
	}
	return WeComBody(m)
}

// post makes one call with body, delivery id naming it (a robot's message
// names the first of its batch).
func (s *sender) post(ctx context.Context, hk *ent.Webhook, delivery uuid.UUID, body []byte) (int, error) {
	now := time.Now()
	target := hk.URL
	if hk.Kind == webhook.KindDingtalk && hk.Secret != "" {
		var err error
		if target, err = DingTalkSign(hk.URL, hk.Secret, now); err != nil {
			return 0, err
		}
	}
	cctx, cancel := context.WithTimeout(ctx, 2*s.o.WebhookTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(cctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, errors.New("invalid webhook URL")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Hearth-Webhook/1")
	req.Header.Set(HeaderDelivery, delivery.String())
	if hk.Kind == webhook.KindGeneric {
		req.Header.Set(HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
		req.Header.Set(HeaderSignature, Sign([]byte(hk.Secret), now, body))
	}
	res, err := s.http.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return 0, fmt.Errorf("request failed: %w", err)
	}
	defer res.Body.Close()
	reply, _ := io.ReadAll(io.LimitReader(res.Body, 4<<10))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return res.StatusCode, fmt.Errorf("receiver answered %d", res.StatusCode)
	}
	if hk.Kind != webhook.KindGeneric {
		// The robots answer 200 with an error code in the body.
		var r struct {
			ErrCode int    `json:"errcode"`
			ErrMsg  string `json:"errmsg"`
		}
		if json.Unmarshal(reply, &r) == nil && r.ErrCode != 0 {
			return res.StatusCode, fmt.Errorf("robot refused: errcode %d %s", r.ErrCode, truncate(r.ErrMsg, 200))
		}
	}
	return res.StatusCode, nil
}

// DingTalkSign adds DingTalk's 加签 parameters to a robot URL: timestamp in
// milliseconds and the base64 HMAC-SHA256 of "timestamp\nsecret".
func DingTalkSign(raw, secret string, now time.Time) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", errors.New("invalid webhook URL")
	}
	ts := strconv.FormatInt(now.UnixMilli(), 10)
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts + "\n" + secret))
	q := u.Query()
	q.Set("timestamp", ts)
	q.Set("sign", base64.StdEncoding.EncodeToString(m.Sum(nil)))
	u.RawQuery = q.Encode()
	return u.String(), nil
}
