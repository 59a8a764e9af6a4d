package handlers_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"

	"github.com/hearthsafety/hearth/ent/webhook"
	"github.com/hearthsafety/hearth/ent/webhookdelivery"
	"github.com/hearthsafety/hearth/policy"
	"github.com/hearthsafety/hearth/reminders"
	ledgersvc "github.com/hearthsafety/hearth/services/ledger"
)

// receiver is a test webhook endpoint: it records every call, and answers
// with what answer says for the n-th call (200 when nil).
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	calls  []call
	answer func(n int) int
	delay  time.Duration
}

type call struct {
	header http.Header
	body   []byte
	at     time.Time
}

func newReceiver(t *testing.T, answer func(n int) int, delay time.Duration) *receiver {
	r := &receiver{answer: answer, delay: delay}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.calls = append(r.calls, call{req.Header.Clone(), body, time.Now()})
		n := len(r.calls)
		r.mu.Unlock()
		if r.delay > 0 {
			select {
			case <-time.After(r.delay):
			case <-req.Context().Done():
				return
			}
		}
		status := http.StatusOK
		if r.answer != nil {
			status = r.answer(n)
		}
		w.WriteHeader(status)
		io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) got() []call {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]call(nil), r.calls...)
}

// hook adds a webhook to an organisation directly (the API refuses
// loopback targets, where test receivers live).
func (l *ledger) hook(orgName, kind, url, secret string) uuid.UUID {
	l.t.Helper()
	ctx := policy.System(context.Background())
	o := l.OrgID(orgName)
	var id uuid.UUID
	tx, err := l.DB.Client.Tx(ctx)
	if err != nil {
		l.t.Fatal(err)
	}
	org, err := tx.Org.Get(ctx, uuid.MustParse(o))
	if err != nil {
		l.t.Fatal(err)
	}
	w, err := tx.Webhook.Create().SetTenantID(org.TenantID).SetOrgID(org.ID).SetName(orgName + " " + kind).
		SetKind(webhook.Kind(kind)).SetURL(url).SetSecret(secret).Save(ctx)
	if err != nil {
		l.t.Fatal(err)
	}
	id = w.ID
	if err := tx.Commit(); err != nil {
		l.t.Fatal(err)
	}
	return id
}

// waitDeliveries waits until hook has want deliveries, none pending.
func (l *ledger) waitDeliveries(hook uuid.UUID, want int, within time.Duration) {
	l.t.Helper()
	ctx := policy.System(context.Background())
	deadline := time.Now().Add(within)
	for {
		l.Queue.Kick()
		n, err := l.DB.Client.WebhookDelivery.Query().Where(webhookdelivery.WebhookID(hook),
			webhookdelivery.StateEQ(webhookdelivery.StatePending)).Count(ctx)
		if err != nil {
			l.t.Fatal(err)
		}
		all, _ := l.DB.Client.WebhookDelivery.Query().Where(webhookdelivery.WebhookID(hook)).Count(ctx)
		if n == 0 && all >= want {
			return
		}
		if time.Now().After(deadline) {
			l.t.Fatalf("webhook %s: %d deliveries of %d wanted, %d still pending after %v", hook, all, want, n, within)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestGenericWebhookSignedRetriedAndLogged(t *testing.T) {
	l := newLedger(t)
	l.StartWorker()
	l.at(local(2026, 12, 15, 10, 0, 0))
	secret := "whsec_test_0123456789"
	recv := newReceiver(t, func(n int) int {
		if n == 1 {
			return http.StatusServiceUnavailable // the first attempt fails
		}
		return http.StatusOK
	}, 0)
	hook := l.hook("津燃华润燃气有限公司", "generic", recv.URL+"/hearth", secret)
	id := l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10", "address": "广开四马路12号"})["id"].(string)
	l.waitDeliveries(hook, 1, 15*time.Second)

	calls := recv.got()
	if len(calls) != 2 {
		ds, _ := l.DB.Client.WebhookDelivery.Query().All(policy.System(context.Background()))
		for _, d := range ds {
			t.Logf("delivery %s: %s after %d attempts, last status %d, last error %q", d.ID, d.State, d.Attempts, d.LastStatus, d.LastError)
		}
		t.Fatalf("the receiver got %d calls, want 2 (a failure, then the retry)", len(calls))
	}
	for _, c := range calls {
		if err := reminders.Verify([]byte(secret), c.header.Get(reminders.HeaderTimestamp),
			c.header.Get(reminders.HeaderSignature), c.body, time.Now(), 5*time.Minute); err != nil {
			t.Fatalf("signature: %v", err)
		}
		if c.header.Get(reminders.HeaderDelivery) != calls[0].header.Get(reminders.HeaderDelivery) {
			t.Fatal("a retry carried another delivery id")
		}
	}
	var ev reminders.Event
	if err := json.Unmarshal(calls[1].body, &ev); err != nil {
		t.Fatal(err)
	}
	var hz ledgersvc.WebhookHazard
	if err := json.Unmarshal(ev.Record, &hz); err != nil {
		t.Fatal(err)
	}
	if ev.Event != "hazard.overdue" || ev.Subject != "hazard" || hz.ID.String() != id || ev.District != "nankai" ||
		hz.Company != "津燃华润燃气有限公司" || ev.ID.String() != calls[1].header.Get(reminders.HeaderDelivery) {
		t.Fatalf("event %+v, hazard %+v", ev, hz)
	}
	// The database holds the secret sealed (the signature above was made
	// with it opened): no plain text in the row.
	q := `SELECT secret FROM webhooks WHERE id = ?`
	if l.DB.Dialect == dialect.Postgres {
		q = `SELECT secret FROM webhooks WHERE id = $1`
	}
	var stored string
	if err := l.DB.SQL.QueryRowContext(context.Background(), q, hook.String()).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stored, "sealed:v1:") || strings.Contains(stored, secret) {
		t.Fatalf("the webhook's secret is stored as %q, not sealed", stored)
	}
	// A forged body fails the check a receiver makes.
	if reminders.Verify([]byte(secret), calls[1].header.Get(reminders.HeaderTimestamp),
		calls[1].header.Get(reminders.HeaderSignature), append(calls[1].body, ' '), time.Now(), 5*time.Minute) == nil {
		t.Fatal("a changed body verified")
	}

	// The company admin reads the delivery log; the clerk may not.
	log := asList(l.read(gas1Admin, "/api/v1/webhooks/"+hook.String()+"/deliveries")["items"])
	if len(log) != 1 || log[0]["state"] != "succeeded" || log[0]["attempts"] != 2.0 || log[0]["last_status"] != 200.0 {
		t.Fatalf("delivery log %v", log)
	}
	wantStatus(t, l.As(gas1Clerk, http.MethodGet, "/api/v1/webhooks/"+hook.String()+"/deliveries", nil), http.StatusForbidden)
	sum := l.read(bureauAdmin, "/api/v1/reminders/summary")["webhook_deliveries"].(map[string]any)
	if sum["succeeded"] != 1.0 {
		t.Fatalf("summary %v", sum)
	}
}

func TestSlowReceiverHoldsUpNoOne(t *testing.T) {
	l := newLedger(t)
	l.StartWorker() // webhook timeout 3 s in tests
	l.at(local(2026, 12, 15, 10, 0, 0))
	slow := newReceiver(t, nil, 30*time.Second)
	fast := newReceiver(t, nil, 0)
	slowHook := l.hook("南开区城市管理委员会", "generic", slow.URL, "s1")
	fastHook := l.hook("津燃华润燃气有限公司", "generic", fast.URL, "s2")
	start := time.Now()
	for range 5 {
		l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10"})
	}
	l.waitDeliveries(fastHook, 5, 10*time.Second)
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("the fast receiver waited %v behind the slow one", d)
	}
	if n := len(fast.got()); n != 5 {
		t.Fatalf("the fast receiver got %d calls, want 5", n)
	}
	// The slow one's calls time out and are retried, not left hanging.
	ctx := policy.System(context.Background())
	deadline := time.Now().Add(10 * time.Second)
	for {
		ds, err := l.DB.Client.WebhookDelivery.Query().Where(webhookdelivery.WebhookID(slowHook)).All(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) == 5 && ds[0].Attempts > 0 && strings.Contains(ds[0].LastError, "request failed") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("slow deliveries %v", ds)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestRobotWebhooksGetTheirFormats(t *testing.T) {
	l := newLedger(t)
	l.StartWorker()
	l.at(local(2026, 12, 15, 10, 0, 0))
	wecom := newReceiver(t, nil, 0)
	ding := newReceiver(t, nil, 0)
	wh := l.hook("津燃华润燃气有限公司", "wecom", wecom.URL+"/cgi-bin/webhook/send?key=wecom-key", "")
	dh := l.hook("广开街", "dingtalk", ding.URL+"/robot/send?access_token=ding-token", "SECding")
	l.report(gas1Clerk, "广开街", obj{"found_on": "2026-12-01", "deadline": "2026-12-10", "address": "广开四马路12号"})
	l.waitDeliveries(wh, 1, 10*time.Second)
	l.waitDeliveries(dh, 1, 10*time.Second)
	var msg struct {
		MsgType  string            `json:"msgtype"`
		Markdown map[string]string `json:"markdown"`
	}
	c := wecom.got()[0]
	if err := json.Unmarshal(c.body, &msg); err != nil || msg.MsgType != "markdown" ||
		!strings.Contains(msg.Markdown["content"], "隐患逾期升级") || !strings.Contains(msg.Markdown["content"], "广开四马路12号") {
		t.Fatalf("wecom body %s (%v)", c.body, err)
	}
	if c.header.Get(reminders.HeaderSignature) != "" {
		t.Fatal("a robot call carries the generic signature")
	}
	c = ding.got()[0]
	if err := json.Unmarshal(c.body, &msg); err != nil || msg.MsgType != "markdown" || msg.Markdown["title"] != "隐患逾期升级" {
		t.Fatalf("dingtalk body %s (%v)", c.body, err)
	}
	// The robots' keys stay out of what the API shows.
	for _, w := range asList(l.read(bureauAdmin, "/api/v1/webhooks")["items"]) {
		if u := w["url"].(string); strings.Contains(u, "wecom-key") || strings.Contains(u, "ding-token") {
			t.Fatalf("a robot key is shown: %s", u)
		}
	}
}

func TestWebhookTargetsAreGuarded(t *testing.T) {
	l := newLedger(t)
	for _, u := range []string{"http://127.0.0.1:8080/x", "http://localhost/x", "http://10.1.2.3/x", "http://169.254.169.254/latest",
		"http://[::1]/x", "http://192.168.1.1/x", "ftp://203.0.113.10/x", "https://user:pw@203.0.113.10/x", "not a url"} {
		res := l.As(gas1Admin, http.MethodPost, "/api/v1/webhooks", obj{"name": "群", "kind": "generic", "url": u})
		wantStatus(t, res, http.StatusUnprocessableEntity)
		if !strings.Contains(string(res.Body), `"url"`) {
			t.Fatalf("%s: %s", u, res.Body)
		}
	}
	res := l.As(gas1Admin, http.MethodPost, "/api/v1/webhooks", obj{"name": "群", "kind": "generic", "url": "https://203.0.113.10/hook"})
	wantStatus(t, res, http.StatusCreated)
	created := res.JSON()
	secret, _ := created["secret"].(string)
	if !strings.HasPrefix(secret, "whsec_") || len(secret) < 40 {
		t.Fatalf("a generic webhook's secret is %q", secret)
	}
	path := "/api/v1/webhooks/" + created["id"].(string)
	got := l.read(gas1Admin, path)
	if got["secret"] != nil || got["signed"] != true || got["url"] != "https://203.0.113.10/****" {
		t.Fatalf("the secret or the URL's path is shown after creation: %v", got)
	}
	// One test message at a time.
	wantStatus(t, l.As(gas1Admin, http.MethodPost, path+"/test", nil), http.StatusAccepted)
	wantStatus(t, l.As(gas1Admin, http.MethodPost, path+"/test", nil), http.StatusConflict)
	// A delete says in the trail what went.
	wantStatus(t, l.As(gas1Admin, http.MethodDelete, path, nil), http.StatusNoContent)
	trail := asList(l.read(bureauAdmin, "/api/v1/audit?record_type=webhook")["items"])
	if len(trail) != 2 || trail[0]["action"] != "webhook.delete" || trail[0]["before"].(map[string]any)["name"] != "群" {
		t.Fatalf("the trail of a deleted webhook is %v", trail)
	}
	// The secret never reaches the audit trail.
	for _, e := range asList(l.read(bureauAdmin, "/api/v1/audit?record_type=webhook")["items"]) {
		b, _ := json.Marshal(e)
		if strings.Contains(string(b), secret) || strings.Contains(string(b), "203.0.113.10") {
			t.Fatalf("the audit trail holds the webhook's secret or URL: %s", b)
		}
	}
}

// TestWebhookSecretIsNotKeptForReplay: a generic webhook's secret is shown
// once, in the create's answer; the answer kept for a retry with the same
// Idempotency-Key (24 hours, in idempotency_keys) held it in plain text. It
// is kept without it now: the retry gets the same webhook, signed, with a
// note that the secret was shown once and may be rotated.
func TestWebhookSecretIsNotKeptForReplay(t *testing.T) {
	l := newLedger(t)
	body := obj{"name": "调度系统", "kind": "generic", "url": "https://203.0.113.10/hook"}
	first := l.As(gas1Admin, http.MethodPost, "/api/v1/webhooks", body, "Idempotency-Key", "hook-1")
	wantStatus(t, first, http.StatusCreated)
	secret, _ := first.JSON()["secret"].(string)
	if !strings.HasPrefix(secret, "whsec_") || first.JSON()["secret_notice"] != nil {
		t.Fatalf("the first answer: %s", first.Body)
	}
	keys, err := l.DB.Client.IdempotencyKey.Query().All(policy.System(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if strings.Contains(string(k.Body), secret) || strings.Contains(string(k.Body), "whsec_") {
			t.Fatalf("the replay store keeps the secret: %s", k.Body)
		}
	}
	again := l.As(gas1Admin, http.MethodPost, "/api/v1/webhooks", body, "Idempotency-Key", "hook-1")
	wantStatus(t, again, http.StatusCreated)
	m := again.JSON()
	if again.Header.Get("Idempotent-Replayed") != "true" || m["id"] != first.JSON()["id"] || m["signed"] != true ||
		m["secret"] != nil || !strings.Contains(fmt.Sprint(m["secret_notice"]), "轮换") {
		t.Fatalf("the replayed answer: %s", again.Body)
	}
	// A robot has no secret: its replay is the answer as it was.
	robot := obj{"name": "群", "kind": "wecom", "url": "https://203.0.113.10/cgi-bin/webhook/send?key=abc"}
	a := l.As(gas1Admin, http.MethodPost, "/api/v1/webhooks", robot, "Idempotency-Key", "hook-2")
	b := l.As(gas1Admin, http.MethodPost, "/api/v1/webhooks", robot, "Idempotency-Key", "hook-2")
	if a.Status != http.StatusCreated || string(a.Body) != string(b.Body) {
		t.Fatalf("a robot's replay differs: %s / %s", a.Body, b.Body)
	}
}
